package spec_test

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/graphdoc/graphdoc/internal/gcpolicy"
	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/openapi"
	"github.com/graphdoc/graphdoc/spec/source"
)

// BenchmarkCorpus measures the whole beta corpus to a validated, marshalled
// spec, against goldmark alone (GFM, as ../shared/acceptance/gmbench runs
// it) parsing the same files on the same number of workers: the floor.
// Files are read into memory once, outside the timing. It reports both
// times per run and their ratio (spec/goldmark). goldmark runs under the
// runtime's default GC policy; the spec under that too (gc=default: what a
// program calling spec.Build gets) and under graphdoc spec's own
// (gc=command: package gcpolicy, with its one collection after linking).
func BenchmarkCorpus(b *testing.B) {
	dir := testenv.Corpus(b)
	files, err := spec.ReadFiles([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("gc=default", func(b *testing.B) { benchCorpus(b, files, false) })
	b.Run("gc=command", func(b *testing.B) { benchCorpus(b, files, true) })
}

func benchCorpus(b *testing.B, files []*source.File, policy bool) {
	var opts spec.Options
	if policy {
		opts.Stage = func(name string, _ time.Duration) { gcpolicy.AfterStage(name) }
	}
	runtime.GC()
	var gm, sp time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		goldmarkAlone(files)
		t1 := time.Now()
		restore := func() {}
		if policy {
			restore = gcpolicy.Set()
		}
		res, err := spec.Build(files, opts)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := openapi.Marshal(res.Doc, openapi.JSON); err != nil {
			b.Fatal(err)
		}
		restore()
		t2 := time.Now()
		gm += t1.Sub(t0)
		sp += t2.Sub(t1)
	}
	testenv.ReportVersus(b, "goldmark", gm, "spec", sp)
}

// goldmarkAlone parses every file with goldmark's GFM parser on GOMAXPROCS
// workers, as the acceptance baseline does.
func goldmarkAlone(files []*source.File) {
	ch := make(chan *source.File)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			md := goldmark.New(goldmark.WithExtensions(extension.GFM))
			for f := range ch {
				md.Parser().Parse(text.NewReader(f.Content))
			}
		})
	}
	for _, f := range files {
		ch <- f
	}
	close(ch)
	wg.Wait()
}
