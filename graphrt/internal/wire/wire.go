// Package wire holds what graphrt, graphrt/impl and graphrt/fake share
// about Graph's wire format without making it API: error codes derived
// from a status, JSON strings written by hand, the diagnostics Graph
// sends in headers, links a response names, and bodies in JSON batches.
package wire

import (
	"net/http"
	"time"
	"unicode/utf8"
)

// StatusCode derives an error code from the status text, such as
// "RequestEntityTooLarge" for 413.
func StatusCode(status int) string {
	text := http.StatusText(status)
	if text == "" {
		return "UnknownError"
	}
	b := make([]byte, 0, len(text))
	upper := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case 'a' <= c && c <= 'z':
			if upper {
				c -= 'a' - 'A'
			}
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '\'':
			continue
		default:
			upper = true
			continue
		}
		b = append(b, c)
		upper = false
	}
	return string(b)
}

// FillDiagnostics completes an error from the request-id,
// client-request-id and Date headers Graph sends with it: each that the
// error body left empty is set from its header (the date as RFC 3339 in
// UTC, when Date parses). inner is called once, and only when one of the
// headers is set, to return where the three go, so that an error without
// them does not get an empty innerError.
func FillDiagnostics(h http.Header, inner func() (requestID, clientRequestID, date *string)) {
	id, cid, date := h.Get("request-id"), h.Get("client-request-id"), h.Get("Date")
	if id == "" && cid == "" && date == "" {
		return
	}
	rid, rcid, rdate := inner()
	if *rid == "" {
		*rid = id
	}
	if *rcid == "" {
		*rcid = cid
	}
	if *rdate == "" && date != "" {
		if t, err := http.ParseTime(date); err == nil {
			*rdate = t.UTC().Format(time.RFC3339)
		}
	}
}

// AppendString appends s as a JSON string, replacing invalid UTF-8 with
// U+FFFD.
func AppendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
