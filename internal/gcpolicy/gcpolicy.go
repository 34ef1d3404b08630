// Package gcpolicy is the garbage collector policy of graphdoc's spec
// commands (spec, lint, review, diff, compare), shared by the command and
// the benchmarks that measure it.
//
// A run is one batch of short-lived allocations whose live part, the page
// model and the spec, is about 300 MB for the whole beta corpus. So the
// collector runs at GOGC=800 under a soft memory limit of 900 MiB, which
// is what bounds the heap, and the run collects once when the pages are
// linked: scanning leaves some 400 MB of garbage (goldmark's trees, cut
// lines) that GOGC=800 would not collect before the end, and the later
// stages would take fresh memory instead, where each first touch of a page
// is a page fault that costs more here than the collection. Peak RSS on
// the beta corpus: 0.5 GB. GOGC=400 and GOGC=off were no faster in
// interleaved runs.
package gcpolicy

import (
	"runtime"
	"runtime/debug"
)

const (
	// Percent is the GOGC of a run.
	Percent = 800
	// MemoryLimit is the soft memory limit of a run, in bytes.
	MemoryLimit = 900 << 20
	// CollectAfter is the build stage (spec.Options.Stage) after which a
	// run collects once.
	CollectAfter = "link"
)

// AfterStage collects when the build stage that just ended is
// CollectAfter; a spec.Options.Stage hook calls it.
func AfterStage(name string) {
	if name == CollectAfter {
		runtime.GC()
	}
}

// Set sets the policy and returns a function that restores the settings
// it replaced.
func Set() (restore func()) {
	p := debug.SetGCPercent(Percent)
	l := debug.SetMemoryLimit(MemoryLimit)
	return func() {
		debug.SetGCPercent(p)
		debug.SetMemoryLimit(l)
	}
}

// UserSet reports whether the user chose a policy with GOGC or GOMEMLIMIT,
// which then wins.
func UserSet(getenv func(string) string) bool {
	return getenv("GOGC") != "" || getenv("GOMEMLIMIT") != ""
}
