package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/graphdoc/graphdoc/internal/build"
	"github.com/graphdoc/graphdoc/internal/config"
	"github.com/graphdoc/graphdoc/internal/fsx"
)

func init() {
	register(&command{
		name:    "generate",
		summary: "write the spec and Go package a graphdoc.yaml describes",
		usage: `usage: graphdoc generate [-config graphdoc.yaml] [-q]

Reads the config (paths in it are relative to the config file), builds the
OpenAPI document from the docs, generates the Go package, and writes every
output at once: if anything fails, no file is touched. Only files carrying
graphdoc's "Code generated" header are ever overwritten or deleted.

The config:

	docs: [docs]                        # pages or folders
	include: ["intune-raimportcerts-*"] # optional: globs on page file names
	spec: openapi.yaml                  # where the OpenAPI document goes (.yaml or .json)
	go:
	  package: userpfx
	  output: userpfx                   # folder of the generated package

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
		c.errorf("generate", "unexpected arguments %q; the docs are named in the config file", rest)
		return exitFailure
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		c.errorf("generate", "%v", err)
		return exitFailure
	}
	out, err := build.Run(cfg, nil)
	if err != nil {
		c.errorf("generate", "%v", err)
		return exitFailure
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
