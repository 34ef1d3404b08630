package openapi

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/spec/model"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// primitive is the OpenAPI shape of one Graph primitive type.
type primitive struct {
	typ, format string
	min, max    *float64
}

func f(v float64) *float64 { return &v }

// primitives maps graphdoc's canonical primitive names (Edm names without
// the prefix) to OpenAPI types and formats, as Microsoft's own OpenAPI
// description of Graph writes them. Binary is base64 (format byte), the
// way Graph sends Edm.Binary in JSON; Stream is raw bytes (format binary).
var primitives = map[string]primitive{
	"String":         {typ: "string"},
	"Boolean":        {typ: "boolean"},
	"Int32":          {typ: "integer", format: "int32"},
	"Int64":          {typ: "integer", format: "int64"},
	"Int16":          {typ: "integer", format: "int16", min: f(-32768), max: f(32767)},
	"Byte":           {typ: "integer", format: "uint8", min: f(0), max: f(255)},
	"SByte":          {typ: "integer", format: "int8", min: f(-128), max: f(127)},
	"Double":         {typ: "number", format: "double"},
	"Single":         {typ: "number", format: "float"},
	"Decimal":        {typ: "number", format: "decimal"},
	"DateTimeOffset": {typ: "string", format: "date-time"},
	"Date":           {typ: "string", format: "date"},
	"TimeOfDay":      {typ: "string", format: "time"},
	"Duration":       {typ: "string", format: "duration"},
	"Guid":           {typ: "string", format: "uuid"},
	"Binary":         {typ: "string", format: "byte"},
	"Stream":         {typ: "string", format: "binary"},
	"Json":           {typ: "object"},
}

// PrimitiveSchema returns a new schema for a canonical primitive name; an
// unknown name gives an open object.
func PrimitiveSchema(name string) *openapi3.Schema {
	p, ok := primitives[name]
	if !ok {
		p = primitives["Json"]
	}
	s := &openapi3.Schema{Type: &openapi3.Types{p.typ}, Format: p.format, Min: p.min, Max: p.max}
	return s
}

// componentRef returns a reference to a component schema.
func componentRef(name string) *openapi3.SchemaRef {
	return openapi3.NewSchemaRef("#/components/schemas/"+name, nil)
}

// typeSchema returns the schema of a type reference: a $ref for named
// types and enums, an inline schema for primitives and inline enums, and an
// array of those for collections.
func typeSchema(t model.TypeRef) *openapi3.SchemaRef {
	var item *openapi3.SchemaRef
	switch t.Kind {
	case model.RefType, model.RefEnum:
		item = componentRef(t.Name)
	case model.RefInlineEnum:
		s := PrimitiveSchema("String")
		for _, v := range t.Values {
			s.Enum = append(s.Enum, v)
		}
		item = s.NewRef()
	case model.RefOpen:
		s := PrimitiveSchema("Json")
		ext.SetUndefinedType(&s.Extensions, t.Name)
		item = s.NewRef()
	default:
		item = PrimitiveSchema(t.Name).NewRef()
	}
	if !t.Collection {
		return item
	}
	return (&openapi3.Schema{Type: &openapi3.Types{"array"}, Items: item}).NewRef()
}

// propertySchema returns the schema of a property. A $ref cannot carry a
// description, readOnly or nullable in OpenAPI 3.0, so a referenced type
// that needs one is wrapped in a one-element allOf.
func propertySchema(p *model.Property) *openapi3.SchemaRef {
	s := typeSchema(p.Type)
	if s.Ref != "" {
		if p.Description == "" && !p.ReadOnly && !p.Nullable {
			return s
		}
		return (&openapi3.Schema{AllOf: openapi3.SchemaRefs{s}, Description: p.Description, ReadOnly: p.ReadOnly, Nullable: p.Nullable}).NewRef()
	}
	s.Value.Description = p.Description
	s.Value.ReadOnly = p.ReadOnly
	s.Value.Nullable = p.Nullable
	return s
}
