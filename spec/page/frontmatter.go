package page

import (
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
)

// scanFrontMatter reads the YAML front matter at the top of the page and
// returns the offset where the markdown body starts. Graph front matter is
// flat `key: value` lines between two `---` lines; nothing else is needed,
// so no YAML library is involved (and no YAML quirk can fail a page).
func (p *Page) scanFrontMatter() int {
	src := p.File.Text
	start := 0
	if strings.HasPrefix(src, "\ufeff") {
		start = 3
	}
	first, next := lineAt(src, start)
	if strings.TrimRight(first, " \t\r") != "---" {
		p.addDiag(start, diag.NoFrontMatter, "page has no front matter; want --- title, description, doc_type --- at the top")
		return start
	}
	off := next
	for off < len(src) {
		line, nl := lineAt(src, off)
		trimmed := strings.TrimRight(line, " \t\r")
		if trimmed == "---" {
			return nl
		}
		if strings.TrimSpace(trimmed) != "" && !strings.HasPrefix(strings.TrimSpace(trimmed), "#") {
			p.frontLine(trimmed, off)
		}
		off = nl
	}
	p.addDiag(start, diag.NoFrontMatter, "front matter is never closed with ---; the page is read without it")
	p.Front = nil
	return start
}

// frontLine reads one `key: value` line.
func (p *Page) frontLine(line string, off int) {
	i := strings.IndexByte(line, ':')
	if i <= 0 {
		p.addDiag(off, diag.FrontMatter, "front matter line %q is not `key: value`", clip(line, 60))
		return
	}
	key := strings.TrimSpace(line[:i])
	rest := line[i+1:]
	lead := len(rest) - len(strings.TrimLeft(rest, " \t"))
	val := strings.TrimSpace(rest)
	val = unquoteYAML(val)
	f := Field{Key: key, Value: val, Off: off + len(line) - len(strings.TrimLeft(line, " \t")), ValueOff: off + i + 1 + lead}
	p.Front = append(p.Front, f)
	if idx := strings.Index(val, "TODO"); idx >= 0 {
		p.addDiag(f.ValueOff, diag.TodoPlaceholder, "front matter %s is a TODO placeholder: %s", key, clip(plainTODO(val), 80))
	}
}

// unquoteYAML strips one level of single or double quotes.
func unquoteYAML(v string) string {
	if len(v) >= 2 {
		switch {
		case v[0] == '"' && v[len(v)-1] == '"':
			return strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`)
		case v[0] == '\'' && v[len(v)-1] == '\'':
			return strings.ReplaceAll(v[1:len(v)-1], `''`, `'`)
		}
	}
	return v
}

// plainTODO shortens a TODO placeholder for a message: markdown removed and
// the text cut before the first link.
func plainTODO(s string) string {
	s = Plain(s)
	if i := strings.Index(s, ". See "); i > 0 {
		s = s[:i+1]
	}
	return strings.TrimSpace(s)
}

// lineAt returns the line starting at off (without its newline) and the
// offset of the next line.
func lineAt(src string, off int) (string, int) {
	if off >= len(src) {
		return "", len(src)
	}
	i := strings.IndexByte(src[off:], '\n')
	if i < 0 {
		return src[off:], len(src)
	}
	return src[off : off+i], off + i + 1
}

// clip shortens s to at most n bytes (on a rune boundary), adding "...".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}
