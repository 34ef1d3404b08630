package impl

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
)

// svBody is a request body with an UnmarshalJSON of its own that fails
// the way graphdoc's decoder does: *graphrt.SyntaxError for malformed
// JSON, *graphrt.ValidationError for a value of the wrong kind.
type svBody struct {
	Name  string `json:"name"`
	Count *int32 `json:"count,omitempty"`
}

func (b *svBody) UnmarshalJSON(data []byte) error {
	type plain svBody
	err := json.Unmarshal(data, (*plain)(b))
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &graphrt.SyntaxError{Offset: int(se.Offset), Msg: se.Error()}
	case errors.As(err, &te):
		var ve graphrt.ValidationError
		ve.Add(te.Field, "want %s, got %s", te.Type, te.Value)
		return ve.Err()
	}
	return err
}

// svErrReader fails every read.
type svErrReader struct{}

func (svErrReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func svPost(ct string, body io.Reader) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/x", body)
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	return r
}

func TestReadBody(t *testing.T) {
	post := func(ct, body string) *http.Request { return svPost(ct, strings.NewReader(body)) }
	validated := 0
	validate := func(b *svBody) func() error {
		return func() error {
			validated++
			if b.Name == "" {
				var ve graphrt.ValidationError
				ve.Add("name", "required")
				return ve.Err()
			}
			switch b.Name {
			case "plain":
				return errors.New("not this one")
			case "teapot":
				return &graphrt.Error{StatusCode: 418, Code: "Teapot", Message: "short and stout"}
			}
			return nil
		}
	}

	var b svBody
	if err := ReadBody(post("application/json; charset=utf-8", `{"name":"a","count":2}`), 100, &b, validate(&b)); err != nil || b.Name != "a" || *b.Count != 2 || validated != 1 {
		t.Errorf("decode: %+v %v (validated %d)", b, err, validated)
	}
	if err := ReadBody(post("", `{"name":"a"}`), 100, &b, nil); err != nil {
		t.Errorf("no Content-Type, no validate: %v", err)
	}
	if err := ReadBody(post("application/merge-patch+json", `{"name":"a"}`), 100, &b, nil); err != nil {
		t.Errorf("+json: %v", err)
	}

	for _, tc := range []struct {
		name, ct, body string
		limit          int64
		status         int
		code, msg      string
		cause          any // an error type errors.As must find
	}{
		{"validation", "", `{"name":""}`, 100, 400, "BadRequest", "invalid request body: name: required", new(*graphrt.ValidationError)},
		{"validate's plain error", "", `{"name":"plain"}`, 100, 400, "BadRequest", "invalid request body: not this one", nil},
		{"validate's *graphrt.Error", "", `{"name":"teapot"}`, 100, 418, "Teapot", "short and stout", nil},
		{"wrong kind", "", `{"name":1}`, 100, 400, "BadRequest", "invalid request body: name: want string, got number", new(*graphrt.ValidationError)},
		{"malformed", "", `{"name":`, 100, 400, "BadRequest", "invalid request body: invalid JSON at offset 8: unexpected end of JSON input", new(*graphrt.SyntaxError)},
		{"not JSON", "text/plain", `{}`, 100, 415, "UnsupportedMediaType", `Content-Type "text/plain" is not JSON; send application/json`, nil},
		{"too large", "", `{"name":"` + strings.Repeat("x", 100) + `"}`, 100, 413, "RequestEntityTooLarge", "request body is larger than 100 bytes", nil},
		{"empty", "", "", 100, 400, "BadRequest", "invalid request body: the body is empty, and this operation requires one", nil},
		{"white space", "application/json", " \r\n\t", 100, 400, "BadRequest", "invalid request body: the body is empty, and this operation requires one", nil},
	} {
		var b svBody
		validated = 0
		err := ReadBody(post(tc.ct, tc.body), tc.limit, &b, validate(&b))
		var e *graphrt.Error
		if !errors.As(err, &e) || e.StatusCode != tc.status || e.Code != tc.code || e.Message != tc.msg {
			t.Errorf("%s: %#v (%v)", tc.name, e, err)
			continue
		}
		if tc.cause != nil && !errors.As(err, tc.cause) {
			t.Errorf("%s: errors.As does not find %T in %v", tc.name, tc.cause, err)
		}
		if tc.name == "empty" || tc.name == "white space" {
			if !errors.Is(err, ErrNoBody) {
				t.Errorf("%s: not ErrNoBody: %v", tc.name, err)
			}
		} else if errors.Is(err, ErrNoBody) {
			t.Errorf("%s: ErrNoBody", tc.name)
		}
		wantValidated := 0
		if strings.HasPrefix(tc.name, "validat") {
			wantValidated = 1
		}
		if validated != wantValidated {
			t.Errorf("%s: validate ran %d times, want %d", tc.name, validated, wantValidated)
		}
		// Reply answers it in Graph's shape, with its status.
		w := httptest.NewRecorder()
		Reply(w, 200, nil, err)
		var ge rtGraphError
		if w.Code != tc.status || json.Unmarshal(w.Body.Bytes(), &ge) != nil || ge.Error.Code != tc.code || ge.Error.Message != tc.msg {
			t.Errorf("%s: Reply: %d %s", tc.name, w.Code, w.Body)
		}
	}

	// A body without UnmarshalJSON goes through encoding/json.
	var m map[string]int
	err := ReadBody(post("", `{"a":"x"}`), 100, &m, nil)
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != 400 || !strings.HasPrefix(e.Message, "invalid request body: json: cannot unmarshal") {
		t.Errorf("encoding/json: %v", err)
	}
	if err := ReadBody(post("", `{"a":1}`), 100, &m, nil); err != nil || m["a"] != 1 {
		t.Errorf("encoding/json: %v %v", m, err)
	}
	// A body that cannot be read is a 400.
	if err := ReadBody(svPost("", svErrReader{}), 100, &m, nil); !errors.As(err, &e) || e.StatusCode != 400 || !strings.Contains(e.Message, "connection reset") {
		t.Errorf("read error: %v", err)
	}
}

// svOut has a MarshalJSON of its own, as generated types do.
type svOut struct{ ID string }

func (o svOut) MarshalJSON() ([]byte, error) {
	return []byte(`{"id":` + fmt.Sprintf("%q", o.ID) + `,"@odata.type":"#microsoft.graph.out"}`), nil
}

func TestReply(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		v      any
		err    error
		want   int
		body   string // "" for none; for errors, "code: message"
	}{
		{"value", 201, &svOut{ID: "1"}, nil, 201, `{"id":"1","@odata.type":"#microsoft.graph.out"}` + "\n"},
		{"value, status 0", 0, svOut{ID: "2"}, nil, 200, `{"id":"2","@odata.type":"#microsoft.graph.out"}` + "\n"},
		{"map", 200, map[string]int{"a": 1}, nil, 200, `{"a":1}` + "\n"},
		{"nil", 200, nil, nil, 200, ""},
		{"nil, status 0", 0, nil, nil, 204, ""},
		{"nil pointer", 200, (*svOut)(nil), nil, 200, ""},
		{"204 with a value", 204, &svOut{ID: "1"}, nil, 204, ""},
		{"*graphrt.Error", 200, &svOut{}, &graphrt.Error{StatusCode: 404, Message: "gone"}, 404, "NotFound: gone"},
		{"wrapped *graphrt.Error", 200, nil, fmt.Errorf("get: %w", &graphrt.Error{StatusCode: 403, Code: "Forbidden", Message: "no"}), 403, "Forbidden: no"},
		{"*graphrt.Error without a status", 200, nil, &graphrt.Error{Code: "Odd", Message: "m"}, 500, "Odd: m"},
		{"*graphrt.Error with a 2xx status", 200, nil, &graphrt.Error{StatusCode: 200, Message: "m"}, 500, "InternalServerError: m"},
		{"validation", 200, nil, func() error { var ve graphrt.ValidationError; ve.Add("a", "bad"); return ve.Err() }(), 400, "BadRequest: invalid request body: a: bad"},
		{"other error", 200, nil, errors.New("disk on fire"), 500, "InternalServerError: disk on fire"},
		{"unencodable", 200, map[string]any{"c": make(chan int)}, nil, 500, "InternalServerError: cannot encode the response: json: unsupported type: chan int"},
		{"unimplemented", 200, nil, Unimplemented("GET", "/users/{user-id}"), 501, "NotImplemented: GET /users/{user-id} is not implemented"},
	} {
		w := httptest.NewRecorder()
		Reply(w, tc.status, tc.v, tc.err)
		if w.Code != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.want)
		}
		ct := w.Header().Get("Content-Type")
		switch {
		case tc.body == "":
			if w.Body.Len() != 0 || ct != "" {
				t.Errorf("%s: body %q, Content-Type %q", tc.name, w.Body, ct)
			}
		case tc.err != nil || tc.want >= 400:
			var ge rtGraphError
			if err := json.Unmarshal(w.Body.Bytes(), &ge); err != nil || ct != "application/json" || ge.Error.Code+": "+ge.Error.Message != tc.body || ge.Error.InnerError.Date == "" {
				t.Errorf("%s: %s (%v)", tc.name, w.Body, err)
			}
		default:
			if w.Body.String() != tc.body || ct != "application/json" {
				t.Errorf("%s: %q, Content-Type %q", tc.name, w.Body, ct)
			}
		}
	}
}

func TestUnimplemented(t *testing.T) {
	var e *graphrt.Error
	if err := Unimplemented("POST", "/me/sendMail"); !errors.As(err, &e) || e.StatusCode != 501 || e.Code != "NotImplemented" || e.Message != "POST /me/sendMail is not implemented" {
		t.Errorf("%#v", err)
	}
}
