package oapi_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/graphdoc/graphdoc/generator/goast"
	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/generator/oapi"
	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/openapi"
)

// agree generates a spec's models with oapi-codegen and checks that what
// it wrote is what the IR says: every struct with the IR's fields, in the
// IR's order, with the IR's Go names, JSON names and types; every enum,
// alias and per-operation type. goast reads the generated code back; it
// is no part of the generator (an oapi-codegen upgrade that names
// something otherwise fails here, not in users' builds).
func agree(t *testing.T, name string, specBytes []byte) {
	t.Helper()
	load := func() *openapi3.T {
		l := openapi3.NewLoader()
		doc, err := l.LoadFromData(specBytes)
		if err != nil {
			t.Fatalf("%s: load: %v", name, err)
		}
		return doc
	}
	doc := load()
	p, err := ir.Build(doc, ir.Options{Package: "x", Names: oapi.Names{}})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	oapi.Prepare(doc, p)
	code, err := oapi.Generate(doc, "x")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	g, err := goast.Parse(code)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var bad []string
	report := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	for _, ty := range p.Types {
		s := g.Structs[ty.Name]
		if s == nil {
			report("struct %s: not written", ty.Name)
			continue
		}
		if len(s.Fields) != len(ty.Fields) {
			report("struct %s: %d fields, the IR says %d", ty.Name, len(s.Fields), len(ty.Fields))
			continue
		}
		for i, f := range ty.Fields {
			got := s.Fields[i]
			if got.Name != f.Name || got.JSON != f.JSON || got.Type.String() != f.Type.String() {
				report("struct %s field %d: %s %s `%s`, the IR says %s %s `%s`", ty.Name, i, got.Name, got.Type, got.JSON, f.Name, f.Type, f.JSON)
			}
		}
	}
	for _, e := range p.Enums {
		if g.Named[e.Name] != "string" {
			report("enum %s: written as %q", e.Name, g.Named[e.Name])
		}
	}
	for _, a := range p.Aliases {
		if _, ok := g.Aliases[a.Name]; !ok {
			report("alias %s: not written", a.Name)
		}
	}
	for _, op := range p.Operations {
		if len(op.QueryParams)+len(op.Headers) > 0 && g.Structs[oapi.ParamsType(op)] == nil {
			report("operation %s: no %s", op.Name, oapi.ParamsType(op))
		}
	}
	if len(bad) > 0 {
		if len(bad) > 20 {
			bad = append(bad[:20], fmt.Sprintf("... and %d more", len(bad)-20))
		}
		t.Errorf("%s: oapi-codegen's output disagrees with the IR:\n%s", name, strings.Join(bad, "\n"))
	}
}

func TestAgreementExamples(t *testing.T) {
	root := testenv.ModuleRoot()
	for _, p := range []string{"testdata/userpfx/openapi.yaml", "testdata/seed/openapi.yaml", "examples/downstream/openapi.yaml"} {
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		agree(t, p, b)
	}
	// the generator's cases (name clashes, families, hoisted enums...)
	cases, _ := filepath.Glob(filepath.Join(root, "generator", "testdata", "*.txtar"))
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "spec.yaml" {
				agree(t, filepath.Base(c), f.Data)
			}
		}
	}
}

// TestAgreementCorpus holds the whole beta corpus to the IR (tens of
// seconds: not with -short).
func TestAgreementCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus takes tens of seconds; run without -short")
	}
	dir := testenv.Corpus(t)
	res, err := spec.Load([]string{dir}, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := openapi.Marshal(res.Doc, openapi.JSON)
	if err != nil {
		t.Fatal(err)
	}
	agree(t, "beta corpus", b)
}
