package main

import (
	"io"
	"io/fs"
	"os"
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

// countPages counts the markdown pages under paths, as spec.ReadFiles
// reads them (every page is scanned, whatever the config's slice).
// Errors are ignored: this only sizes a progress bar.
func countPages(paths []string) int {
	n := 0
	for _, root := range paths {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && d.Name() == "includes" && p != root {
				return filepath.SkipDir // include files are not pages
			}
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				n++
			}
			return nil
		})
	}
	return n
}
