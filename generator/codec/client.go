package codec

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/generator/oapi"
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
	f.Func().Id("NewGraphClient").Params(jen.Id("server").String(), jen.Id("opts").Op("...").Id(oapi.ClientOption)).Params(jen.Op("*").Id(oapi.ClientWithResponses), jen.Error()).Block(
		jen.Id("doer").Op(":=").Qual(rtPath, "NewDoer").Call(jen.Qual("net/http", "DefaultClient"), jen.Qual(rtPath, "DefaultRetry")),
		jen.Return(jen.Id(oapi.NewClientWithResponses).Call(jen.Id("server"), jen.Append(
			jen.Index().Id(oapi.ClientOption).Values(jen.Id(oapi.WithHTTPClient).Call(jen.Id("doer"))), jen.Id("opts").Op("..."),
		).Op("..."))),
	)
	f.Line()
	methods := map[string]bool{}
	for _, op := range in.IR.Operations {
		methods[op.Name] = true
		methods[oapi.WithResponse(op)] = true
	}
	n := 0
	for _, op := range in.IR.Operations {
		if op.Kind != "list" || op.Paging == nil || methods[op.Name+"All"] || !pageable(op.Paging) {
			continue
		}
		listAll(f, op)
		n++
	}
	if n > 0 {
		in.nextPage(f)
	}
	in.newBody(f)
	return f
}

// pageable reports whether a page's items can be iterated: a page struct,
// or an inline page of named items, a family's members, strings or
// booleans.
func pageable(pg *ir.Paging) bool {
	if pg.Page != nil {
		return true
	}
	e := pg.Elem.Elem
	return e.Local || e == (ir.Ident{Name: "string"}) || e == (ir.Ident{Name: "bool"})
}

// pageType is the type a next page is decoded into: the page struct, or
// for an inline one a struct of its two members.
func pageType(pg *ir.Paging) jen.Code {
	if pg.Page != nil {
		return jen.Id(pg.Page.Name)
	}
	member := func(fl *ir.Field) jen.Code {
		return jen.Id(fl.Name).Add(goType(fl.Type)).Tag(map[string]string{"json": fl.JSON + ",omitempty"})
	}
	return jen.Struct(member(pg.Value), member(pg.Next))
}

// listAll writes <Op>All for a list operation.
func listAll(f *jen.File, op *ir.Operation) {
	pg := op.Paging
	name := op.Name + "All"
	var sig, args []jen.Code
	sig = append(sig, jen.Id("ctx").Qual("context", "Context"))
	args = append(args, jen.Id("ctx"))
	for _, p := range op.PathParams {
		sig = append(sig, jen.Id(ir.ParamName(p.GoName)).Add(goType(p.Type)))
		args = append(args, jen.Id(ir.ParamName(p.GoName)))
	}
	if len(op.QueryParams)+len(op.Headers) > 0 {
		sig = append(sig, jen.Id("params").Op("*").Id(oapi.ParamsType(op)))
		args = append(args, jen.Id("params"))
	}
	sig = append(sig, jen.Id("reqEditors").Op("...").Id(oapi.RequestEditorFn))
	args = append(args, jen.Id("reqEditors").Op("..."))

	elem := goType(pg.Elem)
	page := func(v *jen.Statement) *jen.Statement {
		value, next := v.Clone().Dot(pg.Value.Name), v.Clone().Dot(pg.Next.Name)
		if !pg.Value.Type.Pointer {
			value = jen.Op("&").Add(value)
		}
		if !pg.Next.Type.Pointer {
			next = jen.Op("&").Add(next)
		}
		return jen.Qual(implPath, "PageOf").Call(value, next)
	}
	result := []jen.Code{jen.Index().Add(elem), jen.String(), jen.Error()}
	fail := func(err jen.Code) jen.Code { return jen.Return(jen.Nil(), jen.Lit(""), err) }

	summary := ""
	if op.Summary != "" {
		summary = " (" + oneLine(op.Summary) + ")"
	}
	json200 := oapi.ResponseField(200)
	f.Commentf("%s iterates over every item of", name)
	f.Commentf("%s %s%s, page by page.", op.Method, op.Path, summary)
	f.Commentf("The first page comes from %s;", oapi.WithResponse(op))
	f.Comment("the next ones are GETs of each @odata.nextLink, sent with the same doer and")
	f.Comment("request editors. A failure, a done ctx or a nextLink seen before ends the")
	f.Comment("iteration with one zero item and the error (a non-2xx page is a")
	f.Comment("*graphrt.Error).")
	f.Func().Params(jen.Id("c").Op("*").Id(oapi.ClientWithResponses)).Id(name).Params(sig...).Qual("iter", "Seq2").Types(goType(pg.Elem), jen.Error()).Block(
		jen.Return(jen.Qual(rtPath, "Pages").Call(
			jen.Id("ctx"),
			jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(result...).Block(
				jen.List(jen.Id("rsp"), jen.Err()).Op(":=").Id("c").Dot(oapi.WithResponse(op)).Call(args...),
				jen.If(jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
				jen.If(jen.Id("rsp").Dot(json200).Op("==").Nil()).Block(
					fail(jen.Qual(implPath, "UnexpectedResponse").Call(jen.Id("rsp").Dot(oapi.ResponseHTTPField), jen.Id("rsp").Dot(oapi.ResponseBodyField))),
				),
				jen.Return(page(jen.Id("rsp").Dot(json200))),
			),
			jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("link").String()).Params(result...).Block(
				jen.Var().Id("p").Add(pageType(pg)),
				jen.If(jen.Err().Op(":=").Id("c").Dot("nextPage").Call(jen.Id("ctx"), jen.Id("link"), jen.Op("&").Id("p"), jen.Id("reqEditors")), jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
				jen.Return(page(jen.Id("p"))),
			),
		)),
	)
	f.Line()
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
	f.Func().Params(jen.Id("c").Op("*").Id(oapi.ClientWithResponses)).Id("nextPage").Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("link").String(), jen.Id("v").Any(), jen.Id("reqEditors").Index().Id(oapi.RequestEditorFn),
	).Error().Block(
		jen.List(jen.Id("cl"), jen.Id("ok")).Op(":=").Id("c").Dot(oapi.ClientInterface).Assert(jen.Op("*").Id(oapi.Client)),
		jen.If(jen.Op("!").Id("ok")).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%s: cannot follow @odata.nextLink: the client is a %%T, not a *Client", in.Package)), jen.Id("c").Dot(oapi.ClientInterface))),
		),
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Qual(implPath, "NextPageRequest").Call(jen.Id("ctx"), jen.Id("cl").Dot(oapi.ClientServerField), jen.Id("link")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		edit(jen.Id("cl").Dot(oapi.ClientEditorsField)),
		edit(jen.Id("reqEditors")),
		jen.List(jen.Id("rsp"), jen.Err()).Op(":=").Id("cl").Dot(oapi.ClientDoerField).Dot("Do").Call(jen.Id("req")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Qual(implPath, "DecodeResponse").Call(jen.Id("rsp"), jen.Id("v"))),
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
