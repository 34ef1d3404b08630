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
// caller's own generated code declares (NewGraphClient...), which types
// must not take either.
type Names struct{ Extra []string }

// fixed are the names oapi-codegen's output declares for the API as a
// whole.
var fixed = []string{
	Client, ClientWithResponses, ClientInterface, ClientOption, "ClientWithResponsesInterface",
	NewClient, NewClientWithResponses, WithHTTPClient, "WithBaseURL", "WithRequestEditorFn",
	"ServerInterface", "ServerInterfaceWrapper", RequestEditorFn, "HttpRequestDoer", "MiddlewareFunc",
	StrictServerInterface, StrictHandlerFunc, StrictMiddlewareFunc, "StrictHTTPServerOptions",
	NewStrictHandler, "NewStrictHandlerWithOptions", StdHTTPServerOptions, "Handler",
	HandlerWithOptions, "HandlerFromMux", "HandlerFromMuxWithBaseURL", "ServeMux",
	"InvalidParamFormatError", "RequiredParamError", "RequiredHeaderError", "UnmarshalingParamError",
	"UnescapedCookieParamError", "TooManyValuesForParamError",
}

// The declarations of oapi-codegen's output that graphdoc's generated code
// calls or fills in.
const (
	// the client: NewClientWithResponses(server, opts...) with
	// WithHTTPClient(doer); a ClientWithResponses holds its Client in the
	// ClientInterface field; a Client has Server, Client (the doer) and
	// RequestEditors
	Client                 = "Client"
	ClientWithResponses    = "ClientWithResponses"
	ClientInterface        = "ClientInterface"
	ClientOption           = "ClientOption"
	NewClient              = "NewClient"
	NewClientWithResponses = "NewClientWithResponses"
	WithHTTPClient         = "WithHTTPClient"
	RequestEditorFn        = "RequestEditorFn"
	ClientServerField      = "Server"
	ClientDoerField        = "Client"
	ClientEditorsField     = "RequestEditors"
	// a ClientWithResponses response: the raw response and body
	ResponseHTTPField = "HTTPResponse"
	ResponseBodyField = "Body"
	// the strict server, served by HandlerWithOptions(NewStrictHandler(ssi,
	// middlewares), StdHTTPServerOptions{BaseRouter, ErrorHandlerFunc})
	StrictServerInterface = "StrictServerInterface"
	StrictHandlerFunc     = "StrictHandlerFunc"
	StrictMiddlewareFunc  = "StrictMiddlewareFunc"
	NewStrictHandler      = "NewStrictHandler"
	HandlerWithOptions    = "HandlerWithOptions"
	StdHTTPServerOptions  = "StdHTTPServerOptions"
	OptionsRouterField    = "BaseRouter"
	OptionsErrorField     = "ErrorHandlerFunc"
)

// perOperation are the suffixes of the types oapi-codegen declares per
// operation.
var perOperation = []string{"Params", "JSONBody", "JSONRequestBody", "Response", "RequestObject", "ResponseObject"}

// Reserved implements ir.Names.
func (n Names) Reserved(doc *openapi3.T, operations []string) []string {
	out := append(append([]string{}, fixed...), n.Extra...)
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

// InlineBody implements ir.Names: <Op>JSONBody.
func (Names) InlineBody(operation string) string { return operation + "JSONBody" }

// SharedParam implements ir.Names: oapi-codegen declares a type per shared
// parameter, named after it (top -> Top).
func (Names) SharedParam(name string) string { return ir.GoName(name) }

// Per-operation names of oapi-codegen's output, for the code graphdoc
// writes around it.

// ParamsType is the struct of an operation's query and header
// parameters.
func ParamsType(op *ir.Operation) string { return op.Name + "Params" }

// RequestBodyType is the alias of an operation's JSON request body type.
func RequestBodyType(op *ir.Operation) string { return op.Name + "JSONRequestBody" }

// ResponseType is the client's parsed response of an operation.
func ResponseType(op *ir.Operation) string { return op.Name + "Response" }

// ResponseField is the field of ResponseType holding a status's JSON body.
func ResponseField(status int) string { return "JSON" + itoa(status) }

// WithResponse is the ClientWithResponses method of an operation.
func WithResponse(op *ir.Operation) string { return op.Name + "WithResponse" }

// RequestObject and ResponseObject are the strict server's request struct
// and response interface of an operation.
func RequestObject(op *ir.Operation) string  { return op.Name + "RequestObject" }
func ResponseObject(op *ir.Operation) string { return op.Name + "ResponseObject" }

// VisitResponse is the method a strict response implements for an
// operation.
func VisitResponse(op *ir.Operation) string { return "Visit" + op.Name + "Response" }

// Fields of the strict request object: the body, the query and header
// parameters, and a path parameter (its Go name).
const (
	RequestBodyField   = "Body"
	RequestParamsField = "Params"
)

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
