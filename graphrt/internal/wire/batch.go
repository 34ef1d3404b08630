package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"mime"
	"strings"
)

// IsJSON reports whether a Content-Type is JSON (application/json,
// application/*+json, with any parameters).
func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// BatchBody is a body as a JSON batch carries it, in a request or an
// answer: a JSON body (by its Content-Type, and valid) as it is, any other
// as a base64 string. graphrt's batch client and graphrt/fake's $batch
// server both write bodies so.
func BatchBody(contentType string, body []byte) json.RawMessage {
	if IsJSON(contentType) && json.Valid(body) {
		return bytes.TrimSpace(body)
	}
	b, _ := json.Marshal(base64.StdEncoding.EncodeToString(body))
	return b
}

// ErrNotBase64 is what BatchBodyBytes returns for a body that is not JSON
// by its Content-Type and not a base64 string.
var ErrNotBase64 = errors.New("not a base64 string")

// BatchBodyBytes reads a body a JSON batch carries (see BatchBody): nil
// for none or null, JSON as it is, a string of another Content-Type
// decoded from base64 (standard or URL alphabet, padded or not).
func BatchBodyBytes(contentType string, raw json.RawMessage) ([]byte, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if IsJSON(contentType) {
		return raw, nil
	}
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return raw, ErrNotBase64
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if data, err := enc.DecodeString(s); err == nil {
			return data, nil
		}
	}
	return []byte(s), ErrNotBase64
}
