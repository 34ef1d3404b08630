// Package include resolves docfx include lines in Graph reference pages:
//
//	[!INCLUDE [permissions-table](../includes/permissions/user-get-permissions.md)]
//
// Today's pages (microsoft-graph-docs-contrib) keep permission tables, and
// now and then a property or enum table, in include files. docfx splices an
// include's content into the page where the line is; so does Expand, before
// the page is scanned, and the expanded file maps every byte back to the
// file and line it came from (source.NewExpanded), so that a diagnostic on
// an included table names the include file.
//
// Includes that hold prose only (code snippets in example tab groups, SDK
// links, disclaimers, RBAC notes, national cloud notes) are recognised by
// their path and left alone without being read. Any other include is read
// once, however many pages name it, and spliced in when it holds a table
// graphdoc reads (permissions, properties, parameters, enum members; not
// a national cloud matrix or an error-code table); one that is missing,
// unreadable or includes itself is a diagnostic on the including line, and
// the rest of the page is read.
package include

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/source"
)

// maxDepth bounds nested includes; docfx pages nest at most two deep.
const maxDepth = 8

// Directive is one block-level include line of a file.
type Directive struct {
	// LineStart and LineEnd delimit the line, without its newline.
	LineStart, LineEnd int
	// At is the offset of `[!INCLUDE`.
	At     int
	Label  string
	Target string // the path as written, without any #anchor or ?query
}

// Find returns the include lines of content from offset from on: lines
// that hold one `[!INCLUDE [label](path)]` (any case, optional spaces)
// and nothing else, outside fenced code blocks.
func Find(content []byte, from int) []Directive {
	return outsideFences(content, from, candidates(content, from))
}

// candidates returns the include lines of content from offset from on,
// fenced or not. It jumps from one `[!` to the next, so that a page's
// cost is one scan for `[!` and a look at the lines that have one.
func candidates(content []byte, from int) []Directive {
	if !hasInclude(content[from:]) {
		return nil
	}
	var out []Directive
	for off := from; off < len(content); {
		i := bytes.Index(content[off:], []byte("[!"))
		if i < 0 {
			break
		}
		i += off
		start := bytes.LastIndexByte(content[:i], '\n') + 1
		start = max(start, from)
		end := bytes.IndexByte(content[i:], '\n')
		if end < 0 {
			end = len(content)
		} else {
			end += i
		}
		line := content[start:end]
		if lead := bytes.TrimLeft(line[:i-start], " \t"); len(lead) == 0 {
			trimmed := bytes.TrimRight(content[i:end], " \t\r")
			if d, ok := parseDirective(trimmed); ok {
				d.LineStart, d.LineEnd, d.At = start, end, i
				out = append(out, d)
			}
		}
		off = end
	}
	return out
}

// outsideFences drops the directives that stand inside a fenced code
// block (docfx reads those as code).
func outsideFences(content []byte, from int, dirs []Directive) []Directive {
	if len(dirs) == 0 {
		return nil
	}
	var out []Directive
	var fence byte
	fenceLen := 0
	next := 0 // the next directive to place
	for off := from; off < len(content) && next < len(dirs); {
		end := bytes.IndexByte(content[off:], '\n')
		nl := len(content)
		if end < 0 {
			end = len(content)
		} else {
			end += off
			nl = end + 1
		}
		if off == dirs[next].LineStart {
			if fence == 0 {
				out = append(out, dirs[next])
			}
			next++
			off = nl
			continue
		}
		line := content[off:end]
		trimmed := bytes.TrimRight(bytes.TrimLeft(line, " \t"), " \t\r")
		indent := len(line) - len(bytes.TrimLeft(line, " "))
		switch {
		case fence != 0:
			if n := fenceRun(trimmed); n >= fenceLen && trimmed[0] == fence && len(bytes.TrimLeft(trimmed, string(fence))) == 0 {
				fence = 0
			}
		case indent < 4 && fenceRun(trimmed) >= 3:
			fence, fenceLen = trimmed[0], fenceRun(trimmed)
		}
		off = nl
	}
	return out
}

// fenceRun returns the length of the run of backticks or tildes a line
// starts with (0 when it starts with neither).
func fenceRun(t []byte) int {
	if len(t) == 0 || (t[0] != '`' && t[0] != '~') {
		return 0
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	return n
}

// hasInclude reports whether b holds `[!include`, in any case: a page
// without one costs one scan for `[!`.
func hasInclude(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("[!"))
		if i < 0 {
			return false
		}
		if len(b) >= i+9 && strings.EqualFold(string(b[i+2:i+9]), "include") {
			return true
		}
		b = b[i+2:]
	}
}

// parseDirective reads `[!INCLUDE [label](path)]`, the whole of t.
func parseDirective(t []byte) (Directive, bool) {
	s := string(t)
	if len(s) < 9 || !strings.EqualFold(s[:9], "[!include") {
		return Directive{}, false
	}
	s = strings.TrimLeft(s[9:], " \t")
	if !strings.HasPrefix(s, "[") {
		return Directive{}, false
	}
	label, rest, ok := strings.Cut(s[1:], "]")
	if !ok {
		return Directive{}, false
	}
	rest = strings.TrimLeft(rest, " \t")
	if !strings.HasPrefix(rest, "(") {
		return Directive{}, false
	}
	target, rest, ok := strings.Cut(rest[1:], ")")
	if !ok || strings.TrimSpace(rest) != "]" {
		return Directive{}, false
	}
	target = strings.Trim(strings.TrimSpace(target), "<>\"'")
	if i := strings.IndexAny(target, "#?"); i >= 0 {
		target = target[:i]
	}
	if target == "" {
		return Directive{}, false
	}
	return Directive{Label: strings.TrimSpace(label), Target: target}, true
}

// ProseOnly reports whether an include target is one that holds prose
// only, judged by its path, so that it is never read: code snippets and
// SDK links of example tab groups, RBAC notes, disclaimers and
// deprecation notes, national cloud availability notes, the intro
// sentence of update pages' property tables.
func ProseOnly(target string) bool {
	t := strings.ToLower(target)
	base := strings.TrimSuffix(path.Base(t), ".md")
	switch {
	case strings.Contains(t, "snippets/"), strings.HasSuffix(base, "-snippets"), strings.HasPrefix(base, "snippets"), strings.HasPrefix(base, "snippet-"):
		return true
	case strings.Contains(t, "rbac-for-apis/"):
		return true
	case strings.Contains(base, "disclaimer"), strings.Contains(base, "deprecat"):
		return true
	case base == "all-clouds", strings.HasPrefix(base, "global-"):
		return true
	case base == "update-property-table-intro", strings.HasPrefix(base, "alerts-callout"):
		return true
	}
	return false
}

// Stats counts what Expand saw, over all pages.
type Stats struct {
	// Lines is the number of include lines read; Prose of them were
	// prose-only (by path, or read and found to hold no table), Spliced
	// were spliced into their page, Unresolved were missing, unreadable
	// or cyclic.
	Lines, Prose, Spliced, Unresolved int
	// Files is the number of distinct include files looked for (read,
	// or found missing).
	Files int
}

// Resolver expands the includes of pages. It is safe for concurrent use;
// each include file is read once.
type Resolver struct {
	read func(name string) ([]byte, error)

	mu    sync.Mutex
	files map[string]*entry

	lines, prose, spliced, unresolved atomic.Int64
}

// entry is one include file, read once.
type entry struct {
	once   sync.Once
	file   *source.File
	body   int  // offset where the content starts, after any front matter
	tables bool // the content holds a table graphdoc reads (dataTable)
	err    error
}

// NewResolver returns a resolver that reads include files with read (a
// slash-separated path, relative to the working directory or absolute, as
// the pages' paths are).
func NewResolver(read func(name string) ([]byte, error)) *Resolver {
	return &Resolver{read: read, files: map[string]*entry{}}
}

// Add makes f the include file at its path, so that it is not read again
// (Build's in-memory pages).
func (r *Resolver) Add(f *source.File) {
	e := &entry{}
	e.once.Do(func() { e.set(f) })
	r.mu.Lock()
	r.files[path.Clean(f.Path)] = e
	r.mu.Unlock()
}

func (e *entry) set(f *source.File) {
	e.file = f
	e.body = frontMatterEnd(f.Content)
	e.tables = dataTable(f.Content[e.body:])
}

// Stats returns the counts so far.
func (r *Resolver) Stats() Stats {
	r.mu.Lock()
	n := len(r.files)
	r.mu.Unlock()
	return Stats{Lines: int(r.lines.Load()), Prose: int(r.prose.Load()), Spliced: int(r.spliced.Load()), Unresolved: int(r.unresolved.Load()), Files: n}
}

// get returns the include file at p, reading it on first use.
func (r *Resolver) get(p string) *entry {
	r.mu.Lock()
	e := r.files[p]
	if e == nil {
		e = &entry{}
		r.files[p] = e
	}
	r.mu.Unlock()
	e.once.Do(func() {
		b, err := r.read(p)
		if err != nil {
			e.err = err
			return
		}
		e.set(source.NewFile(p, b))
	})
	return e
}

// Expand returns f with its includes spliced in, and the diagnostics of
// includes it could not read. A page without includes that carry content
// is returned as it is.
func (r *Resolver) Expand(f *source.File) (*source.File, diag.List) {
	content, spans, diags := r.expand(f, 0, []string{path.Clean(f.Path)})
	if spans == nil {
		return f, diags
	}
	g := source.NewExpanded(f.Path, content, spans)
	g.Name = f.Name
	return g, diags
}

// expand splices the includes of f's content from offset from on. It
// returns nil spans when nothing was spliced. stack holds the files being
// expanded, outermost first, to find cycles.
func (r *Resolver) expand(f *source.File, from int, stack []string) ([]byte, []source.Span, diag.List) {
	// prose includes are counted and left alone without a look at the
	// page's fences: only the others need to be outside code blocks
	var dirs []Directive
	for _, d := range candidates(f.Content, from) {
		r.lines.Add(1)
		if ProseOnly(d.Target) {
			r.prose.Add(1)
			continue
		}
		dirs = append(dirs, d)
	}
	dirs = outsideFences(f.Content, from, dirs)
	if len(dirs) == 0 {
		return nil, nil, nil
	}
	var (
		out   []byte
		spans []source.Span
		diags diag.List
		last  = from
	)
	for _, d := range dirs {
		p := path.Clean(path.Join(path.Dir(f.Path), d.Target))
		bad := func(format string, args ...any) {
			r.unresolved.Add(1)
			dg := diag.New(f.Position(d.At), diag.UnresolvedInclude, format, args...)
			if !readsContent(d) {
				dg.Severity = diag.Info
			}
			diags = append(diags, dg)
		}
		if i := indexOf(stack, p); i >= 0 {
			bad("include %s includes itself (%s); it is not read again", d.Target, strings.Join(append(stack[i:], p), " -> "))
			continue
		}
		if len(stack) > maxDepth {
			bad("include %s is nested more than %d deep; it is not read", d.Target, maxDepth)
			continue
		}
		e := r.get(p)
		if e.err != nil {
			if errors.Is(e.err, fs.ErrNotExist) {
				bad("include %s not found (looked for %s); what it holds is not read", d.Target, p)
			} else {
				bad("cannot read include %s: %v; what it holds is not read", d.Target, e.err)
			}
			continue
		}
		if !e.tables {
			r.prose.Add(1)
			continue
		}
		sub, subSpans, subDiags := r.expand(e.file, e.body, append(stack, p))
		diags = append(diags, subDiags...)
		if subSpans == nil {
			sub = e.file.Content[e.body:]
			subSpans = []source.Span{{From: e.file, FromOff: e.body}}
		}
		r.spliced.Add(1)
		// the page up to the include line
		if d.LineStart > last {
			spans = append(spans, source.Span{Off: len(out), From: f, FromOff: last})
			out = append(out, f.Content[last:d.LineStart]...)
		}
		// a block of its own, as docfx makes it: a blank line before
		// (mapped to the include line) unless there is one
		if !blankBefore(f.Content, d.LineStart) {
			spans = append(spans, source.Span{Off: len(out), From: f, FromOff: d.LineStart})
			out = append(out, '\n')
		}
		base := len(out)
		for _, s := range subSpans {
			s.Off += base
			spans = append(spans, s)
		}
		out = append(out, sub...)
		if len(sub) > 0 && sub[len(sub)-1] != '\n' {
			spans = append(spans, source.Span{Off: len(out), From: f, FromOff: d.LineStart})
			out = append(out, '\n')
		}
		// the include line's own newline then ends the block
		last = d.LineEnd
	}
	if spans == nil {
		return nil, nil, diags
	}
	spans = append(spans, source.Span{Off: len(out), From: f, FromOff: last})
	out = append(out, f.Content[last:]...)
	return out, spans, diags
}

// readsContent reports whether an include, by its path or label, holds
// what graphdoc reads (a permissions table, or another table), so that
// losing it matters: a missing note or disclaimer is only a note.
func readsContent(d Directive) bool {
	t, l := strings.ToLower(d.Target), strings.ToLower(d.Label)
	return strings.Contains(t, "permissions/") || strings.Contains(l, "table") || strings.Contains(path.Base(t), "table")
}

func indexOf(stack []string, p string) int {
	for i, s := range stack {
		if s == p {
			return i
		}
	}
	return -1
}

// blankBefore reports whether the line before offset off (a line start)
// is blank, or there is none.
func blankBefore(b []byte, off int) bool {
	if off == 0 {
		return true
	}
	prev := b[:off-1]
	if i := bytes.LastIndexByte(prev, '\n'); i >= 0 {
		prev = prev[i+1:]
	}
	return len(bytes.TrimSpace(prev)) == 0
}

// frontMatterEnd returns the offset just past an include file's front
// matter (`---` lines at the top), or 0 when it has none.
func frontMatterEnd(b []byte) int {
	start := 0
	if bytes.HasPrefix(b, []byte("\ufeff")) {
		start = 3
	}
	if !isDashes(lineAt(b, start)) {
		return start
	}
	for off := bytes.IndexByte(b[start:], '\n'); off >= 0; {
		off += start + 1
		if off >= len(b) {
			break
		}
		if isDashes(lineAt(b, off)) {
			if nl := bytes.IndexByte(b[off:], '\n'); nl >= 0 {
				return off + nl + 1
			}
			return len(b)
		}
		start = off
		off = bytes.IndexByte(b[start:], '\n')
	}
	return 0 // never closed: read it all
}

func lineAt(b []byte, off int) []byte {
	if i := bytes.IndexByte(b[off:], '\n'); i >= 0 {
		return b[off : off+i]
	}
	return b[off:]
}

func isDashes(line []byte) bool { return string(bytes.TrimRight(line, " \t\r")) == "---" }

// dataTable reports whether b holds a table of the kind graphdoc reads: a
// header row whose first cell names permissions, properties, parameters,
// relationships or enum members, over a delimiter row. Includes with other
// tables (national cloud matrices, error codes, limits) are prose to
// graphdoc: splicing them would put foreign tables, and their headings,
// into the page.
func dataTable(b []byte) bool {
	var prev []byte
	for len(b) > 0 {
		line := lineAt(b, 0)
		if prev != nil && isDelimiterRow(line) && dataHeader(prev) {
			return true
		}
		prev = nil
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] == '|' {
			prev = t
		}
		if len(line) == len(b) {
			break
		}
		b = b[len(line)+1:]
	}
	return false
}

// isDelimiterRow reports whether line is a table's delimiter row
// (`|:---|---|`).
func isDelimiterRow(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) < 3 || !bytes.Contains(t, []byte("-")) {
		return false
	}
	for _, c := range t {
		if c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// dataHeader reports whether a header row's first cell is one graphdoc
// reads tables by.
func dataHeader(row []byte) bool {
	cell := strings.TrimPrefix(string(row), "|")
	if i := strings.IndexByte(cell, '|'); i >= 0 {
		cell = cell[:i]
	}
	cell = strings.ToLower(strings.Trim(strings.TrimSpace(cell), "*_` "))
	for _, w := range []string{"permission", "propert", "parameter", "relationship", "member"} {
		if strings.HasPrefix(cell, w) {
			return true
		}
	}
	return cell == "name" || cell == "value" || cell == "supported resource"
}
