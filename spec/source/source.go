// Package source holds the text of one input page and turns byte offsets
// into line:column positions, the way go/token does for Go files.
//
// Every stage that reads a page keeps byte offsets; they become positions
// where something is reported or recorded for reporting later (a
// diagnostic, the position the linker keeps for a type or operation).
package source

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// File is one input page: its path as the user named it (slash-separated,
// relative to the docs root when known) and its content.
type File struct {
	Path string
	// Name is the path relative to the docs root the page was found under
	// (api/user-get.md), used for provenance in the output. It is Path's
	// base name for a page named on its own.
	Name    string
	Content []byte
	// Text is Content as a string. It shares Content's memory, so that
	// the names and descriptions read from a page are substrings of one
	// string rather than a copy each: Content must not be modified once
	// the File is made.
	Text string

	index sync.Once
	lines []int // byte offset of the start of each line, made on first use

	// spans map an expanded page (include files spliced into it) back to
	// the files its bytes came from, in offset order; nil for a file that
	// is its own source.
	spans []Span
}

// Span says where a run of an expanded file's bytes came from: the bytes
// from Off up to the next span's Off are From's bytes from FromOff on.
// From is never itself an expanded file.
type Span struct {
	Off     int
	From    *File
	FromOff int
}

// NewExpanded returns a File for content made by splicing other files'
// bytes together (a page with its includes resolved); spans, sorted by Off
// and starting at 0, say where each run of bytes came from. Positions in
// the file name the file and line each byte came from.
func NewExpanded(path string, content []byte, spans []Span) *File {
	f := NewFile(path, content)
	f.spans = spans
	return f
}

// Spans returns the spans of an expanded file (nil for a plain file).
func (f *File) Spans() []Span { return f.spans }

// WithContent returns a file with f's path, name and spans but new
// content of about the same layout (the page with invalid UTF-8 replaced):
// positions past a changed byte may be off by the change in length.
func (f *File) WithContent(content []byte) *File {
	g := NewFile(f.Path, content)
	g.Name, g.spans = f.Name, f.spans
	return g
}

// Origins returns the paths of the files an expanded file's bytes came
// from, the file's own first, each once; a plain file's is its own path.
func (f *File) Origins() []string {
	out := []string{f.Path}
	for _, s := range f.spans {
		p := s.From.Path
		found := false
		for _, o := range out {
			if o == p {
				found = true
				break
			}
		}
		if !found {
			out = append(out, p)
		}
	}
	return out
}

// NewFile returns a File for content read from path.
func NewFile(path string, content []byte) *File {
	name := path
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	f := &File{Path: path, Name: name, Content: content}
	if len(content) > 0 {
		f.Text = unsafe.String(unsafe.SliceData(content), len(content))
	}
	return f
}

// lineStarts returns the offset of the start of each line. Most pages never
// need it (only diagnostics do), so it is made on first use.
func (f *File) lineStarts() []int {
	f.index.Do(func() {
		lines := make([]int, 1, bytes.Count(f.Content, []byte{'\n'})+1)
		for off := 0; ; {
			i := bytes.IndexByte(f.Content[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
			lines = append(lines, off)
		}
		f.lines = lines
	})
	return f.lines
}

// Position is a human-facing place in a file: 1-based line and column.
// The column counts bytes, as Go's own tools do.
type Position struct {
	Path string
	Line int
	Col  int
}

// IsValid reports whether the position names a line.
func (p Position) IsValid() bool { return p.Line > 0 }

// String formats the position as path:line:col, or path alone when the
// position has no line.
func (p Position) String() string {
	if !p.IsValid() {
		return p.Path
	}
	return p.Path + ":" + itoa(p.Line) + ":" + itoa(p.Col)
}

// Position converts a byte offset into a Position. Offsets outside the
// content are clamped to its ends, so a bad offset never panics.
func (f *File) Position(off int) Position {
	if f == nil {
		return Position{}
	}
	if off < 0 {
		off = 0
	}
	if off > len(f.Content) {
		off = len(f.Content)
	}
	if len(f.spans) > 0 {
		i := sort.Search(len(f.spans), func(i int) bool { return f.spans[i].Off > off }) - 1
		if i >= 0 {
			s := f.spans[i]
			return s.From.Position(s.FromOff + off - s.Off)
		}
	}
	lines := f.lineStarts()
	i := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return Position{Path: f.Path, Line: i + 1, Col: off - lines[i] + 1}
}

// LineCount returns the number of lines in the file.
func (f *File) LineCount() int { return len(f.lineStarts()) }

// LineStart returns the byte offset where 1-based line n starts, clamped to
// the file.
func (f *File) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	lines := f.lineStarts()
	if n > len(lines) {
		return len(f.Content)
	}
	return lines[n-1]
}

// Line returns the text of the line holding offset off, without its newline,
// and the offset where that line starts.
func (f *File) Line(off int) (string, int) {
	off = min(max(off, 0), len(f.Content))
	lines := f.lineStarts()
	i := max(sort.Search(len(lines), func(i int) bool { return lines[i] > off })-1, 0)
	start := lines[i]
	end := len(f.Content)
	if i+1 < len(lines) {
		end = lines[i+1] - 1
	}
	if end < start {
		end = start
	}
	return f.Text[start:end], start
}

// ValidUTF8 reports whether the content is valid UTF-8.
func (f *File) ValidUTF8() bool { return utf8.Valid(f.Content) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
