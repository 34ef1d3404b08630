package graphrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// Error codes that Graph commonly returns in Error.Code.
const (
	// CodeBadRequest is returned with status 400.
	CodeBadRequest = "BadRequest"
	// CodeNotFound is returned with status 404.
	CodeNotFound = "NotFound"
	// CodeMethodNotAllowed is returned with status 405.
	CodeMethodNotAllowed = "MethodNotAllowed"
	// CodeRequestEntityTooLarge is returned with status 413.
	CodeRequestEntityTooLarge = "RequestEntityTooLarge"
	// CodeUnsupportedMediaType is returned with status 415.
	CodeUnsupportedMediaType = "UnsupportedMediaType"
	// CodeInternalServerError is returned with status 500.
	CodeInternalServerError = "InternalServerError"
)

// maxMessage bounds the message that ParseError takes from a body that is
// not in Graph's error shape.
const maxMessage = 512

// InnerError holds the diagnostics Graph attaches to an error.
type InnerError struct {
	// RequestID identifies the request in Graph's logs.
	RequestID string `json:"request-id,omitempty"`
	// ClientRequestID echoes the client-request-id header of the request.
	ClientRequestID string `json:"client-request-id,omitempty"`
	// Date is when the error occurred, as Graph formats it.
	Date string `json:"date,omitempty"`
}

// ErrorDetail is one entry of Error.Details.
type ErrorDetail struct {
	// Code is a machine-readable error code.
	Code string `json:"code"`
	// Message is a human-readable description.
	Message string `json:"message"`
	// Target names the part of the request that caused the error.
	Target string `json:"target,omitempty"`
}

// Error is an error response from Graph, which has the JSON shape
// {"error":{"code":...,"message":...,"innerError":{...}}}. Error holds the
// value of the "error" member.
type Error struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int `json:"-"`
	// Code is a machine-readable error code, such as "BadRequest".
	Code string `json:"code"`
	// Message is a human-readable description.
	Message string `json:"message"`
	// InnerError holds diagnostics, if Graph sent any.
	InnerError *InnerError `json:"innerError,omitempty"`
	// Details lists further errors, if Graph sent any.
	Details []ErrorDetail `json:"details,omitempty"`
}

// Error returns a message like
// "graph: 400 BadRequest: message (request-id 1234)", leaving out the parts
// that are empty.
func (e *Error) Error() string {
	if e == nil {
		return "graph: <nil>"
	}
	b := []byte("graph:")
	if e.StatusCode != 0 {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(e.StatusCode), 10)
	}
	if e.Code != "" {
		b = append(b, ' ')
		b = append(b, e.Code...)
	}
	if e.StatusCode == 0 && e.Code == "" {
		b = append(b, " unknown error"...)
	}
	if e.Message != "" {
		b = append(b, ": "...)
		b = append(b, e.Message...)
	}
	if e.InnerError != nil && e.InnerError.RequestID != "" {
		b = append(b, " (request-id "...)
		b = append(b, e.InnerError.RequestID...)
		b = append(b, ')')
	}
	return string(b)
}

// RequestID returns the request-id Graph gave the failed request (what
// Microsoft support asks for), or "".
func (e *Error) RequestID() string {
	if e == nil || e.InnerError == nil {
		return ""
	}
	return e.InnerError.RequestID
}

// ClientRequestID returns the client-request-id the failed request was
// sent with (the Client sets one on every request), or "".
func (e *Error) ClientRequestID() string {
	if e == nil || e.InnerError == nil {
		return ""
	}
	return e.InnerError.ClientRequestID
}

// LogValue makes an *Error log as a group under log/slog: status, code,
// message, request-id, client-request-id and date, the empty ones left
// out. slog.Any("err", err) with a *Error (or an error wrapping one, after
// errors.As) logs it so.
func (e *Error) LogValue() slog.Value {
	if e == nil {
		return slog.StringValue("<nil>")
	}
	attrs := make([]slog.Attr, 0, 6)
	if e.StatusCode != 0 {
		attrs = append(attrs, slog.Int("status", e.StatusCode))
	}
	if e.Code != "" {
		attrs = append(attrs, slog.String("code", e.Code))
	}
	if e.Message != "" {
		attrs = append(attrs, slog.String("message", e.Message))
	}
	if in := e.InnerError; in != nil {
		if in.RequestID != "" {
			attrs = append(attrs, slog.String("request-id", in.RequestID))
		}
		if in.ClientRequestID != "" {
			attrs = append(attrs, slog.String("client-request-id", in.ClientRequestID))
		}
		if in.Date != "" {
			attrs = append(attrs, slog.String("date", in.Date))
		}
	}
	return slog.GroupValue(attrs...)
}

// ParseError decodes an error response with the given status. If body is not
// in Graph's error shape, Code is derived from the status text, such as
// "NotFound", and Message is the body with surrounding space removed, cut to
// at most 512 bytes.
func ParseError(status int, body []byte) *Error {
	e := &Error{StatusCode: status}
	if decodeError(body, e) == nil && (e.Code != "" || e.Message != "") {
		if e.Code == "" {
			e.Code = wire.StatusCode(status)
		}
		return e
	}
	msg := bytes.TrimSpace(body)
	if len(msg) > maxMessage {
		n := maxMessage
		for n > maxMessage-utf8.UTFMax && !utf8.RuneStart(msg[n]) {
			n--
		}
		msg = msg[:n]
	}
	return &Error{StatusCode: status, Code: wire.StatusCode(status), Message: string(msg)}
}

// decodeError decodes Graph's error shape into e, skipping unknown members
// and members of unexpected types.
//
// It walks encoding/json's tokens because graphrt cannot import the pull
// decoder of graphrt/impl, which it used before, and it keeps that
// decoder's rules so that which bodies fall back did not change: the body
// must be valid UTF-8, nest at most 64 deep and hold one object and
// nothing else, and a member that appears twice is read twice, in order.
func decodeError(body []byte, e *Error) error {
	if !utf8.Valid(body) {
		return errors.New("invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // a number too large for float64 is skipped, not an error
	r := &errorReader{dec: dec}
	tok, err := r.next()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return errors.New("not an object")
	}
	err = r.object(func(key string, tok json.Token) error {
		if key != "error" || tok != json.Delim('{') {
			return r.skip(tok)
		}
		return r.object(func(key string, tok json.Token) error {
			switch key {
			case "code":
				return r.str(tok, &e.Code)
			case "message":
				return r.str(tok, &e.Message)
			case "innerError", "innererror":
				if tok != json.Delim('{') {
					return r.skip(tok)
				}
				in := new(InnerError)
				e.InnerError = in
				return r.object(func(key string, tok json.Token) error {
					switch key {
					case "request-id":
						return r.str(tok, &in.RequestID)
					case "client-request-id":
						return r.str(tok, &in.ClientRequestID)
					case "date":
						return r.str(tok, &in.Date)
					}
					return r.skip(tok)
				})
			case "details":
				if tok != json.Delim('[') {
					return r.skip(tok)
				}
				return r.array(func(tok json.Token) error {
					if tok != json.Delim('{') {
						return r.skip(tok)
					}
					var det ErrorDetail
					err := r.object(func(key string, tok json.Token) error {
						switch key {
						case "code":
							return r.str(tok, &det.Code)
						case "message":
							return r.str(tok, &det.Message)
						case "target":
							return r.str(tok, &det.Target)
						}
						return r.skip(tok)
					})
					e.Details = append(e.Details, det)
					return err
				})
			}
			return r.skip(tok)
		})
	})
	if err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the object")
	}
	return nil
}

// maxDepth bounds how deeply arrays and objects nest in an error body, as
// graphrt/impl's decoder bounds it by default.
const maxDepth = 64

// errorReader walks a JSON document token by token, counting how deeply
// the current token nests.
type errorReader struct {
	dec   *json.Decoder
	depth int
}

// next returns the next token.
func (r *errorReader) next() (json.Token, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'), json.Delim('['):
		r.depth++
		if r.depth > maxDepth {
			return nil, errors.New("exceeded maximum nesting depth")
		}
	case json.Delim('}'), json.Delim(']'):
		r.depth--
	}
	return tok, nil
}

// object reads the members of the object whose '{' was just read, calling
// fn with each key and the first token of its value; fn must consume the
// value, with skip if it is not wanted.
func (r *errorReader) object(fn func(key string, tok json.Token) error) error {
	for {
		tok, err := r.next()
		if err != nil {
			return err
		}
		if tok == json.Delim('}') {
			return nil
		}
		key, _ := tok.(string) // a key is always a string token
		if tok, err = r.next(); err != nil {
			return err
		}
		if err := fn(key, tok); err != nil {
			return err
		}
	}
}

// array reads the elements of the array whose '[' was just read, calling
// fn with the first token of each; fn must consume the element.
func (r *errorReader) array(fn func(tok json.Token) error) error {
	for {
		tok, err := r.next()
		if err != nil {
			return err
		}
		if tok == json.Delim(']') {
			return nil
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

// skip consumes the rest of the value that tok starts.
func (r *errorReader) skip(tok json.Token) error {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return nil
	}
	for outer := r.depth - 1; r.depth > outer; {
		if _, err := r.next(); err != nil {
			return err
		}
	}
	return nil
}

// str sets *dst to the value tok starts when it is a string, and skips
// any other value.
func (r *errorReader) str(tok json.Token, dst *string) error {
	if s, ok := tok.(string); ok {
		*dst = s
		return nil
	}
	return r.skip(tok)
}

// WriteError writes an error response in Graph's shape with the given
// status, code and message. The innerError member carries only the current
// time in UTC, formatted as RFC 3339 without a fraction.
func WriteError(w http.ResponseWriter, status int, code, message string) {
	b := make([]byte, 0, 96+len(code)+len(message))
	b = append(b, `{"error":{"code":`...)
	b = wire.AppendString(b, code)
	b = append(b, `,"message":`...)
	b = wire.AppendString(b, message)
	b = append(b, `,"innerError":{"date":"`...)
	b = time.Now().UTC().AppendFormat(b, time.RFC3339)
	b = append(b, "\"}}}\n"...)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
