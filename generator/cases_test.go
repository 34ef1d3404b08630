package generator

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/internal/fsx"
	"github.com/graphdoc/graphdoc/internal/golden"
	"github.com/graphdoc/graphdoc/internal/testenv"
)

// TestCases runs each case in testdata (a txtar archive: a first
// paragraph saying what it shows, a hand-written spec.yaml, and a want
// section) through the IR and compares the IR's summary with want; -update
// rewrites the want sections. Without -short, the code generated for every
// case is also compiled (go vet, in a scratch module), and a case's
// *_test.go sections, written into its generated package, are run there
// (go test): tests of the generated code against httptest servers.
func TestCases(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no cases in testdata")
	}
	packages := map[string]fsx.Files{}
	var tested []string // packages with tests of their own
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var spec []byte
			wantIdx := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "spec.yaml":
					spec = f.Data
				case "want":
					wantIdx = i
				}
			}
			if spec == nil {
				t.Fatal("no spec.yaml")
			}
			doc, err := load(spec)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Build(doc, "x")
			if err != nil {
				t.Fatal(err)
			}
			got := summarizeIR(p)
			if golden.Update() {
				if wantIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wantIdx = len(ar.Files) - 1
				}
				if string(ar.Files[wantIdx].Data) != got {
					ar.Files[wantIdx].Data = []byte(got)
					if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			} else if wantIdx < 0 {
				t.Fatal("no want section; run go test ./generator -update")
			} else if want := string(ar.Files[wantIdx].Data); want != got {
				t.Errorf("IR differs (go test ./generator -update accepts it):\n%s", diff.Diff("want", []byte(want), "got", []byte(got)))
			}
			pkg := "case" + strings.ReplaceAll(strings.SplitN(name, "-", 2)[0], "_", "")
			gen, err := Generate(spec, Options{Package: pkg})
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			hasTests := false
			for _, f := range ar.Files {
				if strings.HasSuffix(f.Name, "_test.go") {
					gen = append(gen, fsx.File{Path: f.Name, Data: f.Data})
					hasTests = true
				}
			}
			if hasTests {
				tested = append(tested, pkg)
			}
			packages[pkg] = gen
		})
	}
	if testing.Short() {
		return
	}
	dir := vetPackages(t, packages)
	if dir == "" || len(tested) == 0 {
		return
	}
	sort.Strings(tested)
	args := []string{"test", "-count=1"}
	for _, pkg := range tested {
		args = append(args, "./"+pkg)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go test of the generated packages %s: %v\n%s", tested, err, out)
	}
}

// vetPackages writes generated packages into a scratch module that uses
// this repository's graphrt, and vets them (type-checks, without linking).
// Nothing is written into the source tree. It returns the module's
// directory, or "" when vetting failed.
func vetPackages(t *testing.T, packages map[string]fsx.Files) string {
	t.Helper()
	dir := t.TempDir()
	root := testenv.ModuleRoot()
	gomod := "module example.com/cases\n\ngo 1.26\n\nrequire github.com/graphdoc/graphdoc v0.0.0\n\nreplace github.com/graphdoc/graphdoc => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	must(os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	for pkg, files := range packages {
		for _, f := range files {
			p := filepath.Join(dir, pkg, filepath.FromSlash(f.Path))
			must(os.MkdirAll(filepath.Dir(p), 0o755))
			must(os.WriteFile(p, f.Data, 0o644))
		}
	}
	t.Logf("vetting %d generated packages in %s", len(packages), dir)
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet of the generated packages: %v\n%s", err, out)
		return ""
	}
	return dir
}

// summarizeIR renders an IR as compact, stable text.
func summarizeIR(p *ir.Package) string {
	var b strings.Builder
	for _, ty := range p.Types {
		fmt.Fprintf(&b, "type %s", ty.Name)
		if ty.Schema != "" {
			fmt.Fprintf(&b, " (%s)", ty.Schema)
		}
		if ty.Base != nil {
			fmt.Fprintf(&b, " base=%s", ty.Base.Name)
		}
		if ty.Key != "" {
			fmt.Fprintf(&b, " key=%s", ty.Key)
		}
		if ty.Abstract {
			b.WriteString(" abstract")
		}
		if ty.Family != nil {
			fmt.Fprintf(&b, " family=%s/%s", ty.Family.Interface, ty.Family.Any)
		}
		if len(ty.Required) > 0 {
			fmt.Fprintf(&b, " required=%s", strings.Join(ty.Required, ","))
		}
		b.WriteByte('\n')
		for _, f := range ty.Fields {
			fmt.Fprintf(&b, "  %s %s `%s`", f.Name, f.Type, f.JSON)
			var notes []string
			if f.ReadOnly {
				notes = append(notes, "readonly")
			}
			if f.Enum != nil {
				notes = append(notes, "enum")
			}
			if f.Family != nil {
				notes = append(notes, "family")
			}
			if f.Format != "" {
				notes = append(notes, "format="+f.Format)
			}
			if f.Owner != ty {
				notes = append(notes, "from "+f.Owner.Name)
			}
			if len(notes) > 0 {
				fmt.Fprintf(&b, " %s", strings.Join(notes, " "))
			}
			b.WriteByte('\n')
		}
	}
	for _, e := range p.Enums {
		origin := "schema " + e.Schema
		if e.Schema == "" {
			origin = "hoisted"
		}
		var ms []string
		for i, v := range e.Values {
			ms = append(ms, e.Members[i]+"="+v)
		}
		fmt.Fprintf(&b, "enum %s (%s) %s\n", e.Name, origin, strings.Join(ms, " "))
	}
	for _, a := range p.Aliases {
		fmt.Fprintf(&b, "alias %s = %s\n", a.Name, a.Type)
	}
	for _, f := range p.Families {
		var ms []string
		for _, m := range f.Members {
			ms = append(ms, m.Type.Name+m.ODataType)
		}
		fmt.Fprintf(&b, "family %s %s/%s abstract=%v: %s\n", f.Base.Name, f.Interface, f.Any, f.Abstract, strings.Join(ms, " "))
	}
	for _, op := range p.Operations {
		fmt.Fprintf(&b, "op %s %s %s kind=%s success=%d", op.Name, op.Method, op.Path, op.Kind, op.Success)
		for _, pp := range op.PathParams {
			fmt.Fprintf(&b, " {%s %s %s}", pp.Name, pp.GoName, pp.Type)
		}
		for _, q := range op.QueryParams {
			fmt.Fprintf(&b, " ?%s %s %s", q.Name, q.GoName, q.Type)
		}
		if op.Body != nil {
			fmt.Fprintf(&b, " body=%s", op.Body.Type)
			if len(op.Body.Required) > 0 {
				req := append([]string(nil), op.Body.Required...)
				sort.Strings(req)
				fmt.Fprintf(&b, " required=%s", strings.Join(req, ","))
			}
			if op.Body.Write {
				b.WriteString(" write")
			}
		}
		for _, r := range op.Responses {
			fmt.Fprintf(&b, " %d=%s", r.Status, r.Type)
			if r.Inline {
				b.WriteString("(inline)")
			}
		}
		if op.Paging != nil {
			fmt.Fprintf(&b, " paging=%s via %s/%s", op.Paging.Elem, op.Paging.Value.Name, op.Paging.Next.Name)
		}
		if op.Delta {
			b.WriteString(" delta")
		}
		if op.UploadURL != nil {
			fmt.Fprintf(&b, " upload=%s", op.UploadURL.Name)
		}
		if op.Example != nil {
			fmt.Fprintf(&b, " example=%s", op.Example)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
