package spec

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec/openapi"
	"github.com/graphdoc/graphdoc/spec/source"
)

// FuzzPageToSpec: any page, alone or next to the bundled example's pages,
// gives a spec kin-openapi validates and graphdoc can marshal; nothing
// panics.
func FuzzPageToSpec(f *testing.F) {
	root := testenv.ModuleRoot()
	var example []*source.File
	filepath.WalkDir(filepath.Join(root, "testdata", "userpfx", "docs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(filepath.Join(root, "testdata", "userpfx", "docs"), p)
			file := source.NewFile(filepath.ToSlash(rel), b)
			file.Name = filepath.ToSlash(rel)
			example = append(example, file)
			f.Add(b, true)
		}
		return nil
	})
	f.Add([]byte("---\ntitle: x\n---\n# Get x\n\n## HTTP request\n```http\nGET /x/{id}/y(a='{b}')\n```\n"), false)
	f.Add([]byte("---\ntitle: x\n---\n# Get x\n\n## Permissions\n[!INCLUDE [permissions-table](fuzz.md)]\n## HTTP request\n```http\nGET /x/filterByCurrentUser(on='parameterValue')\n```\n"), false)
	f.Fuzz(func(t *testing.T, b []byte, withExample bool) {
		page := source.NewFile("api/fuzz.md", b)
		page.Name = "api/fuzz.md"
		files := []*source.File{page}
		if withExample {
			files = append(files, example...)
		}
		var res *Result
		var err error
		// includes resolve among the files only: the fuzzer reads no disk
		noDisk := func(name string) ([]byte, error) { return nil, fs.ErrNotExist }
		testenv.Within(t, 10*time.Second, func() { res, err = Build(files, Options{ReadInclude: noDisk}) })
		if err != nil {
			t.Fatalf("invalid spec: %v", err)
		}
		for _, d := range res.Diags {
			if d.Code == "internal-error" {
				t.Fatalf("%v", d)
			}
		}
		if _, err := openapi.Marshal(res.Doc, openapi.YAML); err != nil {
			t.Fatal(err)
		}
	})
}
