package diag

import (
	"bytes"
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
