package diag

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/spec/source"
)

func TestCatalogComplete(t *testing.T) {
	seen := map[Code]bool{}
	for _, c := range Catalog {
		if seen[c.Code] {
			t.Errorf("code %s listed twice", c.Code)
		}
		seen[c.Code] = true
		if c.Summary == "" {
			t.Errorf("code %s has no summary", c.Code)
		}
	}
}

func TestSortDedupeAndText(t *testing.T) {
	var l List
	l.Add(source.Position{Path: "b.md", Line: 1, Col: 1}, TodoPlaceholder, "later")
	l.Add(source.Position{Path: "a.md", Line: 9, Col: 2}, UpdateWithoutKey, "PATCH %s", "/x")
	l.Add(source.Position{Path: "a.md", Line: 3, Col: 1}, TodoPlaceholder, "first")
	l.Add(source.Position{Path: "a.md", Line: 3, Col: 1}, TodoPlaceholder, "first")
	l.Sort()
	var b bytes.Buffer
	l.WriteText(&b)
	want := "a.md:3:1: warning: todo-placeholder: first\n" +
		"a.md:9:2: warning: update-without-key: PATCH /x\n" +
		"b.md:1:1: warning: todo-placeholder: later\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if l.HasErrors() || l.Count(Warning) != 3 {
		t.Errorf("counts wrong: %d", l.Count(Warning))
	}
	s := l.Summary()
	if s[0].Code != TodoPlaceholder || s[0].Count != 2 {
		t.Errorf("summary %v", s)
	}
}

func TestGitHubEscaping(t *testing.T) {
	l := List{New(source.Position{Path: "a,b.md", Line: 2, Col: 3}, UnclosedFence, "%s", "50%\nbad")}
	var b bytes.Buffer
	l.WriteGitHub(&b)
	got := b.String()
	if !strings.HasPrefix(got, "::error file=a%2Cb.md,line=2,col=3,title=graphdoc unclosed-fence::50%25%0Abad") {
		t.Errorf("got %q", got)
	}
}

func TestJSON(t *testing.T) {
	l := List{New(source.Position{Path: "a.md", Line: 1, Col: 1}, NoTitle, "x")}
	var b bytes.Buffer
	l.WriteJSON(&b)
	if !strings.Contains(b.String(), `"code": "no-title"`) {
		t.Errorf("got %s", b.String())
	}
}

// TestEveryCodeInCatalog reads codes.go: every Code constant is in the
// Catalog, so that none silently falls back to the default severity.
func TestEveryCodeInCatalog(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	inCatalog := map[Code]bool{}
	for _, c := range Catalog {
		inCatalog[c.Code] = true
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok {
					continue
				}
				n++
				if code := Code(strings.Trim(lit.Value, `"`)); !inCatalog[code] {
					t.Errorf("code %s is not in Catalog", code)
				}
			}
		}
	}
	if n < len(Catalog) {
		t.Errorf("read %d Code constants, the Catalog has %d", n, len(Catalog))
	}
}
