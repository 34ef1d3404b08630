package openapi

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/spec/model"
	"github.com/graphdoc/graphdoc/spec/page"
)

func TestPrimitiveSchemas(t *testing.T) {
	want := map[string][2]string{
		"String":         {"string", ""},
		"Boolean":        {"boolean", ""},
		"Int32":          {"integer", "int32"},
		"Int64":          {"integer", "int64"},
		"Int16":          {"integer", "int16"},
		"Byte":           {"integer", "uint8"},
		"SByte":          {"integer", "int8"},
		"Double":         {"number", "double"},
		"Single":         {"number", "float"},
		"Decimal":        {"number", "decimal"},
		"DateTimeOffset": {"string", "date-time"},
		"Date":           {"string", "date"},
		"TimeOfDay":      {"string", "time"},
		"Duration":       {"string", "duration"},
		"Guid":           {"string", "uuid"},
		"Binary":         {"string", "byte"},
		"Stream":         {"string", "binary"},
		"Json":           {"object", ""},
	}
	// every primitive the scanner can produce has a schema
	for _, p := range page.Primitives {
		if _, ok := want[p]; !ok {
			t.Errorf("primitive %s has no expected schema in this test", p)
		}
	}
	for name, w := range want {
		s := PrimitiveSchema(name)
		if !s.Type.Is(w[0]) || s.Format != w[1] {
			t.Errorf("%s: got %v/%s, want %s/%s", name, s.Type, s.Format, w[0], w[1])
		}
	}
	if s := PrimitiveSchema("Byte"); *s.Min != 0 || *s.Max != 255 {
		t.Errorf("Byte range %v..%v", *s.Min, *s.Max)
	}
	if s := PrimitiveSchema("Int16"); *s.Min != -32768 || *s.Max != 32767 {
		t.Errorf("Int16 range %v..%v", *s.Min, *s.Max)
	}
}

func TestCollections(t *testing.T) {
	s := typeSchema(model.TypeRef{Kind: model.RefPrimitive, Name: "Guid", Collection: true})
	if !s.Value.Type.Is("array") || s.Value.Items.Value.Format != "uuid" {
		t.Errorf("Guid collection: %+v", s.Value)
	}
	s = typeSchema(model.TypeRef{Kind: model.RefType, Name: "microsoft.graph.user", Collection: true})
	if !s.Value.Type.Is("array") || s.Value.Items.Ref != "#/components/schemas/microsoft.graph.user" {
		t.Errorf("user collection: %+v", s.Value)
	}
	s = typeSchema(model.TypeRef{Kind: model.RefInlineEnum, Name: "String", Values: []string{"a", "b"}})
	if len(s.Value.Enum) != 2 {
		t.Errorf("inline enum: %+v", s.Value)
	}
	// a $ref with a description is wrapped, since 3.0 ignores $ref siblings
	p := propertySchema(&model.Property{Name: "x", Type: model.TypeRef{Kind: model.RefEnum, Name: "microsoft.graph.e"}, Description: "d", ReadOnly: true})
	if p.Ref != "" || len(p.Value.AllOf) != 1 || p.Value.Description != "d" || !p.Value.ReadOnly {
		t.Errorf("wrapped ref: %+v", p.Value)
	}
}

// TestValidateStillChecksEverySchema: Validate stubs references while
// kin-openapi walks the document, so every schema must still be checked
// where it is defined, and references must still resolve.
func TestValidateStillChecksEverySchema(t *testing.T) {
	bad := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{
		"x": {Value: &openapi3.Schema{Type: &openapi3.Types{"strnig"}}},
	}}
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "t", Version: "1"}, Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: openapi3.Schemas{
			"bad":  bad.NewRef(),
			"user": (&openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{"b": componentRef("bad")}}).NewRef(),
		}}}
	if err := Validate(doc); err == nil {
		t.Error("an invalid schema passed")
	}
	if ref := doc.Components.Schemas["user"].Value.Properties["b"]; ref.Value != bad {
		t.Error("the reference was not put back")
	}
	doc.Components.Schemas["bad"] = PrimitiveSchema("String").NewRef()
	doc.Components.Schemas["user"].Value.Properties["c"] = componentRef("missing")
	if err := Validate(doc); err == nil {
		t.Error("an unresolved reference passed")
	}
}

// TestValidateAcrossPathParts: the paths are validated in parts, so the
// checks kin-openapi makes across paths are made over all of them, and an
// error in any part is found.
func TestValidateAcrossPathParts(t *testing.T) {
	op := func(id string) *openapi3.Operation {
		return &openapi3.Operation{OperationID: id, Responses: openapi3.NewResponses(
			openapi3.WithStatus(200, &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("OK")}))}
	}
	param := func(name string) openapi3.Parameters {
		return openapi3.Parameters{{Value: openapi3.NewPathParameter(name).WithSchema(openapi3.NewStringSchema())}}
	}
	build := func(paths map[string]*openapi3.PathItem) *openapi3.T {
		doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "t", Version: "1"}, Paths: openapi3.NewPaths(),
			Components: &openapi3.Components{Schemas: openapi3.Schemas{"s": PrimitiveSchema("String").NewRef()}}}
		for k, v := range paths {
			doc.Paths.Set(k, v)
		}
		// enough paths that every part holds some
		for i := range 8 {
			doc.Paths.Set(fmt.Sprintf("/p%d", i), &openapi3.PathItem{Get: op(fmt.Sprintf("p%d.get", i))})
		}
		return doc
	}
	ok := build(map[string]*openapi3.PathItem{"/a/{x}": {Get: op("a.get"), Parameters: param("x")}})
	if err := Validate(ok); err != nil {
		t.Fatalf("a valid document: %v", err)
	}
	for name, paths := range map[string]map[string]*openapi3.PathItem{
		"same template": {"/a/{x}": {Get: op("a.get"), Parameters: param("x")}, "/a/{y}": {Get: op("b.get"), Parameters: param("y")}},
		"same id":       {"/a": {Get: op("same")}, "/z": {Get: op("same")}},
		"bad last path": {"/zz": {Get: &openapi3.Operation{OperationID: "zz"}}},
		"bad param":     {"/zz/{x}": {Get: op("zz.get")}},
	} {
		if err := Validate(build(paths)); err == nil {
			t.Errorf("%s: passed", name)
		}
	}
}

func TestAcrossPaths(t *testing.T) {
	item := func(id string) *openapi3.PathItem {
		return &openapi3.PathItem{Get: &openapi3.Operation{OperationID: id}}
	}
	for _, c := range []struct {
		paths map[string]*openapi3.PathItem
		bad   bool
	}{
		{map[string]*openapi3.PathItem{"/a/{x}/b": item("1"), "/a/{y}/c": item("2")}, false},
		{map[string]*openapi3.PathItem{"/a/{x}/b": item("1"), "/m": item("3"), "/a/{y}/b": item("2")}, true},
		{map[string]*openapi3.PathItem{"/a": item("1"), "/m": item("3"), "/z": item("1")}, true},
	} {
		p := openapi3.NewPaths()
		for k, v := range c.paths {
			p.Set(k, v)
		}
		if err := acrossPaths(p); (err != nil) != c.bad {
			t.Errorf("%v: %v", slices.Sorted(maps.Keys(c.paths)), err)
		}
	}
	if got := pathTemplate("/a/{x-id}/b/{y}"); got != "/a/{}/b/{}" {
		t.Errorf("template %s", got)
	}
}
