// Command graphdoc reads Microsoft Graph API reference pages (markdown) and
// turns them into an OpenAPI 3 document and Go code: typed models, a
// client, a server interface and request validators.
//
// Usage:
//
//	graphdoc spec [-o FILE] [--format yaml|json] PATH...
//	graphdoc lint [--format text|json|github] PATH...
//	graphdoc generate [-config graphdoc.yaml]
//	graphdoc check [-config graphdoc.yaml] [--format text|github]
//	graphdoc review [--base OLD] [-o report.md] PATH...
//	graphdoc diff [--format text|markdown|json] [--fail-on breaking|warning] OLD NEW
//	graphdoc version
//
// Exit status: 0 done, 1 a finding (lint errors, drift, --fail-on), 2
// could not run.
//
// Run `graphdoc help` for every command.
//
// Profiling: GRAPHDOC_CPUPROFILE=FILE and GRAPHDOC_MEMPROFILE=FILE write
// pprof profiles of any command (go tool pprof FILE); GRAPHDOC_TIMINGS=1
// prints the wall and CPU time of each stage of building a spec.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
)

func main() {
	if len(os.Args) > 1 && specOnly[os.Args[1]] {
		collectAfterLink = tuneGC(os.Getenv)
	}
	stop := profile(os.Getenv("GRAPHDOC_CPUPROFILE"), os.Getenv("GRAPHDOC_MEMPROFILE"))
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// specOnly are the commands whose memory is the page model and the spec:
// about 300 MB live for the whole beta corpus.
var specOnly = map[string]bool{"spec": true, "lint": true, "review": true, "diff": true, "compare": true}

// tuneGC trades memory the spec commands do not need for time: a run is
// one batch of short-lived allocations, so the collector runs at GOGC=800
// under a soft memory limit of 900 MiB, which is what bounds the heap
// (peak RSS on the whole beta corpus: 0.52 GB with the collection after
// linking below; GOGC=400 and GOGC=off were no faster in interleaved
// runs). GOGC or GOMEMLIMIT set by the user win. It reports whether it set
// the policy.
func tuneGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetGCPercent(800)
	debug.SetMemoryLimit(900 << 20)
	return true
}

// collectAfterLink, set with the GC policy above, collects once when the
// pages are linked. Scanning leaves some 400 MB of garbage (goldmark's
// trees, cut lines) that GOGC=800 would not collect before the end; the
// rest of the run then took fresh memory, and a first touch of a page is
// a page fault, which costs more here than the collection: on the beta
// corpus 35,000 fewer page faults and about 0.2 s less wall time.
var collectAfterLink bool

// profile starts a CPU profile to cpu (if set) and returns a function that
// stops it and writes a heap profile to mem (if set).
func profile(cpu, mem string) (stop func()) {
	var f *os.File
	if cpu != "" {
		var err error
		if f, err = os.Create(cpu); err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "graphdoc: GRAPHDOC_CPUPROFILE: %v\n", err)
		}
	}
	return func() {
		if f != nil {
			pprof.StopCPUProfile()
			f.Close()
		}
		if mem != "" {
			m, err := os.Create(mem)
			if err == nil {
				runtime.GC()
				err = pprof.Lookup("allocs").WriteTo(m, 0)
				m.Close()
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "graphdoc: GRAPHDOC_MEMPROFILE: %v\n", err)
			}
		}
	}
}
