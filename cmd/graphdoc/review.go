package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/graphdoc/graphdoc/internal/review"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/diag"
)

func init() {
	register(&command{
		name:    "review",
		summary: "write a Markdown report of docs for a pull request",
		usage: `usage: graphdoc review [--base OLD] [-o report.md] [--link-prefix URL] PATH...

Reads the pages at PATH (docs folders or pages; or one spec file) and
writes a Markdown report meant to be pasted into a pull request:

  - counts: pages, operations, schemas, enums, diagnostics;
  - with --base (an older spec file or docs folder): the operations and
    schemas added, removed and changed, and the breaking changes oasdiff's
    checker finds, with their rule IDs and severities under graphdoc's
    severity policy for Graph (see graphdoc diff -h);
  - every operation with its method, path and permissions per kind
    (delegated work or school, delegated personal, application);
  - the diagnostics, grouped by code, each linked to its page and line
    (path#Lline, paths relative to the working directory; --link-prefix
    puts a URL in front, such as a blob URL of the pull request's commit);
  - the examples that fail validation (diagnostic example-invalid).

Exit status: 0 when the report is written, 2 when it cannot be (unreadable
pages or base, bad flags). Use graphdoc lint or graphdoc diff --fail-on to
fail a CI job on findings.

Examples:

	graphdoc review docs/ > review.md
	graphdoc review --base main-openapi.yaml -o review.md docs/
	graphdoc review --base ../main/docs --link-prefix https://github.com/o/r/blob/$GITHUB_SHA/ -o review.md docs/
`,
		run: runReview,
	})
}

func runReview(c *ctx, args []string) int {
	cmd := commands["review"]
	fs := newFlagSet("review")
	base := fs.String("base", "", "compare with `OLD`, a spec file or docs folder")
	out := fs.String("o", "", "write the report to `FILE` instead of stdout")
	prefix := fs.String("link-prefix", "", "put `URL` in front of the links to pages")
	paths, code, ok := c.parse(cmd, fs, args)
	if !ok {
		return code
	}
	if len(paths) == 0 {
		c.errorf("review", "no pages given; name docs folders or pages, e.g. graphdoc review --base old.yaml docs/ (see graphdoc review -h)")
		return exitFailure
	}
	in := review.Input{Sources: paths}
	if len(paths) == 1 && isSpecFile(paths[0]) {
		doc, code := c.loadSpecOrDocs("review", paths)
		if doc == nil {
			return code
		}
		in.Doc, in.FromSpec = doc, true
	} else {
		res, _ := c.build("review", paths, spec.Options{})
		if res == nil {
			return exitFailure
		}
		in.Doc, in.Pages = res.Doc, len(res.Pages)
		in.Diags = relativePaths(res.Diags)
		in.Link = func(path string, line int) string {
			return *prefix + filepath.ToSlash(path) + "#L" + strconv.Itoa(line)
		}
	}
	if *base != "" {
		rep, code := c.compareWith("review", *base, in.Doc, strings.Join(paths, " "))
		if rep == nil {
			return code
		}
		in.Changes = rep
	}
	var b bytes.Buffer
	review.Write(&b, in)
	if *out == "" {
		c.stdout.Write(b.Bytes())
		return exitOK
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		c.errorf("review", "%v", err)
		return exitFailure
	}
	return exitOK
}

// relativePaths rewrites diagnostic paths inside the working directory
// relative to it, so that report links work from the repository root.
func relativePaths(ds diag.List) diag.List {
	wd, err := os.Getwd()
	if err != nil {
		return ds
	}
	out := make(diag.List, len(ds))
	for i, d := range ds {
		if abs, err := filepath.Abs(filepath.FromSlash(d.Pos.Path)); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				d.Pos.Path = filepath.ToSlash(rel)
			}
		}
		out[i] = d
	}
	return out
}
