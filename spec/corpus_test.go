package spec_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/compare"
	"github.com/graphdoc/graphdoc/internal/metadata"
	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/openapi"
	"github.com/graphdoc/graphdoc/spec/source"
)

// buildCorpus builds the whole beta corpus once per test binary.
var corpusResult struct {
	res *spec.Result
	err error
	dur time.Duration
}

func buildCorpus(t *testing.T) *spec.Result {
	t.Helper()
	dir := testenv.Corpus(t)
	if corpusResult.res == nil && corpusResult.err == nil {
		start := time.Now()
		files, err := spec.ReadFiles([]string{dir})
		if err != nil {
			t.Fatal(err)
		}
		corpusResult.res, corpusResult.err = spec.Build(files, spec.Options{})
		corpusResult.dur = time.Since(start)
	}
	if corpusResult.err != nil {
		t.Fatalf("the corpus spec is invalid: %v", corpusResult.err)
	}
	return corpusResult.res
}

// TestCorpusSpec builds the whole beta corpus: no panic, a spec kin-openapi
// validates (Build does that) and reloads from its own JSON, and every page
// yields an operation, a type, an enum or a positioned diagnostic.
func TestCorpusSpec(t *testing.T) {
	res := buildCorpus(t)
	api := res.API
	paths := map[string]bool{}
	for _, op := range api.Operations {
		paths[op.Path] = true
	}
	t.Logf("beta corpus: %d pages, %d operations, %d paths, %d types, %d enums, %d diagnostics (%d errors) in %v",
		len(res.Pages), len(api.Operations), len(paths), len(api.Types), len(api.Enums), len(res.Diags), res.Diags.Count(diag.Error), corpusResult.dur)
	for _, d := range res.Diags {
		if d.Code == diag.InternalError {
			t.Errorf("%v", d)
		}
	}
	withDiag := map[string]bool{}
	for _, d := range res.Diags {
		if d.Pos.Line > 0 {
			withDiag[d.Pos.Path] = true
		}
	}
	yields := map[string]bool{}
	for _, op := range api.Operations {
		yields[op.Source] = true
	}
	for _, ty := range api.Types {
		yields[ty.Source] = true
	}
	for _, e := range api.Enums {
		yields[e.Source] = true
	}
	for _, p := range res.Pages {
		used := yields[p.File.Name] || len(p.Enums) > 0 || (p.Resource != nil && p.Resource.Name.Text != "") || (p.API != nil && len(p.API.Requests) > 0)
		if !used && !withDiag[p.File.Path] {
			t.Errorf("%s yields nothing and has no diagnostic", p.File.Path)
		}
	}
	data, err := openapi.Marshal(res.Doc, openapi.JSON)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi.Load(data)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("reloaded spec: %v", err)
	}
	y, err := openapi.Marshal(res.Doc, openapi.YAML)
	if err != nil {
		t.Fatal(err)
	}
	ydoc, err := openapi.Load(y)
	if err != nil {
		t.Fatalf("reload YAML: %v", err)
	}
	if ydoc.Paths.Len() != doc.Paths.Len() || len(ydoc.Components.Schemas) != len(doc.Components.Schemas) {
		t.Errorf("YAML holds %d paths and %d schemas, JSON %d and %d", ydoc.Paths.Len(), len(ydoc.Components.Schemas), doc.Paths.Len(), len(doc.Components.Schemas))
	}
}

// TestCorpusFidelity compares the beta corpus spec with Microsoft's
// metadata (../shared/groundtruth) and holds the figures to the targets
// near the measured ceiling of a perfect parser.
func TestCorpusFidelity(t *testing.T) {
	res := buildCorpus(t)
	gt := testenv.GroundTruth(t)
	md, err := metadata.Load(gt)
	if err != nil {
		t.Fatal(err)
	}
	r := compare.Compare(reloaded(t, res.Doc), md)
	t.Logf("fidelity against %s: %s", filepath.Base(gt), r.Summary())
	tot := r.Totals
	for _, c := range []struct {
		what       string
		got, floor float64
	}{
		{"types found", compare.Ratio(tot.TypesFound, tot.DocTypes), 0.90},
		{"property-name precision", compare.Ratio(tot.DocPropsInMetadata, tot.DocProps), 0.96},
		{"property-name recall", compare.Ratio(tot.MetaPropsDocumented, tot.MetaProps), 0.84},
		{"enum-member precision", compare.Ratio(tot.DocMembersInMetadata, tot.DocMembers), 0.98},
		{"enum-member recall", compare.Ratio(tot.MetaMembersDocumented, tot.MetaMembers), 0.87},
	} {
		if c.got < c.floor {
			t.Errorf("%s %.1f%%, target %.0f%%", c.what, 100*c.got, 100*c.floor)
		}
	}
}

// reloaded returns the document as a reader of the spec file sees it.
func reloaded(t *testing.T, doc *openapi3.T) *openapi3.T {
	t.Helper()
	data, err := openapi.Marshal(doc, openapi.JSON)
	if err != nil {
		t.Fatal(err)
	}
	d, err := openapi.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestCorpusWithMalformedPages builds the whole corpus with every
// malformed case of testdata/malformed added: the broken pages get their
// diagnostics and the corpus's operations and types are all still there.
func TestCorpusWithMalformedPages(t *testing.T) {
	clean := buildCorpus(t)
	files, err := spec.ReadFiles([]string{testenv.Corpus(t)})
	if err != nil {
		t.Fatal(err)
	}
	broken := map[string]bool{}
	for _, c := range spec.MalformedCases(t) {
		for _, p := range c.Pages {
			f := source.NewFile("malformed/"+c.Name+"/"+p.Path, p.Content)
			f.Name = "malformed/" + c.Name + "/" + p.Name
			files = append(files, f)
			broken[f.Path] = true
		}
	}
	res, err := spec.Build(files, spec.Options{})
	if err != nil {
		t.Fatalf("the spec is invalid: %v", err)
	}
	diagnosed := map[string]bool{}
	for _, d := range res.Diags {
		if d.Code == diag.InternalError {
			t.Errorf("%v", d)
		}
		if broken[d.Pos.Path] && d.Pos.Line > 0 {
			diagnosed[d.Pos.Path] = true
		}
	}
	for _, c := range spec.MalformedCases(t) {
		n := 0
		for _, p := range c.Pages {
			if diagnosed["malformed/"+c.Name+"/"+p.Path] {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s: no positioned diagnostic next to the corpus", c.Name)
		}
	}
	ops := map[string]bool{}
	for _, op := range res.API.Operations {
		ops[op.Method+" "+op.Path] = true
	}
	for _, op := range clean.API.Operations {
		if !ops[op.Method+" "+op.Path] {
			t.Errorf("operation %s %s (%s) is gone", op.Method, op.Path, op.Source)
		}
	}
	types := map[string]int{}
	for _, ty := range res.API.Types {
		types[ty.Name] = len(ty.Properties)
	}
	for _, ty := range clean.API.Types {
		if n, ok := types[ty.Name]; !ok || n < len(ty.Properties) {
			t.Errorf("type %s lost properties: %d, was %d", ty.Name, n, len(ty.Properties))
		}
	}
	t.Logf("corpus + %d malformed pages: %d operations (corpus alone %d), %d types (%d)", len(broken), len(res.API.Operations), len(clean.API.Operations), len(res.API.Types), len(clean.API.Types))
}
