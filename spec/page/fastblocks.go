package page

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// fastBlocks reads the block structure of a page body as the goldmark
// parser of scan.go does, without goldmark's parse loop, for the markdown
// most Graph pages are written in: ATX headings, paragraphs and the GFM
// tables in them, fenced code at the margin, HTML comments, thematic
// breaks, blank lines, and block quotes of paragraphs (notes). It builds
// the nodes goldmark would (rawHeading, rawParagraph, rawTable,
// FencedCodeBlock with fencedCode's merged lines, HTMLBlock), block quotes
// left out: the scanner reads only what is inside them. At the first line
// it is not sure of (a list item, indented code, other HTML, a link
// reference definition, a tab in an indent, a quote holding more than
// paragraphs, a fence off the margin) it gives up, and the page goes to
// goldmark: on the beta corpus, nine pages in ten take this path, at a
// fraction of goldmark's cost. TestCorpusBlocksMatchGoldmark and
// FuzzBlocks hold what it reads to goldmark's own reading. The logic
// follows goldmark's block parsers (paragraph, atx_heading, fcode_block,
// html_block, blockquote, thematic_break, list, link_ref) and uses its
// util functions for spaces and indents.
func fastBlocks(src []byte) (*ast.Document, bool) {
	f := fastReader{src: src, doc: ast.NewDocument()}
	if !f.read() {
		return nil, false
	}
	return f.doc, true
}

type fastReader struct {
	src []byte
	doc *ast.Document
	// para holds the lines of the open paragraph (none when empty); it is
	// in a block quote when inQuote
	para    []text.Segment
	paraPos int
	inQuote bool
	// quote is set while a block quote is open, with or without an open
	// paragraph
	quote bool
	// fence is the open fenced code block
	fence     *ast.FencedCodeBlock
	fenceChar byte
	fenceLen  int
	fenceCode text.Segment // its lines, merged; Stop < 0 while none
	// html is the open HTML comment block; htmlClosedFirst says that its
	// first line holds the -->
	html            *ast.HTMLBlock
	htmlClosedFirst bool
}

var htmlCommentClose = []byte("-->")

func (f *fastReader) read() bool {
	src := f.src
	for start := 0; start < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		line := src[start:end]
		switch {
		case f.fence != nil:
			f.fenceLine(line, start, end)
		case f.html != nil:
			if f.htmlLine(line, start, end) {
				continue // the line was not the block's: read it again
			}
		default:
			if !f.line(line, start, end) {
				return false
			}
		}
		start = end
	}
	f.closePara()
	f.closeFence()
	return true
}

// line reads a line outside code and HTML blocks.
func (f *fastReader) line(line []byte, start, end int) bool {
	if util.IsBlank(line) {
		f.closePara()
		f.quote = false
		return true
	}
	w, pos := util.IndentWidth(line, 0)
	if bytes.IndexByte(line[:pos], '\t') >= 0 {
		return false
	}
	seg := text.NewSegment(start, end)
	if w >= 4 {
		// a paragraph's (lazy) continuation, else indented code
		if len(f.para) == 0 {
			return false
		}
		f.para = append(f.para, seg)
		return true
	}
	switch c := line[pos]; c {
	case '>':
		return f.quoteLine(line, start, end, pos)
	case '#':
		if h := atxOpen(line, start, pos); h != nil {
			f.closeAll()
			f.doc.AppendChild(f.doc, h)
			return true
		}
	case '`', '~':
		if fence, n := fenceOpen(line, start, end, pos); fence != nil {
			if pos != 0 {
				return false
			}
			f.closeAll()
			f.fence = fence
			f.fenceChar = c
			f.fenceLen = n
			f.fenceCode = text.Segment{Start: -1, Stop: -1}
			f.doc.AppendChild(f.doc, fence)
			return true
		}
	case '<':
		if !bytes.HasPrefix(line[pos:], []byte("<!--")) {
			return false
		}
		f.closeAll()
		h := ast.NewHTMLBlock(ast.HTMLBlockType2)
		h.SetPos(start + pos)
		h.Lines().Append(text.NewSegment(start, end))
		f.html = h
		f.htmlClosedFirst = bytes.Contains(line, htmlCommentClose)
		f.doc.AppendChild(f.doc, h)
		return true
	}
	if breakOrList(line, pos) {
		if !thematicBreak(line) {
			return false // a list item
		}
		f.closeAll()
		return true
	}
	if len(f.para) > 0 {
		f.para = append(f.para, seg)
		return true
	}
	f.quote = false
	if mayBeLinkDef(line, pos) {
		return false
	}
	f.para = append(f.para, seg)
	f.paraPos = start + pos
	f.inQuote = false
	return true
}

// quoteLine reads a line that starts with > (after at most three spaces):
// blockquote.go's process, then the quote's paragraph.
func (f *fastReader) quoteLine(line []byte, start, end, pos int) bool {
	if !f.quote || !f.inQuote {
		// a new quote, which ends an open paragraph outside it
		f.closePara()
	}
	f.quote = true
	p := pos + 1
	if p < len(line) && line[p] == '\t' {
		return false
	}
	if p < len(line) && line[p] == ' ' {
		p++
	}
	rest := line[p:]
	if util.IsBlank(rest) {
		f.closePara()
		return true
	}
	w, rpos := util.IndentWidth(rest, 0)
	if bytes.IndexByte(rest[:rpos], '\t') >= 0 {
		return false
	}
	seg := text.NewSegment(start+p, end)
	if w >= 4 {
		if len(f.para) == 0 {
			return false // indented code in the quote
		}
		f.para = append(f.para, seg)
		return true
	}
	switch rest[rpos] {
	case '>', '<':
		return false
	case '#':
		if atxOpen(rest, start+p, rpos) != nil {
			return false
		}
	case '`', '~':
		if fence, _ := fenceOpen(rest, start+p, end, rpos); fence != nil {
			return false
		}
	}
	if breakOrList(rest, rpos) {
		return false
	}
	if len(f.para) > 0 {
		f.para = append(f.para, seg)
		return true
	}
	if mayBeLinkDef(rest, rpos) {
		return false
	}
	f.para = append(f.para, seg)
	f.paraPos = start + p + rpos
	f.inQuote = true
	return true
}

// closeAll ends the open paragraph and block quote, as a block that can
// interrupt a paragraph does.
func (f *fastReader) closeAll() {
	f.closePara()
	f.quote = false
}

// closePara ends the open paragraph: the paragraph goes through the
// paragraph transformer (rawBlocks) as goldmark's would.
func (f *fastReader) closePara() {
	if len(f.para) == 0 {
		return
	}
	p := ast.NewParagraph()
	p.SetPos(f.paraPos)
	p.Lines().AppendAll(f.para)
	f.doc.AppendChild(f.doc, p)
	transformRaw(p, f.src)
	f.para = f.para[:0]
}

// fenceLine reads a line inside a fenced code block (fcode_block.go's
// Continue, with the fence at the margin, and fencedCode's merging).
func (f *fastReader) fenceLine(line []byte, start, end int) {
	if w, pos := util.IndentWidth(line, 0); w < 4 {
		i := pos
		for i < len(line) && line[i] == f.fenceChar {
			i++
		}
		if i-pos >= f.fenceLen && util.IsBlank(line[i:]) {
			f.closeFence()
			return
		}
	}
	if f.fenceCode.Stop < 0 {
		f.fenceCode = text.NewSegment(start, end)
	} else {
		f.fenceCode.Stop = end
	}
}

func (f *fastReader) closeFence() {
	if f.fence == nil {
		return
	}
	if f.fenceCode.Stop >= 0 {
		seg := f.fenceCode
		seg.ForceNewline = true
		f.fence.Lines().Append(seg)
	}
	f.fence = nil
}

// htmlLine reads a line after an HTML comment's first (html_block.go's
// Continue for type 2). It reports whether the block ended before the
// line, which is then read again.
func (f *fastReader) htmlLine(line []byte, start, end int) (again bool) {
	if f.html.Lines().Len() == 1 && f.htmlClosedFirst {
		f.html = nil
		return true
	}
	seg := text.NewSegment(start, end)
	if bytes.Contains(line, htmlCommentClose) {
		f.html.ClosureLine = seg
		f.html = nil
		return false
	}
	f.html.Lines().Append(seg)
	return false
}

// atxOpen is atx_heading.go's Open and atxHeading's Close: the heading
// a line opens (pos: its first non-space byte), or nil.
func atxOpen(line []byte, start, pos int) *rawHeading {
	i := pos
	for i < len(line) && line[i] == '#' {
		i++
	}
	level := i - pos
	if i == pos || level > 6 {
		return nil
	}
	h := &rawHeading{Level: level}
	h.SetPos(start + pos)
	if i == len(line) {
		return h
	}
	l := util.TrimLeftSpaceLength(line[i:])
	if l == 0 {
		return nil
	}
	from := min(i+l, len(line)-1)
	hl := trimRightSpace(text.NewSegment(start+from, start+len(line)), line, start)
	if hl.Len() == 0 {
		return h
	}
	v := line[hl.Start-start : hl.Stop-start]
	stop := len(v)
	if stop > 0 {
		j := stop - 1
		for v[j] == '#' && j > 0 {
			j--
		}
		if j == 0 && v[0] == '#' {
			return h
		}
		if j != stop-1 && util.IsSpace(v[j]) {
			stop = j
			stop -= util.TrimRightSpaceLength(v[0:stop])
		}
	}
	hl.Stop = hl.Start + stop
	h.Lines().Append(hl)
	return h
}

// trimRightSpace is Segment.TrimRightSpace for a segment of line, which
// starts at offset start of the source.
func trimRightSpace(seg text.Segment, line []byte, start int) text.Segment {
	v := line[seg.Start-start : seg.Stop-start]
	return seg.WithStop(seg.Stop - util.TrimRightSpaceLength(v))
}

// fenceOpen is fcode_block.go's Open: the fenced code block a line opens
// (pos: its first non-space byte), with its info string, and the length
// of its fence; nil when the line opens none.
func fenceOpen(line []byte, start, end, pos int) (*ast.FencedCodeBlock, int) {
	c := line[pos]
	i := pos
	for i < len(line) && line[i] == c {
		i++
	}
	n := i - pos
	if n < 3 {
		return nil, 0
	}
	var info *ast.Text
	if i < len(line)-1 {
		rest := line[i:]
		left := util.TrimLeftSpaceLength(rest)
		right := util.TrimRightSpaceLength(rest)
		if left < len(rest)-right {
			infoStart, infoStop := start+i+left, end-right
			value := rest[left : len(rest)-right]
			if c == '`' && bytes.IndexByte(value, '`') >= 0 {
				return nil, 0
			} else if infoStart != infoStop {
				info = ast.NewTextSegment(text.NewSegment(infoStart, infoStop))
			}
		}
	}
	b := ast.NewFencedCodeBlock(info)
	b.SetPos(start + pos)
	return b, n
}

// breakOrList reports whether a line (pos: its first non-space byte) may
// be a thematic break or a list item.
func breakOrList(line []byte, pos int) bool {
	switch c := line[pos]; {
	case c == '_':
		return thematicBreak(line)
	case c == '-' || c == '*' || c == '+':
		if thematicBreak(line) {
			return true
		}
		return pos+1 == len(line) || line[pos+1] == '\n' || line[pos+1] == ' ' || line[pos+1] == '\t'
	case '0' <= c && c <= '9':
		i := pos
		for i < len(line) && '0' <= line[i] && line[i] <= '9' {
			i++
		}
		if i-pos > 9 || i == len(line) || (line[i] != '.' && line[i] != ')') {
			return false
		}
		i++
		return i == len(line) || line[i] == '\n' || line[i] == ' ' || line[i] == '\t'
	}
	return false
}

// thematicBreak is thematic_break.go's isThematicBreak.
func thematicBreak(line []byte) bool {
	w, pos := util.IndentWidth(line, 0)
	if w > 3 {
		return false
	}
	mark, count := byte(0), 0
	for _, c := range line[pos:] {
		if util.IsSpace(c) {
			continue
		}
		if mark == 0 {
			mark, count = c, 1
			if mark == '*' || mark == '-' || mark == '_' {
				continue
			}
			return false
		}
		if c != mark {
			return false
		}
		count++
	}
	return count > 2
}

// mayBeLinkDef reports whether a paragraph whose first line is line (pos:
// its first non-space byte) may begin with a link reference definition:
// it starts with [ and the first unescaped ] on the line, with no
// unescaped [ before it, is followed by a colon, or the line has neither
// (link_ref.go and FindClosure without nesting).
func mayBeLinkDef(line []byte, pos int) bool {
	if line[pos] != '[' {
		return false
	}
	for i := pos + 1; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\' && i < len(line)-1 && util.IsPunct(line[i+1]):
			i++
		case c == ']':
			// the label ends here: a definition has a colon next
			return i+1 < len(line) && line[i+1] == ':'
		case c == '[':
			return false
		}
	}
	return true
}
