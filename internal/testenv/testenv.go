// Package testenv finds the shared data tests may use: the seed page and
// the Graph docs corpus. They live outside the repository (../shared, or
// $GRAPHDOC_SHARED / $GRAPHDOC_CORPUS), so a fresh clone has none of them:
// tests that need them skip with a message saying where they looked.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// ModuleRoot returns the repository's root folder.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// SharedDir returns the shared data folder, or "" when there is none.
func SharedDir() string {
	if d := os.Getenv("GRAPHDOC_SHARED"); d != "" {
		return d
	}
	if c := os.Getenv("GRAPHDOC_CORPUS"); c != "" {
		// $GRAPHDOC_CORPUS is shared/corpus/graph-docs-2021/beta
		d := filepath.Clean(filepath.Join(c, "..", "..", ".."))
		if isDir(filepath.Join(d, "seed")) {
			return d
		}
	}
	d := filepath.Join(ModuleRoot(), "..", "shared")
	if isDir(d) {
		return filepath.Clean(d)
	}
	return ""
}

// CorpusDir returns the beta corpus folder, or "" when there is none.
func CorpusDir() string {
	if c := os.Getenv("GRAPHDOC_CORPUS"); c != "" && isDir(c) {
		return c
	}
	if s := SharedDir(); s != "" {
		c := filepath.Join(s, "corpus", "graph-docs-2021", "beta")
		if isDir(c) {
			return c
		}
	}
	return ""
}

// Seed returns the seed page's path, or skips the test.
func Seed(t testing.TB) string {
	t.Helper()
	p := filepath.Join(SharedDir(), "seed", "update-userpfxcertificates.md")
	if SharedDir() == "" || !isFile(p) {
		t.Skip("seed page not found: set GRAPHDOC_SHARED to the shared data folder (looked in ../shared)")
	}
	return p
}

// Corpus returns the beta corpus folder, or skips the test. Corpus-scale
// tests also skip with -short (CI's race-detector run), which the plain
// `go test ./...` run covers.
func Corpus(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("corpus-scale test: skipped with -short")
	}
	c := CorpusDir()
	if c == "" {
		t.Skip("corpus not found: set GRAPHDOC_CORPUS to graph-docs-2021/beta (looked in ../shared/corpus)")
	}
	return c
}

// Sample2026 returns the v1.0 folder of the 2026 docs sample
// (corpus/graph-docs-2026-sample/api-reference/v1.0: today's
// microsoft-graph-docs-contrib layout, with its includes), or skips the
// test.
func Sample2026(t testing.TB) string {
	t.Helper()
	d := filepath.Join(SharedDir(), "corpus", "graph-docs-2026-sample", "api-reference", "v1.0")
	if SharedDir() == "" || !isDir(d) {
		t.Skip("2026 docs sample not found: set GRAPHDOC_SHARED to the shared data folder (looked for corpus/graph-docs-2026-sample)")
	}
	return d
}

// GroundTruth returns the ground-truth folder, or skips the test.
func GroundTruth(t testing.TB) string {
	t.Helper()
	d := filepath.Join(SharedDir(), "groundtruth")
	if SharedDir() == "" || !isDir(d) {
		t.Skip("ground truth not found: set GRAPHDOC_SHARED to the shared data folder")
	}
	return d
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// Within runs fn and fails the test, with every goroutine's stack, if fn
// has not returned after d. Go's fuzzer has no per-input timeout, so a hang
// would stall it without naming the input; this names it.
func Within(t testing.TB, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		t.Fatalf("no result after %v (a hang?):\n%s", d, buf[:runtime.Stack(buf, true)])
	}
}

// ReportVersus reports two stages' seconds per op and the ratio of the
// second to the first (the baseline), as a benchmark's custom metrics.
func ReportVersus(b *testing.B, base string, baseTotal time.Duration, other string, otherTotal time.Duration) {
	n := float64(b.N)
	b.ReportMetric(baseTotal.Seconds()/n, base+"-s/op")
	b.ReportMetric(otherTotal.Seconds()/n, other+"-s/op")
	b.ReportMetric(otherTotal.Seconds()/baseTotal.Seconds(), "ratio")
}
