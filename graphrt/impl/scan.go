package impl

import (
	"unicode/utf16"
	"unicode/utf8"
)

// strSafe reports the ASCII bytes that may appear unescaped in a string and
// need no further attention.
var strSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func skipWS(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (d *Decoder) skipWS() {
	d.pos = skipWS(d.data, d.pos)
}

func hasLiteral(b []byte, lit string) bool {
	return len(b) >= len(lit) && string(b[:len(lit)]) == lit
}

func isDigit(c byte) bool {
	return '0' <= c && c <= '9'
}

func unhex(c byte) (rune, bool) {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0'), true
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10), true
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10), true
	}
	return 0, false
}

// hex4 decodes four hex digits; it returns -1 if b does not start with them.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		v, ok := unhex(c)
		if !ok {
			return -1
		}
		r = r<<4 | v
	}
	return r
}

// scanString validates the string starting with the quote at data[start]. It
// returns the offset just past the closing quote and whether the string
// contains escape sequences.
func (d *Decoder) scanString(start int) (end int, esc bool, err error) {
	data := d.data
	i := start + 1
	for i < len(data) {
		c := data[i]
		if c < utf8.RuneSelf {
			if strSafe[c] {
				i++
				continue
			}
			switch c {
			case '"':
				return i + 1, esc, nil
			case '\\':
				esc = true
				if i+1 >= len(data) {
					return 0, false, d.syntax(len(data), "unexpected end of input in string")
				}
				switch data[i+1] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
					i += 2
				case 'u':
					if i+6 > len(data) {
						for _, h := range data[i+2:] {
							if _, ok := unhex(h); !ok {
								return 0, false, d.syntax(i, "invalid \\u escape in string")
							}
						}
						return 0, false, d.syntax(len(data), "unexpected end of input in string")
					}
					if hex4(data[i+2:]) < 0 {
						return 0, false, d.syntax(i, "invalid \\u escape in string")
					}
					i += 6
				default:
					return 0, false, d.syntax(i, "invalid escape sequence in string")
				}
			default:
				return 0, false, d.syntax(i, "invalid control character in string")
			}
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return 0, false, d.syntax(i, "invalid UTF-8 in string")
		}
		i += size
	}
	return 0, false, d.syntax(len(data), "unexpected end of input in string")
}

// appendUnescaped appends the string content src, already validated by
// scanString, to dst with its escape sequences resolved.
func appendUnescaped(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		if src[i] != '\\' {
			j := i + 1
			for j < len(src) && src[j] != '\\' {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
			continue
		}
		c := src[i+1]
		i += 2
		switch c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(src[i:])
			i += 4
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+6 <= len(src) && src[i] == '\\' && src[i+1] == 'u' {
					r2 = hex4(src[i+2:])
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\' and '/'
			dst = append(dst, c)
		}
	}
	return dst
}

// scanNumber validates the number starting at data[start] and returns the
// offset just past it.
func (d *Decoder) scanNumber(start int) (int, error) {
	data := d.data
	i := start
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return 0, d.syntax(i, "unexpected end of input in number")
	case data[i] == '0':
		i++
	case isDigit(data[i]):
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	default:
		return 0, d.syntax(i, "invalid character "+quoteByte(data[i])+" in number")
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			return 0, d.expected(i, "digit after decimal point in number")
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return 0, d.expected(i, "digit in exponent of number")
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	return i, nil
}

// skipValue validates and consumes the next value without recursion, so
// that deep nesting cannot exhaust the stack.
func (d *Decoder) skipValue() error {
	data := d.data
	stack := d.stack[:0]
	i := d.pos
	var err error
value:
	for {
		i = skipWS(data, i)
		if i >= len(data) {
			return d.syntax(i, "unexpected end of input")
		}
		switch c := data[i]; c {
		case '{', '[':
			if d.depth+len(stack) >= d.limit() {
				return d.syntax(i, "exceeded maximum nesting depth")
			}
			i = skipWS(data, i+1)
			if i < len(data) && data[i] == c+2 { // '}' or ']'
				i++
				break
			}
			stack = append(stack, c)
			if c == '{' {
				if i, err = d.skipKey(i); err != nil {
					return err
				}
			}
			continue value
		case '"':
			if i, _, err = d.scanString(i); err != nil {
				return err
			}
		case 't', 'f', 'n':
			lit := "null"
			if c == 't' {
				lit = "true"
			} else if c == 'f' {
				lit = "false"
			}
			if !hasLiteral(data[i:], lit) {
				return d.syntax(i, "invalid literal, expected "+lit)
			}
			i += len(lit)
		default:
			if c != '-' && !isDigit(c) {
				return d.syntax(i, "invalid character "+quoteByte(c)+" looking for beginning of value")
			}
			if i, err = d.scanNumber(i); err != nil {
				return err
			}
		}
		// A value ended at i: close containers until one continues.
		for len(stack) > 0 {
			i = skipWS(data, i)
			top := stack[len(stack)-1]
			switch {
			case i < len(data) && data[i] == ',':
				i++
				if top == '{' {
					if i, err = d.skipKey(skipWS(data, i)); err != nil {
						return err
					}
				}
				continue value
			case i < len(data) && data[i] == top+2:
				i++
				stack = stack[:len(stack)-1]
			case top == '{':
				return d.expected(i, "',' or '}' after object member")
			default:
				return d.expected(i, "',' or ']' after array element")
			}
		}
		d.pos = i
		d.stack = stack[:0]
		return nil
	}
}

// skipKey validates an object key and its colon, returning the offset of the
// member's value.
func (d *Decoder) skipKey(i int) (int, error) {
	if i >= len(d.data) || d.data[i] != '"' {
		return 0, d.expected(i, "string for object key")
	}
	i, _, err := d.scanString(i)
	if err != nil {
		return 0, err
	}
	i = skipWS(d.data, i)
	if i >= len(d.data) || d.data[i] != ':' {
		return 0, d.expected(i, "':' after object key")
	}
	return i + 1, nil
}
