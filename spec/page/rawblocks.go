package page

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Paragraphs, tables and headings leave goldmark as raw blocks. The
// scanner reads their text from the source and never looks at inline
// nodes, yet goldmark runs its inline pass over every block that is not
// raw, building a text node per line: a third of the parse, for nothing.
// rawBlocks is the last paragraph transformer: it does what the GFM table
// transformer and the paragraph parser's Close would have done to the
// lines, and swaps the paragraph for a raw block, which the inline pass
// skips; atxHeading does the same for headings.

// fencedCode is goldmark's fenced code block parser, except that a code
// line that follows the one before it in the page extends that line's
// segment instead of adding one: the scanner cuts code text from the page
// as one piece anyway, and a 300-line JSON example was 300 segments.
type fencedCode struct{ parser.BlockParser }

func (f fencedCode) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	state := f.BlockParser.Continue(node, reader, pc)
	l := node.Lines()
	if n := l.Len(); n >= 2 {
		a, b := l.At(n-2), l.At(n-1)
		src := reader.Source()
		if a.Padding == 0 && b.Padding == 0 && a.Stop == b.Start && a.Stop > a.Start && a.Stop <= len(src) && src[a.Stop-1] == '\n' {
			a.Stop = b.Stop
			a.ForceNewline = b.ForceNewline
			l.Set(n-2, a)
			l.SetSliced(0, n-1)
		}
	}
	return state
}

// atxHeading is goldmark's ATX heading parser, except that a closed
// heading becomes a rawHeading, which the inline pass skips.
type atxHeading struct{ parser.BlockParser }

func (h atxHeading) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	h.BlockParser.Close(node, reader, pc)
	hd, ok := node.(*ast.Heading)
	if !ok || node.Parent() == nil {
		return
	}
	raw := &rawHeading{Level: hd.Level}
	raw.SetPos(hd.Pos())
	raw.SetLines(hd.Lines())
	node.Parent().ReplaceChild(node.Parent(), node, raw)
}

// rawHeading is an ATX heading: its level and its text line.
type rawHeading struct {
	ast.BaseBlock
	Level int
}

var kindRawHeading = ast.NewNodeKind("GraphdocRawHeading")

func (*rawHeading) Kind() ast.NodeKind { return kindRawHeading }
func (*rawHeading) IsRaw() bool        { return true }
func (n *rawHeading) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// rawParagraph is a paragraph whose lines are trimmed as goldmark's
// paragraph parser trims them.
type rawParagraph struct{ ast.BaseBlock }

// rawTable is a GFM table: Lines holds the header line, then one line per
// row (the delimiter line left out), untrimmed.
type rawTable struct{ ast.BaseBlock }

var (
	kindRawParagraph = ast.NewNodeKind("GraphdocRawParagraph")
	kindRawTable     = ast.NewNodeKind("GraphdocRawTable")
)

func (*rawParagraph) Kind() ast.NodeKind { return kindRawParagraph }
func (*rawParagraph) IsRaw() bool        { return true }
func (n *rawParagraph) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// Pos is the start of the first line, as for goldmark's paragraphs.
func (n *rawParagraph) Pos() int {
	if n.Lines().Len() == 0 {
		return -1
	}
	return n.Lines().At(0).Start
}

func (*rawTable) Kind() ast.NodeKind { return kindRawTable }
func (*rawTable) IsRaw() bool        { return true }
func (n *rawTable) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

type rawBlocks struct{}

// Transform finds a table the way goldmark's GFM table transformer does
// (the first delimiter line whose header line has no more cells than it;
// every later line is a row), then replaces what is left of the paragraph
// with a rawParagraph.
func (rawBlocks) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	transformRaw(node, reader.Source())
}

// transformRaw is rawBlocks' Transform of a paragraph of src.
func transformRaw(node *ast.Paragraph, src []byte) {
	lines := node.Lines()
	parent := node.Parent()
	n := lines.Len()
	keep := n
	var table *rawTable
	for i := 1; i < n; i++ {
		l := lines.At(i)
		cols := delimiterColumns(l.Value(src))
		if cols == 0 {
			continue
		}
		if headerCells(lines.At(i-1), src) > cols {
			break
		}
		// the table's lines are the paragraph's from the header on,
		// without the delimiter line: the header moves into its slot,
		// and the table shares the paragraph's segments
		table = &rawTable{}
		table.SetPos(node.Pos())
		lines.Set(i, lines.At(i-1))
		rows := *lines
		rows.SetSliced(i, n)
		table.SetLines(&rows)
		keep = i - 1
		break
	}
	var para *rawParagraph
	if keep > 0 {
		para = &rawParagraph{}
		for i := range keep {
			l := lines.At(i)
			if i == keep-1 && table != nil {
				l.Stop-- // the newline before the table
			}
			lines.Set(i, l.TrimLeftSpace(src))
		}
		last := lines.At(keep - 1)
		lines.Set(keep-1, last.TrimRightSpace(src))
		lines.SetSliced(0, keep)
		para.SetLines(lines)
	}
	if para != nil {
		parent.InsertBefore(parent, node, para)
	}
	if table != nil {
		parent.InsertBefore(parent, node, table)
	}
	parent.RemoveChild(parent, node)
}

// headerCells counts the cells of a table header line as goldmark does:
// split at pipes not preceded by a backslash, after dropping one leading
// and one trailing pipe.
func headerCells(seg text.Segment, src []byte) int {
	seg = seg.TrimLeftSpace(src)
	seg = seg.TrimRightSpace(src)
	line := seg.Value(src)
	pos, limit := 0, len(line)
	if limit > 0 && line[0] == '|' {
		pos++
	}
	if limit > 0 && line[limit-1] == '|' {
		limit--
	}
	n := 0
	for pos < limit {
		n++
		c := pos
		for ; c < limit; c++ {
			if line[c] == '|' && (c == 0 || line[c-1] != '\\') {
				break
			}
		}
		pos = c + 1
	}
	return n
}

// delimiterColumns returns the number of columns of a GFM table delimiter
// line (|---|:--:|), or 0 when line is not one.
func delimiterColumns(line []byte) int {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return 0
	}
	allDash := true
	for _, b := range line {
		if b != '-' {
			allDash = false
		}
		if !util.IsSpace(b) && b != '-' && b != '|' && b != ':' {
			return 0
		}
	}
	if allDash {
		return 0
	}
	// columns are the pieces between pipes, without a blank first or last
	// piece; each must be spaces, an optional colon, dashes, an optional
	// colon and spaces
	cols, first, start := 0, true, 0
	for i := 0; i <= len(line); i++ {
		if i < len(line) && line[i] != '|' {
			continue
		}
		piece := line[start:i]
		start = i + 1
		last := i == len(line)
		if (first || last) && util.IsBlank(piece) {
			first = false
			continue
		}
		first = false
		if !delimiterCell(piece) {
			return 0
		}
		cols++
	}
	return cols
}

// delimiterCell matches `\s*:?-+:?\s*` (Go's \s: tab, newline, form feed,
// carriage return, space).
func delimiterCell(b []byte) bool {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	i, j := 0, len(b)
	for i < j && isSpace(b[i]) {
		i++
	}
	for j > i && isSpace(b[j-1]) {
		j--
	}
	if i < j && b[i] == ':' {
		i++
	}
	if j > i && b[j-1] == ':' {
		j--
	}
	if i == j {
		return false
	}
	for _, c := range b[i:j] {
		if c != '-' {
			return false
		}
	}
	return true
}
