// Package generator turns an OpenAPI document (graphdoc's canonical spec
// bytes) into the files of one Go package: models, client and std-http
// server from oapi-codegen (package oapi), and graphdoc's own decoders,
// validators and server hooks written with jennifer (package codec).
//
// Generate reads only the spec; it does no file I/O. The caller writes the
// returned files (internal/fsx does it all-or-nothing).
package generator

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"slices"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/graphdoc/graphdoc/generator/codec"
	"github.com/graphdoc/graphdoc/generator/goast"
	"github.com/graphdoc/graphdoc/generator/oapi"
	"github.com/graphdoc/graphdoc/internal/fsx"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// Options say what to generate.
type Options struct {
	// Package is the Go package name.
	Package string
	// Parts are the parts to generate: models, client, server, validators,
	// fake (nil means all). Models are always generated; a server brings
	// its request validation, and a fake needs the server.
	Parts []string
}

// has reports whether a part is selected.
func (o Options) has(part string) bool {
	return len(o.Parts) == 0 || slices.Contains(o.Parts, part)
}

// Generate returns the generated files, paths relative to the package
// folder, sorted. Every file starts with graphdoc's header and is
// gofmt-clean; the same spec gives the same bytes.
func Generate(spec []byte, opts Options) (fsx.Files, error) {
	if !token.IsIdentifier(opts.Package) {
		return nil, fmt.Errorf("generator: %q is not a Go package name; set go.package to a lower-case identifier", opts.Package)
	}
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = false
	doc, err := l.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("generator: load spec: %w", err)
	}
	sp := shape(doc)
	bodies := inlineBodies(doc)
	ops := operationBodies(doc)
	ids := map[string]string{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids[codegen.ToCamelCase(op.OperationID)] = op.OperationID
		}
	}
	code, err := oapi.Generate(doc, opts.Package, oapi.Parts{Client: opts.has("client"), Server: opts.has("server") || opts.has("fake")})
	if err != nil {
		return nil, fmt.Errorf("generator: %w", err)
	}
	pkg, err := goast.Parse(code)
	if err != nil {
		return nil, err
	}
	for name, s := range bodies {
		if _, ok := pkg.Structs[name]; ok {
			sp.Structs[name] = s
		}
	}
	server := opts.has("server") || opts.has("fake")
	in := &codec.Input{Package: opts.Package, Go: pkg, Spec: sp, Bodies: ops, OperationIDs: ids, Validators: opts.has("validators") || server}
	files := fsx.Files{{Path: "api.gen.go", Data: []byte(code)}}
	for _, g := range []struct {
		name string
		on   bool
		file func(*codec.Input) *jen.File
	}{
		{"decode.gen.go", true, codec.Decoders},
		{"poly.gen.go", true, codec.Polymorphism},
		{"validate.gen.go", in.Validators, codec.Validators},
		{"server.gen.go", server, codec.Server},
		{"client.gen.go", opts.has("client"), codec.Client},
		{"fake.gen.go", opts.has("fake"), codec.Fake},
	} {
		if !g.on {
			continue
		}
		var b bytes.Buffer
		if err := g.file(in).Render(&b); err != nil {
			return nil, fmt.Errorf("generator: render %s: %w", g.name, err)
		}
		files = append(files, fsx.File{Path: g.name, Data: b.Bytes()})
	}
	for i, f := range files {
		src, err := format.Source(f.Data)
		if err != nil {
			return nil, fmt.Errorf("generator: %s does not format (a graphdoc bug; please report it): %w", f.Path, err)
		}
		if !bytes.HasPrefix(src, []byte(fsx.Header+"\n")) {
			return nil, fmt.Errorf("generator: %s does not start with the generated-code header (a graphdoc bug)", f.Path)
		}
		files[i].Data = src
	}
	files.Sort()
	return files, nil
}

// nameSchemas chooses every component schema's Go name: its short name
// (microsoft.graph.userPFXCertificate -> UserPFXCertificate), qualified by
// its namespace when two schemas share a short name or the name is taken.
func nameSchemas(doc *openapi3.T) map[string]string {
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	count := map[string]int{}
	for _, n := range names {
		count[strings.ToLower(goShort(n))]++
	}
	out := map[string]string{}
	used := map[string]bool{}
	// oapi-codegen also writes a type per shared parameter and response
	taken := map[string]bool{}
	for n := range doc.Components.Parameters {
		taken[codegen.ToCamelCase(n)] = true
	}
	for n := range doc.Components.Responses {
		taken[codegen.ToCamelCase(n)] = true
	}
	// and types named after each operation
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			o := codegen.ToCamelCase(op.OperationID)
			for _, suffix := range []string{"Params", "JSONBody", "JSONRequestBody", "Response", "RequestObject", "ResponseObject"} {
				taken[o+suffix] = true
			}
		}
	}
	for _, n := range names {
		g := goShort(n)
		if count[strings.ToLower(g)] > 1 || reserved[g] || taken[g] {
			g = qualifiedGoName(n)
		}
		for base, i := g, 2; used[strings.ToLower(g)]; i++ {
			g = fmt.Sprintf("%s%d", base, i)
		}
		used[strings.ToLower(g)] = true
		out[n] = g
	}
	return out
}

// qualifiedGoName names a schema whose short name is taken: the
// namespace's last part goes first (microsoft.graph.ediscovery.case ->
// EdiscoveryCase), and "Graph" for microsoft.graph itself.
func qualifiedGoName(name string) string {
	ns, short := "", name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		ns, short = name[:i], name[i+1:]
	}
	prefix := "Graph"
	if ns != "microsoft.graph" && ns != "" {
		prefix = ns[strings.LastIndexByte(ns, '.')+1:]
	}
	return codegen.ToCamelCase(prefix) + codegen.ToCamelCase(short)
}

// reserved are names oapi-codegen's own output uses.
var reserved = map[string]bool{
	"NewGraphClient": true, "NewFakeHandler": true, "FakeOption": true, "NewGraphHandler": true, "MaxRequestBodyBytes": true,
	"Client": true, "ClientWithResponses": true, "ClientInterface": true, "ClientOption": true,
	"ServerInterface": true, "ServerInterfaceWrapper": true, "Error": true, "RequestEditorFn": true,
	"HttpRequestDoer": true, "MiddlewareFunc": true, "StrictServerInterface": true, "ServeMux": true,
}

// goShort is the Go name of a schema's short name.
func goShort(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return codegen.ToCamelCase(name)
}

// inlineBodies maps the Go struct oapi-codegen writes for each inline JSON
// request body (<OperationId>JSONBody) to its schema.
func inlineBodies(doc *openapi3.T) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Ref != "" || mt.Schema.Value == nil {
				continue
			}
			out[codegen.ToCamelCase(op.OperationID)+"JSONBody"] = mt.Schema.Value
		}
	}
	return out
}

// operationBodies describes each operation's JSON request body, keyed by
// oapi-codegen's Go name for the operation.
func operationBodies(doc *openapi3.T) map[string]codec.Body {
	out := map[string]codec.Body{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil || op.RequestBody.Value.Content.Get("application/json") == nil {
				continue
			}
			b := codec.Body{Required: ext.Required(op.RequestBody.Value.Extensions)}
			switch ext.Kind(op.Extensions) {
			case ext.KindCreate, ext.KindUpdate, ext.KindReplace:
				b.Write = true
			}
			out[codegen.ToCamelCase(op.OperationID)] = b
		}
	}
	return out
}
