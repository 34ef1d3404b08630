package impl

import (
	"encoding/json"
	"reflect"
	"unsafe"

	"github.com/graphdoc/graphdoc/graphrt"
)

// Unmarshal decodes the JSON document data into v, a pointer to a struct
// generated code declares (or to a family's Any wrapper, or to a family
// interface), by its type's plan: members matched by exact JSON name (the
// json tag's), unknown members skipped, every bad value recorded with its
// JSON path. It returns what the generated UnmarshalJSON methods return:
// a *graphrt.ValidationError listing the bad values, a
// *graphrt.SyntaxError for malformed JSON (or a *graphrt.TypeError for a
// struct's value that is not an object).
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	pl := planOf(rv.Type().Elem())
	p := rv.UnsafePointer()
	return Decode(data, func(d *Decoder, errs *graphrt.ValidationError) error {
		st := getState(d, errs)
		err := pl.decodeAt(st, p)
		_ = putState(st) // nothing of its own: errs is Decode's
		return err
	})
}

// Validate checks a decoded value, v a pointer to a generated struct, as
// the generated Validate methods do: enum members (a field whose type has
// Valid() bool; the message lists its EnumValues()), strings tagged
// graph:"time", nested structs, slices element by element, family values
// (their concrete type's checks), and a family member's @odata.type. It
// returns a *graphrt.ValidationError listing every problem with its JSON
// path, or nil.
func Validate(v any) error {
	pl, p := planRoot(v)
	if pl == nil || !pl.needs.Load() {
		return nil
	}
	st := getState(nil, nil)
	pl.validateAt(st, p)
	return putState(st)
}

// ValidateRequestBody is what a server runs on a decoded request body:
// Validate, then the members the operation requires (by JSON name;
// present is a non-nil pointer, slice, map or interface, or any other
// field), and with write set, no member tagged graph:"ro" but
// @odata.type, all in one *graphrt.ValidationError. For a family's Any
// wrapper the concrete value is checked, and a nil one is "a request body
// is required".
//
// It is the design's ValidateBody(v, required, write), named so because
// server.go's one-argument ValidateBody (which generated code no longer
// calls) holds that name.
func ValidateRequestBody(v any, required []string, write bool) error {
	pl, p := planRoot(v)
	if pl == nil {
		return Required("")
	}
	if pl.wrapper != nil {
		if pl, p = concreteAt(pl.typ.Field(0).Type, pl.wrapper, p); pl == nil {
			return Required("")
		}
	}
	st := getState(nil, nil)
	pl.validateAt(st, p)
	pl.checkWrite(p, st.errs, required, write)
	return putState(st)
}

// root returns the plan and address of the value v points to (or of a
// copy of v when it is no pointer); nil for a nil pointer.
func planRoot(v any) (*plan, unsafe.Pointer) {
	rv := reflect.ValueOf(v)
	switch {
	case !rv.IsValid():
		return nil, nil
	case rv.Kind() != reflect.Pointer:
		c := reflect.New(rv.Type())
		c.Elem().Set(rv)
		rv = c
	case rv.IsNil():
		return nil, nil
	}
	return planOf(rv.Type().Elem()), rv.UnsafePointer()
}

// concreteAt returns the plan and address of the concrete value of the
// family interface of type t at p, or nil when it is nil.
func concreteAt(t reflect.Type, ref *familyRef, p unsafe.Pointer) (*plan, unsafe.Pointer) {
	if *(*unsafe.Pointer)(p) == nil {
		return nil, nil
	}
	if f := ref.fam.Load(); f != nil {
		return f.concrete(f.load(p))
	}
	c := reflect.NewAt(t, p).Elem().Elem()
	if c.Kind() != reflect.Pointer || c.IsNil() || c.Type().Elem().Kind() != reflect.Struct {
		return nil, nil
	}
	return planOf(c.Type().Elem()), c.UnsafePointer()
}

// decodeAt decodes the next value into the value at p: a struct's object
// (generated code's decodeJSON: null leaves the value as it is, members
// are matched by exact name, others skipped), or another type's value.
func (pl *plan) decodeAt(st *planState, p unsafe.Pointer) error {
	if pl.value != nil {
		return pl.value(st, p)
	}
	d := st.d
	if d.Null() {
		return nil
	}
	return d.Object(func(key []byte) error {
		i, ok := pl.index[string(key)]
		if !ok {
			return d.Skip()
		}
		f := &pl.fields[i]
		st.push(f.name)
		err := f.decode(st, unsafe.Add(p, f.off))
		st.pop()
		return err
	})
}

// validateAt is generated code's validate on the value at p: a member's
// @odata.type first, then each field with a check, in field order.
func (pl *plan) validateAt(st *planState, p unsafe.Pointer) {
	if pl.check != nil {
		pl.check(st, p)
		return
	}
	if m := pl.member.Load(); m != nil {
		m.check(st, *(**string)(unsafe.Add(p, pl.odataOff)))
	}
	for _, f := range pl.checked {
		f.check(st, unsafe.Add(p, f.off))
	}
}

// checkWrite is generated code's checkWrite: with write set, no read-only
// member but @odata.type is sent; every required member is.
func (pl *plan) checkWrite(p unsafe.Pointer, errs *graphrt.ValidationError, required []string, write bool) {
	if write {
		for i := range pl.fields {
			f := &pl.fields[i]
			if f.ro && f.name != "@odata.type" && f.present(unsafe.Add(p, f.off)) {
				errs.Add(f.name, "read-only property: the service sets it, a request may not")
			}
		}
	}
	for _, r := range required {
		if !pl.has(p, r) {
			errs.Add(r, "required property is missing")
		}
	}
}

// has is generated code's has: whether the member named name is sent.
func (pl *plan) has(p unsafe.Pointer, name string) bool {
	i, ok := pl.index[name]
	if !ok {
		return false
	}
	f := &pl.fields[i]
	return f.present(unsafe.Add(p, f.off))
}
