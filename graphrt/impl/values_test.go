package impl

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
)

func TestStr(t *testing.T) {
	tests := []struct {
		in, want string
		err      string // substring of the error, if any
	}{
		{in: `""`, want: ""},
		{in: ` "plain"`, want: "plain"},
		{in: `"\"\\\/\b\f\n\r\t"`, want: "\"\\/\b\f\n\r\t"},
		{in: `"\u00e9t\u00C9"`, want: "étÉ"},
		{in: `"\ud83d\ude00!"`, want: "😀!"},
		{in: `"\ud83d"`, want: "\ufffd"},
		{in: `"\ude00\ud83d"`, want: "\ufffd\ufffd"},
		{in: `"\ud83d\u0041"`, want: "\ufffdA"},
		{in: `"\ud83dx"`, want: "\ufffdx"},
		{in: `"\u0000"`, want: "\x00"},
		{in: `"héllo wörld 😀"`, want: "héllo wörld 😀"},
		{in: "\"tab\there\"", err: "invalid control character"},
		{in: `"\a"`, err: "invalid escape sequence"},
		{in: `"\u00g0"`, err: `invalid \u escape`},
		{in: "\"\xc3\x28\"", err: "invalid UTF-8"},
		{in: "\"\xed\xa0\x80\"", err: "invalid UTF-8"}, // encoded surrogate
		{in: `"open`, err: "unexpected end of input in string"},
		{in: `12`, err: "expected string, got number"},
		{in: `null`, err: "expected string, got null"},
		{in: ``, err: "unexpected end of input"},
	}
	for _, tt := range tests {
		got, err := NewDecoder([]byte(tt.in)).Str()
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Str(%s) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Str(%s) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		err  string
	}{
		{in: "true", want: true},
		{in: " false", want: false},
		{in: "tru", err: "invalid literal, expected true"},
		{in: "fals", err: "invalid literal, expected false"},
		{in: `"true"`, err: "expected boolean, got string"},
		{in: "1", err: "expected boolean, got number"},
	}
	for _, tt := range tests {
		got, err := NewDecoder([]byte(tt.in)).Bool()
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Bool(%s) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Bool(%s) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestIntegers(t *testing.T) {
	tests := []struct {
		in   string
		kind string
		want int64
		ok   bool
	}{
		{"0", "int64", 0, true},
		{"-0", "uint8", 0, true},
		{"42", "int64", 42, true},
		{"-42", "int16", -42, true},
		{"9223372036854775807", "int64", math.MaxInt64, true},
		{"-9223372036854775808", "int64", math.MinInt64, true},
		{"9223372036854775808", "int64", 0, false},
		{"-9223372036854775809", "int64", 0, false},
		{"123456789012345678901234567890", "int64", 0, false},
		{"1.0", "int64", 1, true},
		{"1.500e1", "int64", 15, true},
		{"1e3", "int32", 1000, true},
		{"1E+2", "int32", 100, true},
		{"12300e-2", "int32", 123, true},
		{"0.0e99999999999999999999", "int32", 0, true},
		{"-0.000", "int64", 0, true},
		{"9.223372036854775807e18", "int64", math.MaxInt64, true},
		{"1e19", "int64", 0, false},
		{"1e99999999999999999999", "int64", 0, false},
		{"1e-99999999999999999999", "int64", 0, false},
		{"1.5", "int64", 0, false},
		{"1e-1", "int64", 0, false},
		{"2147483647", "int32", math.MaxInt32, true},
		{"2147483648", "int32", 0, false},
		{"-2147483648", "int32", math.MinInt32, true},
		{"32767", "int16", math.MaxInt16, true},
		{"-32769", "int16", 0, false},
		{"255", "uint8", 255, true},
		{"256", "uint8", 0, false},
		{"-1", "uint8", 0, false},
	}
	for _, tt := range tests {
		d := NewDecoder([]byte(tt.in))
		var got int64
		var err error
		switch tt.kind {
		case "int64":
			got, err = d.Int64()
		case "int32":
			var v int32
			v, err = d.Int32()
			got = int64(v)
		case "int16":
			var v int16
			v, err = d.Int16()
			got = int64(v)
		case "uint8":
			var v uint8
			v, err = d.Uint8()
			got = int64(v)
		}
		if !tt.ok {
			var ne *graphrt.NumberError
			if !errors.As(err, &ne) || ne.Num != tt.in || ne.Want != tt.kind || d.Offset() != 0 {
				t.Errorf("%s(%s): err = %v, offset %d; want NumberError", tt.kind, tt.in, err, d.Offset())
			}
			continue
		}
		if err != nil || got != tt.want || d.End() != nil {
			t.Errorf("%s(%s) = %d, %v; want %d", tt.kind, tt.in, got, err, tt.want)
		}
	}
}

func TestFloats(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok32 bool
		ok64 bool
	}{
		{"0", 0, true, true},
		{"-1.25", -1.25, true, true},
		{"6.02214076e23", 6.02214076e23, true, true},
		{"1e-400", 0, true, true},
		{"1e39", 1e39, false, true},
		{"1e400", 0, false, false},
		{"-1e400", 0, false, false},
	}
	for _, tt := range tests {
		v64, err64 := NewDecoder([]byte(tt.in)).Float64()
		if (err64 == nil) != tt.ok64 || (tt.ok64 && v64 != tt.want) {
			t.Errorf("Float64(%s) = %v, %v", tt.in, v64, err64)
		}
		v32, err32 := NewDecoder([]byte(tt.in)).Float32()
		if (err32 == nil) != tt.ok32 || (tt.ok32 && v32 != float32(tt.want)) {
			t.Errorf("Float32(%s) = %v, %v", tt.in, v32, err32)
		}
	}
	if _, err := NewDecoder([]byte(`"1"`)).Float64(); err == nil || err.Error() != "expected number, got string" {
		t.Errorf("Float64 on string: %v", err)
	}
	if _, err := NewDecoder([]byte(`1.`)).Float64(); err == nil {
		t.Error("Float64 accepted 1.")
	}
}
