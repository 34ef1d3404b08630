package impl

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
)

// decodeAny decodes the next value into the types encoding/json uses for
// interface{}, using json.Number for numbers.
func decodeAny(d *Decoder) (any, error) {
	switch d.Peek() {
	case graphrt.Null:
		if !d.Null() {
			return nil, errors.New("Null returned false")
		}
		return nil, nil
	case graphrt.Bool:
		return d.Bool()
	case graphrt.Number:
		raw, err := d.Raw()
		return json.Number(raw), err
	case graphrt.String:
		return d.Str()
	case graphrt.Array:
		a := []any{}
		err := d.Array(func(i int) error {
			if i != len(a) {
				return errors.New("wrong index")
			}
			v, err := decodeAny(d)
			a = append(a, v)
			return err
		})
		return a, err
	case graphrt.Object:
		m := map[string]any{}
		err := d.Object(func(key []byte) error {
			k := string(key)
			v, err := decodeAny(d)
			m[k] = v
			return err
		})
		return m, err
	}
	return nil, d.Skip()
}

func stdDecode(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	return v
}

func TestDecodeMatchesEncodingJSON(t *testing.T) {
	tests := []string{
		`null`, `true`, `false`, `0`, `-0`, `1.5e-3`, `""`, `"a\"b\\c\/d"`,
		`[]`, `{}`, ` [ 1 , "x" , null , true , [ ] , { } ] `,
		`{"a":{"b":[1,2,{"c":"d"}]},"e":"\u00e9\ud83d\ude00"}`,
		`{"k\u0065y":1,"key2":{"n\u00e9sted":[{"\ud83d\ude00":2}]}}`,
		"\t\r\n{\"a\" : 1 }\n",
	}
	for _, in := range tests {
		d := NewDecoder([]byte(in))
		got, err := decodeAny(d)
		if err == nil {
			err = d.End()
		}
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if want := stdDecode(t, in); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", in, got, want)
		}
	}
}

func TestPeek(t *testing.T) {
	tests := []struct {
		in   string
		want graphrt.Kind
	}{
		{"", graphrt.Invalid}, {"  ", graphrt.Invalid}, {"x", graphrt.Invalid}, {"}", graphrt.Invalid},
		{" null", graphrt.Null}, {"true", graphrt.Bool}, {"f", graphrt.Bool}, {"-1", graphrt.Number},
		{"7", graphrt.Number}, {`"`, graphrt.String}, {"[", graphrt.Array}, {"\n{", graphrt.Object},
	}
	for _, tt := range tests {
		if got := NewDecoder([]byte(tt.in)).Peek(); got != tt.want {
			t.Errorf("Peek(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, `invalid JSON at offset 0: unexpected end of input`},
		{`{"a" 1}`, `invalid JSON at offset 5: expected ':' after object key`},
		{`{"a":1,}`, `invalid JSON at offset 7: expected string for object key`},
		{`{"a":1`, `invalid JSON at offset 6: unexpected end of input, expected ',' or '}' after object member`},
		{`[1 2]`, `invalid JSON at offset 3: expected ',' or ']' after array element`},
		{`[1,]`, `invalid JSON at offset 3: invalid character ']' looking for beginning of value`},
		{`{"a":tru}`, `invalid JSON at offset 5: invalid literal, expected true`},
		{`"abc`, `invalid JSON at offset 4: unexpected end of input in string`},
		{"\"a\x01\"", `invalid JSON at offset 2: invalid control character in string`},
		{`"\x"`, `invalid JSON at offset 1: invalid escape sequence in string`},
		{`"\u12G4"`, `invalid JSON at offset 1: invalid \u escape in string`},
		{`"\u12`, `invalid JSON at offset 5: unexpected end of input in string`},
		{"\"\xff\"", `invalid JSON at offset 1: invalid UTF-8 in string`},
		{`01`, `invalid JSON at offset 1: unexpected data after top-level value`},
		{`-`, `invalid JSON at offset 1: unexpected end of input in number`},
		{`1.`, `invalid JSON at offset 2: unexpected end of input, expected digit after decimal point in number`},
		{`1e+`, `invalid JSON at offset 3: unexpected end of input, expected digit in exponent of number`},
		{`-a`, `invalid JSON at offset 1: invalid character 'a' in number`},
		{"\x00", `invalid JSON at offset 0: invalid character 0x0 looking for beginning of value`},
		{`[] x`, `invalid JSON at offset 3: unexpected data after top-level value`},
	}
	for _, tt := range tests {
		d := NewDecoder([]byte(tt.in))
		_, err := decodeAny(d)
		if err == nil {
			err = d.End()
		}
		var se *graphrt.SyntaxError
		if !errors.As(err, &se) || err.Error() != tt.want {
			t.Errorf("%q: got %v, want %s", tt.in, err, tt.want)
		}
		// Skip must agree.
		d.Reset([]byte(tt.in))
		if err := d.Skip(); err == nil && d.End() == nil {
			t.Errorf("%q: Skip accepted invalid input", tt.in)
		}
	}
}

func TestTypeErrorLeavesValue(t *testing.T) {
	d := NewDecoder([]byte(`[12, "x", null, 1.5, 300]`))
	var got []string
	err := d.Array(func(i int) error {
		_, err := d.Uint8()
		if err != nil {
			got = append(got, err.Error())
			return d.Skip()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"expected number, got string",
		"expected number, got null",
		"cannot decode number 1.5 as uint8",
		"cannot decode number 300 as uint8",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	var te *graphrt.TypeError
	d.Reset([]byte(` {"a":1}`))
	if _, err := d.Str(); !errors.As(err, &te) || te.Offset != 1 || te.Got != graphrt.Object || te.Want != "string" {
		t.Errorf("Str on object: %#v", err)
	}
}

func TestMaxDepth(t *testing.T) {
	nest := func(n int) []byte {
		return []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
	}
	tests := []struct {
		max, depth int
		ok         bool
	}{
		{0, 64, true}, {0, 65, false}, {1, 1, true}, {1, 2, false},
		{100000, 100000, true},
	}
	for _, tt := range tests {
		for _, mode := range []string{"walk", "skip"} {
			if mode == "walk" && tt.depth > 1000 {
				continue
			}
			d := NewDecoder(nest(tt.depth))
			d.SetMaxDepth(tt.max)
			var err error
			if mode == "walk" {
				_, err = decodeAny(d)
			} else {
				err = d.Skip()
			}
			if (err == nil) != tt.ok {
				t.Errorf("%s max %d depth %d: err = %v", mode, tt.max, tt.depth, err)
			}
			if err != nil && !strings.Contains(err.Error(), "exceeded maximum nesting depth") {
				t.Errorf("%s: unexpected error %v", mode, err)
			}
		}
	}
	// Skip inside a container counts the enclosing levels.
	d := NewDecoder([]byte(`[[[]]]`))
	d.SetMaxDepth(2)
	err := d.Array(func(int) error { return d.Skip() })
	if err == nil {
		t.Error("Skip inside graphrt.Array ignored the enclosing depth")
	}
}

func TestEscapedKeysStayValid(t *testing.T) {
	d := NewDecoder([]byte(`{"\u006futer":{"\u0069nner":{"x\u0079z":1}}, "plain": 2}`))
	var seen []string
	var walk func(path string) error
	walk = func(path string) error {
		if d.Peek() != graphrt.Object {
			seen = append(seen, path)
			return d.Skip()
		}
		return d.Object(func(key []byte) error {
			before := string(key)
			err := walk(path + "/" + before)
			if string(key) != before {
				t.Errorf("key changed from %q to %q", before, key)
			}
			return err
		})
	}
	if err := walk(""); err != nil {
		t.Fatal(err)
	}
	if want := []string{"/outer/inner/xyz", "/plain"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("got %q, want %q", seen, want)
	}
}

func TestValueNotConsumed(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":1}`, "object member value not consumed"},
		{`[1]`, "array element not consumed"},
		{`[null, ]`, "array element not consumed"},
	}
	for _, tt := range tests {
		d := NewDecoder([]byte(tt.in))
		var err error
		if tt.in[0] == '{' {
			err = d.Object(func([]byte) error { return nil })
		} else {
			err = d.Array(func(int) error { d.Null(); return nil })
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestRawAndNull(t *testing.T) {
	d := NewDecoder([]byte(` {"a": [1, {"b": null}], "c": nullx}`))
	var raws []string
	err := d.Object(func(key []byte) error {
		if string(key) == "c" {
			if !d.Null() {
				t.Error("Null() = false for null")
			}
			return nil
		}
		raw, err := d.Raw()
		raws = append(raws, string(raw))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "expected ',' or '}'") {
		t.Errorf("trailing garbage after null: err = %v", err)
	}
	if want := []string{`[1, {"b": null}]`}; !reflect.DeepEqual(raws, want) {
		t.Errorf("Raw = %q, want %q", raws, want)
	}
	if NewDecoder([]byte(`nul`)).Null() {
		t.Error("Null() accepted nul")
	}
}

// user is a 13-member object of short strings, shaped like a Graph user.
type user struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	GivenName         string `json:"givenName"`
	Surname           string `json:"surname"`
	Mail              string `json:"mail"`
	JobTitle          string `json:"jobTitle"`
	OfficeLocation    string `json:"officeLocation"`
	MobilePhone       string `json:"mobilePhone"`
	PreferredLanguage string `json:"preferredLanguage"`
	UserPrincipalName string `json:"userPrincipalName"`
	Department        string `json:"department"`
	CompanyName       string `json:"companyName"`
	City              string `json:"city"`
}

var userJSON = []byte(`{"id":"87d349ed-44d7-43e1-9a83-5f2406dee5bd","displayName":"Adele Vance",` +
	`"givenName":"Adele","surname":"Vance","mail":"AdeleV@contoso.com","jobTitle":"Retail Manager",` +
	`"officeLocation":"18/2111","mobilePhone":"+1 425 555 0109","preferredLanguage":"en-US",` +
	`"userPrincipalName":"AdeleV@contoso.com","department":"Retail","companyName":"Contoso",` +
	`"city":"Bellevue"}`)

func (u *user) decode(d *Decoder) error {
	return d.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "id":
			u.ID, err = d.Str()
		case "displayName":
			u.DisplayName, err = d.Str()
		case "givenName":
			u.GivenName, err = d.Str()
		case "surname":
			u.Surname, err = d.Str()
		case "mail":
			u.Mail, err = d.Str()
		case "jobTitle":
			u.JobTitle, err = d.Str()
		case "officeLocation":
			u.OfficeLocation, err = d.Str()
		case "mobilePhone":
			u.MobilePhone, err = d.Str()
		case "preferredLanguage":
			u.PreferredLanguage, err = d.Str()
		case "userPrincipalName":
			u.UserPrincipalName, err = d.Str()
		case "department":
			u.Department, err = d.Str()
		case "companyName":
			u.CompanyName, err = d.Str()
		case "city":
			u.City, err = d.Str()
		default:
			err = d.Skip()
		}
		return err
	})
}

func TestDecodeObjectAllocs(t *testing.T) {
	var want user
	if err := json.Unmarshal(userJSON, &want); err != nil {
		t.Fatal(err)
	}
	var d Decoder
	var got user
	allocs := testing.AllocsPerRun(100, func() {
		d.Reset(userJSON)
		got = user{}
		if err := got.decode(&d); err != nil {
			t.Fatal(err)
		}
	})
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if allocs > 13 {
		t.Errorf("%v allocations per decode, want at most 13 (one per string)", allocs)
	}
}

func BenchmarkDecodeObject(b *testing.B) {
	b.Run("graphrt", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(userJSON)))
		var d Decoder
		for b.Loop() {
			d.Reset(userJSON)
			var u user
			if err := u.decode(&d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(userJSON)))
		for b.Loop() {
			var u user
			if err := json.Unmarshal(userJSON, &u); err != nil {
				b.Fatal(err)
			}
		}
	})
}
