package page

import (
	"bytes"
	"html"
	"strings"
)

// Link is a markdown link found in inline text.
type Link struct {
	Text string // link text, markdown removed
	Dest string // destination; for reference links, the resolved definition ("" when undefined)
	Ref  bool   // reference-style ([text][label], [text][] or [text])
	At   int    // byte index of '[' in the scanned string
	End  int    // byte index just past the link
}

// Links returns the links in inline markdown s, resolving reference-style
// links through refs (keys lower-cased). A bracketed text with no
// destination and no definition is returned as a reference link with an
// empty Dest, because Graph pages write `[identitySet]` for types too.
func Links(s string, refs map[string]string) []Link {
	var out []Link
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
			continue
		case '`':
			// skip code spans
			j := strings.IndexByte(s[i+1:], '`')
			if j >= 0 {
				i += j + 1
			}
			continue
		case '[':
		default:
			continue
		}
		if i > 0 && s[i-1] == '!' { // image
			continue
		}
		end := matchBracket(s, i, '[', ']')
		if end < 0 {
			continue
		}
		text := s[i+1 : end]
		l := Link{Text: Plain(text), At: i, End: end + 1}
		switch {
		case end+1 < len(s) && s[end+1] == '(':
			c := matchBracket(s, end+1, '(', ')')
			if c < 0 {
				continue
			}
			dest := strings.TrimSpace(s[end+2 : c])
			if k := strings.IndexAny(dest, " \t"); k > 0 { // [x](dest "title")
				dest = dest[:k]
			}
			dest = strings.Trim(dest, "<>")
			l.Dest, l.End = dest, c+1
		case end+1 < len(s) && s[end+1] == '[':
			c := strings.IndexByte(s[end+2:], ']')
			if c < 0 {
				continue
			}
			label := s[end+2 : end+2+c]
			if label == "" {
				label = text
			}
			l.Ref, l.End = true, end+2+c+1
			l.Dest = refs[LowerASCII(strings.TrimSpace(label))]
		default:
			if strings.HasPrefix(text, "!") || strings.HasPrefix(text, "^") {
				continue
			}
			l.Ref = true
			l.Dest = refs[LowerASCII(strings.TrimSpace(text))]
		}
		out = append(out, l)
		i = l.End - 1
	}
	return out
}

// matchBracket returns the index of the bracket closing the one at s[i],
// honouring nesting and backslash escapes, or -1.
func matchBracket(s string, i int, open, close byte) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

var plainReplacer = strings.NewReplacer(
	"<br/>", " ", "<br />", " ", "<br>", " ", "<BR>", " ", "<br >", " ",
	"**", "", "__", "",
	"\\|", "|", "\\{", "{", "\\}", "}", "\\_", "_", "\\*", "*", "\\[", "[", "\\]", "]", "\\<", "<", "\\>", ">", "\\#", "#",
	"\u200b", "", "\ufeff", "", "\u00a0", " ", "\t", " ",
)

// replacerFirst marks the first bytes of plainReplacer's patterns.
var replacerFirst = func() (t [256]bool) {
	for _, c := range []byte("<*_\\\t\xe2\xef\xc2") {
		t[c] = true
	}
	return t
}()

// needsReplacer reports whether s holds the first byte of one of
// plainReplacer's patterns: most cells hold none, and the replacer's
// generic algorithm is slow to find that out.
func needsReplacer(s string) bool {
	for i := 0; i < len(s); i++ {
		if replacerFirst[s[i]] {
			return true
		}
	}
	return false
}

// Plain turns inline markdown into plain text: links become their text,
// emphasis markers, HTML tags and backslash escapes go, entities are
// decoded, and whitespace is collapsed. Backticked code keeps its text
// without the backticks.
func Plain(s string) string {
	s = Prose(s)
	if strings.IndexByte(s, '`') < 0 {
		return s
	}
	return collapseSpace(strings.ReplaceAll(s, "`", ""))
}

// Prose is like Plain but keeps backticks, so that code names stay marked
// in OpenAPI descriptions (which are CommonMark).
func Prose(s string) string {
	if s == "" {
		return ""
	}
	if strings.IndexByte(s, '[') >= 0 {
		s = replaceLinks(s)
	}
	if needsReplacer(s) {
		s = plainReplacer.Replace(s)
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = stripTags(s)
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
		s = strings.ReplaceAll(s, "\u00a0", " ")
	}
	return collapseSpace(s)
}

// replaceLinks replaces each link by its text.
func replaceLinks(s string) string {
	links := Links(s, nil)
	if len(links) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, l := range links {
		b.WriteString(s[last:l.At])
		b.WriteString(l.Text)
		last = l.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// stripTags removes HTML tags (anything from '<' + letter or '/' to '>')
// and comments.
func stripTags(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '<' && i+1 < len(s) {
			c := s[i+1]
			if c == '!' || c == '/' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
				if j := strings.IndexByte(s[i:], '>'); j > 0 {
					if c != '/' && c != '!' {
						b.WriteByte(' ')
					}
					i += j
					continue
				}
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// collapseSpace trims s and collapses runs of white space into one space.
func collapseSpace(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\r' || c == ' ' && i+1 < len(s) && s[i+1] == ' ' {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// LowerASCII lower-cases ASCII letters only, so that the result has the
// same length as s and an index found in it is an index into s
// (strings.ToLower changes lengths: invalid UTF-8 becomes U+FFFD, and
// some letters, such as the Kelvin sign, change size).
func LowerASCII(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// indexFold is strings.Index(LowerASCII(s), sub) without keeping a lower
// case copy: short strings are lowered on the stack. sub must be lower
// case.
func indexFold(s, sub string) int {
	var buf [512]byte
	return bytes.Index(appendLower(buf[:0], s), []byte(sub))
}

// appendLower appends s to b with ASCII letters lower-cased.
func appendLower(b []byte, s string) []byte {
	b = append(b, s...)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// containsFold reports whether s contains the lower case sub, ASCII
// letters compared without case.
func containsFold(s, sub string) bool { return indexFold(s, sub) >= 0 }

// hasPrefixFold is strings.HasPrefix(LowerASCII(s), prefix); prefix must
// be lower case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFoldLower(s[:len(prefix)], prefix)
}

// hasSuffixFold is strings.HasSuffix(LowerASCII(s), suffix); suffix must
// be lower case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && equalFoldLower(s[len(s)-len(suffix):], suffix)
}

// equalFoldLower reports whether LowerASCII(s) == t; len(s) must be len(t)
// and t lower case. (strings.EqualFold folds beyond ASCII: the Kelvin sign
// equals k.)
func equalFoldLower(s, t string) bool {
	for i := 0; i < len(t); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != t[i] {
			return false
		}
	}
	return true
}
