package codec

import (
	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/oapi"
)

// newBody writes NewBody, which maps an operation and a status to a new
// value of the Go type of its JSON body: what the documented examples are
// decoded into in tests, and what a user needs to decode a body by hand.
func (in *Input) newBody(f *jen.File) {
	var cases []jen.Code
	for _, op := range in.IR.Operations {
		var inner []jen.Code
		// an inline body's <Op>JSONRequestBody is a type of its own,
		// without the body struct's decoder: it has no case
		if op.Body != nil && (op.Body.Struct == nil || op.Body.Struct.Schema != "") {
			inner = append(inner, jen.Case(jen.Lit(0)).Block(jen.Return(jen.New(jen.Id(oapi.RequestBodyType(op))))))
		}
		for _, r := range op.Responses {
			if r.Inline || r.Type.Slice || r.Type.Map {
				continue // an anonymous struct has no name to make one of
			}
			inner = append(inner, jen.Case(jen.Lit(r.Status)).Block(jen.Return(jen.New(ident(r.Type.Elem)))))
		}
		if len(inner) == 0 {
			continue
		}
		cases = append(cases, jen.Case(jen.Lit(op.ID)).Block(jen.Switch(jen.Id("status")).Block(inner...)))
	}
	if len(cases) == 0 {
		return
	}
	f.Comment("NewBody returns a new value of the Go type of an operation's JSON body,")
	f.Comment("named by operationId: its request body for status 0, else its response for")
	f.Comment("the status. It returns nil when the operation has no such body.")
	f.Func().Id("NewBody").Params(jen.Id("operationID").String(), jen.Id("status").Int()).Any().Block(
		jen.Switch(jen.Id("operationID")).Block(cases...),
		jen.Return(jen.Nil()),
	)
	f.Line()
}
