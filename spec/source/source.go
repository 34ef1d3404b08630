// Package source holds the text of one input page and turns byte offsets
// into line:column positions, the way go/token does for Go files.
//
// Every stage that reads a page keeps byte offsets; only diagnostics and
// error messages convert them to positions, at the edge.
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
	p := f.Position(off)
	lines := f.lineStarts()
	start := lines[p.Line-1]
	end := len(f.Content)
	if p.Line < len(lines) {
		end = lines[p.Line] - 1
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
