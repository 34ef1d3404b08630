package codec

import (
	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/oapi"
)

// Client generates the client: a Client over graphrt.Client (the base
// URL, the HTTP client with Graph's retries, middleware) with one method
// per operation, each a call to graphrt/impl with the operation's method,
// path template and arguments; per list with a collection page, <Op>All,
// an iterator over every item of every page; per delta function,
// <Op>Changes, a graphrt.Delta; per createUploadSession action, <Op>Upload,
// which makes the session and uploads a file to it. *Client implements
// Handler, so code written against Handler runs against the service, the
// fake or a test double alike.
func Client(in *Input) *jen.File {
	f := newFile(in.Package)
	f.Comment("Client calls the API: one method per operation, the same as Handler's. A")
	f.Comment("failure is a *graphrt.Error (status, code, message, request-id); 429, 503")
	f.Comment("and 504 are retried as graphrt.DefaultRetry says. Per-call headers go in")
	f.Comment("the context (graphrt.WithHeader).")
	f.Type().Id("Client").Struct(jen.Id("rt").Op("*").Qual(rtPath, "Client"))
	f.Line()
	f.Comment("NewClient returns a client for the service at server, such as")
	f.Comment("https://graph.microsoft.com/v1.0; opts set the HTTP client, retries and")
	f.Comment("middleware (graphrt.WithHTTPClient, graphrt.WithRetry, graphrt.WithMiddleware).")
	f.Func().Id("NewClient").Params(jen.Id("server").String(), jen.Id("opts").Op("...").Qual(rtPath, "ClientOption")).Op("*").Id("Client").Block(
		jen.Return(jen.Op("&").Id("Client").Values(jen.Dict{jen.Id("rt"): jen.Qual(rtPath, "NewClient").Call(jen.Id("server"), jen.Id("opts").Op("..."))})),
	)
	f.Line()
	f.Var().Id("_").Add(in.model("Handler")).Op("=").Parens(jen.Op("*").Id("Client")).Parens(jen.Nil())
	f.Line()
	f.Comment("Runtime returns the graphrt.Client the methods send with, for what spans")
	f.Comment("operations: batches (graphrt.NewBatch), delta links saved earlier, and")
	f.Comment("requests of your own (graphrt.Client.Send).")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("Runtime").Params().Op("*").Qual(rtPath, "Client").Block(jen.Return(jen.Id("c").Dot("rt")))
	f.Line()
	for _, op := range in.IR.Operations {
		s := in.signatureOf(op)
		in.clientMethod(f, s)
		if op.Paging != nil && op.Kind == "list" {
			in.listAll(f, s)
		}
		if op.Paging != nil && op.Delta {
			in.deltaChanges(f, s)
		}
		if op.UploadURL != nil {
			in.upload(f, s)
		}
	}
	return f
}

// clientMethod writes one operation's method.
func (in *Input) clientMethod(f *jen.File, s *signature) {
	op := s.op
	var args []jen.Code
	for _, a := range s.args {
		args = append(args, jen.Id(a))
	}
	argv := jen.Nil()
	if len(args) > 0 {
		argv = jen.Index().String().Values(args...)
	}
	params, body := jen.Nil(), jen.Nil()
	if s.params {
		params = jen.Id("params")
	}
	if s.body != nil {
		body = jen.Id("body")
	}
	call := func(out jen.Code) *jen.Statement {
		return jen.Qual(implPath, "Call").Call(jen.Id("ctx"), jen.Id("c").Dot("rt"), jen.Lit(op.Method), jen.Lit(op.Path), argv, params, body, out)
	}
	var stmts []jen.Code
	switch {
	case s.result == nil:
		stmts = append(stmts, jen.Return(call(jen.Nil())))
	case s.family != nil:
		stmts = append(stmts,
			jen.Var().Id("out").Add(s.resultVar),
			jen.Err().Op(":=").Add(call(jen.Op("&").Id("out"))),
			jen.Return(jen.Id("out").Dot("Value"), jen.Err()),
		)
	case s.pointer:
		stmts = append(stmts,
			jen.Var().Id("out").Add(s.resultVar),
			jen.If(jen.Err().Op(":=").Add(call(jen.Op("&").Id("out"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Op("&").Id("out"), jen.Nil()),
		)
	default:
		stmts = append(stmts,
			jen.Var().Id("out").Add(s.resultVar),
			jen.Err().Op(":=").Add(call(jen.Op("&").Id("out"))),
			jen.Return(jen.Id("out"), jen.Err()),
		)
	}
	summary := oneLine(op.Summary)
	if summary == "" {
		summary = "calls the operation"
	}
	f.Commentf("%s: %s", op.Name, summary)
	f.Commentf("%s %s", op.Method, op.Path)
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Name).Params(s.paramList(in)...).Params(s.results()...).Block(stmts...)
	f.Line()
}

// listAll writes <Op>All for a list with collection pages.
func (in *Input) listAll(f *jen.File, s *signature) {
	op, pg := s.op, s.op.Paging
	elem := in.goTypeIn(pg.Elem)
	var sig, args []jen.Code
	for i, p := range s.paramList(in) {
		sig = append(sig, p)
		switch {
		case i == 0:
			args = append(args, jen.Id("ctx"))
		case i <= len(s.args):
			args = append(args, jen.Id(s.args[i-1]))
		default:
			args = append(args, jen.Id("params"))
		}
	}
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
	fail := jen.Return(jen.Nil(), jen.Lit(""), jen.Err())
	f.Commentf("%sAll iterates over every item of %s %s, page by page,", op.Name, op.Method, op.Path)
	f.Commentf("following @odata.nextLink. A failure, a done ctx or a nextLink seen before")
	f.Comment("ends the iteration with one zero item and the error.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Name+"All").Params(sig...).Qual("iter", "Seq2").Types(elem, jen.Error()).Block(
		jen.Return(jen.Qual(rtPath, "Pages").Call(
			jen.Id("ctx"),
			jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(result...).Block(
				jen.List(jen.Id("p"), jen.Err()).Op(":=").Id("c").Dot(op.Name).Call(args...),
				jen.If(jen.Err().Op("!=").Nil()).Block(fail),
				jen.Return(page(jen.Id("p"))),
			),
			jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("link").String()).Params(result...).Block(
				jen.Var().Id("p").Add(in.model(pg.Page.Name)),
				jen.If(jen.Err().Op(":=").Qual(implPath, "NextPage").Call(jen.Id("ctx"), jen.Id("c").Dot("rt"), jen.Id("link"), jen.Op("&").Id("p")), jen.Err().Op("!=").Nil()).Block(fail),
				jen.Return(page(jen.Id("p"))),
			),
		)),
	)
	f.Line()
}

// deltaChanges writes <Op>Changes for a delta function: a graphrt.Delta
// over the items of its pages (a family's items as its Any wrapper, which
// encoding/json can decode).
func (in *Input) deltaChanges(f *jen.File, s *signature) {
	op, pg := s.op, s.op.Paging
	elem, elemName := in.goTypeIn(pg.Elem), pg.Elem.String()
	if pg.Value.Family != nil {
		elem, elemName = in.model(pg.Value.Family.Any), pg.Value.Family.Any
	}
	var sig, args []jen.Code
	for _, a := range s.args {
		sig = append(sig, jen.Id(a).String())
		args = append(args, jen.Id(a))
	}
	argv, params := jen.Nil(), jen.Nil()
	if len(args) > 0 {
		argv = jen.Index().String().Values(args...)
	}
	if s.params {
		sig = append(sig, jen.Id("params").Op("*").Add(in.model(oapi.ParamsType(op))))
		params = jen.Id("params")
	}
	f.Commentf("%sChanges reads the delta query", op.Name)
	f.Commentf("%s %s.", op.Method, op.Path)
	f.Comment("Ranging over its Changes(ctx) yields every item the first time, and then")
	f.Comment("what changed since the last round (removed items with Removed and Reason")
	f.Comment("set), following @odata.nextLink up to the @odata.deltaLink, which")
	f.Comment("DeltaLink() returns. To go on from a deltaLink saved earlier, use")
	f.Commentf("graphrt.ResumeDelta[%s](c.Runtime(), saved).", elemName)
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Name+"Changes").Params(sig...).Op("*").Qual(rtPath, "Delta").Types(elem).Block(
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Qual(implPath, "NewRequest").Call(
			jen.Qual("context", "Background").Call(), jen.Id("c").Dot("rt"), jen.Lit(op.Method), jen.Lit(op.Path), argv, params, jen.Nil()),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual(rtPath, "FailedDelta").Types(elem).Call(jen.Err()))),
		jen.Return(jen.Qual(rtPath, "NewDelta").Types(elem).Call(jen.Id("c").Dot("rt"), jen.Id("req"))),
	)
	f.Line()
}

// upload writes <Op>Upload for a createUploadSession action: it makes
// the session and uploads a file to its upload URL (graphrt.Client.Upload).
func (in *Input) upload(f *jen.File, s *signature) {
	op, field := s.op, s.op.UploadURL
	used := map[string]bool{"ctx": true, "params": true, "body": true, "c": true}
	for _, a := range s.args {
		used[a] = true
	}
	name := func(n string) string {
		for base, i := n, 2; used[n]; i++ {
			n = base + itoa(i)
		}
		used[n] = true
		return n
	}
	content, size, out, opts, sess := name("content"), name("size"), name("out"), name("opts"), name("session")
	sig := s.paramList(in)
	var args []jen.Code
	for i := range sig {
		switch {
		case i == 0:
			args = append(args, jen.Id("ctx"))
		case i <= len(s.args):
			args = append(args, jen.Id(s.args[i-1]))
		case s.params && i == len(s.args)+1:
			args = append(args, jen.Id("params"))
		default:
			args = append(args, jen.Id("body"))
		}
	}
	sig = append(sig, jen.Id(content).Qual("io", "Reader"), jen.Id(size).Int64(), jen.Id(out).Any(), jen.Id(opts).Op("*").Qual(rtPath, "UploadOptions"))
	url := jen.Id(sess).Dot(field.Name)
	empty := url.Clone().Op("==").Lit("")
	if field.Type.Pointer {
		empty = url.Clone().Op("==").Nil().Op("||").Op("*").Add(url.Clone()).Op("==").Lit("")
		url = jen.Op("*").Add(url)
	}
	f.Commentf("%sUpload makes an upload session with", op.Name)
	f.Commentf("%s %s", op.Method, op.Path)
	f.Commentf("and uploads %s bytes of %s to it in ranges (see graphrt.Client.Upload:", size, content)
	f.Comment("chunk size, progress, resuming after a failed range, cancellation). The")
	f.Commentf("final response, the item made, is decoded into %s unless it is nil.", out)
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Name+"Upload").Params(sig...).Error().Block(
		jen.List(jen.Id(sess), jen.Err()).Op(":=").Id("c").Dot(op.Name).Call(args...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(empty).Block(jen.Return(jen.Qual("errors", "New").Call(jen.Lit("graph: "+op.Name+" answered an upload session without uploadUrl")))),
		jen.Return(jen.Id("c").Dot("rt").Dot("Upload").Call(jen.Id("ctx"), url, jen.Id(content), jen.Id(size), jen.Id(out), jen.Id(opts))),
	)
	f.Line()
}
