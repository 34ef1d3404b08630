package impl

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/graphdoc/graphdoc/graphrt"
)

// fuzzWalk walks the next value generically and cross-checks strings and
// integers against reference implementations.
func fuzzWalk(t *testing.T, d *Decoder) error {
	switch d.Peek() {
	case graphrt.Object:
		return d.Object(func(key []byte) error {
			if !utf8.Valid(key) {
				t.Errorf("invalid UTF-8 in key %q", key)
			}
			return fuzzWalk(t, d)
		})
	case graphrt.Array:
		next := 0
		return d.Array(func(i int) error {
			if i != next {
				t.Errorf("Array index %d, want %d", i, next)
			}
			next++
			return fuzzWalk(t, d)
		})
	case graphrt.String:
		start := d.Offset()
		s, err := d.Str()
		if err != nil {
			return err
		}
		var want string
		if err := json.Unmarshal(d.data[start:d.Offset()], &want); err != nil || s != want {
			t.Errorf("Str(%s) = %q, encoding/json gives %q, %v", d.data[start:d.Offset()], s, want, err)
		}
		return nil
	case graphrt.Number:
		start := d.Offset()
		v, err := d.Int64()
		var ne *graphrt.NumberError
		if errors.As(err, &ne) {
			if d.Offset() != start {
				t.Errorf("NumberError consumed input")
			}
			err = d.Skip()
		}
		if err != nil {
			return err
		}
		tok := d.data[start:d.Offset()]
		if want, ok := refInt64(tok); ok != (ne == nil) || (ok && want != v) {
			t.Errorf("Int64(%s) = %d, %v; reference %d, %v", tok, v, ne, want, ok)
		}
		return nil
	case graphrt.Null:
		if d.Null() {
			return nil
		}
	case graphrt.Bool:
		_, err := d.Bool()
		return err
	}
	return d.Skip()
}

// refInt64 decides with math/big whether tok is an integer in range; it
// gives up (reporting what parseInt says) on exponents too large for big.
func refInt64(tok []byte) (int64, bool) {
	if i := bytes.IndexAny(tok, "eE"); i >= 0 {
		e, err := strconv.Atoi(string(tok[i+1:]))
		if err != nil || e > 1000 || e < -1000 {
			return parseInt(tok)
		}
	}
	r, ok := new(big.Rat).SetString(string(tok))
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

func FuzzDecoder(f *testing.F) {
	for _, s := range []string{
		``, `null`, `true`, `-0.5e+7`, `"a\u00e9\ud83d\ude00"`, `[1,[2,[3]]]`,
		`{"a":{"b":[null,false,"x"]},"c":1e400}`, `{"a":1,}`, `[1 2]`, `"\ud800"`,
		"\"\xff\"", `{"\u0061":1}`, `12345678901234567890`, `1.0e1`, ` [ ] `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		valid := json.Valid(data) && utf8.Valid(data)

		d := NewDecoder(data)
		d.SetMaxDepth(5000)
		err := fuzzWalk(t, d)
		if err == nil {
			err = d.End()
		}
		if (err == nil) != valid {
			t.Fatalf("walk: err = %v, json.Valid = %v", err, valid)
		}
		var se *graphrt.SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("walk: error %T is not a *graphrt.SyntaxError: %v", err, err)
		}

		d.Reset(data)
		raw, err := d.Raw()
		if err == nil {
			err = d.End()
		}
		if (err == nil) != valid {
			t.Fatalf("Raw: err = %v, json.Valid = %v", err, valid)
		}
		if valid && !bytes.Equal(raw, bytes.TrimSpace(data)) {
			t.Fatalf("Raw = %q", raw)
		}

		// With the default depth, the only new errors are depth errors.
		d = NewDecoder(data)
		err = d.Skip()
		if err == nil {
			err = d.End()
		}
		depthErr := errors.As(err, &se) && se.Msg == "exceeded maximum nesting depth"
		if (err == nil) != valid && !depthErr {
			t.Fatalf("Skip: err = %v, json.Valid = %v", err, valid)
		}
	})
}
