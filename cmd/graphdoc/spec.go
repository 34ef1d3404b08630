package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/graphdoc/graphdoc/internal/fsx"
	"github.com/graphdoc/graphdoc/internal/gcpolicy"

	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/openapi"
)

func init() {
	register(&command{
		name:    "spec",
		summary: "build the OpenAPI document from pages",
		usage: `usage: graphdoc spec [-o FILE] [--format yaml|json] PATH...

Reads the Graph reference pages at PATH (markdown files, or folders read
recursively) and writes one OpenAPI 3.0.3 document, validated with
kin-openapi. Diagnostics go to stderr as path:line:col: severity: code:
message (graphdoc lint prints them alone, also as JSON or annotations).
With -o, the file is written atomically, and only over a spec graphdoc
wrote.

Exit status: 0 whenever a spec is written (whatever the diagnostics), 2 when
it cannot be (unreadable path, bad flags, a hand-written file at -o).

Examples:

	graphdoc spec docs/ > openapi.yaml
	graphdoc spec -o openapi.json ../microsoft-graph-docs/api-reference/beta
	graphdoc spec --format json api/user-get.md resources/user.md
`,
		run: runSpec,
	})
}

func runSpec(c *ctx, args []string) int {
	cmd := commands["spec"]
	fs := flag.NewFlagSet("spec", flag.ContinueOnError)
	out := fs.String("o", "", "write the spec to `FILE` instead of stdout")
	format := fs.String("format", "", "spec format, `yaml` or json (default: from -o's extension, else yaml)")
	quiet := fs.Bool("q", false, "do not print diagnostics")
	paths, code, ok := c.parse(cmd, fs, args)
	if !ok {
		return code
	}
	f := openapi.FormatFor(*out)
	switch *format {
	case "":
	case "json", "yaml":
		f = openapi.Format(*format)
	default:
		c.errorf("spec", "unknown --format %q; want yaml or json", *format)
		return exitFailure
	}
	res, data, code := buildSpec(c, "spec", paths, spec.Options{}, f)
	if res == nil {
		return code
	}
	if !*quiet {
		res.Diags.WriteText(c.stderr)
	}
	if *out == "" {
		c.stdout.Write(data)
		return exitOK
	}
	t0 := time.Now()
	if err := writeSpecFile(*out, data); err != nil {
		c.errorf("spec", "%v", err)
		return exitFailure
	}
	c.timing("write", time.Since(t0))
	return exitOK
}

// buildSpec reads and builds the pages, then marshals the spec. On failure
// it reports the error and returns a nil result.
func buildSpec(c *ctx, name string, paths []string, opts spec.Options, f openapi.Format) (*spec.Result, []byte, int) {
	res, err := c.build(name, paths, opts)
	if res == nil || err != nil {
		return nil, nil, exitFailure
	}
	t0 := time.Now()
	data, err := openapi.Marshal(res.Doc, f)
	if err != nil {
		c.errorf(name, "%v", err)
		return nil, nil, exitFailure
	}
	c.timing("marshal", time.Since(t0))
	return res, data, exitOK
}

// build reads and builds the pages. A failure to read returns a nil
// result; a document that fails validation (a graphdoc bug) returns the
// result and the error, both reported.
func (c *ctx) build(name string, paths []string, opts spec.Options) (*spec.Result, error) {
	if len(paths) == 0 {
		c.errorf(name, "no pages given; name docs folders or pages, e.g. graphdoc %s docs/ (see graphdoc %s -h)", name, name)
		return nil, nil
	}
	if opts.Stage == nil {
		opts.Stage = c.timing
	}
	if collectAfterLink {
		stage := opts.Stage
		opts.Stage = func(name string, d time.Duration) {
			stage(name, d)
			gcpolicy.AfterStage(name)
		}
	}
	if opts.Progress == nil && showProgress(c.stderr, os.Getenv) {
		tick, done := c.progress(countPages(paths), "reading pages")
		defer done()
		opts.Progress = tick
	}
	res, err := spec.Load(paths, opts)
	if err != nil {
		c.errorf(name, "%v", err)
	}
	if res != nil && os.Getenv("GRAPHDOC_TIMINGS") != "" {
		in := res.Includes
		fmt.Fprintf(c.stderr, "graphdoc: includes: %d lines: %d spliced, %d prose, %d unresolved; %d distinct include files\n", in.Lines, in.Spliced, in.Prose, in.Unresolved, in.Files)
	}
	return res, err
}

// writeSpecFile writes a spec atomically; it refuses to overwrite a file
// graphdoc did not generate.
func writeSpecFile(path string, data []byte) error {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	_, err := fsx.Write(fsx.Plan{Root: dir, Files: fsx.Files{{Path: name, Data: data}}})
	return err
}

// timing prints a stage's wall time to stderr when GRAPHDOC_TIMINGS is
// set, with the CPU time the process used meanwhile (all cores; where it
// can be measured), whose ratio to the wall time says how well the stage
// uses the cores.
func (c *ctx) timing(stage string, d time.Duration) {
	if os.Getenv("GRAPHDOC_TIMINGS") == "" {
		return
	}
	cpu := processCPU()
	if cpu > 0 {
		fmt.Fprintf(c.stderr, "graphdoc: timing: %-9s %6.3fs wall %6.3fs cpu\n", stage, d.Seconds(), (cpu - c.cpu).Seconds())
	} else {
		fmt.Fprintf(c.stderr, "graphdoc: timing: %-9s %6.3fs\n", stage, d.Seconds())
	}
	c.cpu = cpu
}
