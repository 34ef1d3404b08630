package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/internal/testenv"
)

// BenchmarkCorpusCheck runs graphdoc generate and then graphdoc check on
// the whole beta corpus (spec and Go package written to a temporary
// directory) and reports both times and their ratio: check regenerates in
// memory and compares, so it should cost about what generate does
// (target: at most 1.5x). Each iteration takes minutes and ~3 GB.
func BenchmarkCorpusCheck(b *testing.B) {
	corpus := testenv.Corpus(b)
	dir := b.TempDir()
	cfg := filepath.Join(dir, "graphdoc.yaml")
	if err := os.WriteFile(cfg, []byte("docs: ["+corpus+"]\nspec: openapi.json\ngo:\n  package: graph\n  output: graph\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	var gen, chk time.Duration
	for b.Loop() {
		t0 := time.Now()
		if code := run([]string{"generate", "-q", "-config", cfg}, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("generate: exit %d", code)
		}
		t1 := time.Now()
		if code := run([]string{"check", "-q", "-config", cfg}, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("check: exit %d", code)
		}
		gen += t1.Sub(t0)
		chk += time.Since(t1)
	}
	testenv.ReportVersus(b, "generate", gen, "check", chk)
}
