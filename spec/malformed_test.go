package spec

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/graphdoc/graphdoc/internal/golden"
	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/model"
	"github.com/graphdoc/graphdoc/spec/openapi"
	"github.com/graphdoc/graphdoc/spec/source"
)

// MalformedCase is one broken input of testdata/malformed: pages written
// for graphdoc (the txtar archives) or made by code (a 1 MB line, binary
// junk), too big or too binary to check in.
type MalformedCase struct {
	Name  string
	Pages []*source.File
}

// MalformedCases returns every malformed case, in name order. Exported to
// the corpus test, which builds them next to the whole corpus.
func MalformedCases(t testing.TB) []MalformedCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "malformed", "[0-9]*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no malformed cases in testdata/malformed (%v)", err)
	}
	var cases []MalformedCase
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		cases = append(cases, MalformedCase{Name: name, Pages: txtarPages(t, file)})
	}
	// a page that is one line of 1 MB: a table row, then a request line
	big := []byte("---\ntitle: \"Get huge\"\ndoc_type: apiPageType\n---\n\n# Get huge\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|")
	big = append(big, bytes.Repeat([]byte("x|"), 1<<19)...)
	big = append(big, "\n\n## HTTP request\n\n```http\nGET /huge/"...)
	big = append(big, bytes.Repeat([]byte("{a}"), 1<<18)...)
	big = append(big, "\n```\n"...)
	cases = append(cases, MalformedCase{Name: "07-one-megabyte-line", Pages: []*source.File{newPage("api/huge-get.md", big)}})
	// binary junk: random bytes, then random bytes made of markdown's
	// own punctuation (fences, pipes, comments, braces), NULs included
	rng := rand.New(rand.NewPCG(7, 11))
	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(rng.UintN(256))
	}
	const alphabet = "|`-<!{}\"[]()#:\n\x00 \tabc"
	punct := make([]byte, 64<<10)
	for i := range punct {
		punct[i] = alphabet[rng.IntN(len(alphabet))]
	}
	cases = append(cases, MalformedCase{Name: "08-binary-junk", Pages: []*source.File{
		newPage("api/junk.md", junk),
		newPage("resources/punctuation.md", append([]byte("---\ndoc_type: resourcePageType\n---\n"), punct...)),
	}})
	return cases
}

func txtarPages(t testing.TB, file string) []*source.File {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var pages []*source.File
	for _, f := range ar.Files {
		pages = append(pages, newPage(f.Name, f.Data))
	}
	return pages
}

func newPage(name string, data []byte) *source.File {
	f := source.NewFile(name, data)
	f.Name = name
	return f
}

// TestMalformedPages builds each broken case of testdata/malformed next
// to two healthy pages. Each must give diagnostics with positions in its
// own pages, no panic and no internal error, a valid spec, and the
// healthy pages' operation and type, untouched. The summary of what the
// broken pages gave is a golden file (NAME.want; -update rewrites it).
func TestMalformedPages(t *testing.T) {
	healthy := txtarPages(t, filepath.Join("testdata", "malformed", "healthy.txtar"))
	for _, c := range MalformedCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			var res *Result
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				res, err = Build(append(append([]*source.File(nil), c.Pages...), healthy...), Options{})
			}()
			if err != nil {
				t.Fatalf("the spec is invalid: %v", err)
			}
			broken := map[string]bool{}
			for _, p := range c.Pages {
				broken[p.Path] = true
			}
			positioned := 0
			for _, d := range res.Diags {
				if d.Code == diag.InternalError {
					t.Errorf("%v", d)
				}
				if !broken[d.Pos.Path] {
					if d.Severity == diag.Error {
						t.Errorf("a healthy page got an error: %v", d)
					}
					continue
				}
				if d.Pos.Line < 1 || d.Pos.Col < 1 {
					t.Errorf("diagnostic without a position: %v", d)
				}
				positioned++
			}
			if positioned == 0 {
				t.Errorf("no diagnostic for the broken pages")
			}
			if op := findOp(res, "GET", "/gadgetStore/gadgets/{gadget-id}"); op == nil || op.Response == nil || op.Response.String() != "microsoft.graph.gadget" {
				t.Errorf("the healthy get operation is missing or changed: %+v", op)
			}
			if len(findType(res, "microsoft.graph.gadget").Properties) != 2 {
				t.Errorf("the healthy type lost properties")
			}
			if _, err := openapi.Marshal(res.Doc, openapi.YAML); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "malformed", c.Name+".want"), []byte(brokenSummary(res, broken)))
		})
	}
}

// brokenSummary is summarize without the healthy pages' lines, and with
// long lines cut: what the broken pages produced.
func brokenSummary(res *Result, broken map[string]bool) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(summarize(res), "\n") {
		if strings.Contains(line, "gadget") && !strings.HasPrefix(line, "diag ") {
			continue
		}
		if strings.HasPrefix(line, "diag ") && !broken[strings.SplitN(strings.TrimPrefix(line, "diag "), ":", 2)[0]] {
			continue
		}
		if len(line) > 300 {
			line = fmt.Sprintf("%s... (%d bytes)\n", line[:300], len(line))
		}
		b.WriteString(line)
	}
	return b.String()
}

func findOp(res *Result, method, path string) *model.Operation {
	for _, op := range res.API.Operations {
		if op.Method == method && op.Path == path {
			return op
		}
	}
	return nil
}

func findType(res *Result, name string) *model.Type {
	for _, ty := range res.API.Types {
		if ty.Name == name {
			return ty
		}
	}
	return &model.Type{}
}
