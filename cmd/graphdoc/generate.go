package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/graphdoc/graphdoc/internal/config"
	"github.com/graphdoc/graphdoc/internal/fsx"
)

func init() {
	register(&command{
		name:    "generate",
		summary: "write the spec and Go package a graphdoc.yaml describes",
		usage: `usage: graphdoc generate [-config graphdoc.yaml] [-q]

Reads the config, builds the OpenAPI document from the docs, generates the
Go package, and writes every output at once: if anything fails, no file is
touched. Only files carrying graphdoc's "Code generated" header are ever
overwritten or deleted; a generated file in the package folder that the
config no longer produces is deleted. Unchanged files are not rewritten.
It prints each file written or removed ("up to date" when none).

The config (graphdoc.yaml; every path in it is relative to the file):

	docs: [docs]                  # required: pages or folders (read recursively for *.md)
	include: ["sprocket-*"]       # optional: keep only pages whose file name matches a glob
	paths: [/workshop/sprockets]  # optional: keep only OpenAPI paths with these prefixes
	spec: openapi.yaml            # the OpenAPI document to write (.yaml or .json)
	spec-format: yaml             # optional: yaml or json (default: from spec's extension)
	go:                           # the Go package (spec:, go: or both are required)
	  package: sprockets          # package name
	  output: sprockets           # its folder
	  generate: [models, client]  # optional: parts to generate, some of
	                              # models, client, server, validators, fake (default: all)

Unknown keys and bad values are errors naming the file, line and key.
The JSON schema of the file is internal/config/schema.json in graphdoc's
repository.

Exit status: 0 when the outputs are written (or already up to date), 2 when
nothing was written (bad config, unreadable docs, a file graphdoc did not
generate in the way).

Examples:

	graphdoc generate
	graphdoc generate -config api/graphdoc.yaml
	//go:generate go run github.com/graphdoc/graphdoc/cmd/graphdoc generate
`,
		run: runGenerate,
	})
}

func runGenerate(c *ctx, args []string) int {
	cmd := commands["generate"]
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	cfgPath := fs.String("config", config.DefaultFile, "read the configuration from `FILE`")
	quiet := fs.Bool("q", false, "print neither diagnostics nor the files written")
	rest, code, ok := c.parse(cmd, fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		c.errorf("generate", "unexpected arguments %q; the docs are named in the config file (-config)", rest)
		return exitFailure
	}
	out, code := c.runBuild("generate", *cfgPath)
	if out == nil {
		return code
	}
	if !*quiet {
		out.Result.Diags.WriteText(c.stderr)
	}
	res, err := fsx.Write(out.Plan)
	if err != nil {
		c.errorf("generate", "%v", err)
		return exitFailure
	}
	if !*quiet {
		for _, p := range res.Written {
			fmt.Fprintf(c.stdout, "wrote %s\n", display(out.Plan.Root, p))
		}
		for _, p := range res.Removed {
			fmt.Fprintf(c.stdout, "removed %s\n", display(out.Plan.Root, p))
		}
		if len(res.Written) == 0 && len(res.Removed) == 0 {
			fmt.Fprintf(c.stdout, "up to date: %d files\n", len(res.Unchanged))
		}
	}
	return exitOK
}

// display shows an output path relative to the working directory.
func display(root, p string) string {
	full := filepath.Join(root, filepath.FromSlash(p))
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, full); err == nil {
			return rel
		}
	}
	return full
}
