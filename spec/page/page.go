// Package page reads one Microsoft Graph reference page (markdown) into a
// page model that keeps the byte offset of everything it read.
//
// Scanning has two steps. Scan walks goldmark's block tree once and cuts the
// page into front matter, title, sections and blocks (headings, paragraphs,
// tables, code blocks, annotation comments). Extraction then reads those
// blocks by page kind into typed parts: permissions, HTTP request lines,
// request headers, parameter and property tables, response, examples,
// properties, relationships and enums.
//
// The package knows nothing about other pages: names stay as written (a link
// text, a bare identifier); the model package resolves them.
package page

import (
	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/source"
)

// Kind is what a page documents.
type Kind uint8

// The page kinds.
const (
	KindUnknown Kind = iota
	KindAPI
	KindResource
	KindEnum
	KindConceptual
)

// String returns the doc_type spelling of the kind.
func (k Kind) String() string {
	switch k {
	case KindAPI:
		return "apiPageType"
	case KindResource:
		return "resourcePageType"
	case KindEnum:
		return "enumPageType"
	case KindConceptual:
		return "conceptualPageType"
	}
	return "unknown"
}

// Text is a piece of text with the byte offset where it starts.
type Text struct {
	Text string
	Off  int
}

// Page is one scanned page.
type Page struct {
	File  *source.File
	Kind  Kind
	Front []Field // front matter, in order
	Title Text    // the H1 text
	// Namespace is the value of the `Namespace:` line ("" when absent).
	Namespace Text
	// Summary is the first paragraph after the title and namespace, as
	// markdown.
	Summary  Text
	Intro    []Text     // every paragraph before the first H2, as markdown
	Sections []*Section // H2 sections, in order
	// Refs holds reference-style link definitions ([label]: dest), keyed by
	// lower-cased label.
	Refs map[string]string
	// Trailer is the page annotation (`"type": "#page.annotation"`), if any.
	Trailer *Annotation

	API      *API      // set for API pages
	Resource *Resource // set for resource pages
	Enums    []*Enum   // enum pages, multi-enum pages and enum tables embedded in resource pages

	Diags diag.List
}

// Field is one `key: value` line of the front matter.
type Field struct {
	Key, Value string
	Off        int // offset of the key
	ValueOff   int // offset of the value
}

// FrontValue returns the value of front matter key k.
func (p *Page) FrontValue(k string) (Field, bool) {
	for _, f := range p.Front {
		if f.Key == k {
			return f, true
		}
	}
	return Field{}, false
}

// Pos converts an offset in the page into a position.
func (p *Page) Pos(off int) source.Position { return p.File.Position(off) }

// addDiag records a diagnostic at offset off.
func (p *Page) addDiag(off int, code diag.Code, format string, args ...any) {
	p.Diags.Add(p.Pos(off), code, format, args...)
}

// Section is an H2 section and the blocks under it, up to the next H2 (or
// real H1; docfx tab markers do not end a section).
type Section struct {
	Heading Text
	Canon   Canon
	Blocks  []*Block
}

// BlockKind says what a block is.
type BlockKind uint8

// The block kinds.
const (
	BlockHeading BlockKind = iota + 1
	BlockParagraph
	BlockTable
	BlockCode
	BlockComment
)

// Block is one block of a section, in document order.
type Block struct {
	Kind  BlockKind
	Off   int
	Level int    // headings: 1-6
	Text  string // headings: text; paragraphs: raw markdown; code: content; comments: raw comment
	Info  string // code blocks: info string, trimmed and lower-cased
	// ContentOff is where a code block's content starts.
	ContentOff int
	// Closed is false for a fenced code block that runs to the end of the
	// page.
	Closed bool
	Table  *Table
	// Annotation is the annotation comment that precedes a code block, or
	// the parsed content of a comment block.
	Annotation *Annotation
}

// Table is a GFM table read from its raw lines.
type Table struct {
	Off    int
	Header []Cell
	Rows   [][]Cell
}

// Cell is one table cell: its raw markdown, trimmed, and its offset.
type Cell struct {
	Raw string
	Off int
}
