package build_test

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/generator"
	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/openapi"
)

// TestCorpusDeterministic builds the whole beta corpus twice, once in
// file order with GOMAXPROCS=1 and once shuffled with GOMAXPROCS=4, and
// requires byte-identical specs (JSON and YAML). With
// GRAPHDOC_DETERMINISM=code (make determinism) it also generates the Go
// package from both and compares every file: minutes and ~3 GB per run,
// so not part of make test.
func TestCorpusDeterministic(t *testing.T) {
	dir := testenv.Corpus(t)
	files, err := spec.ReadFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	code := os.Getenv("GRAPHDOC_DETERMINISM") == "code"
	type run struct {
		procs   int
		shuffle bool
	}
	var sums [][]string
	for _, r := range []run{{1, false}, {4, true}} {
		prev := runtime.GOMAXPROCS(r.procs)
		in := append(files[:0:0], files...)
		if r.shuffle {
			rng := rand.New(rand.NewPCG(2026, 11))
			rng.Shuffle(len(in), func(a, b int) { in[a], in[b] = in[b], in[a] })
		}
		var sum []string
		res, err := spec.Build(in, spec.Options{})
		if err != nil {
			runtime.GOMAXPROCS(prev)
			t.Fatal(err)
		}
		var js []byte
		for _, f := range []openapi.Format{openapi.JSON, openapi.YAML} {
			data, err := openapi.Marshal(res.Doc, f)
			if err != nil {
				t.Fatal(err)
			}
			if f == openapi.JSON {
				js = data
			}
			sum = append(sum, fmt.Sprintf("spec.%s %x", f, sha256.Sum256(data)))
		}
		if code {
			gofiles, err := generator.Generate(js, generator.Options{Package: "graph", ImportPath: "example.com/graph"})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range gofiles {
				sum = append(sum, fmt.Sprintf("%s %x (%d bytes)", f.Path, sha256.Sum256(f.Data), len(f.Data)))
			}
		}
		runtime.GOMAXPROCS(prev)
		sums = append(sums, sum)
	}
	a, b := strings.Join(sums[0], "\n"), strings.Join(sums[1], "\n")
	if a != b {
		t.Fatalf("the corpus output differs between GOMAXPROCS=1 in order and GOMAXPROCS=4 shuffled:\n%s\n--- vs ---\n%s", a, b)
	}
	t.Logf("%d pages, GOMAXPROCS=1 in order and 4 shuffled, byte-identical:\n%s", len(files), a)
}
