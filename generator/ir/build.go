package ir

import (
	"encoding/json"
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// Names is what a code generator tells the IR about the declarations it
// writes itself, so that the IR's names avoid them and can refer to them.
// generator/oapi implements it for oapi-codegen.
type Names interface {
	// Reserved lists the names the generator declares for the API as a
	// whole and for each operation (given the operations' Go names), so
	// that no type takes one.
	Reserved(doc *openapi3.T, operations []string) []string
	// InlineBody names the struct of an operation's inline JSON request
	// body.
	InlineBody(operation string) string
	// SharedParam names the type of a shared parameter
	// (components.parameters), "" when it has none of its own.
	SharedParam(name string) string
}

// Options tune Build.
type Options struct {
	Package string
	Names   Names
}

// Go idents the IR maps formats to. They are graphdoc's choice: the
// runtime's own types for Graph's Date and Duration, the uuid package
// every Go Graph client uses.
var (
	identTime     = Ident{Path: "time", Name: "Time"}
	identDate     = Ident{Path: graphrt, Name: "Date"}
	identDuration = Ident{Path: graphrt, Name: "Duration"}
	identUUID     = Ident{Path: "github.com/google/uuid", Name: "UUID"}
	identBytes    = Ident{Name: "[]byte"}
	identAny      = Ident{Name: "interface{}"}
	identMap      = Ident{Name: "map[string]interface{}"}
)

// graphrt is the runtime's import path.
const graphrt = "github.com/graphdoc/graphdoc/graphrt"

// Build makes the Package of an OpenAPI document. doc is only read.
func Build(doc *openapi3.T, opts Options) (*Package, error) {
	if !token.IsIdentifier(opts.Package) {
		return nil, fmt.Errorf("ir: %q is not a Go package name", opts.Package)
	}
	if opts.Names == nil {
		return nil, fmt.Errorf("ir: no Names")
	}
	b := &builder{doc: doc, opts: opts, p: &Package{Name: opts.Package, bySchema: map[string]*Type{}, enums: map[string]*Enum{}, aliases: map[string]*Alias{}},
		used: names{}, reserved: map[string]bool{}, goNames: map[string]string{}, building: map[string]bool{}}
	b.operationNames()
	for _, r := range opts.Names.Reserved(doc, b.opNames) {
		b.reserved[r] = true
	}
	b.schemaNames()
	b.declare()
	for _, name := range sortedKeys(doc.Components.Schemas) {
		if t := b.p.bySchema[name]; t != nil {
			if err := b.fill(t); err != nil {
				return nil, err
			}
		}
	}
	b.families()
	b.resolveFamilies()
	if err := b.operations(); err != nil {
		return nil, err
	}
	b.finish()
	return b.p, nil
}

// builder is the state of one Build.
type builder struct {
	doc  *openapi3.T
	opts Options
	p    *Package
	// used are the Go type names taken so far; reserved the names the
	// code generator declares itself (Names.Reserved)
	used     names
	reserved map[string]bool
	// goNames maps component schema names to Go names.
	goNames  map[string]string
	opNames  []string // operation Go names, by path and method
	ops      []*Operation
	building map[string]bool // types being filled, to cut base cycles
	hoisted  []*Enum
}

// operationNames gives each operation its Go name: its operationId,
// camel-cased.
func (b *builder) operationNames() {
	seen := names{}
	for _, path := range sortedKeys(b.doc.Paths.Map()) {
		item := b.doc.Paths.Value(path)
		for _, method := range sortedKeys(item.Operations()) {
			op := item.Operations()[method]
			if op == nil || op.OperationID == "" {
				continue
			}
			o := &Operation{ID: op.OperationID, Name: seen.claim(camel(op.OperationID)), Method: strings.ToUpper(method), Path: path, op: op}
			b.ops = append(b.ops, o)
			b.opNames = append(b.opNames, o.Name)
		}
	}
}

// schemaNames chooses every component schema's Go name: its short name
// (microsoft.graph.userPFXCertificate -> UserPFXCertificate), qualified by
// its namespace when two schemas share a short name or the name is taken.
func (b *builder) schemaNames() {
	count := map[string]int{}
	for n := range b.doc.Components.Schemas {
		count[strings.ToLower(shortName(n))]++
	}
	for _, n := range sortedKeys(b.doc.Components.Schemas) {
		g := shortName(n)
		if count[strings.ToLower(g)] > 1 || b.reserved[g] {
			g = qualifiedName(n)
		}
		b.goNames[n] = b.used.claim(g)
	}
}

// declare makes an empty Type, Enum or Alias for every component schema.
func (b *builder) declare() {
	for _, n := range sortedKeys(b.doc.Components.Schemas) {
		ref := b.doc.Components.Schemas[n]
		s := ref.Value
		if s == nil {
			continue
		}
		name := b.goNames[n]
		switch {
		case len(s.Enum) > 0 && isType(s, "string"):
			e := &Enum{Schema: n, Name: name, Doc: s.Description}
			e.setValues(s.Enum)
			b.p.enums[n] = e
			b.p.Enums = append(b.p.Enums, e)
		case isObject(s):
			t := &Type{Schema: n, Name: name, Doc: s.Description, schema: s, ODataType: "#" + n, Abstract: ext.Abstract(s.Extensions)}
			t.Custom = len(s.OneOf) > 0 || len(s.AnyOf) > 0 || hasAdditional(ownPart(s))
			b.p.bySchema[n] = t
			b.p.Types = append(b.p.Types, t)
		default:
			a := &Alias{Schema: n, Name: name}
			b.p.aliases[n] = a
			b.p.Aliases = append(b.p.Aliases, a)
		}
	}
	for _, a := range b.p.Aliases {
		a.Type = b.goType(b.doc.Components.Schemas[a.Schema], true, nil, "")
	}
}

// isObject reports whether a component schema is a struct: an object, or
// an allOf of a base and its own part.
func isObject(s *openapi3.Schema) bool {
	return len(s.AllOf) > 0 || len(s.Properties) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0
}

func isType(s *openapi3.Schema, t string) bool { return s != nil && s.Type != nil && s.Type.Is(t) }

// hasAdditional reports whether an object schema has additional
// properties of a type (the model writer then decodes it itself).
func hasAdditional(s *openapi3.Schema) bool {
	return s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has)
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

// baseOf returns the component schema an allOf derives from, or "".
func baseOf(s *openapi3.Schema) string {
	for _, part := range s.AllOf {
		if part.Ref != "" {
			return refName(part.Ref)
		}
	}
	return ""
}

// refName is the component name of a schema reference.
func refName(ref string) string { return strings.TrimPrefix(ref, "#/components/schemas/") }

// fill builds a struct's fields, its base's first.
func (b *builder) fill(t *Type) error {
	if t.Fields != nil || b.building[t.Schema] {
		return nil
	}
	b.building[t.Schema] = true
	defer delete(b.building, t.Schema)
	s := t.schema
	if base := b.p.bySchema[baseOf(s)]; base != nil && !b.building[base.Schema] {
		if err := b.fill(base); err != nil {
			return err
		}
		t.Base = base
	}
	t.Key = ext.Key(s.Extensions)
	if t.Key == "" && t.Base != nil {
		t.Key = t.Base.Key
	}
	own := ownPart(s)
	required := map[string]bool{}
	for _, r := range own.Required {
		required[r] = true
	}
	for _, r := range s.Required {
		required[r] = true
	}
	// field names: the inherited fields keep theirs, the own ones take
	// theirs in name order, clear of those (`id` and `Id` both want Id)
	taken := map[string]bool{}
	var inherited []*Field
	if t.Base != nil {
		for _, f := range t.Base.Fields {
			if _, mine := own.Properties[f.JSON]; mine {
				continue
			}
			cp := *f
			inherited = append(inherited, &cp)
			taken[f.Name] = true
			if required[f.JSON] {
				cp.Required = true
			}
		}
	}
	mine := map[string]*Field{}
	for _, json := range sortedKeys(own.Properties) {
		ref := own.Properties[json]
		name := GoName(json)
		for base, n := name, 2; taken[name]; n++ {
			name = fmt.Sprintf("%s%d", base, n)
		}
		taken[name] = true
		f := b.field(t, json, name, ref, required[json])
		mine[json] = f
	}
	// order: the inherited fields the page does not list, then the rows
	// of the page, as written
	order := ext.Order(own.Extensions)
	listed := map[string]bool{}
	for _, json := range order {
		listed[json] = true
	}
	for _, f := range inherited {
		if !listed[f.JSON] {
			t.Fields = append(t.Fields, f)
		}
	}
	for _, json := range order {
		if f := mine[json]; f != nil {
			t.Fields = append(t.Fields, f)
			delete(mine, json)
			continue
		}
		for _, f := range inherited {
			if f.JSON == json {
				t.Fields = append(t.Fields, f)
			}
		}
	}
	for _, json := range sortedKeys(mine) { // members the order does not name
		t.Fields = append(t.Fields, mine[json])
	}
	if t.Fields == nil {
		t.Fields = []*Field{}
	}
	for _, f := range t.Fields {
		if f.Required {
			t.Required = append(t.Required, f.JSON)
		}
	}
	return nil
}

// field makes one own field of a struct.
func (b *builder) field(t *Type, json, name string, ref *openapi3.SchemaRef, required bool) *Field {
	f := &Field{JSON: json, Name: name, Required: required, Owner: t}
	v := derefValue(ref)
	if v != nil {
		f.Doc, f.ReadOnly, f.Nullable = v.Description, v.ReadOnly, v.Nullable
	}
	if ref.Ref == "" && ref.Value != nil {
		f.Doc, f.ReadOnly, f.Nullable = ref.Value.Description, ref.Value.ReadOnly || f.ReadOnly, ref.Value.Nullable || f.Nullable
	}
	f.Type = b.goType(ref, required, f, t.Name+GoName(json))
	return f
}

// derefValue returns the schema a property reference holds: a
// component's (for a $ref, whose flags are the component's, as
// oapi-codegen reads them) or the inline schema, a one-element allOf
// wrapper with its own description and flags included.
func derefValue(r *openapi3.SchemaRef) *openapi3.Schema {
	if r == nil {
		return nil
	}
	return r.Value
}

// wrapped returns the reference inside a one-element allOf wrapper, or "".
func wrapped(s *openapi3.Schema) string {
	if s != nil && len(s.AllOf) == 1 && s.AllOf[0].Ref != "" && len(s.Properties) == 0 && s.Type == nil {
		return s.AllOf[0].Ref
	}
	return ""
}

// goType returns the Go type of a property, parameter or body schema, and
// records on f (when given) what its element is. hoist names an inline
// enum, which becomes an enum type of its own.
func (b *builder) goType(ref *openapi3.SchemaRef, required bool, f *Field, hoist string) GoType {
	var g GoType
	s := ref.Value
	switch {
	case ref.Ref != "" || wrapped(s) != "":
		r := ref.Ref
		if r == "" {
			r = wrapped(s)
		}
		g.Elem = b.named(refName(r), f)
	case isType(s, "array"):
		g.Slice = true
		if s.Items != nil {
			it := b.goType(s.Items, true, f, hoist)
			g.Elem, g.ElemPointer = it.Elem, it.Pointer
			switch {
			case it.Map: // an array of open objects
				g.Elem, g.ElemPointer = identMap, false
			case it.Slice: // an array of arrays: rare, kept as raw JSON
				g.Elem, g.ElemPointer = identAny, false
			}
		} else {
			g.Elem = identAny
		}
	case s != nil && len(s.Enum) > 0 && isType(s, "string"):
		e := b.hoist(hoist, s)
		g.Elem = Ident{Name: e.Name, Local: true}
		if f != nil {
			f.Enum = e
		}
	case s != nil:
		g.Elem = scalar(s)
		if f != nil && f.Format == "" {
			f.Format = s.Format
		}
		if isType(s, "object") && len(s.Properties) == 0 {
			g.Map, g.Elem = true, identAny // an open object
		}
	default:
		g.Elem = identAny
	}
	nullable := s != nil && s.Nullable
	readOnly := s != nil && s.ReadOnly
	if !required || nullable || readOnly {
		g.Pointer = true
	}
	return g
}

// named returns the ident of a component schema's Go type, and records
// what it is on f.
func (b *builder) named(schema string, f *Field) Ident {
	if t := b.p.bySchema[schema]; t != nil {
		if f != nil {
			f.Struct = t
		}
		return Ident{Name: t.Name, Local: true}
	}
	if e := b.p.enums[schema]; e != nil {
		if f != nil {
			f.Enum = e
		}
		return Ident{Name: e.Name, Local: true}
	}
	if a := b.p.aliases[schema]; a != nil {
		return Ident{Name: a.Name, Local: true}
	}
	return Ident{Name: b.goNames[schema], Local: true}
}

// scalar returns the Go type of a primitive schema.
func scalar(s *openapi3.Schema) Ident {
	switch {
	case isType(s, "string"):
		switch s.Format {
		case "date-time":
			return identTime
		case "date":
			return identDate
		case "duration":
			return identDuration
		case "uuid":
			return identUUID
		case "byte", "binary":
			return identBytes
		}
		return Ident{Name: "string"}
	case isType(s, "integer"):
		switch s.Format {
		case "int32", "int16", "int8", "uint8", "int64":
			return Ident{Name: s.Format}
		}
		return Ident{Name: "int"}
	case isType(s, "number"):
		switch s.Format {
		case "double", "decimal":
			return Ident{Name: "float64"}
		}
		return Ident{Name: "float32"}
	case isType(s, "boolean"):
		return Ident{Name: "bool"}
	}
	return identAny
}

// hoist makes an inline enum a type of its own, named name (made unique).
func (b *builder) hoist(name string, s *openapi3.Schema) *Enum {
	if name == "" {
		name = "Enum"
	}
	e := &Enum{Name: b.used.claim(name), origin: s}
	e.setValues(s.Enum)
	b.hoisted = append(b.hoisted, e)
	b.p.Enums = append(b.p.Enums, e)
	return e
}

// setValues records an enum's values and names their constants:
// <Enum><Value> (UserPfxPaddingSchemeOaepSha256), unique within the enum.
func (e *Enum) setValues(vals []any) {
	used := names{}
	for _, v := range vals {
		str := fmt.Sprint(v)
		e.Values = append(e.Values, str)
		m := GoName(str)
		if str == "" {
			m = "Empty"
		}
		e.Members = append(e.Members, used.claim(e.Name+m))
	}
}

// families finds the polymorphic bases (schemas with a discriminator) and
// their members: the base and every type mapped in its discriminator, by
// @odata.type.
func (b *builder) families() {
	for _, t := range b.p.Types {
		s := t.schema
		if s.Discriminator == nil || len(s.Discriminator.Mapping) == 0 {
			continue
		}
		fam := &Family{Base: t, Interface: b.used.claim(t.Name + "Kind"), Any: b.used.claim(t.Name + "Any"), Abstract: t.Abstract}
		fam.Members = append(fam.Members, &Member{Type: t, ODataType: "#" + t.Schema})
		for _, value := range sortedKeys(s.Discriminator.Mapping) {
			if m := b.p.bySchema[refName(s.Discriminator.Mapping[value].Ref)]; m != nil {
				fam.Members = append(fam.Members, &Member{Type: m, ODataType: value})
			}
		}
		t.Family = fam
		b.p.Families = append(b.p.Families, fam)
	}
}

// resolveFamilies makes every field whose element is a polymorphic base
// hold the family's interface instead (no pointer: nil is absent).
func (b *builder) resolveFamilies() {
	for _, t := range b.p.Types {
		for _, f := range t.Fields {
			if f.Struct == nil || f.Struct.Family == nil || f.Type.Map || f.Type.ElemPointer {
				continue
			}
			fam := f.Struct.Family
			f.Family, f.Struct = fam, nil
			f.Type.Elem = Ident{Name: fam.Interface, Local: true}
			if !f.Type.Slice {
				f.Type.Pointer = false // an interface is nil when absent
			}
		}
	}
}

// placeholder matches a path template's placeholders.
var placeholder = regexp.MustCompile(`\{([^{}]+)\}`)

// operations fills the operations: parameters, bodies, responses, paging.
func (b *builder) operations() error {
	for _, o := range b.ops {
		op := o.op
		o.Kind = string(ext.Kind(op.Extensions))
		o.Summary = op.Summary
		params := map[string]*openapi3.Parameter{}
		var query, header []*openapi3.ParameterRef
		for _, pr := range op.Parameters {
			if pr == nil || pr.Value == nil {
				continue
			}
			switch pr.Value.In {
			case "path":
				params[pr.Value.Name] = pr.Value
			case "query":
				query = append(query, pr)
			case "header":
				header = append(header, pr)
			}
		}
		for _, m := range placeholder.FindAllStringSubmatch(o.Path, -1) {
			p := &Param{Name: m[1], GoName: GoName(m[1]), Required: true, Type: GoType{Elem: Ident{Name: "string"}}}
			if pv := params[m[1]]; pv != nil && pv.Schema != nil {
				p.Type = b.goType(pv.Schema, true, nil, o.Name+"Params"+p.GoName)
			}
			o.PathParams = append(o.PathParams, p)
		}
		for _, pr := range query {
			o.QueryParams = append(o.QueryParams, b.param(o.Name, pr))
		}
		for _, pr := range header {
			o.Headers = append(o.Headers, b.param(o.Name, pr))
		}
		if err := b.body(o); err != nil {
			return err
		}
		if err := b.responses(o); err != nil {
			return err
		}
		b.paging(o)
		b.uploadSession(o)
		if err := example(o); err != nil {
			return err
		}
	}
	slices.SortStableFunc(b.ops, func(x, y *Operation) int {
		if x.Path != y.Path {
			return strings.Compare(x.Path, y.Path)
		}
		return strings.Compare(x.Method, y.Method)
	})
	b.p.Operations = b.ops
	return nil
}

// param makes a query or header parameter. A shared parameter
// (components.parameters) has a type of its own, an alias of its
// schema's type.
func (b *builder) param(op string, pr *openapi3.ParameterRef) *Param {
	v := pr.Value
	p := &Param{Name: v.Name, GoName: GoName(v.Name), Required: v.Required}
	if v.Schema != nil {
		p.Type = b.goType(v.Schema, v.Required, nil, op+"Params"+p.GoName)
	} else {
		p.Type = GoType{Elem: Ident{Name: "string"}, Pointer: !v.Required}
	}
	if pr.Ref != "" {
		if alias := b.opts.Names.SharedParam(strings.TrimPrefix(pr.Ref, "#/components/parameters/")); alias != "" {
			under := p.Type
			under.Pointer = false
			p.AliasOf = &under
			p.Type = GoType{Pointer: !v.Required, Elem: Ident{Name: alias, Local: true}}
		}
	}
	return p
}

// body describes an operation's JSON request body.
func (b *builder) body(o *Operation) error {
	rb := o.op.RequestBody
	if rb == nil || rb.Value == nil {
		return nil
	}
	mt := rb.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	body := &Body{Required: ext.Required(rb.Value.Extensions), OnlyJSON: len(rb.Value.Content) == 1, Optional: !rb.Value.Required}
	switch ext.OpKind(o.Kind) {
	case ext.KindCreate, ext.KindUpdate, ext.KindReplace:
		body.Write = true
	}
	r := mt.Schema
	switch {
	case r.Ref != "":
		body.Type.Elem = b.named(refName(r.Ref), nil)
		if t := b.p.bySchema[refName(r.Ref)]; t != nil {
			body.Struct = t
			if t.Family != nil {
				body.Family, body.Struct = t.Family, nil
				body.Type.Elem = Ident{Name: t.Family.Any, Local: true}
			}
		}
	case r.Value != nil && isObject(r.Value):
		t, err := b.inline(b.opts.Names.InlineBody(o.Name), r.Value)
		if err != nil {
			return err
		}
		body.Struct = t
		body.Type.Elem = Ident{Name: t.Name, Local: true}
		if len(body.Required) == 0 {
			body.Required = t.Required
		}
	default:
		body.Type = b.goType(r, true, nil, o.Name+"Body")
	}
	o.Body = body
	return nil
}

// inline makes a struct of an operation's inline object schema (a request
// body, a response), named name (made unique).
func (b *builder) inline(name string, s *openapi3.Schema) (*Type, error) {
	t := &Type{Name: b.used.claim(name), schema: s, Hoisted: true}
	if err := b.fill(t); err != nil {
		return nil, err
	}
	b.resolveFields(t)
	t.Custom = hasAdditional(s)
	b.p.Types = append(b.p.Types, t)
	return t, nil
}

// resolveFields gives fields whose element is a polymorphic base the
// family's interface (for a struct made after resolveFamilies).
func (b *builder) resolveFields(t *Type) {
	for _, f := range t.Fields {
		if f.Struct != nil && f.Struct.Family != nil && !f.Type.Map && !f.Type.ElemPointer {
			fam := f.Struct.Family
			f.Family, f.Struct = fam, nil
			f.Type.Elem = Ident{Name: fam.Interface, Local: true}
			if !f.Type.Slice {
				f.Type.Pointer = false
			}
		}
	}
}

// responses records the JSON responses and the success status.
func (b *builder) responses(o *Operation) error {
	if o.op.Responses != nil {
		for _, code := range sortedKeys(o.op.Responses.Map()) {
			if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 && (o.Success == 0 || n < o.Success) {
				o.Success = n
			}
		}
	}
	if o.Success == 0 {
		switch ext.OpKind(o.Kind) {
		case ext.KindCreate:
			o.Success = 201
		case ext.KindUpdate, ext.KindReplace, ext.KindDelete:
			o.Success = 204
		default:
			o.Success = 200
		}
	}
	if o.op.Responses == nil {
		return nil
	}
	for _, code := range sortedKeys(o.op.Responses.Map()) {
		n, err := strconv.Atoi(code)
		if err != nil {
			continue
		}
		r := o.op.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil {
			continue
		}
		resp := &Response{Status: n}
		switch {
		case mt.Schema.Ref != "":
			resp.Type.Elem = b.named(refName(mt.Schema.Ref), nil)
			if t := b.p.bySchema[refName(mt.Schema.Ref)]; t != nil {
				resp.Struct = t
				if t.Family != nil {
					resp.Struct, resp.Family = nil, t.Family
					resp.Type.Elem = Ident{Name: t.Family.Any, Local: true}
				}
			}
		case mt.Schema.Value != nil && isObject(mt.Schema.Value) && n >= 200 && n < 300:
			name := o.Name + "Result"
			if n != o.Success {
				name += strconv.Itoa(n)
			}
			t, err := b.inline(name, mt.Schema.Value)
			if err != nil {
				return err
			}
			resp.Struct = t
			resp.Type.Elem = Ident{Name: t.Name, Local: true}
		default:
			resp.Inline = true
			resp.Type = b.goType(mt.Schema, true, nil, o.Name+"Response"+strconv.Itoa(n))
		}
		o.Responses = append(o.Responses, resp)
	}
	return nil
}

// paging describes a list's or a delta function's collection page: a
// struct (a component, or an inline object made a struct) with a slice
// `value` and a string next link.
func (b *builder) paging(o *Operation) {
	delta := isDelta(o)
	if ext.OpKind(o.Kind) != ext.KindList && !delta {
		return
	}
	r := o.Response(200)
	if r == nil || r.Struct == nil {
		return
	}
	next := ext.Pageable(o.op.Extensions).NextLinkName
	if next == "" {
		next = "@odata.nextLink"
	}
	page := r.Struct
	value, link := page.Field("value"), page.Field(next)
	if value == nil || link == nil || !value.Type.Slice || value.Type.ElemPointer || value.Type.Map ||
		link.Type.Elem != (Ident{Name: "string"}) || link.Type.Slice || link.Type.Map {
		return
	}
	elem := value.Type
	elem.Slice, elem.Pointer = false, false
	o.Paging = &Paging{Elem: elem, Value: value, Next: link, Page: page}
	o.Delta = delta
}

// isDelta reports whether an operation is a delta function, by its
// method, kind and path: GET .../delta, .../delta() or
// .../delta(token='{token}').
func isDelta(o *Operation) bool {
	if o.Method != "GET" {
		return false
	}
	switch ext.OpKind(o.Kind) {
	case ext.KindFunction, ext.KindList:
	default:
		return false
	}
	last := lastSegment(o.Path)
	return last == "delta" || strings.HasPrefix(last, "delta(") && strings.HasSuffix(last, ")")
}

// uploadSession records the upload URL field of a createUploadSession
// action's success response.
func (b *builder) uploadSession(o *Operation) {
	if o.Method != "POST" || lastSegment(o.Path) != "createUploadSession" {
		return
	}
	r := o.Response(o.Success)
	if r == nil || r.Struct == nil {
		return
	}
	f := r.Struct.Field("uploadUrl")
	if f == nil || f.Type.Elem != (Ident{Name: "string"}) || f.Type.Slice || f.Type.Map {
		return
	}
	o.UploadURL = f
}

// example records an action's or function's documented example response:
// the standard example of its success response's JSON media type, which
// the spec stage writes only after checking it against the schema.
func example(o *Operation) error {
	switch ext.OpKind(o.Kind) {
	case ext.KindAction, ext.KindFunction:
	default:
		return nil
	}
	if o.Response(o.Success) == nil || o.op.Responses == nil {
		return nil
	}
	r := o.op.Responses.Value(strconv.Itoa(o.Success))
	if r == nil || r.Value == nil {
		return nil
	}
	body := ext.Example(o.op.Extensions)
	if body == nil || r.Value.Content.Get("application/json") == nil {
		return nil
	}
	data, err := json.Marshal(body) // compact, map keys sorted
	if err != nil {
		return fmt.Errorf("operation %s: example response: %w", o.ID, err)
	}
	o.Example = data
	return nil
}

// lastSegment returns the last segment of a path template.
func lastSegment(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}

// finish sorts what Build made.
func (b *builder) finish() {
	sort.Slice(b.p.Types, func(i, j int) bool { return b.p.Types[i].Name < b.p.Types[j].Name })
	sort.Slice(b.p.Enums, func(i, j int) bool { return b.p.Enums[i].Name < b.p.Enums[j].Name })
	sort.Slice(b.p.Aliases, func(i, j int) bool { return b.p.Aliases[i].Name < b.p.Aliases[j].Name })
	sort.Slice(b.p.Families, func(i, j int) bool { return b.p.Families[i].Base.Name < b.p.Families[j].Base.Name })
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
