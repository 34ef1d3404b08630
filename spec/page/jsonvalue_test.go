package page

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// decodeJSONAgrees holds decodeJSON to encoding/json's Unmarshal into an
// `any`: both fail, or both succeed with deeply equal values.
func decodeJSONAgrees(t *testing.T, s string) {
	t.Helper()
	var want any
	werr := json.Unmarshal([]byte(s), &want)
	got, ok := decodeJSON(s)
	if ok != (werr == nil) {
		t.Fatalf("decodeJSON(%q) ok=%v, encoding/json: %v", s, ok, werr)
	}
	if ok && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeJSON(%q) = %#v, encoding/json: %#v", s, got, want)
	}
}

var jsonCases = []string{
	``, ` `, `null`, `true`, `false`, `nul`, `truex`, `0`, `-0`, `01`, `-`, `1.`, `.5`, `1e`, `1e+`, `1E-2`, `+1`,
	`1.5e300`, `1e400`, `-1e400`, `1e-400`, `123456789012345678901234567890`,
	`""`, `"a`, `"\"\\\/\b\f\n\r\t"`, `"\x"`, `"\u00e9"`, `"\u00E9x"`, `"\u12"`, `"\uzzzz"`,
	`"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ud83d\u0041"`, `"\ude00\ud83d"`, `"\ud83d\uzzzz"`, `"\ud83d\"`,
	"\"\x01\"", "\"\x7f\"", "\"caf\xc3\xa9\"", "\"\xff\"", "\"a\xffb\\n\"", "\"\xe2\x82\"", "\"\xef\xbf\xbd\"",
	`{}`, `{ }`, `{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `{"a":null,"a":"b"}`, `{"\u0061":1,"a":2}`,
	`[]`, `[ ]`, `[1,]`, `[,1]`, `[1 2]`, `[[[]]]`, `[{"a":[1,{"b":"c"}]}]`, ` [1, 2] `, `[1] x`, `{"a":1}}`,
	"{\"a\":\t\r\n1}", "[1,\f2]", `{"value": [{"id": "String (identifier)", "n": -1.5E+3}]}`,
	// annotation comments
	` { "blockType": "request", "name": "get_x" } `, `{"a": "b\"c"}`, `{"a": "b",}`, `{"a": truex}`, "{\"a\": \"b\tc\"}", `{a: "b"}`,
	"{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.user\",\n  \"x\": null, \"x\": false\n}",
}

func TestDecodeJSON(t *testing.T) {
	for _, s := range jsonCases {
		decodeJSONAgrees(t, s)
	}
	// encoding/json's nesting limit: 10,000 holds, 10,001 does not
	for _, n := range []int{10000, 10001} {
		decodeJSONAgrees(t, strings.Repeat("[", n)+strings.Repeat("]", n))
		decodeJSONAgrees(t, strings.Repeat(`{"a":`, n)+"1"+strings.Repeat("}", n))
	}
}

// FuzzDecodeJSON holds decodeJSON to encoding/json on any input.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range jsonCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { decodeJSONAgrees(t, s) })
}
