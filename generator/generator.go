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
	"encoding/json"
	"fmt"
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
	// Layout is "single" (one package), "split" (models in the package,
	// the client in its sub-package client, the router and the fake in
	// server), or "" (split for more than SplitAbove operations).
	Layout string
	// ImportPath is the Go import path of the package's folder, which the
	// split layout's sub-packages import the models by.
	ImportPath string
}

// SplitAbove is the number of operations above which the default layout
// is split: the models, the client and the server then compile in
// parallel, and a user who needs only the models compiles only those.
const SplitAbove = 200

// has reports whether a part is selected.
func (o Options) has(part string) bool {
	return len(o.Parts) == 0 || slices.Contains(o.Parts, part)
}

// Generate returns the generated files, paths relative to the package
// folder, sorted. Every file starts with graphdoc's header and is
// gofmt-clean (each is formatted once, by the tool that writes it); the
// same spec gives the same bytes. A generator bug is an error, never an
// empty or partial file.
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
	code, err := oapi.Generate(doc, opts.Package)
	if err != nil {
		return nil, fmt.Errorf("generator: %w", err)
	}
	split := opts.Layout == "split" || (opts.Layout == "" && len(pkg.Operations) > SplitAbove)
	if split && opts.ImportPath == "" {
		return nil, fmt.Errorf("generator: the split layout (%d operations) needs the import path of the package's folder: generate inside a Go module (go.mod), or set go.layout: single", len(pkg.Operations))
	}
	client, fake := opts.has("client"), opts.has("fake")
	server := opts.has("server") || fake
	models := &codec.Input{Package: opts.Package, IR: pkg}
	sub := func(name string) (*codec.Input, string) {
		if !split {
			return models, ""
		}
		return &codec.Input{Package: name, IR: pkg, Models: opts.ImportPath}, name + "/"
	}
	clientIn, clientDir := sub("client")
	serverIn, serverDir := sub("server")
	files := fsx.Files{{Path: "api.gen.go", Data: []byte(code)}}
	for _, g := range []struct {
		name string
		on   bool
		in   *codec.Input
		file func(*codec.Input) *jen.File
	}{
		{"model.gen.go", true, models, codec.Models},
		{"handler.gen.go", client || server, models, codec.Handler},
		{clientDir + "client.gen.go", client, clientIn, codec.Client},
		{serverDir + "server.gen.go", server, serverIn, codec.Server},
		{serverDir + "fake.gen.go", fake, serverIn, codec.Fake},
	} {
		if !g.on {
			continue
		}
		var b bytes.Buffer
		if err := g.file(g.in).Render(&b); err != nil {
			return nil, fmt.Errorf("generator: render %s (a graphdoc bug; please report it): %w", g.name, err)
		}
		files = append(files, fsx.File{Path: g.name, Data: b.Bytes()})
	}
	for _, f := range files {
		if !bytes.HasPrefix(f.Data, []byte(fsx.Header+"\n")) {
			return nil, fmt.Errorf("generator: %s does not start with the generated-code header (a graphdoc bug)", f.Path)
		}
	}
	files.Sort()
	return files, nil
}

// load reads a spec into a document of its own (oapi-codegen mutates it).
func load(spec []byte) (*openapi3.T, error) {
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = false
	if t := bytes.TrimLeft(spec, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		// JSON, as graphdoc hands the generator: decoded by
		// encoding/json, then references resolved. LoadFromData would
		// read it through the YAML parser, whose token queue makes long
		// flow-style documents slow: on the whole corpus's spec it took
		// 5.9 of generate's 12.8 s, this takes well under a second.
		doc := &openapi3.T{}
		if err := json.Unmarshal(spec, doc); err != nil {
			return nil, fmt.Errorf("generator: load spec: %w", err)
		}
		if err := l.ResolveRefsIn(doc, nil); err != nil {
			return nil, fmt.Errorf("generator: load spec: %w", err)
		}
		return doc, nil
	}
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
