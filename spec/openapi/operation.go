package openapi

import (
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/par"
	"github.com/graphdoc/graphdoc/spec/model"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// queryOptions are the OData system query options as shared parameters,
// shaped as in Microsoft's OpenAPI description of Graph.
var queryOptions = map[string]func() *openapi3.Parameter{
	"$top":  func() *openapi3.Parameter { return queryParam("$top", "Show only the first n items", intSchema(0)) },
	"$skip": func() *openapi3.Parameter { return queryParam("$skip", "Skip the first n items", intSchema(0)) },
	"$search": func() *openapi3.Parameter {
		return queryParam("$search", "Search items by search phrases", PrimitiveSchema("String"))
	},
	"$filter": func() *openapi3.Parameter {
		return queryParam("$filter", "Filter items by property values", PrimitiveSchema("String"))
	},
	"$count": func() *openapi3.Parameter {
		return queryParam("$count", "Include count of items", PrimitiveSchema("Boolean"))
	},
	"$orderby": func() *openapi3.Parameter {
		return listParam("$orderby", "Order items by property values")
	},
	"$select":     func() *openapi3.Parameter { return listParam("$select", "Select properties to be returned") },
	"$expand":     func() *openapi3.Parameter { return listParam("$expand", "Expand related entities") },
	"$format":     func() *openapi3.Parameter { return queryParam("$format", "Response format", PrimitiveSchema("String")) },
	"$skiptoken":  func() *openapi3.Parameter { return queryParam("$skiptoken", "Paging token", PrimitiveSchema("String")) },
	"$deltatoken": func() *openapi3.Parameter { return queryParam("$deltatoken", "Delta token", PrimitiveSchema("String")) },
	"$levels": func() *openapi3.Parameter {
		return queryParam("$levels", "Levels of nested expansion", PrimitiveSchema("String"))
	},
	"$apply": func() *openapi3.Parameter { return queryParam("$apply", "Aggregation", PrimitiveSchema("String")) },
}

func intSchema(min float64) *openapi3.Schema {
	s := PrimitiveSchema("Int32")
	s.Min = &min
	return s
}

func queryParam(name, desc string, s *openapi3.Schema) *openapi3.Parameter {
	return &openapi3.Parameter{Name: name, In: "query", Description: desc, Schema: s.NewRef(), Explode: openapi3.Ptr(false), Style: "form"}
}

func listParam(name, desc string) *openapi3.Parameter {
	arr := &openapi3.Schema{Type: &openapi3.Types{"array"}, UniqueItems: true, Items: PrimitiveSchema("String").NewRef()}
	return queryParam(name, desc, arr)
}

// queryParamName is the component name of an OData query option.
func queryParamName(opt string) string { return strings.TrimPrefix(opt, "$") }

// operations adds the operations to their path items. Each is built on
// GOMAXPROCS workers, with the components it needs collected rather than
// added; they are then added, and the operations placed, in order.
func (b *builder) operations(ops []*model.Operation) {
	built := make([]*openapi3.Operation, len(ops))
	fx := make([]effects, len(ops))
	par.For(len(ops), func(i int) {
		w := *b
		w.fx = &fx[i]
		built[i] = w.operation(ops[i])
	})
	for i, op := range ops {
		for _, q := range fx[i].params {
			b.sharedParam(q)
		}
		for _, s := range fx[i].schemas {
			b.addSchema(s.name, s.ref)
		}
		b.addScopes(op.Permissions)
		if b.tagSet == nil {
			b.tagSet = map[string]bool{}
		}
		b.tagSet[op.Tag] = true
		item := b.doc.Paths.Value(op.Path)
		if item == nil {
			item = &openapi3.PathItem{}
			b.doc.Paths.Set(op.Path, item)
		}
		item.SetOperation(op.Method, built[i])
	}
}

// operation builds one operation.
func (b *builder) operation(op *model.Operation) *openapi3.Operation {
	o := &openapi3.Operation{
		OperationID: op.ID,
		Summary:     op.Summary,
		Description: op.Description,
		Tags:        []string{op.Tag},
		Responses:   openapi3.NewResponses(),
	}
	ext.SetSource(&o.Extensions, op.Source)
	ext.SetKind(&o.Extensions, ext.OpKind(op.Kind))
	for _, p := range op.PathParams {
		o.Parameters = append(o.Parameters, &openapi3.ParameterRef{Value: &openapi3.Parameter{
			Name: p.Name, In: "path", Required: true, Description: p.Description, Schema: typeSchema(p.Type),
		}})
	}
	for _, q := range op.QueryOptions {
		if _, ok := queryOptions[q]; !ok {
			continue
		}
		b.sharedParam(q)
		o.Parameters = append(o.Parameters, &openapi3.ParameterRef{Ref: "#/components/parameters/" + queryParamName(q)})
	}
	have := map[string]bool{}
	for _, q := range op.QueryOptions {
		have[strings.ToLower(q)] = true
	}
	for _, q := range op.QueryParams {
		if have[strings.ToLower(q.Name)] {
			continue
		}
		have[strings.ToLower(q.Name)] = true
		o.Parameters = append(o.Parameters, &openapi3.ParameterRef{Value: &openapi3.Parameter{
			Name: q.Name, In: "query", Required: q.Required, Description: q.Description, Schema: typeSchema(q.Type),
		}})
	}
	for _, h := range op.Headers {
		o.Parameters = append(o.Parameters, &openapi3.ParameterRef{Value: &openapi3.Parameter{
			Name: h.Name, In: "header", Required: h.Required, Description: h.Description, Schema: typeSchema(h.Type),
		}})
	}
	if op.Body != nil {
		o.RequestBody = &openapi3.RequestBodyRef{Value: b.requestBody(op)}
	}
	b.responses(op, o)
	if sec := b.operationSecurity(op.Permissions); sec != nil {
		o.Security = sec
	}
	if rows := op.Permissions.Rows; len(rows) > 0 {
		out := make([]ext.PermissionRow, len(rows))
		for i, r := range rows {
			out[i] = ext.PermissionRow{Kind: r.Kind, Label: r.Label, Value: r.Value, LeastPrivileged: r.Least}
		}
		ext.SetPermissions(&o.Extensions, out)
	}
	if op.Kind == string(ext.KindList) {
		ext.SetPageable(&o.Extensions, ext.Paging{NextLinkName: "@odata.nextLink", OperationName: "listMore"})
	}
	return o
}

// sharedParam adds an OData query option to components.parameters once.
func (b *builder) sharedParam(opt string) {
	if b.fx != nil {
		b.fx.params = append(b.fx.params, opt)
		return
	}
	if b.doc.Components.Parameters == nil {
		b.doc.Components.Parameters = openapi3.ParametersMap{}
	}
	name := queryParamName(opt)
	if _, ok := b.doc.Components.Parameters[name]; !ok {
		b.doc.Components.Parameters[name] = &openapi3.ParameterRef{Value: queryOptions[opt]()}
	}
}

// requestBody builds the body of an operation: a named type, a stream, or
// an object of action parameters.
func (b *builder) requestBody(op *model.Operation) *openapi3.RequestBody {
	var s *openapi3.SchemaRef
	if op.Body.Type != nil {
		s = typeSchema(*op.Body.Type)
	} else {
		obj := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{}}
		for _, p := range op.Body.Params {
			obj.Properties[p.Name] = propertySchema(p)
			if p.Required {
				obj.Required = append(obj.Required, p.Name)
			}
		}
		sort.Strings(obj.Required)
		s = obj.NewRef()
	}
	rb := openapi3.NewRequestBody().WithRequired(true)
	rb.Content = openapi3.NewContentWithSchemaRef(s, []string{op.Body.ContentType})
	// required for this operation only (a create), so not the schema's own
	// required list, which PATCH bodies would break
	ext.SetRequired(&rb.Extensions, op.Body.Required)
	return rb
}

// responses adds the success response and Graph's error response.
func (b *builder) responses(op *model.Operation, o *openapi3.Operation) {
	desc := http.StatusText(op.Status)
	if desc == "" {
		desc = "Success"
	}
	r := openapi3.NewResponse().WithDescription(desc)
	if t := op.Response; t != nil {
		switch {
		case t.Kind == model.RefPrimitive && t.Name == "Stream":
			r.Content = openapi3.NewContentWithSchema(PrimitiveSchema("Stream"), []string{"application/octet-stream"})
		case t.Collection:
			r.Content = openapi3.NewContentWithJSONSchemaRef(b.collectionSchema(*t))
		case (op.Kind == "action" || op.Kind == "function") && (t.Kind == model.RefPrimitive || t.Kind == model.RefInlineEnum || t.Kind == model.RefEnum):
			// an action or function returning a primitive or enum answers
			// {"value": ...}, as OData wraps non-entity results
			r.Content = openapi3.NewContentWithJSONSchema(&openapi3.Schema{
				Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{"value": typeSchema(*t)},
			})
		default:
			r.Content = openapi3.NewContentWithJSONSchemaRef(typeSchema(*t))
		}
	}
	o.Responses.Set(statusKey(op.Status), &openapi3.ResponseRef{Value: r})
	o.Responses.Set("default", &openapi3.ResponseRef{Ref: "#/components/responses/error"})
}

// securityNames are the security scheme names, one per permission kind.
var securityNames = [3]string{"delegatedWork", "delegatedPersonal", "application"}

// operationSecurity lists the scopes per permission kind as alternative
// security requirements.
func (b *builder) operationSecurity(p model.Permissions) *openapi3.SecurityRequirements {
	var reqs openapi3.SecurityRequirements
	for i, scopes := range scopesByKind(p) {
		if len(scopes) > 0 {
			reqs = append(reqs, openapi3.SecurityRequirement{securityNames[i]: scopes})
		}
	}
	if len(reqs) == 0 {
		return nil
	}
	return &reqs
}

// scopesByKind lists an operation's scopes in securityNames order.
func scopesByKind(p model.Permissions) [3][]string {
	return [3][]string{p.DelegatedWork, p.DelegatedPersonal, p.Application}
}

// addScopes records the scopes of an operation's permissions, for the
// security schemes.
func (b *builder) addScopes(p model.Permissions) {
	for i, scopes := range scopesByKind(p) {
		if len(scopes) == 0 {
			continue
		}
		if b.scopes[i] == nil {
			b.scopes[i] = map[string]bool{}
		}
		for _, s := range scopes {
			b.scopes[i][s] = true
		}
	}
}

// security adds one OAuth2 scheme per permission kind that any operation
// uses, with every scope seen.
func (b *builder) security() {
	const authorize = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
	const token = "https://login.microsoftonline.com/common/oauth2/v2.0/token"
	for i, set := range b.scopes {
		if len(set) == 0 {
			continue
		}
		scopes := map[string]string{}
		for s := range set {
			scopes[s] = s
		}
		flows := &openapi3.OAuthFlows{}
		desc := ""
		switch i {
		case 0:
			desc = "Delegated permissions (work or school account)"
			flows.AuthorizationCode = &openapi3.OAuthFlow{AuthorizationURL: authorize, TokenURL: token, Scopes: scopes}
		case 1:
			desc = "Delegated permissions (personal Microsoft account)"
			flows.AuthorizationCode = &openapi3.OAuthFlow{
				AuthorizationURL: strings.Replace(authorize, "/common/", "/consumers/", 1),
				TokenURL:         strings.Replace(token, "/common/", "/consumers/", 1), Scopes: scopes,
			}
		case 2:
			desc = "Application permissions"
			flows.ClientCredentials = &openapi3.OAuthFlow{TokenURL: token, Scopes: scopes}
		}
		if b.doc.Components.SecuritySchemes == nil {
			b.doc.Components.SecuritySchemes = openapi3.SecuritySchemes{}
		}
		b.doc.Components.SecuritySchemes[securityNames[i]] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
			Type: "oauth2", Description: desc, Flows: flows,
		}}
	}
}

// tags lists every operation tag, sorted.
func (b *builder) tags() {
	var names []string
	for t := range b.tagSet {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, n := range names {
		b.doc.Tags = append(b.doc.Tags, &openapi3.Tag{Name: n, Description: "Operations under /" + n})
	}
}

// SetResponseExample writes body as the example of an operation's JSON
// response of a status: the operation's x-graphdoc-example (ext.Example),
// which a generated fake answers the operation with. Not the media type's
// standard example: validators such as Spectral check that with JSON
// Schema rules which Graph's nullable references (nullable beside allOf,
// no type) do not meet, and flag hundreds of valid examples. The caller
// has checked body against the response's schema. An operation, status
// or JSON media type the document does not have is left alone.
func SetResponseExample(doc *openapi3.T, method, path string, status int, body any) {
	if doc.Paths == nil {
		return
	}
	item := doc.Paths.Value(path)
	if item == nil {
		return
	}
	o := item.GetOperation(method)
	if o == nil || o.Responses == nil {
		return
	}
	r := o.Responses.Value(statusKey(status))
	if r == nil || r.Value == nil || r.Value.Content.Get("application/json") == nil {
		return
	}
	ext.SetExample(&o.Extensions, body)
}
