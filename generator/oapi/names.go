package oapi

import (
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/generator/ir"
)

// Everything graphdoc knows of oapi-codegen's naming is in this file:
// the names it gives its own declarations, derived from an operation's Go
// name (which Prepare makes the operationId, so that oapi-codegen's
// camel-casing leaves it as it is).

// Names implements ir.Names for oapi-codegen. Extra are more names the
// caller's own generated code declares (Client, Handler, NewFake...), which types
// must not take either.
type Names struct{ Extra []string }

// perOperation are the suffixes of the types oapi-codegen declares per
// operation. It writes only the models (oapi.Generate), so it declares
// nothing for the API as a whole.
var perOperation = []string{"Params", "JSONBody", "JSONRequestBody"}

// Reserved implements ir.Names.
func (n Names) Reserved(doc *openapi3.T, operations []string) []string {
	out := append([]string{}, n.Extra...)
	// a type per shared parameter and response
	for name := range doc.Components.Parameters {
		out = append(out, ir.GoName(name))
	}
	for name := range doc.Components.Responses {
		out = append(out, ir.GoName(name))
	}
	for _, op := range operations {
		for _, s := range perOperation {
			out = append(out, op+s)
		}
	}
	sort.Strings(out)
	return out
}

// InlineBody implements ir.Names: <Op>Body (a component of its own, so
// that oapi-codegen writes it as a model).
func (Names) InlineBody(operation string) string { return operation + "Body" }

// SharedParam implements ir.Names: oapi-codegen declares a type per shared
// parameter, named after it (top -> Top).
func (Names) SharedParam(name string) string { return ir.GoName(name) }

// ParamsType is the struct of an operation's query and header
// parameters (oapi-codegen's <Op>Params).
func ParamsType(op *ir.Operation) string { return op.Name + "Params" }
