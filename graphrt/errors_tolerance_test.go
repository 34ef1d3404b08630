package graphrt

import (
	"reflect"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// TestParseErrorTolerance pins down which bodies ParseError reads and
// which fall back to the status and the raw body: the rules of the pull
// decoder it was first written with.
func TestParseErrorTolerance(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	fallback := func(status int, body string) Error {
		return Error{StatusCode: status, Code: wire.StatusCode(status), Message: strings.TrimSpace(body)}
	}
	tests := []struct {
		name string
		body string
		want Error // StatusCode 400
	}{
		{"unknown members of every kind", `{"odata":1,"error":{"x":{"a":[1,{"b":null}]},"code":"C","y":[true,false,null,-1.5e300,"s"]},"z":"w"}`,
			Error{Code: "C"}},
		{"mistyped code and inner members", `{"error":{"code":["C"],"message":"m","innerError":{"request-id":1,"date":null,"client-request-id":"c"}}}`,
			Error{Code: "BadRequest", Message: "m", InnerError: &InnerError{ClientRequestID: "c"}}},
		{"nothing but mistyped members falls back", `{"error":{"code":["C"],"message":{"m":1}}}`,
			fallback(400, `{"error":{"code":["C"],"message":{"m":1}}}`)},
		{"innererror spelled as OData does", `{"error":{"code":"C","innererror":{"request-id":"r"}}}`,
			Error{Code: "C", InnerError: &InnerError{RequestID: "r"}}},
		{"a second innerError replaces the first", `{"error":{"code":"C","innerError":{"request-id":"r"},"innererror":{"date":"d"}}}`,
			Error{Code: "C", InnerError: &InnerError{Date: "d"}}},
		{"a mistyped innerError leaves it unset", `{"error":{"code":"C","innerError":[{"request-id":"r"}]}}`,
			Error{Code: "C"}},
		{"duplicate members are read in order", `{"error":{"code":"A","message":"m"},"error":{"code":"B"},"error":7}`,
			Error{Code: "B", Message: "m"}},
		{"details skip what is not an object", `{"error":{"code":"C","details":[1,"s",null,[{"code":"no"}],{"code":"d","target":"t","x":{}}]}}`,
			Error{Code: "C", Details: []ErrorDetail{{Code: "d", Target: "t"}}}},
		{"details twice append", `{"error":{"code":"C","details":[{"code":"a"}],"details":[{"code":"b"}],"details":"x"}}`,
			Error{Code: "C", Details: []ErrorDetail{{Code: "a"}, {Code: "b"}}}},
		{"escaped keys and values", `{"\u0065rror":{"cod\u0065":"\u00e9\ud83d\ude00","message":"a\"b\\\/\n"}}`,
			Error{Code: "é😀", Message: "a\"b\\/\n"}},
		{"a lone surrogate becomes U+FFFD", `{"error":{"code":"\ud800x"}}`, Error{Code: "\ufffdx"}},
		{"a number too large for float64 is skipped", `{"error":{"code":"C","n":1e400}}`, Error{Code: "C"}},
		{"white space around and between", " \t\r\n{ \"error\" : { \"code\" : \"C\" } } \n", Error{Code: "C"}},
		{"64 levels of nesting", `{"error":{"code":"C","x":` + nest(62) + `}}`, Error{Code: "C"}},
		{"65 levels fall back", `{"error":{"code":"C","x":` + nest(63) + `}}`,
			fallback(400, `{"error":{"code":"C","x":`+nest(63)+`}}`)},
		{"invalid UTF-8 falls back", "{\"error\":{\"code\":\"C\",\"message\":\"\xff\"}}",
			fallback(400, "{\"error\":{\"code\":\"C\",\"message\":\"\xff\"}}")},
		{"invalid UTF-8 in a skipped member falls back", "{\"error\":{\"code\":\"C\"},\"x\":\"\xc3\"}",
			fallback(400, "{\"error\":{\"code\":\"C\"},\"x\":\"\xc3\"}")},
		{"a syntax error in a skipped member falls back", `{"error":{"code":"C"},"x":[1,]}`,
			fallback(400, `{"error":{"code":"C"},"x":[1,]}`)},
		{"a bad literal falls back", `{"error":{"code":"C","x":nul}}`, fallback(400, `{"error":{"code":"C","x":nul}}`)},
		{"a bad number falls back", `{"error":{"code":"C","x":01}}`, fallback(400, `{"error":{"code":"C","x":01}}`)},
		{"a control character in a string falls back", "{\"error\":{\"code\":\"C\t\"}}", fallback(400, "{\"error\":{\"code\":\"C\t\"}}")},
		{"a second value falls back", `{"error":{"code":"C"}}{}`, fallback(400, `{"error":{"code":"C"}}{}`)},
		{"a closing brace too many falls back", `{"error":{"code":"C"}}}`, fallback(400, `{"error":{"code":"C"}}}`)},
		{"an array falls back", `[{"error":{"code":"C"}}]`, fallback(400, `[{"error":{"code":"C"}}]`)},
		{"a string falls back", `"error"`, fallback(400, `"error"`)},
		{"no error member falls back", `{"code":"C","message":"m"}`, fallback(400, `{"code":"C","message":"m"}`)},
	}
	for _, tt := range tests {
		tt.want.StatusCode = 400
		got := ParseError(400, []byte(tt.body))
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%s:\n got %#v\nwant %#v", tt.name, *got, tt.want)
		}
	}
}
