package page

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec/source"
)

// The scanner's goldmark set-up differs from goldmark's own in two ways
// made for speed: paragraphs and tables leave the parser as raw blocks
// (rawBlocks does the GFM table transformer's work), and block text is cut
// from the page instead of copied segment by segment. These tests hold the
// result to what goldmark's GFM table transformer and Segment.Value give.

// blockView is what the scanner reads of one block.
type blockView struct {
	Kind string
	Pos  int
	Text string // paragraphs, headings, code and HTML
	Rows []int  // tables: the line start of the header, then of each row
}

func (b blockView) String() string {
	return fmt.Sprintf("%s@%d %q %v", b.Kind, b.Pos, b.Text, b.Rows)
}

// referenceBlocks parses src with goldmark's own table transformer and
// reads text with Segment.Value.
func referenceBlocks(src []byte) []blockView {
	p := parser.NewParser(
		parser.WithBlockParsers(blockParsers(parser.NewATXHeadingParser(), parser.NewFencedCodeBlockParser())...),
		parser.WithInlineParsers(),
		parser.WithParagraphTransformers(
			util.Prioritized(parser.LinkReferenceParagraphTransformer, 100),
			util.Prioritized(extension.NewTableParagraphTransformer(), 200),
		),
	)
	value := func(l *text.Segments) string {
		var b strings.Builder
		for i := range l.Len() {
			seg := l.At(i)
			b.Write(seg.Value(src))
		}
		return b.String()
	}
	var out []blockView
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				out = append(out, blockView{Kind: "para", Pos: c.Pos(), Text: value(c.Lines())})
			case *ast.Heading:
				out = append(out, blockView{Kind: "heading", Pos: c.Pos(), Text: fmt.Sprint(c.Level, " ", value(c.Lines()))})
			case *ast.FencedCodeBlock:
				info := ""
				if c.Info != nil {
					info = string(c.Info.Segment.Value(src))
				}
				out = append(out, blockView{Kind: "code", Pos: c.Pos(), Text: fmt.Sprintf("%q ", info) + value(c.Lines())})
			case *ast.CodeBlock:
				out = append(out, blockView{Kind: "code", Pos: c.Pos(), Text: value(c.Lines())})
			case *ast.HTMLBlock:
				t := value(c.Lines())
				if c.HasClosure() {
					t += string(c.ClosureLine.Value(src))
				}
				out = append(out, blockView{Kind: "html", Pos: c.Pos(), Text: t})
			case *extast.Table:
				v := blockView{Kind: "table", Rows: []int{-1}}
				for r := c.FirstChild(); r != nil; r = r.NextSibling() {
					if _, ok := r.(*extast.TableHeader); ok {
						for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
							if l := cell.Lines(); l.Len() > 0 {
								v.Rows[0] = lineStart(src, l.At(0).Start)
								break
							}
						}
						continue
					}
					v.Rows = append(v.Rows, lineStart(src, r.Pos()))
				}
				out = append(out, v)
			default:
				walk(c)
			}
		}
	}
	walk(p.Parse(text.NewReader(src)))
	return out
}

// scannerBlocks parses src as the scanner does and reads text as it does.
func scannerBlocks(src []byte) []blockView {
	s := &scanner{p: &Page{}, src: src, body: src, text: source.NewFile("x.md", src).Text}
	var out []blockView
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *rawParagraph:
				out = append(out, blockView{Kind: "para", Pos: c.Pos(), Text: s.lines(c.Lines())})
			case *ast.TextBlock:
				out = append(out, blockView{Kind: "para", Pos: c.Pos(), Text: s.lines(c.Lines())})
			case *rawHeading:
				out = append(out, blockView{Kind: "heading", Pos: c.Pos(), Text: fmt.Sprint(c.Level, " ", s.lines(c.Lines()))})
			case *ast.FencedCodeBlock:
				out = append(out, blockView{Kind: "code", Pos: c.Pos(), Text: fmt.Sprintf("%q ", s.infoText(c)) + s.lines(c.Lines())})
			case *ast.CodeBlock:
				out = append(out, blockView{Kind: "code", Pos: c.Pos(), Text: s.lines(c.Lines())})
			case *ast.HTMLBlock:
				t := s.lines(c.Lines())
				if c.HasClosure() {
					t += s.segment(c.ClosureLine)
				}
				out = append(out, blockView{Kind: "html", Pos: c.Pos(), Text: t})
			case *rawTable:
				v := blockView{Kind: "table"}
				for i := range c.Lines().Len() {
					v.Rows = append(v.Rows, lineStart(src, c.Lines().At(i).Start))
				}
				out = append(out, v)
			default:
				walk(c)
			}
		}
	}
	doc, _ := parseBlocks(src)
	walk(doc)
	return out
}

// sameBlocks compares the scanner's view with goldmark's. A table header
// with no cells has no position in goldmark's tree; any is accepted.
func sameBlocks(t *testing.T, name string, src []byte) {
	t.Helper()
	want, got := referenceBlocks(src), scannerBlocks(src)
	for i := range max(len(want), len(got)) {
		var w, g blockView
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w.Kind == "table" && g.Kind == "table" && len(w.Rows) > 0 && len(g.Rows) > 0 && w.Rows[0] < 0 {
			w.Rows[0] = g.Rows[0]
		}
		if w.String() != g.String() {
			t.Fatalf("%s: block %d: goldmark reads\n\t%v\nthe scanner reads\n\t%v", name, i, w, g)
		}
	}
}

func TestBlocksMatchGoldmark(t *testing.T) {
	cases := map[string]string{
		"table mid-paragraph": "some text\nmore text  \n| a | b |\n|---|:-:|\n| 1 | 2 |\nrow\n",
		"header wider":        "| a | b | c |\n|---|---|\n| 1 | 2 |\n",
		"header narrower":     "| a |\n|---|---|\n| 1 | 2 | 3 |\n",
		"escaped pipes":       "| a \\| b | c |\n| --- | --- |\n| `x \\| y` | z \\|\n",
		"no pipes":            "a\n---:\nb\n",
		"blank middle column": "| a | b |\n|---||\n",
		"code at eof":         "```json\n{\n  \"a\": 1\n}",
		"indented in list":    "- item\n\n  ```json\n  {\"a\": 1}\n  ```\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n",
		"tabs":                "-\tx\n\n\t```\n\t\tcode\n\t```\n",
		"quote":               "> | a |\n> |---|\n> | 1 |\n> text\n",
		"html":                "<!-- {\n  \"blockType\": \"request\"\n} -->\n```http\nGET /me\n```\n",
		"trailing spaces":     "  lead  \n  text   \n",
	}
	for name, src := range cases {
		sameBlocks(t, name, []byte(src))
	}
	root := testenv.ModuleRoot()
	filepath.WalkDir(filepath.Join(root, "testdata"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			b, _ := os.ReadFile(p)
			sameBlocks(t, p, b)
		}
		return nil
	})
}

// TestCorpusBlocksMatchGoldmark holds every corpus page to goldmark's
// reading.
func TestCorpusBlocksMatchGoldmark(t *testing.T) {
	dir := testenv.Corpus(t)
	n, fast := 0, 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			b, _ := os.ReadFile(p)
			sameBlocks(t, p, b)
			n++
			if _, ok := fastBlocks(b); ok {
				fast++
			}
		}
		return nil
	})
	t.Logf("%d pages read alike, %d of them by fastBlocks", n, fast)
	// fastBlocks is for speed: it must read most pages to pay
	if fast < n*3/4 {
		t.Errorf("fastBlocks read %d pages of %d; it gives up too often", fast, n)
	}
}

// FuzzBlocks: on any input the scanner reads the blocks goldmark reads,
// whether fastBlocks or goldmark read them.
func FuzzBlocks(f *testing.F) {
	seedPages(f)
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		testenv.Within(t, 5*time.Second, func() { sameBlocks(t, "input", b) })
	})
}

// fastCases are the constructs fastBlocks reads or must give up on, each
// read alone, after a paragraph, after a quote and before more text.
var fastCases = []string{
	">a", "> a\nb", "> a\n>\n> b", "> a\n    b", ">\nfoo", "> a\n> # h", "> a\n---", "> a\n- b", "> [x]: /u",
	"> [!NOTE]\n> text", "text\n> q", "> a\n<!-- c -->", "> | a |\n> |---|\n> | 1 |", "  > a\n  > b", ">\ta", "> \ta",
	">     code", "> a\n>     b", "> ```\n> x", "> a\n```\nb", "> ***", "> 1. a", "> <b>", ">> a", "> a\n\n> b",
	"#", "#\n", "# ", "#a", "####### x", "# x #", "# x ##  ", "## #", "   # x", "    # x", "#\tx", "# x\\#", "#  x  #\t",
	"```\n```", "```js\ncode", "``` `x`\n", "~~~\n~~~~\n", "```\n  ```\n", "    ```", " ```\ncode\n```", "````\n```\n````",
	"```json", "```\n\n\ncode\n\n", "~~~ a`b\nx\n~~~", "```\tjs\t\nx\n```\t\n",
	"<!-- a -->", "<!--\nb\n-->", "<!-- a -->\ntext", "<!--\n\n-->", "<div>", "text\n<!-- c -->", "<!-->", "<!--a-->b\nc", "   <!-- x",
	"***", "- - -", "___", "--", "-", "- a", "* a", "+ a", "1. a", "2) a", "1234567890. a", "*a*", "-a", "_a_", "**b**", "* * *x",
	"[a]: /u", "[!INCLUDE [x](y)]", "[a]\n: /u", "[a\\]]: /u", "[a][b]", "[\\[a]: /u", " [a]: /u", "[a",
	"a\n    b", "a\n\tb", "\ta", "a\n  \n b", "a\r\nb", "a\x00b", "\f#a", "a\n\x0b", "| a |\n|---|\n| 1 |\n> x",
	"a\n| b |\n| --- |", "a  \n", "  \n  a  \n  ", "\n\n", "",
}

func TestFastBlocksMatchGoldmark(t *testing.T) {
	for _, c := range fastCases {
		for _, src := range []string{c, "text\n" + c, "> q\n" + c, c + "\nmore\n", "# h\n\n" + c + "\n\n| a |\n|---|\n"} {
			sameBlocks(t, fmt.Sprintf("%q", src), []byte(src))
		}
	}
}
