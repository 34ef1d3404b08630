package codec

import (
	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
)

// Models generates what the models need beside oapi-codegen's types: one
// line methods that hand decoding and validation to graphrt/impl's plans
// (members matched by exact name, every bad value with its JSON path;
// enums, formats, nested and polymorphic values checked), each enum's
// EnumValues, Graph's polymorphism and NewBody.
func Models(in *Input) *jen.File {
	f := newFile(in.Package)
	for _, t := range in.structs() {
		f.Commentf("UnmarshalJSON decodes a %s: members by exact name, every bad value", t.Name)
		f.Comment("reported with its JSON path.")
		f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Return(jen.Qual(implPath, "Unmarshal").Call(jen.Id("data"), jen.Id("v"))),
		)
		f.Line()
		f.Commentf("Validate checks a %s: enum members, formats and nested values, every", t.Name)
		f.Comment("failing field at once with its JSON path.")
		f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("Validate").Params().Error().Block(
			jen.Return(jen.Qual(implPath, "Validate").Call(jen.Id("v"))),
		)
		f.Line()
	}
	for _, e := range in.IR.Enums {
		var vals []jen.Code
		for _, v := range e.Values {
			vals = append(vals, jen.Lit(v))
		}
		f.Commentf("EnumValues lists the members of %s, as the docs write them.", e.Name)
		f.Func().Params(jen.Id(e.Name)).Id("EnumValues").Params().Index().String().Block(
			jen.Return(jen.Index().String().Values(vals...)),
		)
		f.Line()
	}
	families(f, in.IR)
	newBody(f, in)
	return f
}

// families writes Graph's inheritance for every family (a base type with
// derived types): the <Base>Kind interface every member implements, the
// <Base>Any wrapper for whole bodies, each member's ODataType and a
// MarshalJSON that writes its @odata.type, and one registration with
// graphrt/impl, which decodes a family value by its @odata.type (the base
// when it names none, or one this package does not know).
func families(f *jen.File, p *ir.Package) {
	if len(p.Families) == 0 {
		return
	}
	marked := map[*ir.Type]bool{}
	var registrations []jen.Code
	for _, fam := range p.Families {
		base := fam.Base.Name
		f.Commentf("%s is implemented by %s and every type derived from it. A value", fam.Interface, base)
		f.Comment("decoded from JSON is the type its @odata.type names (the base type when it")
		f.Comment("names none, or one this package does not know).")
		f.Type().Id(fam.Interface).Interface(
			jen.Id("ODataType").Params().String(),
			jen.Id("is"+base).Params(),
		)
		f.Line()
		f.Commentf("%s holds a %s or any type derived from it, for whole request and", fam.Any, base)
		f.Comment("response bodies.")
		f.Type().Id(fam.Any).Struct(jen.Id("Value").Id(fam.Interface))
		f.Line()
		f.Comment("MarshalJSON writes the value, with its @odata.type.")
		f.Func().Params(jen.Id("a").Id(fam.Any)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.If(jen.Id("a").Dot("Value").Op("==").Nil()).Block(jen.Return(jen.Index().Byte().Parens(jen.Lit("null")), jen.Nil())),
			jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("a").Dot("Value"))),
		)
		f.Line()
		f.Comment("UnmarshalJSON decodes the type named by @odata.type.")
		f.Func().Params(jen.Id("a").Op("*").Id(fam.Any)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Var().Err().Error(),
			jen.List(jen.Id("a").Dot("Value"), jen.Err()).Op("=").Qual(implPath, "UnmarshalFamily").Index(jen.Id(fam.Interface)).Call(jen.Id("data")),
			jen.Return(jen.Err()),
		)
		f.Line()
		f.Comment("Validate checks the value; a missing value is valid.")
		f.Func().Params(jen.Id("a").Op("*").Id(fam.Any)).Id("Validate").Params().Error().Block(
			jen.If(jen.Id("a").Dot("Value").Op("==").Nil()).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Qual(implPath, "Validate").Call(jen.Id("a").Dot("Value"))),
		)
		f.Line()
		args := []jen.Code{jen.Lit(fam.Abstract)}
		for _, m := range fam.Members {
			args = append(args, jen.Qual(implPath, "Member").Index(jen.Id(m.Type.Name)).Call(jen.Lit(m.ODataType)))
			f.Func().Params(jen.Op("*").Id(m.Type.Name)).Id("is" + base).Params().Block()
			if !marked[m.Type] {
				marked[m.Type] = true
				member(f, m)
			}
		}
		f.Line()
		registrations = append(registrations, jen.Qual(implPath, "RegisterFamily").Index(jen.Id(fam.Interface)).Call(args...))
	}
	f.Comment("init registers the families with graphrt/impl, which decodes and checks")
	f.Comment("their values by @odata.type.")
	f.Func().Id("init").Params().Block(registrations...)
	f.Line()
}

// member writes the methods every family member has once: ODataType and a
// MarshalJSON that writes @odata.type when the value does not say.
func member(f *jen.File, m *ir.Member) {
	name := m.Type.Name
	f.Commentf("ODataType returns %q, the @odata.type of a %s.", m.ODataType, name)
	f.Func().Params(jen.Op("*").Id(name)).Id("ODataType").Params().String().Block(jen.Return(jen.Lit(m.ODataType)))
	f.Line()
	field := odataTypeField(m.Type)
	if field == "" || m.Type.Custom {
		return
	}
	f.Commentf("MarshalJSON writes a %s with its @odata.type, so that a receiver", name)
	f.Comment("expecting a base type knows what it got.")
	f.Func().Params(jen.Id("v").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Type().Id("plain").Id(name),
		jen.If(jen.Id("v").Dot(field).Op("==").Nil()).Block(
			jen.Id("t").Op(":=").Lit(m.ODataType),
			jen.Id("v").Dot(field).Op("=").Op("&").Id("t"),
		),
		jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("plain").Parens(jen.Id("v")))),
	)
	f.Line()
}

// newBody writes NewBody, which maps an operation and a status to a new
// value of the Go type of its JSON body: what the documented examples are
// decoded into in tests, and what a user needs to decode a body by hand.
func newBody(f *jen.File, in *Input) {
	var cases []jen.Code
	for _, op := range in.IR.Operations {
		var inner []jen.Code
		if b := op.Body; b != nil && !b.Type.Slice && !b.Type.Map {
			inner = append(inner, jen.Case(jen.Lit(0)).Block(jen.Return(jen.New(ident(b.Type.Elem)))))
		}
		for _, r := range op.Responses {
			if r.Inline || r.Type.Slice || r.Type.Map {
				continue
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
