package generator

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/graphdoc/graphdoc/generator/codec"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// shape prepares a freshly loaded spec for oapi-codegen (which it will
// mutate) and describes it for graphdoc's own generators:
//
//   - every component schema is renamed to its Go name (its short name,
//     qualified by namespace where two would clash), references included:
//     oapi-codegen applies a schema's x-go-name to the parameters and
//     fields that reference it too, so renaming the schema is the only
//     way to name the type alone;
//   - properties whose Go field names would clash get an x-go-name;
//   - every reference to a polymorphic base type (a schema with an
//     @odata.type discriminator) becomes the family's Go interface (in
//     properties and collections) or its Any wrapper (in request and
//     response bodies), so that a derived value keeps its fields: Graph's
//     inheritance is what oapi-codegen drops (its issue #666).
func shape(doc *openapi3.T) *codec.Spec {
	s := &codec.Spec{Doc: doc, GoNames: nameSchemas(doc), Structs: map[string]*openapi3.Schema{}, Families: map[string]*codec.Family{}}
	for name, ref := range doc.Components.Schemas {
		if ref.Value != nil {
			s.Structs[s.GoNames[name]] = ref.Value
		}
	}
	families(s)
	hoistEnums(s)
	for _, name := range sortedKeys(doc.Components.Schemas) {
		sc := doc.Components.Schemas[name].Value
		if sc == nil {
			continue
		}
		own := ownPart(sc)
		for _, p := range sortedKeys(own.Properties) {
			own.Properties[p] = polyRef(s, own.Properties[p], false)
		}
		nameFields(sc, doc)
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, method := range sortedKeys(item.Operations()) {
			op := item.Operations()[method]
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					mt.Schema = polyRef(s, mt.Schema, true)
				}
			}
			if op.Responses != nil {
				for _, code := range sortedKeys(op.Responses.Map()) {
					r := op.Responses.Value(code)
					if r == nil || r.Value == nil || r.Ref != "" {
						continue
					}
					for _, mt := range r.Value.Content {
						mt.Schema = polyRef(s, mt.Schema, true)
					}
				}
			}
		}
	}
	renameSchemas(doc, s.GoNames)
	return s
}

// renameSchemas renames the component schemas to their Go names and
// rewrites every reference to them, discriminator mappings included.
func renameSchemas(doc *openapi3.T, goNames map[string]string) {
	const prefix = "#/components/schemas/"
	renamed := openapi3.Schemas{}
	for name, ref := range doc.Components.Schemas {
		renamed[goNames[name]] = ref
	}
	doc.Components.Schemas = renamed
	seen := map[*openapi3.Schema]bool{}
	var walk func(r *openapi3.SchemaRef)
	fix := func(ref string) string {
		if n, ok := strings.CutPrefix(ref, prefix); ok {
			if g, ok := goNames[n]; ok {
				return prefix + g
			}
		}
		return ref
	}
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
	params := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p.Value != nil {
				walk(p.Value.Schema)
			}
		}
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
		params(item.Parameters)
		for _, op := range item.Operations() {
			params(op.Parameters)
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

// hoistEnums moves the inline enums of component properties (a String
// with a "Possible values" list) into component schemas of their own,
// named <Type><Property>, so that graphdoc, not oapi-codegen's collision
// handling, chooses every type name.
func hoistEnums(s *codec.Spec) {
	used := map[string]bool{}
	for _, g := range s.GoNames {
		used[strings.ToLower(g)] = true
	}
	for _, name := range sortedKeys(s.Doc.Components.Schemas) {
		sc := s.Doc.Components.Schemas[name].Value
		if sc == nil {
			continue
		}
		own := ownPart(sc)
		for _, p := range sortedKeys(own.Properties) {
			r := own.Properties[p]
			target := r
			if r.Ref == "" && r.Value != nil && r.Value.Type != nil && r.Value.Type.Is("array") && r.Value.Items != nil {
				target = r.Value.Items
			}
			if target.Ref != "" || target.Value == nil || len(target.Value.Enum) == 0 {
				continue
			}
			g := s.GoNames[name] + codegen.SchemaNameToTypeName(p)
			for base, n := g, 2; used[strings.ToLower(g)]; n++ {
				g = fmt.Sprintf("%s%d", base, n)
			}
			used[strings.ToLower(g)] = true
			enum := *target.Value
			enum.Description = ""
			s.Doc.Components.Schemas[g] = enum.NewRef()
			s.GoNames[g] = g
			ref := openapi3.NewSchemaRef("#/components/schemas/"+g, &enum)
			if target == r {
				own.Properties[p] = (&openapi3.Schema{AllOf: openapi3.SchemaRefs{ref}, Description: r.Value.Description, ReadOnly: r.Value.ReadOnly}).NewRef()
			} else {
				arr := *r.Value
				arr.Items = ref
				own.Properties[p] = arr.NewRef()
			}
		}
	}
}

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

// families finds the polymorphic bases (schemas with a discriminator) and
// their members: the base and every type mapped in its discriminator.
func families(s *codec.Spec) {
	for _, name := range sortedKeys(s.Doc.Components.Schemas) {
		sc := s.Doc.Components.Schemas[name].Value
		if sc == nil || sc.Discriminator == nil || len(sc.Discriminator.Mapping) == 0 {
			continue
		}
		goName := s.GoNames[name]
		f := &codec.Family{Schema: name, Base: goName, Interface: goName + "Kind", Any: goName + "Any"}
		f.Abstract = ext.Abstract(sc.Extensions)
		f.Members = append(f.Members, codec.Member{Go: goName, ODataType: "#" + name})
		for _, value := range sortedKeys(sc.Discriminator.Mapping) {
			target := strings.TrimPrefix(sc.Discriminator.Mapping[value].Ref, "#/components/schemas/")
			if g, ok := s.GoNames[target]; ok {
				f.Members = append(f.Members, codec.Member{Go: g, ODataType: value})
			}
		}
		s.Families[goName] = f
	}
}

// polyRef replaces a reference to a polymorphic base by the family's
// interface (for properties and collection items) or Any wrapper (for a
// whole body). It looks through arrays and one-element allOf wrappers.
func polyRef(s *codec.Spec, r *openapi3.SchemaRef, body bool) *openapi3.SchemaRef {
	if r == nil {
		return r
	}
	target, desc := "", ""
	switch {
	case r.Ref != "":
		target = strings.TrimPrefix(r.Ref, "#/components/schemas/")
	case r.Value != nil && len(r.Value.AllOf) == 1 && r.Value.AllOf[0].Ref != "" && len(r.Value.Properties) == 0:
		target, desc = strings.TrimPrefix(r.Value.AllOf[0].Ref, "#/components/schemas/"), r.Value.Description
	case r.Value != nil && r.Value.Type != nil && r.Value.Type.Is("array") && r.Value.Items != nil:
		items := polyRef(s, r.Value.Items, false)
		if items != r.Value.Items {
			cp := *r.Value
			cp.Items = items
			return cp.NewRef()
		}
		return r
	}
	f := s.Families[s.GoNames[target]]
	if f == nil {
		return r
	}
	goType := f.Interface
	if body {
		goType = f.Any
	}
	return (&openapi3.Schema{Description: desc, Extensions: map[string]any{
		"x-go-type":                       goType,
		"x-go-type-skip-optional-pointer": true,
	}}).NewRef()
}

// nameFields gives an x-go-name to properties whose Go field name clashes
// with another of the same struct (oapi-codegen flattens allOf, so the
// base types' properties count): `id` and `Id` would both be Id.
func nameFields(sc *openapi3.Schema, doc *openapi3.T) {
	taken := map[string]bool{}
	var inherited func(*openapi3.Schema, int)
	inherited = func(x *openapi3.Schema, depth int) {
		if x == nil || depth > 32 {
			return
		}
		for _, part := range x.AllOf {
			if part.Ref != "" && part.Value != nil {
				for p := range ownPart(part.Value).Properties {
					taken[fieldName(ownPart(part.Value).Properties[p], p)] = true
				}
				inherited(part.Value, depth+1)
			}
		}
	}
	inherited(sc, 0)
	own := ownPart(sc)
	for _, p := range sortedKeys(own.Properties) {
		name := fieldName(own.Properties[p], p)
		if !taken[name] {
			taken[name] = true
			continue
		}
		alt := name
		for n := 2; taken[alt]; n++ {
			alt = fmt.Sprintf("%s%d", name, n)
		}
		taken[alt] = true
		ref := own.Properties[p]
		if ref.Ref != "" {
			ref = (&openapi3.Schema{AllOf: openapi3.SchemaRefs{ref}}).NewRef()
		} else {
			cp := *ref.Value
			ref = cp.NewRef()
		}
		if ref.Value.Extensions == nil {
			ref.Value.Extensions = map[string]any{}
		}
		ref.Value.Extensions["x-go-name"] = alt
		own.Properties[p] = ref
	}
}

// fieldName is the Go field name oapi-codegen gives a property.
func fieldName(r *openapi3.SchemaRef, json string) string {
	if r != nil && r.Ref == "" && r.Value != nil {
		if g, ok := r.Value.Extensions["x-go-name"].(string); ok {
			return g
		}
	}
	return codegen.SchemaNameToTypeName(json)
}

// sortedKeys returns a map's keys, sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
