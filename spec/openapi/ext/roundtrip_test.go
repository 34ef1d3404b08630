package ext_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/spec/openapi"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// The values the tests write: every extension, with characters that JSON
// encoders may escape.
var (
	rows = []ext.PermissionRow{
		{Kind: "delegatedWork", Label: "Delegated (work or school account)", Value: "User.Read, User.ReadWrite", LeastPrivileged: []string{"User.Read"}},
		{Kind: "application", Label: "Application <&>", Value: "Not supported."},
	}
	required = []string{"displayName", "mailNickname"}
	paging   = ext.Paging{NextLinkName: "@odata.nextLink", OperationName: "listMore"}
	enumDef  = ext.EnumDef{Name: "color", ModelAsString: true, Values: []ext.EnumValue{
		{Value: "red", Name: "red", Description: "Red & <b>bold</b>"},
		{Value: "blue", Name: "blue"},
	}}
)

// doc builds a document holding every extension, through the setters
// (typed) or as the maps graphdoc built before the contract existed.
func doc(typed bool) *openapi3.T {
	d := &openapi3.T{
		OpenAPI:    "3.0.3",
		Info:       &openapi3.Info{Title: "t", Version: "v"},
		Paths:      openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: openapi3.Schemas{}},
	}
	entity := &openapi3.Schema{Type: &openapi3.Types{"object"}}
	enum := &openapi3.Schema{Type: &openapi3.Types{"string"}, Enum: []any{"red", "blue"}}
	open := &openapi3.Schema{Type: &openapi3.Types{"object"}}
	body := openapi3.NewRequestBody().WithJSONSchema(openapi3.NewObjectSchema())
	op := &openapi3.Operation{OperationID: "users.list", Responses: openapi3.NewResponses(), RequestBody: &openapi3.RequestBodyRef{Value: body}}
	if typed {
		ext.SetGenerated(&d.Extensions, true)
		ext.SetSource(&entity.Extensions, "resources/user.md")
		ext.SetKey(&entity.Extensions, "id")
		ext.SetAbstract(&entity.Extensions, true)
		ext.SetProvisional(&entity.Extensions, true)
		ext.SetSource(&enum.Extensions, "resources/enums.md")
		ext.SetEnum(&enum.Extensions, enumDef)
		ext.SetEnumFlags(&enum.Extensions, true)
		ext.SetUndefinedType(&open.Extensions, "microsoft.graph.missing")
		ext.SetSource(&op.Extensions, "api/user-list.md")
		ext.SetKind(&op.Extensions, ext.KindList)
		ext.SetPermissions(&op.Extensions, rows)
		ext.SetPageable(&op.Extensions, paging)
		ext.SetRequired(&body.Extensions, required)
	} else {
		d.Extensions = map[string]any{ext.NameGenerated: true}
		entity.Extensions = map[string]any{ext.NameSource: "resources/user.md", ext.NameKey: "id", ext.NameAbstract: true, ext.NameProvisional: true}
		enum.Extensions = map[string]any{
			ext.NameSource: "resources/enums.md",
			ext.NameEnum: map[string]any{"name": "color", "modelAsString": true, "values": []any{
				map[string]any{"value": "red", "name": "red", "description": "Red & <b>bold</b>"},
				map[string]any{"value": "blue", "name": "blue"},
			}},
			ext.NameEnumFlags: map[string]any{"isFlags": true},
		}
		open.Extensions = map[string]any{ext.NameUndefinedType: "microsoft.graph.missing"}
		op.Extensions = map[string]any{
			ext.NameSource: "api/user-list.md",
			ext.NameKind:   "list",
			ext.NamePermissions: []any{
				map[string]any{"kind": "delegatedWork", "label": "Delegated (work or school account)", "value": "User.Read, User.ReadWrite", "leastPrivileged": []any{"User.Read"}},
				map[string]any{"kind": "application", "label": "Application <&>", "value": "Not supported."},
			},
			ext.NamePageable: map[string]any{"nextLinkName": "@odata.nextLink", "operationName": "listMore"},
		}
		body.Extensions = map[string]any{ext.NameRequired: []any{"displayName", "mailNickname"}}
	}
	d.Components.Schemas["microsoft.graph.user"] = entity.NewRef()
	d.Components.Schemas["microsoft.graph.color"] = enum.NewRef()
	d.Components.Schemas["open"] = open.NewRef()
	d.Paths.Set("/users", &openapi3.PathItem{Get: op})
	return d
}

// parts returns the extension maps of a document built by doc.
func parts(d *openapi3.T) (document, entity, enum, open, op, body map[string]any) {
	s := d.Components.Schemas
	o := d.Paths.Value("/users").Get
	return d.Extensions, s["microsoft.graph.user"].Value.Extensions, s["microsoft.graph.color"].Value.Extensions,
		s["open"].Value.Extensions, o.Extensions, o.RequestBody.Value.Extensions
}

func extensions(d *openapi3.T) []map[string]any {
	document, entity, enum, open, op, body := parts(d)
	return []map[string]any{document, entity, enum, open, op, body}
}

// TestSameBytes holds the setters to the format: a document holding their
// Go values is written byte for byte as one holding the maps graphdoc wrote
// before, by spec/openapi's writer and by encoding/json (with and without
// HTML escaping; apidiff and the writer's reference use it).
func TestSameBytes(t *testing.T) {
	typed, legacy := doc(true), doc(false)
	for _, f := range []openapi.Format{openapi.JSON, openapi.YAML} {
		a, err := openapi.Marshal(typed, f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := openapi.Marshal(legacy, f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the setters' document is written\n%s\nwant\n%s", f, a, b)
		}
	}
	// kin-openapi's marshallers escape HTML whatever the encoder says, so
	// the extension maps are also encoded on their own
	typedMaps, legacyMaps := extensions(typed), extensions(legacy)
	for _, escape := range []bool{false, true} {
		encode := func(v any) []byte {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(escape)
			enc.SetIndent("", "  ")
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}
		if a, b := encode(typed), encode(legacy); !bytes.Equal(a, b) {
			t.Errorf("encoding/json (escape HTML: %v): the setters' document is\n%s\nwant\n%s", escape, a, b)
		}
		if a, b := encode(typedMaps), encode(legacyMaps); !bytes.Equal(a, b) {
			t.Errorf("encoding/json (escape HTML: %v): the setters' extensions are\n%s\nwant\n%s", escape, a, b)
		}
	}
}

// TestRoundTrip reads every extension back, from the document in memory and
// from the document written and loaded again in each format.
func TestRoundTrip(t *testing.T) {
	built := doc(true)
	check := func(t *testing.T, d *openapi3.T) {
		t.Helper()
		document, entity, enum, open, op, body := parts(d)
		if !ext.Generated(document) {
			t.Error("Generated: false")
		}
		if got := ext.Source(entity); got != "resources/user.md" {
			t.Errorf("Source = %q", got)
		}
		if got := ext.Key(entity); got != "id" {
			t.Errorf("Key = %q", got)
		}
		if !ext.Abstract(entity) || !ext.Provisional(entity) {
			t.Error("Abstract or Provisional: false")
		}
		if got := ext.Enum(enum); !reflect.DeepEqual(got, enumDef) {
			t.Errorf("Enum = %+v, want %+v", got, enumDef)
		}
		if !ext.EnumFlags(enum) {
			t.Error("EnumFlags: false")
		}
		if got := ext.UndefinedType(open); got != "microsoft.graph.missing" {
			t.Errorf("UndefinedType = %q", got)
		}
		if got := ext.Source(op); got != "api/user-list.md" {
			t.Errorf("operation Source = %q", got)
		}
		if got := ext.Kind(op); got != ext.KindList {
			t.Errorf("Kind = %q", got)
		}
		if got := ext.Permissions(op); !reflect.DeepEqual(got, rows) {
			t.Errorf("Permissions = %+v, want %+v", got, rows)
		}
		if got := ext.Pageable(op); got != paging {
			t.Errorf("Pageable = %+v", got)
		}
		if got := ext.Required(body); !reflect.DeepEqual(got, required) {
			t.Errorf("Required = %q", got)
		}
		if ext.Key(op) != "" || ext.Abstract(op) || ext.Permissions(entity) != nil {
			t.Error("an extension read where it was not set")
		}
	}
	t.Run("memory", func(t *testing.T) { check(t, built) })
	for _, f := range []openapi.Format{openapi.JSON, openapi.YAML} {
		t.Run(string(f), func(t *testing.T) {
			data, err := openapi.Marshal(built, f)
			if err != nil {
				t.Fatal(err)
			}
			loaded, err := openapi.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			// the getters read the decoded form here, not the Go values
			if _, _, _, _, op, _ := parts(loaded); reflect.TypeOf(op[ext.NamePermissions]) != reflect.TypeFor[[]any]() {
				t.Fatalf("loaded permissions are a %T, want []any", op[ext.NamePermissions])
			}
			check(t, loaded)
		})
	}
}
