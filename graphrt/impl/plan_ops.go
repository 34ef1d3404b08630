package impl

import (
	"encoding"
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/graphdoc/graphdoc/graphrt"
)

// This file builds the per-field functions of plans: for each shape a
// field can have ([*]T, [*][]T, with T a scalar, a struct or a family
// interface), the decoder the generated code used for it
// (generator/codec/decode.go) and its validation
// (generator/codec/validate.go).

// planState is the state of one decoding or validation: the decoder and
// the errors collected (decoding), and the path of the value at hand, as
// a stack of steps. The path is made a string only for a problem (the
// generated code built every nested member's path, by concatenation, as
// it went).
type planState struct {
	d    *Decoder
	errs *graphrt.ValidationError
	path []planStep
	// own is where a validation collects (errs points to it): a value
	// without problems then costs no allocation, where a collection
	// passed through the checks' function values would escape.
	own graphrt.ValidationError
}

// planStep is one step of a path: a member name, or an index when index
// is not negative.
type planStep struct {
	name  string
	index int
}

func (st *planState) push(name string) { st.path = append(st.path, planStep{name: name, index: -1}) }
func (st *planState) pushIndex(i int)  { st.path = append(st.path, planStep{index: i}) }
func (st *planState) pop()             { st.path = st.path[:len(st.path)-1] }

// pathString returns the path of the value at hand, as Join and Index
// write it (assignments[2].target.groupId).
func (st *planState) pathString() string {
	s := ""
	for _, e := range st.path {
		if e.index < 0 {
			s = Join(s, e.name)
		} else {
			s = Index(s, e.index)
		}
	}
	return s
}

// fix gives the problems recorded since there were n of them (by helpers
// called with an empty path) the path of the value at hand.
func (st *planState) fix(n int) {
	if len(st.errs.Fields) == n {
		return
	}
	path := st.pathString()
	for i := n; i < len(st.errs.Fields); i++ {
		st.errs.Fields[i].Path = path
	}
}

// add records a problem with the value at hand.
func (st *planState) add(format string, args ...any) {
	st.errs.Add(st.pathString(), format, args...)
}

var planStates = sync.Pool{New: func() any { return new(planState) }}

// getState returns a state for a decoding with d into errs, or for a
// validation (d and errs nil) into the state's own collection.
func getState(d *Decoder, errs *graphrt.ValidationError) *planState {
	st := planStates.Get().(*planState)
	if errs == nil {
		errs = &st.own
	}
	st.d, st.errs, st.path = d, errs, st.path[:0]
	return st
}

// putState gives st back to the pool, and returns what a validation
// collected, as ValidationError.Err does.
func putState(st *planState) error {
	err := st.own.Err()
	if err != nil {
		st.own.Fields = nil // the error returned holds them
	}
	st.d, st.errs = nil, nil
	planStates.Put(st)
	return err
}

// planCheck is the validation of one value of a field's element type.
// A leaf (an enum, a time-of-day string) is tested by valid and reported
// by fail; a nested value (a struct, a family value) is walked.
type planCheck struct {
	valid func(p unsafe.Pointer) bool
	fail  func(st *planState, p unsafe.Pointer)
	walk  func(st *planState, p unsafe.Pointer)
	// gate, when set, says whether walking can find anything now.
	gate func() bool
}

// run checks the value at p, the member name of the value at hand (the
// value at hand itself when name is "": a root value).
func (c *planCheck) run(st *planState, p unsafe.Pointer, name string) {
	if c.walk != nil {
		if c.gate != nil && !c.gate() {
			return
		}
	} else if c.valid(p) {
		return
	}
	if name != "" {
		st.push(name)
	}
	if c.walk != nil {
		c.walk(st, p)
	} else {
		c.fail(st, p)
	}
	if name != "" {
		st.pop()
	}
}

// planFieldCheck is a field's validation: the field's value is at p; the
// value at hand is the struct (the path does not name the field yet).
type planFieldCheck func(st *planState, p unsafe.Pointer)

// planValueOps returns how to decode and check a value of type t (a field, or
// a root value); timeOfDay is set for a field tagged graph:"time".
func planValueOps(t reflect.Type, timeOfDay bool) (planDecodeFn, planFieldCheck) {
	return planValueOpsNamed(t, timeOfDay, "")
}

// planValueOpsNamed is planValueOps for a field named name (its check needs the
// name to build paths).
func planValueOpsNamed(t reflect.Type, timeOfDay bool, name string) (planDecodeFn, planFieldCheck) {
	switch t.Kind() {
	case reflect.Pointer:
		e := t.Elem()
		if e.Kind() == reflect.Slice && !planIsBytes(e) && !planDecodesItself(e) {
			if elem, c, ok := planElemOps(e.Elem(), timeOfDay); ok {
				return planSliceDecode(e, elem, true), planSliceCheck(e, c, true, name)
			}
			return planJSONDecode(t), nil
		}
		return planPtrOps(e, timeOfDay, name)
	case reflect.Slice:
		if planIsBytes(t) || planDecodesItself(t) {
			break
		}
		if elem, c, ok := planElemOps(t.Elem(), timeOfDay); ok {
			return planSliceDecode(t, elem, false), planSliceCheck(t, c, false, name)
		}
		return planJSONDecode(t), nil
	case reflect.Map:
		return planJSONDecode(t), nil
	}
	dec, c, ok := planElemOps(t, timeOfDay)
	if !ok {
		return planJSONDecode(t), nil
	}
	if c == nil {
		return dec, nil
	}
	return dec, func(st *planState, p unsafe.Pointer) {
		c.run(st, p, name)
	}
}

// planElemOps returns how to decode a value of type t into memory holding a
// T (generated code's Value, decodeJSON and decode<Base>Kind), and its
// check (nil when it needs none). ok is false for a type decoded with
// encoding/json, which a slice of it then is too.
func planElemOps(t reflect.Type, timeOfDay bool) (dec planDecodeFn, c *planCheck, ok bool) {
	switch planClassify(t) {
	case planTime:
		return planValueOp(ReadDateTime), nil, true
	case planBytes:
		return planValueOp(ReadBytes), nil, true
	case planText:
		return planTextDecode(t), nil, true
	case planString:
		return planValueOp((*Decoder).Str), planStringCheck(t, timeOfDay), true
	case planBool:
		return planValueOp((*Decoder).Bool), nil, true
	case planInt:
		return planValueOp(ReadInt), nil, true
	case planInt8:
		return planValueOp(ReadInt8), nil, true
	case planInt16:
		return planValueOp((*Decoder).Int16), nil, true
	case planInt32:
		return planValueOp((*Decoder).Int32), nil, true
	case planInt64:
		return planValueOp((*Decoder).Int64), nil, true
	case planUint8:
		return planValueOp((*Decoder).Uint8), nil, true
	case planFloat32:
		return planValueOp((*Decoder).Float32), nil, true
	case planFloat64:
		return planValueOp((*Decoder).Float64), nil, true
	case planStruct:
		sub := planLocked(t)
		return sub.decodeAt, planStructCheck(sub), true
	case planFamily:
		ref := familyRefLocked(t)
		dec, c := planFamilyOps(t, ref)
		return dec, c, true
	}
	return nil, nil, false
}

// planPtrOps returns the decoder and check of a field of type *e (e not a
// slice).
func planPtrOps(e reflect.Type, timeOfDay bool, name string) (planDecodeFn, planFieldCheck) {
	var dec planDecodeFn
	var c *planCheck
	switch k := planClassify(e); k {
	case planTime:
		dec = planArenaOp(DateTimePtr)
	case planBytes:
		dec = planArenaOp(BytesPtr)
	case planText:
		dec = planTextPtrDecode(e)
	case planString:
		dec, c = planArenaOp(StrPtr), planStringCheck(e, timeOfDay)
	case planBool:
		dec = planArenaOp(BoolPtr)
	case planInt:
		dec = planPtrOp(ReadInt)
	case planInt8:
		dec = planPtrOp(ReadInt8)
	case planInt16:
		dec = planPtrOp((*Decoder).Int16)
	case planInt32:
		dec = planArenaOp(Int32Ptr)
	case planInt64:
		dec = planArenaOp(Int64Ptr)
	case planUint8:
		dec = planPtrOp((*Decoder).Uint8)
	case planFloat32:
		dec = planPtrOp((*Decoder).Float32)
	case planFloat64:
		dec = planArenaOp(Float64Ptr)
	case planStruct:
		sub := planLocked(e)
		dec, c = planStructPtrDecode(e, sub), planStructCheck(sub)
	default: // pointers to interfaces, maps, pointers: encoding/json
		return planJSONDecode(reflect.PointerTo(e)), nil
	}
	if c == nil {
		return dec, nil
	}
	return dec, func(st *planState, p unsafe.Pointer) {
		if q := *(*unsafe.Pointer)(p); q != nil {
			c.run(st, q, name)
		}
	}
}

// planValueOp is generated code's `v.X, err = impl.Value(d, errs, path, read)`.
func planValueOp[T any](read func(*Decoder) (T, error)) planDecodeFn {
	return func(st *planState, p unsafe.Pointer) error {
		n := len(st.errs.Fields)
		v, err := Value(st.d, st.errs, "", read)
		*(*T)(p) = v
		st.fix(n)
		return err
	}
}

// planPtrOp is generated code's `v.X, err = impl.Ptr(d, errs, path, read)`.
func planPtrOp[T any](read func(*Decoder) (T, error)) planDecodeFn {
	return func(st *planState, p unsafe.Pointer) error {
		n := len(st.errs.Fields)
		v, err := Ptr(st.d, st.errs, "", read)
		*(**T)(p) = v
		st.fix(n)
		return err
	}
}

// planArenaOp is generated code's `v.X, err = impl.StrPtr(d, errs, path)` and
// the like.
func planArenaOp[T any](read func(*Decoder, *graphrt.ValidationError, string) (*T, error)) planDecodeFn {
	return func(st *planState, p unsafe.Pointer) error {
		n := len(st.errs.Fields)
		v, err := read(st.d, st.errs, "")
		*(**T)(p) = v
		st.fix(n)
		return err
	}
}

// planJSONDecode is generated code's `err = impl.JSON(d, errs, path, &v.X)`.
func planJSONDecode(t reflect.Type) planDecodeFn {
	return func(st *planState, p unsafe.Pointer) error {
		n := len(st.errs.Fields)
		err := JSON(st.d, st.errs, "", reflect.NewAt(t, p).Interface())
		st.fix(n)
		return err
	}
}

// planTextDecode is generated code's `impl.Value(d, errs, path, impl.Text[T])`.
func planTextDecode(t reflect.Type) planDecodeFn {
	want := "a valid " + t.String()
	return func(st *planState, p unsafe.Pointer) error {
		_, err := planTextInto(st, t, want, p)
		return err
	}
}

// planTextPtrDecode is generated code's `impl.Ptr(d, errs, path, impl.Text[T])`.
func planTextPtrDecode(t reflect.Type) planDecodeFn {
	want := "a valid " + t.String()
	return func(st *planState, p unsafe.Pointer) error {
		if st.d.Null() {
			*(*unsafe.Pointer)(p) = nil
			return nil
		}
		q := reflect.New(t).UnsafePointer()
		ok, err := planTextInto(st, t, want, q)
		if !ok {
			q = nil
		}
		*(*unsafe.Pointer)(p) = q
		return err
	}
}

// planTextInto reads a string into the T at p with its UnmarshalText, as
// impl.Value with impl.Text[T] does: a bad value is recorded and leaves
// the zero value. ok reports success.
func planTextInto(st *planState, t reflect.Type, want string, p unsafe.Pointer) (ok bool, err error) {
	v := reflect.NewAt(t, p)
	v.Elem().SetZero()
	n := len(st.errs.Fields)
	s, err := Value(st.d, st.errs, "", (*Decoder).Str)
	if err != nil || len(st.errs.Fields) > n {
		st.fix(n)
		return false, err
	}
	if err := v.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
		v.Elem().SetZero()
		st.add("%s", describe(&graphrt.FormatError{Want: want, Value: s, Err: err}))
		return false, nil
	}
	return true, nil
}

// planStructPtrDecode is generated code's decoding of a *T member: null is
// nil, anything else a new T.
func planStructPtrDecode(t reflect.Type, sub *plan) planDecodeFn {
	return func(st *planState, p unsafe.Pointer) error {
		if st.d.Null() {
			*(*unsafe.Pointer)(p) = nil
			return nil
		}
		q := reflect.New(t).UnsafePointer()
		*(*unsafe.Pointer)(p) = q
		return sub.decodeAt(st, q)
	}
}

// planStructCheck is the validation of a struct value: its plan's, walked only
// when it can find something.
func planStructCheck(sub *plan) *planCheck {
	return &planCheck{walk: sub.validateAt, gate: sub.needs.Load}
}

// planStringCheck returns the check of a string type: an enum's membership
// (a type with Valid() bool, listing EnumValues() in the message), or a
// time of day for a string tagged graph:"time"; nil for other strings.
func planStringCheck(t reflect.Type, timeOfDay bool) *planCheck {
	pt := reflect.PointerTo(t)
	if pt.Implements(planTypeValider) {
		values := "the documented members"
		if pt.Implements(planTypeEnumValuer) {
			if vs := reflect.New(t).Interface().(interface{ EnumValues() []string }).EnumValues(); len(vs) > 0 {
				values = strings.Join(vs, ", ")
			}
		}
		// valid calls Valid on the value at p through an interface value
		// made once, by reflection, and pointed at p: an interface is a
		// method table and a data pointer, and for a *T the data pointer
		// is the pointer itself.
		proto := reflect.New(t).Interface().(interface{ Valid() bool })
		return &planCheck{
			valid: func(p unsafe.Pointer) bool {
				v := proto
				(*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1] = p
				return v.Valid()
			},
			fail: func(st *planState, p unsafe.Pointer) {
				st.add("unknown value %q; want one of %s", reflect.NewAt(t, p).Elem().Interface(), values)
			},
		}
	}
	if timeOfDay {
		return &planCheck{
			valid: func(p unsafe.Pointer) bool {
				_, err := graphrt.ParseTimeOfDay(*(*string)(p))
				return err == nil
			},
			fail: func(st *planState, p unsafe.Pointer) {
				st.add("%q is not a time of day (hh:mm:ss)", reflect.NewAt(t, p).Elem().Interface())
			},
		}
	}
	return nil
}

// planSlice is the memory of a slice.
type planSlice struct {
	data     unsafe.Pointer
	len, cap int
}

// planZeroBase is where empty but non-nil slices point.
var planZeroBase uintptr

// planSliceDecode is generated code's decoding of a []T or *[]T member
// (sliceOf): null is nil; otherwise a new slice, non-nil when empty, of
// the elements decoded one by one, kept when bad (as their zero value)
// and assigned even when decoding stops on an error.
func planSliceDecode(st reflect.Type, elem planDecodeFn, ptr bool) planDecodeFn {
	size := st.Elem().Size()
	return func(s *planState, p unsafe.Pointer) error {
		d := s.d
		if d.Null() {
			if ptr {
				*(*unsafe.Pointer)(p) = nil
			} else {
				*(*planSlice)(p) = planSlice{}
			}
			return nil
		}
		h := planSlice{data: unsafe.Pointer(&planZeroBase)}
		err := d.Array(func(i int) error {
			if h.len == h.cap {
				planGrowSlice(st, &h)
			}
			slot := unsafe.Add(h.data, uintptr(h.len)*size)
			h.len++
			s.pushIndex(i)
			err := elem(s, slot)
			s.pop()
			return err
		})
		if ptr {
			q := new(planSlice)
			*q = h
			*(*unsafe.Pointer)(p) = unsafe.Pointer(q)
		} else {
			*(*planSlice)(p) = h
		}
		return err
	}
}

// planGrowSlice gives h, a slice of type st, room for more elements. The new
// room is zeroed: elements are decoded in place as into a new variable.
func planGrowSlice(st reflect.Type, h *planSlice) {
	n := max(4, 2*h.cap)
	s := reflect.MakeSlice(st, h.len, n)
	if h.len > 0 {
		reflect.Copy(s, reflect.NewAt(st, unsafe.Pointer(h)).Elem())
	}
	h.data, h.cap = s.UnsafePointer(), n
}

// planSliceCheck is the validation of a []T or *[]T member: every element at
// path name[i].
func planSliceCheck(st reflect.Type, c *planCheck, ptr bool, name string) planFieldCheck {
	if c == nil {
		return nil
	}
	size := st.Elem().Size()
	return func(s *planState, p unsafe.Pointer) {
		if ptr {
			if p = *(*unsafe.Pointer)(p); p == nil {
				return
			}
		}
		h := (*planSlice)(p)
		if h.len == 0 || (c.gate != nil && !c.gate()) {
			return
		}
		if name != "" {
			s.push(name)
		}
		for i := 0; i < h.len; i++ {
			q := unsafe.Add(h.data, uintptr(i)*size)
			if c.walk != nil {
				s.pushIndex(i)
				c.walk(s, q)
				s.pop()
			} else if !c.valid(q) {
				s.pushIndex(i)
				c.fail(s, q)
				s.pop()
			}
		}
		if name != "" {
			s.pop()
		}
	}
}
