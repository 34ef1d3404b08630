package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/graphdoc/graphdoc/internal/build"
	"github.com/graphdoc/graphdoc/internal/config"
	"github.com/graphdoc/graphdoc/internal/fsx"
)

func init() {
	register(&command{
		name:    "check",
		summary: "check that the generated files are up to date (for CI)",
		usage: `usage: graphdoc check [-config graphdoc.yaml] [--format text|github] [-q]

Regenerates everything the config describes, in memory, exactly as
graphdoc generate would, and compares it with the files on disk. It never
writes. It reports, in path order:

	changed: PATH   followed by a unified diff from the disk (a/PATH) to what
	                generate would write (b/PATH)
	missing: PATH   a file generate would create
	stale: PATH     a generated file (it carries graphdoc's "Code generated"
	                header) in the package folder that the config no longer
	                produces; generate would delete it

With --format github each of them is also a GitHub Actions error annotation
on the file, and the diffs are folded into log groups.

Exit status: 0 when every file is up to date, 1 when something differs (run
graphdoc generate and commit the result), 2 when the check cannot run (bad
config, unreadable docs, bad flags).

Examples:

	graphdoc check
	graphdoc check -config api/graphdoc.yaml --format github   # in a GitHub Actions step
	go generate ./... && graphdoc check                        # CI: fail when generated code is stale
`,
		run: runCheck,
	})
}

func runCheck(c *ctx, args []string) int {
	cmd := commands["check"]
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	cfgPath := fs.String("config", config.DefaultFile, "read the configuration from `FILE`")
	format := fs.String("format", "text", "output `format`: text or github")
	quiet := fs.Bool("q", false, "print nothing when everything is up to date")
	rest, code, ok := c.parse(cmd, fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		c.errorf("check", "unexpected arguments %q; the docs are named in the config file (-config)", rest)
		return exitFailure
	}
	if *format != "text" && *format != "github" {
		c.errorf("check", "unknown --format %q; want text or github", *format)
		return exitFailure
	}
	out, code := c.runBuild("check", *cfgPath)
	if out == nil {
		return code
	}
	drift, err := fsx.Check(out.Plan)
	if err != nil {
		c.errorf("check", "%v", err)
		return exitFailure
	}
	if drift.Empty() {
		if !*quiet {
			fmt.Fprintf(c.stdout, "up to date: %d files (%s)\n", len(out.Plan.Files), *cfgPath)
		}
		return exitOK
	}
	if *format == "github" {
		drift.WriteGitHub(c.stdout)
		for _, ch := range drift.Changed {
			fmt.Fprintf(c.stdout, "::group::diff %s\n", ch.Path)
			c.stdout.Write([]byte(strings.TrimSuffix(ch.Diff, "\n") + "\n"))
			fmt.Fprintln(c.stdout, "::endgroup::")
		}
	} else {
		drift.WriteText(c.stdout)
	}
	n := len(drift.Changed) + len(drift.Missing) + len(drift.Stale)
	gen := "graphdoc generate"
	if *cfgPath != config.DefaultFile {
		gen += " -config " + *cfgPath
	}
	c.errorf("check", "%d %s out of date (%d changed, %d missing, %d stale); run `%s` (or go generate) and commit the result",
		n, plural(n, "file is", "files are"), len(drift.Changed), len(drift.Missing), len(drift.Stale), gen)
	return exitFinding
}

// runBuild loads a config and runs the whole pipeline in memory, with a
// progress bar over many pages; generate and check share it. On failure
// it reports the error and returns nil.
func (c *ctx) runBuild(name, cfgPath string) (*build.Output, int) {
	cfg, err := config.Load(cfgPath)
	if err != nil {
		c.errorf(name, "%v", err)
		return nil, exitFailure
	}
	total := 0
	if showProgress(c.stderr, os.Getenv) { // only then is counting worth it
		total = countPages(cfg.DocPaths())
	}
	tick, done := c.progress(total, "reading pages")
	out, err := build.Run(cfg, tick)
	done()
	if err != nil {
		c.errorf(name, "%v", err)
		return nil, exitFailure
	}
	return out, exitOK
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
