package page

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec/source"
)

// seedPages adds every fixture page of the repository to a fuzz corpus:
// the bundled example, the downstream example and the quirk cases.
func seedPages(f *testing.F) {
	root := testenv.ModuleRoot()
	for _, dir := range []string{"testdata/userpfx/docs", "examples/downstream/docs"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".md") {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
				}
			}
			return nil
		})
	}
	archives, _ := filepath.Glob(filepath.Join(root, "spec", "testdata", "quirks", "*.txtar"))
	for _, a := range archives {
		if ar, err := txtar.ParseFile(a); err == nil {
			for _, file := range ar.Files {
				if strings.HasSuffix(file.Name, ".md") {
					f.Add(file.Data)
				}
			}
		}
	}
	f.Add([]byte(""))
	f.Add([]byte("---\n"))
	f.Add([]byte("```http\nGET /x\n"))
}

// FuzzScan: scanning never panics (Scan recovers, so an internal-error
// diagnostic counts as a failure) and every diagnostic points into the page.
func FuzzScan(f *testing.F) {
	seedPages(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var p *Page
		testenv.Within(t, 5*time.Second, func() { p = Scan(source.NewFile("api/fuzz.md", b)) })
		lines := strings.Count(string(b), "\n") + 1
		for _, d := range p.Diags {
			if d.Code == "internal-error" {
				t.Fatalf("%v", d)
			}
			if d.Pos.Line < 1 || d.Pos.Line > lines {
				t.Fatalf("diagnostic outside the page (%d lines): %v", lines, d)
			}
		}
	})
}

// FuzzParseType: the type-cell parser never panics, and a name it accepts
// is a primitive or a type name.
func FuzzParseType(f *testing.F) {
	for _, s := range []string{"String", "[x](y.md) collection", "Collection([a][])", "(Optional) string (url)", "`Edm.Int32`", "[a](b) or [c](d)", "**x**", "x enum", "\xff\xff Collection", "\u212a collection", "İES"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ty := ParseType(s, map[string]string{"a": "a.md"})
		if ty.OK && !ty.Primitive && !isTypeName(ty.Name) {
			t.Fatalf("ParseType(%q) accepted %q", s, ty.Name)
		}
	})
}

// FuzzParseAnnotation: the annotation parser never panics.
func FuzzParseAnnotation(f *testing.F) {
	for _, s := range []string{`<!-- { "blockType": "request", "name": "x" } -->`, "<!-- {\n isCollection: true,\n} -->", `<!-- {"truncated": "true"`, "<!-- x -->"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseAnnotation(s, 0)
	})
}

// FuzzHTTPBlock: the request-line and message parsers never panic, and a
// parsed request path starts with a slash.
func FuzzHTTPBlock(f *testing.F) {
	for _, s := range []string{"GET /users/{id | userPrincipalName}", "POST https://graph.microsoft.com/beta/x\n\nContent-type: application/json\n\n{}", "HTTP/1.1 204 No Content", "DELETE/x/$ref", "GET /a?$filter=x eq 'y z'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, p, _, ok := ParseRequestLine(s); ok && !strings.HasPrefix(p, "/") {
			t.Fatalf("ParseRequestLine(%q) path %q", s, p)
		}
		m := ParseMessage(s)
		if m.BodyOff < 0 || m.BodyOff > len(s) {
			t.Fatalf("body offset %d outside %d bytes", m.BodyOff, len(s))
		}
	})
}
