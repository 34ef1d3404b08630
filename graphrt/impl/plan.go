package impl

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// A plan says how to decode and validate one Go type: the struct types
// generated code declares, and the other types a root value may have. It
// is built once per type, by reflection, and then works on unsafe pointers
// with per-field functions, so that decoding costs what the generated
// per-field code did: no reflect.Value per field.
//
// Plans reproduce the generated decoders (generator/codec/decode.go) and
// validators (generator/codec/validate.go) exactly: same field order, same
// paths, same messages, same treatment of null and of bad values.

// planDecodeFn decodes the next JSON value of st.d into the Go value at p,
// recording bad values in st.errs at the path of the value at hand. It
// returns an error only to stop decoding: malformed JSON, or a struct's
// value that is not an object (as generated decodeJSON methods do).
type planDecodeFn func(st *planState, p unsafe.Pointer) error

// plan is the decoder and validator of one type.
type plan struct {
	typ reflect.Type

	// A struct's members, in field order, and their index by JSON name.
	fields []planField
	index  map[string]int
	// checked lists the fields with a check, in field order.
	checked []*planField
	// odataOff is the offset of the `OdataType *string` field named
	// "@odata.type", when the struct has one (hasOData).
	odataOff uintptr
	hasOData bool
	// member is the @odata.type check of a family member, nil for a
	// struct that is none; RegisterFamily may set it after the plan is
	// built.
	member atomic.Pointer[memberInfo]
	// needs says whether validating a value can find anything (an enum,
	// a time string, a family value, a member's @odata.type, in the
	// value or nested in it): values that cannot fail are not walked.
	needs atomic.Bool

	// wrapper is set for a family's Any wrapper, struct{ Value I }: it
	// decodes as the family, from the whole document.
	wrapper *familyRef

	// For a type that is not a struct (a root value such as *[]T, or a
	// family interface): how to decode and check it.
	value planDecodeFn
	check planFieldCheck
}

// planField is one member of a struct.
type planField struct {
	name   string // JSON name
	off    uintptr
	typ    reflect.Type
	ro     bool // graph:"ro"
	decode planDecodeFn
	check  planFieldCheck // nil when the field needs no check
	// present reports whether the field counts as sent, for required
	// members: non-nil for pointers, slices, maps and interfaces, always
	// for anything else.
	present func(p unsafe.Pointer) bool
}

// memberInfo is what a family member's validation checks: its
// @odata.type must name the type or one derived from it; an abstract
// base needs a derived type.
type memberInfo struct {
	own      string          // the type's own @odata.type without "#"
	allowed  []string        // own and, for a family base, every member's, without "#"
	allowedM map[string]bool // allowed, for a long list
	abstract bool            // the type is the base of an abstract family
}

var (
	// planCache maps a reflect.Type to its *plan, once built.
	planCache sync.Map
	// planMu serializes building plans and registering families.
	planMu sync.Mutex
	// planPending holds the plans of the build under way (under planMu), so that
	// recursive types find themselves.
	planPending map[reflect.Type]*plan
	// every plan ever published (under planMu), for RegisterFamily.
	allPlans []*plan
)

// planOf returns the plan of t, building it on first use.
func planOf(t reflect.Type) *plan {
	if p, ok := planCache.Load(t); ok {
		return p.(*plan)
	}
	planMu.Lock()
	defer planMu.Unlock()
	return planLocked(t)
}

// planLocked returns the plan of t, planMu held.
func planLocked(t reflect.Type) *plan {
	if p, ok := planCache.Load(t); ok {
		return p.(*plan)
	}
	if p := planPending[t]; p != nil {
		return p
	}
	top := planPending == nil
	if top {
		planPending = map[reflect.Type]*plan{}
		defer func() { planPending = nil }() // also when building panics
	}
	p := &plan{typ: t}
	planPending[t] = p
	p.build()
	if top {
		batch := make([]*plan, 0, len(planPending))
		for _, q := range planPending {
			batch = append(batch, q)
		}
		for _, q := range batch {
			q.member.Store(memberInfoLocked(q))
		}
		planComputeNeeds(batch)
		planPending = nil
		for _, q := range batch {
			allPlans = append(allPlans, q)
			planCache.Store(q.typ, q)
		}
	}
	return p
}

// planComputeNeeds sets the needs flag of every plan in batch, to a fixed
// point (types may be recursive). Plans outside batch are final.
//
// The flags only ever turn on (registering a family only adds checks), so
// that validations running meanwhile never skip a check they made before.
func planComputeNeeds(batch []*plan) {
	for changed := true; changed; {
		changed = false
		for _, p := range batch {
			if !p.needs.Load() && p.needsChecks() {
				p.needs.Store(true)
				changed = true
			}
		}
	}
}

// needsChecks reports whether validating a value of p's type can find a
// problem, from what is known of its fields' plans.
func (p *plan) needsChecks() bool {
	if p.wrapper != nil || p.member.Load() != nil || p.check != nil {
		return true
	}
	for _, f := range p.checked {
		if f.check != nil {
			if sub := planStructElem(f.typ); sub != nil && !planNeedsOf(sub) {
				continue
			}
			return true
		}
	}
	return false
}

// planNeedsOf reports the needs flag of the plan of struct type t, already
// built or pending.
func planNeedsOf(t reflect.Type) bool {
	if q, ok := planCache.Load(t); ok {
		return q.(*plan).needs.Load()
	}
	if q := planPending[t]; q != nil {
		return q.needs.Load()
	}
	return true
}

// planStructElem returns the struct type a struct-valued field holds (T, *T,
// []T, *[]T) when that field's check is its plan's validation, or nil.
func planStructElem(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice && !planIsBytes(t) && !planDecodesItself(t) {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct && planClassify(t) == planStruct {
		return t
	}
	return nil
}

// build fills in p.
func (p *plan) build() {
	t := p.typ
	if t.Kind() != reflect.Struct {
		p.value, p.check = planValueOps(t, false)
		return
	}
	if ref := planAnyWrapper(t); ref != nil {
		p.wrapper = ref
		p.value, p.check = planValueOps(t.Field(0).Type, false)
		return
	}
	p.index = map[string]int{}
	p.addFields(t, 0)
	for i := range p.fields {
		if p.fields[i].check != nil {
			p.checked = append(p.checked, &p.fields[i])
		}
	}
}

// addFields adds the members of struct t at offset base: exported fields
// by their json tag's name (the field's name without one), skipping "-";
// the fields of an embedded struct without a name are promoted.
func (p *plan) addFields(t reflect.Type, base uintptr) {
	var embedded []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("json")
		name, _, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			embedded = append(embedded, sf)
			continue
		}
		if !sf.IsExported() || (hasTag && tag == "-") {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if _, dup := p.index[name]; dup {
			continue
		}
		flags := planTags(sf.Tag.Get("graph"))
		f := planField{name: name, off: base + sf.Offset, typ: sf.Type, ro: flags.ro}
		f.decode, f.check = planValueOpsNamed(sf.Type, flags.time, name)
		f.present = planPresence(sf.Type)
		p.index[name] = len(p.fields)
		p.fields = append(p.fields, f)
		if name == "@odata.type" && sf.Type == planTypeStringPtr {
			p.odataOff, p.hasOData = f.off, true
		}
	}
	for _, sf := range embedded {
		p.addFields(sf.Type, base+sf.Offset)
	}
}

type planTag struct{ ro, time bool }

// planTags reads a graph struct tag: comma-separated flags, ro (a
// read-only member) and time (a string holding a time of day).
func planTags(tag string) planTag {
	var g planTag
	for _, f := range strings.Split(tag, ",") {
		switch strings.TrimSpace(f) {
		case "ro":
			g.ro = true
		case "time":
			g.time = true
		}
	}
	return g
}

// planPresence returns a field's test of planPresence for required members.
func planPresence(t reflect.Type) func(unsafe.Pointer) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		// the first word: the pointer, the map, the slice's array, the
		// interface's type
		return func(p unsafe.Pointer) bool { return *(*unsafe.Pointer)(p) != nil }
	}
	return func(unsafe.Pointer) bool { return true }
}

var (
	planTypeTime          = reflect.TypeFor[time.Time]()
	planTypeStringPtr     = reflect.TypeFor[*string]()
	planTypeTextUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
	planTypeJSONUnmarshal = reflect.TypeFor[json.Unmarshaler]()
	planTypeValider       = reflect.TypeFor[interface{ Valid() bool }]()
	planTypeEnumValuer    = reflect.TypeFor[interface{ EnumValues() []string }]()
)

// kind is how a value (a field's element) is decoded.
type planKind int

const (
	planJSON    planKind = iota // encoding/json
	planTime                    // time.Time, RFC 3339
	planBytes                   // []byte, base64
	planText                    // encoding.TextUnmarshaler
	planString                  // string and named string types (enums)
	planBool                    // bool
	planInt                     // int
	planInt8                    // int8
	planInt16                   // int16
	planInt32                   // int32
	planInt64                   // int64
	planUint8                   // uint8
	planFloat32                 // float32
	planFloat64                 // float64
	planStruct                  // a struct, by its plan
	planFamily                  // a family interface
)

func planIsBytes(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && !reflect.PointerTo(t).Implements(planTypeJSONUnmarshal)
}

// planDecodesItself reports whether a type has its own UnmarshalText or
// UnmarshalJSON.
func planDecodesItself(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return pt.Implements(planTypeTextUnmarshal) || pt.Implements(planTypeJSONUnmarshal)
}

// planClassify says how a value of type t is decoded.
func planClassify(t reflect.Type) planKind {
	switch {
	case t == planTypeTime:
		return planTime
	case planIsBytes(t):
		return planBytes
	case reflect.PointerTo(t).Implements(planTypeTextUnmarshal):
		return planText
	case reflect.PointerTo(t).Implements(planTypeJSONUnmarshal) && (t.Kind() != reflect.Struct || planCustom(t)):
		// a type that decodes itself: a union, a type with additional
		// properties (generated code leaves them to the model writer)
		return planJSON
	}
	switch t.Kind() {
	case reflect.String:
		return planString
	case reflect.Bool:
		return planBool
	case reflect.Int:
		return planInt
	case reflect.Int8:
		return planInt8
	case reflect.Int16:
		return planInt16
	case reflect.Int32:
		return planInt32
	case reflect.Int64:
		return planInt64
	case reflect.Uint8:
		return planUint8
	case reflect.Float32:
		return planFloat32
	case reflect.Float64:
		return planFloat64
	case reflect.Struct:
		return planStruct
	case reflect.Interface:
		if t.NumMethod() > 0 {
			return planFamily
		}
	}
	return planJSON
}

// custom reports whether a struct with its own UnmarshalJSON keeps state a
// plan cannot see (an unexported field, or one tagged json:"-" such as
// oapi-codegen's AdditionalProperties): its UnmarshalJSON then decodes it.
func planCustom(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() || sf.Tag.Get("json") == "-" {
			return true
		}
	}
	return false
}

// planAnyWrapper returns the family of a struct that is a family's Any
// wrapper: one exported field named Value, without a json tag, holding an
// interface with methods.
func planAnyWrapper(t reflect.Type) *familyRef {
	if t.NumField() != 1 {
		return nil
	}
	sf := t.Field(0)
	if sf.Name != "Value" || sf.Anonymous || sf.Tag.Get("json") != "" || planClassify(sf.Type) != planFamily {
		return nil
	}
	return familyRefLocked(sf.Type)
}
