package codec

import (
	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/goast"
)

// Decoders generates an UnmarshalJSON for every schema struct, built on
// graphrt's pull decoder: members are matched by exact name (encoding/json
// matches case-insensitively, which lets `{"role":"user","ROLE":"admin"}`
// through), unknown members are skipped, and every bad value is reported
// with its JSON path instead of only the first.
func Decoders(in *Input) *jen.File {
	f := newFile(in.Package)
	for _, name := range in.structs() {
		if in.Go.Methods[name]["UnmarshalJSON"] {
			continue // oapi-codegen wrote its own (unions, additional properties)
		}
		s := in.Go.Structs[name]
		f.Commentf("UnmarshalJSON decodes a %s. Members are matched by exact name and every", name)
		f.Comment("bad value is reported with its JSON path.")
		f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Return(jen.Qual(rtPath, "Decode").Call(jen.Id("data"), jen.Func().Params(
				jen.Id("d").Op("*").Qual(rtPath, "Decoder"), jen.Id("errs").Op("*").Qual(rtPath, "ValidationError"),
			).Error().Block(
				jen.Return(jen.Id("v").Dot("decodeJSON").Call(jen.Id("d"), jen.Lit(""), jen.Id("errs"))),
			))),
		)
		f.Line()
		var cases []jen.Code
		for _, fl := range s.Fields {
			cases = append(cases, jen.Case(jen.Lit(fl.JSON)).Block(in.decodeField(fl)...))
		}
		cases = append(cases, jen.Default().Block(jen.Return(jen.Id("d").Dot("Skip").Call())))
		f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("decodeJSON").Params(
			jen.Id("d").Op("*").Qual(rtPath, "Decoder"), jen.Id("path").String(), jen.Id("errs").Op("*").Qual(rtPath, "ValidationError"),
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

// reader returns the graphrt reader for a scalar Go type, or nil when the
// type is decoded another way (structs) or by encoding/json.
func (in *Input) reader(elem string) jen.Code {
	dec := jen.Parens(jen.Op("*").Qual(rtPath, "Decoder"))
	switch elem {
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
		return jen.Qual(rtPath, "ReadInt")
	case "int8":
		return jen.Qual(rtPath, "ReadInt8")
	case "time.Time":
		return jen.Qual(rtPath, "ReadDateTime")
	case "[]byte":
		return jen.Qual(rtPath, "ReadBytes")
	case "openapi_types.Date", "openapi_types.UUID", "openapi_types.Duration":
		return jen.Qual(rtPath, "Text").Index(jen.Qual(typesPath, elem[len("openapi_types."):]))
	}
	if in.Go.IsEnum(elem) {
		return jen.Qual(rtPath, "Enum").Index(jen.Id(elem))
	}
	return nil
}

// isStruct reports whether a Go type name is a struct with a decoder.
func (in *Input) isStruct(elem string) bool {
	name := in.Go.Resolve(elem)
	_, ok := in.Go.Structs[name]
	_, has := in.Structs[name]
	return ok && has && !in.Go.Methods[name]["UnmarshalJSON"]
}

// decodeField returns the statements of one member's case.
func (in *Input) decodeField(fl goast.Field) []jen.Code {
	t := fl.Type
	target := jen.Id("v").Dot(fl.Name)
	path := jen.Qual(rtPath, "Join").Call(jen.Id("path"), jen.Lit(fl.JSON))
	if t.Map || (t.Slice && t.ElemPointer) {
		return in.fallback(target, path)
	}
	if fam := in.family(t.Elem); fam != nil && fam.Interface == t.Elem {
		read := jen.Id("decode" + fam.Interface)
		if !t.Slice {
			return []jen.Code{jen.List(target.Clone(), jen.Err()).Op("=").Add(read).Call(jen.Id("d"), path, jen.Id("errs"))}
		}
		return in.sliceOf(t, target, path, []jen.Code{
			jen.List(jen.Id("e"), jen.Err()).Op(":=").Add(read).Call(jen.Id("d"), jen.Qual(rtPath, "Index").Call(jen.Id("p"), jen.Id("i")), jen.Id("errs")),
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id("e")),
			jen.Return(jen.Err()),
		})
	}
	if !t.Slice {
		if t.Pointer {
			if call := in.arenaPtr(t.Elem); call != nil {
				return []jen.Code{jen.List(target.Clone(), jen.Err()).Op("=").Add(call).Call(jen.Id("d"), jen.Id("errs"), path)}
			}
		}
		if r := in.reader(t.Elem); r != nil {
			fn := "Value"
			if t.Pointer {
				fn = "Ptr"
			}
			return []jen.Code{jen.List(target.Clone(), jen.Err()).Op("=").Qual(rtPath, fn).Call(jen.Id("d"), jen.Id("errs"), path, r)}
		}
		if in.isStruct(t.Elem) {
			if !t.Pointer {
				return []jen.Code{jen.Err().Op("=").Add(target.Clone()).Dot("decodeJSON").Call(jen.Id("d"), path, jen.Id("errs"))}
			}
			return []jen.Code{
				jen.If(jen.Id("d").Dot("Null").Call()).Block(target.Clone().Op("=").Nil(), jen.Return(jen.Nil())),
				target.Clone().Op("=").New(jen.Id(t.Elem)),
				jen.Err().Op("=").Add(target.Clone()).Dot("decodeJSON").Call(jen.Id("d"), path, jen.Id("errs")),
			}
		}
		return in.fallback(target, path)
	}
	// slices
	var elem []jen.Code
	at := jen.Qual(rtPath, "Index").Call(jen.Id("p"), jen.Id("i"))
	switch r := in.reader(t.Elem); {
	case r != nil:
		elem = []jen.Code{
			jen.List(jen.Id("e"), jen.Err()).Op(":=").Qual(rtPath, "Value").Call(jen.Id("d"), jen.Id("errs"), at, r),
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id("e")),
			jen.Return(jen.Err()),
		}
	case in.isStruct(t.Elem):
		elem = []jen.Code{
			jen.Var().Id("e").Id(t.Elem),
			jen.Err().Op(":=").Id("e").Dot("decodeJSON").Call(jen.Id("d"), at, jen.Id("errs")),
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id("e")),
			jen.Return(jen.Err()),
		}
	default:
		return in.fallback(target, path)
	}
	return in.sliceOf(t, target, path, elem)
}

// sliceOf decodes a JSON array into a slice field, one element at a time
// with the statements elem (which append to items).
func (in *Input) sliceOf(t goast.Type, target, path *jen.Statement, elem []jen.Code) []jen.Code {
	assign := target.Clone().Op("=").Id("items")
	null := target.Clone().Op("=").Nil()
	if t.Pointer {
		assign = target.Clone().Op("=").Op("&").Id("items")
	}
	return []jen.Code{
		jen.If(jen.Id("d").Dot("Null").Call()).Block(null, jen.Return(jen.Nil())),
		jen.Id("p").Op(":=").Add(path),
		jen.Id("items").Op(":=").Index().Add(elemType(t.Elem)).Values(),
		jen.Err().Op("=").Id("d").Dot("Array").Call(jen.Func().Params(jen.Id("i").Int()).Error().Block(elem...)),
		assign,
	}
}

// elemType renders an element type name, qualifying runtime types.
func elemType(elem string) jen.Code {
	switch elem {
	case "time.Time":
		return jen.Qual("time", "Time")
	case "[]byte":
		return jen.Index().Byte()
	case "openapi_types.Date", "openapi_types.UUID", "openapi_types.Duration":
		return jen.Qual(typesPath, elem[len("openapi_types."):])
	}
	return jen.Id(elem)
}

// fallback decodes a member with encoding/json.
func (in *Input) fallback(target *jen.Statement, path *jen.Statement) []jen.Code {
	return []jen.Code{jen.Err().Op("=").Qual(rtPath, "JSON").Call(jen.Id("d"), jen.Id("errs"), path, jen.Op("&").Add(target))}
}

// arenaPtr returns graphrt's reader for an optional field of a common type
// whose value it keeps in the decoder's arena (one allocation per chunk of
// values instead of one per field), or nil.
func (in *Input) arenaPtr(elem string) *jen.Statement {
	if in.Go.IsEnum(elem) {
		return jen.Qual(rtPath, "EnumPtr").Index(jen.Id(elem))
	}
	name := map[string]string{
		"string": "StrPtr", "time.Time": "DateTimePtr", "bool": "BoolPtr", "int32": "Int32Ptr",
		"int64": "Int64Ptr", "float64": "Float64Ptr", "[]byte": "BytesPtr",
	}[elem]
	if name == "" {
		return nil
	}
	return jen.Qual(rtPath, name)
}
