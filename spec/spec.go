// Package spec turns Microsoft Graph reference pages into an OpenAPI
// document: it reads the pages, scans each one (package page), links them
// into an API model (package model) and projects that onto OpenAPI
// (package openapi).
package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/par"
	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/include"
	"github.com/graphdoc/graphdoc/spec/model"
	"github.com/graphdoc/graphdoc/spec/openapi"
	"github.com/graphdoc/graphdoc/spec/page"
	"github.com/graphdoc/graphdoc/spec/source"
)

// Options tune a build.
type Options struct {
	// Include and Paths select a slice: the operations of pages whose file
	// name matches one of the Include globs (path.Match syntax, e.g.
	// "intune-raimportcerts-*") and whose path is one of Paths or below it,
	// the types and enums defined on the included pages, and every type
	// they reference. All pages are still read, so that types defined
	// elsewhere resolve. Diagnostics are kept for the pages of the slice.
	Include []string
	Paths   []string
	// Title is the OpenAPI info.title.
	Title string
	// Progress, when set, is called once per page scanned.
	Progress func()
	// Stage, when set, is called as each stage of the build ends, with
	// its name and wall time (GRAPHDOC_TIMINGS=1 prints them).
	Stage func(name string, d time.Duration)
	// ReadInclude, when set, reads the include files Build's pages name
	// that are not among its files (a slash-separated path); by default
	// they are read from disk.
	ReadInclude func(name string) ([]byte, error)
}

// scanner returns the function that reads one page on a worker: it
// splices in the page's includes (read through r), scans the page and
// reports it to Progress.
func (o Options) scanner(r *include.Resolver) func(*source.File) *page.Page {
	return func(f *source.File) *page.Page {
		g, diags := r.Expand(f)
		p := page.Scan(g)
		if len(diags) > 0 {
			p.Diags = append(diags, p.Diags...)
		}
		if o.Progress != nil {
			o.Progress()
		}
		return p
	}
}

// stage reports the end of a stage that began at *t and starts the next.
func (o Options) stage(name string, t *time.Time) {
	if o.Stage != nil {
		now := time.Now()
		o.Stage(name, now.Sub(*t))
		*t = now
	}
}

// Result is everything one build produced.
type Result struct {
	Pages []*page.Page
	API   *model.API
	Doc   *openapi3.T
	Diags diag.List // sorted
	// Includes counts the include lines of the pages and what became of
	// them.
	Includes include.Stats
}

// ReadFiles reads the pages named by paths: markdown files, or folders
// read recursively for *.md files. Each page's Name is its path relative to
// the folder it was found under (api/user-get.md), or its base name when
// it was named on its own. Files are returned sorted by path.
func ReadFiles(paths []string) ([]*source.File, error) {
	return readEach(paths, func(f *source.File) *source.File { return f })
}

// Load reads and builds the pages named by paths (as ReadFiles names
// them): each page is scanned by the worker that read it, so reading
// overlaps scanning.
func Load(paths []string, opts Options) (*Result, error) {
	t := time.Now()
	r := include.NewResolver(readFile)
	pages, err := readEach(paths, opts.scanner(r))
	if err != nil {
		return nil, err
	}
	opts.stage("read+scan", &t)
	return finish(pages, r, opts, t)
}

// readEach reads the pages named by paths on GOMAXPROCS workers and
// returns fn of each, in path order.
func readEach[T any](paths []string, fn func(*source.File) T) ([]T, error) {
	entries, err := pageEntries(paths)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(entries))
	errs := make([]error, len(entries))
	par.For(len(entries), func(i int) {
		f, err := entries[i].read()
		if err != nil {
			errs[i] = err
			return
		}
		out[i] = fn(f)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// pageEntry is a page to read: its path, and its name for provenance.
type pageEntry struct{ path, name string }

func (e pageEntry) read() (*source.File, error) {
	b, err := readFile(e.path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", e.path, err)
	}
	f := source.NewFile(filepath.ToSlash(e.path), b)
	f.Name = e.name
	return f, nil
}

// scratch holds the read buffers of readFile.
var scratch = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// readFile is os.ReadFile without the stat (a fifth of the syscalls of
// reading the corpus) and without the slack: the page is read into a
// reused buffer and copied out at its size. On Linux the file is not an
// os.File either (openFile), which saves the poller's two syscalls per
// page.
func readFile(name string) ([]byte, error) {
	f, err := openFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	bp := scratch.Get().(*[]byte)
	defer scratch.Put(bp)
	buf := (*bp)[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	*bp = buf
	return bytes.Clone(buf), nil
}

// pageEntries lists the pages named by paths, sorted by path.
func pageEntries(paths []string) ([]pageEntry, error) {
	var entries []pageEntry
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w; check the path (docs folders and pages are accepted)", root, err)
		}
		if !info.IsDir() {
			entries = append(entries, pageEntry{root, filepath.Base(root)})
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				// a docs checkout's include files are read where pages
				// include them, not as pages
				if d.Name() == "includes" && p != root {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(d.Name(), ".md") {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			entries = append(entries, pageEntry{p, filepath.ToSlash(rel)})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("cannot walk %s: %w", root, err)
		}
	}
	slices.SortFunc(entries, func(a, b pageEntry) int { return strings.Compare(a.path, b.path) })
	return slices.CompactFunc(entries, func(a, b pageEntry) bool { return a.path == b.path }), nil
}

// Build scans, links and projects the pages. It never fails on bad pages:
// problems are diagnostics. The document is validated with kin-openapi; a
// validation failure is graphdoc's own bug and is returned as an error
// together with the result.
//
// Files under a folder named includes are include files, not pages: they
// are read where a page includes them. An include a page names that is not
// among files is read from disk.
func Build(files []*source.File, opts Options) (*Result, error) {
	t := time.Now()
	read := opts.ReadInclude
	if read == nil {
		read = readFile
	}
	r := include.NewResolver(read)
	var pageFiles []*source.File
	for _, f := range files {
		if IsInclude(f.Name) {
			r.Add(f)
			continue
		}
		pageFiles = append(pageFiles, f)
	}
	scan := opts.scanner(r)
	pages := make([]*page.Page, len(pageFiles))
	par.For(len(pageFiles), func(i int) { pages[i] = scan(pageFiles[i]) })
	opts.stage("scan", &t)
	return finish(pages, r, opts, t)
}

// IsInclude reports whether a page name (slash-separated, relative to the
// docs root) is an include file: one under a folder named includes, as
// docfx lays them out (api-reference/v1.0/includes/permissions/...).
func IsInclude(name string) bool {
	return strings.HasPrefix(name, "includes/") || strings.Contains(name, "/includes/")
}

// finish links scanned pages and builds and validates the document.
func finish(pages []*page.Page, r *include.Resolver, opts Options, t time.Time) (*Result, error) {
	api, diags := model.Link(pages)
	opts.stage("link", &t)
	res := &Result{Pages: pages, API: api, Includes: r.Stats()}
	for _, p := range pages {
		res.Diags = append(res.Diags, p.Diags...)
	}
	res.Diags = append(res.Diags, diags...)
	res.Diags = append(res.Diags, emptyPages(pages, res.Diags)...)
	if len(opts.Include) > 0 || len(opts.Paths) > 0 {
		slice(res, opts)
	}
	res.Diags.Sort()
	res.Doc = openapi.Build(api, openapi.Options{Title: opts.Title})
	opts.stage("openapi", &t)
	if err := openapi.Validate(res.Doc); err != nil {
		return res, fmt.Errorf("graphdoc built an invalid OpenAPI document (a graphdoc bug; please report it): %w", err)
	}
	opts.stage("validate", &t)
	res.Diags = append(res.Diags, checkExamples(api, res.Doc)...)
	opts.stage("examples", &t)
	res.Diags.Sort()
	return res, nil
}

// slice cuts the result down to the operations, types and enums opts
// select, and to the diagnostics of the pages that contribute to them.
func slice(res *Result, opts Options) {
	included := func(name string) bool {
		if len(opts.Include) == 0 {
			return true
		}
		base := path.Base(name)
		for _, g := range opts.Include {
			if ok, _ := path.Match(g, base); ok {
				return true
			}
			if ok, _ := path.Match(g, strings.TrimSuffix(base, ".md")); ok {
				return true
			}
		}
		return false
	}
	underPaths := func(p string) bool {
		if len(opts.Paths) == 0 {
			return true
		}
		for _, prefix := range opts.Paths {
			if model.HasPathPrefix(p, prefix) {
				return true
			}
		}
		return false
	}
	var rootPage func(string) bool
	if len(opts.Include) > 0 && len(opts.Paths) == 0 {
		rootPage = included
	}
	model.Slice(res.API, func(op *model.Operation) bool { return included(op.Source) && underPaths(op.Path) }, rootPage)
	keep := map[string]bool{}
	for _, op := range res.API.Operations {
		keep[op.Source] = true
	}
	for _, t := range res.API.Types {
		keep[t.Source] = true
	}
	for _, e := range res.API.Enums {
		keep[e.Source] = true
	}
	var pages []*page.Page
	for _, p := range res.Pages {
		if keep[p.File.Name] || (len(opts.Include) > 0 && included(p.File.Name) && len(opts.Paths) == 0) {
			pages = append(pages, p)
		}
	}
	names := map[string]bool{}
	for _, p := range pages {
		for _, o := range p.File.Origins() {
			names[o] = true
		}
	}
	res.Diags = slices.DeleteFunc(res.Diags, func(d diag.Diagnostic) bool { return !names[d.Pos.Path] })
}

// emptyPages reports pages that yield no operation, type or enum and have
// no diagnostic saying why.
func emptyPages(pages []*page.Page, have diag.List) diag.List {
	withDiag := map[string]bool{}
	for _, d := range have {
		withDiag[d.Pos.Path] = true
	}
	var out diag.List
	for _, p := range pages {
		yields := len(p.Enums) > 0 || (p.Resource != nil && p.Resource.Name.Text != "") || (p.API != nil && len(p.API.Requests) > 0)
		if yields || withDiag[p.File.Path] {
			continue
		}
		d := diag.New(p.Pos(0), diag.NoPage, "page yields no operations, types or enums (it reads as %s)", p.Kind)
		if p.Kind == page.KindConceptual || p.Kind == page.KindUnknown {
			d.Severity = diag.Info
			d.Message = "page documents no operation, type or enum (conceptual or overview page)"
		}
		out = append(out, d)
	}
	return out
}
