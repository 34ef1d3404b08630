package codec

import (
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/generator/goast"
)

// Validators generates a Validate method for every schema struct. Validate
// checks what decoding cannot: enum membership and string formats, in
// nested values and collections too, and reports every failing field at
// once with its JSON path (assignments[2].target.groupId).
func Validators(in *Input) *jen.File {
	f := newFile(in.Package)
	enums := map[string]string{} // enum type -> allowed values, for messages
	for _, name := range in.structs() {
		s := in.Go.Structs[name]
		f.Commentf("Validate checks a %s: enum members and formats, nested values included.", name)
		f.Comment("It reports every failing field at once, each with its JSON path.")
		f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("Validate").Params().Error().Block(
			jen.Var().Id("errs").Qual(rtPath, "ValidationError"),
			jen.Id("v").Dot("validate").Call(jen.Lit(""), jen.Op("&").Id("errs")),
			jen.Return(jen.Id("errs").Dot("Err").Call()),
		)
		f.Line()
		var body []jen.Code
		for _, fl := range s.Fields {
			body = append(body, in.validateField(name, fl, enums)...)
		}
		params := []jen.Code{jen.Id("path").String(), jen.Id("errs").Op("*").Qual(rtPath, "ValidationError")}
		if len(body) == 0 {
			params = []jen.Code{jen.Id("_").String(), jen.Id("_").Op("*").Qual(rtPath, "ValidationError")}
		}
		f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("validate").Params(params...).Block(body...)
		f.Line()
	}
	var names []string
	for n := range enums {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 0 {
		var defs []jen.Code
		for _, n := range names {
			defs = append(defs, jen.Id("enumValues"+n).Op("=").Lit(enums[n]))
		}
		f.Comment("The members of each enum, for error messages.")
		f.Const().Defs(defs...)
	}
	return f
}

// validateField returns the checks of one field.
func (in *Input) validateField(structName string, fl goast.Field, enums map[string]string) []jen.Code {
	t := fl.Type
	if t.Map || t.ElemPointer {
		return nil
	}
	prop := property(in.Schemas[structName], fl.JSON)
	if t.Slice && prop != nil && prop.Items != nil && prop.Items.Value != nil {
		prop = unwrap(prop.Items.Value)
	}
	check := in.check(t.Elem, prop, enums)
	if check == nil {
		return nil
	}
	path := jen.Qual(rtPath, "Join").Call(jen.Id("path"), jen.Lit(fl.JSON))
	val := jen.Id("v").Dot(fl.Name)
	if t.Slice {
		items := val.Clone()
		if t.Pointer {
			items = jen.Op("*").Add(val.Clone())
		}
		loop := jen.For(jen.List(jen.Id("i"), jen.Id("e")).Op(":=").Range().Add(items)).Block(
			check(jen.Id("e"), jen.Qual(rtPath, "Index").Call(path, jen.Id("i")))...,
		)
		if t.Pointer {
			return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(loop)}
		}
		return []jen.Code{loop}
	}
	if t.Pointer {
		deref := jen.Parens(jen.Op("*").Add(val.Clone()))
		if in.isStruct(t.Elem) {
			deref = val.Clone() // the method has a pointer receiver
		}
		return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(check(deref, path)...)}
	}
	return check(val, path)
}

// check returns a function producing the checks of one value of Go type
// elem, or nil when the type needs none.
func (in *Input) check(elem string, prop *openapi3.Schema, enums map[string]string) func(v, path *jen.Statement) []jen.Code {
	switch {
	case in.Go.IsEnum(elem):
		name := in.Go.Resolve(elem)
		if _, ok := enums[name]; !ok {
			enums[name] = in.enumValues(prop)
		}
		return func(v, path *jen.Statement) []jen.Code {
			return []jen.Code{jen.If(jen.Op("!").Add(v.Clone()).Dot("Valid").Call()).Block(
				jen.Id("errs").Dot("Add").Call(path, jen.Lit("unknown value %q; want one of %s"), v.Clone(), jen.Id("enumValues"+name)),
			)}
		}
	case in.isStruct(elem):
		return func(v, path *jen.Statement) []jen.Code {
			return []jen.Code{v.Clone().Dot("validate").Call(path, jen.Id("errs"))}
		}
	case elem == "string" && prop != nil && prop.Format == "time":
		return func(v, path *jen.Statement) []jen.Code {
			return []jen.Code{jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Qual(rtPath, "ParseTimeOfDay").Call(v.Clone()), jen.Err().Op("!=").Nil()).Block(
				jen.Id("errs").Dot("Add").Call(path, jen.Lit("%q is not a time of day (hh:mm:ss)"), v.Clone()),
			)}
		}
	}
	return nil
}

// enumValues lists an enum property's members for messages.
func (in *Input) enumValues(prop *openapi3.Schema) string {
	if prop == nil {
		return "the documented members"
	}
	var vals []string
	for _, v := range prop.Enum {
		if str, ok := v.(string); ok {
			vals = append(vals, str)
		}
	}
	if len(vals) == 0 {
		return "the documented members"
	}
	return strings.Join(vals, ", ")
}
