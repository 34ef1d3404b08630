package page

// Canon is the canonical name of a section, whatever its heading says.
type Canon string

// The canonical sections.
const (
	SecOther          Canon = "other"
	SecPermissions    Canon = "permissions"
	SecHTTPRequest    Canon = "http_request"
	SecRequestHeaders Canon = "request_headers"
	SecRequestBody    Canon = "request_body"
	SecResponse       Canon = "response"
	SecExamples       Canon = "examples"
	SecQueryParams    Canon = "query_parameters"
	SecFunctionParams Canon = "function_parameters"
	SecPathParams     Canon = "path_parameters"
	SecProperties     Canon = "properties"
	SecRelationships  Canon = "relationships"
	SecJSON           Canon = "json_representation"
	SecMethods        Canon = "methods"
	SecMembers        Canon = "members"
	SecEnumValues     Canon = "enum_values" // `## X values` on resource and multi-enum pages
)

// API is what an API page documents.
type API struct {
	Permissions []Permission
	// PermissionsName is the name of the `"blockType": "permissions"`
	// annotation before the permissions table (today's pages name the
	// include that holds it), with its offset; empty when there is none.
	PermissionsName Text
	Requests        []RequestLine
	Headers         []Header // request headers table
	// QueryOptions are the OData system query options ($select, $filter...)
	// that the page says the operation supports.
	QueryOptions []Text
	// QueryParams are rows of a query-parameter table that are not OData
	// system query options.
	QueryParams []Property
	// FunctionParams are rows of a Function parameters / Path parameters
	// table.
	FunctionParams []Property
	Body           Body
	Response       Response
	Examples       []*Example
}

// PermissionKind is one of Graph's three permission kinds.
type PermissionKind uint8

// The permission kinds.
const (
	PermUnknown PermissionKind = iota
	PermDelegatedWork
	PermDelegatedPersonal
	PermApplication
)

// String names the kind as OAuth2 flow-neutral text.
func (k PermissionKind) String() string {
	switch k {
	case PermDelegatedWork:
		return "delegatedWork"
	case PermDelegatedPersonal:
		return "delegatedPersonal"
	case PermApplication:
		return "application"
	}
	return "unknown"
}

// Permission is one row of the permissions table.
type Permission struct {
	Kind   PermissionKind
	Label  Text     // first cell as written
	Raw    Text     // second cell as written
	Scopes []string // scope tokens found in the cell, in order
	// Least are the scopes the table marks least privileged: the
	// "Least privileged permission" column of today's three-column
	// tables (the others in Scopes are higher privileged). Nil for a
	// table that does not say.
	Least []string
	// None is set when the cell says "Not supported", "None" or the like.
	None bool
}

// RequestLine is one `METHOD /path` line of the HTTP request section.
type RequestLine struct {
	Method string // upper case
	Path   string // without scheme, host, version prefix and query string
	Query  string // query string as written, without '?'
	Off    int
	// Note is the prose right before the block, e.g. "For a specific user:".
	Note string
}

// Header is one request header row.
type Header struct {
	Name, Value string
	Off         int
	Required    bool
}

// Property is one row of a property, parameter or relationship table.
type Property struct {
	Name        Text // as written, decorations removed
	Type        TypeExpr
	Description Text // markdown
	Required    bool
	ReadOnly    bool
	// InheritedFrom is the link text of "Inherited from [x]" in the
	// description, at the link's offset (Intune pages repeat inherited
	// rows).
	InheritedFrom Text
	// Values are the values of a "Possible values are: ..." list in the
	// description, in order.
	Values []string
	// Row is the whole row, for tables with extra columns.
	Row []Cell
}

// Body is the request body section.
type Body struct {
	Off int
	// Type is the type named by "a JSON representation of the [x] object".
	Type *TypeExpr
	// None is set when the page says not to supply a body.
	None bool
	// Props are the rows of the body table (properties of Type, or action
	// parameters when Type is nil).
	Props []Property
}

// Response is the Response section's prose.
type Response struct {
	Off    int
	Status int       // 0 when the prose names none
	Type   *TypeExpr // the returned type, nil when none is named
}

// ExampleRole says whether an example block is a request or a response.
type ExampleRole uint8

// The example roles.
const (
	RoleNone ExampleRole = iota
	RoleRequest
	RoleResponse
)

// Example is one example code block with its annotation and parsed HTTP
// message.
type Example struct {
	Role       ExampleRole
	Block      *Block
	Annotation *Annotation
	Message    Message
	Heading    string // nearest heading above the block
	// Value is the decoded JSON body (after repairs), nil when there is
	// none or it is not JSON.
	Value any
}

// Resource is what a resource page documents.
type Resource struct {
	Name Text // from the JSON annotation's @odata.type or the H1
	// Bases are the page's statements of its base type: in prose, in page
	// order, then the annotation's baseType. DerivedTypes are the types it
	// names as derived from its own. The model picks and checks.
	Bases        []BaseClaim
	DerivedTypes []BaseClaim
	Abstract     bool   // annotation abstract/isAbstract
	OpenType     bool   // annotation openType
	Key          string // annotation keyProperty
	// Properties and Relationships are the rows of those tables.
	Properties    []Property
	Relationships []Property
	// JSON is the JSON representation block, if any.
	JSON *Block
}

// Enum is an enum definition: a Members table on an enum page, or an
// `### x values` table.
type Enum struct {
	Name    Text
	Members []Member
	Off     int
}

// Member is one enum member.
type Member struct {
	Name        Text
	Value       string // as written; "" when the table has no Value column
	Description string
}
