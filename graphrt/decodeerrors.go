package graphrt

import (
	"fmt"
	"strconv"
)

// The errors below are what the decoders graphdoc generates (built on
// graphrt/impl's pull decoder) fail with. Malformed JSON stops decoding
// with a *SyntaxError. A value of the wrong kind (*TypeError), a number
// out of range (*NumberError) or a string in the wrong format
// (*FormatError) is recorded in a ValidationError, worded as a FieldError
// at the value's JSON path, and decoding goes on.

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON values, as graphrt/impl's Decoder.Peek reports them.
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

// FormatError reports a string that is not in the expected format (a
// date-time, base64 ...). The string has been consumed.
type FormatError struct {
	Want  string // e.g. "an RFC 3339 date-time"
	Value string
	Err   error
}

// Error returns a message like `"x" is not an RFC 3339 date-time`.
func (e *FormatError) Error() string {
	v := e.Value
	if len(v) > 64 {
		v = v[:64] + "..."
	}
	return fmt.Sprintf("%q is not %s", v, e.Want)
}

// Unwrap returns the underlying parse error.
func (e *FormatError) Unwrap() error { return e.Err }
