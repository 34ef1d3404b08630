package codec

import (
	"fmt"
	"go/token"
	"regexp"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/graphdoc/graphdoc/generator/goast"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// Client generates what graphdoc adds to oapi-codegen's client: a
// constructor with Graph's error handling and retries, and a paging
// iterator per list operation.
//
// NewGraphClient is ClientWithResponses with graphrt.Doer as its HTTP
// doer (unless the caller passes WithHTTPClient). For every list
// operation whose 200 response is a collection ({value, @odata.nextLink}),
// <Op>All(ctx, pathParams..., params, reqEditors...) returns an
// iter.Seq2[T, error] over the items of every page (graphrt.Pages): the
// first page comes from <Op>WithResponse, the next ones from GETs of the
// nextLink sent, by the unexported nextPage, through the same *Client:
// its Server (the link must be on it), its doer and its request editors.
func Client(in *Input) *jen.File {
	f := newFile(in.Package)
	if in.Spec == nil || in.Doc == nil || in.Go.Structs["ClientWithResponses"] == nil || in.Go.Structs["Client"] == nil {
		return f
	}
	if !in.taken("NewGraphClient") {
		f.Comment("NewGraphClient returns a client for the Graph service at server, such as")
		f.Comment("https://graph.microsoft.com/beta. Unless opts include WithHTTPClient, it sends")
		f.Comment("requests with graphrt.NewDoer(http.DefaultClient, graphrt.DefaultRetry): a")
		f.Comment("response with status 429, 503 or 504 is retried (up to 4 attempts, waiting as")
		f.Comment("Retry-After says or with capped exponential backoff; POST and PATCH only when")
		f.Comment("the server sent Retry-After), and any final non-2xx response is returned as a")
		f.Comment("*graphrt.Error carrying the status and Graph's code, message and innerError.")
		f.Comment("")
		f.Comment("Authentication is the caller's: add the Authorization header with")
		f.Comment("WithRequestEditorFn, or pass an authenticating client as")
		f.Comment("WithHTTPClient(graphrt.NewDoer(authClient, graphrt.DefaultRetry)) to keep the")
		f.Comment("retries.")
		f.Func().Id("NewGraphClient").Params(jen.Id("server").String(), jen.Id("opts").Op("...").Id("ClientOption")).Params(jen.Op("*").Id("ClientWithResponses"), jen.Error()).Block(
			jen.Id("doer").Op(":=").Qual(rtPath, "NewDoer").Call(jen.Qual("net/http", "DefaultClient"), jen.Qual(rtPath, "DefaultRetry")),
			jen.Return(jen.Id("NewClientWithResponses").Call(jen.Id("server"), jen.Append(
				jen.Index().Id("ClientOption").Values(jen.Id("WithHTTPClient").Call(jen.Id("doer"))), jen.Id("opts").Op("..."),
			).Op("..."))),
		)
		f.Line()
	}
	n := 0
	for _, op := range in.operations() {
		if op.Kind != "list" {
			continue
		}
		if in.listAll(f, op) {
			n++
		}
	}
	if n > 0 {
		in.nextPage(f)
	}
	in.newBody(f)
	return f
}

// taken reports whether oapi-codegen's output declares a type of this name.
func (in *Input) taken(name string) bool {
	_, s := in.Go.Structs[name]
	_, n := in.Go.Named[name]
	_, a := in.Go.Aliases[name]
	return s || n || a
}

// operation is one operation of the spec with what the generators need.
type operation struct {
	Name   string // oapi-codegen's Go name: ToCamelCase(operationId)
	Method string // GET, POST ...
	Path   string // the path template
	Kind   string // x-graphdoc-kind
	Op     *openapi3.Operation
}

// operations returns the spec's operations sorted by path, then method.
func (in *Input) operations() []operation {
	var out []operation
	for path, item := range in.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op == nil || op.OperationID == "" {
				continue
			}
			kind := string(ext.Kind(op.Extensions))
			out = append(out, operation{Name: codegen.ToCamelCase(op.OperationID), Method: strings.ToUpper(method), Path: path, Kind: kind, Op: op})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// placeholder matches a path template's placeholders.
var placeholder = regexp.MustCompile(`\{([^{}]+)\}`)

// pathParams returns the names of a path template's placeholders, in
// order (oapi-codegen orders path parameters the same way).
func pathParams(path string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

// pathParam is one path parameter as oapi-codegen declares it.
type pathParam struct {
	Name  string     // the spec's name
	Field string     // the RequestObject field
	Type  goast.Type // its Go type
}

// pathParamsOf returns an operation's path parameters with their Go
// types, read from the strict server's <Op>RequestObject; without one, a
// parameter of schema type string is a string. ok is false when a type is
// unknown.
func (in *Input) pathParamsOf(op operation) ([]pathParam, bool) {
	ro := in.Go.Structs[op.Name+"RequestObject"]
	var out []pathParam
	for _, name := range pathParams(op.Path) {
		p := pathParam{Name: name}
		if ro != nil {
			for _, fl := range ro.Fields {
				if fl.JSON == name {
					p.Field, p.Type = fl.Name, fl.Type
				}
			}
		} else if specParamIsString(op, name) {
			p.Field, p.Type = codegen.ToCamelCase(name), goast.Type{Elem: "string"}
		}
		if p.Field == "" || p.Type.Slice || p.Type.Map {
			return nil, false
		}
		out = append(out, p)
	}
	return out, true
}

// specParamIsString reports whether an operation's path parameter is a
// plain string in the spec.
func specParamIsString(op operation, name string) bool {
	for _, p := range op.Op.Parameters {
		if p.Value != nil && p.Value.In == "path" && p.Value.Name == name && p.Value.Schema != nil && p.Value.Schema.Value != nil {
			s := p.Value.Schema.Value
			return s.Type != nil && s.Type.Is("string") && s.Format == ""
		}
	}
	return false
}

// qualified maps the package qualifiers of oapi-codegen's type names to
// import paths.
var qualified = map[string]string{"openapi_types": typesPath, "time": "time", "json": "encoding/json"}

// typeCode renders a Go type name from oapi-codegen's output, importing
// the packages of qualified names; nil when it cannot.
func typeCode(t string) jen.Code {
	if strings.HasPrefix(t, "[]") {
		if e := typeCode(t[2:]); e != nil {
			return jen.Index().Add(e)
		}
		return nil
	}
	if pkg, name, ok := strings.Cut(t, "."); ok {
		if path, ok := qualified[pkg]; ok && token.IsIdentifier(name) {
			return jen.Qual(path, name)
		}
		return nil
	}
	if !token.IsIdentifier(t) && t != "interface{}" && !strings.HasPrefix(t, "map[string]") {
		return nil
	}
	return jen.Id(t)
}

// paramName is a Go parameter name for a field name, clear of the other
// parameters and of keywords.
func paramName(field string) string {
	if field == "" {
		return "p"
	}
	n := strings.ToLower(field[:1]) + field[1:]
	switch n {
	case "ctx", "params", "reqEditors", "c", "iter", "graphrt", "http", "context":
		return n + "Param"
	}
	if token.IsKeyword(n) || !token.IsIdentifier(n) {
		return n + "Param"
	}
	return n
}

// field returns a struct's field with the given JSON name.
func field(s *goast.Struct, json string) (goast.Field, bool) {
	if s == nil {
		return goast.Field{}, false
	}
	for _, fl := range s.Fields {
		if fl.JSON == json {
			return fl, true
		}
	}
	return goast.Field{}, false
}

// collection is a list operation's collection response type.
type collection struct {
	Type     string      // the response struct: UserPFXCertificateCollectionResponse
	Value    goast.Field // value: a slice of Elem
	NextLink goast.Field // @odata.nextLink: a string
	Elem     jen.Code    // the item type
}

// collectionOf finds the collection response of a list operation: the
// JSON200 field of <Op>Response, a struct with a value slice and a string
// @odata.nextLink (or the nextLinkName of x-ms-pageable).
func (in *Input) collectionOf(op operation) (collection, bool) {
	var c collection
	resp := in.Go.Structs[op.Name+"Response"]
	if resp == nil {
		return c, false
	}
	// JSON200 has no JSON tag, so goast does not list it: the type comes
	// from the spec's 200 response, which oapi-codegen names after the
	// schema; the struct is found by its members.
	if op.Op.Responses == nil {
		return c, false
	}
	r := op.Op.Responses.Value("200")
	if r == nil || r.Value == nil {
		return c, false
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return c, false
	}
	nextName := "@odata.nextLink"
	if n := ext.Pageable(op.Op.Extensions).NextLinkName; n != "" {
		nextName = n
	}
	if mt.Schema.Ref == "" {
		return in.inlineCollection(mt.Schema.Value, nextName)
	}
	s := in.Go.Structs[in.Go.Resolve(in.schemaGoName(mt.Schema.Ref))]
	if s == nil {
		return c, false
	}
	v, ok1 := field(s, "value")
	nl, ok2 := field(s, nextName)
	if !ok1 || !ok2 || !v.Type.Slice || v.Type.ElemPointer || nl.Type.Elem != "string" || nl.Type.Slice || nl.Type.Map {
		return c, false
	}
	elem := typeCode(v.Type.Elem)
	if elem == nil {
		return c, false
	}
	c.Type, c.Value, c.NextLink, c.Elem = s.Name, v, nl, elem
	return c, true
}

// schemaGoName returns the Go type name of a component schema reference.
func (in *Input) schemaGoName(ref string) string {
	name := ref[strings.LastIndexByte(ref, '/')+1:]
	if g, ok := in.GoNames[name]; ok {
		return g
	}
	return name
}

// inlineCollection describes a collection response schema written inline
// (oapi-codegen makes JSON200 an anonymous struct): its members are
// oapi-codegen's field names for value and the nextLink, and the items
// must be a component schema or a plain primitive.
func (in *Input) inlineCollection(s *openapi3.Schema, nextName string) (collection, bool) {
	var c collection
	if s == nil || s.Properties["value"] == nil || s.Properties[nextName] == nil {
		return c, false
	}
	v, nl := s.Properties["value"].Value, s.Properties[nextName].Value
	if v == nil || nl == nil || v.Type == nil || !v.Type.Is("array") || v.Items == nil || nl.Type == nil || !nl.Type.Is("string") {
		return c, false
	}
	elem := ""
	switch it := v.Items; {
	case it.Ref != "":
		elem = in.schemaGoName(it.Ref)
		if !in.taken(elem) {
			return c, false
		}
	case it.Value != nil && it.Value.Extensions["x-go-type"] != nil:
		// a polymorphic base, replaced by its family's interface
		elem, _ = it.Value.Extensions["x-go-type"].(string)
		if in.family(elem) == nil {
			return c, false
		}
	case it.Value != nil && it.Value.Type != nil && it.Value.Format == "" && len(it.Value.Enum) == 0:
		switch {
		case it.Value.Type.Is("string"):
			elem = "string"
		case it.Value.Type.Is("boolean"):
			elem = "bool"
		}
	}
	if elem == "" {
		return c, false
	}
	required := func(p string) bool {
		for _, r := range s.Required {
			if r == p {
				return true
			}
		}
		return false
	}
	c.Value = goast.Field{Name: codegen.SchemaNameToTypeName("value"), JSON: "value", Type: goast.Type{Pointer: !required("value"), Slice: true, Elem: elem}}
	c.NextLink = goast.Field{Name: codegen.SchemaNameToTypeName(nextName), JSON: nextName, Type: goast.Type{Pointer: !required(nextName), Elem: "string"}}
	c.Elem = jen.Id(elem)
	return c, true
}

// pageType is the type a next page is decoded into: the collection
// response, or for an inline one a struct of its two members.
func (c collection) pageType() jen.Code {
	if c.Type != "" {
		return jen.Id(c.Type)
	}
	member := func(fl goast.Field, t jen.Code) jen.Code {
		if fl.Type.Pointer {
			t = jen.Op("*").Add(t)
		}
		return jen.Id(fl.Name).Add(t).Tag(map[string]string{"json": fl.JSON + ",omitempty"})
	}
	return jen.Struct(
		member(c.Value, jen.Index().Add(c.Elem)),
		member(c.NextLink, jen.String()),
	)
}

// listAll writes <Op>All for a list operation; false when the operation
// does not have the shape it needs.
func (in *Input) listAll(f *jen.File, op operation) bool {
	methods := in.Go.Methods["ClientWithResponses"]
	name := op.Name + "All"
	if !methods[op.Name+"WithResponse"] || methods[name] || in.Go.Methods["Client"][name] {
		return false
	}
	coll, ok := in.collectionOf(op)
	if !ok {
		return false
	}
	params, ok := in.pathParamsOf(op)
	if !ok {
		return false
	}
	var sig, args []jen.Code
	sig = append(sig, jen.Id("ctx").Qual("context", "Context"))
	args = append(args, jen.Id("ctx"))
	for _, p := range params {
		t := typeCode(p.Type.Elem)
		if t == nil {
			return false
		}
		if p.Type.Pointer {
			t = jen.Op("*").Add(t)
		}
		sig = append(sig, jen.Id(paramName(p.Field)).Add(t))
		args = append(args, jen.Id(paramName(p.Field)))
	}
	if _, ok := in.Go.Structs[op.Name+"Params"]; ok {
		sig = append(sig, jen.Id("params").Op("*").Id(op.Name+"Params"))
		args = append(args, jen.Id("params"))
	}
	sig = append(sig, jen.Id("reqEditors").Op("...").Id("RequestEditorFn"))
	args = append(args, jen.Id("reqEditors").Op("..."))

	page := func(v *jen.Statement) *jen.Statement {
		value, next := v.Clone().Dot(coll.Value.Name), v.Clone().Dot(coll.NextLink.Name)
		if !coll.Value.Type.Pointer {
			value = jen.Op("&").Add(value)
		}
		if !coll.NextLink.Type.Pointer {
			next = jen.Op("&").Add(next)
		}
		return jen.Qual(rtPath, "PageOf").Call(value, next)
	}
	result := []jen.Code{jen.Index().Add(coll.Elem), jen.String(), jen.Error()}
	fail := func(err jen.Code) jen.Code { return jen.Return(jen.Nil(), jen.Lit(""), err) }

	summary := ""
	if op.Op.Summary != "" {
		summary = " (" + oneLine(op.Op.Summary) + ")"
	}
	f.Commentf("%s iterates over every item of", name)
	f.Commentf("%s %s%s, page by page.", op.Method, op.Path, summary)
	f.Commentf("The first page comes from %sWithResponse;", op.Name)
	f.Comment("the next ones are GETs of each @odata.nextLink, sent with the same doer and")
	f.Comment("request editors. A failure, a done ctx or a nextLink seen before ends the")
	f.Comment("iteration with one zero item and the error (a non-2xx page is a")
	f.Comment("*graphrt.Error).")
	f.Func().Params(jen.Id("c").Op("*").Id("ClientWithResponses")).Id(name).Params(sig...).Qual("iter", "Seq2").Types(coll.Elem, jen.Error()).Block(
		jen.Return(jen.Qual(rtPath, "Pages").Call(
			jen.Id("ctx"),
			jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(result...).Block(
				jen.List(jen.Id("rsp"), jen.Err()).Op(":=").Id("c").Dot(op.Name+"WithResponse").Call(args...),
				jen.If(jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
				jen.If(jen.Id("rsp").Dot("JSON200").Op("==").Nil()).Block(
					fail(jen.Qual(rtPath, "UnexpectedResponse").Call(jen.Id("rsp").Dot("HTTPResponse"), jen.Id("rsp").Dot("Body"))),
				),
				jen.Return(page(jen.Id("rsp").Dot("JSON200"))),
			),
			jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("link").String()).Params(result...).Block(
				jen.Var().Id("p").Add(coll.pageType()),
				jen.If(jen.Err().Op(":=").Id("c").Dot("nextPage").Call(jen.Id("ctx"), jen.Id("link"), jen.Op("&").Id("p"), jen.Id("reqEditors")), jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
				jen.Return(page(jen.Id("p"))),
			),
		)),
	)
	f.Line()
	return true
}

// nextPage writes the helper the iterators follow @odata.nextLink with.
func (in *Input) nextPage(f *jen.File) {
	edit := func(list jen.Code) jen.Code {
		return jen.For(jen.List(jen.Id("_"), jen.Id("edit")).Op(":=").Range().Add(list)).Block(
			jen.If(jen.Err().Op(":=").Id("edit").Call(jen.Id("ctx"), jen.Id("req")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		)
	}
	f.Comment("nextPage GETs an @odata.nextLink through the *Client's doer and request")
	f.Comment("editors, then reqEditors, and decodes the page into v; a non-2xx page is a")
	f.Comment("*graphrt.Error. The link must be on the client's server.")
	f.Func().Params(jen.Id("c").Op("*").Id("ClientWithResponses")).Id("nextPage").Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("link").String(), jen.Id("v").Any(), jen.Id("reqEditors").Index().Id("RequestEditorFn"),
	).Error().Block(
		jen.List(jen.Id("cl"), jen.Id("ok")).Op(":=").Id("c").Dot("ClientInterface").Assert(jen.Op("*").Id("Client")),
		jen.If(jen.Op("!").Id("ok")).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%s: cannot follow @odata.nextLink: the client is a %%T, not a *Client", in.Package)), jen.Id("c").Dot("ClientInterface"))),
		),
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Qual(rtPath, "NextPageRequest").Call(jen.Id("ctx"), jen.Id("cl").Dot("Server"), jen.Id("link")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		edit(jen.Id("cl").Dot("RequestEditors")),
		edit(jen.Id("reqEditors")),
		jen.List(jen.Id("rsp"), jen.Err()).Op(":=").Id("cl").Dot("Client").Dot("Do").Call(jen.Id("req")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Qual(rtPath, "DecodeResponse").Call(jen.Id("rsp"), jen.Id("v"))),
	)
	f.Line()
}

// oneLine squeezes a summary onto one comment line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "..."
	}
	return s
}
