package impl

import (
	"bytes"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// FuzzParseError checks that graphrt.ParseError, which reads error bodies
// with encoding/json, reads exactly the bodies the pull decoder read, and
// reads them the same way.
func FuzzParseError(f *testing.F) {
	for _, s := range []string{
		`{"error":{"code":"BadRequest","message":"m","innerError":{"request-id":"r","date":"d"},"details":[{"code":"c","target":"t"},1]}}`,
		`{"error":{"code":"A"},"error":{"message":"m","innererror":{"client-request-id":"c"}}}`,
		`{"error":{"code":["x"],"message":{"a":[1,2.5e10,true,null]},"x":"\u00e9\ud800"}}`,
		`{"error":{"code":"C","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}`,
		"{\"error\":{\"code\":\"\xff\"}}",
		`{"error":{"code":"C"}} x`,
		`<html>Bad Gateway</html>`,
		``,
	} {
		f.Add(400, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		got := graphrt.ParseError(status, body)
		if want := refParseError(status, body); !reflect.DeepEqual(*got, want) {
			t.Errorf("ParseError(%d, %q):\n got %#v\nwant %#v", status, body, *got, want)
		}
	})
}

// maxMessage is graphrt's bound on the message of a body not in Graph's
// error shape.
const maxMessage = 512

// refParseError is graphrt.ParseError as it was written with the pull
// decoder.
func refParseError(status int, body []byte) graphrt.Error {
	e := graphrt.Error{StatusCode: status}
	if refDecodeError(NewDecoder(body), &e) == nil && (e.Code != "" || e.Message != "") {
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
	return graphrt.Error{StatusCode: status, Code: wire.StatusCode(status), Message: string(msg)}
}

// refDecodeError decodes Graph's error shape into e, skipping unknown
// members and members of unexpected types, with the pull decoder.
func refDecodeError(d *Decoder, e *graphrt.Error) error {
	str := func(dst *string) error {
		if d.Peek() != graphrt.String {
			return d.Skip()
		}
		s, err := d.Str()
		*dst = s
		return err
	}
	err := d.Object(func(key []byte) error {
		if string(key) != "error" || d.Peek() != graphrt.Object {
			return d.Skip()
		}
		return d.Object(func(key []byte) error {
			switch string(key) {
			case "code":
				return str(&e.Code)
			case "message":
				return str(&e.Message)
			case "innerError", "innererror":
				if d.Peek() != graphrt.Object {
					return d.Skip()
				}
				in := new(graphrt.InnerError)
				e.InnerError = in
				return d.Object(func(key []byte) error {
					switch string(key) {
					case "request-id":
						return str(&in.RequestID)
					case "client-request-id":
						return str(&in.ClientRequestID)
					case "date":
						return str(&in.Date)
					}
					return d.Skip()
				})
			case "details":
				if d.Peek() != graphrt.Array {
					return d.Skip()
				}
				return d.Array(func(int) error {
					if d.Peek() != graphrt.Object {
						return d.Skip()
					}
					var det graphrt.ErrorDetail
					err := d.Object(func(key []byte) error {
						switch string(key) {
						case "code":
							return str(&det.Code)
						case "message":
							return str(&det.Message)
						case "target":
							return str(&det.Target)
						}
						return d.Skip()
					})
					e.Details = append(e.Details, det)
					return err
				})
			}
			return d.Skip()
		})
	})
	if err != nil {
		return err
	}
	return d.End()
}
