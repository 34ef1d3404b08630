package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

func init() {
	register(&command{
		name:    "version",
		summary: "print graphdoc's version",
		usage: `usage: graphdoc version

Prints graphdoc's module version (as go install or go run recorded it;
"(devel)" for a build from a checkout) and the Go version it was built with.
graphdoc --version does the same.

Exit status: 0.

Examples:

	graphdoc version
	go run github.com/graphdoc/graphdoc/cmd/graphdoc version
`,
		run: runVersion,
	})
}

func runVersion(c *ctx, args []string) int {
	rest, code, ok := c.parse(commands["version"], newFlagSet("version"), args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		c.errorf("version", "unexpected arguments %q; version takes none", rest)
		return exitFailure
	}
	fmt.Fprintf(c.stdout, "graphdoc %s (%s %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}

// version is the main module's version from the build info, or "(devel)".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
