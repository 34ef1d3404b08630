package diag

// Code names one kind of problem. Codes are stable: tools and CI
// configurations match on them, so they are never renamed.
type Code string

// CodeInfo documents a code: its default severity and a one-line summary.
type CodeInfo struct {
	Code     Code
	Severity Severity
	Summary  string
}

// Severity returns the code's default severity (Warning for unknown codes).
func (c Code) Severity() Severity {
	if i, ok := catalogIndex[c]; ok {
		return Catalog[i].Severity
	}
	return Warning
}

// The codes graphdoc reports, grouped by the stage that finds them.
const (
	// Reading and scanning a page.
	InternalError     Code = "internal-error"
	InvalidUTF8       Code = "invalid-utf8"
	NoFrontMatter     Code = "no-front-matter"
	FrontMatter       Code = "front-matter-syntax"
	TodoPlaceholder   Code = "todo-placeholder"
	NotDocumented     Code = "not-documented"
	DocTypeMismatch   Code = "doc-type-mismatch"
	NoTitle           Code = "no-title"
	NoNamespace       Code = "no-namespace"
	NamespaceSyntax   Code = "namespace-syntax"
	UnclosedFence     Code = "unclosed-fence"
	TableExtraCells   Code = "table-extra-cells"
	TableWrappedRow   Code = "table-wrapped-row"
	TableMissingCells Code = "table-missing-cells"
	PropertyName      Code = "property-name"
	AnnotationJSON    Code = "annotation-json"
	TypeSyntax        Code = "type-syntax"
	RequestLine       Code = "request-line"
	NoHTTPRequest     Code = "no-http-request"
	StatusLine        Code = "status-line"
	ExampleJSON       Code = "example-json"
	NoResponseStatus  Code = "no-response-status"
	NoPermissions     Code = "no-permissions"
	PermissionKind    Code = "permission-kind"
	NoPage            Code = "no-content"
	UnresolvedInclude Code = "unresolved-include"

	// Checks on one page's content.
	PlaceholderExample Code = "placeholder-example"
	ODataTypeMismatch  Code = "odata-type-mismatch"
	UpdateWithoutKey   Code = "update-without-key"
	EnumListMismatch   Code = "enum-list-mismatch"

	// Linking pages into one API.
	UnresolvedType     Code = "unresolved-type"
	UnresolvedLink     Code = "unresolved-link"
	DuplicateType      Code = "duplicate-type"
	DuplicateEnum      Code = "duplicate-enum"
	DuplicateOperation Code = "duplicate-operation"
	DuplicateProperty  Code = "duplicate-property"
	CircularBase       Code = "circular-base-type"
	BaseTypeConflict   Code = "base-type-conflict"
	UnknownProperty    Code = "unknown-property"
	ExampleInvalid     Code = "example-invalid"
)

// Catalog lists every code with its default severity, in a fixed order.
var Catalog = []CodeInfo{
	{InternalError, Error, "graphdoc failed on this page; please report it with the page attached"},
	{InvalidUTF8, Warning, "the page is not valid UTF-8; invalid bytes are read as U+FFFD"},
	{NoFrontMatter, Warning, "the page has no YAML front matter (--- title/description/doc_type ---)"},
	{FrontMatter, Warning, "a front matter line is not a flat `key: value` pair"},
	{TodoPlaceholder, Warning, "a TODO placeholder was left in the page"},
	{NotDocumented, Info, "a \"Not yet documented\" placeholder description"},
	{DocTypeMismatch, Info, "doc_type disagrees with the page's structure; the structure wins"},
	{NoTitle, Warning, "the page has no H1 title"},
	{NoNamespace, Info, "the page has no `Namespace:` line; microsoft.graph is assumed"},
	{NamespaceSyntax, Warning, "a `Namespace:` line is not a dotted name (letters, digits, _); it is ignored"},
	{UnclosedFence, Error, "a fenced code block is never closed; it swallows the rest of the page"},
	{TableExtraCells, Warning, "a table row has more cells than its header (an unescaped `|`?); extra cells are joined into the last column"},
	{PropertyName, Warning, "a table row's name cell is not a property name; the row is skipped"},
	{TableMissingCells, Warning, "a table row has fewer cells than its header; the missing cells are read as empty"},
	{TableWrappedRow, Warning, "a table row continues on the next line without a leading `|`; the lines are joined"},
	{AnnotationJSON, Warning, "an annotation comment `<!-- { ... } -->` is not strict JSON"},
	{TypeSyntax, Warning, "a Type cell could not be read as a type"},
	{RequestLine, Warning, "a line in an HTTP request block is not `METHOD /path`"},
	{NoHTTPRequest, Error, "an API page has no HTTP request; no operation can be produced"},
	{StatusLine, Info, "a response status line is not canonical (`HTTP/1.1 200 OK`)"},
	{ExampleJSON, Warning, "an example body is not strict JSON"},
	{NoResponseStatus, Warning, "the Response section names no status code; 200 is assumed"},
	{NoPermissions, Info, "an API page has no permissions table (a warning when it has a permissions section graphdoc cannot read)"},
	{PermissionKind, Info, "a permissions row names no known permission kind"},
	{NoPage, Warning, "a page yields no operations, types or enums"},
	{UnresolvedInclude, Warning, "an `[!INCLUDE [..](path)]` file is missing, unreadable or includes itself; what it holds is not read (a note where the page reads no content)"},
	{PlaceholderExample, Warning, "an example holds placeholder values (\"String\", \"String (timestamp)\") instead of real data"},
	{ODataTypeMismatch, Warning, "an example's @odata.type names another namespace or type than the page"},
	{UpdateWithoutKey, Warning, "a PATCH addresses a collection with no key segment; Graph updates one entity"},
	{EnumListMismatch, Info, "a description's \"Possible values\" list disagrees with the enum's members"},
	{UnresolvedType, Warning, "a type is named but defined on no page; it becomes an open object"},
	{UnresolvedLink, Info, "a link points to a page that does not exist"},
	{DuplicateType, Info, "two pages define the same type; their properties are merged"},
	{DuplicateEnum, Info, "two pages define the same enum; their members are merged"},
	{DuplicateOperation, Info, "two pages document the same path and method; the first page (by path) wins"},
	{DuplicateProperty, Warning, "a table lists the same property twice; the first row wins"},
	{CircularBase, Error, "base types form a cycle; the cycle is cut"},
	{BaseTypeConflict, Warning, "two statements of a type's base type name different types (not one the other's ancestor); the better-ranked one wins"},
	{UnknownProperty, Info, "a request body lists a property the type does not define"},
	{ExampleInvalid, Warning, "an example body does not match the documented schema"},
}

var catalogIndex = func() map[Code]int {
	m := make(map[Code]int, len(Catalog))
	for i, c := range Catalog {
		m[c.Code] = i
	}
	return m
}()
