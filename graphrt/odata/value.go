package odata

import (
	"cmp"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
)

// Kind is the Edm type of a property.
type Kind int

// The kinds. Int is any Edm integer type (Byte, Int16, Int32, Int64),
// Float any other number (Single, Double, Decimal).
const (
	Invalid Kind = iota
	String
	Int
	Float
	Bool
	DateTime // Edm.DateTimeOffset
	Date
	TimeOfDay
	Duration
	GUID
	Enum
	Binary
	Object // a complex type: Props
)

var kindNames = [...]string{"invalid", "string", "integer", "number", "boolean", "date-time", "date", "time of day", "duration", "GUID", "enum", "binary", "object"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Property is the type of a property of a collection's items.
type Property struct {
	Kind Kind
	// Collection is set for a collection of Kind.
	Collection bool
	// Props are an Object's properties.
	Props Schema
	// Members, when set, are an Enum's members: a literal that is none
	// of them is an error.
	Members []string
}

// Schema is the properties of an entity or complex type, by their JSON
// names.
type Schema map[string]Property

// Predicate reports whether an item matches.
type Predicate func(item map[string]any) bool

// num is a number, exact when an integer.
type num struct {
	i     int64
	f     float64
	isInt bool
}

func (n num) float() float64 {
	if n.isInt {
		return float64(n.i)
	}
	return n.f
}

func parseNum(s string) (num, bool) {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return num{i: i, isInt: true}, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) {
		return num{}, false
	}
	return num{f: f}, true
}

// coerce turns a decoded JSON value into the comparable value of kind,
// or nil when it is null or not of the kind:
//
//	String, Enum, Binary: string; GUID: lower-case string; Int, Float: num;
//	Bool: bool; DateTime: time.Time; Date: int yyyymmdd;
//	TimeOfDay: int64 nanoseconds; Duration: float64 seconds;
//	Object: map[string]any.
func coerce(k Kind, v any) any {
	switch k {
	case String, Enum, Binary:
		if s, ok := v.(string); ok {
			return s
		}
	case GUID:
		if s, ok := v.(string); ok {
			return strings.ToLower(s)
		}
	case Int, Float:
		switch v := v.(type) {
		case float64:
			if !math.IsNaN(v) {
				return num{f: v}
			}
		case json.Number:
			if n, ok := parseNum(string(v)); ok {
				return n
			}
		case int:
			return num{i: int64(v), isInt: true}
		case int64:
			return num{i: v, isInt: true}
		case int32:
			return num{i: int64(v), isInt: true}
		case float32:
			return num{f: float64(v)}
		}
	case Bool:
		if b, ok := v.(bool); ok {
			return b
		}
	case DateTime:
		switch v := v.(type) {
		case string:
			if t, err := graphrt.ParseDateTime(v); err == nil {
				return t
			}
		case time.Time:
			return v
		}
	case Date:
		switch v := v.(type) {
		case string:
			if d, err := graphrt.ParseDate(v); err == nil {
				return dateValue(d)
			}
		case graphrt.Date:
			return dateValue(v)
		}
	case TimeOfDay:
		switch v := v.(type) {
		case string:
			if t, err := graphrt.ParseTimeOfDay(v); err == nil {
				return todValue(t)
			}
		case graphrt.TimeOfDay:
			return todValue(v)
		}
	case Duration:
		switch v := v.(type) {
		case string:
			if d, err := graphrt.ParseDuration(v); err == nil {
				return durValue(d)
			}
		case graphrt.Duration:
			return durValue(v)
		}
	case Object:
		if m, ok := v.(map[string]any); ok {
			return m
		}
	}
	return nil
}

func dateValue(d graphrt.Date) int {
	return d.Year*10000 + int(d.Month)*100 + d.Day
}

func todValue(t graphrt.TimeOfDay) int64 {
	return ((int64(t.Hour)*60+int64(t.Minute))*60+int64(t.Second))*1e9 + int64(t.Nanosecond)
}

// durValue is a duration in seconds, taking a year as 365 days and a
// month as 30, which is only an approximation for ordering.
func durValue(d graphrt.Duration) float64 {
	s := ((float64(d.Years*365+d.Months*30+d.Days)*24+float64(d.Hours))*60+float64(d.Minutes))*60 + d.Seconds
	if d.Negative {
		s = -s
	}
	return s
}

// compareValues orders two non-nil values of kind k, as coerce returns
// them. Strings compare without regard to case.
func compareValues(k Kind, a, b any) int {
	switch k {
	case String, Enum, GUID:
		x, y := a.(string), b.(string)
		if strings.EqualFold(x, y) {
			return 0
		}
		return strings.Compare(strings.ToLower(x), strings.ToLower(y))
	case Binary:
		return strings.Compare(a.(string), b.(string))
	case Int, Float:
		x, y := a.(num), b.(num)
		if x.isInt && y.isInt {
			return cmp.Compare(x.i, y.i)
		}
		return cmp.Compare(x.float(), y.float())
	case Bool:
		x, y := a.(bool), b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case DateTime:
		return a.(time.Time).Compare(b.(time.Time))
	case Date:
		return cmp.Compare(a.(int), b.(int))
	case TimeOfDay:
		return cmp.Compare(a.(int64), b.(int64))
	case Duration:
		return cmp.Compare(a.(float64), b.(float64))
	}
	return 0
}

// literalValue converts a literal to the value of kind k (as coerce
// returns), or reports why it cannot be one.
func literalValue(lit *Literal, p Property) (any, bool) {
	switch p.Kind {
	case String:
		if lit.Kind == LitString {
			return lit.Text, true
		}
	case Int, Float:
		if lit.Kind == LitInt || lit.Kind == LitDecimal {
			return parseNum(lit.Text)
		}
	case Bool:
		if lit.Kind == LitBool {
			return lit.Text == "true", true
		}
	case DateTime:
		if lit.Kind == LitDateTime {
			t, err := graphrt.ParseDateTime(lit.Text)
			return t, err == nil
		}
	case Date:
		if lit.Kind == LitDate {
			d, err := graphrt.ParseDate(lit.Text)
			return dateValue(d), err == nil
		}
	case TimeOfDay:
		if lit.Kind == LitTimeOfDay {
			t, err := graphrt.ParseTimeOfDay(lit.Text)
			return todValue(t), err == nil
		}
	case Duration:
		if lit.Kind == LitDuration {
			d, err := graphrt.ParseDuration(lit.Text)
			return durValue(d), err == nil
		}
	case GUID:
		if lit.Kind == LitGUID || lit.Kind == LitString && graphrt.ValidGUID(lit.Text) {
			return strings.ToLower(lit.Text), true
		}
	case Enum:
		if lit.Kind == LitString || lit.Kind == LitEnum {
			return lit.Text, true
		}
	case Binary:
		if lit.Kind == LitString && graphrt.ValidBase64(lit.Text) {
			return lit.Text, true
		}
	}
	return nil, false
}

// literalKind is the kind a literal has on its own.
func literalKind(k LitKind) Kind {
	switch k {
	case LitString:
		return String
	case LitInt:
		return Int
	case LitDecimal:
		return Float
	case LitBool:
		return Bool
	case LitGUID:
		return GUID
	case LitDateTime:
		return DateTime
	case LitDate:
		return Date
	case LitTimeOfDay:
		return TimeOfDay
	case LitDuration:
		return Duration
	case LitEnum:
		return Enum
	}
	return Invalid
}
