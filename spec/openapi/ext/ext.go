// Package ext is the contract between spec/openapi, which writes graphdoc's
// OpenAPI extensions, and every reader of them: the generator,
// internal/compare, internal/review and internal/fsx. It owns their names,
// where they appear, their Go types, and a typed getter and setter for each
// over an extensions map (kin-openapi's Extensions fields).
//
// The extensions are part of graphdoc's output format: specs written by one
// version of graphdoc are read by another, and by other people's tools. So a
// name never changes, and a value's shape changes only compatibly. Catalog
// documents them all.
//
// A value takes two forms in a map: the Go value a setter stores (a string,
// []string, []PermissionRow, Paging...) in a document built in memory, and
// what kin-openapi decodes from JSON or YAML ([]any, map[string]any, bool)
// in a document loaded from a file. Getters read both, and the Go values
// marshal to exactly the JSON the decoded form does, so readers never care
// where a document came from.
//
// Absent and zero mean the same thing: a getter returns the zero value for a
// missing or malformed extension, and a setter given the zero value (false,
// "", an empty list) deletes the extension instead of writing it. Slices a
// getter returns may share memory with the map: treat them as read-only.
//
// oapi-codegen's extensions (x-go-type, x-go-name, x-order...) are not part
// of the contract: the generator sets them for oapi-codegen alone.
package ext

import (
	"bytes"
	"encoding/json"
)

// The extensions' names. Do not rename one: they are graphdoc's output
// format. Catalog says what each means.
const (
	NameGenerated     = "x-graphdoc-generated"
	NameSource        = "x-graphdoc-source"
	NameKey           = "x-graphdoc-key"
	NameAbstract      = "x-graphdoc-abstract"
	NameProvisional   = "x-graphdoc-provisional"
	NameUndefinedType = "x-graphdoc-undefined-type"
	NameKind          = "x-graphdoc-kind"
	NamePermissions   = "x-graphdoc-permissions"
	NameRequired      = "x-graphdoc-required"
	NameOrder         = "x-graphdoc-order"
	NamePageable      = "x-ms-pageable"
	NameEnum          = "x-ms-enum"
	NameEnumFlags     = "x-ms-enum-flags"
	NameExample       = "x-graphdoc-example"
)

// Info documents one extension.
type Info struct {
	Name string // one of the Name constants
	On   string // where it appears: document, schema, operation, request body
	Type string // the Go type its getter returns
	Doc  string // what it means
}

// Catalog documents every extension, in the order of the Name constants.
var Catalog = []Info{
	{NameGenerated, "document", "bool", "true on every spec graphdoc writes: JSON has no comments, so this marks a JSON spec as generated (the YAML one also has a header line), and graphdoc overwrites only specs that carry it"},
	{NameSource, "schema, operation", "string", "the page a type, enum or operation comes from, as a path relative to the docs root; never lines, so that editing a page does not churn the spec"},
	{NameKey, "schema", "string", "an entity type's key property; complex types have none"},
	{NameAbstract, "schema", "bool", "true on an abstract type"},
	{NameProvisional, "schema", "bool", `true on a type known only from a request-body table, or an enum known only from a "Possible values" list`},
	{NameUndefinedType, "schema", "string", "the name of a type the pages use but never define, on the open-object schema that stands in for it"},
	{NameKind, "operation", "OpKind", "what an operation does: list, get, create, update, replace, delete, action or function"},
	{NamePermissions, "operation", "[]PermissionRow", "the page's permissions table as written, one object per row (kind, label, value, and leastPrivileged where the table marks scopes least privileged)"},
	{NameRequired, "request body", "[]string", "the properties of the body's type that this operation requires (a create), kept apart from the schema's own required list, which PATCH bodies would break"},
	{NameOrder, "schema", "[]string", "the members a type's page lists, in the order of its tables (rows a base type declares included): JSON objects have no order, and generated code follows the docs'; absent when the page lists just the type's own members in name order"},
	{NamePageable, "operation", "Paging", "Microsoft's (AutoRest's) paging marker on list operations: the next page's link is in nextLinkName"},
	{NameEnum, "schema", "EnumDef", "Microsoft's (AutoRest's) enum description: the enum's name and members, as an extensible (modelAsString) enum"},
	{NameEnumFlags, "schema", "bool", "Microsoft's marker of a flags enum, whose values combine; written as {isFlags: true}"},
	{NameExample, "operation", "any", "an action's or function's documented example response body (the page's first example with the success status that is valid against the response schema), which a generated fake answers with; an extension rather than the media type's example, which validators such as Spectral check with JSON Schema rules that Graph's nullable references do not meet"},
}

// OpKind is what an operation does.
type OpKind string

// The operation kinds.
const (
	KindList     OpKind = "list"
	KindGet      OpKind = "get"
	KindCreate   OpKind = "create"
	KindUpdate   OpKind = "update"
	KindReplace  OpKind = "replace"
	KindDelete   OpKind = "delete"
	KindAction   OpKind = "action"
	KindFunction OpKind = "function"
)

// PermissionRow is one row of a page's permissions table as written.
type PermissionRow struct {
	Kind  string // the permission kind: delegatedWork, delegatedPersonal or application
	Label string // the row's label as the page writes it
	Value string // the row's scopes, or text such as "Not supported."
	// LeastPrivileged are the scopes the table marks least privileged; nil
	// when it does not say.
	LeastPrivileged []string
}

// Paging is the value of x-ms-pageable.
type Paging struct {
	NextLinkName  string // the member holding the next page's link
	OperationName string // the name AutoRest gives the next-page operation
}

// EnumDef is the value of x-ms-enum.
type EnumDef struct {
	Name          string
	ModelAsString bool // the enum may grow: clients should accept any string
	Values        []EnumValue
}

// EnumValue is one member of an EnumDef.
type EnumValue struct {
	Value, Name, Description string
}

// Generated reports whether a document's extensions mark it as graphdoc's
// output.
func Generated(x map[string]any) bool { return boolean(x, NameGenerated) }

// SetGenerated marks a document as graphdoc's output, or unmarks it.
func SetGenerated(x *map[string]any, g bool) { set(x, NameGenerated, g, !g) }

// Source returns the page a schema or operation comes from.
func Source(x map[string]any) string { return str(x, NameSource) }

// SetSource sets the page a schema or operation comes from.
func SetSource(x *map[string]any, page string) { set(x, NameSource, page, page == "") }

// Key returns an entity type's key property.
func Key(x map[string]any) string { return str(x, NameKey) }

// SetKey sets an entity type's key property.
func SetKey(x *map[string]any, key string) { set(x, NameKey, key, key == "") }

// Abstract reports whether a type is abstract.
func Abstract(x map[string]any) bool { return boolean(x, NameAbstract) }

// SetAbstract marks a type abstract, or not.
func SetAbstract(x *map[string]any, a bool) { set(x, NameAbstract, a, !a) }

// Provisional reports whether a type or enum is known only from a
// request-body table or a "Possible values" list.
func Provisional(x map[string]any) bool { return boolean(x, NameProvisional) }

// SetProvisional marks a type or enum provisional, or not.
func SetProvisional(x *map[string]any, p bool) { set(x, NameProvisional, p, !p) }

// UndefinedType returns the name of the undefined type a schema stands in
// for.
func UndefinedType(x map[string]any) string { return str(x, NameUndefinedType) }

// SetUndefinedType sets the name of the undefined type a schema stands in
// for.
func SetUndefinedType(x *map[string]any, name string) {
	set(x, NameUndefinedType, name, name == "")
}

// Kind returns what an operation does.
func Kind(x map[string]any) OpKind {
	switch v := x[NameKind].(type) {
	case string:
		return OpKind(v)
	case OpKind:
		return v
	}
	return ""
}

// SetKind sets what an operation does. It stores a plain string, as decoding
// does, for readers that look at the map directly.
func SetKind(x *map[string]any, k OpKind) { set(x, NameKind, string(k), k == "") }

// Permissions returns an operation's permissions table.
func Permissions(x map[string]any) []PermissionRow {
	switch v := x[NamePermissions].(type) {
	case []PermissionRow:
		return v
	case []any:
		var out []PermissionRow
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				out = append(out, PermissionRow{
					Kind:            str(m, "kind"),
					Label:           str(m, "label"),
					Value:           str(m, "value"),
					LeastPrivileged: strs(m["leastPrivileged"]),
				})
			}
		}
		return out
	}
	return nil
}

// SetPermissions sets an operation's permissions table.
func SetPermissions(x *map[string]any, rows []PermissionRow) {
	set(x, NamePermissions, rows, len(rows) == 0)
}

// Required returns the properties a request body requires.
func Required(x map[string]any) []string { return strs(x[NameRequired]) }

// SetRequired sets the properties a request body requires.
func SetRequired(x *map[string]any, props []string) {
	set(x, NameRequired, props, len(props) == 0)
}

// Order returns the members of a type in the order its page lists them.
func Order(x map[string]any) []string { return strs(x[NameOrder]) }

// SetOrder sets the order of a type's members.
func SetOrder(x *map[string]any, members []string) {
	set(x, NameOrder, members, len(members) == 0)
}

// Pageable returns how a list operation pages.
func Pageable(x map[string]any) Paging {
	switch v := x[NamePageable].(type) {
	case Paging:
		return v
	case map[string]any:
		return Paging{NextLinkName: str(v, "nextLinkName"), OperationName: str(v, "operationName")}
	}
	return Paging{}
}

// SetPageable sets how a list operation pages.
func SetPageable(x *map[string]any, p Paging) { set(x, NamePageable, p, p == Paging{}) }

// Enum returns an enum's x-ms-enum.
func Enum(x map[string]any) EnumDef {
	switch v := x[NameEnum].(type) {
	case EnumDef:
		return v
	case map[string]any:
		d := EnumDef{Name: str(v, "name"), ModelAsString: boolean(v, "modelAsString")}
		values, _ := v["values"].([]any)
		for _, e := range values {
			if m, ok := e.(map[string]any); ok {
				d.Values = append(d.Values, EnumValue{Value: str(m, "value"), Name: str(m, "name"), Description: str(m, "description")})
			}
		}
		return d
	}
	return EnumDef{}
}

// SetEnum sets an enum's x-ms-enum.
func SetEnum(x *map[string]any, d EnumDef) {
	set(x, NameEnum, d, d.Name == "" && !d.ModelAsString && len(d.Values) == 0)
}

// EnumFlags reports whether an enum is a flags enum.
func EnumFlags(x map[string]any) bool {
	m, _ := x[NameEnumFlags].(map[string]any)
	return boolean(m, "isFlags")
}

// SetEnumFlags marks an enum as a flags enum, or not.
func SetEnumFlags(x *map[string]any, f bool) {
	set(x, NameEnumFlags, map[string]any{"isFlags": true}, !f)
}

// set stores v under name, making the map if need be, or deletes name when
// v is the zero value.
// Example returns an operation's example response body (JSON values:
// map[string]any, []any, string, float64, bool), or nil.
func Example(x map[string]any) any { return x[NameExample] }

// SetExample sets an operation's example response body; nil deletes it.
func SetExample(x *map[string]any, body any) { set(x, NameExample, body, body == nil) }

func set(x *map[string]any, name string, v any, zero bool) {
	if zero {
		delete(*x, name)
		return
	}
	if *x == nil {
		*x = map[string]any{}
	}
	(*x)[name] = v
}

func str(m map[string]any, name string) string {
	s, _ := m[name].(string)
	return s
}

func boolean(m map[string]any, name string) bool {
	b, _ := m[name].(bool)
	return b
}

// strs reads a list of strings in either form; other elements are skipped.
func strs(v any) []string {
	switch v := v.(type) {
	case []string:
		return v
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// The struct values marshal as the objects a spec holds, so that encoding/json,
// YAML encoders and spec/openapi's writer (which calls MarshalYAML) write a
// document holding them exactly as one holding the decoded form.

// MarshalJSON writes the row as the spec's object.
func (r PermissionRow) MarshalJSON() ([]byte, error) { return marshalJSON(r.object()) }

// MarshalYAML returns the row as the spec's object.
func (r PermissionRow) MarshalYAML() (any, error) { return r.object(), nil }

func (r PermissionRow) object() map[string]any {
	m := map[string]any{"kind": r.Kind, "label": r.Label, "value": r.Value}
	if len(r.LeastPrivileged) > 0 {
		m["leastPrivileged"] = r.LeastPrivileged
	}
	return m
}

// MarshalJSON writes the paging as the spec's object.
func (p Paging) MarshalJSON() ([]byte, error) { return marshalJSON(p.object()) }

// MarshalYAML returns the paging as the spec's object.
func (p Paging) MarshalYAML() (any, error) { return p.object(), nil }

func (p Paging) object() map[string]any {
	return map[string]any{"nextLinkName": p.NextLinkName, "operationName": p.OperationName}
}

// MarshalJSON writes the enum as the spec's object.
func (d EnumDef) MarshalJSON() ([]byte, error) { return marshalJSON(d.object()) }

// MarshalYAML returns the enum as the spec's object.
func (d EnumDef) MarshalYAML() (any, error) { return d.object(), nil }

func (d EnumDef) object() map[string]any {
	var values []any // nil when there are none, as graphdoc always wrote it
	for _, v := range d.Values {
		m := map[string]any{"value": v.Value, "name": v.Name}
		if v.Description != "" {
			m["description"] = v.Description
		}
		values = append(values, m)
	}
	return map[string]any{"name": d.Name, "modelAsString": d.ModelAsString, "values": values}
}

// marshalJSON marshals without escaping HTML: the encoder that called
// MarshalJSON escapes the result or not, as it would the decoded form.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
