package fake

import (
	"encoding"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/odata"
)

// SchemaOf returns the OData schema of T, a generated model struct, for
// Store.Query: its JSON members typed from their Go fields, built
// once per type. Strings, integers, floats and bools are what they are;
// time.Time is a date-time, graphrt.Date a date, a string tagged
// graph:"time" a time of day, graphrt.Duration a duration, a GUID
// (uuid.UUID: a [16]byte with a text form) a GUID, []byte binary; a string
// type with EnumValues an enum with those members; a struct an object;
// slices collections. A polymorphic member (an interface) is an object
// of no known members: paths into it are refused.
func SchemaOf[T any]() odata.Schema {
	return schemaOf(reflect.TypeFor[T]())
}

var fakeSchemas sync.Map // reflect.Type -> odata.Schema

var (
	typeDate     = reflect.TypeFor[graphrt.Date]()
	typeDuration = reflect.TypeFor[graphrt.Duration]()
	typeTime     = reflect.TypeFor[time.Time]()
	typeTextM    = reflect.TypeFor[encoding.TextMarshaler]()
)

// schemaOf returns the schema of a struct type (nil for another type).
// A type met again while its schema is being built (a recursive model)
// gets the same map, so the schema is a graph, not an endless tree.
func schemaOf(t reflect.Type) odata.Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	if s, ok := fakeSchemas.Load(t); ok {
		return s.(odata.Schema)
	}
	fakeSchemaMu.Lock()
	defer fakeSchemaMu.Unlock()
	building := map[reflect.Type]odata.Schema{}
	s := buildSchema(t, building)
	// Published when whole: a schema met again inside is shared.
	for bt, bs := range building {
		fakeSchemas.Store(bt, bs)
	}
	return s
}

// fakeSchemaMu serializes building, so that one schema per type is
// published.
var fakeSchemaMu sync.Mutex

func buildSchema(t reflect.Type, building map[reflect.Type]odata.Schema) odata.Schema {
	if s, ok := fakeSchemas.Load(t); ok {
		return s.(odata.Schema)
	}
	if s, ok := building[t]; ok {
		return s
	}
	s := odata.Schema{}
	building[t] = s
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			if p, ok := propertyOf(f.Type, f.Tag.Get("graph") == "time", building); ok {
				s[name] = p
			}
		}
	}
	walk(t)
	return s
}

// propertyOf types one member; false for one OData cannot query (a map).
func propertyOf(t reflect.Type, timeOfDay bool, building map[reflect.Type]odata.Schema) (odata.Property, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var p odata.Property
	if t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 {
		p.Collection = true
		t = t.Elem()
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	switch {
	case t == typeTime:
		p.Kind = odata.DateTime
	case t == typeDate:
		p.Kind = odata.Date
	case t == typeDuration:
		p.Kind = odata.Duration
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		p.Kind = odata.Binary
	case t.Kind() == reflect.Array && t.Len() == 16 && t.Elem().Kind() == reflect.Uint8 && t.Implements(typeTextM):
		p.Kind = odata.GUID
	case t.Kind() == reflect.String:
		p.Kind = odata.String
		if timeOfDay {
			p.Kind = odata.TimeOfDay
		}
		if ev, ok := reflect.Zero(t).Interface().(interface{ EnumValues() []string }); ok {
			p.Kind, p.Members = odata.Enum, ev.EnumValues()
		}
	case t.Kind() == reflect.Bool:
		p.Kind = odata.Bool
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		p.Kind = odata.Int
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		p.Kind = odata.Float
	case t.Kind() == reflect.Struct:
		p.Kind, p.Props = odata.Object, buildSchema(t, building)
	case t.Kind() == reflect.Interface:
		p.Kind, p.Props = odata.Object, odata.Schema{}
	default:
		return p, false
	}
	return p, true
}
