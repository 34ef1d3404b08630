package main

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/apidiff"
)

func init() {
	register(&command{
		name:    "diff",
		summary: "compare two specs or docs folders; report breaking changes",
		usage: `usage: graphdoc diff [--format text|markdown|json] [--fail-on breaking|warning] OLD NEW

OLD and NEW are each a spec file (.yaml, .yml or .json) or docs (a folder
or a page), built on the fly. The report lists the operations (by method
and path) and schemas (by name) added, removed and changed, with what
changed in each (parameters, request and response schemas, statuses,
permissions; properties, their types, enum members), then every change
oasdiff's breaking-change checker finds, with its rule ID and severity:

	error    a breaking change
	warning  a change that may break clients
	info     a change that does not

Severities are oasdiff's, under graphdoc's policy for Graph
(internal/apidiff/graph-severity.txt): a new member of an enum is info, as
Graph's enums are evolvable, and a removed property is breaking.

Exit status: 0 when the comparison ran (and, with --fail-on, found nothing
at that level), 1 when --fail-on breaking finds a breaking change or
--fail-on warning finds a warning or worse, 2 when it cannot run.

Examples:

	graphdoc diff old/openapi.yaml docs/
	graphdoc diff --fail-on breaking main.yaml openapi.yaml       # in CI
	graphdoc diff --format markdown base/docs docs > changes.md
`,
		run: runDiff,
	})
}

func runDiff(c *ctx, args []string) int {
	cmd := commands["diff"]
	fs := newFlagSet("diff")
	format := fs.String("format", "text", "output `format`: text, markdown or json")
	failOn := fs.String("fail-on", "", "exit 1 when a change of this `level` or worse is found: breaking or warning")
	paths, code, ok := c.parse(cmd, fs, args)
	if !ok {
		return code
	}
	switch *format {
	case "text", "markdown", "md", "json":
	default:
		c.errorf("diff", "unknown --format %q; want text, markdown or json", *format)
		return exitFailure
	}
	var level apidiff.Level
	if *failOn != "" {
		l, err := apidiff.ParseLevel(*failOn)
		if err != nil || l == apidiff.LevelInfo {
			c.errorf("diff", "unknown --fail-on %q; want breaking or warning", *failOn)
			return exitFailure
		}
		level = l
	}
	if len(paths) != 2 {
		c.errorf("diff", "want two arguments, OLD and NEW (spec files or docs folders), got %d; e.g. graphdoc diff old.yaml docs/", len(paths))
		return exitFailure
	}
	rep, code := c.compare("diff", paths[0], paths[1])
	if rep == nil {
		return code
	}
	switch *format {
	case "json":
		rep.WriteJSON(c.stdout)
	case "markdown", "md":
		rep.WriteMarkdown(c.stdout, 1)
	default:
		rep.WriteText(c.stdout)
	}
	if level != "" && rep.Count(level) > 0 {
		return exitFinding
	}
	return exitOK
}

// compare loads (or builds) both sides, OLD first, and compares them.
func (c *ctx) compare(name, old, new string) (*apidiff.Report, int) {
	base, code := c.loadSpecOrDocs(name, []string{old})
	if base == nil {
		return nil, code
	}
	doc, code := c.loadSpecOrDocs(name, []string{new})
	if doc == nil {
		return nil, code
	}
	return c.compareDocs(name, base, doc, old, new)
}

// compareWith loads (or builds) the base and compares it with doc.
func (c *ctx) compareWith(name, old string, doc *openapi3.T, label string) (*apidiff.Report, int) {
	base, code := c.loadSpecOrDocs(name, []string{old})
	if base == nil {
		return nil, code
	}
	return c.compareDocs(name, base, doc, old, label)
}

func (c *ctx) compareDocs(name string, base, doc *openapi3.T, old, new string) (*apidiff.Report, int) {
	rep, err := apidiff.Compare(base, doc)
	if err != nil {
		c.errorf(name, "%v", err)
		return nil, exitFailure
	}
	rep.Base, rep.Revision = old, new
	return rep, exitOK
}
