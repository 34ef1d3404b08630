package codec

import (
	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
)

// Polymorphism generates Graph's inheritance for every family (a base type
// with derived types): the <Base>Kind interface every member implements,
// the <Base>Any wrapper used for whole request and response bodies, a
// decoder that picks the concrete type by @odata.type (the base when it is
// absent or unknown, so a client never fails on a type added later), and
// a MarshalJSON per member that writes its @odata.type.
func Polymorphism(in *Input) *jen.File {
	f := newFile(in.Package)
	marked := map[*ir.Type]bool{}
	for _, fam := range in.IR.Families {
		in.family1(f, fam)
		for _, m := range fam.Members {
			f.Func().Params(jen.Op("*").Id(m.Type.Name)).Id("is" + fam.Base.Name).Params().Block()
			if !marked[m.Type] {
				marked[m.Type] = true
				member(f, m)
			}
		}
		f.Line()
	}
	return f
}

// family1 writes one family's interface, Any wrapper and decoder.
func (in *Input) family1(f *jen.File, fam *ir.Family) {
	rt := func(n string) *jen.Statement { return jen.Qual(rtPath, n) }
	impl := func(n string) *jen.Statement { return jen.Qual(implPath, n) }
	f.Commentf("%s is implemented by %s and every type derived from it. A value", fam.Interface, fam.Base.Name)
	f.Comment("decoded from JSON is the type its @odata.type names (the base type when it")
	f.Comment("names none, or one this package does not know).")
	methods := []jen.Code{
		jen.Id("ODataType").Params().String(),
		jen.Id("is" + fam.Base.Name).Params(),
		jen.Id("decodeJSON").Params(jen.Op("*").Add(impl("Decoder")), jen.String(), jen.Op("*").Add(rt("ValidationError"))).Error(),
	}
	if in.Validators {
		methods = append(methods, jen.Id("Validate").Params().Error(),
			jen.Id("validate").Params(jen.String(), jen.Op("*").Add(rt("ValidationError"))))
	}
	f.Type().Id(fam.Interface).Interface(methods...)
	f.Line()
	f.Commentf("%s holds a %s or any type derived from it, for whole request and", fam.Any, fam.Base.Name)
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
		jen.Return(impl("Decode").Call(jen.Id("data"), jen.Func().Params(jen.Id("d").Op("*").Add(impl("Decoder")), jen.Id("errs").Op("*").Add(rt("ValidationError"))).Error().Block(
			jen.Var().Err().Error(),
			jen.List(jen.Id("a").Dot("Value"), jen.Err()).Op("=").Id("decode"+fam.Interface).Call(jen.Id("d"), jen.Lit(""), jen.Id("errs")),
			jen.Return(jen.Err()),
		))),
	)
	f.Line()
	if in.Validators {
		f.Comment("Validate checks the value; a missing value is valid.")
		f.Func().Params(jen.Id("a").Op("*").Id(fam.Any)).Id("Validate").Params().Error().Block(
			jen.If(jen.Id("a").Dot("Value").Op("==").Nil()).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Id("a").Dot("Value").Dot("Validate").Call()),
		)
		f.Line()
	}
	var cases []jen.Code
	for _, m := range fam.Members[1:] {
		bare := m.ODataType[1:]
		cases = append(cases, jen.Case(jen.Lit(m.ODataType), jen.Lit(bare)).Block(jen.Id("v").Op("=").New(jen.Id(m.Type.Name))))
	}
	cases = append(cases, jen.Default().Block(jen.Id("v").Op("=").New(jen.Id(fam.Base.Name))))
	f.Commentf("decode%s decodes a %s or a derived type, by @odata.type.", fam.Interface, fam.Base.Name)
	f.Func().Id("decode"+fam.Interface).Params(jen.Id("d").Op("*").Add(impl("Decoder")), jen.Id("path").String(), jen.Id("errs").Op("*").Add(rt("ValidationError"))).Params(jen.Id(fam.Interface), jen.Error()).Block(
		jen.If(jen.Id("d").Dot("Null").Call()).Block(jen.Return(jen.Nil(), jen.Nil())),
		jen.List(jen.Id("raw"), jen.Err()).Op(":=").Id("d").Dot("Raw").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Var().Id("v").Id(fam.Interface),
		jen.Switch(impl("ODataType").Call(jen.Id("raw"))).Block(cases...),
		jen.Return(jen.Id("v"), jen.Id("v").Dot("decodeJSON").Call(impl("NewDecoder").Call(jen.Id("raw")), jen.Id("path"), jen.Id("errs"))),
	)
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
