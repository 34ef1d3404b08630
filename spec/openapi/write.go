package openapi

import (
	"bytes"
	"encoding"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/spec/openapi/ext"

	"github.com/graphdoc/graphdoc/internal/par"
)

// The writer below emits a document canonically (object keys sorted) as
// JSON or YAML without going through encoding/json: kin-openapi's
// marshalling builds a map per object and encoding/json then walks them by
// reflection, which took longer than reading and scanning all of Graph's
// pages. The hot types (schemas, operations, parameters, media types,
// responses) are written field by field; anything else, and any schema
// using a field graphdoc does not write, goes through kin-openapi's own
// MarshalYAML, so the output always means what kin-openapi would write.
// Tests hold the output to the same data as encoding/json's rendering.

// emitter writes one format.
type emitter interface {
	beginObject(empty bool)
	key(k string)
	endObject()
	beginArray(empty bool)
	endArray()
	str(s string)
	num(f float64)
	boolean(b bool)
	null()
	bytes() []byte
	// sub returns a fresh emitter placed as a value after a key of the
	// object being written, writing into buf, whose output raw takes
	// back after that key: big maps render their values in parallel
	// this way.
	sub(buf []byte) emitter
	raw(b []byte)
	body() []byte
	// grow makes room for n more bytes.
	grow(n int)
}

// field is one member of an object, written when its key's turn comes,
// by write, or by par on a writer of its own, in parallel with the
// object's other par fields.
type field struct {
	key   string
	write func()
	par   func(w *writer)
}

// writer walks kin-openapi values.
type writer struct {
	e   emitter
	err error
}

// object writes fields sorted by key.
func (w *writer) object(fields []field) {
	slices.SortFunc(fields, func(a, b field) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	w.e.beginObject(len(fields) == 0)
	rendered := w.renderPar(fields)
	for i, f := range fields {
		w.e.key(f.key)
		if f.par != nil {
			w.e.raw(rendered[i])
		} else {
			f.write()
		}
	}
	w.e.endObject()
}

// renderBufs are the buffers par fields render into.
var renderBufs = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// renderPar renders the par fields' values on GOMAXPROCS workers, each
// into an emitter of its own placed where the value goes. The first error
// in field order wins, as if they had been written in turn.
func (w *writer) renderPar(fields []field) [][]byte {
	if !slices.ContainsFunc(fields, func(f field) bool { return f.par != nil }) {
		return nil
	}
	out := make([][]byte, len(fields))
	errs := make([]error, len(fields))
	par.For(len(fields), func(i int) {
		if fields[i].par != nil {
			// render into a reused buffer and keep a copy of the
			// value's size: growing a new buffer for every value cost
			// more than the copy
			bp := renderBufs.Get().(*[]byte)
			sw := &writer{e: w.e.sub((*bp)[:0])}
			fields[i].par(sw)
			b := sw.e.body()
			out[i], errs[i] = bytes.Clone(b), sw.err
			*bp = b[:0]
			renderBufs.Put(bp)
		}
	})
	total := 0
	for i, err := range errs {
		if err != nil && w.err == nil {
			w.err = err
		}
		total += len(out[i]) + len(fields[i].key) + 8
	}
	w.e.grow(total)
	return out
}

// extensions adds a value's x- members to fields.
func (w *writer) extensions(fields []field, ext map[string]any) []field {
	for k, v := range ext {
		fields = append(fields, field{key: k, write: func() { w.value(v) }})
	}
	return fields
}

// value writes any value: the hot kin-openapi types field by field, JSON
// data directly, other kin-openapi types through their MarshalYAML.
func (w *writer) value(v any) {
	switch v := v.(type) {
	case nil:
		w.e.null()
	case string:
		w.e.str(v)
	case bool:
		w.e.boolean(v)
	case float64:
		w.e.num(v)
	case int:
		w.e.num(float64(v))
	case *float64:
		if v == nil {
			w.e.null()
		} else {
			w.e.num(*v)
		}
	case []string:
		w.e.beginArray(len(v) == 0)
		for _, s := range v {
			w.e.str(s)
		}
		w.e.endArray()
	case []any:
		w.e.beginArray(len(v) == 0)
		for _, x := range v {
			w.value(x)
		}
		w.e.endArray()
	case []ext.PermissionRow: // graphdoc's own extensions, without reflection
		w.e.beginArray(len(v) == 0)
		for _, r := range v {
			fields := make([]field, 0, 4) // in key order already
			fields = append(fields, field{key: "kind", write: func() { w.e.str(r.Kind) }}, field{key: "label", write: func() { w.e.str(r.Label) }})
			if len(r.LeastPrivileged) > 0 {
				fields = append(fields, field{key: "leastPrivileged", write: func() { w.value(r.LeastPrivileged) }})
			}
			fields = append(fields, field{key: "value", write: func() { w.e.str(r.Value) }})
			w.object(fields)
		}
		w.e.endArray()
	case ext.Paging:
		x, _ := v.MarshalYAML()
		w.value(x)
	case ext.EnumDef:
		x, _ := v.MarshalYAML()
		w.value(x)
	case map[string]any:
		fields := make([]field, 0, len(v))
		for k, x := range v {
			fields = append(fields, field{key: k, write: func() { w.value(x) }})
		}
		w.object(fields)
	case *openapi3.SchemaRef:
		w.schemaRef(v)
	case *openapi3.Schema:
		w.schema(v)
	case openapi3.Schemas:
		w.mapOf(len(v), func(yield func(string, func())) {
			for k, x := range v {
				yield(k, func() { w.schemaRef(x) })
			}
		})
	case openapi3.SchemaRefs:
		w.e.beginArray(len(v) == 0)
		for _, x := range v {
			w.schemaRef(x)
		}
		w.e.endArray()
	case *openapi3.PathItem:
		w.pathItem(v)
	case *openapi3.Operation:
		w.operation(v)
	case *openapi3.ParameterRef:
		w.parameterRef(v)
	case openapi3.Content:
		w.mapOf(len(v), func(yield func(string, func())) {
			for k, x := range v {
				yield(k, func() { w.mediaType(x) })
			}
		})
	case *openapi3.ResponseRef:
		w.responseRef(v)
	default:
		w.fallback(v)
	}
}

// mapOf writes a map given as a sequence of keys and writers.
func (w *writer) mapOf(n int, each func(yield func(string, func()))) {
	fields := make([]field, 0, n)
	each(func(k string, write func()) { fields = append(fields, field{key: k, write: write}) })
	w.object(fields)
}

// fallback writes a value through kin-openapi's MarshalYAML, or by
// reflection for plain maps and slices.
func (w *writer) fallback(v any) {
	if m, ok := v.(interface{ MarshalYAML() (any, error) }); ok {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && rv.IsNil() {
			w.e.null()
			return
		}
		x, err := m.MarshalYAML()
		if err != nil {
			w.fail(err)
			return
		}
		w.value(x)
		return
	}
	if m, ok := v.(encoding.TextMarshaler); ok {
		b, err := m.MarshalText()
		if err != nil {
			w.fail(err)
			return
		}
		w.e.str(string(b))
		return
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		keys := rv.MapKeys()
		fields := make([]field, 0, len(keys))
		for _, k := range keys {
			x := rv.MapIndex(k).Interface()
			fields = append(fields, field{key: k.String(), write: func() { w.value(x) }})
		}
		w.object(fields)
	case reflect.Slice, reflect.Array:
		w.e.beginArray(rv.Len() == 0)
		for i := range rv.Len() {
			w.value(rv.Index(i).Interface())
		}
		w.e.endArray()
	case reflect.Pointer:
		if rv.IsNil() {
			w.e.null()
			return
		}
		w.value(rv.Elem().Interface())
	case reflect.String:
		w.e.str(rv.String())
	case reflect.Bool:
		w.e.boolean(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.e.num(float64(rv.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.e.num(float64(rv.Uint()))
	case reflect.Float32, reflect.Float64:
		w.e.num(rv.Float())
	default:
		w.fail(fmt.Errorf("openapi: cannot write a %T", v))
	}
}

func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
	w.e.null()
}

// ref writes {"$ref": ...} with a reference's extensions.
func (w *writer) ref(ref string, ext map[string]any) {
	w.object(w.extensions([]field{{key: "$ref", write: func() { w.e.str(ref) }}}, ext))
}

func (w *writer) schemaRef(r *openapi3.SchemaRef) {
	switch {
	case r == nil:
		w.e.null()
	case r.Ref != "":
		w.ref(r.Ref, r.Extensions)
	default:
		w.schema(r.Value)
	}
}

// plainSchema reports whether a schema uses only the fields the writer
// writes itself: with those cleared, the rest is zero. reflect's IsZero
// looks at every field, so a field kin-openapi adds later sends the
// schema to the fallback instead of being dropped.
func plainSchema(s *openapi3.Schema) bool {
	c := *s
	c.Extensions, c.Origin, c.AllOf, c.Type, c.Title, c.Format = nil, nil, nil, nil, "", ""
	c.Description, c.Enum, c.UniqueItems, c.Nullable, c.ReadOnly = "", nil, false, false, false
	c.Min, c.Max, c.Items, c.Required, c.Properties, c.Discriminator = nil, nil, nil, nil, nil, nil
	return reflect.ValueOf(&c).Elem().IsZero()
}

func (w *writer) schema(s *openapi3.Schema) {
	if s == nil {
		w.e.null()
		return
	}
	if !plainSchema(s) {
		w.fallback(s)
		return
	}
	f := make([]field, 0, 8+len(s.Extensions))
	f = w.extensions(f, s.Extensions)
	if len(s.AllOf) > 0 {
		f = append(f, field{key: "allOf", write: func() { w.value(s.AllOf) }})
	}
	if t := s.Type; t != nil && len(*t) > 0 {
		f = append(f, field{key: "type", write: func() {
			if len(*t) == 1 {
				w.e.str((*t)[0])
			} else {
				w.value([]string(*t))
			}
		}})
	}
	str := func(k, v string) {
		if v != "" {
			f = append(f, field{key: k, write: func() { w.e.str(v) }})
		}
	}
	flag := func(k string, v bool) {
		if v {
			f = append(f, field{key: k, write: func() { w.e.boolean(true) }})
		}
	}
	str("title", s.Title)
	str("format", s.Format)
	str("description", s.Description)
	if len(s.Enum) > 0 {
		f = append(f, field{key: "enum", write: func() { w.value(s.Enum) }})
	}
	flag("uniqueItems", s.UniqueItems)
	flag("nullable", s.Nullable)
	flag("readOnly", s.ReadOnly)
	if s.Min != nil {
		f = append(f, field{key: "minimum", write: func() { w.e.num(*s.Min) }})
	}
	if s.Max != nil {
		f = append(f, field{key: "maximum", write: func() { w.e.num(*s.Max) }})
	}
	if s.Items != nil {
		f = append(f, field{key: "items", write: func() { w.schemaRef(s.Items) }})
	}
	if len(s.Required) > 0 {
		f = append(f, field{key: "required", write: func() { w.value(s.Required) }})
	}
	if len(s.Properties) > 0 {
		f = append(f, field{key: "properties", write: func() { w.value(s.Properties) }})
	}
	if d := s.Discriminator; d != nil {
		f = append(f, field{key: "discriminator", write: func() { w.fallback(d) }})
	}
	w.object(f)
}

func (w *writer) pathItem(p *openapi3.PathItem) {
	if p.Ref != "" || p.Summary != "" || p.Description != "" || p.Connect != nil || p.Head != nil || p.Options != nil || p.Trace != nil || len(p.Servers) > 0 || len(p.Parameters) > 0 {
		w.fallback(p)
		return
	}
	f := w.extensions(nil, p.Extensions)
	for method, op := range map[string]*openapi3.Operation{"get": p.Get, "post": p.Post, "put": p.Put, "patch": p.Patch, "delete": p.Delete} {
		if op != nil {
			f = append(f, field{key: method, write: func() { w.operation(op) }})
		}
	}
	w.object(f)
}

func (w *writer) operation(o *openapi3.Operation) {
	if o.Callbacks != nil || o.Deprecated || o.Servers != nil || o.ExternalDocs != nil {
		w.fallback(o)
		return
	}
	f := w.extensions(nil, o.Extensions)
	if len(o.Tags) > 0 {
		f = append(f, field{key: "tags", write: func() { w.value(o.Tags) }})
	}
	if o.Summary != "" {
		f = append(f, field{key: "summary", write: func() { w.e.str(o.Summary) }})
	}
	if o.Description != "" {
		f = append(f, field{key: "description", write: func() { w.e.str(o.Description) }})
	}
	if o.OperationID != "" {
		f = append(f, field{key: "operationId", write: func() { w.e.str(o.OperationID) }})
	}
	if len(o.Parameters) > 0 {
		f = append(f, field{key: "parameters", write: func() {
			w.e.beginArray(false)
			for _, p := range o.Parameters {
				w.parameterRef(p)
			}
			w.e.endArray()
		}})
	}
	if rb := o.RequestBody; rb != nil {
		f = append(f, field{key: "requestBody", write: func() {
			if rb.Ref != "" || rb.Value == nil {
				w.fallback(rb)
				return
			}
			v := rb.Value
			g := w.extensions(nil, v.Extensions)
			if v.Description != "" {
				g = append(g, field{key: "description", write: func() { w.e.str(v.Description) }})
			}
			if v.Required {
				g = append(g, field{key: "required", write: func() { w.e.boolean(true) }})
			}
			g = append(g, field{key: "content", write: func() { w.value(v.Content) }})
			w.object(g)
		}})
	}
	if o.Responses != nil {
		f = append(f, field{key: "responses", write: func() {
			g := w.extensions(nil, o.Responses.Extensions)
			for code, r := range o.Responses.Map() {
				g = append(g, field{key: code, write: func() { w.responseRef(r) }})
			}
			w.object(g)
		}})
	}
	if o.Security != nil {
		f = append(f, field{key: "security", write: func() { w.fallback(o.Security) }})
	}
	w.object(f)
}

func (w *writer) parameterRef(p *openapi3.ParameterRef) {
	if p.Ref != "" {
		w.ref(p.Ref, p.Extensions)
		return
	}
	v := p.Value
	if v == nil || v.Deprecated || v.AllowEmptyValue || v.AllowReserved || v.Example != nil || len(v.Examples) > 0 || len(v.Content) > 0 {
		w.fallback(p)
		return
	}
	f := w.extensions(nil, v.Extensions)
	f = append(f, field{key: "name", write: func() { w.e.str(v.Name) }}, field{key: "in", write: func() { w.e.str(v.In) }})
	if v.Description != "" {
		f = append(f, field{key: "description", write: func() { w.e.str(v.Description) }})
	}
	if v.Style != "" {
		f = append(f, field{key: "style", write: func() { w.e.str(v.Style) }})
	}
	if v.Explode != nil {
		f = append(f, field{key: "explode", write: func() { w.e.boolean(*v.Explode) }})
	}
	if v.Required {
		f = append(f, field{key: "required", write: func() { w.e.boolean(true) }})
	}
	if v.Schema != nil {
		f = append(f, field{key: "schema", write: func() { w.schemaRef(v.Schema) }})
	}
	w.object(f)
}

func (w *writer) mediaType(m *openapi3.MediaType) {
	if m == nil || len(m.Examples) > 0 || len(m.Encoding) > 0 {
		w.fallback(m)
		return
	}
	f := w.extensions(nil, m.Extensions)
	if m.Example != nil {
		// JSON data (an action's example response): value writes its
		// objects with their keys sorted, as encoding/json does
		f = append(f, field{key: "example", write: func() { w.value(m.Example) }})
	}
	if m.Schema != nil {
		f = append(f, field{key: "schema", write: func() { w.schemaRef(m.Schema) }})
	}
	w.object(f)
}

func (w *writer) responseRef(r *openapi3.ResponseRef) {
	if r.Ref != "" {
		w.ref(r.Ref, r.Extensions)
		return
	}
	v := r.Value
	if v == nil || len(v.Headers) > 0 || len(v.Links) > 0 {
		w.fallback(r)
		return
	}
	f := w.extensions(nil, v.Extensions)
	if v.Description != nil {
		f = append(f, field{key: "description", write: func() { w.e.str(*v.Description) }})
	}
	if len(v.Content) > 0 {
		f = append(f, field{key: "content", write: func() { w.value(v.Content) }})
	}
	w.object(f)
}

// formatNumber writes a float64 as encoding/json does.
func formatNumber(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// quote appends s as a JSON string, escaped as encoding/json does with
// HTML escaping off.
func quote(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
