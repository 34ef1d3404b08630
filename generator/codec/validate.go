package codec

import (
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/generator/oapi"
)

// Validators generates a Validate method for every struct. Validate
// checks what decoding cannot: enum membership and string formats, in
// nested values and collections too, and reports every failing field at
// once with its JSON path (assignments[2].target.groupId).
func Validators(in *Input) *jen.File {
	f := newFile(in.Package)
	enums := map[string]string{} // enum type -> allowed values, for messages
	for _, t := range in.structs() {
		f.Commentf("Validate checks a %s: enum members and formats, nested values included.", t.Name)
		f.Comment("It reports every failing field at once, each with its JSON path.")
		f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("Validate").Params().Error().Block(
			jen.Var().Id("errs").Qual(rtPath, "ValidationError"),
			jen.Id("v").Dot("validate").Call(jen.Lit(""), jen.Op("&").Id("errs")),
			jen.Return(jen.Id("errs").Dot("Err").Call()),
		)
		f.Line()
		var body []jen.Code
		body = append(body, odataTypeCheck(t)...)
		for _, fl := range t.Fields {
			body = append(body, validateField(fl, enums)...)
		}
		params := []jen.Code{jen.Id("path").String(), jen.Id("errs").Op("*").Qual(rtPath, "ValidationError")}
		if len(body) == 0 {
			params = []jen.Code{jen.Id("_").String(), jen.Id("_").Op("*").Qual(rtPath, "ValidationError")}
		}
		f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("validate").Params(params...).Block(body...)
		f.Line()
	}
	in.bodyValidators(f)
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
func validateField(fl *ir.Field, enums map[string]string) []jen.Code {
	t := fl.Type
	if t.Map || t.ElemPointer {
		return nil
	}
	check := check(fl, enums)
	if check == nil {
		return nil
	}
	path := jen.Qual(implPath, "Join").Call(jen.Id("path"), jen.Lit(fl.JSON))
	val := jen.Id("v").Dot(fl.Name)
	if t.Slice {
		items := val.Clone()
		if t.Pointer {
			items = jen.Op("*").Add(val.Clone())
		}
		loop := jen.For(jen.List(jen.Id("i"), jen.Id("e")).Op(":=").Range().Add(items)).Block(
			check(jen.Id("e"), jen.Qual(implPath, "Index").Call(path, jen.Id("i")))...,
		)
		if t.Pointer {
			return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(loop)}
		}
		return []jen.Code{loop}
	}
	if t.Pointer {
		deref := jen.Parens(jen.Op("*").Add(val.Clone()))
		if isStruct(fl) {
			deref = val.Clone() // the method has a pointer receiver
		}
		return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(check(deref, path)...)}
	}
	return check(val, path)
}

// check returns a function producing the checks of one value of a field's
// element type, or nil when the type needs none.
func check(fl *ir.Field, enums map[string]string) func(v, path *jen.Statement) []jen.Code {
	switch {
	case fl.Family != nil:
		return func(v, path *jen.Statement) []jen.Code {
			return []jen.Code{jen.If(v.Clone().Op("!=").Nil()).Block(v.Clone().Dot("validate").Call(path, jen.Id("errs")))}
		}
	case isEnum(fl):
		name := fl.Enum.Name
		if _, ok := enums[name]; !ok {
			enums[name] = enumValues(fl.Enum)
		}
		return func(v, path *jen.Statement) []jen.Code {
			return []jen.Code{jen.If(jen.Op("!").Add(v.Clone()).Dot("Valid").Call()).Block(
				jen.Id("errs").Dot("Add").Call(path, jen.Lit("unknown value %q; want one of %s"), v.Clone(), jen.Id("enumValues"+name)),
			)}
		}
	case isStruct(fl):
		return func(v, path *jen.Statement) []jen.Code {
			return []jen.Code{v.Clone().Dot("validate").Call(path, jen.Id("errs"))}
		}
	case fl.Type.Elem == (ir.Ident{Name: "string"}) && fl.Format == "time":
		return func(v, path *jen.Statement) []jen.Code {
			return []jen.Code{jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Qual(rtPath, "ParseTimeOfDay").Call(v.Clone()), jen.Err().Op("!=").Nil()).Block(
				jen.Id("errs").Dot("Add").Call(path, jen.Lit("%q is not a time of day (hh:mm:ss)"), v.Clone()),
			)}
		}
	}
	return nil
}

// enumValues lists an enum's members for messages.
func enumValues(e *ir.Enum) string {
	if len(e.Values) == 0 {
		return "the documented members"
	}
	return strings.Join(e.Values, ", ")
}

// odataTypeCheck returns the checks of a family member's @odata.type: it
// must name the type or one derived from it, and an abstract base needs a
// derived type.
func odataTypeCheck(t *ir.Type) []jen.Code {
	field := odataTypeField(t)
	own := ""
	if t.Family != nil || isMember(t) {
		own = t.ODataType
	}
	if field == "" || own == "" {
		return nil
	}
	allowed := []jen.Code{jen.Lit(own[1:])}
	var out []jen.Code
	if fam := t.Family; fam != nil {
		for _, m := range fam.Members[1:] {
			allowed = append(allowed, jen.Lit(m.ODataType[1:]))
		}
		if fam.Abstract {
			out = append(out, jen.If(jen.Id("v").Dot(field).Op("==").Nil().Op("||").Qual("strings", "TrimPrefix").Call(jen.Op("*").Id("v").Dot(field), jen.Lit("#")).Op("==").Lit(own[1:])).Block(
				jen.Id("errs").Dot("Add").Call(jen.Qual(implPath, "Join").Call(jen.Id("path"), jen.Lit("@odata.type")), jen.Lit("%s is abstract: @odata.type must name a type derived from it"), jen.Lit(own[1:])),
			))
		}
	}
	out = append(out, jen.If(jen.Id("v").Dot(field).Op("!=").Nil()).Block(
		jen.Switch(jen.Qual("strings", "TrimPrefix").Call(jen.Op("*").Id("v").Dot(field), jen.Lit("#"))).Block(
			jen.Case(allowed...),
			jen.Default().Block(jen.Id("errs").Dot("Add").Call(jen.Qual(implPath, "Join").Call(jen.Id("path"), jen.Lit("@odata.type")),
				jen.Lit("%q is not %s or a type derived from it"), jen.Op("*").Id("v").Dot(field), jen.Lit(own[1:]))),
		),
	))
	return out
}

// isMember reports whether a struct is a member of some family: a
// polymorphic base or one of its descendants.
func isMember(t *ir.Type) bool {
	for b := t; b != nil; b = b.Base {
		if b.Family != nil {
			return true
		}
	}
	return false
}

// bodyValidators writes validate<Op>Body for every operation with a JSON
// request body: the body's Validate, then what only the operation knows:
// the properties it requires, and for a create or update the read-only
// properties the client may not send. The strict server runs it before the
// handler.
func (in *Input) bodyValidators(f *jen.File) {
	ops := make([]*ir.Operation, 0, len(in.IR.Operations))
	for _, op := range in.IR.Operations {
		if op.Body != nil {
			ops = append(ops, op)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].Name < ops[j].Name })
	writers := map[string]*ir.Type{}
	for _, op := range ops {
		b := op.Body
		alias := oapi.RequestBodyType(op)
		var body []jen.Code
		body = append(body, jen.Var().Id("errs").Qual(rtPath, "ValidationError"))
		switch {
		case b.Family != nil:
			fam := b.Family
			body = append(body, jen.If(jen.Id("v").Dot("Value").Op("==").Nil()).Block(jen.Return(jen.Qual(implPath, "Required").Call(jen.Lit("")))))
			body = append(body, jen.Id("v").Dot("Value").Dot("validate").Call(jen.Lit(""), jen.Op("&").Id("errs")))
			if b.Write || len(b.Required) > 0 {
				for _, m := range fam.Members {
					writers[m.Type.Name] = m.Type
				}
				body = append(body, jen.If(jen.List(jen.Id("c"), jen.Id("ok")).Op(":=").Id("v").Dot("Value").Assert(jen.Id("writeChecker")), jen.Id("ok")).Block(
					jen.Id("c").Dot("checkWrite").Call(jen.Op("&").Id("errs"), requiredList(b.Required), jen.Lit(b.Write)),
				))
			}
		case b.Struct != nil && b.Struct.Schema != "" && !b.Struct.Custom:
			// (an inline body's <Op>JSONRequestBody is a type of its own,
			// without the body struct's methods: it goes to the default)
			body = append(body, jen.Id("v").Dot("validate").Call(jen.Lit(""), jen.Op("&").Id("errs")))
			required := b.Required
			if len(required) == 0 {
				required = b.Struct.Required // action parameters
			}
			if b.Write || len(required) > 0 {
				writers[b.Struct.Name] = b.Struct
				body = append(body, jen.Id("v").Dot("checkWrite").Call(jen.Op("&").Id("errs"), requiredList(required), jen.Lit(b.Write)))
			}
		default:
			body = append(body, jen.Return(jen.Qual(implPath, "ValidateBody").Call(jen.Id("v"))))
			f.Func().Id("validate" + op.Name + "Body").Params(jen.Id("v").Op("*").Id(alias)).Error().Block(body[1:]...)
			f.Line()
			continue
		}
		body = append(body, jen.Return(jen.Id("errs").Dot("Err").Call()))
		f.Commentf("validate%sBody checks a %s request body before the handler runs.", op.Name, op.Name)
		f.Func().Id("validate" + op.Name + "Body").Params(jen.Id("v").Op("*").Id(alias)).Error().Block(body...)
		f.Line()
	}
	if len(writers) == 0 {
		return
	}
	f.Comment("writeChecker is implemented by the types that can be sent in a create or")
	f.Comment("update request body.")
	f.Type().Id("writeChecker").Interface(jen.Id("checkWrite").Params(jen.Op("*").Qual(rtPath, "ValidationError"), jen.Index().String(), jen.Bool()))
	f.Line()
	names := make([]string, 0, len(writers))
	for n := range writers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		checkWrite(f, writers[n])
	}
}

func requiredList(req []string) jen.Code {
	if len(req) == 0 {
		return jen.Nil()
	}
	var items []jen.Code
	for _, r := range req {
		items = append(items, jen.Lit(r))
	}
	return jen.Index().String().Values(items...)
}

// checkWrite writes a type's checkWrite: each required property is there,
// and with write set no read-only property is.
func checkWrite(f *jen.File, t *ir.Type) {
	var ro, has []jen.Code
	for _, fl := range t.Fields {
		present := jen.Id("v").Dot(fl.Name).Op("!=").Nil()
		if !fl.Type.Pointer && !fl.Type.Slice && !fl.Type.Map && fl.Family == nil {
			present = jen.True() // a required field without a pointer is always sent
		}
		has = append(has, jen.Case(jen.Lit(fl.JSON)).Block(jen.Return(present)))
		if fl.ReadOnly && fl.JSON != "@odata.type" {
			ro = append(ro, jen.If(jen.Id("write").Op("&&").Add(jen.Id("v").Dot(fl.Name).Op("!=").Nil())).Block(
				jen.Id("errs").Dot("Add").Call(jen.Lit(fl.JSON), jen.Lit("read-only property: the service sets it, a request may not")),
			))
		}
	}
	has = append(has, jen.Default().Block(jen.Return(jen.False())))
	body := append(ro, jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Id("required")).Block(
		jen.If(jen.Op("!").Id("v").Dot("has").Call(jen.Id("r"))).Block(jen.Id("errs").Dot("Add").Call(jen.Id("r"), jen.Lit("required property is missing"))),
	))
	f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("checkWrite").Params(jen.Id("errs").Op("*").Qual(rtPath, "ValidationError"), jen.Id("required").Index().String(), jen.Id("write").Bool()).Block(body...)
	f.Line()
	f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("has").Params(jen.Id("name").String()).Bool().Block(jen.Switch(jen.Id("name")).Block(has...))
	f.Line()
}
