package page

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/source"
)

// parsers hands out goldmark block parsers, for the pages fastBlocks
// (fastblocks.go) does not read. Only block structure is
// needed: inline markdown (links in cells and prose) is read from the raw
// text by this package, so goldmark runs with no inline parsers, and
// paragraphs, tables and headings come out as raw blocks (rawblocks.go).
// Setext headings are off too: Graph pages have none, and a `---` line
// after text must stay a thematic break (docfx tab groups end that way).
var parsers = sync.Pool{New: func() any {
	return parser.NewParser(
		parser.WithBlockParsers(blockParsers(atxHeading{parser.NewATXHeadingParser()}, fencedCode{parser.NewFencedCodeBlockParser()})...),
		parser.WithInlineParsers(),
		parser.WithParagraphTransformers(
			util.Prioritized(parser.LinkReferenceParagraphTransformer, 100),
			util.Prioritized(rawBlocks{}, 200),
		),
	)
}}

// blockParsers are goldmark's block parsers but the setext heading's, with
// the given ATX heading and fenced code block parsers.
func blockParsers(atx, fenced parser.BlockParser) []util.PrioritizedValue {
	return []util.PrioritizedValue{
		util.Prioritized(parser.NewThematicBreakParser(), 200),
		util.Prioritized(parser.NewListParser(), 300),
		util.Prioritized(parser.NewListItemParser(), 400),
		util.Prioritized(parser.NewCodeBlockParser(), 500),
		util.Prioritized(atx, 600),
		util.Prioritized(fenced, 700),
		util.Prioritized(parser.NewBlockquoteParser(), 800),
		util.Prioritized(parser.NewHTMLBlockParser(), 900),
		util.Prioritized(parser.NewParagraphParser(), 1000),
	}
}

// Scan reads one page. It never fails: every problem becomes a diagnostic in
// the page's Diags. A panic inside scanning is recovered and reported as an
// internal-error diagnostic, with whatever was read so far kept.
func Scan(f *source.File) (p *Page) {
	p = &Page{File: f}
	defer func() {
		if r := recover(); r != nil {
			p.addDiag(0, diag.InternalError, "scanner panic: %v", r)
		}
	}()
	if !utf8.Valid(f.Content) {
		p.addDiag(firstInvalidUTF8(f.Content), diag.InvalidUTF8, "page is not valid UTF-8; invalid bytes are read as U+FFFD")
		// read a copy in which every invalid sequence is U+FFFD, so that
		// no name, path or description carries invalid UTF-8 into the
		// spec. Lines stay where they were; on a line with invalid bytes,
		// later columns count the replacement characters.
		p.File = f.WithContent(bytes.ToValidUTF8(f.Content, []byte("\uFFFD")))
	}
	base := p.scanFrontMatter()
	p.scanBody(base)
	p.classify()
	p.extract()
	// the linker asks for the position of most of what a page defines:
	// index the lines here, where pages are scanned in parallel
	p.File.LineCount()
	return p
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// scanner is the state of one walk over goldmark's tree.
type scanner struct {
	p    *Page
	src  []byte // whole file
	base int    // offset of the markdown body in src
	body []byte
	// text is body as a string (the file's Text): block text is cut
	// from it, not copied
	text string
	cur  *Section
	// intro collects blocks before the first H2.
	intro Section
}

func (p *Page) scanBody(base int) {
	s := &scanner{p: p, src: p.File.Content, base: base, body: p.File.Content[base:], text: p.File.Text[base:]}
	doc, refs := parseBlocks(s.body)
	if len(refs) > 0 {
		p.Refs = make(map[string]string, len(refs))
		for _, r := range refs {
			p.Refs[LowerASCII(strings.TrimSpace(string(r.Label())))] = string(r.Destination())
		}
	}
	s.walk(doc)
	s.finishIntro()
}

// parseBlocks reads a page body's blocks and link reference definitions:
// with fastBlocks when it can (it reads no page that has definitions),
// else with goldmark.
func parseBlocks(body []byte) (ast.Node, []parser.Reference) {
	if doc, ok := fastBlocks(body); ok {
		return doc, nil
	}
	gp := parsers.Get().(parser.Parser)
	defer parsers.Put(gp)
	pc := parser.NewContext()
	doc := gp.Parse(text.NewReader(body), parser.WithContext(pc))
	return doc, pc.References()
}

// walk visits block nodes in document order.
func (s *scanner) walk(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *rawHeading:
			s.heading(c)
		case *ast.Paragraph:
			s.add(&Block{Kind: BlockParagraph, Off: s.base + c.Pos(), Text: s.lines(c.Lines())})
		case *ast.TextBlock:
			s.add(&Block{Kind: BlockParagraph, Off: s.base + c.Pos(), Text: s.lines(c.Lines())})
		case *rawParagraph:
			s.add(&Block{Kind: BlockParagraph, Off: s.base + c.Pos(), Text: s.lines(c.Lines())})
		case *rawTable:
			s.table(c)
		case *ast.FencedCodeBlock:
			s.code(c, LowerASCII(strings.TrimSpace(s.infoText(c))), true)
		case *ast.CodeBlock:
			s.code(c, "", false)
		case *ast.HTMLBlock:
			s.html(c)
		case *ast.List, *ast.ListItem, *ast.Blockquote:
			s.walk(c)
		}
	}
}

func (s *scanner) infoText(c *ast.FencedCodeBlock) string {
	if c.Info == nil {
		return ""
	}
	return s.segment(c.Info.Segment)
}

// segment returns a segment's text: a cut of the page's text unless
// goldmark adds to it (indentation padding, or the newline a code line at
// the end of the page lacks).
func (s *scanner) segment(seg text.Segment) string {
	if seg.Padding == 0 && 0 <= seg.Start && seg.Start <= seg.Stop && seg.Stop <= len(s.text) && !s.addsNewline(seg) {
		return s.text[seg.Start:seg.Stop]
	}
	return string(seg.Value(s.body))
}

// addsNewline reports whether goldmark's Value adds a newline to seg.
func (s *scanner) addsNewline(seg text.Segment) bool {
	return seg.ForceNewline && seg.Stop > seg.Start && seg.Stop <= len(s.body) && s.body[seg.Stop-1] != '\n'
}

// lines joins a block's line segments into one string. Lines that follow
// each other in the page (no container prefix cut out between them) are
// one cut of the page's text; only blocks inside lists and quotes are
// copied.
func (s *scanner) lines(l *text.Segments) string {
	if l == nil || l.Len() == 0 {
		return ""
	}
	n := l.Len()
	first := l.At(0)
	contiguous := first.Padding == 0
	for i := 1; i < n && contiguous; i++ {
		prev, seg := l.At(i-1), l.At(i)
		contiguous = seg.Padding == 0 && seg.Start == prev.Stop && !s.addsNewline(prev)
	}
	if contiguous {
		last := l.At(n - 1)
		all := text.NewSegment(first.Start, last.Stop)
		all.ForceNewline = last.ForceNewline
		return s.segment(all)
	}
	size := 0
	for i := range n {
		seg := l.At(i)
		size += seg.Len() + seg.Padding
	}
	var b strings.Builder
	b.Grow(size)
	for i := range n {
		seg := l.At(i)
		b.Write(seg.Value(s.body))
	}
	return b.String()
}

// add appends a block to the current section (or the intro).
func (s *scanner) add(b *Block) {
	sec := s.cur
	if sec == nil {
		sec = &s.intro
	}
	if b.Kind == BlockCode && len(sec.Blocks) > 0 {
		if prev := sec.Blocks[len(sec.Blocks)-1]; prev.Kind == BlockComment && prev.Annotation != nil && prev.Annotation.Type == "" {
			b.Annotation = prev.Annotation
		}
	}
	sec.Blocks = append(sec.Blocks, b)
}

func (s *scanner) heading(h *rawHeading) {
	raw := strings.TrimSpace(s.lines(h.Lines()))
	raw = strings.TrimSpace(strings.TrimRight(raw, "#"))
	off := s.base + h.Pos()
	if h.Lines() != nil && h.Lines().Len() > 0 {
		off = s.base + h.Lines().At(0).Start
	}
	switch {
	case h.Level == 1 && isTabMarker(raw):
		s.add(&Block{Kind: BlockHeading, Off: off, Level: 1, Text: raw})
	case h.Level == 1 && s.p.Title.Text == "" && s.cur == nil:
		s.p.Title = Text{Plain(raw), off}
	case h.Level == 2 || h.Level == 1:
		s.finishIntro()
		s.cur = &Section{Heading: Text{Plain(raw), off}, Canon: canonSection(Plain(raw))}
		s.p.Sections = append(s.p.Sections, s.cur)
	default:
		s.add(&Block{Kind: BlockHeading, Off: off, Level: h.Level, Text: Plain(raw)})
	}
}

// isTabMarker reports whether an H1 is a docfx tab marker such as
// `# [HTTP](#tab/http)`.
func isTabMarker(s string) bool {
	return strings.HasPrefix(s, "[") && strings.Contains(s, "](#tab/")
}

// finishIntro moves the blocks before the first H2 into the page's
// namespace, summary and intro, once.
func (s *scanner) finishIntro() {
	if s.intro.Blocks == nil {
		return
	}
	blocks := s.intro.Blocks
	s.intro.Blocks = nil
	for _, b := range blocks {
		switch b.Kind {
		case BlockParagraph:
			t := strings.TrimSpace(b.Text)
			if ns, ok := cutNamespace(t); ok && s.p.Namespace.Text == "" {
				off := b.Off + strings.Index(b.Text, ns)
				if dottedName(strings.Trim(ns, ".")) {
					s.p.Namespace = Text{ns, off}
				} else {
					// names in it would not be OpenAPI component names
					s.p.addDiag(off, diag.NamespaceSyntax, "Namespace %q is not a dotted name of letters, digits and _; it is ignored", clip(ns, 80))
				}
				if rest := strings.TrimSpace(afterFirstLine(t)); rest != "" && s.p.Summary.Text == "" {
					s.p.Summary = Text{rest, b.Off}
					s.p.Intro = append(s.p.Intro, s.p.Summary)
				}
				continue
			}
			if strings.HasPrefix(t, ">") || strings.HasPrefix(t, "[!INCLUDE") {
				continue
			}
			if s.p.Summary.Text == "" {
				s.p.Summary = Text{t, b.Off}
			}
			s.p.Intro = append(s.p.Intro, Text{t, b.Off})
		case BlockComment:
			if b.Annotation != nil && b.Annotation.Type != "" {
				s.p.Trailer = b.Annotation
			}
		}
	}
	// keep the intro's tables, code and comments reachable: a few pages put
	// their JSON representation or enum table before any H2
	s.p.Sections = append([]*Section{{Heading: Text{"", 0}, Canon: SecOther, Blocks: blocks}}, s.p.Sections...)
}

// dottedName reports whether s is an OData namespace written in ASCII:
// identifiers (a letter or _, then letters, digits and _) joined by dots.
func dottedName(s string) bool {
	start := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && !start && i < len(s)-1:
			start = true
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			start = false
		case '0' <= c && c <= '9' && !start:
		default:
			return false
		}
	}
	return s != "" && !start
}

// cutNamespace reads `Namespace: x` at the start of a paragraph.
func cutNamespace(t string) (string, bool) {
	if len(t) < 10 || !strings.EqualFold(t[:10], "namespace:") {
		return "", false
	}
	line := t[10:]
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	ns := strings.TrimSpace(Plain(line))
	return ns, ns != ""
}

func afterFirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return ""
}

func (s *scanner) html(h *ast.HTMLBlock) {
	raw := s.lines(h.Lines())
	if h.HasClosure() {
		raw += s.segment(h.ClosureLine)
	}
	off := s.base + h.Pos()
	b := &Block{Kind: BlockComment, Off: off, Text: raw}
	if strings.HasPrefix(strings.TrimSpace(raw), "<!--") {
		b.Annotation = ParseAnnotation(raw, off)
		if a := b.Annotation; a != nil && !a.Strict {
			how := "its known keys were read one by one"
			if a.Repaired {
				how = "it was read after repairs"
			}
			s.p.addDiag(off, diag.AnnotationJSON, "annotation comment is not strict JSON; %s", how)
		}
		if a := b.Annotation; a != nil && a.Type == "#page.annotation" {
			s.p.Trailer = a
		}
		if i := strings.Index(raw, "TODO"); i >= 0 && b.Annotation == nil {
			s.p.addDiag(off+i, diag.TodoPlaceholder, "TODO left in a comment: %s", clip(Plain(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(raw), "<!--"), "-->")), 80))
		}
	} else {
		b.Kind = BlockParagraph
	}
	s.add(b)
}

func (s *scanner) code(n ast.Node, info string, fenced bool) {
	lines := n.Lines()
	off := s.base + n.Pos()
	b := &Block{Kind: BlockCode, Off: off, Info: info, Text: s.lines(lines), Closed: true}
	if lines.Len() > 0 {
		b.ContentOff = s.base + lines.At(0).Start
	} else {
		_, next := lineAt(s.p.File.Text, off)
		b.ContentOff = next
	}
	if fenced {
		end := b.ContentOff
		if lines.Len() > 0 {
			end = s.base + lines.At(lines.Len()-1).Stop
		}
		rest := bytes.TrimLeft(s.src[min(end, len(s.src)):], " \t")
		if !bytes.HasPrefix(rest, []byte("```")) && !bytes.HasPrefix(rest, []byte("~~~")) {
			b.Closed = false
			s.p.addDiag(off, diag.UnclosedFence, "code block is never closed; it runs to the end of the page")
		}
		b = s.splitSwallowed(b)
	}
	s.add(b)
}

// splitSwallowed recovers from a fence that was never closed: the next
// block's opening line (```http) then sits inside this block's content,
// after the markdown between the two (a Response heading, prose, an
// annotation). The block is cut at its first heading line, that markdown is
// scanned again as markdown, and what follows the swallowed fence line
// becomes the next code block. It adds every part but the last and returns
// the last.
func (s *scanner) splitSwallowed(b *Block) *Block {
	for {
		i := swallowedFence(b.Text)
		if i < 0 {
			return b
		}
		s.p.addDiag(b.ContentOff+i, diag.UnclosedFence, "a code block opens inside another: the block above is missing its closing ```; it is split here")
		h := firstHeadingLine(b.Text[:i])
		first := *b
		first.Text, first.Closed = b.Text[:h], false
		s.add(&first)
		s.rescan(b.ContentOff+h, i-h)
		fence, after, _ := strings.Cut(b.Text[i:], "\n")
		next := &Block{Kind: BlockCode, Off: b.ContentOff + i, Info: LowerASCII(strings.TrimSpace(strings.TrimLeft(fence, "` "))), Closed: b.Closed}
		next.ContentOff = b.ContentOff + i + len(fence) + 1
		next.Text = after
		b = next
	}
}

// firstHeadingLine returns the offset of the first line of s that is a
// markdown heading, or len(s).
func firstHeadingLine(s string) int {
	off := 0
	for line := range strings.Lines(s) {
		t := strings.TrimLeft(line, " ")
		if strings.HasPrefix(t, "#") && strings.HasPrefix(strings.TrimLeft(t, "#"), " ") {
			return off
		}
		off += len(line)
	}
	return len(s)
}

// rescan scans n bytes of the file at offset off as markdown, adding their
// blocks to the current section.
func (s *scanner) rescan(off, n int) {
	if n <= 0 || off < 0 || off+n > len(s.src) {
		return
	}
	saveBody, saveText, saveBase := s.body, s.text, s.base
	s.body, s.text, s.base = s.src[off:off+n], s.p.File.Text[off:off+n], off
	doc, _ := parseBlocks(s.body)
	s.walk(doc)
	s.body, s.text, s.base = saveBody, saveText, saveBase
}

// swallowedFence returns the index of a line inside code content that looks
// like an opening fence with an info string (```http), or -1.
func swallowedFence(content string) int {
	off := 0
	for line := range strings.Lines(content) {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") && len(t) > 3 && t[3] != '`' {
			return off + strings.Index(line, "```")
		}
		off += len(line)
	}
	return -1
}
