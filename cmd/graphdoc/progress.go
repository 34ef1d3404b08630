package main

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressMin is the number of pages from which a progress bar is shown.
const progressMin = 50

// showProgress reports whether a progress bar may be drawn on w: only on
// a terminal, and never under CI=true, so that logs and pipes stay clean.
func showProgress(w io.Writer, getenv func(string) string) bool {
	if getenv("CI") == "true" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress returns a callback to call once per page (safe for concurrent
// use, as spec.Options.Progress requires) and a function that clears the
// bar; both do nothing unless c.stderr is a terminal, CI is not "true" and
// there are at least progressMin pages.
func (c *ctx) progress(total int, what string) (tick func(), done func()) {
	if total < progressMin || !showProgress(c.stderr, os.Getenv) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(c.stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(80*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(false),
	)
	// ProgressBar.Add locks internally, so tick may be called concurrently
	return func() { bar.Add(1) }, func() { bar.Finish(); bar.Clear() }
}

// countPages counts the markdown pages under paths whose base name matches
// one of the include globs (all when none), as spec.ReadFiles and
// spec.Build would read them. Errors are ignored: this only sizes a
// progress bar.
func countPages(paths, include []string) int {
	n := 0
	count := func(p string) {
		if !strings.HasSuffix(p, ".md") {
			return
		}
		if len(include) == 0 {
			n++
			return
		}
		base := filepath.Base(p)
		for _, g := range include {
			if ok, _ := path.Match(g, base); ok {
				n++
				return
			}
			if ok, _ := path.Match(g, strings.TrimSuffix(base, ".md")); ok {
				n++
				return
			}
		}
	}
	for _, root := range paths {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				count(p)
			}
			return nil
		})
	}
	return n
}
