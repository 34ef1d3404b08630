package impl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// ErrNoBody is what ReadBody returns for an empty request body: a 400
// *graphrt.Error, which generated code answers with Reply when the
// operation requires a body, and ignores (leaving the body nil) when the
// body is optional. Compare with errors.Is.
var ErrNoBody error = &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest,
	Message: "invalid request body: the body is empty, and this operation requires one"}

// ReadBody reads a JSON request body of at most limit bytes into v and
// then runs validate, unless it is nil. It sets r.GetBody to return the
// bytes it read.
//
// A Content-Type other than JSON is a 415 *graphrt.Error and a longer body
// a 413 one (see ReadJSONBody); an empty body (or only white space) is
// ErrNoBody. The body is decoded with v's UnmarshalJSON when it has one
// (for generated types, graphdoc's decoder), else with encoding/json. A
// decoding or validation error is a 400 *graphrt.Error whose message is
// "invalid request body: " and the error's text (a *graphrt.ValidationError
// already says "invalid request body"); errors.As finds both it and the
// error it reports. An error that is already a *graphrt.Error is returned
// as it is.
func ReadBody(r *http.Request, limit int64, v any, validate func() error) error {
	return readBody(r, limit, v, validate, false)
}

// ReadRefBody is ReadBody for a POST or PUT of a $ref, whose body's
// @odata.id the body's type (the referenced entity) has no field for: it
// also keeps the body as sent (r.GetBody) for the fake (FakeRef).
func ReadRefBody(r *http.Request, limit int64, v any, validate func() error) error {
	return readBody(r, limit, v, validate, true)
}

func readBody(r *http.Request, limit int64, v any, validate func() error, keep bool) error {
	data, err := ReadJSONBody(r, limit)
	if err != nil {
		var e *graphrt.Error
		if errors.As(err, &e) {
			return err
		}
		return &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest, Message: err.Error()}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return ErrNoBody
	}
	if keep {
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	}
	if u, ok := v.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(data)
	} else {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		return bodyError(err)
	}
	if validate != nil {
		if err := validate(); err != nil {
			return bodyError(err)
		}
	}
	return nil
}

// bodyError turns a decoding or validation error into a 400 *graphrt.Error
// that wraps it.
func bodyError(err error) error {
	var e *graphrt.Error
	if errors.As(err, &e) {
		return err
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "invalid request body") {
		msg = "invalid request body: " + msg
	}
	return &requestError{e: &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest, Message: msg}, cause: err}
}

// requestError is a *graphrt.Error answering a request, and the error
// that caused it.
type requestError struct {
	e     *graphrt.Error
	cause error
}

func (e *requestError) Error() string   { return e.e.Error() }
func (e *requestError) Unwrap() []error { return []error{e.e, e.cause} }

// Reply answers a request. With err nil it writes status and v as JSON
// (encoding/json, so that generated MarshalJSON methods apply), with
// Content-Type application/json; a nil v (or a nil pointer, slice or map)
// writes no body, nor do statuses 204 and 304. Status 0 means 200, or 204
// when there is no body.
//
// With err non-nil, v is ignored and the error is answered in Graph's
// error shape: a *graphrt.Error that err wraps (errors.As) with its
// StatusCode (500 when it is not a 4xx or 5xx status), Code (derived from
// the status when empty) and Message; a *graphrt.ValidationError with 400
// BadRequest and its text; anything else with 500 InternalServerError and
// its text.
func Reply(w http.ResponseWriter, status int, v any, err error) {
	if err != nil {
		replyError(w, err)
		return
	}
	if isNilValue(v) || status == http.StatusNoContent || status == http.StatusNotModified {
		if status == 0 {
			status = http.StatusNoContent
		}
		w.WriteHeader(status)
		return
	}
	body, err := json.Marshal(v)
	if err != nil {
		replyError(w, fmt.Errorf("cannot encode the response: %w", err))
		return
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// replyError writes err in Graph's error shape.
func replyError(w http.ResponseWriter, err error) {
	var e *graphrt.Error
	if errors.As(err, &e) {
		status := e.StatusCode
		if status < 400 || status > 599 {
			status = http.StatusInternalServerError
		}
		code := e.Code
		if code == "" {
			code = wire.StatusCode(status)
		}
		graphrt.WriteError(w, status, code, e.Message)
		return
	}
	var ve *graphrt.ValidationError
	if errors.As(err, &ve) {
		graphrt.WriteError(w, http.StatusBadRequest, graphrt.CodeBadRequest, err.Error())
		return
	}
	graphrt.WriteError(w, http.StatusInternalServerError, graphrt.CodeInternalServerError, err.Error())
}

// isNilValue reports whether v is nil or a nil pointer, slice, map or
// interface.
func isNilValue(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// Unimplemented is the error a handler answers an operation it does not
// implement with: 501 NotImplemented, naming the method and path.
func Unimplemented(method, path string) error {
	return &graphrt.Error{StatusCode: http.StatusNotImplemented, Code: "NotImplemented",
		Message: fmt.Sprintf("%s %s is not implemented", method, path)}
}

// ReadJSONBody reads a JSON request body of at most limit bytes. A
// Content-Type other than JSON gives a 415 *graphrt.Error and a longer
// body a 413 one. An empty body is returned empty: the caller knows whether a body is
// required.
func ReadJSONBody(r *http.Request, limit int64) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !graphrt.IsJSON(ct) {
		return nil, &graphrt.Error{StatusCode: http.StatusUnsupportedMediaType, Code: graphrt.CodeUnsupportedMediaType,
			Message: fmt.Sprintf("Content-Type %q is not JSON; send application/json", ct)}
	}
	tooLarge := func() error {
		return &graphrt.Error{StatusCode: http.StatusRequestEntityTooLarge, Code: graphrt.CodeRequestEntityTooLarge,
			Message: fmt.Sprintf("request body is larger than %d bytes", limit)}
	}
	if r.ContentLength > limit {
		return nil, tooLarge()
	}
	if r.Body == nil {
		return nil, nil
	}
	// One buffer of the announced size (and a byte to see the end), not
	// io.ReadAll's doubling from 512 bytes.
	size := 512
	if r.ContentLength >= 0 {
		size = int(r.ContentLength) + 1
	}
	data := make([]byte, 0, size)
	body := http.MaxBytesReader(nil, r.Body, limit)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := body.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, tooLarge()
			}
			return nil, fmt.Errorf("cannot read request body: %w", err)
		}
	}
}
