package codec

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
)

// Fake generates Fake, an in-memory implementation of Handler for
// downstream tests, and NewFakeHandler, which serves it over HTTP (so that
// request bodies are decoded and validated, and an invalid one gets 400,
// before the fake sees them).
//
// The store is graphrt/fake's Store; each method adapts its operation to
// it, by the operation's kind: list, get, create, update, replace and
// delete on an entity collection (a path whose item operations end in a
// key placeholder), and references: create, replace, list and delete on
// a $ref path, and get on a single-valued navigation a PUT .../$ref
// sets. Actions and functions answer with a registered handler or their
// example. Everything else (singletons, $value paths, non-JSON bodies)
// answers 501 NotImplemented.
func Fake(in *Input) *jen.File {
	f := newFile(in.Package)
	store := jen.Op("*").Qual(fakePath, "Store")
	f.Comment("Fake is an in-memory fake of this Graph API, for tests: it implements")
	f.Comment("Handler with a graphrt/fake Store, by operation kind:")
	f.Comment("")
	f.Comment("  - create adds the body to its collection (keyed by the request path, ids")
	f.Comment("    included) under a new id: 00000000-0000-0000-0000-000000000001, ...;")
	f.Comment("  - list answers pages of $top items (the store's page size without), in")
	f.Comment("    creation order, each with an @odata.nextLink carrying a $skiptoken while")
	f.Comment("    items are left; called in-process (no request to link back to), every")
	f.Comment("    item, or the first $top; $filter, $orderby, $select, $search, $skip and")
	f.Comment("    $count are answered as Graph does, typed by the items' properties (see")
	f.Comment("    fake.Store.Query), and a query it cannot answer is a 400, never a")
	f.Comment("    silently unfiltered list;")
	f.Comment("  - create, update and replace check the body as NewHandler does (required")
	f.Comment("    and read-only properties, enums, formats), also when called in-process;")
	f.Comment("  - get, update (merging the members of the PATCH body), replace and delete")
	f.Comment("    address one item by key, and answer 404 when it is missing; get answers")
	f.Comment("    $select and $expand (fake.Store.GetQuery); where the item's type has")
	f.Comment("    @odata.etag, the store versions it (W/\"1\", W/\"2\", ...) and an update,")
	f.Comment("    replace or delete whose If-Match does not match answers 412;")
	f.Comment("  - $ref: POST .../$ref adds a reference to the object its @odata.id names,")
	f.Comment("    PUT sets a single-valued one, GET lists them, DELETE .../{id}/$ref")
	f.Comment("    removes one; the navigation's list (and get, for a single-valued one)")
	f.Comment("    answers with the referenced objects, leaving out those deleted;")
	f.Comment("  - an action or function answers with the handler the test registered")
	f.Comment("    for it (Store().On, by Go method name or operationId), else with the")
	f.Comment("    example response its documentation gives, else 501 naming it;")
	f.Comment("  - anything else answers 501.")
	f.Comment("")
	f.Comment("To answer an operation otherwise, embed *Fake in a type of your own and")
	f.Comment("override its method; serve that type with NewHandler:")
	f.Comment("")
	f.Comment("\ttype myFake struct{ *Fake }")
	f.Comment("")
	f.Comment("\tfunc (m myFake) SomeOperation(ctx context.Context, ...) (..., error) { ... }")
	f.Comment("")
	f.Comment("\tsrv := httptest.NewServer(NewHandler(myFake{NewFake()}))")
	f.Type().Id("Fake").Struct(jen.Id("store").Add(store))
	f.Line()
	f.Var().Id("_").Add(in.model("Handler")).Op("=").Parens(jen.Op("*").Id("Fake")).Parens(jen.Nil())
	f.Line()
	f.Comment("NewFake returns a fake with an empty store; opts set how it makes ids and")
	f.Comment("pages (fake.IDs, fake.PageSize) or hand the test the store.")
	f.Func().Id("NewFake").Params(jen.Id("opts").Op("...").Qual(fakePath, "Option")).Op("*").Id("Fake").Block(
		jen.Return(jen.Op("&").Id("Fake").Values(jen.Dict{jen.Id("store"): jen.Qual(fakePath, "NewStore").Call(jen.Id("opts").Op("..."))})),
	)
	f.Line()
	f.Comment("NewFakeHandler serves a new Fake over HTTP, with the server's body checks:")
	f.Comment("httptest.NewServer(NewFakeHandler()) and point a client at its URL. Its")
	f.Comment("store sees every request: it answers some with Graph's throttling errors")
	f.Comment("when opts include fake.Faults, and logs them all (Store().Requests()).")
	f.Comment("Calls of the Fake's own methods are neither faulted nor logged.")
	f.Comment("It answers JSON batches (POST /$batch, fake.Batch) as Graph does, each")
	f.Comment("request of a batch faulted and logged as one sent alone.")
	f.Func().Id("NewFakeHandler").Params(jen.Id("opts").Op("...").Qual(fakePath, "Option")).Qual("net/http", "Handler").Block(
		jen.Id("f").Op(":=").Id("NewFake").Call(jen.Id("opts").Op("...")),
		jen.Return(jen.Qual(fakePath, "Batch").Call(jen.Qual(implPath, "NewRouter").Types(in.model("Handler")).Call(jen.Id("f"), jen.Id("routes"), jen.Qual(implPath, "Intercept").Call(jen.Id("f").Dot("store"))))),
	)
	f.Line()
	f.Comment("Store returns the fake's store, to fill or inspect.")
	f.Func().Params(jen.Id("f").Op("*").Id("Fake")).Id("Store").Params().Add(store).Block(jen.Return(jen.Id("f").Dot("store")))
	f.Line()
	for _, op := range in.IR.Operations {
		s := in.signatureOf(op)
		body, doc := in.fakeMethod(s)
		f.Commentf("%s %s", op.Name, doc)
		f.Func().Params(jen.Id("f").Op("*").Id("Fake")).Id(op.Name).Params(s.paramList(in)...).Params(s.results()...).Block(body...)
		f.Line()
	}
	fakeOps(f, in.IR.Operations)
	return f
}

// answered reports whether the fake answers an operation with a handler
// or its example (fakeAnswer): actions and functions.
func answered(op *ir.Operation) bool {
	return op.Kind == "action" || op.Kind == "function"
}

// fakeOps declares fakeOps: per action and function its names and its
// documented example response, embedded as a string constant.
func fakeOps(f *jen.File, ops []*ir.Operation) {
	var fields, values []jen.Code
	for _, op := range ops {
		if !answered(op) {
			continue
		}
		fields = append(fields, jen.Id(op.Name).Qual(implPath, "FakeOp"))
		members := []jen.Code{
			jen.Line().Id("Name").Op(":").Lit(op.Name),
			jen.Line().Id("ID").Op(":").Lit(op.ID),
			jen.Line().Id("Method").Op(":").Lit(op.Method),
			jen.Line().Id("Path").Op(":").Lit(op.Path),
		}
		if len(op.Example) > 0 {
			members = append(members, jen.Line().Id("Example").Op(":").Add(stringConst(string(op.Example))))
		}
		members[len(members)-1].(*jen.Statement).Op(",").Line()
		values = append(values, jen.Line().Id(op.Name).Op(":").Qual(implPath, "FakeOp").Values(members...))
	}
	if len(fields) == 0 {
		return
	}
	f.Comment("fakeOps are the fake's actions and functions: the names a test registers")
	f.Comment("a handler under (Store().On), and the example response their documentation")
	f.Comment("gives, which the fake answers with when no handler is registered.")
	values[len(values)-1].(*jen.Statement).Op(",").Line()
	f.Var().Id("fakeOps").Op("=").Struct(fields...).Values(values...)
}

// stringConst renders a string as a raw string literal when it can be one
// (JSON, as json.Marshal writes it, holds no newline), else quoted.
func stringConst(s string) jen.Code {
	if !strings.ContainsAny(s, "`\r\n") && utf8.ValidString(s) {
		return jen.Op("`" + s + "`")
	}
	return jen.Lit(s)
}

// fakeAnswer returns the statements of an action's or function's fake: the
// handler the test registered, else the documented example response, else
// 501 naming the operation (impl.FakeAnswer).
func (in *Input) fakeAnswer(s *signature) (body []jen.Code, doc string) {
	op := s.op
	names := []jen.Code{jen.Lit(op.Name)}
	if op.ID != "" && op.ID != op.Name {
		names = append(names, jen.Lit(op.ID))
	}
	var reqBody jen.Code = jen.Nil()
	if s.body != nil {
		reqBody = jen.Id("body")
	}
	call := jen.Id("f").Dot("store").Dot("Answer").Call(append([]jen.Code{jen.Id("ctx"), reqBody}, names...)...)
	fop := jen.Op("&").Id("fakeOps").Dot(op.Name)
	doc = "answers with the handler registered with Store().On(" + strconv.Quote(op.Name) + ", ...)"
	if len(op.Example) > 0 {
		doc += ", else with the example response its documentation gives."
	} else {
		doc += ", else 501 NotImplemented: its documentation gives no example response."
	}
	if s.result == nil {
		return []jen.Code{
			jen.List(jen.Id("_"), jen.Id("ok"), jen.Err()).Op(":=").Add(call),
			jen.Return(jen.Qual(implPath, "FakeAnswer").Call(fop, jen.Nil(), jen.Id("ok"), jen.Err(), jen.Nil())),
		}, doc
	}
	answer := func(out jen.Code) jen.Code {
		return jen.If(jen.Err().Op(":=").Qual(implPath, "FakeAnswer").Call(fop, jen.Id("b"), jen.Id("ok"), jen.Err(), out), jen.Err().Op("!=").Nil()).Block(jen.Return(zero(s), jen.Err()))
	}
	body = []jen.Code{
		jen.List(jen.Id("b"), jen.Id("ok"), jen.Err()).Op(":=").Add(call),
		jen.Var().Id("out").Add(s.resultVar),
		answer(jen.Op("&").Id("out")),
	}
	switch {
	case s.family != nil:
		return append(body, jen.Return(jen.Id("out").Dot("Value"), jen.Nil())), doc
	case s.pointer:
		return append(body, jen.Return(jen.Op("&").Id("out"), jen.Nil())), doc
	}
	return append(body, jen.Return(jen.Id("out"), jen.Nil())), doc
}

// fakeMethod returns the statements of one operation's fake, and the rest
// of its doc comment.
func (in *Input) fakeMethod(s *signature) (body []jen.Code, doc string) {
	op := s.op
	ret := func(err jen.Code) jen.Code {
		if s.result == nil {
			return jen.Return(err)
		}
		return jen.Return(zero(s), err)
	}
	unimplemented := func(why string) ([]jen.Code, string) {
		return []jen.Code{ret(jen.Qual(implPath, "FakeNotImplemented").Call(jen.Lit(op.Method), jen.Lit(op.Path), jen.Lit(why)))},
			"answers 501 NotImplemented: the fake does not implement " + why + "."
	}
	if strings.HasSuffix(op.Path, "/$ref") {
		return in.fakeRef(s, ret, unimplemented)
	}
	coll, item := op.Path, false
	switch op.Kind {
	case "list", "create":
	case "get":
		if in.referenced(op.Path) {
			// a single-valued navigation set by PUT .../$ref: the object
			// it references
			break
		}
		fallthrough
	case "update", "replace", "delete":
		c, ok := splitKey(op.Path)
		if !ok {
			return unimplemented(op.Kind + " on a path that does not end in a key")
		}
		coll, item = c, true
	case "":
		return unimplemented("an operation of no kind")
	case "action", "function":
		return in.fakeAnswer(s)
	default:
		return unimplemented(op.Kind + "s")
	}
	if !entityCollection(coll) {
		return unimplemented(op.Kind + " on a path that is not an entity collection")
	}
	// the collection's path, and the item's key
	path, key := s.storePath(coll, item)
	store := jen.Id("f").Dot("store")
	req := jen.Qual(implPath, "RequestFrom").Call(jen.Id("ctx"))
	// reply decodes what the store answered into the result
	reply := func(call jen.Code) []jen.Code {
		got := jen.List(jen.Id("b"), jen.Err()).Op(":=").Add(call)
		decode := jen.Qual(implPath, "FakeResult").Call(jen.Id("b"), jen.Err(), jen.Op("&").Id("out"))
		switch {
		case s.result == nil:
			return []jen.Code{jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(call), jen.Return(jen.Err())}
		case s.family != nil:
			return []jen.Code{got, jen.Var().Id("out").Add(s.resultVar), jen.Err().Op("=").Add(decode), jen.Return(jen.Id("out").Dot("Value"), jen.Err())}
		case s.pointer:
			return []jen.Code{got, jen.Var().Id("out").Add(s.resultVar),
				jen.If(jen.Err().Op(":=").Add(decode), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.Return(jen.Op("&").Id("out"), jen.Nil()),
			}
		}
		return []jen.Code{got, jen.Var().Id("out").Add(s.resultVar), jen.Err().Op("=").Add(decode), jen.Return(jen.Id("out"), jen.Err())}
	}
	switch op.Kind {
	case "list":
		top := jen.Lit(0)
		var pre []jen.Code
		if p := queryParam(op, "$top"); s.params && p != nil && !p.Type.Slice && !p.Type.Map && isInteger(p) {
			top = jen.Id("top")
			v := jen.Id("params").Dot(p.GoName)
			if p.Type.Pointer {
				pre = append(pre, jen.Id("top").Op(":=").Lit(0), jen.If(jen.Id("params").Op("!=").Nil().Op("&&").Add(v.Clone()).Op("!=").Nil()).Block(jen.Id("top").Op("=").Int().Call(jen.Op("*").Add(v))))
			} else {
				pre = append(pre, jen.Id("top").Op(":=").Lit(0), jen.If(jen.Id("params").Op("!=").Nil()).Block(jen.Id("top").Op("=").Int().Call(v)))
			}
		}
		if elem := listElem(op); elem != nil {
			// OData queries, typed by the items' struct
			params := jen.Nil()
			if s.params {
				params = jen.Id("params")
			}
			query := store.Clone().Dot("Query").Call(
				jen.Qual(implPath, "RequestFrom").Call(jen.Id("ctx")), path,
				jen.Qual(implPath, "FakeSchema").Types(in.model(elem.Name)).Call(),
				jen.Qual(implPath, "FakeQuery").Call(params))
			return reply(query), "lists the collection a page at a time, answering $filter, $orderby, $select, $search, $top, $skip and $count."
		}
		return append(pre, reply(store.Clone().Dot("List").Call(jen.Qual(implPath, "RequestFrom").Call(jen.Id("ctx")), path, top))...), "lists the collection a page at a time ($top, $skiptoken)."
	case "get":
		if !item {
			return reply(store.Clone().Dot("Ref").Call(path)), "returns the object the navigation references (PUT .../$ref), or 404."
		}
		params, schema := jen.Nil(), jen.Nil()
		if s.params {
			params = jen.Id("params")
		}
		if elem := responseElem(op); elem != nil {
			schema = jen.Qual(implPath, "FakeSchema").Types(in.model(elem.Name)).Call()
		}
		return reply(store.Clone().Dot("GetQuery").Call(req, path, key, schema, jen.Qual(implPath, "FakeQuery").Call(params))),
			"returns the item with $select and $expand (its navigations' contained items and references), or 404."
	case "delete":
		call := store.Clone().Dot("DeleteIf").Call(req, path, key)
		if s.result != nil {
			return []jen.Code{ret(call)}, "removes the item (and what it contains and references), or answers 404, or 412 when If-Match does not match its @odata.etag."
		}
		return []jen.Code{jen.Return(call)}, "removes the item (and what it contains and references), or answers 404, or 412 when If-Match does not match its @odata.etag."
	}
	// create, update, replace: a JSON body
	if op.Body == nil || !op.Body.OnlyJSON || op.Body.Type.Slice || op.Body.Type.Map {
		return unimplemented(op.Kind + " without a JSON request body")
	}
	k := jen.Lit(keyMember(op.Body))
	// called in-process, the fake checks the body as NewHandler would
	var check []jen.Code
	if b := op.Body; b.Struct != nil && !b.Struct.Custom && b.Family == nil {
		check = []jen.Code{jen.If(jen.Err().Op(":=").Qual(implPath, "FakeCheck").Call(jen.Id("ctx"), jen.Id("body"), requiredList(b.Required), jen.Lit(b.Write)), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))}
	}
	switch op.Kind {
	case "create":
		return append(check, reply(store.Clone().Dot("Create").Call(path, k, jen.Id("body")))...), "adds the body to the collection under a new id."
	case "update":
		return append(check, reply(store.Clone().Dot("UpdateIf").Call(req, path, k, key, jen.Id("body")))...), "merges the body's members into the item, or answers 404, or 412 when If-Match does not match its @odata.etag."
	}
	return append(check, reply(store.Clone().Dot("ReplaceIf").Call(req, path, k, key, jen.Id("body")))...), "replaces the item with the body, or answers 404, or 412 when If-Match does not match its @odata.etag."
}

// referenced reports whether a path is a single-valued navigation that
// the API sets by reference: some operation puts path/$ref.
func (in *Input) referenced(path string) bool {
	if !entityCollection(path) {
		return false
	}
	for _, o := range in.IR.Operations {
		if o.Kind == "replace" && o.Path == path+"/$ref" {
			return true
		}
	}
	return false
}

// fakeRef returns the statements of a $ref operation's fake: on
// nav/$ref, create adds a reference (fake.Store.AddRef), replace sets the
// single one (SetRef), list lists them (Refs), delete removes the single
// one; delete on nav/{id}/$ref removes one (RemoveRef).
func (in *Input) fakeRef(s *signature, ret func(jen.Code) jen.Code, unimplemented func(string) ([]jen.Code, string)) ([]jen.Code, string) {
	op := s.op
	nav := strings.TrimSuffix(op.Path, "/$ref")
	keyed := false
	if c, ok := splitKey(nav); ok && op.Kind == "delete" {
		nav, keyed = c, true
	}
	if !entityCollection(nav) {
		return unimplemented("$ref on a path that is not a navigation property")
	}
	path, key := s.storePath(nav, keyed)
	if key == nil {
		key = jen.Lit("")
	}
	store := jen.Id("f").Dot("store")
	var body jen.Code = jen.Nil()
	if s.body != nil {
		body = jen.Id("body")
	}
	target := jen.Qual(implPath, "FakeRef").Call(jen.Id("ctx"), body)
	switch op.Kind {
	case "create":
		return []jen.Code{ret(store.Dot("AddRef").Call(path, target))}, "adds a reference to the object the body's @odata.id names: 404 when it is missing, 400 when it is referenced already."
	case "replace":
		return []jen.Code{ret(store.Dot("SetRef").Call(path, target))}, "makes the navigation reference the object the body's @odata.id names, or answers 404 when it is missing."
	case "delete":
		return []jen.Code{ret(store.Dot("RemoveRef").Call(path, key))}, "removes the reference, or answers 404 when there is none."
	case "list":
		params := jen.Nil()
		if s.params {
			params = jen.Id("params")
		}
		call := store.Dot("Refs").Call(jen.Qual(implPath, "RequestFrom").Call(jen.Id("ctx")), path, jen.Qual(implPath, "FakeQuery").Call(params))
		if s.result == nil {
			return []jen.Code{jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(call), jen.Return(jen.Err())}, "lists the references' @odata.id a page at a time."
		}
		out := []jen.Code{jen.List(jen.Id("b"), jen.Err()).Op(":=").Add(call), jen.Var().Id("out").Add(s.resultVar)}
		decode := jen.Qual(implPath, "FakeResult").Call(jen.Id("b"), jen.Err(), jen.Op("&").Id("out"))
		switch {
		case s.family != nil:
			out = append(out, jen.Err().Op("=").Add(decode), jen.Return(jen.Id("out").Dot("Value"), jen.Err()))
		case s.pointer:
			out = append(out, jen.If(jen.Err().Op(":=").Add(decode), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())), jen.Return(jen.Op("&").Id("out"), jen.Nil()))
		default:
			out = append(out, jen.Err().Op("=").Add(decode), jen.Return(jen.Id("out"), jen.Err()))
		}
		return out, "lists the references' @odata.id a page at a time."
	}
	return unimplemented(op.Kind + " on $ref")
}

// responseElem returns the struct a get answers with (a family's base),
// or nil.
func responseElem(op *ir.Operation) *ir.Type {
	r := op.Response(op.Success)
	switch {
	case r == nil:
		return nil
	case r.Family != nil:
		return r.Family.Base
	case r.Struct != nil && r.Struct.Schema != "":
		return r.Struct
	}
	return nil
}

// listElem returns the struct a list's items are (a family's base for a
// polymorphic collection), or nil when they are not structs.
func listElem(op *ir.Operation) *ir.Type {
	pg := op.Paging
	if pg == nil || pg.Value == nil {
		return nil
	}
	switch v := pg.Value; {
	case v.Family != nil:
		return v.Family.Base
	case v.Struct != nil && v.Struct.Schema != "":
		return v.Struct
	}
	return nil
}

// splitKey splits a path whose last segment is one key placeholder
// (/users/{user-id}) into the collection's path (/users); false for any
// other path.
func splitKey(path string) (string, bool) {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return "", false
	}
	last := path[i+1:]
	if !strings.HasPrefix(last, "{") || !strings.HasSuffix(last, "}") || strings.Count(last, "{") != 1 {
		return "", false
	}
	return path[:i], true
}

// storePath returns the code of a collection's store path (the template
// coll with the operation's path arguments in it, impl.FakePath) and,
// when keyed, of the item's key: the last argument (nil otherwise).
func (s *signature) storePath(coll string, keyed bool) (path, key jen.Code) {
	var values []jen.Code
	for i, a := range s.args {
		if keyed && i == len(s.args)-1 {
			key = jen.Id(a)
		} else {
			values = append(values, jen.Id(a))
		}
	}
	path = jen.Lit(coll)
	if len(values) > 0 {
		path = jen.Qual(implPath, "FakePath").Call(append([]jen.Code{jen.Lit(coll)}, values...)...)
	}
	return path, key
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
