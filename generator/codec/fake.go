package codec

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/generator/oapi"
)

// Fake generates an in-memory implementation of the strict server
// interface, NewFakeHandler, for downstream tests.
//
// The store is graphrt/fake's Store; the generated fakeServer only adapts
// each operation to it, by its x-graphdoc-kind: list, get, create,
// update, replace and delete on an entity collection (a path whose item
// operations end in a key placeholder). Everything else (actions,
// functions, singletons, $ref and $value paths, non-JSON bodies) answers
// 501 NotImplemented.
//
// Every answer is a fakeResponse, one type implementing every
// <Op>ResponseObject interface: its Visit<Op>Response writes the store's
// JSON, or an error in Graph's shape with any status, through
// impl.FakeWrite. oapi-codegen's typed responses cannot do that: they
// exist only for documented statuses (501 is none), and their
// <Op>200JSONResponse conversions drop the models' MarshalJSON (and with
// it @odata.type). List reads $top from the request object's Params and
// needs the *http.Request for $skiptoken and the absolute nextLink: a
// StrictMiddlewareFunc puts it in the context.
func Fake(in *Input) *jen.File {
	f := newFile(in.Package)
	ops := in.IR.Operations
	http := func(n string) *jen.Statement { return jen.Qual("net/http", n) }
	type method struct {
		op   *ir.Operation
		body []jen.Code
		doc  string
	}
	var methods []method
	lists := false
	for _, op := range ops {
		body, doc, list := fakeMethod(op)
		lists = lists || list
		methods = append(methods, method{op, body, doc})
	}
	// only a list needs the *http.Request
	middlewares := jen.Nil()
	if lists {
		middlewares = jen.Index().Id(oapi.StrictMiddlewareFunc).Values(jen.Id("fakeWithRequest"))
	}
	f.Comment("FakeOption configures the store behind NewFakeHandler: fake.IDs,")
	f.Comment("fake.PageSize (package github.com/graphdoc/graphdoc/graphrt/fake), or any")
	f.Comment("func(*fake.Store), which also hands a test the store, to fill or inspect.")
	f.Type().Id("FakeOption").Op("=").Qual(fakePath, "Option")
	f.Line()
	{
		f.Comment("NewFakeHandler returns an in-memory fake of this Graph API, for tests:")
		f.Comment("httptest.NewServer(NewFakeHandler()) and point the client at its URL. It")
		f.Comment("serves the strict server interface (so request bodies are decoded and")
		f.Comment("validated, and an invalid one gets 400, before the fake sees it) with a")
		f.Comment("fake.Store, by operation kind:")
		f.Comment("")
		f.Comment("  - create adds the body to its collection (keyed by the request path, ids")
		f.Comment("    included) under a new id: 00000000-0000-0000-0000-000000000001, ...;")
		f.Comment("  - list answers pages of $top items (100 without), in creation order, each")
		f.Comment("    with an @odata.nextLink carrying a $skiptoken while items are left;")
		f.Comment("    $filter, $orderby, $select and $search are ignored;")
		f.Comment("  - get, update (merging the members of the PATCH body), replace and delete")
		f.Comment("    address one item by key, and answer 404 when it is missing;")
		f.Comment("  - actions, functions and anything else answer 501.")
		f.Comment("")
		f.Comment("Errors are in Graph's shape, {\"error\":{\"code\":...,\"message\":...}}, unknown")
		f.Comment("paths included. The store starts empty; opts can set ids, the page size, or")
		f.Comment("hand the store to the test.")
		f.Func().Id("NewFakeHandler").Params(jen.Id("opts").Op("...").Id("FakeOption")).Add(http("Handler")).Block(
			jen.Id("mux").Op(":=").Add(http("NewServeMux")).Call(),
			jen.Id("srv").Op(":=").Op("&").Id("fakeServer").Values(jen.Dict{jen.Id("store"): jen.Qual(fakePath, "NewStore").Call(jen.Id("opts").Op("..."))}),
			jen.Id(oapi.HandlerWithOptions).Call(
				jen.Id(oapi.NewStrictHandler).Call(jen.Id("srv"), middlewares),
				jen.Id(oapi.StdHTTPServerOptions).Values(jen.Dict{
					jen.Id(oapi.OptionsRouterField): jen.Id("mux"),
					jen.Id(oapi.OptionsErrorField):  jen.Qual(implPath, "FakeRequestError"),
				}),
			),
			jen.Return(jen.Qual(implPath, "FakeRoutes").Call(jen.Id("mux"))),
		)
		f.Line()
	}
	f.Comment("fakeServer implements StrictServerInterface with a fake.Store.")
	f.Type().Id("fakeServer").Struct(jen.Id("store").Op("*").Qual(fakePath, "Store"))
	f.Line()
	f.Comment("fakeResponse is every answer of the fake: a status and a JSON body, or an")
	f.Comment("error written in Graph's shape with its own status. It implements every")
	f.Comment("operation's response object interface.")
	f.Type().Id("fakeResponse").Struct(
		jen.Id("status").Int(),
		jen.Id("body").Index().Byte(),
		jen.Id("err").Error(),
	)
	f.Line()
	if lists {
		f.Comment("fakeRequestKey is the context key of the *http.Request being served.")
		f.Type().Id("fakeRequestKey").Struct()
		f.Line()
		f.Comment("fakeWithRequest puts the *http.Request in the context the fake's methods get:")
		f.Comment("a list needs its URL for $skiptoken and @odata.nextLink.")
		f.Func().Id("fakeWithRequest").Params(jen.Id("next").Id(oapi.StrictHandlerFunc), jen.Id("_").String()).Id(oapi.StrictHandlerFunc).Block(
			jen.Return(jen.Func().Params(
				jen.Id("ctx").Qual("context", "Context"), jen.Id("w").Add(http("ResponseWriter")), jen.Id("r").Op("*").Add(http("Request")), jen.Id("request").Any(),
			).Params(jen.Any(), jen.Error()).Block(
				jen.Return(jen.Id("next").Call(jen.Qual("context", "WithValue").Call(jen.Id("ctx"), jen.Id("fakeRequestKey").Values(), jen.Id("r")), jen.Id("w"), jen.Id("r"), jen.Id("request"))),
			)),
		)
		f.Line()
		f.Comment("fakeRequest returns the *http.Request being served, or nil.")
		f.Func().Id("fakeRequest").Params(jen.Id("ctx").Qual("context", "Context")).Op("*").Add(http("Request")).Block(
			jen.List(jen.Id("r"), jen.Id("_")).Op(":=").Id("ctx").Dot("Value").Call(jen.Id("fakeRequestKey").Values()).Assert(jen.Op("*").Add(http("Request"))),
			jen.Return(jen.Id("r")),
		)
		f.Line()
	}
	for _, m := range methods {
		f.Commentf("%s %s", m.op.Name, m.doc)
		f.Func().Params(jen.Id("f").Op("*").Id("fakeServer")).Id(m.op.Name).Params(
			jen.Id("ctx").Qual("context", "Context"), jen.Id("request").Id(oapi.RequestObject(m.op)),
		).Params(jen.Id(oapi.ResponseObject(m.op)), jen.Error()).Block(m.body...)
		f.Line()
	}
	for _, op := range ops {
		f.Commentf("%s writes r.", oapi.VisitResponse(op))
		f.Func().Params(jen.Id("r").Id("fakeResponse")).Id(oapi.VisitResponse(op)).Params(jen.Id("w").Add(http("ResponseWriter"))).Error().Block(
			jen.Return(jen.Qual(implPath, "FakeWrite").Call(jen.Id("w"), jen.Id("r").Dot("status"), jen.Id("r").Dot("body"), jen.Id("r").Dot("err"))),
		)
		f.Line()
	}
	return f
}

// fakeMethod returns the statements of one operation's fake, and the rest
// of its doc comment.
func fakeMethod(op *ir.Operation) (body []jen.Code, doc string, list bool) {
	unimplemented := func(why string) ([]jen.Code, string, bool) {
		return []jen.Code{jen.Return(jen.Id("fakeResponse").Values(jen.Dict{
			jen.Id("err"): jen.Qual(implPath, "FakeNotImplemented").Call(jen.Lit(op.Method), jen.Lit(op.Path), jen.Lit(why)),
		}), jen.Nil())}, "answers 501 NotImplemented: the fake does not implement " + why + ".", false
	}
	for _, p := range op.PathParams {
		if p.Type.Slice || p.Type.Map {
			return unimplemented("an operation with path parameters of these types")
		}
	}
	coll, item := op.Path, false
	switch op.Kind {
	case "list", "create":
	case "get", "update", "replace", "delete":
		i := strings.LastIndexByte(op.Path, '/')
		last := op.Path[i+1:]
		if !strings.HasPrefix(last, "{") || !strings.HasSuffix(last, "}") || strings.Count(last, "{") != 1 {
			return unimplemented(op.Kind + " on a path that does not end in a key")
		}
		coll, item = op.Path[:i], true
	case "":
		return unimplemented("an operation of no kind")
	default:
		return unimplemented(op.Kind + "s")
	}
	if !entityCollection(coll) {
		return unimplemented(op.Kind + " on a path that is not an entity collection")
	}
	// the collection's path, and the item's key
	var values []jen.Code
	var key jen.Code
	for i, p := range op.PathParams {
		v := jen.Id("request").Dot(p.GoName)
		if p.Type.Pointer {
			v = jen.Op("*").Add(v)
		}
		if p.Type.Elem != (ir.Ident{Name: "string"}) {
			v = jen.Qual("fmt", "Sprint").Call(v)
		}
		if item && i == len(op.PathParams)-1 {
			key = v
		} else {
			values = append(values, v)
		}
	}
	path := jen.Lit(coll)
	if len(values) > 0 {
		path = jen.Qual(implPath, "FakePath").Call(append([]jen.Code{jen.Lit(coll)}, values...)...)
	}
	reply := func(call jen.Code) []jen.Code {
		return []jen.Code{
			jen.List(jen.Id("body"), jen.Err()).Op(":=").Add(call),
			jen.Return(jen.Id("fakeResponse").Values(jen.Dict{jen.Id("status"): jen.Lit(op.Success), jen.Id("body"): jen.Id("body"), jen.Id("err"): jen.Err()}), jen.Nil()),
		}
	}
	store := jen.Id("f").Dot("store")
	switch op.Kind {
	case "list":
		top := jen.Lit(0)
		var pre []jen.Code
		if p := queryParam(op, "$top"); p != nil && !p.Type.Slice && !p.Type.Map && isInteger(p) {
			top = jen.Id("top")
			v := jen.Id("request").Dot(oapi.RequestParamsField).Dot(p.GoName)
			if p.Type.Pointer {
				pre = append(pre, jen.Id("top").Op(":=").Lit(0), jen.If(v.Clone().Op("!=").Nil()).Block(jen.Id("top").Op("=").Int().Call(jen.Op("*").Add(v))))
			} else {
				pre = append(pre, jen.Id("top").Op(":=").Int().Call(v))
			}
		}
		return append(pre, reply(store.Clone().Dot("List").Call(jen.Id("fakeRequest").Call(jen.Id("ctx")), path, top))...), "lists the collection a page at a time ($top, $skiptoken).", true
	case "get":
		return reply(store.Clone().Dot("Get").Call(path, key)), "returns the item, or 404.", false
	case "delete":
		return []jen.Code{
			jen.Return(jen.Id("fakeResponse").Values(jen.Dict{jen.Id("status"): jen.Lit(op.Success), jen.Id("err"): store.Clone().Dot("Delete").Call(path, key)}), jen.Nil()),
		}, "removes the item, or answers 404.", false
	}
	// create, update, replace: a JSON body
	if op.Body == nil || !op.Body.OnlyJSON {
		return unimplemented(op.Kind + " without a JSON request body")
	}
	k := jen.Lit(keyMember(op.Body))
	reqBody := jen.Id("request").Dot(oapi.RequestBodyField)
	switch op.Kind {
	case "create":
		return reply(store.Clone().Dot("Create").Call(path, k, reqBody)), "adds the body to the collection under a new id.", false
	case "update":
		return reply(store.Clone().Dot("Update").Call(path, k, key, reqBody)), "merges the body's members into the item, or answers 404.", false
	}
	return reply(store.Clone().Dot("Replace").Call(path, k, key, reqBody)), "replaces the item with the body, or answers 404.", false
}

// queryParam returns an operation's query parameter of a name, or nil.
func queryParam(op *ir.Operation, name string) *ir.Param {
	for _, p := range op.QueryParams {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// entityCollection reports whether a path (template) can name an entity
// collection: its last segment is a name, not a key, a call, a cast or a
// $ segment ($ref, $value, $count).
func entityCollection(path string) bool {
	i := strings.LastIndexByte(path, '/')
	if i < 0 || path == "" {
		return false
	}
	last := path[i+1:]
	return last != "" && !strings.ContainsAny(last, "{}()$:.'=")
}

// isInteger reports whether a parameter's type (or the type its alias
// stands for) is an integer type.
func isInteger(p *ir.Param) bool {
	t := p.Type
	if p.AliasOf != nil {
		t = *p.AliasOf
	}
	if t.Elem.Path != "" || t.Slice || t.Map {
		return false
	}
	switch t.Elem.Name {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return true
	}
	return false
}

// keyMember returns the JSON member holding the key of the entities a
// body holds (x-graphdoc-key, through the base types), "id" when it has
// none.
func keyMember(b *ir.Body) string {
	t := b.Struct
	if b.Family != nil {
		t = b.Family.Base
	}
	if t != nil && t.Key != "" && !strings.ContainsAny(t.Key, ", ") {
		return t.Key
	}
	return "id"
}
