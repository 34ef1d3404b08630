package graphrt

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// Routes serves mux, answering requests that match none of its routes in
// Graph's error shape (404 NotFound, or 405 MethodNotAllowed when the path
// has routes for other methods) instead of ServeMux's plain text.
func Routes(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(&graphErrorWriter{w: w, r: r, h: http.Header{}}, r)
	})
}

// graphErrorWriter rewrites the plain-text error ServeMux writes into
// Graph's error shape.
type graphErrorWriter struct {
	w     http.ResponseWriter
	r     *http.Request
	h     http.Header
	wrote bool
	err   bool
}

func (g *graphErrorWriter) Header() http.Header { return g.h }

func (g *graphErrorWriter) WriteHeader(status int) {
	if g.wrote {
		return
	}
	g.wrote = true
	if status < 400 {
		for k, v := range g.h {
			g.w.Header()[k] = v
		}
		g.w.WriteHeader(status)
		return
	}
	g.err = true
	if allow := g.h.Get("Allow"); allow != "" {
		g.w.Header().Set("Allow", allow)
	}
	msg := fmt.Sprintf("no resource at %s", g.r.URL.Path)
	if status == http.StatusMethodNotAllowed {
		msg = fmt.Sprintf("%s is not allowed on %s", g.r.Method, g.r.URL.Path)
	}
	WriteError(g.w, status, wire.StatusCode(status), msg)
}

func (g *graphErrorWriter) Write(b []byte) (int, error) {
	if !g.wrote {
		g.WriteHeader(http.StatusOK)
	}
	if g.err {
		return len(b), nil
	}
	return g.w.Write(b)
}

// WriteRequestError answers a request a server cannot accept in Graph's
// error shape: with the status and code of a *Error the error wraps (413,
// 415 ...), else 400 BadRequest with the error's text.
func WriteRequestError(w http.ResponseWriter, err error) {
	status, code := StatusOf(err)
	msg := err.Error()
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		msg = e.Message
	}
	WriteError(w, status, code, msg)
}

// StatusOf returns the HTTP status and Graph error code a request error
// should be answered with: those of a *Error it wraps, else 400
// BadRequest.
func StatusOf(err error) (int, string) {
	var e *Error
	if errors.As(err, &e) && e.StatusCode >= 400 {
		code := e.Code
		if code == "" {
			code = wire.StatusCode(e.StatusCode)
		}
		return e.StatusCode, code
	}
	return http.StatusBadRequest, CodeBadRequest
}

// ReadJSONBody reads a JSON request body of at most limit bytes. A
// Content-Type other than JSON gives a 415 *Error and a longer body a 413
// one. An empty body is returned empty: the caller knows whether a body is
// required.
func ReadJSONBody(r *http.Request, limit int64) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !IsJSON(ct) {
		return nil, &Error{StatusCode: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
			Message: fmt.Sprintf("Content-Type %q is not JSON; send application/json", ct)}
	}
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &Error{StatusCode: http.StatusRequestEntityTooLarge, Code: CodeRequestEntityTooLarge,
				Message: fmt.Sprintf("request body is larger than %d bytes", limit)}
		}
		return nil, fmt.Errorf("cannot read request body: %w", err)
	}
	return data, nil
}

// IsJSON reports whether a Content-Type is JSON (application/json,
// application/*+json, with any parameters).
func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}
