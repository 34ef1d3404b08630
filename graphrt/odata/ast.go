// Package odata parses and evaluates the OData query options Microsoft
// Graph takes on a list ($filter, $orderby, $select, $search), for the
// fake Graph of graphrt/fake: ParseFilter and friends turn the text into
// an expression tree, and Bind (or Compile) types it against a Schema of
// the collection's properties and returns a Predicate that tells which
// JSON objects it matches.
//
// Errors, syntax and typing alike, are *SyntaxError, which holds the byte
// offset in the option's text where the problem is.
//
// # Semantics
//
// Items are JSON objects as encoding/json decodes them into
// map[string]any. Numbers may be float64 (json.Unmarshal) or json.Number
// (a Decoder with UseNumber, which graphrt/fake uses so that large
// integers compare exactly); int, int64 and the time and graphrt format
// types are taken too. Two numbers compare as int64 when both are
// integers, else as float64.
//
// A missing member is null. Comparisons follow OData: null eq null is
// true, null ne x is true, and gt, ge, lt and le with a null side are
// false; not, and, or use three-valued logic, and an item matches only
// when the filter is true.
//
// Strings compare without regard to case (eq, ne, in, startswith,
// endswith, contains, and ordering, with ties broken by bytes), as the
// directory and Outlook behind Graph do, not as the OData standard says.
// GUIDs and enum members compare without regard to case too.
package odata

import (
	"strconv"
	"strings"
)

// Expr is a parsed $filter expression. String returns it in a canonical
// form that ParseFilter reads back to the same String.
type Expr interface {
	// Pos is the byte offset of the expression in the text it was
	// parsed from.
	Pos() int
	String() string
	appendTo(b []byte, prec int) []byte
}

// Precedences, loosest first.
const (
	precOr = iota + 1
	precAnd
	precCmp
	precUnary
)

// BinaryExpr is a logical (and, or) or comparison (eq, ne, gt, ge, lt, le)
// operation.
type BinaryExpr struct {
	Op   string // lower case
	L, R Expr
	P    int // the operator's offset
}

// Not is a logical negation.
type Not struct {
	X Expr
	P int
}

// In is X in (List...).
type In struct {
	X    Expr
	List []Expr
	P    int // the offset of "in"
}

// Call is a function call: startswith, endswith, contains, tolower,
// toupper.
type Call struct {
	Name string // lower case
	Args []Expr
	P    int
}

// Path is a property path, such as address/city; inside a lambda its
// first segment may be the lambda's variable.
type Path struct {
	Segs []string
	P    int
	// segPos are the offsets of the segments, when parsed
	segPos []int
}

// Lambda is Path/any(Var: Body) or Path/all(Var: Body); Var and Body are
// empty in Path/any().
type Lambda struct {
	Path *Path
	Op   string // "any" or "all"
	Var  string
	Body Expr
	P    int // the offset of any or all
}

// LitKind is the kind of a literal.
type LitKind int

// The literal kinds.
const (
	LitNull LitKind = iota
	LitString
	LitInt
	LitDecimal
	LitBool
	LitGUID
	LitDateTime
	LitDate
	LitTimeOfDay
	LitDuration
	LitEnum // Type'member', as microsoft.graph.bodyType'html'
)

var litNames = [...]string{"null", "string", "integer", "decimal", "boolean", "GUID", "date-time", "date", "time of day", "duration", "enum member"}

func (k LitKind) String() string {
	if int(k) < len(litNames) {
		return litNames[k]
	}
	return "literal(" + strconv.Itoa(int(k)) + ")"
}

// Literal is a constant. Text is its value as written without quotes or
// prefix: the unescaped string, the number, the GUID, "true"; Type is
// the qualified type name of an enum literal.
type Literal struct {
	Kind LitKind
	Text string
	Type string
	P    int
}

func (e *BinaryExpr) Pos() int { return e.P }
func (e *Not) Pos() int        { return e.P }
func (e *In) Pos() int         { return e.P }
func (e *Call) Pos() int       { return e.P }
func (e *Path) Pos() int       { return e.P }
func (e *Lambda) Pos() int     { return e.P }
func (e *Literal) Pos() int    { return e.P }

func (e *BinaryExpr) String() string { return string(e.appendTo(nil, 0)) }
func (e *Not) String() string        { return string(e.appendTo(nil, 0)) }
func (e *In) String() string         { return string(e.appendTo(nil, 0)) }
func (e *Call) String() string       { return string(e.appendTo(nil, 0)) }
func (e *Path) String() string       { return string(e.appendTo(nil, 0)) }
func (e *Lambda) String() string     { return string(e.appendTo(nil, 0)) }
func (e *Literal) String() string    { return string(e.appendTo(nil, 0)) }

// opPrec is the precedence of a binary operator.
func opPrec(op string) int {
	switch op {
	case "or":
		return precOr
	case "and":
		return precAnd
	}
	return precCmp
}

// paren wraps what appendTo writes in parentheses when the expression
// binds looser than its place needs (prec).
func paren(b []byte, need bool, f func([]byte) []byte) []byte {
	if need {
		b = append(b, '(')
	}
	b = f(b)
	if need {
		b = append(b, ')')
	}
	return b
}

// Binary operators are left-associative: the left operand may be of the
// same precedence bare, the right one is parenthesised.
func (e *BinaryExpr) appendTo(b []byte, prec int) []byte {
	p := opPrec(e.Op)
	return paren(b, p < prec, func(b []byte) []byte {
		b = e.L.appendTo(b, p)
		b = append(b, ' ')
		b = append(b, e.Op...)
		b = append(b, ' ')
		return e.R.appendTo(b, p+1)
	})
}

func (e *Not) appendTo(b []byte, prec int) []byte {
	b = append(b, "not "...)
	return e.X.appendTo(b, precUnary)
}

func (e *In) appendTo(b []byte, prec int) []byte {
	return paren(b, precCmp < prec, func(b []byte) []byte {
		b = e.X.appendTo(b, precCmp)
		b = append(b, " in ("...)
		for i, x := range e.List {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = x.appendTo(b, 0)
		}
		return append(b, ')')
	})
}

func (e *Call) appendTo(b []byte, prec int) []byte {
	b = append(b, e.Name...)
	b = append(b, '(')
	for i, x := range e.Args {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = x.appendTo(b, 0)
	}
	return append(b, ')')
}

func (e *Path) appendTo(b []byte, prec int) []byte {
	return append(b, strings.Join(e.Segs, "/")...)
}

func (e *Lambda) appendTo(b []byte, prec int) []byte {
	b = e.Path.appendTo(b, 0)
	b = append(b, '/')
	b = append(b, e.Op...)
	b = append(b, '(')
	if e.Body != nil {
		b = append(b, e.Var...)
		b = append(b, ": "...)
		b = e.Body.appendTo(b, 0)
	}
	return append(b, ')')
}

func (e *Literal) appendTo(b []byte, prec int) []byte {
	switch e.Kind {
	case LitString:
		return appendQuoted(b, e.Text)
	case LitDuration:
		b = append(b, "duration"...)
		return appendQuoted(b, e.Text)
	case LitEnum:
		b = append(b, e.Type...)
		return appendQuoted(b, e.Text)
	case LitNull:
		return append(b, "null"...)
	}
	return append(b, e.Text...)
}

// appendQuoted appends s in single quotes, doubling the quotes in it.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			b = append(b, '\'')
		}
		b = append(b, s[i])
	}
	return append(b, '\'')
}
