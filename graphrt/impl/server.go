package impl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/graphdoc/graphdoc/graphrt"
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
	graphrt.WriteError(g.w, status, wire.StatusCode(status), msg)
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

// ReadJSONBody reads a JSON request body of at most limit bytes. A
// Content-Type other than JSON gives a 415 *graphrt.Error and a longer
// body a 413 one. An empty body is returned empty: the caller knows whether a body is
// required.
func ReadJSONBody(r *http.Request, limit int64) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !graphrt.IsJSON(ct) {
		return nil, &graphrt.Error{StatusCode: http.StatusUnsupportedMediaType, Code: graphrt.CodeUnsupportedMediaType,
			Message: fmt.Sprintf("Content-Type %q is not JSON; send application/json", ct)}
	}
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &graphrt.Error{StatusCode: http.StatusRequestEntityTooLarge, Code: graphrt.CodeRequestEntityTooLarge,
				Message: fmt.Sprintf("request body is larger than %d bytes", limit)}
		}
		return nil, fmt.Errorf("cannot read request body: %w", err)
	}
	return data, nil
}

// DecodeJSONBody reads a JSON request body of at most limit bytes (see
// ReadJSONBody) into v, with v's UnmarshalJSON when it has one, which for
// generated types is graphdoc's decoder. An empty body is io.EOF, so that
// the strict handler can let an optional body be left out. A decoding
// error is wrapped as "invalid request body: ...", except a
// *graphrt.ValidationError, whose message already says so.
func DecodeJSONBody(r *http.Request, limit int64, v any) error {
	data, err := ReadJSONBody(r, limit)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return io.EOF
	}
	if u, ok := v.(json.Unmarshaler); ok {
		err := u.UnmarshalJSON(data)
		var fields *graphrt.ValidationError
		if err != nil && !errors.As(err, &fields) {
			return fmt.Errorf("invalid request body: %w", err)
		}
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("invalid request body: %w", err)
	}
	return nil
}

// ValidateBody runs v's Validate method, if it has one: the whole check of
// a request body when the operation adds none of its own.
func ValidateBody(v any) error {
	if x, ok := v.(interface{ Validate() error }); ok {
		return x.Validate()
	}
	return nil
}
