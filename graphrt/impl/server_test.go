package impl

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
)

// checked is a body type with a decoder and a Validate method of its own,
// as generated types have.
type checked struct{ Name string }

func (c *checked) UnmarshalJSON(data []byte) error {
	return Decode(data, func(d *Decoder, errs *graphrt.ValidationError) error {
		return d.Object(func(key []byte) (err error) {
			if string(key) == "name" {
				c.Name, err = Value(d, errs, Join("", "name"), (*Decoder).Str)
				return err
			}
			return d.Skip()
		})
	})
}

func (c *checked) Validate() error {
	if c.Name == "" {
		return Required("name")
	}
	return nil
}

func TestDecodeJSONBody(t *testing.T) {
	post := func(ct, body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		return r
	}
	var c checked
	if err := DecodeJSONBody(post("application/json", `{"name":"a"}`), 100, &c); err != nil || c.Name != "a" {
		t.Errorf("decode: %+v %v", c, err)
	}
	var ve *graphrt.ValidationError
	if err := DecodeJSONBody(post("", `{"name":1}`), 100, &c); !errors.As(err, &ve) || err.Error() != "invalid request body: name: want string, got number" {
		t.Errorf("bad field: %v", err)
	}
	var se *graphrt.SyntaxError
	if err := DecodeJSONBody(post("", `{"name":`), 100, &c); !errors.As(err, &se) || !strings.HasPrefix(err.Error(), "invalid request body: invalid JSON") {
		t.Errorf("malformed: %v", err)
	}
	var m map[string]int // no UnmarshalJSON: encoding/json
	if err := DecodeJSONBody(post("", `{"a":"x"}`), 100, &m); err == nil || !strings.HasPrefix(err.Error(), "invalid request body: ") {
		t.Errorf("encoding/json: %v", err)
	}
	if err := DecodeJSONBody(post("", " \n"), 100, &c); err != io.EOF {
		t.Errorf("empty: %v", err)
	}
	var e *graphrt.Error
	if err := DecodeJSONBody(post("text/plain", `{}`), 100, &c); !errors.As(err, &e) || e.StatusCode != 415 {
		t.Errorf("text/plain: %v", err)
	}
	if err := DecodeJSONBody(post("", `{"name":"`+strings.Repeat("x", 100)+`"}`), 100, &c); !errors.As(err, &e) || e.StatusCode != 413 {
		t.Errorf("too large: %v", err)
	}
}

func TestValidateBody(t *testing.T) {
	if err := ValidateBody(&checked{}); err == nil {
		t.Error("Validate was not run")
	}
	if err := ValidateBody(&checked{Name: "a"}); err != nil {
		t.Error(err)
	}
	if err := ValidateBody(&struct{}{}); err != nil {
		t.Errorf("a body without Validate: %v", err)
	}
}
