package graphrt

import (
	"errors"
	"net/http"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

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

// IsJSON reports whether a Content-Type is JSON (application/json,
// application/*+json, with any parameters).
func IsJSON(contentType string) bool { return wire.IsJSON(contentType) }
