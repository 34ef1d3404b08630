// Package codec generates, with jennifer, the Go code oapi-codegen does not
// write, all of it small: the models' methods (decoding and validation run
// in graphrt/impl by a plan per type, so a model gets one-line
// UnmarshalJSON and Validate methods), Graph's polymorphism (a family
// interface per base type, decoding by @odata.type), and one method per
// operation for the client, the server's Handler interface and its route
// table, and the fake. Shared mechanics (request building, routing, body
// checks, paging) live once in graphrt.
//
// The generators read only the IR (generator/ir): every type, field and
// operation name comes from it. The names of oapi-codegen's own
// declarations they refer to come from generator/oapi.
package codec

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/internal/fsx"
)

// Import paths used by generated code: graphrt is the runtime's user API
// (errors, retries, paging, formats), fake the fake's store, and impl what
// only generated code calls.
const (
	rtPath   = "github.com/graphdoc/graphdoc/graphrt"
	fakePath = "github.com/graphdoc/graphdoc/graphrt/fake"
	implPath = "github.com/graphdoc/graphdoc/graphrt/impl"
)

// Reserved are the names the generators here declare in the generated
// package, which no type may take.
var Reserved = []string{
	"Client", "NewClient", "Handler", "UnimplementedHandler", "NewHandler", "Fake", "NewFake", "NewFakeHandler",
	"MaxRequestBodyBytes", "NewBody", "Error", "routes", "fakeOps",
}

// Input is what the generators read.
type Input struct {
	Package string
	IR      *ir.Package
	// Models is the import path of the models' package when the client or
	// server is written in a package of its own ("" when all is one
	// package).
	Models string
}

// model renders a type of the models' package.
func (in *Input) model(name string) *jen.Statement {
	if in.Models != "" {
		return jen.Qual(in.Models, name)
	}
	return jen.Id(name)
}

// goTypeIn renders an IR type for code in the client's or server's
// package: local idents are the models'.
func (in *Input) goTypeIn(t ir.GoType) *jen.Statement {
	e := ident(t.Elem)
	if t.Elem.Local {
		e = in.model(t.Elem.Name)
	}
	if t.ElemPointer {
		e = jen.Op("*").Add(e)
	}
	if t.Slice {
		e = jen.Index().Add(e)
	}
	if t.Map {
		e = jen.Map(jen.String()).Add(e)
	}
	if t.Pointer {
		e = jen.Op("*").Add(e)
	}
	return e
}

// newFile starts a jennifer file with graphdoc's header.
func newFile(pkg string) *jen.File {
	f := jen.NewFile(pkg)
	f.HeaderComment(strings.TrimPrefix(fsx.Header, "// "))
	return f
}

// structs returns the structs graphdoc writes methods for: all but those
// the model writer decodes itself.
func (in *Input) structs() []*ir.Type {
	var out []*ir.Type
	for _, t := range in.IR.Types {
		if !t.Custom {
			out = append(out, t)
		}
	}
	return out
}

// ident renders an IR identifier.
func ident(i ir.Ident) *jen.Statement {
	switch {
	case i.Path != "":
		return jen.Qual(i.Path, i.Name)
	case i.Name == "[]byte":
		return jen.Index().Byte()
	case i.Name == "interface{}":
		return jen.Interface()
	case i.Name == "map[string]interface{}":
		return jen.Map(jen.String()).Interface()
	}
	return jen.Id(i.Name)
}

// goType renders an IR type.
func goType(t ir.GoType) *jen.Statement {
	s := ident(t.Elem)
	if t.ElemPointer {
		s = jen.Op("*").Add(s)
	}
	if t.Slice {
		s = jen.Index().Add(s)
	}
	if t.Map {
		s = jen.Map(jen.String()).Add(s)
	}
	if t.Pointer {
		s = jen.Op("*").Add(s)
	}
	return s
}

// isStruct reports whether a field's element is a struct with a decoder.
func isStruct(f *ir.Field) bool { return f.Struct != nil && !f.Struct.Custom }

// isEnum reports whether a field's element is an enum.
func isEnum(f *ir.Field) bool { return f.Enum != nil }

// odataTypeField returns the Go name of a struct's @odata.type field when
// it is a *string, or "".
func odataTypeField(t *ir.Type) string {
	f := t.Field("@odata.type")
	if f == nil || !f.Type.Pointer || f.Type.Slice || f.Type.Map || f.Type.Elem != (ir.Ident{Name: "string"}) {
		return ""
	}
	return f.Name
}
