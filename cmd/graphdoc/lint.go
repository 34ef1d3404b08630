package main

import (
	"flag"

	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/diag"
)

func init() {
	register(&command{
		name:    "lint",
		summary: "check pages and print diagnostics",
		usage: `usage: graphdoc lint [--format text|json|github] [--summary] PATH...

Reads the Graph reference pages at PATH (markdown files, or folders read
recursively) and prints every problem found:

	text    path:line:col: severity: code: message, one per line, then a
	        count per code (--summary=false leaves the counts out)
	json    a JSON array of {path, line, col, severity, code, message}
	github  GitHub Actions annotations (::error, ::warning, ::notice), which
	        GitHub shows on the pull request's files

Codes are stable; spec/diag/codes.go lists them with their severities.

Exit status: 0 when no diagnostic is an error, 1 when at least one is,
2 when the pages cannot be read or the flags are wrong.

Examples:

	graphdoc lint docs/api/user-get.md
	graphdoc lint --format github docs/        # in a GitHub Actions step
	graphdoc lint --format json docs/ | jq '.[] | select(.severity=="error")'
`,
		run: runLint,
	})
}

func runLint(c *ctx, args []string) int {
	cmd := commands["lint"]
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	format := fs.String("format", "text", "output `format`: text, json or github")
	summary := fs.Bool("summary", true, "in text format, end with a count of diagnostics per code")
	paths, code, ok := c.parse(cmd, fs, args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" && *format != "github" {
		c.errorf("lint", "unknown --format %q; want text, json or github", *format)
		return exitFailure
	}
	res, _ := c.build("lint", paths, spec.Options{})
	if res == nil {
		return exitFailure
	}
	switch *format {
	case "text":
		res.Diags.WriteText(c.stdout)
		if *summary && len(res.Diags) > 0 {
			c.stdout.Write([]byte("\n"))
			res.Diags.WriteSummary(c.stdout)
		}
	case "json":
		res.Diags.WriteJSON(c.stdout)
	case "github":
		res.Diags.WriteGitHub(c.stdout)
	}
	if res.Diags.Count(diag.Error) > 0 {
		return exitFinding
	}
	return exitOK
}
