// Package ir is the generator's Go view of an API: every type, enum,
// polymorphic family and operation of an OpenAPI document, with the Go
// names, field order and type shapes of the code generated for it.
//
// Build makes a Package once from the document (through the typed
// extension contract, spec/openapi/ext). It is the only authority for Go
// names: the emitters read names from it, and generator/oapi makes
// oapi-codegen write models with exactly these names (renamed schemas,
// x-go-name on every field, x-order, operationIds set to the operations'
// Go names), so nothing is predicted and read back. What the IR cannot
// name alone, the names a code generator derives for its own declarations
// (oapi-codegen's <Op>Params, <Op>JSONBody...), comes from Options.Names,
// which generator/oapi implements.
package ir

import (
	"encoding/json"

	"github.com/getkin/kin-openapi/openapi3"
)

// Package is the API one Go package is generated for.
type Package struct {
	Name     string
	Types    []*Type   // structs, by Go name: component object schemas and inline request bodies
	Enums    []*Enum   // by Go name: component enums, and the inline enums of properties, hoisted
	Aliases  []*Alias  // component schemas that are neither (`type X = string`), by Go name
	Families []*Family // polymorphic bases, by Go name
	// Operations are sorted by path, then method.
	Operations []*Operation

	bySchema map[string]*Type  // component schema name -> struct
	enums    map[string]*Enum  // component schema name -> enum
	aliases  map[string]*Alias // component schema name -> alias
}

// Type is a Go struct.
type Type struct {
	// Schema is the component schema's name (microsoft.graph.user); ""
	// for an inline request body.
	Schema string
	Name   string
	Doc    string
	// Fields are every field of the struct, the base types' included (Go
	// has no inheritance: a derived struct repeats its bases' fields), in
	// the docs' order: the inherited fields the type's page does not
	// list first, in their base's order, then the rows of the type's
	// own table as written.
	Fields []*Field
	// Base is the type this one derives from, or nil.
	Base *Type
	// Key is the JSON member holding an entity's key (x-graphdoc-key,
	// looked up through the bases); "" for a type with no key.
	Key      string
	Abstract bool
	// ODataType is "#microsoft.graph.x" for a component schema.
	ODataType string
	// Family is set when the type is a polymorphic base.
	Family *Family
	// Required lists the JSON members the schema requires (action
	// parameters of an inline body).
	Required []string
	// Custom is set when the model writer decodes the type itself (a
	// schema with additional properties or a union): no decoder,
	// validator or write check is generated for it.
	Custom bool
	// Hoisted is set for a struct made from an inline schema (an
	// operation's inline request body, <Op>Body, or response,
	// <Op>Result): the model writer is given it as a component.
	Hoisted bool

	schema *openapi3.Schema
}

// Field is one field of a struct.
type Field struct {
	JSON string // the member's name
	Name string // the Go field name
	Doc  string
	Type GoType
	// Required says the schema requires the member (the field is then no
	// pointer); ReadOnly that a client may not send it; Nullable that null
	// is a value.
	Required, ReadOnly, Nullable bool
	// Format is the OpenAPI format of the value (of the items for a
	// slice): date-time, date, time, uuid, duration, byte, int32...
	Format string
	// Enum, Struct, Family and Alias say what a named element type is.
	Enum   *Enum
	Struct *Type
	Family *Family
	// Owner is the type that declares the field: the struct itself, or
	// the base it inherits the field from.
	Owner *Type
}

// GoType is the Go type of a field or parameter, reduced to the shapes
// generated code has: [*][]Elem, [*]Elem, map[string]Elem.
type GoType struct {
	Pointer     bool
	Slice       bool
	Map         bool
	ElemPointer bool // []*Elem
	Elem        Ident
}

// Ident is a Go identifier: a predeclared type (Path ""), a type of the
// generated package (Path "", Local), or a qualified one.
type Ident struct {
	Path  string // import path; "" for predeclared and local types
	Name  string // string, UserPFXCertificate, Time, []byte
	Local bool   // a type of the generated package
}

// Enum is a string enum.
type Enum struct {
	Schema  string // component schema name, or "" for a hoisted inline enum
	Name    string
	Doc     string
	Values  []string
	Members []string // the Go constants of the values, in order

	// origin is the inline schema a hoisted enum was made from.
	origin *openapi3.Schema
}

// Origin returns the inline schema a hoisted enum was made from (nil for a
// component enum): the oapi consumer replaces it by a reference to the
// enum.
func (e *Enum) Origin() *openapi3.Schema { return e.origin }

// Alias is a component schema generated as an alias of another type.
type Alias struct {
	Schema string
	Name   string
	Type   GoType
}

// Family is a polymorphic base type and the types derived from it.
type Family struct {
	Base      *Type
	Interface string // <Base>Kind: implemented by every member
	Any       string // <Base>Any: holds any member, for whole bodies
	Abstract  bool
	// Members are the base first, then every descendant, by @odata.type.
	Members []*Member
}

// Member is one concrete type of a family.
type Member struct {
	Type      *Type
	ODataType string // "#microsoft.graph.x"
}

// Operation is one operation of the API.
type Operation struct {
	ID      string // operationId as written in the spec
	Name    string // Go name
	Method  string // GET, POST ...
	Path    string // the path template
	Kind    string // x-graphdoc-kind: list, get, create, update, replace, delete, action, function
	Summary string
	// PathParams are the path's placeholders, in order.
	PathParams []*Param
	// QueryParams and Headers are the other parameters, in the
	// document's order; nil when there are none.
	QueryParams []*Param
	Headers     []*Param
	Body        *Body // nil without a JSON request body
	// Responses are the documented responses with a JSON body, by
	// status; Success is the status a success answers with.
	Responses []*Response
	Success   int
	// Paging is set for a list whose 200 response is a page of a
	// collection ({value, @odata.nextLink}), and for a delta function.
	Paging *Paging
	// Delta is set for a delta function: a GET whose path ends in delta
	// or delta(...) (a function or a list) answering pages of a
	// collection (Paging), the last of which carries @odata.deltaLink.
	Delta bool
	// UploadURL is set for a createUploadSession action: the string field
	// of its success response (an uploadSession) holding the URL the
	// file's byte ranges are sent to.
	UploadURL *Field
	// Example is an action's or function's documented example response
	// (its success response's example in the spec), compact JSON with
	// object keys sorted; nil when it has none.
	Example json.RawMessage

	op *openapi3.Operation
}

// Param is one parameter of an operation.
type Param struct {
	Name     string // as in the spec: user-id, $top
	GoName   string // the Go field name
	Type     GoType
	Required bool
	// AliasOf is the type behind Type's element when it is an alias
	// (a shared OData parameter: Top = int32).
	AliasOf *GoType
}

// Body is an operation's JSON request body.
type Body struct {
	// Type is the body's Go type: a struct, a family's Any wrapper, or
	// another type.
	Type   GoType
	Struct *Type   // the struct, when it is one (inline bodies included)
	Family *Family // when the body is any member of a family
	// Required are the members the operation requires
	// (x-graphdoc-required; for an inline body, the schema's own).
	Required []string
	// Write is set for a create, update or replace: read-only members
	// are refused.
	Write bool
	// OnlyJSON is set when JSON is the body's only media type.
	OnlyJSON bool
	// Optional is set when a request may leave the body out.
	Optional bool
}

// Response is one documented response with a JSON body.
type Response struct {
	Status int
	Type   GoType
	// Struct is the response's struct (a hoisted inline object
	// included), Family the family of a polymorphic response.
	Struct *Type
	Family *Family
	// Inline is set when the schema is written inline and is no object
	// (an array, a primitive): the type has no name of its own.
	Inline bool
}

// Paging describes a collection page: its item type and the fields that
// hold the items and the link to the next page.
type Paging struct {
	Elem        GoType
	Value, Next *Field
	// Page is the page's struct.
	Page *Type
}

// Type returns the struct made for a component schema, or nil.
func (p *Package) Type(schema string) *Type { return p.bySchema[schema] }

// Enum returns the enum made for a component schema, or nil.
func (p *Package) Enum(schema string) *Enum { return p.enums[schema] }

// TypeNamed returns the struct with a Go name, or nil.
func (p *Package) TypeNamed(name string) *Type {
	for _, t := range p.Types {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Field returns the field with a JSON name, or nil.
func (t *Type) Field(json string) *Field {
	for _, f := range t.Fields {
		if f.JSON == json {
			return f
		}
	}
	return nil
}

// SchemaValue returns the OpenAPI schema a struct was made from; the oapi
// consumer needs it to write the document it hands oapi-codegen.
func (t *Type) SchemaValue() *openapi3.Schema { return t.schema }

// Spec returns the OpenAPI operation.
func (o *Operation) Spec() *openapi3.Operation { return o.op }

// Response returns the response with a status, or nil.
func (o *Operation) Response(status int) *Response {
	for _, r := range o.Responses {
		if r.Status == status {
			return r
		}
	}
	return nil
}

// String renders an identifier as Go source, qualified by the last
// element of its import path.
func (i Ident) String() string {
	if i.Path == "" {
		return i.Name
	}
	p := i.Path
	if j := lastSlash(p); j >= 0 {
		p = p[j+1:]
	}
	return p + "." + i.Name
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

// String renders the type as Go source.
func (t GoType) String() string {
	s := t.Elem.String()
	if t.ElemPointer {
		s = "*" + s
	}
	if t.Slice {
		s = "[]" + s
	}
	if t.Map {
		s = "map[string]" + s
	}
	if t.Pointer {
		s = "*" + s
	}
	return s
}
