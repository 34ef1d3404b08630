package codec

import (
	"github.com/dave/jennifer/jen"
)

// Server generates the hooks graphdoc's strict-server template calls:
// decodeJSONBody (decode with the generated decoders), validateBody (run
// Validate before the handler) and the request and response error writers,
// which answer in Graph's error shape.
func Server(in *Input) *jen.File {
	f := newFile(in.Package)
	f.Comment("decodeJSONBody reads a JSON request body into v with graphdoc's decoder. An")
	f.Comment("empty body is io.EOF, so that optional bodies can be left out.")
	f.Func().Id("decodeJSONBody").Params(jen.Id("r").Op("*").Qual("net/http", "Request"), jen.Id("v").Any()).Error().Block(
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("io", "ReadAll").Call(jen.Id("r").Dot("Body")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("cannot read request body: %w"), jen.Err())),
		),
		jen.If(jen.Len(jen.Qual("bytes", "TrimSpace").Call(jen.Id("data"))).Op("==").Lit(0)).Block(
			jen.Return(jen.Qual("io", "EOF")),
		),
		jen.If(jen.List(jen.Id("u"), jen.Id("ok")).Op(":=").Id("v").Assert(jen.Qual("encoding/json", "Unmarshaler")), jen.Id("ok")).Block(
			jen.Err().Op(":=").Id("u").Dot("UnmarshalJSON").Call(jen.Id("data")),
			jen.Var().Id("fields").Op("*").Qual(rtPath, "ValidationError"),
			jen.If(jen.Err().Op("!=").Nil().Op("&&").Op("!").Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("fields"))).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("invalid request body: %w"), jen.Err())),
			),
			jen.Return(jen.Err()),
		),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("invalid request body: %w"), jen.Err())),
		),
		jen.Return(jen.Nil()),
	)
	f.Line()
	f.Comment("validateBody runs the body's Validate method, if it has one.")
	f.Func().Id("validateBody").Params(jen.Id("v").Any()).Error().Block(
		jen.If(jen.List(jen.Id("x"), jen.Id("ok")).Op(":=").Id("v").Assert(jen.Interface(jen.Id("Validate").Params().Error())), jen.Id("ok")).Block(
			jen.Return(jen.Id("x").Dot("Validate").Call()),
		),
		jen.Return(jen.Nil()),
	)
	f.Line()
	f.Comment("WriteRequestError answers a request the server cannot accept (a body that")
	f.Comment("does not decode or validate, a bad parameter) with 400 and Graph's error")
	f.Comment(`shape, {"error":{"code":"BadRequest","message":"..."}}.`)
	f.Func().Id("WriteRequestError").Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("_").Op("*").Qual("net/http", "Request"), jen.Err().Error()).Block(
		jen.Qual(rtPath, "WriteError").Call(jen.Id("w"), jen.Qual("net/http", "StatusBadRequest"), jen.Qual(rtPath, "CodeBadRequest"), jen.Err().Dot("Error").Call()),
	)
	f.Line()
	f.Comment("WriteResponseError answers a handler failure with 500 and Graph's error shape.")
	f.Func().Id("WriteResponseError").Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("_").Op("*").Qual("net/http", "Request"), jen.Err().Error()).Block(
		jen.Qual(rtPath, "WriteError").Call(jen.Id("w"), jen.Qual("net/http", "StatusInternalServerError"), jen.Qual(rtPath, "CodeInternalServerError"), jen.Err().Dot("Error").Call()),
	)
	return f
}
