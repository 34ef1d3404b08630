// Package model links scanned pages into one API: types with their base
// types and properties, enums, and operations with parameters, bodies,
// responses and permissions. It is graphdoc's intermediate representation;
// the OpenAPI document is a projection of it.
//
// Names are resolved here: a link text, a bare name or a qualified name on
// a page becomes the qualified name of a type or enum defined on some page
// (microsoft.graph.userPFXCertificate). Everything in an API is sorted, so
// the same pages give the same API whatever order they were read in.
package model

import (
	"github.com/graphdoc/graphdoc/spec/source"
)

// API is the linked result of a set of pages.
type API struct {
	Types      []*Type      // sorted by Name
	Enums      []*Enum      // sorted by Name
	Operations []*Operation // sorted by Path, then Method
	// Servers are the service roots seen in example requests
	// (https://graph.microsoft.com/beta), most frequent first.
	Servers []string
	// Pages is the number of pages linked.
	Pages int
}

// Type is an entity or complex type.
type Type struct {
	Name        string // qualified: microsoft.graph.user
	Base        string // qualified base type name; "" when none
	Abstract    bool
	Open        bool
	Key         string // key property ("id"), "" for complex types
	Description string
	// Properties are the properties declared on this type (inherited
	// rows removed), structural first, then navigation properties, each in
	// table order.
	Properties []*Property
	// Order lists the properties the type's page documents, in table
	// order (properties, then relationships), the rows an ancestor
	// declares included.
	Order []string
	// Derived are the qualified names of the direct subtypes, sorted.
	Derived []string
	Source  string // page path relative to its docs root
	Pos     source.Position
	// Provisional is set for a type known only from a request-body table.
	Provisional bool
	// claims are the statements of its base type, while linking.
	claims []*baseClaim
}

// IsEntity reports whether the type has a key.
func (t *Type) IsEntity() bool { return t.Key != "" }

// Property is one property of a type, or one parameter of an action.
type Property struct {
	Name        string
	Type        TypeRef
	Description string
	ReadOnly    bool
	Required    bool
	Nav         bool // a navigation property (Relationships table)
	// Nullable is set unless the description says "Not nullable" (Graph
	// sends null for an unset property); keys and collections are never
	// null.
	Nullable bool
	Pos      source.Position
	// inheritedFrom is the "Inherited from [x]" of the row, if any.
	inheritedFrom rowBase
}

// RefKind says what a TypeRef points to.
type RefKind uint8

// The kinds of type reference.
const (
	RefPrimitive  RefKind = iota + 1
	RefType               // an entity or complex type in API.Types
	RefEnum               // an enum in API.Enums
	RefInlineEnum         // a String with a "Possible values" list (Values)
	RefOpen               // a type named but not defined: an open object
)

// TypeRef is the type of a property, parameter, body or response.
type TypeRef struct {
	Kind RefKind
	// Name is the canonical primitive (String, Int32, DateTimeOffset, Json
	// ...) for RefPrimitive and RefInlineEnum, else a qualified name.
	Name       string
	Collection bool
	// Values are the members of an inline enum.
	Values []string
}

// Enum is an enumeration type.
type Enum struct {
	Name        string // qualified
	Description string
	Members     []Member
	Flags       bool
	Source      string
	Pos         source.Position
	// Provisional is set for an enum known only from a "Possible values"
	// list.
	Provisional bool
}

// Member is one enum member.
type Member struct {
	Name        string
	Value       string // as documented, "" when undocumented
	Description string
}

// Operation is one HTTP method on one path.
type Operation struct {
	Method string // GET, POST, PATCH, PUT, DELETE
	// Path uses one canonical parameter name per placeholder:
	// /users/{user-id}/messages/{message-id}.
	Path        string
	ID          string // stable operationId
	Summary     string // the page title
	Description string
	Tag         string
	// Kind says what the operation does: list, get, create, update,
	// replace, delete, action or function.
	Kind         string
	PathParams   []Param
	QueryParams  []Param
	QueryOptions []string // OData options such as $select, in a fixed order
	Headers      []Param
	Body         *Body
	Status       int      // success status code
	Response     *TypeRef // nil when the response has no body
	Permissions  Permissions
	Examples     []Example
	Source       string
	Pos          source.Position
	// score ranks duplicate documentation of one operation (ownerScore).
	score int
}

// Param is a path, query or header parameter.
type Param struct {
	Name        string
	Description string
	Type        TypeRef
	Required    bool
	// Written is the placeholder as the page wrote it ("{id |
	// userPrincipalName}").
	Written string
}

// Body is an operation's request body: a named type, or action parameters.
type Body struct {
	Type        *TypeRef    // set for a body that is a type
	Params      []*Property // set for action parameters
	ContentType string
	// Required lists the properties of Type that the page marks
	// "Required." for this operation (a create usually), in table order.
	Required []string
}

// Permissions are the scopes per permission kind, plus the table as
// written.
type Permissions struct {
	DelegatedWork     []string
	DelegatedPersonal []string
	Application       []string
	Rows              []PermissionRow
}

// PermissionRow is one row of the permissions table as written.
type PermissionRow struct {
	Kind  string // delegatedWork, delegatedPersonal, application
	Label string
	Value string
	// Least are the scopes the table marks least privileged (today's
	// "Least privileged permission" column); nil when it does not say.
	Least []string
}

// Example is an example request or response body of an operation.
type Example struct {
	Request bool
	Name    string
	Status  int
	Body    any // decoded JSON
	Pos     source.Position
}
