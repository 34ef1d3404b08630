package openapi

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/rogpeppe/go-internal/diff"
)

// checkWriter holds the fast writer to the reference rendering: the same
// data in JSON and YAML. (Not the same bytes: kin-openapi's nested
// marshallers escape & < > as \u0026 and the like in some strings and not
// in others; the writer never does.)
func checkWriter(t *testing.T, data []byte) {
	t.Helper()
	doc, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := marshalReference(doc, JSON)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Marshal(doc, JSON)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("writer JSON does not parse: %v", err)
	}
	json.Unmarshal(want, &b)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("JSON holds other data than encoding/json's:\n%s", firstDiff(want, got))
	}
	y, err := Marshal(doc, YAML)
	if err != nil {
		t.Fatal(err)
	}
	var fromYAML, fromJSON any
	if err := yaml.Unmarshal(y, &fromYAML); err != nil {
		t.Fatalf("YAML does not parse: %v", err)
	}
	json.Unmarshal(got, &fromJSON)
	if !reflect.DeepEqual(normalize(fromYAML), normalize(fromJSON)) {
		t.Fatal("YAML and JSON hold different data")
	}
	if _, err := Load(y); err != nil {
		t.Fatalf("kin-openapi cannot load the YAML: %v", err)
	}
}

// normalize turns YAML's decoded numbers into JSON's float64.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = normalize(x)
		}
	case []any:
		for i, x := range v {
			v[i] = normalize(x)
		}
	case int:
		return float64(v)
	}
	return v
}

func TestWriterMatchesReference(t *testing.T) {
	for _, name := range []string{"userpfx", "seed"} {
		data, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(), "testdata", name, "openapi.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { checkWriter(t, data) })
	}
}

func TestQuoteAndNumbers(t *testing.T) {
	for _, s := range []string{"", "plain", "a\"b\\c", "tab\there", "\x01", "\u2028", "bad \xff utf8", "<html>&"} {
		want, _ := json.Marshal(s)
		want = bytes.ReplaceAll(bytes.ReplaceAll(bytes.ReplaceAll(want, []byte(`\u003c`), []byte("<")), []byte(`\u003e`), []byte(">")), []byte(`\u0026`), []byte("&"))
		if got := quote(nil, s); !bytes.Equal(got, want) {
			t.Errorf("quote(%q) = %s, want %s", s, got, want)
		}
	}
	for _, f := range []float64{0, -32768, 255, 1.5, 1e21, 1e-7, 123456789} {
		want, _ := json.Marshal(f)
		if got := formatNumber(nil, f); !bytes.Equal(got, want) {
			t.Errorf("formatNumber(%v) = %s, want %s", f, got, want)
		}
	}
	for s, plain := range map[string]bool{"abc": true, "true": false, "Yes": false, "200": false, "a: b": false, "#x": false, "/a/b": true, "a b": true, " a": false, "null": false, "-x": false, "{x}": false} {
		if plainYAML(s) != plain {
			t.Errorf("plainYAML(%q) = %v", s, !plain)
		}
	}
}

// firstDiff shows the start of a unified diff.
func firstDiff(want, got []byte) string {
	d := diff.Diff("encoding/json", want, "writer", got)
	if len(d) > 3000 {
		d = d[:3000]
	}
	return string(d)
}

// TestWriterExample holds a media type's example (an action's documented
// response) to the reference rendering, with the values YAML would
// misread unquoted, and to one byte sequence whatever the map order.
func TestWriterExample(t *testing.T) {
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "t", Version: "1"}, Paths: openapi3.NewPaths()}
	r := openapi3.NewResponse().WithDescription("OK").WithJSONSchema(openapi3.NewObjectSchema())
	r.Content.Get("application/json").Example = map[string]any{
		"@odata.type": "#microsoft.graph.sprocket", "when": "2021-01-01T00:00:00Z", "yes": "true", "n": 12.5, "big": 1e21,
		"nested": map[string]any{"z": nil, "a": []any{"200", true, map[string]any{}, []any{}}}, "text": "two\nlines: #x",
	}
	o := &openapi3.Operation{OperationID: "sprocket.polish", Responses: openapi3.NewResponses()}
	o.Responses.Set("200", &openapi3.ResponseRef{Value: r})
	doc.Paths.Set("/sprockets/{id}/polish", &openapi3.PathItem{Post: o})
	first, err := Marshal(doc, JSON)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(first, []byte(`"example": {`)) {
		t.Fatalf("no example written:\n%s", first)
	}
	for range 5 {
		if again, _ := Marshal(doc, JSON); !bytes.Equal(again, first) {
			t.Fatal("the example is written in another order the second time")
		}
	}
	checkWriter(t, first)
	y, _ := Marshal(doc, YAML)
	checkWriter(t, y)
}
