package impl

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/graphdoc/graphdoc/graphrt"
)

// Families are Graph's polymorphism: a base type and the types derived
// from it, all implementing the family's interface (<Base>Kind), told
// apart in JSON by @odata.type. Generated code registers each family once,
// at init:
//
//	func init() {
//		impl.RegisterFamily[ShapeKind](true,
//			impl.Member[Shape]("#microsoft.graph.shape"),
//			impl.Member[Circle]("#microsoft.graph.circle"))
//	}

// MemberSpec is one member of a family, for RegisterFamily.
type MemberSpec struct {
	typ       reflect.Type
	odataType string
	// newValue returns a new *T, as an interface and as a pointer.
	newValue func() (any, unsafe.Pointer)
}

// Member describes the family member T (a struct type, whose pointer
// implements the family's interface) and its @odata.type, such as
// "#microsoft.graph.circle".
func Member[T any](odataType string) MemberSpec {
	return MemberSpec{
		typ:       reflect.TypeFor[T](),
		odataType: odataType,
		newValue: func() (any, unsafe.Pointer) {
			p := new(T)
			return p, unsafe.Pointer(p)
		},
	}
}

// family is a registered family.
type family struct {
	iface    reflect.Type
	abstract bool
	members  []*familyMember // the base first
	// byOData finds a member other than the base by its @odata.type,
	// with or without "#".
	byOData map[string]*familyMember
	// byType finds a member by its pointer type.
	byType map[reflect.Type]*familyMember
	// decodeTo decodes a value into an I at p (decode<Base>Kind).
	decodeTo planDecodeFn
	// load returns the I at p as an interface, nil when it is nil.
	load func(p unsafe.Pointer) any
}

type familyMember struct {
	MemberSpec
	plan *plan
}

// familyRef is where a family interface's registration is found; plans
// hold it, so that a family registered after a plan was built is used.
type familyRef struct {
	fam atomic.Pointer[family]
}

var (
	// familyRefs maps a family interface type to its familyRef (under planMu).
	familyRefs = map[reflect.Type]*familyRef{}
	// familyBases maps a struct type to the family it is the base of, and
	// familyODataTypes a member type to its @odata.type (under planMu).
	familyBases      = map[reflect.Type]*family{}
	familyODataTypes = map[reflect.Type]string{}
)

// familyRefLocked returns the familyRef of interface type t, planMu held.
func familyRefLocked(t reflect.Type) *familyRef {
	r := familyRefs[t]
	if r == nil {
		r = &familyRef{}
		familyRefs[t] = r
		familyIndex.Store(t, r)
	}
	return r
}

// familyIndex is familyRefs, for reading without planMu.
var familyIndex sync.Map

// familyOf returns the family of interface type t, or nil.
func familyOf(t reflect.Type) *family {
	if r, ok := familyIndex.Load(t); ok {
		return r.(*familyRef).fam.Load()
	}
	return nil
}

// RegisterFamily registers the family whose interface is I: its members,
// the base first, and whether the base is abstract (a value must then be
// of a derived type). Decoding an I, a []I or a family's Any wrapper then
// picks the member by @odata.type, and validating a member checks its
// @odata.type. It panics if I is not an interface or a member's pointer
// does not implement it.
func RegisterFamily[I any](abstract bool, members ...MemberSpec) {
	it := reflect.TypeFor[I]()
	if it.Kind() != reflect.Interface {
		panic(fmt.Sprintf("impl.RegisterFamily: %v is not an interface", it))
	}
	if len(members) == 0 {
		panic(fmt.Sprintf("impl.RegisterFamily: family %v has no members", it))
	}
	f := &family{iface: it, abstract: abstract, byOData: map[string]*familyMember{}, byType: map[reflect.Type]*familyMember{}}
	for _, m := range members {
		if m.typ == nil || m.typ.Kind() != reflect.Struct || !reflect.PointerTo(m.typ).Implements(it) {
			panic(fmt.Sprintf("impl.RegisterFamily: member %v of family %v is not a struct whose pointer implements it", m.typ, it))
		}
	}
	f.decodeTo = func(st *planState, p unsafe.Pointer) error {
		v, err := f.decode(st)
		if v == nil {
			var zero I
			*(*I)(p) = zero
			return err
		}
		*(*I)(p) = v.(I)
		return err
	}
	f.load = func(p unsafe.Pointer) any { return any(*(*I)(p)) }

	planMu.Lock()
	defer planMu.Unlock()
	for i, m := range members {
		fm := &familyMember{MemberSpec: m, plan: planLocked(m.typ)}
		f.members = append(f.members, fm)
		if _, dup := f.byType[reflect.PointerTo(m.typ)]; !dup {
			f.byType[reflect.PointerTo(m.typ)] = fm
		}
		if i > 0 {
			for _, key := range []string{m.odataType, bareODataType(m.odataType)} {
				if _, dup := f.byOData[key]; !dup {
					f.byOData[key] = fm
				}
			}
		}
		if _, ok := familyODataTypes[m.typ]; !ok {
			familyODataTypes[m.typ] = m.odataType
		}
	}
	if _, ok := familyBases[members[0].typ]; !ok {
		familyBases[members[0].typ] = f
	}
	familyRefLocked(it).fam.Store(f)
	for _, q := range allPlans {
		q.member.Store(memberInfoLocked(q))
	}
	planComputeNeeds(allPlans)
}

// bareODataType is an @odata.type without its "#", as generated code's
// own[1:].
func bareODataType(odataType string) string {
	if odataType == "" {
		return ""
	}
	return odataType[1:]
}

// memberInfoLocked returns the @odata.type check of q's type from the
// families registered (planMu held): a family base allows its family's
// members, another member only itself; nil for a type that is no member
// or has no `OdataType *string` field.
func memberInfoLocked(q *plan) *memberInfo {
	if !q.hasOData {
		return nil
	}
	if f := familyBases[q.typ]; f != nil {
		m := &memberInfo{own: bareODataType(f.members[0].odataType), abstract: f.abstract}
		m.allowed = []string{m.own}
		for _, fm := range f.members[1:] {
			m.allowed = append(m.allowed, bareODataType(fm.odataType))
		}
		if len(m.allowed) > 8 {
			m.allowedM = map[string]bool{}
			for _, a := range m.allowed {
				m.allowedM[a] = true
			}
		}
		return m
	}
	if o, ok := familyODataTypes[q.typ]; ok {
		m := &memberInfo{own: bareODataType(o)}
		m.allowed = []string{m.own}
		return m
	}
	return nil
}

// decode is generated code's decode<Base>Kind: null is nil; otherwise the
// member the value's @odata.type names (the base when it names none or
// one not registered), decoded from the value's own bytes. It returns a
// pointer to the member, as an interface.
func (f *family) decode(st *planState) (any, error) {
	d := st.d
	if d.Null() {
		return nil, nil
	}
	raw, err := d.Raw()
	if err != nil {
		return nil, err
	}
	m := f.byOData[ODataType(raw)]
	if m == nil {
		m = f.members[0]
	}
	v, p := m.newValue()
	st.d = NewDecoder(raw)
	err = m.plan.decodeAt(st, p)
	st.d = d
	return v, err
}

// concrete returns the plan and the address of a family value's concrete
// struct, or nil.
func (f *family) concrete(v any) (*plan, unsafe.Pointer) {
	t := reflect.TypeOf(v)
	var pl *plan
	if m := f.byType[t]; m != nil {
		pl = m.plan
	} else if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		pl = planOf(t.Elem())
	} else {
		return nil, nil
	}
	p := reflect.ValueOf(v).UnsafePointer()
	if p == nil {
		return nil, nil
	}
	return pl, p
}

// planFamilyOps returns the decoder and check of a value of family interface
// type t: decode<Base>Kind, and the concrete value's validation. Until the
// family is registered, values are decoded with encoding/json (which
// fails) and not checked.
func planFamilyOps(t reflect.Type, ref *familyRef) (planDecodeFn, *planCheck) {
	fallback := planJSONDecode(t)
	dec := func(st *planState, p unsafe.Pointer) error {
		if f := ref.fam.Load(); f != nil {
			return f.decodeTo(st, p)
		}
		return fallback(st, p)
	}
	walk := func(st *planState, p unsafe.Pointer) {
		if *(*unsafe.Pointer)(p) == nil { // a nil interface
			return
		}
		f := ref.fam.Load()
		if f == nil {
			return
		}
		if pl, q := f.concrete(f.load(p)); pl != nil {
			pl.validateAt(st, q)
		}
	}
	return dec, &planCheck{walk: walk}
}

// UnmarshalFamily decodes a value of the registered family I, the member
// its @odata.type names (the base when it names none, or one not
// registered), as a family's Any wrapper does. It returns the value with
// the error, which lists every bad field as Unmarshal's does.
func UnmarshalFamily[I any](data []byte) (I, error) {
	var v I
	f := familyOf(reflect.TypeFor[I]())
	if f == nil {
		return v, fmt.Errorf("impl.UnmarshalFamily: %v is not a registered family", reflect.TypeFor[I]())
	}
	err := Decode(data, func(d *Decoder, errs *graphrt.ValidationError) error {
		st := getState(d, errs)
		err := f.decodeTo(st, unsafe.Pointer(&v))
		_ = putState(st) // nothing of its own: errs is Decode's
		return err
	})
	return v, err
}

// check is generated code's odataTypeCheck of a member whose @odata.type
// field holds odataType.
func (m *memberInfo) check(st *planState, odataType *string) {
	abstract := m.abstract && (odataType == nil || strings.TrimPrefix(*odataType, "#") == m.own)
	outside := odataType != nil && !m.allows(strings.TrimPrefix(*odataType, "#"))
	if !abstract && !outside {
		return
	}
	st.push("@odata.type")
	if abstract {
		st.add("%s is abstract: @odata.type must name a type derived from it", m.own)
	}
	if outside {
		st.add("%q is not %s or a type derived from it", *odataType, m.own)
	}
	st.pop()
}

// allows reports whether t, an @odata.type without "#", is the member's
// type or one derived from it.
func (m *memberInfo) allows(t string) bool {
	if m.allowedM != nil {
		return m.allowedM[t]
	}
	return slices.Contains(m.allowed, t)
}
