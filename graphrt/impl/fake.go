package impl

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// FakePath substitutes values, path-escaped, for the placeholders of a
// path template in order: FakePath("/users/{user-id}/messages", "42") is
// "/users/42/messages".
func FakePath(template string, values ...string) string {
	var b strings.Builder
	for _, v := range values {
		i := strings.IndexByte(template, '{')
		j := strings.IndexByte(template[i+1:], '}')
		if i < 0 || j < 0 {
			break
		}
		b.WriteString(template[:i])
		b.WriteString(url.PathEscape(v))
		template = template[i+1+j+1:]
	}
	b.WriteString(template)
	return b.String()
}

// FakeWrite writes a fake's answer: err, when not nil, in Graph's error
// shape with the status of a *graphrt.Error (500 for other errors);
// otherwise the status, with body as JSON unless the status is 204 or body
// is nil.
func FakeWrite(w http.ResponseWriter, status int, body []byte, err error) error {
	if err != nil {
		var e *graphrt.Error
		if errors.As(err, &e) && e.StatusCode != 0 {
			code := e.Code
			if code == "" {
				code = wire.StatusCode(e.StatusCode)
			}
			graphrt.WriteError(w, e.StatusCode, code, e.Message)
		} else {
			graphrt.WriteError(w, http.StatusInternalServerError, graphrt.CodeInternalServerError, err.Error())
		}
		return nil
	}
	if status == http.StatusNoContent || body == nil {
		w.WriteHeader(status)
		return nil
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, werr := w.Write(append(body, '\n'))
	return werr
}

// FakeNotImplemented is the error a fake answers an operation with when
// it only stores entities: actions, functions, and reads or writes of
// anything but a collection or one of its members: 501 NotImplemented.
func FakeNotImplemented(method, path, kind string) *graphrt.Error {
	return &graphrt.Error{StatusCode: http.StatusNotImplemented, Code: "NotImplemented", Message: fmt.Sprintf("the fake Graph does not implement %s %s (%s)", method, path, kind)}
}

// FakeRequestError answers a request whose parameters do not bind with
// 400 and Graph's error shape; it fits the ErrorHandlerFunc of a
// generated handler's options.
func FakeRequestError(w http.ResponseWriter, _ *http.Request, err error) {
	graphrt.WriteError(w, http.StatusBadRequest, graphrt.CodeBadRequest, err.Error())
}

// FakeRoutes is Routes, for the fake.
func FakeRoutes(mux *http.ServeMux) http.Handler { return Routes(mux) }
