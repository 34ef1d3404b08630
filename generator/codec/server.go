package codec

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/generator/oapi"
)

// Handler generates the API's interface: one method per operation, the
// same the client, the fake and a server's handler have, and
// UnimplementedHandler, whose methods all fail with 501, to embed in a
// handler that implements part of the API. It belongs with the models.
func Handler(in *Input) *jen.File {
	f := newFile(in.Package)
	f.Comment("Handler is the API, one method per operation: *Client calls the service,")
	f.Comment("*Fake answers from memory, and NewHandler serves any Handler over HTTP.")
	f.Comment("Path arguments are strings; a list returns its collection page (the")
	f.Comment("client's <Op>All iterates over every page); an error that is a")
	f.Comment("*graphrt.Error carries Graph's status and code.")
	var methods []jen.Code
	for _, op := range in.IR.Operations {
		s := in.signatureOf(op)
		summary := oneLine(op.Summary)
		if summary == "" {
			summary = "calls the operation"
		}
		methods = append(methods,
			jen.Commentf("%s: %s", op.Name, summary),
			jen.Commentf("%s %s", op.Method, op.Path),
			jen.Id(op.Name).Params(s.paramList(in)...).Params(s.results()...),
		)
	}
	f.Type().Id("Handler").Interface(methods...)
	f.Line()
	f.Comment("UnimplementedHandler answers every operation with 501 NotImplemented: embed")
	f.Comment("it in a type that implements some of Handler.")
	f.Type().Id("UnimplementedHandler").Struct()
	f.Line()
	for _, op := range in.IR.Operations {
		s := in.signatureOf(op)
		fail := jen.Qual(implPath, "Unimplemented").Call(jen.Lit(op.Method), jen.Lit(op.Path))
		ret := []jen.Code{fail}
		if s.result != nil {
			ret = []jen.Code{zero(s), fail}
		}
		params := s.paramList(in)
		params[0] = jen.Id("_").Qual("context", "Context")
		for i := 1; i < len(params); i++ {
			params[i] = jen.Id("_").Add(paramType(s, in, i))
		}
		f.Func().Params(jen.Id("UnimplementedHandler")).Id(op.Name).Params(params...).Params(s.results()...).Block(jen.Return(ret...))
	}
	f.Line()
	return f
}

// paramType returns the type of the i-th parameter of a signature (after
// ctx).
func paramType(s *signature, in *Input, i int) jen.Code {
	i--
	if i < len(s.args) {
		return jen.String()
	}
	i -= len(s.args)
	if s.params {
		if i == 0 {
			return jen.Op("*").Add(in.model(oapi.ParamsType(s.op)))
		}
		i--
	}
	return s.body
}

// zero is the zero value of a signature's result.
func zero(s *signature) jen.Code {
	if s.pointer || s.family != nil {
		return jen.Nil()
	}
	r := s.op.Response(s.op.Success)
	if r.Type.Slice || r.Type.Map {
		return jen.Nil()
	}
	return jen.Op("*").New(s.resultVar)
}

// Server generates the server: the route table, one entry per operation,
// each decoding its query and header parameters and its body (415, 413,
// and 400 with every failing field, before the handler runs), calling the
// Handler method and answering with the success status or the error in
// Graph's shape; and NewHandler, which serves a Handler with
// graphrt/impl's router (Graph's path grammar: keys, function arguments,
// OneDrive's root:/path: addressing; 404 and 405 in Graph's shape).
func Server(in *Input) *jen.File {
	f := newFile(in.Package)
	handler := in.model("Handler")
	f.Comment("MaxRequestBodyBytes bounds the JSON request bodies the server reads; a")
	f.Comment("larger body is answered 413 before it is decoded.")
	f.Var().Id("MaxRequestBodyBytes").Int64().Op("=").Lit(4).Op("<<").Lit(20)
	f.Line()
	f.Comment("NewHandler serves h the way Graph answers: request bodies decoded and")
	f.Comment("checked before h sees them, every error in Graph's error shape, unknown")
	f.Comment("paths 404 and wrong methods 405.")
	f.Func().Id("NewHandler").Params(jen.Id("h").Add(handler)).Qual("net/http", "Handler").Block(
		jen.Return(jen.Qual(implPath, "NewRouter").Call(jen.Id("h"), jen.Id("routes"))),
	)
	f.Line()
	var entries []jen.Code
	for _, op := range in.IR.Operations {
		entries = append(entries, in.route(op))
	}
	f.Comment("routes are the operations, in path order.")
	f.Var().Id("routes").Op("=").Index().Qual(implPath, "Route").Index(handler).Values(entries...)
	return f
}

// route returns one operation's entry of the route table.
func (in *Input) route(op *ir.Operation) jen.Code {
	s := in.signatureOf(op)
	handler := in.model("Handler")
	http := func(n string) *jen.Statement { return jen.Qual("net/http", n) }
	fail := func() jen.Code {
		return jen.Block(jen.Qual(implPath, "Reply").Call(jen.Id("w"), jen.Lit(0), jen.Nil(), jen.Err()), jen.Return())
	}
	var stmts []jen.Code
	call := []jen.Code{jen.Id("r").Dot("Context").Call()}
	for i := range s.args {
		call = append(call, jen.Id("args").Index(jen.Lit(i)))
	}
	if s.params {
		stmts = append(stmts,
			jen.Var().Id("params").Add(in.model(oapi.ParamsType(op))),
			jen.If(jen.Err().Op(":=").Qual(implPath, "BindParams").Call(jen.Id("r"), jen.Op("&").Id("params")), jen.Err().Op("!=").Nil()).Add(fail()),
		)
		call = append(call, jen.Op("&").Id("params"))
	}
	if b := op.Body; b != nil {
		required, write := requiredList(b.Required), jen.Lit(b.Write)
		var target, arg jen.Code
		var check jen.Code = jen.Nil()
		switch {
		case b.Family != nil:
			stmts = append(stmts, jen.Var().Id("body").Add(in.model(b.Family.Any)))
			target, arg = jen.Op("&").Id("body"), jen.Id("body").Dot("Value")
			check = jen.Func().Params().Error().Block(
				jen.If(jen.Id("body").Dot("Value").Op("==").Nil()).Block(jen.Return(jen.Qual(implPath, "Required").Call(jen.Lit("")))),
				jen.Return(jen.Qual(implPath, "ValidateRequestBody").Call(jen.Id("body").Dot("Value"), required, write)),
			)
		case b.Type.Slice || b.Type.Map:
			stmts = append(stmts, jen.Var().Id("body").Add(in.goTypeIn(b.Type)))
			target, arg = jen.Op("&").Id("body"), jen.Id("body")
		default:
			elem := b.Type
			elem.Pointer = false
			stmts = append(stmts, jen.Id("body").Op(":=").New(in.goTypeIn(elem)))
			target, arg = jen.Id("body"), jen.Id("body")
			if b.Struct != nil && !b.Struct.Custom {
				check = jen.Func().Params().Error().Block(jen.Return(jen.Qual(implPath, "ValidateRequestBody").Call(jen.Id("body"), required, write)))
			}
		}
		reader := "ReadBody"
		if strings.HasSuffix(op.Path, "/$ref") {
			// the fake reads the @odata.id the body's type has no field for
			reader = "ReadRefBody"
		}
		read := jen.Qual(implPath, reader).Call(jen.Id("r"), jen.Id("MaxRequestBodyBytes"), target, check)
		if b.Optional && b.Family == nil && !b.Type.Slice && !b.Type.Map {
			// a request may leave the body out: the handler gets nil
			stmts = append(stmts, jen.If(jen.Err().Op(":=").Add(read), jen.Qual("errors", "Is").Call(jen.Err(), jen.Qual(implPath, "ErrNoBody"))).Block(
				jen.Id("body").Op("=").Nil(),
			).Else().If(jen.Err().Op("!=").Nil()).Add(fail()))
		} else {
			stmts = append(stmts, jen.If(jen.Err().Op(":=").Add(read), jen.Err().Op("!=").Nil()).Add(fail()))
		}
		call = append(call, arg)
	}
	status := jen.Lit(op.Success)
	if s.result == nil {
		stmts = append(stmts, jen.Qual(implPath, "Reply").Call(jen.Id("w"), status, jen.Nil(), jen.Id("h").Dot(op.Name).Call(call...)))
	} else {
		stmts = append(stmts,
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("h").Dot(op.Name).Call(call...),
			jen.Qual(implPath, "Reply").Call(jen.Id("w"), status, jen.Id("v"), jen.Err()),
		)
	}
	return jen.Values(jen.Dict{
		jen.Id("Method"): jen.Lit(op.Method),
		jen.Id("Path"):   jen.Lit(op.Path),
		jen.Id("ID"):     jen.Lit(op.ID),
		jen.Id("Name"):   jen.Lit(op.Name),
		jen.Id("Serve"): jen.Func().Params(
			jen.Id("h").Add(handler), jen.Id("w").Add(http("ResponseWriter")), jen.Id("r").Op("*").Add(http("Request")), jen.Id("args").Index().String(),
		).Block(stmts...),
	})
}

// requiredList renders a list of member names.
func requiredList(req []string) jen.Code {
	if len(req) == 0 {
		return jen.Nil()
	}
	var items []jen.Code
	for _, r := range req {
		items = append(items, jen.Lit(r))
	}
	return jen.Index().String().Values(items...)
}
