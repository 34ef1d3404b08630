// Package graphrt is the small runtime imported by the Go code that graphdoc
// generates for Microsoft Graph API clients and servers.
//
// It provides a reflection-free JSON pull decoder, parsers for Graph's Edm
// primitive formats, request validation errors and Graph's error response
// shape. It depends on the standard library only.
package graphrt

import (
	"strconv"
	"unsafe"
)

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON values reported by Decoder.Peek.
const (
	// Invalid means that no value starts at the current position: the
	// input is exhausted or the next byte cannot begin a JSON value.
	Invalid Kind = iota
	// Null is the literal null.
	Null
	// Bool is the literal true or false.
	Bool
	// Number is a JSON number.
	Number
	// String is a JSON string.
	String
	// Array is a JSON array.
	Array
	// Object is a JSON object.
	Object
)

var kindNames = [...]string{
	Invalid: "invalid",
	Null:    "null",
	Bool:    "boolean",
	Number:  "number",
	String:  "string",
	Array:   "array",
	Object:  "object",
}

// String returns the JSON name of the kind, such as "string" or "boolean".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// kindOf maps the first byte of a value to its kind.
var kindOf = func() (t [256]Kind) {
	t['n'] = Null
	t['t'], t['f'] = Bool, Bool
	t['"'] = String
	t['['] = Array
	t['{'] = Object
	t['-'] = Number
	for c := '0'; c <= '9'; c++ {
		t[c] = Number
	}
	return t
}()

// SyntaxError reports malformed JSON, including invalid UTF-8 and nesting
// deeper than the decoder's maximum depth.
type SyntaxError struct {
	// Offset is the byte offset in the input at which the error was found.
	Offset int
	// Msg describes the problem.
	Msg string
}

// Error returns a message like
// "invalid JSON at offset 12: expected ':' after object key".
func (e *SyntaxError) Error() string {
	return "invalid JSON at offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// TypeError reports a well-formed JSON value of a kind other than the one
// requested. The value is left unconsumed, so the caller may Skip it.
type TypeError struct {
	// Offset is the byte offset of the value in the input.
	Offset int
	// Want is the JSON name of the requested kind, such as "string".
	Want string
	// Got is the kind of the value found.
	Got Kind
}

// Error returns a message like "expected string, got number".
func (e *TypeError) Error() string {
	return "expected " + e.Want + ", got " + e.Got.String()
}

// NumberError reports a well-formed JSON number that cannot be represented
// by the requested Go type: a fraction for an integer type, or a value out of
// range. The number is left unconsumed, so the caller may Skip it.
type NumberError struct {
	// Offset is the byte offset of the number in the input.
	Offset int
	// Num is the number as it appears in the input.
	Num string
	// Want is the requested Go type, such as "int32".
	Want string
}

// Error returns a message like "cannot decode number 1.5 as int32".
func (e *NumberError) Error() string {
	return "cannot decode number " + e.Num + " as " + e.Want
}

const defaultMaxDepth = 64

// Decoder is a pull decoder for one JSON document held in memory. It
// validates the input as it goes and never uses reflection. The zero value
// is ready for use after Reset.
//
// After a *SyntaxError the decoder's position is unspecified and the
// document should be abandoned; after a *TypeError or *NumberError the
// offending value is still unconsumed.
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
// reported as a *SyntaxError. A value of n below 1 restores the default, 64.
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
func (d *Decoder) Peek() Kind {
	d.skipWS()
	if d.pos >= len(d.data) {
		return Invalid
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
		return d.kindError(Object)
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
		return d.kindError(Array)
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

// kindError explains why the next value is not of kind want: a *TypeError
// for a value of another kind, a *SyntaxError for anything else.
func (d *Decoder) kindError(want Kind) error {
	d.skipWS()
	if d.pos >= len(d.data) {
		return d.syntax(d.pos, "unexpected end of input")
	}
	got := kindOf[d.data[d.pos]]
	switch got {
	case Invalid:
		return d.syntax(d.pos, "invalid character "+quoteByte(d.data[d.pos])+" looking for beginning of value")
	case want: // only Bool gets here, for a malformed true or false
		if d.data[d.pos] == 'f' {
			return d.syntax(d.pos, "invalid literal, expected false")
		}
		return d.syntax(d.pos, "invalid literal, expected true")
	}
	return &TypeError{Offset: d.pos, Want: want.String(), Got: got}
}

func (d *Decoder) syntax(off int, msg string) error {
	return &SyntaxError{Offset: off, Msg: msg}
}

// expected reports that what was expected at off, noting the end of input.
func (d *Decoder) expected(off int, what string) error {
	if off >= len(d.data) {
		return &SyntaxError{Offset: off, Msg: "unexpected end of input, expected " + what}
	}
	return &SyntaxError{Offset: off, Msg: "expected " + what}
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return "0x" + strconv.FormatUint(uint64(c), 16)
}
