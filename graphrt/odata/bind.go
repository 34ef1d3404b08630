package odata

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// env is what an expression is evaluated on: the item, and the current
// element of each enclosing lambda.
type env struct {
	root map[string]any
	vars []any
}

// evalFunc evaluates a bound expression to a value as coerce returns it,
// or nil for null; for a collection, to []any of such values.
type evalFunc func(*env) any

// operand is a bound expression: its type and how to evaluate it, or a
// literal whose type depends on what it is compared with.
type operand struct {
	Property
	lit  *Literal // a literal, typed by its context; eval is unset
	eval evalFunc
	pos  int
	desc string // what the operand is, for messages
}

// variable is a lambda variable in scope.
type variable struct {
	name string
	elem Property
	slot int
}

// binder types an expression against a schema.
type binder struct {
	schema Schema
	scope  []variable
	slots  int
	opt    string
}

func (b *binder) errf(pos int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Option: b.opt, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Compile parses a $filter and binds it to schema.
func Compile(filter string, schema Schema) (Predicate, error) {
	e, err := ParseFilter(filter)
	if err != nil {
		return nil, err
	}
	return Bind(e, schema)
}

// Bind types a $filter expression against the properties of the items it
// will test and returns its Predicate. The errors, *SyntaxError, name
// unknown properties, literals of the wrong type for what they are
// compared with (a string property with a number, a date-time property
// with a quoted string), and expressions that are not boolean where one
// is needed.
func Bind(e Expr, schema Schema) (Predicate, error) {
	b := &binder{schema: schema, opt: "$filter"}
	op, err := b.bind(e)
	if err != nil {
		return nil, err
	}
	if err := b.wantBool(op); err != nil {
		return nil, err
	}
	slots := b.slots
	eval := op.eval
	if op.lit != nil {
		v := op.lit.Text == "true"
		eval = func(*env) any { return v }
	}
	return func(item map[string]any) bool {
		en := env{root: item}
		if slots > 0 {
			en.vars = make([]any, slots)
		}
		return eval(&en) == true
	}, nil
}

// describe names an operand for a message: "displayName (a string)".
func (o operand) describe() string {
	if o.lit != nil {
		if o.lit.Kind == LitNull {
			return "null"
		}
		return "the " + o.lit.Kind.String() + " " + o.lit.String()
	}
	what := article(o.Kind.String())
	if o.Collection {
		what = "a collection of " + o.Kind.String() + "s"
		if o.Kind == Object {
			what = "a collection of objects"
		}
	}
	return o.desc + " (" + what + ")"
}

func article(s string) string {
	if strings.IndexByte("aeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

func (b *binder) wantBool(o operand) error {
	if o.lit != nil && o.lit.Kind == LitBool || o.lit == nil && o.Kind == Bool && !o.Collection {
		return nil
	}
	return b.errf(o.pos, "expected a boolean expression, found %s", o.describe())
}

// constant is an operand that always evaluates to v.
func constant(v any) evalFunc { return func(*env) any { return v } }

func (b *binder) bind(e Expr) (operand, error) {
	switch e := e.(type) {
	case *Literal:
		return operand{lit: e, pos: e.P}, nil
	case *Path:
		return b.path(e)
	case *Not:
		x, err := b.bind(e.X)
		if err != nil {
			return x, err
		}
		if err := b.wantBool(x); err != nil {
			return x, err
		}
		f := b.boolEval(x)
		return b.boolOp(e.P, "not "+x.desc, func(en *env) any {
			if v, ok := f(en).(bool); ok {
				return !v
			}
			return nil
		}), nil
	case *BinaryExpr:
		l, err := b.bind(e.L)
		if err != nil {
			return l, err
		}
		r, err := b.bind(e.R)
		if err != nil {
			return r, err
		}
		if e.Op == "and" || e.Op == "or" {
			return b.logical(e, l, r)
		}
		return b.compare(e.Op, l, r, e.P)
	case *In:
		return b.in(e)
	case *Call:
		return b.call(e)
	case *Lambda:
		return b.lambda(e)
	}
	return operand{}, b.errf(e.Pos(), "unexpected expression %s", e)
}

func (b *binder) boolOp(pos int, desc string, f evalFunc) operand {
	return operand{Property: Property{Kind: Bool}, eval: f, pos: pos, desc: desc}
}

// boolEval is the evaluation of an operand wantBool accepted.
func (b *binder) boolEval(o operand) evalFunc {
	if o.lit != nil {
		return constant(o.lit.Text == "true")
	}
	return o.eval
}

func (b *binder) logical(e *BinaryExpr, l, r operand) (operand, error) {
	if err := b.wantBool(l); err != nil {
		return l, err
	}
	if err := b.wantBool(r); err != nil {
		return r, err
	}
	lf, rf := b.boolEval(l), b.boolEval(r)
	desc := e.Op + " expression"
	if e.Op == "and" {
		return b.boolOp(e.P, desc, func(en *env) any {
			x, y := lf(en), rf(en)
			if x == false || y == false {
				return false
			}
			if x == true && y == true {
				return true
			}
			return nil
		}), nil
	}
	return b.boolOp(e.P, desc, func(en *env) any {
		x, y := lf(en), rf(en)
		if x == true || y == true {
			return true
		}
		if x == false && y == false {
			return false
		}
		return nil
	}), nil
}

// path binds a property path, which may start at a lambda variable.
func (b *binder) path(p *Path) (operand, error) {
	var cur Property
	var get evalFunc
	segs := p.Segs
	pos := p.P
	desc := segs[0]
	found := false
	for i := len(b.scope) - 1; i >= 0; i-- {
		if v := b.scope[i]; v.name == segs[0] {
			slot := v.slot
			cur, get, found = v.elem, func(en *env) any { return en.vars[slot] }, true
			break
		}
	}
	if !found {
		prop, ok := b.schema[segs[0]]
		if !ok {
			return operand{}, b.unknown(pos, segs[0], b.schema)
		}
		name := segs[0]
		cur, get = prop, func(en *env) any { return en.root[name] }
	}
	for i, seg := range segs[1:] {
		if i+1 < len(p.segPos) {
			pos = p.segPos[i+1]
		}
		switch {
		case cur.Collection:
			return operand{}, b.errf(p.P, "%s is a collection: use any or all to look into it", desc)
		case cur.Kind != Object:
			return operand{}, b.errf(pos, "%s is %s, which has no property %s", desc, article(cur.Kind.String()), seg)
		}
		prop, ok := cur.Props[seg]
		if !ok {
			return operand{}, b.unknown(pos, desc+"/"+seg, cur.Props)
		}
		prev, name := get, seg
		get = func(en *env) any {
			m, _ := prev(en).(map[string]any)
			return m[name]
		}
		cur = prop
		desc += "/" + seg
	}
	k := cur.Kind
	eval := func(en *env) any { return coerce(k, get(en)) }
	if cur.Collection {
		eval = func(en *env) any {
			list, _ := get(en).([]any)
			out := make([]any, 0, len(list))
			for _, x := range list {
				if v := coerce(k, x); v != nil {
					out = append(out, v)
				}
			}
			return out
		}
	}
	return operand{Property: cur, eval: eval, pos: p.P, desc: desc}, nil
}

// unknown reports an unknown property, naming the known ones when few.
func (b *binder) unknown(pos int, name string, in Schema) error {
	known := make([]string, 0, len(in))
	for k := range in {
		known = append(known, k)
	}
	slices.Sort(known)
	if len(known) == 0 {
		return b.errf(pos, "unknown property %s", strconv.Quote(name))
	}
	if len(known) > 12 {
		known = append(known[:12], "...")
	}
	return b.errf(pos, "unknown property %s (there are %s)", strconv.Quote(name), strings.Join(known, ", "))
}

// comparable checks that an operand can be compared with eq and the
// like: a single value, not an object, unless compared with null.
func (b *binder) single(o, other operand) error {
	if o.lit != nil {
		return nil
	}
	if other.lit != nil && other.lit.Kind == LitNull && !o.Collection {
		return nil
	}
	if o.Collection {
		return b.errf(o.pos, "%s is a collection: use any or all to compare its elements", o.desc)
	}
	if o.Kind == Object {
		return b.errf(o.pos, "%s is an object: compare one of its properties, as in %s/name", o.desc, o.desc)
	}
	return nil
}

// numeric reports whether two kinds compare as numbers.
func numeric(k Kind) bool { return k == Int || k == Float }

// compare binds a comparison.
func (b *binder) compare(op string, l, r operand, pos int) (operand, error) {
	if err := b.single(l, r); err != nil {
		return l, err
	}
	if err := b.single(r, l); err != nil {
		return r, err
	}
	lnull := l.lit != nil && l.lit.Kind == LitNull
	rnull := r.lit != nil && r.lit.Kind == LitNull
	desc := l.desc + " " + op
	if lnull || rnull {
		if op != "eq" && op != "ne" {
			return l, b.errf(pos, "null can only be compared with eq or ne, not %s", op)
		}
		lf, rf := b.valueOf(l, l.Property), b.valueOf(r, r.Property)
		want := op == "eq"
		return b.boolOp(pos, desc, func(en *env) any {
			return (lf(en) == nil && rf(en) == nil) == want
		}), nil
	}
	// the kind both sides compare as
	var kind Property
	switch {
	case l.lit == nil:
		kind = l.Property
	case r.lit == nil:
		kind = r.Property
	default:
		kind = Property{Kind: literalKind(l.lit.Kind)}
	}
	for _, o := range []operand{l, r} {
		if o.lit != nil {
			if _, ok := literalValue(o.lit, kind); !ok {
				return o, b.mismatch(o, l, r)
			}
			if err := b.member(o, kind); err != nil {
				return o, err
			}
		} else if o.Kind != kind.Kind && !(numeric(o.Kind) && numeric(kind.Kind)) {
			return o, b.mismatch(o, l, r)
		}
	}
	if op != "eq" && op != "ne" {
		switch kind.Kind {
		case GUID, Enum, Binary:
			return l, b.errf(pos, "%s values can only be compared with eq, ne or in, not %s", kind.Kind, op)
		}
	}
	lf, rf := b.valueOf(l, kind), b.valueOf(r, kind)
	k := kind.Kind
	var test func(c int) bool
	switch op {
	case "eq":
		test = func(c int) bool { return c == 0 }
	case "ne":
		test = func(c int) bool { return c != 0 }
	case "gt":
		test = func(c int) bool { return c > 0 }
	case "ge":
		test = func(c int) bool { return c >= 0 }
	case "lt":
		test = func(c int) bool { return c < 0 }
	case "le":
		test = func(c int) bool { return c <= 0 }
	}
	ne := op == "ne"
	return b.boolOp(pos, desc, func(en *env) any {
		x, y := lf(en), rf(en)
		if x == nil || y == nil {
			if op == "eq" {
				return x == nil && y == nil
			}
			return ne && (x != nil || y != nil)
		}
		return test(compareValues(k, x, y))
	}), nil
}

// mismatch reports operands of kinds that do not compare.
func (b *binder) mismatch(bad, l, r operand) error {
	msg := fmt.Sprintf("cannot compare %s with %s", l.describe(), r.describe())
	if bad.lit != nil && bad.lit.Kind == LitString {
		other := l
		if bad.lit == l.lit {
			other = r
		}
		switch other.Kind {
		case DateTime, Date, TimeOfDay:
			msg += fmt.Sprintf(": write %s values without quotes, as in 2024-03-01T00:00:00Z", other.Kind)
		case Duration:
			msg += ": write durations as duration'PT1H'"
		}
	}
	return b.errf(bad.pos, "%s", msg)
}

// member checks an enum literal against the enum's members.
func (b *binder) member(o operand, p Property) error {
	if p.Kind != Enum || len(p.Members) == 0 {
		return nil
	}
	for _, m := range p.Members {
		if strings.EqualFold(m, o.lit.Text) {
			return nil
		}
	}
	return b.errf(o.pos, "%s is not a member of the enum (%s)", strconv.Quote(o.lit.Text), strings.Join(p.Members, ", "))
}

// valueOf evaluates an operand as kind p: a literal converts to it.
func (b *binder) valueOf(o operand, p Property) evalFunc {
	if o.lit != nil {
		if o.lit.Kind == LitNull {
			return constant(nil)
		}
		v, _ := literalValue(o.lit, p)
		return constant(v)
	}
	return o.eval
}

func (b *binder) in(e *In) (operand, error) {
	x, err := b.bind(e.X)
	if err != nil {
		return x, err
	}
	var tests []evalFunc
	for _, item := range e.List {
		y, err := b.bind(item)
		if err != nil {
			return y, err
		}
		t, err := b.compare("eq", x, y, e.P)
		if err != nil {
			return t, err
		}
		tests = append(tests, t.eval)
	}
	return b.boolOp(e.P, x.desc+" in", func(en *env) any {
		for _, t := range tests {
			if t(en) == true {
				return true
			}
		}
		return false
	}), nil
}

// stringArg binds a function's argument, which must be a single string.
func (b *binder) stringArg(call *Call, e Expr) (evalFunc, error) {
	o, err := b.bind(e)
	if err != nil {
		return nil, err
	}
	if o.lit != nil {
		if o.lit.Kind != LitString {
			return nil, b.errf(o.pos, "%s needs strings, not %s", call.Name, o.describe())
		}
		return constant(o.lit.Text), nil
	}
	if o.Collection || o.Kind != String && o.Kind != Enum {
		return nil, b.errf(o.pos, "%s needs strings, not %s", call.Name, o.describe())
	}
	return o.eval, nil
}

func (b *binder) call(c *Call) (operand, error) {
	args := make([]evalFunc, len(c.Args))
	for i, a := range c.Args {
		f, err := b.stringArg(c, a)
		if err != nil {
			return operand{}, err
		}
		args[i] = f
	}
	switch c.Name {
	case "tolower", "toupper":
		conv := strings.ToLower
		if c.Name == "toupper" {
			conv = strings.ToUpper
		}
		f := args[0]
		return operand{Property: Property{Kind: String}, pos: c.P, desc: c.Name + "(...)", eval: func(en *env) any {
			if s, ok := f(en).(string); ok {
				return conv(s)
			}
			return nil
		}}, nil
	}
	var test func(s, sub string) bool
	switch c.Name {
	case "startswith":
		test = func(s, sub string) bool { return len(s) >= len(sub) && strings.EqualFold(s[:len(sub)], sub) }
	case "endswith":
		test = func(s, sub string) bool { return len(s) >= len(sub) && strings.EqualFold(s[len(s)-len(sub):], sub) }
	default: // contains
		test = func(s, sub string) bool { return containsFold(s, sub) }
	}
	x, y := args[0], args[1]
	return b.boolOp(c.P, c.Name+"(...)", func(en *env) any {
		s, ok1 := x(en).(string)
		sub, ok2 := y(en).(string)
		if !ok1 || !ok2 {
			return nil
		}
		return test(s, sub)
	}), nil
}

// containsFold reports whether sub is in s, without regard to case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func (b *binder) lambda(l *Lambda) (operand, error) {
	coll, err := b.path(l.Path)
	if err != nil {
		return coll, err
	}
	if !coll.Collection {
		return coll, b.errf(l.P, "%s is not a collection: %s needs one", coll.desc, l.Op)
	}
	// the elements as JSON: the variable's paths coerce them
	get := b.rawCollection(l.Path)
	desc := coll.desc + "/" + l.Op
	if l.Body == nil { // any()
		return b.boolOp(l.P, desc, func(en *env) any {
			list, _ := get(en).([]any)
			return len(list) > 0
		}), nil
	}
	elem := coll.Property
	elem.Collection = false
	slot := b.slots
	b.slots++
	b.scope = append(b.scope, variable{name: l.Var, elem: elem, slot: slot})
	body, err := b.bind(l.Body)
	b.scope = b.scope[:len(b.scope)-1]
	if err != nil {
		return body, err
	}
	if err := b.wantBool(body); err != nil {
		return body, err
	}
	f := b.boolEval(body)
	all := l.Op == "all"
	return b.boolOp(l.P, desc, func(en *env) any {
		list, _ := get(en).([]any)
		for _, x := range list {
			en.vars[slot] = x
			if (f(en) == true) != all {
				return !all
			}
		}
		return all
	}), nil
}

// rawCollection evaluates a collection path to its JSON elements.
func (b *binder) rawCollection(p *Path) evalFunc {
	segs := p.Segs
	var get evalFunc
	start := 1
	for i := len(b.scope) - 1; i >= 0 && get == nil; i-- {
		if v := b.scope[i]; v.name == segs[0] {
			slot := v.slot
			get = func(en *env) any { return en.vars[slot] }
		}
	}
	if get == nil {
		start = 0
		get = func(en *env) any { return en.root }
	}
	for _, seg := range segs[start:] {
		prev, name := get, seg
		get = func(en *env) any {
			m, _ := prev(en).(map[string]any)
			return m[name]
		}
	}
	return get
}
