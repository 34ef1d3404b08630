package spec

import (
	"errors"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/par"
	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/model"
	"github.com/graphdoc/graphdoc/spec/openapi"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
	"github.com/graphdoc/graphdoc/spec/page"
)

// checkExamples validates each operation's example bodies against the
// schemas the spec gives them (request body, or the response for the
// example's status), and reports the ones that do not match as
// example-invalid, at the example's position. Examples holding placeholder
// values ("String") are skipped: placeholder-example already says they
// are not data. The document's references must be resolved (Validate does
// that).
//
// An action's or function's first example response of its success status
// that matches the schema becomes that response's example in the document
// (openapi.SetResponseExample): what a generated fake answers the
// operation with. An invalid one is reported and not written.
func checkExamples(api *model.API, doc *openapi3.T) diag.List {
	// operations are checked on GOMAXPROCS workers; their diagnostics
	// are joined, and their examples written, in operation order
	perOp := make([]diag.List, len(api.Operations))
	examples := make([]any, len(api.Operations))
	par.For(len(api.Operations), func(i int) {
		perOp[i], examples[i] = checkOpExamples(api.Operations[i], doc)
	})
	var out diag.List
	for i, l := range perOp {
		out = append(out, l...)
		if examples[i] != nil {
			op := api.Operations[i]
			openapi.SetResponseExample(doc, op.Method, op.Path, op.Status, examples[i])
		}
	}
	return out
}

// checkOpExamples validates one operation's example bodies. For an action
// or a function it also returns the body of the first valid example
// response of the success status, or nil.
func checkOpExamples(op *model.Operation, doc *openapi3.T) (out diag.List, example any) {
	item := doc.Paths.Value(op.Path)
	if item == nil {
		return nil, nil
	}
	o := item.GetOperation(op.Method)
	if o == nil {
		return nil, nil
	}
	keep := op.Kind == string(ext.KindAction) || op.Kind == string(ext.KindFunction)
	for _, ex := range op.Examples {
		if ex.Body == nil || hasPlaceholder(ex.Body) {
			continue
		}
		var schema *openapi3.Schema
		// the diagnostic words only each error's reason and field
		// (oneLine): kin-openapi's details, the schema and the value as
		// indented JSON, are left out of the messages it builds, which
		// were a third of this check's time on the corpus
		opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.EnableFormatValidation(), openapi3.DisableSchemaErrorDetails()}
		if ex.Request {
			if o.RequestBody == nil || o.RequestBody.Value == nil {
				continue
			}
			if mt := o.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
				schema = mt.Schema.Value
			}
			opts = append(opts, openapi3.VisitAsRequest())
		} else {
			r := o.Responses.Value(strconv.Itoa(ex.Status))
			if r == nil || r.Value == nil {
				continue
			}
			if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
				schema = mt.Schema.Value
			}
			opts = append(opts, openapi3.VisitAsResponse())
		}
		if schema == nil {
			continue
		}
		if err := schema.VisitJSON(ex.Body, opts...); err != nil {
			what := "request"
			if !ex.Request {
				what = "response"
			}
			out.Add(ex.Pos, diag.ExampleInvalid, "example %s of %s %s does not match its schema: %s", what, op.Method, op.Path, firstErrors(err, 3))
			continue
		}
		if keep && example == nil && !ex.Request && ex.Status == op.Status {
			example = ex.Body
		}
	}
	return out, example
}

// firstErrors words at most n of a validation error's parts.
func firstErrors(err error, n int) string {
	var me openapi3.MultiError
	var parts []string
	if errors.As(err, &me) {
		for _, e := range me {
			parts = append(parts, oneLine(e))
		}
	} else {
		parts = []string{oneLine(err)}
	}
	more := ""
	if len(parts) > n {
		more = "; and " + strconv.Itoa(len(parts)-n) + " more"
		parts = parts[:n]
	}
	return strings.Join(parts, "; ") + more
}

// oneLine shortens a kin-openapi schema error to its reason and field.
func oneLine(err error) string {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		field := strings.Join(se.JSONPointer(), ".")
		reason := se.Reason
		// an allOf failure says only that: the inner error says why
		for inner := se; inner.Origin != nil; {
			var next *openapi3.SchemaError
			if !errors.As(inner.Origin, &next) {
				break
			}
			reason = next.Reason
			if p := strings.Join(next.JSONPointer(), "."); len(p) > len(field) {
				field = p // inner errors carry the whole path
			}
			inner = next
		}
		if field == "" {
			return reason
		}
		return field + ": " + reason
	}
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// hasPlaceholder reports whether a decoded example holds a type
// placeholder string anywhere.
func hasPlaceholder(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			if hasPlaceholder(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if hasPlaceholder(e) {
				return true
			}
		}
	case string:
		return page.IsPlaceholder(v)
	}
	return false
}
