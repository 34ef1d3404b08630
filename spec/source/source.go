// Package source holds the text of one input page and turns byte offsets
// into line:column positions, the way go/token does for Go files.
//
// Every stage that reads a page keeps byte offsets; only diagnostics and
// error messages convert them to positions, at the edge.
package source

import (
	"sort"
	"strings"
	"unicode/utf8"
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
	lines   []int // byte offset of the start of each line
}

// NewFile returns a File for content read from path.
func NewFile(path string, content []byte) *File {
	name := path
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	f := &File{Path: path, Name: name, Content: content}
	f.lines = append(f.lines, 0)
	for i, b := range content {
		if b == '\n' && i+1 <= len(content) {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
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
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return Position{Path: f.Path, Line: i + 1, Col: off - f.lines[i] + 1}
}

// LineCount returns the number of lines in the file.
func (f *File) LineCount() int { return len(f.lines) }

// LineStart returns the byte offset where 1-based line n starts, clamped to
// the file.
func (f *File) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(f.lines) {
		return len(f.Content)
	}
	return f.lines[n-1]
}

// Line returns the text of the line holding offset off, without its newline,
// and the offset where that line starts.
func (f *File) Line(off int) (string, int) {
	p := f.Position(off)
	start := f.lines[p.Line-1]
	end := len(f.Content)
	if p.Line < len(f.lines) {
		end = f.lines[p.Line] - 1
	}
	if end < start {
		end = start
	}
	return string(f.Content[start:end]), start
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
