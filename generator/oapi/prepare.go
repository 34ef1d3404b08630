package oapi

import (
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/generator/ir"
)

// oapi-codegen's extensions, which Prepare writes for it alone.
const (
	extGoName          = "x-go-name"
	extGoType          = "x-go-type"
	extGoTypeImport    = "x-go-type-import"
	extSkipOptionalPtr = "x-go-type-skip-optional-pointer"
	extOrder           = "x-order"
	extExtraTags       = "x-oapi-codegen-extra-tags"
)

// graphTag is a field's `graph` struct tag, which graphrt/impl's plans
// read: ro for a read-only member, time for a time-of-day string.
func graphTag(f *ir.Field) string {
	var flags []string
	if f.ReadOnly {
		flags = append(flags, "ro")
	}
	if f.Format == "time" && f.Type.Elem == (ir.Ident{Name: "string"}) {
		flags = append(flags, "time")
	}
	return strings.Join(flags, ",")
}

// Prepare rewrites doc (freshly loaded, used by nothing else) so that
// oapi-codegen writes the models the IR describes, with the IR's names:
//
//   - the inline enums the IR hoisted become component schemas;
//   - every struct's schema becomes a flat object of all its fields, the
//     base types' included (oapi-codegen would merge an allOf itself, and
//     drops Graph's inheritance anyway, its issue #666), each property
//     with the IR's field name (x-go-name) and place (x-order);
//   - a field, body or response holding a polymorphic base holds the
//     family's interface or Any wrapper instead (x-go-type);
//   - formats get the IR's Go types (graphrt.Date, uuid.UUID...);
//   - component schemas are renamed to their Go names, references
//     included, and operationIds become the operations' Go names.
func Prepare(doc *openapi3.T, p *ir.Package) {
	prep := &preparer{doc: doc, p: p, hoisted: map[*openapi3.Schema]string{}, enums: map[string]*openapi3.Schema{}}
	for _, e := range p.Enums {
		if e.Origin() != nil {
			prep.hoisted[e.Origin()] = e.Name
			s := *e.Origin()
			s.Description = ""
			prep.enums[e.Name] = &s
		}
	}
	renames := map[string]string{}
	for _, t := range p.Types {
		if t.Schema != "" {
			renames[t.Schema] = t.Name
		}
	}
	for _, e := range p.Enums {
		if e.Schema != "" {
			renames[e.Schema] = e.Name
		}
	}
	for _, a := range p.Aliases {
		renames[a.Schema] = a.Name
	}
	// flatten every struct; the new schemas refer to the old names until
	// renameSchemas rewrites every reference at once
	flat := map[string]*openapi3.Schema{}
	for _, t := range p.Types {
		if t.Schema != "" {
			flat[t.Schema] = prep.flatten(t)
		}
	}
	for name, s := range flat {
		doc.Components.Schemas[name] = s.NewRef()
	}
	for _, op := range p.Operations {
		prep.operation(op)
	}
	// the hoisted enums, and every other schema's own formats and enums
	for name, s := range prep.enums {
		doc.Components.Schemas[name] = s.NewRef()
	}
	for name, r := range doc.Components.Schemas {
		if flat[name] == nil {
			prep.walk(r)
		}
	}
	renameSchemas(doc, renames)
}

// preparer is the state of one Prepare.
type preparer struct {
	doc     *openapi3.T
	p       *ir.Package
	hoisted map[*openapi3.Schema]string // inline enum -> its Go type
	enums   map[string]*openapi3.Schema // a hoisted enum's component schema, by Go type
}

// enumRef is a reference to a hoisted enum's component schema.
func (prep *preparer) enumRef(name string) *openapi3.SchemaRef {
	return openapi3.NewSchemaRef("#/components/schemas/"+name, prep.enums[name])
}

// flatten returns the flat schema of a struct.
func (prep *preparer) flatten(t *ir.Type) *openapi3.Schema {
	src := t.SchemaValue()
	s := &openapi3.Schema{Type: &openapi3.Types{"object"}, Title: src.Title, Description: src.Description, Properties: openapi3.Schemas{}}
	if own := ownPart(src); own.AdditionalProperties.Schema != nil || own.AdditionalProperties.Has != nil {
		s.AdditionalProperties = own.AdditionalProperties
	}
	for i, f := range t.Fields {
		s.Properties[f.JSON] = prep.property(f, i)
		if f.Required {
			s.Required = append(s.Required, f.JSON)
		}
	}
	return s
}

// property returns the schema of one field of a flat struct: a copy of
// the declaring type's property, named and placed.
func (prep *preparer) property(f *ir.Field, i int) *openapi3.SchemaRef {
	src := ownPart(f.Owner.SchemaValue()).Properties[f.JSON]
	var v openapi3.Schema
	switch {
	case src == nil:
		v = openapi3.Schema{}
	case src.Ref != "":
		v = openapi3.Schema{AllOf: openapi3.SchemaRefs{src}}
	default:
		v = *src.Value
	}
	v.Extensions = cloneExt(v.Extensions)
	if f.Family != nil {
		iface := (&openapi3.Schema{Extensions: map[string]any{extGoType: f.Family.Interface, extSkipOptionalPtr: true}}).NewRef()
		if f.Type.Slice { // a collection of any members: the items are the interface
			v = openapi3.Schema{Type: &openapi3.Types{"array"}, Items: iface, Description: v.Description, ReadOnly: v.ReadOnly, Nullable: v.Nullable, Extensions: v.Extensions}
		} else {
			v = openapi3.Schema{Description: v.Description, ReadOnly: v.ReadOnly, Extensions: v.Extensions}
			v.Extensions[extGoType] = f.Family.Interface
			v.Extensions[extSkipOptionalPtr] = true
		}
	} else {
		if name, ok := prep.hoisted[src.Value]; ok && src.Ref == "" {
			// an inline enum: a reference to its type, keeping the
			// property's description and flags
			v = openapi3.Schema{AllOf: openapi3.SchemaRefs{prep.enumRef(name)},
				Description: v.Description, ReadOnly: v.ReadOnly, Nullable: v.Nullable, Extensions: v.Extensions}
		} else if v.Items != nil && v.Items.Ref == "" {
			if name, ok := prep.hoisted[v.Items.Value]; ok {
				v.Items = prep.enumRef(name)
			}
		}
		prep.formats(&v)
	}
	v.Extensions[extGoName] = f.Name
	v.Extensions[extOrder] = float64(i + 1)
	if tag := graphTag(f); tag != "" {
		v.Extensions[extExtraTags] = map[string]any{"graph": tag}
	}
	return v.NewRef()
}

// operation prepares one operation: its Go name, the parameters' formats
// and enums, an inline body's struct, and bodies of polymorphic types.
func (prep *preparer) operation(op *ir.Operation) {
	o := op.Spec()
	o.OperationID = op.Name
	for _, pr := range o.Parameters {
		if pr != nil && pr.Ref == "" && pr.Value != nil && pr.Value.Schema != nil {
			pr.Value.Schema = prep.inline(pr.Value.Schema)
		}
	}
	if b := op.Body; b != nil {
		mt := o.RequestBody.Value.Content.Get("application/json")
		switch {
		case b.Family != nil:
			mt.Schema = anyOf(b.Family)
		case b.Struct != nil && b.Struct.Hoisted:
			mt.Schema = prep.hoist(b.Struct)
		case mt.Schema.Ref == "":
			mt.Schema = prep.inline(mt.Schema)
		}
	}
	if o.Responses == nil {
		return
	}
	for code, r := range o.Responses.Map() {
		n, err := strconv.Atoi(code)
		if err != nil || r == nil || r.Value == nil || r.Ref != "" {
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil {
			continue
		}
		resp := op.Response(n)
		switch {
		case resp != nil && resp.Family != nil:
			mt.Schema = anyOf(resp.Family)
		case resp != nil && resp.Struct != nil && resp.Struct.Hoisted:
			mt.Schema = prep.hoist(resp.Struct)
		case mt.Schema.Ref == "":
			mt.Schema = prep.inline(mt.Schema)
		}
	}
}

// hoist makes a struct of an inline schema (an operation's body or result)
// a component of its own, named by the IR, and returns a reference to it.
func (prep *preparer) hoist(t *ir.Type) *openapi3.SchemaRef {
	s := prep.flatten(t)
	prep.doc.Components.Schemas[t.Name] = s.NewRef()
	return openapi3.NewSchemaRef("#/components/schemas/"+t.Name, s)
}

// familyOf returns the family whose base a reference names, or nil.
func (prep *preparer) familyOf(ref string) *ir.Family {
	if t := prep.p.Type(strings.TrimPrefix(ref, "#/components/schemas/")); t != nil {
		return t.Family
	}
	return nil
}

// anyOf is the schema of a whole body holding any member of a family.
func anyOf(f *ir.Family) *openapi3.SchemaRef {
	return (&openapi3.Schema{Extensions: map[string]any{extGoType: f.Any, extSkipOptionalPtr: true}}).NewRef()
}

// inline prepares an inline schema outside the structs (a parameter, an
// inline response): hoisted enums, families in arrays, formats.
func (prep *preparer) inline(r *openapi3.SchemaRef) *openapi3.SchemaRef {
	if r == nil || r.Ref != "" || r.Value == nil {
		return r
	}
	if name, ok := prep.hoisted[r.Value]; ok {
		return prep.enumRef(name)
	}
	v := *r.Value
	v.Extensions = cloneExt(v.Extensions)
	prep.formats(&v)
	if v.Items != nil {
		if v.Items.Ref != "" {
			if f := prep.familyOf(v.Items.Ref); f != nil {
				v.Items = (&openapi3.Schema{Extensions: map[string]any{extGoType: f.Interface, extSkipOptionalPtr: true}}).NewRef()
			}
		} else {
			v.Items = prep.inline(v.Items)
		}
	}
	if len(v.Properties) > 0 {
		props := openapi3.Schemas{}
		for name, p := range v.Properties {
			if p.Ref != "" {
				if f := prep.familyOf(p.Ref); f != nil {
					p = (&openapi3.Schema{Extensions: map[string]any{extGoType: f.Interface, extSkipOptionalPtr: true}}).NewRef()
				}
				props[name] = p
				continue
			}
			props[name] = prep.inline(p)
		}
		v.Properties = props
	}
	return v.NewRef()
}

// walk prepares a component schema that is no struct (an enum, an alias).
func (prep *preparer) walk(r *openapi3.SchemaRef) {
	if r == nil || r.Ref != "" || r.Value == nil {
		return
	}
	prep.formats(r.Value)
	if r.Value.Items != nil && r.Value.Items.Ref == "" && r.Value.Items.Value != nil {
		prep.formats(r.Value.Items.Value)
	}
}

// formats gives a string schema of a format the IR has its own Go type
// for that type (x-go-type), and an array's items too.
func (prep *preparer) formats(s *openapi3.Schema) {
	if s.Items != nil && s.Items.Ref == "" && s.Items.Value != nil {
		items := *s.Items.Value
		items.Extensions = cloneExt(items.Extensions)
		prep.formats(&items)
		s.Items = items.NewRef()
	}
	if s.Type == nil || !s.Type.Is("string") {
		return
	}
	var name, path string
	switch s.Format {
	case "date":
		name, path = "graphrt.Date", graphrtPath
	case "duration":
		name, path = "graphrt.Duration", graphrtPath
	case "uuid":
		name, path = "uuid.UUID", "github.com/google/uuid"
	case "binary":
		name = "[]byte"
	default:
		return
	}
	if s.Extensions == nil {
		s.Extensions = map[string]any{}
	}
	s.Extensions[extGoType] = name
	if path != "" {
		s.Extensions[extGoTypeImport] = map[string]any{"path": path}
	}
}

// graphrtPath is the runtime's import path.
const graphrtPath = "github.com/graphdoc/graphdoc/graphrt"

// ownPart returns the part of a schema that holds its own properties: the
// schema itself, or the inline part of an allOf with its base.
func ownPart(s *openapi3.Schema) *openapi3.Schema {
	for _, part := range s.AllOf {
		if part.Ref == "" && part.Value != nil {
			return part.Value
		}
	}
	return s
}

func cloneExt(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// renameSchemas renames the component schemas to their Go names and
// rewrites every reference to them, discriminator mappings included.
func renameSchemas(doc *openapi3.T, goNames map[string]string) {
	const prefix = "#/components/schemas/"
	renamed := openapi3.Schemas{}
	for name, ref := range doc.Components.Schemas {
		if g, ok := goNames[name]; ok {
			renamed[g] = ref
		} else {
			renamed[name] = ref
		}
	}
	doc.Components.Schemas = renamed
	seen := map[*openapi3.Schema]bool{}
	fix := func(ref string) string {
		if n, ok := strings.CutPrefix(ref, prefix); ok {
			if g, ok := goNames[n]; ok {
				return prefix + g
			}
		}
		return ref
	}
	var walk func(r *openapi3.SchemaRef)
	walk = func(r *openapi3.SchemaRef) {
		if r == nil {
			return
		}
		r.Ref = fix(r.Ref)
		v := r.Value
		if v == nil || seen[v] {
			return
		}
		seen[v] = true
		for _, p := range v.Properties {
			walk(p)
		}
		for _, list := range []openapi3.SchemaRefs{v.AllOf, v.OneOf, v.AnyOf} {
			for _, p := range list {
				walk(p)
			}
		}
		walk(v.Items)
		walk(v.Not)
		walk(v.AdditionalProperties.Schema)
		if v.Discriminator != nil {
			for k, m := range v.Discriminator.Mapping {
				m.Ref = fix(m.Ref)
				v.Discriminator.Mapping[k] = m
			}
		}
	}
	for _, r := range doc.Components.Schemas {
		walk(r)
	}
	content := func(c openapi3.Content) {
		for _, mt := range c {
			walk(mt.Schema)
		}
	}
	for _, p := range doc.Components.Parameters {
		if p.Value != nil {
			walk(p.Value.Schema)
		}
	}
	for _, r := range doc.Components.Responses {
		if r.Value != nil {
			content(r.Value.Content)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, p := range item.Parameters {
			if p.Value != nil {
				walk(p.Value.Schema)
			}
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					walk(p.Value.Schema)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					if r.Value != nil {
						content(r.Value.Content)
					}
				}
			}
		}
	}
}
