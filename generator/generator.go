// Package generator turns an OpenAPI document (graphdoc's canonical spec
// bytes) into the files of one Go package. It builds the IR once (package
// ir: every Go name, field order and type shape), has oapi-codegen write
// the models, client and std-http server from it (package oapi), and
// writes graphdoc's own decoders, validators, polymorphism, server hooks,
// paging iterators and fake with jennifer (package codec).
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

	"github.com/dave/jennifer/jen"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/generator/codec"
	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/generator/oapi"
	"github.com/graphdoc/graphdoc/internal/fsx"
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
// gofmt-clean; the same spec gives the same bytes. A generator bug is an
// error, never an empty or partial file.
func Generate(spec []byte, opts Options) (fsx.Files, error) {
	if !token.IsIdentifier(opts.Package) {
		return nil, fmt.Errorf("generator: %q is not a Go package name; set go.package to a lower-case identifier", opts.Package)
	}
	doc, err := load(spec)
	if err != nil {
		return nil, err
	}
	pkg, err := Build(doc, opts.Package)
	if err != nil {
		return nil, err
	}
	oapi.Prepare(doc, pkg)
	code, err := oapi.Generate(doc, opts.Package, oapi.Parts{Client: opts.has("client"), Server: opts.has("server") || opts.has("fake")})
	if err != nil {
		return nil, fmt.Errorf("generator: %w", err)
	}
	server := opts.has("server") || opts.has("fake")
	in := &codec.Input{Package: opts.Package, IR: pkg, Validators: opts.has("validators") || server}
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
			return nil, fmt.Errorf("generator: render %s (a graphdoc bug; please report it): %w", g.name, err)
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

// load reads a spec into a document of its own (oapi-codegen mutates it).
func load(spec []byte) (*openapi3.T, error) {
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = false
	doc, err := l.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("generator: load spec: %w", err)
	}
	return doc, nil
}

// Build returns the IR of a document for a package of generated code:
// the Go names avoid what oapi-codegen and graphdoc's own generators
// declare.
func Build(doc *openapi3.T, pkg string) (*ir.Package, error) {
	p, err := ir.Build(doc, ir.Options{Package: pkg, Names: oapi.Names{Extra: codec.Reserved}})
	if err != nil {
		return nil, fmt.Errorf("generator: %w", err)
	}
	return p, nil
}
