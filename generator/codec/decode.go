package codec

import (
	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
)

// Decoders generates an UnmarshalJSON for every struct, built on the pull
// decoder of graphrt/impl: members are matched by exact name
// (encoding/json matches case-insensitively, which lets
// `{"role":"user","ROLE":"admin"}` through), unknown members are skipped,
// and every bad value is reported with its JSON path instead of only the
// first.
func Decoders(in *Input) *jen.File {
	f := newFile(in.Package)
	for _, t := range in.structs() {
		f.Commentf("UnmarshalJSON decodes a %s. Members are matched by exact name and every", t.Name)
		f.Comment("bad value is reported with its JSON path.")
		f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Return(jen.Qual(implPath, "Decode").Call(jen.Id("data"), jen.Func().Params(
				jen.Id("d").Op("*").Qual(implPath, "Decoder"), jen.Id("errs").Op("*").Qual(rtPath, "ValidationError"),
			).Error().Block(
				jen.Return(jen.Id("v").Dot("decodeJSON").Call(jen.Id("d"), jen.Lit(""), jen.Id("errs"))),
			))),
		)
		f.Line()
		var cases []jen.Code
		for _, fl := range t.Fields {
			cases = append(cases, jen.Case(jen.Lit(fl.JSON)).Block(decodeField(fl)...))
		}
		cases = append(cases, jen.Default().Block(jen.Return(jen.Id("d").Dot("Skip").Call())))
		f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("decodeJSON").Params(
			jen.Id("d").Op("*").Qual(implPath, "Decoder"), jen.Id("path").String(), jen.Id("errs").Op("*").Qual(rtPath, "ValidationError"),
		).Error().Block(
			jen.If(jen.Id("d").Dot("Null").Call()).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Id("d").Dot("Object").Call(jen.Func().Params(jen.Id("key").Index().Byte()).Params(jen.Err().Error()).Block(
				jen.Switch(jen.String().Parens(jen.Id("key"))).Block(cases...),
				jen.Return(jen.Err()),
			))),
		)
		f.Line()
	}
	return f
}

// reader returns the graphrt/impl reader for a field's scalar element, or
// nil when it is decoded another way (structs) or by encoding/json.
func reader(fl *ir.Field) jen.Code {
	if isEnum(fl) {
		return jen.Qual(implPath, "Enum").Index(jen.Id(fl.Enum.Name))
	}
	dec := jen.Parens(jen.Op("*").Qual(implPath, "Decoder"))
	e := fl.Type.Elem
	switch e.Path {
	case "time":
		if e.Name == "Time" {
			return jen.Qual(implPath, "ReadDateTime")
		}
		return nil
	case "":
	default:
		// a type that reads itself from text (graphrt.Date, uuid.UUID)
		return jen.Qual(implPath, "Text").Index(ident(e))
	}
	switch e.Name {
	case "string":
		return dec.Clone().Dot("Str")
	case "bool":
		return dec.Clone().Dot("Bool")
	case "int64":
		return dec.Clone().Dot("Int64")
	case "int32":
		return dec.Clone().Dot("Int32")
	case "int16":
		return dec.Clone().Dot("Int16")
	case "uint8":
		return dec.Clone().Dot("Uint8")
	case "float64":
		return dec.Clone().Dot("Float64")
	case "float32":
		return dec.Clone().Dot("Float32")
	case "int":
		return jen.Qual(implPath, "ReadInt")
	case "int8":
		return jen.Qual(implPath, "ReadInt8")
	case "[]byte":
		return jen.Qual(implPath, "ReadBytes")
	}
	return nil
}

// decodeField returns the statements of one member's case.
func decodeField(fl *ir.Field) []jen.Code {
	t := fl.Type
	target := jen.Id("v").Dot(fl.Name)
	path := jen.Qual(implPath, "Join").Call(jen.Id("path"), jen.Lit(fl.JSON))
	if t.Map || (t.Slice && t.ElemPointer) {
		return fallback(target, path)
	}
	if fam := fl.Family; fam != nil {
		read := jen.Id("decode" + fam.Interface)
		if !t.Slice {
			return []jen.Code{jen.List(target.Clone(), jen.Err()).Op("=").Add(read).Call(jen.Id("d"), path, jen.Id("errs"))}
		}
		return sliceOf(t, target, path, []jen.Code{
			jen.List(jen.Id("e"), jen.Err()).Op(":=").Add(read).Call(jen.Id("d"), jen.Qual(implPath, "Index").Call(jen.Id("p"), jen.Id("i")), jen.Id("errs")),
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id("e")),
			jen.Return(jen.Err()),
		})
	}
	if !t.Slice {
		if t.Pointer {
			if call := arenaPtr(fl); call != nil {
				return []jen.Code{jen.List(target.Clone(), jen.Err()).Op("=").Add(call).Call(jen.Id("d"), jen.Id("errs"), path)}
			}
		}
		if r := reader(fl); r != nil {
			fn := "Value"
			if t.Pointer {
				fn = "Ptr"
			}
			return []jen.Code{jen.List(target.Clone(), jen.Err()).Op("=").Qual(implPath, fn).Call(jen.Id("d"), jen.Id("errs"), path, r)}
		}
		if isStruct(fl) {
			if !t.Pointer {
				return []jen.Code{jen.Err().Op("=").Add(target.Clone()).Dot("decodeJSON").Call(jen.Id("d"), path, jen.Id("errs"))}
			}
			return []jen.Code{
				jen.If(jen.Id("d").Dot("Null").Call()).Block(target.Clone().Op("=").Nil(), jen.Return(jen.Nil())),
				target.Clone().Op("=").New(jen.Id(fl.Struct.Name)),
				jen.Err().Op("=").Add(target.Clone()).Dot("decodeJSON").Call(jen.Id("d"), path, jen.Id("errs")),
			}
		}
		return fallback(target, path)
	}
	// slices
	var elem []jen.Code
	at := jen.Qual(implPath, "Index").Call(jen.Id("p"), jen.Id("i"))
	switch r := reader(fl); {
	case r != nil:
		elem = []jen.Code{
			jen.List(jen.Id("e"), jen.Err()).Op(":=").Qual(implPath, "Value").Call(jen.Id("d"), jen.Id("errs"), at, r),
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id("e")),
			jen.Return(jen.Err()),
		}
	case isStruct(fl):
		elem = []jen.Code{
			jen.Var().Id("e").Id(fl.Struct.Name),
			jen.Err().Op(":=").Id("e").Dot("decodeJSON").Call(jen.Id("d"), at, jen.Id("errs")),
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id("e")),
			jen.Return(jen.Err()),
		}
	default:
		return fallback(target, path)
	}
	return sliceOf(t, target, path, elem)
}

// sliceOf decodes a JSON array into a slice field, one element at a time
// with the statements elem (which append to items).
func sliceOf(t ir.GoType, target, path *jen.Statement, elem []jen.Code) []jen.Code {
	assign := target.Clone().Op("=").Id("items")
	null := target.Clone().Op("=").Nil()
	if t.Pointer {
		assign = target.Clone().Op("=").Op("&").Id("items")
	}
	return []jen.Code{
		jen.If(jen.Id("d").Dot("Null").Call()).Block(null, jen.Return(jen.Nil())),
		jen.Id("p").Op(":=").Add(path),
		jen.Id("items").Op(":=").Index().Add(ident(t.Elem)).Values(),
		jen.Err().Op("=").Id("d").Dot("Array").Call(jen.Func().Params(jen.Id("i").Int()).Error().Block(elem...)),
		assign,
	}
}

// fallback decodes a member with encoding/json.
func fallback(target *jen.Statement, path *jen.Statement) []jen.Code {
	return []jen.Code{jen.Err().Op("=").Qual(implPath, "JSON").Call(jen.Id("d"), jen.Id("errs"), path, jen.Op("&").Add(target))}
}

// arenaPtr returns graphrt/impl's reader for an optional field of a common
// type whose value it keeps in the decoder's arena (one allocation per
// chunk of values instead of one per field), or nil.
func arenaPtr(fl *ir.Field) *jen.Statement {
	if isEnum(fl) {
		return jen.Qual(implPath, "EnumPtr").Index(jen.Id(fl.Enum.Name))
	}
	e := fl.Type.Elem
	if e == (ir.Ident{Path: "time", Name: "Time"}) {
		return jen.Qual(implPath, "DateTimePtr")
	}
	if e.Path != "" {
		return nil
	}
	name := map[string]string{
		"string": "StrPtr", "bool": "BoolPtr", "int32": "Int32Ptr",
		"int64": "Int64Ptr", "float64": "Float64Ptr", "[]byte": "BytesPtr",
	}[e.Name]
	if name == "" {
		return nil
	}
	return jen.Qual(implPath, name)
}
