package odata

import (
	"strconv"
	"strings"
)

// functions are the functions $filter takes, by their arity.
var functions = map[string]int{
	"startswith": 2,
	"endswith":   2,
	"contains":   2,
	"tolower":    1,
	"toupper":    1,
}

// reserved are words that cannot start a property path.
var reserved = map[string]bool{
	"and": true, "or": true, "not": true, "in": true, "has": true,
	"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true,
	"add": true, "sub": true, "mul": true, "div": true, "divby": true, "mod": true,
	"true": true, "false": true, "null": true,
}

var comparisons = map[string]bool{"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true}

// unsupportedOps are OData operators this package does not evaluate.
var unsupportedOps = map[string]bool{"has": true, "add": true, "sub": true, "mul": true, "div": true, "divby": true, "mod": true}

// parser is a recursive-descent parser over the tokens of an option.
type parser struct {
	lexer
	toks  []token
	i     int
	depth int
}

// newParser splits s into tokens.
func newParser(s, opt string) (*parser, error) {
	p := &parser{lexer: lexer{s: s, opt: opt}}
	if len(s) > MaxLength {
		return nil, p.errf(MaxLength, "longer than %d bytes", MaxLength)
	}
	for {
		t, err := p.lexer.next()
		if err != nil {
			return nil, err
		}
		p.toks = append(p.toks, t)
		if t.kind == tEOF {
			return p, nil
		}
	}
}

func (p *parser) peek() token { return p.toks[p.i] }

// peekAt returns the token n ahead of the current one (EOF past the end).
func (p *parser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// prev describes the token before the current one.
func (p *parser) prev() string {
	if p.i == 0 {
		return "the start"
	}
	return p.toks[p.i-1].describe()
}

// keyword returns the current token in lower case if it is an identifier.
func (p *parser) keyword() string {
	if t := p.peek(); t.kind == tIdent {
		return strings.ToLower(t.text)
	}
	return ""
}

func (p *parser) expect(k tokKind, what string) (token, error) {
	t := p.peek()
	if t.kind != k {
		return t, p.errf(t.pos, "expected %s after %s, found %s", what, p.prev(), t.describe())
	}
	return p.advance(), nil
}

// enter counts a level of nesting.
func (p *parser) enter(pos int) error {
	p.depth++
	if p.depth > MaxDepth {
		return p.errf(pos, "nested more than %d deep", MaxDepth)
	}
	return nil
}

// ParseFilter parses a $filter expression:
//
//	or   = and {"or" and}
//	and  = cmp {"and" cmp}
//	cmp  = unary {("eq"|"ne"|"gt"|"ge"|"lt"|"le") unary | "in" "(" unary {"," unary} ")"}
//	unary = "not" unary | "(" or ")" | literal | function "(" args ")" | path ["/" ("any"|"all") "(" [var ":" or] ")"]
//
// Keywords and function names are taken in any case. Errors are
// *SyntaxError.
func ParseFilter(s string) (Expr, error) {
	p, err := newParser(s, "$filter")
	if err != nil {
		return nil, err
	}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.unexpected(t)
	}
	return e, nil
}

// unexpected reports a token where an operator or the end was due.
func (p *parser) unexpected(t token) error {
	if t.kind == tRParen {
		return p.errf(t.pos, "unbalanced ')'")
	}
	if k := strings.ToLower(t.text); t.kind == tIdent && unsupportedOps[k] {
		return p.errf(t.pos, "the %s operator is not supported", k)
	}
	return p.errf(t.pos, "expected an operator after %s, found %s", p.prev(), t.describe())
}

func (p *parser) or() (Expr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.keyword() == "or" {
		t := p.advance()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = &BinaryExpr{Op: "or", L: l, R: r, P: t.pos}
	}
	return l, nil
}

func (p *parser) and() (Expr, error) {
	l, err := p.cmp()
	if err != nil {
		return nil, err
	}
	for p.keyword() == "and" {
		t := p.advance()
		r, err := p.cmp()
		if err != nil {
			return nil, err
		}
		l = &BinaryExpr{Op: "and", L: l, R: r, P: t.pos}
	}
	return l, nil
}

func (p *parser) cmp() (Expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		k := p.keyword()
		switch {
		case comparisons[k]:
			t := p.advance()
			r, err := p.unary()
			if err != nil {
				return nil, err
			}
			l = &BinaryExpr{Op: k, L: l, R: r, P: t.pos}
		case k == "in":
			t := p.advance()
			if _, err := p.expect(tLParen, "'('"); err != nil {
				return nil, err
			}
			in := &In{X: l, P: t.pos}
			for {
				x, err := p.unary()
				if err != nil {
					return nil, err
				}
				in.List = append(in.List, x)
				if p.peek().kind != tComma {
					break
				}
				p.advance()
			}
			if _, err := p.expect(tRParen, "',' or ')'"); err != nil {
				return nil, err
			}
			l = in
		default:
			return l, nil
		}
	}
}

func (p *parser) unary() (Expr, error) {
	t := p.peek()
	if p.keyword() == "not" {
		p.advance()
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		p.depth--
		return &Not{X: x, P: t.pos}, nil
	}
	return p.primary()
}

func (p *parser) primary() (Expr, error) {
	t := p.peek()
	switch t.kind {
	case tLParen:
		p.advance()
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tRParen {
			if c.kind == tEOF {
				return nil, p.errf(c.pos, "expected ')' to close the '(' at %d", t.pos)
			}
			return nil, p.unexpected(c)
		}
		p.advance()
		p.depth--
		return e, nil
	case tLit:
		p.advance()
		return t.lit, nil
	case tIdent:
		k := strings.ToLower(t.text)
		switch k {
		case "true", "false":
			p.advance()
			return &Literal{Kind: LitBool, Text: k, P: t.pos}, nil
		case "null":
			p.advance()
			return &Literal{Kind: LitNull, Text: k, P: t.pos}, nil
		}
		if p.peekAt(1).kind == tLParen {
			return p.call(t)
		}
		if reserved[k] {
			break
		}
		return p.path()
	}
	return nil, p.errf(t.pos, "expected a value after %s", p.prev())
}

// call parses a function call; t is its name.
func (p *parser) call(t token) (Expr, error) {
	name := strings.ToLower(t.text)
	arity, ok := functions[name]
	if !ok {
		return nil, p.errf(t.pos, "unknown function %s (there are startswith, endswith, contains, tolower and toupper)", strconv.Quote(t.text))
	}
	p.advance()
	p.advance() // (
	if err := p.enter(t.pos); err != nil {
		return nil, err
	}
	c := &Call{Name: name, P: t.pos}
	for {
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, x)
		if p.peek().kind != tComma {
			break
		}
		p.advance()
	}
	if _, err := p.expect(tRParen, "',' or ')'"); err != nil {
		return nil, err
	}
	if len(c.Args) != arity {
		return nil, p.errf(t.pos, "%s takes %d argument%s, not %d", name, arity, plural(arity), len(c.Args))
	}
	p.depth--
	return c, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// segment checks that an identifier names a property, not a type.
func (p *parser) segment(t token) error {
	if strings.Contains(t.text, ".") {
		return p.errf(t.pos, "type casts (%s) are not supported", t.text)
	}
	return nil
}

// path parses a property path and the lambda that may end it.
func (p *parser) path() (Expr, error) {
	t := p.advance()
	if err := p.segment(t); err != nil {
		return nil, err
	}
	path := &Path{Segs: []string{t.text}, P: t.pos, segPos: []int{t.pos}}
	for p.peek().kind == tSlash {
		p.advance()
		s, err := p.expect(tIdent, "a property name")
		if err != nil {
			return nil, err
		}
		if reserved[strings.ToLower(s.text)] {
			return nil, p.errf(s.pos, "expected a property name after '/', found '%s'", s.text)
		}
		if op := strings.ToLower(s.text); (op == "any" || op == "all") && p.peek().kind == tLParen {
			return p.lambda(path, op, s.pos)
		}
		if err := p.segment(s); err != nil {
			return nil, err
		}
		path.Segs = append(path.Segs, s.text)
		path.segPos = append(path.segPos, s.pos)
	}
	return path, nil
}

// lambda parses (var: body) or () after path/any.
func (p *parser) lambda(path *Path, op string, pos int) (Expr, error) {
	open := p.advance()
	if err := p.enter(open.pos); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	l := &Lambda{Path: path, Op: op, P: pos}
	if p.peek().kind == tRParen {
		if op == "all" {
			return nil, p.errf(p.peek().pos, "all needs a condition, as in all(x: x eq 'v')")
		}
		p.advance()
		return l, nil
	}
	v, err := p.expect(tIdent, "a variable name")
	if err != nil {
		return nil, err
	}
	if err := p.segment(v); err != nil {
		return nil, err
	}
	if reserved[strings.ToLower(v.text)] {
		return nil, p.errf(v.pos, "%s cannot name a variable", v.text)
	}
	if _, err := p.expect(tColon, "':'"); err != nil {
		return nil, err
	}
	body, err := p.or()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tRParen, "')'"); err != nil {
		return nil, err
	}
	l.Var, l.Body = v.text, body
	return l, nil
}
