package graphrt

import (
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseError(t *testing.T) {
	long := strings.Repeat("x", 511) + "é" + strings.Repeat("y", 100)
	tests := []struct {
		name   string
		status int
		body   string
		want   Error
	}{
		{"graph", 400, `{"error":{"code":"BadRequest","message":"Invalid filter clause",` +
			`"innerError":{"request-id":"r1","date":"2021-07-01T10:00:00","client-request-id":"c1","extra":[1]},` +
			`"details":[{"code":"d","message":"m","target":"t"},{"code":"e"}],"other":{}}}`,
			Error{StatusCode: 400, Code: CodeBadRequest, Message: "Invalid filter clause",
				InnerError: &InnerError{RequestID: "r1", ClientRequestID: "c1", Date: "2021-07-01T10:00:00"},
				Details:    []ErrorDetail{{"d", "m", "t"}, {Code: "e"}}}},
		{"odata innererror", 404, ` {"error":{"code":"itemNotFound","message":"gone","innererror":{"date":"d"}}}`,
			Error{StatusCode: 404, Code: "itemNotFound", Message: "gone", InnerError: &InnerError{Date: "d"}}},
		{"message only", 409, `{"error":{"message":"conflict"}}`,
			Error{StatusCode: 409, Code: "Conflict", Message: "conflict"}},
		{"mistyped members", 400, `{"error":{"code":"X","message":7,"innerError":"s","details":{}}}`,
			Error{StatusCode: 400, Code: "X"}},
		{"html", 502, "\n<html><body>Bad Gateway</body></html>\r\n",
			Error{StatusCode: 502, Code: "BadGateway", Message: "<html><body>Bad Gateway</body></html>"}},
		{"empty", 404, "", Error{StatusCode: 404, Code: CodeNotFound}},
		{"empty error", 500, `{"error":{}}`, Error{StatusCode: 500, Code: CodeInternalServerError, Message: `{"error":{}}`}},
		{"error not object", 413, `{"error":"too big"}`,
			Error{StatusCode: 413, Code: CodeRequestEntityTooLarge, Message: `{"error":"too big"}`}},
		{"trailing data", 400, `{"error":{"code":"X"}} x`,
			Error{StatusCode: 400, Code: CodeBadRequest, Message: `{"error":{"code":"X"}} x`}},
		{"truncated", 415, long, Error{StatusCode: 415, Code: CodeUnsupportedMediaType, Message: long[:511]}},
		{"teapot", 418, "", Error{StatusCode: 418, Code: "ImATeapot"}},
		{"non-authoritative", 203, "", Error{StatusCode: 203, Code: "NonAuthoritativeInformation"}},
		{"unknown status", 599, "oops", Error{StatusCode: 599, Code: "UnknownError", Message: "oops"}},
	}
	for _, tt := range tests {
		got := ParseError(tt.status, []byte(tt.body))
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%s:\n got %#v\nwant %#v", tt.name, *got, tt.want)
		}
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{nil, "graph: <nil>"},
		{&Error{}, "graph: unknown error"},
		{&Error{StatusCode: 404}, "graph: 404"},
		{&Error{Message: "m"}, "graph: unknown error: m"},
		{&Error{StatusCode: 400, Code: "BadRequest", Message: "bad", InnerError: &InnerError{RequestID: "r1"}},
			"graph: 400 BadRequest: bad (request-id r1)"},
		{&Error{Code: "X", InnerError: &InnerError{}}, "graph: X"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestWriteError(t *testing.T) {
	tests := []struct {
		status        int
		code, message string
	}{
		{400, CodeBadRequest, `bad "value" in \path`},
		{404, CodeNotFound, "no such item\n\ttab \x01 é 😀"},
		{405, CodeMethodNotAllowed, "invalid UTF-8: \xff"},
		{500, CodeInternalServerError, ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		before := time.Now().UTC().Truncate(time.Second)
		WriteError(rec, tt.status, tt.code, tt.message)
		after := time.Now().UTC()
		if rec.Code != tt.status {
			t.Errorf("status %d, want %d", rec.Code, tt.status)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		body := rec.Body.Bytes()
		if !json.Valid(body) {
			t.Fatalf("invalid JSON: %s", body)
		}
		got := ParseError(rec.Code, body)
		wantMsg := strings.ToValidUTF8(tt.message, "\ufffd")
		if got.StatusCode != tt.status || got.Code != tt.code || got.Message != wantMsg || got.InnerError == nil {
			t.Fatalf("round trip: %#v", got)
		}
		date, err := time.Parse(time.RFC3339, got.InnerError.Date)
		if err != nil || date.Before(before) || date.After(after) || !strings.HasSuffix(got.InnerError.Date, "Z") ||
			strings.Contains(got.InnerError.Date, ".") {
			t.Errorf("date %q, %v", got.InnerError.Date, err)
		}
		// encoding/json agrees on the shape.
		var std struct {
			Error Error `json:"error"`
		}
		if err := json.Unmarshal(body, &std); err != nil || std.Error.Code != tt.code || std.Error.Message != wantMsg ||
			std.Error.InnerError == nil || std.Error.InnerError.Date != got.InnerError.Date {
			t.Errorf("encoding/json: %#v, %v", std, err)
		}
	}
}
