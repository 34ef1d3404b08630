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
//	graphdoc compare --metadata FILE [--format text|json] [--all] SPEC-or-DOCS...
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
	"runtime/pprof"

	"github.com/graphdoc/graphdoc/internal/gcpolicy"
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

// tuneGC sets the spec commands' GC policy (package gcpolicy) unless the
// user set GOGC or GOMEMLIMIT, and reports whether it did.
func tuneGC(getenv func(string) string) bool {
	if gcpolicy.UserSet(getenv) {
		return false
	}
	gcpolicy.Set()
	return true
}

// collectAfterLink, set with the GC policy, makes the build collect once
// after the stage gcpolicy.CollectAfter.
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
