package impl

import (
	"strconv"
	"unsafe"

	"github.com/graphdoc/graphdoc/graphrt"
)

// kindOf maps the first byte of a value to its kind.
var kindOf = func() (t [256]graphrt.Kind) {
	t['n'] = graphrt.Null
	t['t'], t['f'] = graphrt.Bool, graphrt.Bool
	t['"'] = graphrt.String
	t['['] = graphrt.Array
	t['{'] = graphrt.Object
	t['-'] = graphrt.Number
	for c := '0'; c <= '9'; c++ {
		t[c] = graphrt.Number
	}
	return t
}()

const defaultMaxDepth = 64

// Decoder is a pull decoder for one JSON document held in memory. It
// validates the input as it goes and never uses reflection. The zero value
// is ready for use after Reset.
//
// After a *graphrt.SyntaxError the decoder's position is unspecified and
// the document should be abandoned; after a *graphrt.TypeError or
// *graphrt.NumberError the offending value is still unconsumed.
type Decoder struct {
	data     []byte
	pos      int
	depth    int
	maxDepth int
	buf      []byte // scratch space for unescaped strings
	keys     []byte // stack of unescaped object keys
	stack    []byte // container stack used by skipValue
	// owned is data as a string when the decoder owns the input (see
	// ResetOwned): strings without escapes are then slices of it, with no
	// copy and no allocation.
	owned string
	arena arena // storage for the values optional fields point to
}

// NewDecoder returns a decoder that reads the JSON document in data.
func NewDecoder(data []byte) *Decoder {
	return &Decoder{data: data}
}

// Reset makes the decoder read data from its start, keeping its maximum
// depth and its scratch buffers.
func (d *Decoder) Reset(data []byte) {
	d.data = data
	d.pos = 0
	d.depth = 0
	d.keys = d.keys[:0]
	d.owned = ""
}

// ResetOwned is Reset for an input the decoder may keep: it copies data
// once into a string, and the strings Str returns are then slices of that
// copy instead of one allocation each. Decoded values keep the copy alive.
func (d *Decoder) ResetOwned(data []byte) {
	s := string(data)
	d.Reset(unsafe.Slice(unsafe.StringData(s), len(s)))
	d.owned = s
}

// SetMaxDepth sets how deeply arrays and objects may nest; deeper nesting is
// reported as a *graphrt.SyntaxError. A value of n below 1 restores the
// default, 64.
func (d *Decoder) SetMaxDepth(n int) {
	d.maxDepth = n
}

func (d *Decoder) limit() int {
	if d.maxDepth < 1 {
		return defaultMaxDepth
	}
	return d.maxDepth
}

// Offset returns the byte offset of the decoder in its input.
func (d *Decoder) Offset() int {
	return d.pos
}

// Peek skips whitespace and returns the kind of the next value, judged by its
// first byte. It returns Invalid at the end of the input or when the next byte
// cannot start a value.
func (d *Decoder) Peek() graphrt.Kind {
	d.skipWS()
	if d.pos >= len(d.data) {
		return graphrt.Invalid
	}
	return kindOf[d.data[d.pos]]
}

// Null consumes the next value and returns true if it is null; otherwise it
// consumes nothing and returns false.
func (d *Decoder) Null() bool {
	d.skipWS()
	if hasLiteral(d.data[d.pos:], "null") {
		d.pos += 4
		return true
	}
	return false
}

// Object decodes the next value, which must be an object, calling fn for
// each member in order. The key is unescaped and valid only during the call.
// fn must consume the member's value, with Skip if it is not wanted. Object
// returns the first error from fn or from the input.
func (d *Decoder) Object(fn func(key []byte) error) error {
	d.skipWS()
	if d.pos >= len(d.data) || d.data[d.pos] != '{' {
		return d.kindError(graphrt.Object)
	}
	if d.depth >= d.limit() {
		return d.syntax(d.pos, "exceeded maximum nesting depth")
	}
	d.depth++
	d.pos++
	d.skipWS()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return nil
	}
	mark := len(d.keys)
	for {
		key, err := d.key()
		if err != nil {
			d.depth--
			return err
		}
		before := d.pos
		err = fn(key)
		d.keys = d.keys[:mark]
		if err == nil && d.pos == before {
			err = d.syntax(before, "object member value not consumed")
		}
		if err != nil {
			d.depth--
			return err
		}
		d.skipWS()
		if d.pos < len(d.data) {
			switch d.data[d.pos] {
			case ',':
				d.pos++
				d.skipWS()
				continue
			case '}':
				d.pos++
				d.depth--
				return nil
			}
		}
		d.depth--
		return d.expected(d.pos, "',' or '}' after object member")
	}
}

// Array decodes the next value, which must be an array, calling fn with the
// index of each element in order. fn must consume the element, with Skip if
// it is not wanted. Array returns the first error from fn or from the input.
func (d *Decoder) Array(fn func(i int) error) error {
	d.skipWS()
	if d.pos >= len(d.data) || d.data[d.pos] != '[' {
		return d.kindError(graphrt.Array)
	}
	if d.depth >= d.limit() {
		return d.syntax(d.pos, "exceeded maximum nesting depth")
	}
	d.depth++
	d.pos++
	d.skipWS()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		return nil
	}
	for i := 0; ; i++ {
		before := d.pos
		err := fn(i)
		if err == nil && d.pos == before {
			err = d.syntax(before, "array element not consumed")
		}
		if err != nil {
			d.depth--
			return err
		}
		d.skipWS()
		if d.pos < len(d.data) {
			switch d.data[d.pos] {
			case ',':
				d.pos++
				d.skipWS()
				continue
			case ']':
				d.pos++
				d.depth--
				return nil
			}
		}
		d.depth--
		return d.expected(d.pos, "',' or ']' after array element")
	}
}

// Skip consumes the next value after validating it.
func (d *Decoder) Skip() error {
	return d.skipValue()
}

// Raw consumes the next value after validating it and returns its bytes,
// which alias the input.
func (d *Decoder) Raw() ([]byte, error) {
	d.skipWS()
	start := d.pos
	if err := d.skipValue(); err != nil {
		return nil, err
	}
	return d.data[start:d.pos:d.pos], nil
}

// End reports an error unless only whitespace remains in the input.
func (d *Decoder) End() error {
	d.skipWS()
	if d.pos < len(d.data) {
		return d.syntax(d.pos, "unexpected data after top-level value")
	}
	return nil
}

// key reads an object key and the colon after it, leaving the decoder at
// the member's value.
func (d *Decoder) key() ([]byte, error) {
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		return nil, d.expected(d.pos, "string for object key")
	}
	start := d.pos
	end, esc, err := d.scanString(start)
	if err != nil {
		return nil, err
	}
	var key []byte
	if esc {
		n := len(d.keys)
		d.keys = appendUnescaped(d.keys, d.data[start+1:end-1])
		key = d.keys[n:len(d.keys):len(d.keys)]
	} else {
		key = d.data[start+1 : end-1 : end-1]
	}
	d.pos = skipWS(d.data, end)
	if d.pos >= len(d.data) || d.data[d.pos] != ':' {
		return nil, d.expected(d.pos, "':' after object key")
	}
	d.pos = skipWS(d.data, d.pos+1)
	return key, nil
}

// kindError explains why the next value is not of kind want: a
// *graphrt.TypeError for a value of another kind, a *graphrt.SyntaxError
// for anything else.
func (d *Decoder) kindError(want graphrt.Kind) error {
	d.skipWS()
	if d.pos >= len(d.data) {
		return d.syntax(d.pos, "unexpected end of input")
	}
	got := kindOf[d.data[d.pos]]
	switch got {
	case graphrt.Invalid:
		return d.syntax(d.pos, "invalid character "+quoteByte(d.data[d.pos])+" looking for beginning of value")
	case want: // only Bool gets here, for a malformed true or false
		if d.data[d.pos] == 'f' {
			return d.syntax(d.pos, "invalid literal, expected false")
		}
		return d.syntax(d.pos, "invalid literal, expected true")
	}
	return &graphrt.TypeError{Offset: d.pos, Want: want.String(), Got: got}
}

func (d *Decoder) syntax(off int, msg string) error {
	return &graphrt.SyntaxError{Offset: off, Msg: msg}
}

// expected reports that what was expected at off, noting the end of input.
func (d *Decoder) expected(off int, what string) error {
	if off >= len(d.data) {
		return &graphrt.SyntaxError{Offset: off, Msg: "unexpected end of input, expected " + what}
	}
	return &graphrt.SyntaxError{Offset: off, Msg: "expected " + what}
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return "0x" + strconv.FormatUint(uint64(c), 16)
}
