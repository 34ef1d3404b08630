package impl

import (
	"encoding"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/graphdoc/graphdoc/graphrt"
)

// A parameters struct is what oapi-codegen declares as <Op>Params: a
// field with a `form:"name"` tag is the query parameter name, a field
// with only a `json:"Name"` tag the request header Name. A pointer field
// is optional, and so is a field whose tag says omitempty; any other
// field is required. A field holds a scalar (a string, bool, integer or
// float, or a named type over one), a type with text methods
// (encoding.TextMarshaler and TextUnmarshaler: time.Time, UUIDs,
// graphrt.Date ...), a slice of either (comma-separated on the wire, as
// $select and $orderby are), or a pointer to any of these.

// prmField is one field of a parameters struct.
type prmField struct {
	index    int
	name     string // the query parameter's or header's name
	query    bool
	required bool
	ptr      bool         // the field is a pointer to typ
	typ      reflect.Type // the value's type, without the pointer
	slice    bool         // typ is a slice of elem
	elem     reflect.Type // typ, or its element type
}

// prmPlan is how to read and write one parameters struct type.
type prmPlan struct {
	fields []prmField
	err    error // the type is not a parameters struct
}

var prmPlans sync.Map // reflect.Type -> *prmPlan

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
)

// paramsPlan returns the plan of the struct type t.
func paramsPlan(t reflect.Type) *prmPlan {
	if p, ok := prmPlans.Load(t); ok {
		return p.(*prmPlan)
	}
	p := buildParamsPlan(t)
	actual, _ := prmPlans.LoadOrStore(t, p)
	return actual.(*prmPlan)
}

func buildParamsPlan(t reflect.Type) *prmPlan {
	p := &prmPlan{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		f := prmField{index: i}
		tag, query := sf.Tag.Lookup("form")
		if !query {
			tag, _ = sf.Tag.Lookup("json")
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		f.name, f.query = name, query
		f.typ = sf.Type
		if f.typ.Kind() == reflect.Pointer {
			f.ptr, f.typ = true, f.typ.Elem()
		}
		f.required = !f.ptr && !hasOption(opts, "omitempty")
		f.elem = f.typ
		if f.typ.Kind() == reflect.Slice && !isTextType(f.typ) {
			f.slice, f.elem = true, f.typ.Elem()
		}
		if !isTextType(f.elem) && !isScalarKind(f.elem.Kind()) {
			p.err = fmt.Errorf("impl: parameter %s (field %s.%s) has type %s, which parameters cannot have", name, t.Name(), sf.Name, sf.Type)
			return p
		}
		p.fields = append(p.fields, f)
	}
	return p
}

func hasOption(opts, opt string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == opt {
			return true
		}
	}
	return false
}

// isTextType reports whether t reads and writes itself as text.
func isTextType(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(textUnmarshalerType) &&
		(t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType))
}

func isScalarKind(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// paramsStruct returns the struct v points to, and its plan; ok is false
// when v is nil or a nil pointer.
func paramsStruct(v any) (reflect.Value, *prmPlan, bool, error) {
	if v == nil {
		return reflect.Value{}, nil, false, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Type().Elem().Kind() != reflect.Struct {
		return reflect.Value{}, nil, false, fmt.Errorf("impl: parameters must be a pointer to a struct, not %T", v)
	}
	if rv.IsNil() {
		return reflect.Value{}, nil, false, nil
	}
	rv = rv.Elem()
	p := paramsPlan(rv.Type())
	if p.err != nil {
		return reflect.Value{}, nil, false, p.err
	}
	return rv, p, true, nil
}

// BindParams fills the parameters struct v points to (see above) from r:
// query parameters from r.URL's query, headers from r.Header. A value
// that does not parse, a query parameter given more than once, and a
// required parameter left out are each a 400 *graphrt.Error naming the
// parameter. A value of a type with a Valid() bool method (an enum) must
// be valid. A v that is not a pointer to a parameters struct is a plain
// error (a mistake in generated code, which Reply answers with 500).
func BindParams(r *http.Request, v any) error {
	rv, plan, ok, err := paramsStruct(v)
	if err != nil || !ok {
		return err
	}
	var query map[string][]string
	for i := range plan.fields {
		f := &plan.fields[i]
		var s string
		if f.query {
			if query == nil {
				query = r.URL.Query()
			}
			vals, present := query[f.name]
			if !present {
				if f.required {
					return prmError("query parameter %s is required", f.name)
				}
				continue
			}
			if len(vals) > 1 {
				return prmError("query parameter %s is given more than once; give it at most once", f.name)
			}
			s = vals[0]
		} else {
			vals := r.Header.Values(f.name)
			if len(vals) == 0 {
				if f.required {
					return prmError("header %s is required", f.name)
				}
				continue
			}
			s = vals[0]
			if f.slice {
				s = strings.Join(vals, ",")
			}
		}
		fv := rv.Field(f.index)
		target := fv
		if f.ptr {
			target = reflect.New(f.typ).Elem()
		}
		if err := f.parse(target, s); err != nil {
			where := "header"
			if f.query {
				where = "query parameter"
			}
			return prmError("invalid value %q for %s %s: %s", s, where, f.name, err.Error())
		}
		if f.ptr {
			fv.Set(target.Addr())
		}
	}
	return nil
}

func prmError(format string, args ...any) *graphrt.Error {
	return &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}

// parse sets v, of f.typ, from its text.
func (f *prmField) parse(v reflect.Value, s string) error {
	if !f.slice {
		return parseScalar(v, s)
	}
	if s == "" {
		v.Set(reflect.MakeSlice(f.typ, 0, 0))
		return nil
	}
	parts := strings.Split(s, ",")
	sl := reflect.MakeSlice(f.typ, len(parts), len(parts))
	for i, p := range parts {
		if err := parseScalar(sl.Index(i), p); err != nil {
			return err
		}
	}
	v.Set(sl)
	return nil
}

// parseScalar sets v from its text.
func parseScalar(v reflect.Value, s string) error {
	t := v.Type()
	if isTextType(t) {
		return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		switch s {
		case "true":
			v.SetBool(true)
		case "false":
			v.SetBool(false)
		default:
			return errors.New("want true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, t.Bits())
		if err != nil {
			lo, hi := int64(-1)<<(t.Bits()-1), int64(math.MaxInt64)>>(64-t.Bits())
			return fmt.Errorf("want an integer from %d to %d", lo, hi)
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, t.Bits())
		if err != nil {
			return fmt.Errorf("want an integer from 0 to %d", uint64(math.MaxUint64)>>(64-t.Bits()))
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		n, err := strconv.ParseFloat(s, t.Bits())
		if err != nil {
			return errors.New("want a number")
		}
		v.SetFloat(n)
	}
	if e, ok := v.Interface().(interface{ Valid() bool }); ok && !e.Valid() {
		if ev, ok := v.Interface().(interface{ EnumValues() []string }); ok {
			return fmt.Errorf("want one of %s", strings.Join(ev.EnumValues(), ", "))
		}
		return errors.New("not a valid value")
	}
	return nil
}

// format returns the text of v, of f.typ.
func (f *prmField) format(v reflect.Value) (string, error) {
	if !f.slice {
		return formatScalar(v)
	}
	var b strings.Builder
	for i := range v.Len() {
		s, err := formatScalar(v.Index(i))
		if err != nil {
			return "", err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// formatScalar returns the text of v.
func formatScalar(v reflect.Value) (string, error) {
	t := v.Type()
	if isTextType(t) {
		var m encoding.TextMarshaler
		if t.Implements(textMarshalerType) {
			m = v.Interface().(encoding.TextMarshaler)
		} else if v.CanAddr() {
			m = v.Addr().Interface().(encoding.TextMarshaler)
		} else {
			p := reflect.New(t)
			p.Elem().Set(v)
			m = p.Interface().(encoding.TextMarshaler)
		}
		b, err := m.MarshalText()
		return string(b), err
	}
	switch t.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, t.Bits()), nil
	}
	return "", fmt.Errorf("impl: cannot write a parameter of type %s", t)
}

// encodeParams returns the query string and the headers that the
// parameters struct v points to holds, in field order: nil pointers, and
// optional fields that are zero or empty slices, are left out.
func encodeParams(v any) (string, http.Header, error) {
	var q []byte
	var h http.Header
	err := eachParam(v, func(name, value string, query bool) {
		if !query {
			if h == nil {
				h = http.Header{}
			}
			h.Set(name, value)
			return
		}
		if len(q) > 0 {
			q = append(q, '&')
		}
		q = appendQueryEscaped(q, name)
		q = append(q, '=')
		q = appendQueryEscaped(q, value)
	})
	if err != nil {
		return "", nil, err
	}
	return string(q), h, nil
}

// eachParam calls fn with each parameter of a parameters struct that is
// set, in field order: its name, its value as sent, and whether it goes
// in the query (else in a header).
func eachParam(v any, fn func(name, value string, query bool)) error {
	rv, plan, ok, err := paramsStruct(v)
	if err != nil || !ok {
		return err
	}
	for i := range plan.fields {
		f := &plan.fields[i]
		fv := rv.Field(f.index)
		if f.ptr {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		} else if !f.required && fv.IsZero() {
			continue
		}
		if f.slice && fv.Len() == 0 && !f.required {
			continue
		}
		s, err := f.format(fv)
		if err != nil {
			return fmt.Errorf("graph: parameter %s: %w", f.name, err)
		}
		fn(f.name, s, f.query)
	}
	return nil
}

// appendQueryEscaped appends s percent-encoded for a query string: every
// byte but the unreserved ones and !$'()*,/:@, which OData's query options
// use and a query may hold as they are.
func appendQueryEscaped(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || strings.IndexByte("!$'()*,/:@", c) >= 0 {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return b
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
