package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// command is one graphdoc verb.
type command struct {
	name    string
	summary string
	usage   string // the synopsis and examples shown by -h
	run     func(c *ctx, args []string) int
}

// ctx carries the output streams of one run.
type ctx struct {
	stdout, stderr io.Writer
	cpu            time.Duration // process CPU time at the last stage's end (GRAPHDOC_TIMINGS)
}

// Exit codes shared by every command.
const (
	exitOK      = 0
	exitFinding = 1 // lint errors, drift, breaking changes
	exitFailure = 2 // usage errors and failures to run
)

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// run is main without os.Exit, so tests can call it.
func run(args []string, stdout, stderr io.Writer) int {
	c := &ctx{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		c.usage(stderr)
		return exitFailure
	}
	switch args[0] {
	case "-version", "--version":
		args = []string{"version"}
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if cmd, ok := commands[args[1]]; ok {
				fmt.Fprint(stdout, cmd.usage)
				return exitOK
			}
		}
		c.usage(stdout)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "graphdoc: unknown command %q; the commands are listed below\n\n", args[0])
		c.usage(stderr)
		return exitFailure
	}
	return cmd.run(c, args[1:])
}

func (c *ctx) usage(w io.Writer) {
	fmt.Fprint(w, "graphdoc turns Microsoft Graph reference pages into OpenAPI and Go.\n\nUsage:\n\n\tgraphdoc <command> [flags] [arguments]\n\nCommands:\n\n")
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "\t%-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, "\nRun `graphdoc <command> -h` for a command's flags, exit status and examples.\n")
}

// parse parses flags that may come before or after the positional
// arguments (`graphdoc lint page.md --format json` works too). It prints
// the usage on -h and reports usage errors; ok is false when the command
// should stop, with the exit code to use.
func (c *ctx) parse(cmd *command, fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(c.stdout, cmd.usage)
			c.flagDefaults(fs)
			return nil, exitOK, false
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "graphdoc %s: %v\nRun `graphdoc %s -h` for usage.\n", cmd.name, err, cmd.name)
			return nil, exitFailure, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, exitOK, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns an empty flag set for a command.
func newFlagSet(name string) *flag.FlagSet {
	return flag.NewFlagSet(name, flag.ContinueOnError)
}

func (c *ctx) flagDefaults(fs *flag.FlagSet) {
	var b strings.Builder
	fs.SetOutput(&b)
	fmt.Fprintln(&b, "\nFlags:")
	fs.PrintDefaults()
	fmt.Fprint(c.stdout, b.String())
}

// errorf prints an error for a command.
func (c *ctx) errorf(cmd, format string, args ...any) {
	fmt.Fprintf(c.stderr, "graphdoc %s: %s\n", cmd, fmt.Sprintf(format, args...))
}
