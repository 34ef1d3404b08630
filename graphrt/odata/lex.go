package odata

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
)

// Limits on what the parsers take, so that a hostile query costs little.
const (
	// MaxLength is the longest option text, in bytes.
	MaxLength = 8 << 10
	// MaxDepth is the deepest nesting of parentheses, not, function
	// calls and lambdas.
	MaxDepth = 100
)

// SyntaxError is a query option that does not parse or does not fit the
// schema it is bound to. Pos is the 0-based byte offset in the option's
// text where the problem is.
type SyntaxError struct {
	// Option is the query option, such as "$filter" ("$filter" when
	// empty).
	Option string
	Pos    int
	Msg    string
}

func (e *SyntaxError) Error() string {
	opt := e.Option
	if opt == "" {
		opt = "$filter"
	}
	return opt + ": at " + strconv.Itoa(e.Pos) + ": " + e.Msg
}

// token kinds
type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tLit // a literal; lit holds it
	tLParen
	tRParen
	tComma
	tSlash
	tColon
)

type token struct {
	kind tokKind
	pos  int
	text string   // an identifier, or the source of the token
	lit  *Literal // for tLit
}

// lexer splits option text into tokens.
type lexer struct {
	s   string
	i   int
	opt string
}

func (l *lexer) errf(pos int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Option: l.opt, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func isIdentStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || isDigit(c)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// describe names the token for an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "the end"
	case tLit:
		return strconv.Quote(t.lit.String())
	}
	return "'" + t.text + "'"
}

// boundary reports whether a token may end at i: what follows is not a
// letter, digit, or one of extra.
func (l *lexer) boundary(i int, extra string) bool {
	return i >= len(l.s) || !isIdentChar(l.s[i]) && strings.IndexByte(extra, l.s[i]) < 0
}

// next returns the next token.
func (l *lexer) next() (token, error) {
	for l.i < len(l.s) && (l.s[l.i] == ' ' || l.s[l.i] == '\t' || l.s[l.i] == '\n' || l.s[l.i] == '\r') {
		l.i++
	}
	start := l.i
	if l.i >= len(l.s) {
		return token{kind: tEOF, pos: start}, nil
	}
	c := l.s[l.i]
	switch c {
	case '(':
		l.i++
		return token{kind: tLParen, pos: start, text: "("}, nil
	case ')':
		l.i++
		return token{kind: tRParen, pos: start, text: ")"}, nil
	case ',':
		l.i++
		return token{kind: tComma, pos: start, text: ","}, nil
	case '/':
		l.i++
		return token{kind: tSlash, pos: start, text: "/"}, nil
	case ':':
		l.i++
		return token{kind: tColon, pos: start, text: ":"}, nil
	case '\'':
		s, err := l.quoted()
		if err != nil {
			return token{}, err
		}
		return l.lit(start, &Literal{Kind: LitString, Text: s})
	}
	// GUIDs may start with a letter or a digit: try them first
	if l.i+36 <= len(l.s) && graphrt.ValidGUID(l.s[l.i:l.i+36]) && l.boundary(l.i+36, "-") {
		l.i += 36
		return l.lit(start, &Literal{Kind: LitGUID, Text: l.s[start:l.i]})
	}
	if isDigit(c) || c == '-' && l.i+1 < len(l.s) && isDigit(l.s[l.i+1]) {
		return l.number()
	}
	if isIdentStart(c) {
		for l.i < len(l.s) && (isIdentChar(l.s[l.i]) || l.s[l.i] == '.' && l.i+1 < len(l.s) && isIdentStart(l.s[l.i+1])) {
			l.i++
		}
		name := l.s[start:l.i]
		if l.i < len(l.s) && l.s[l.i] == '\'' {
			switch {
			case name == "duration":
				s, err := l.quoted()
				if err != nil {
					return token{}, err
				}
				if _, err := graphrt.ParseDuration(s); err != nil {
					return token{}, l.errf(start, "invalid duration %q, want ISO 8601 like PT1H30M", s)
				}
				return l.lit(start, &Literal{Kind: LitDuration, Text: s})
			case strings.Contains(name, "."):
				s, err := l.quoted()
				if err != nil {
					return token{}, err
				}
				return l.lit(start, &Literal{Kind: LitEnum, Type: name, Text: s})
			case name == "binary" || name == "X" || name == "geography" || name == "geometry":
				return token{}, l.errf(start, "%s literals are not supported", name)
			}
		}
		return token{kind: tIdent, pos: start, text: name}, nil
	}
	if c < 0x20 || c >= 0x7f {
		return token{}, l.errf(start, "unexpected byte %#x", c)
	}
	return token{}, l.errf(start, "unexpected character %q", string(c))
}

// lit returns a literal token ending at l.i, which must be a boundary.
func (l *lexer) lit(start int, lit *Literal) (token, error) {
	if !l.boundary(l.i, "'.") {
		return token{}, l.errf(l.i, "unexpected %q after %s", string(l.s[l.i]), lit.Kind)
	}
	lit.P = start
	return token{kind: tLit, pos: start, text: l.s[start:l.i], lit: lit}, nil
}

// quoted reads a single-quoted string at l.i, with ” for a quote.
func (l *lexer) quoted() (string, error) {
	start := l.i
	l.i++ // the quote
	var b strings.Builder
	for {
		j := strings.IndexByte(l.s[l.i:], '\'')
		if j < 0 {
			return "", l.errf(start, "unterminated string")
		}
		b.WriteString(l.s[l.i : l.i+j])
		l.i += j + 1
		if l.i < len(l.s) && l.s[l.i] == '\'' {
			b.WriteByte('\'')
			l.i++
			continue
		}
		return b.String(), nil
	}
}

// digits advances over decimal digits and returns how many.
func (l *lexer) digits() int {
	n := 0
	for l.i < len(l.s) && isDigit(l.s[l.i]) {
		l.i++
		n++
	}
	return n
}

// number reads an integer, a decimal, a date, a date-time or a time of
// day at l.i.
func (l *lexer) number() (token, error) {
	start := l.i
	s := l.s
	// a date: yyyy-mm-dd, maybe a date-time
	if len(s)-start >= 10 && s[start+4] == '-' && s[start+7] == '-' && allDigits(s[start:start+4]) && allDigits(s[start+5:start+7]) && allDigits(s[start+8:start+10]) {
		l.i = start + 10
		if l.i < len(s) && s[l.i] == 'T' {
			l.i++
			for l.i < len(s) && (isDigit(s[l.i]) || s[l.i] == ':' || s[l.i] == '.') {
				l.i++
			}
			if l.i < len(s) && s[l.i] == 'Z' {
				l.i++
			} else if l.i < len(s) && (s[l.i] == '+' || s[l.i] == '-') {
				l.i++
				for l.i < len(s) && (isDigit(s[l.i]) || s[l.i] == ':') {
					l.i++
				}
			}
			text := s[start:l.i]
			if _, err := graphrt.ParseDateTime(text); err != nil {
				return token{}, l.errf(start, "invalid date-time %q, want RFC 3339 like 2024-03-01T00:00:00Z", text)
			}
			return l.lit(start, &Literal{Kind: LitDateTime, Text: text})
		}
		text := s[start:l.i]
		if _, err := graphrt.ParseDate(text); err != nil {
			return token{}, l.errf(start, "invalid date %q", text)
		}
		return l.lit(start, &Literal{Kind: LitDate, Text: text})
	}
	// a time of day: hh:mm[:ss[.fff]]
	if len(s)-start >= 3 && isDigit(s[start]) && isDigit(s[start+1]) && s[start+2] == ':' {
		l.i = start
		for l.i < len(s) && (isDigit(s[l.i]) || s[l.i] == ':' || s[l.i] == '.') {
			l.i++
		}
		text := s[start:l.i]
		if _, err := graphrt.ParseTimeOfDay(text); err != nil {
			return token{}, l.errf(start, "invalid time of day %q", text)
		}
		return l.lit(start, &Literal{Kind: LitTimeOfDay, Text: text})
	}
	if s[l.i] == '-' {
		l.i++
	}
	l.digits()
	kind := LitInt
	if l.i < len(s) && s[l.i] == '.' {
		l.i++
		if l.digits() == 0 {
			return token{}, l.errf(l.i, "expected a digit after the decimal point")
		}
		kind = LitDecimal
	}
	if l.i < len(s) && (s[l.i] == 'e' || s[l.i] == 'E') {
		l.i++
		if l.i < len(s) && (s[l.i] == '+' || s[l.i] == '-') {
			l.i++
		}
		if l.digits() == 0 {
			return token{}, l.errf(l.i, "expected a digit in the exponent")
		}
		kind = LitDecimal
	}
	text := s[start:l.i]
	if kind == LitInt {
		if _, err := strconv.ParseInt(text, 10, 64); err != nil {
			kind = LitDecimal // too big for an integer
		}
	}
	if kind == LitDecimal {
		if _, err := strconv.ParseFloat(text, 64); err != nil {
			return token{}, l.errf(start, "number %s is out of range", text)
		}
	}
	return l.lit(start, &Literal{Kind: kind, Text: text})
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
