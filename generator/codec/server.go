package codec

import (
	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/oapi"
)

// Server generates the hooks graphdoc's strict-server template calls:
// decodeJSONBody (impl.DecodeJSONBody with the package's
// MaxRequestBodyBytes) and the request and response error writers, which
// answer in Graph's error shape. What every package would share is in
// graphrt/impl, not generated.
func Server(in *Input) *jen.File {
	f := newFile(in.Package)
	f.Comment("MaxRequestBodyBytes bounds the JSON request bodies the server reads; a")
	f.Comment("larger body is answered 413 before it is decoded.")
	f.Var().Id("MaxRequestBodyBytes").Int64().Op("=").Lit(4).Op("<<").Lit(20)
	f.Line()
	f.Comment("decodeJSONBody reads a JSON request body into v with graphdoc's decoder,")
	f.Comment("bounded by MaxRequestBodyBytes (see impl.DecodeJSONBody): the strict handler")
	f.Comment("calls it by this name.")
	f.Func().Id("decodeJSONBody").Params(jen.Id("r").Op("*").Qual("net/http", "Request"), jen.Id("v").Any()).Error().Block(
		jen.Return(jen.Qual(implPath, "DecodeJSONBody").Call(jen.Id("r"), jen.Id("MaxRequestBodyBytes"), jen.Id("v"))),
	)
	f.Line()
	f.Comment("WriteRequestError answers a request the server cannot accept (a body that")
	f.Comment("does not decode or validate, a bad parameter) in Graph's error shape,")
	f.Comment(`{"error":{"code":"BadRequest","message":"..."}}: 400, or 413/415 for a body`)
	f.Comment("too large or not JSON.")
	f.Func().Id("WriteRequestError").Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("_").Op("*").Qual("net/http", "Request"), jen.Err().Error()).Block(
		jen.Qual(rtPath, "WriteRequestError").Call(jen.Id("w"), jen.Err()),
	)
	f.Line()
	f.Comment("WriteResponseError answers a handler failure with 500 and Graph's error shape.")
	f.Func().Id("WriteResponseError").Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("_").Op("*").Qual("net/http", "Request"), jen.Err().Error()).Block(
		jen.Qual(rtPath, "WriteError").Call(jen.Id("w"), jen.Qual("net/http", "StatusInternalServerError"), jen.Qual(rtPath, "CodeInternalServerError"), jen.Err().Dot("Error").Call()),
	)
	f.Line()
	{
		f.Comment("NewGraphHandler serves ssi the way Graph answers: every error in Graph's")
		f.Comment("error shape, unknown paths 404, wrong methods 405, bodies checked before")
		f.Comment("ssi sees them (415 for a non-JSON body, 413 over MaxRequestBodyBytes, 400")
		f.Comment("with every failing field otherwise).")
		f.Func().Id("NewGraphHandler").Params(jen.Id("ssi").Id(oapi.StrictServerInterface), jen.Id("middlewares").Op("...").Id(oapi.StrictMiddlewareFunc)).Qual("net/http", "Handler").Block(
			jen.Id("mux").Op(":=").Qual("net/http", "NewServeMux").Call(),
			jen.Id(oapi.HandlerWithOptions).Call(jen.Id(oapi.NewStrictHandler).Call(jen.Id("ssi"), jen.Id("middlewares")), jen.Id(oapi.StdHTTPServerOptions).Values(jen.Dict{
				jen.Id(oapi.OptionsRouterField): jen.Id("mux"),
				jen.Id(oapi.OptionsErrorField):  jen.Id("WriteRequestError"),
			})),
			jen.Return(jen.Qual(implPath, "Routes").Call(jen.Id("mux"))),
		)
	}
	return f
}
