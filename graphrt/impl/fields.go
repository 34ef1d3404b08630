package impl

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
)

// The helpers below are what generated decoders call for each member. A
// reader (such as (*Decoder).Str or ReadDateTime) reads one value; Value
// and Ptr run it and turn what can go wrong into one of two outcomes:
//
//   - a bad value (wrong JSON kind, number out of range, bad format) is
//     recorded in errs under the member's JSON path, and decoding goes on
//     with the next member, so that every bad field is reported at once;
//   - malformed JSON stops decoding and is returned.

// Value reads one member value with read. On a bad value it records the
// problem at path, skips what is left of the value and returns the zero
// value with a nil error; it returns an error only for malformed JSON.
func Value[T any](d *Decoder, errs *graphrt.ValidationError, path string, read func(*Decoder) (T, error)) (T, error) {
	v, err := read(d)
	if err == nil {
		return v, nil
	}
	var zero T
	var syn *graphrt.SyntaxError
	if errors.As(err, &syn) {
		return zero, err
	}
	errs.Add(path, "%s", describe(err))
	var te *graphrt.TypeError
	var ne *graphrt.NumberError
	if errors.As(err, &te) || errors.As(err, &ne) {
		if err := d.Skip(); err != nil {
			return zero, err
		}
	}
	return zero, nil
}

// Ptr is Value for optional members: JSON null and bad values give nil.
func Ptr[T any](d *Decoder, errs *graphrt.ValidationError, path string, read func(*Decoder) (T, error)) (*T, error) {
	if d.Null() {
		return nil, nil
	}
	n := len(errs.Fields)
	v, err := Value(d, errs, path, read)
	if err != nil || len(errs.Fields) > n {
		return nil, err
	}
	return &v, nil
}

// describe words a value error for a field message.
func describe(err error) string {
	var te *graphrt.TypeError
	if errors.As(err, &te) {
		return "want " + te.Want + ", got " + te.Got.String()
	}
	return err.Error()
}

// ReadDateTime reads an Edm.DateTimeOffset string.
func ReadDateTime(d *Decoder) (time.Time, error) {
	s, err := d.Str()
	if err != nil {
		return time.Time{}, err
	}
	t, err := graphrt.ParseDateTime(s)
	if err != nil {
		return time.Time{}, &graphrt.FormatError{Want: "an RFC 3339 date-time (e.g. 2021-03-14T09:26:53Z)", Value: s, Err: err}
	}
	return t, nil
}

// ReadBytes reads an Edm.Binary string: standard base64 with padding.
func ReadBytes(d *Decoder) ([]byte, error) {
	s, err := d.Str()
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, &graphrt.FormatError{Want: "standard base64", Value: s, Err: err}
	}
	return b, nil
}

// ReadInt reads an integer into an int.
func ReadInt(d *Decoder) (int, error) {
	v, err := d.Int64()
	return int(v), err
}

// ReadInt8 reads an integer in the int8 range. Like every reader, it
// leaves a value it refuses unread, so the caller can skip it and go on.
func ReadInt8(d *Decoder) (int8, error) { return d.Int8() }

// Enum reads a string into an enum type. Unknown members are kept: Graph's
// enums evolve, so a client must decode what it does not know; servers
// check membership with Validate.
func Enum[T ~string](d *Decoder) (T, error) {
	s, err := d.Str()
	return T(s), err
}

// Text reads a string into a type that implements encoding.TextUnmarshaler
// (dates, UUIDs, durations).
func Text[T any, PT interface {
	*T
	encoding.TextUnmarshaler
}](d *Decoder) (T, error) {
	var v T
	s, err := d.Str()
	if err != nil {
		return v, err
	}
	if err := PT(&v).UnmarshalText([]byte(s)); err != nil {
		return v, &graphrt.FormatError{Want: "a valid " + fmt.Sprintf("%T", v), Value: s, Err: err}
	}
	return v, nil
}

// JSON decodes one member value into target with encoding/json, for types
// the generated decoders do not handle themselves (open objects, unions).
// A value that does not fit is recorded at path.
func JSON(d *Decoder, errs *graphrt.ValidationError, path string, target any) error {
	raw, err := d.Raw()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, target); err != nil {
		errs.Add(path, "%s", err.Error())
	}
	return nil
}

// Decode runs a generated decoder over a whole document: it decodes the
// value, checks that nothing but white space follows, and returns the
// field errors collected, if any.
func Decode(data []byte, decode func(d *Decoder, errs *graphrt.ValidationError) error) error {
	var d Decoder
	d.ResetOwned(data)
	var errs graphrt.ValidationError
	if err := decode(&d, &errs); err != nil {
		return err
	}
	if err := d.End(); err != nil {
		return err
	}
	return errs.Err()
}

// ODataType returns the value of the "@odata.type" member of a JSON
// object, or "" when the object has none (or raw is not an object). It
// reads only the object's own members, not nested ones.
func ODataType(raw []byte) string {
	var d Decoder
	d.Reset(raw)
	t := ""
	_ = d.Object(func(key []byte) error {
		if t == "" && string(key) == "@odata.type" && d.Peek() == graphrt.String {
			s, err := d.Str()
			t = s
			return err
		}
		return d.Skip()
	})
	return t
}

// Required returns a validation error saying the value at path is
// missing ("" for a whole request body).
func Required(path string) error {
	var errs graphrt.ValidationError
	if path == "" {
		errs.Add(path, "a request body is required")
	} else {
		errs.Add(path, "required property is missing")
	}
	return errs.Err()
}
