package odata

import (
	"cmp"
	"strconv"
	"strings"
)

// OrderKey is one key of $orderby: a property path, ascending unless
// Desc. Pos is its offset in the option's text.
type OrderKey struct {
	Path []string
	Desc bool
	Pos  int
}

// ParseOrderBy parses $orderby: comma-separated property paths
// (address/city), each maybe followed by asc or desc.
func ParseOrderBy(s string) ([]OrderKey, error) {
	p, err := newParser(s, "$orderby")
	if err != nil {
		return nil, err
	}
	var keys []OrderKey
	for {
		t, err := p.expect(tIdent, "a property name")
		if err != nil {
			return nil, err
		}
		if err := p.segment(t); err != nil {
			return nil, err
		}
		key := OrderKey{Path: []string{t.text}, Pos: t.pos}
		for p.peek().kind == tSlash {
			p.advance()
			t, err := p.expect(tIdent, "a property name")
			if err != nil {
				return nil, err
			}
			if err := p.segment(t); err != nil {
				return nil, err
			}
			key.Path = append(key.Path, t.text)
		}
		switch p.keyword() {
		case "desc":
			key.Desc = true
			p.advance()
		case "asc":
			p.advance()
		}
		keys = append(keys, key)
		switch t := p.peek(); t.kind {
		case tEOF:
			return keys, nil
		case tComma:
			p.advance()
		default:
			return nil, p.errf(t.pos, "expected asc, desc or ',' after %s, found %s", p.prev(), t.describe())
		}
	}
}

// BindOrderBy types $orderby's keys against schema and returns the
// order they set: a comparison of two items, negative when a comes
// first. Nulls come first ascending, last descending; strings compare
// without regard to case, then by bytes.
func BindOrderBy(keys []OrderKey, schema Schema) (func(a, b map[string]any) int, error) {
	b := &binder{schema: schema, opt: "$orderby"}
	type key struct {
		eval evalFunc
		kind Kind
		desc bool
	}
	ks := make([]key, 0, len(keys))
	for _, k := range keys {
		segs := make([]int, len(k.Path))
		pos := k.Pos
		for i, s := range k.Path { // offsets when written without spaces
			segs[i] = pos
			pos += len(s) + 1
		}
		o, err := b.path(&Path{Segs: k.Path, P: k.Pos, segPos: segs})
		if err != nil {
			return nil, err
		}
		if o.Collection || o.Kind == Object {
			return nil, b.errf(k.Pos, "cannot order by %s", o.describe())
		}
		ks = append(ks, key{o.eval, o.Kind, k.Desc})
	}
	return func(x, y map[string]any) int {
		ex, ey := env{root: x}, env{root: y}
		for _, k := range ks {
			a, b := k.eval(&ex), k.eval(&ey)
			var c int
			switch {
			case a == nil && b == nil:
			case a == nil:
				c = -1
			case b == nil:
				c = 1
			default:
				c = compareValues(k.kind, a, b)
				if c == 0 && k.kind == String {
					c = cmp.Compare(a.(string), b.(string))
				}
			}
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	}, nil
}

// ParseSelect parses $select: comma-separated property names, or *.
func ParseSelect(s string) ([]string, error) {
	names, _, err := parseSelect(s)
	return names, err
}

// BindSelect parses $select and checks its names against schema.
func BindSelect(s string, schema Schema) ([]string, error) {
	names, pos, err := parseSelect(s)
	if err != nil {
		return nil, err
	}
	b := &binder{schema: schema, opt: "$select"}
	for i, n := range names {
		if _, ok := schema[n]; !ok && n != "*" {
			return nil, b.unknown(pos[i], n, schema)
		}
	}
	return names, nil
}

func parseSelect(s string) (names []string, pos []int, err error) {
	if t := strings.TrimSpace(s); t == "*" {
		return []string{"*"}, []int{strings.IndexByte(s, '*')}, nil
	}
	p, err := newParser(s, "$select")
	if err != nil {
		return nil, nil, err
	}
	for {
		t := p.peek()
		if t.kind != tIdent {
			return nil, nil, p.errf(t.pos, "expected a property name after %s, found %s", p.prev(), t.describe())
		}
		if err := p.segment(t); err != nil {
			return nil, nil, err
		}
		p.advance()
		names, pos = append(names, t.text), append(pos, t.pos)
		switch t := p.peek(); t.kind {
		case tEOF:
			return names, pos, nil
		case tComma:
			p.advance()
		case tSlash:
			return nil, nil, p.errf(t.pos, "selecting a nested property is not supported")
		default:
			return nil, nil, p.errf(t.pos, "expected ',' after %s, found %s", p.prev(), t.describe())
		}
	}
}

// SearchTerm is a $search term: Value, to be found in Property or, when
// Property is empty, in any string property.
type SearchTerm struct {
	Property string
	Value    string
	Pos      int
}

// Search is a parsed $search: it matches when every term of one of the
// groups does (the groups were joined by OR, their terms by AND).
type Search struct {
	Any [][]SearchTerm
}

// ParseSearch parses $search as Graph takes it: double-quoted terms,
// "foo" or "displayName:foo", joined by AND or OR (AND binding tighter;
// terms side by side are ANDed). In a term, \" is a quote and \\ a
// backslash.
func ParseSearch(s string) (*Search, error) {
	bad := func(pos int, format string, args ...any) error {
		l := lexer{opt: "$search"}
		return l.errf(pos, format, args...)
	}
	if len(s) > MaxLength {
		return nil, bad(MaxLength, "longer than %d bytes", MaxLength)
	}
	out := &Search{Any: [][]SearchTerm{nil}}
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	for {
		skip()
		if i >= len(s) {
			return nil, bad(i, "expected a term in double quotes, as in \"displayName:foo\"")
		}
		if s[i] != '"' {
			return nil, bad(i, "expected a term in double quotes, as in \"displayName:foo\"")
		}
		start := i
		i++
		var v strings.Builder
		for {
			if i >= len(s) {
				return nil, bad(start, "unterminated term")
			}
			c := s[i]
			if c == '"' {
				i++
				break
			}
			if c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				i++
				c = s[i]
			}
			v.WriteByte(c)
			i++
		}
		term := SearchTerm{Value: v.String(), Pos: start}
		if j := strings.IndexByte(term.Value, ':'); j > 0 && isIdent(term.Value[:j]) {
			term.Property, term.Value = term.Value[:j], term.Value[j+1:]
		}
		if term.Value == "" {
			return nil, bad(start, "empty search term")
		}
		last := len(out.Any) - 1
		out.Any[last] = append(out.Any[last], term)
		skip()
		if i >= len(s) {
			return out, nil
		}
		j := i
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		switch s[i:j] {
		case "AND":
			i = j
		case "OR":
			i = j
			out.Any = append(out.Any, nil)
		case "":
			// side by side: AND
		default:
			return nil, bad(i, "expected AND, OR or a term in double quotes, found %s", strconv.Quote(s[i:j]))
		}
	}
}

func isIdent(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	return true
}

// BindSearch types a search against schema: a term's property must be a
// string or a collection of strings; a term without one looks in every
// such property at the top of the item. It matches a string that
// contains the term's value without regard to case.
func BindSearch(s *Search, schema Schema) (Predicate, error) {
	b := &binder{schema: schema, opt: "$search"}
	var all []string
	for name, p := range schema {
		if p.Kind == String {
			all = append(all, name)
		}
	}
	type term struct {
		props []string
		value string
	}
	groups := make([][]term, len(s.Any))
	for i, g := range s.Any {
		for _, t := range g {
			props := all
			if t.Property != "" {
				p, ok := schema[t.Property]
				if !ok {
					return nil, b.unknown(t.Pos+1, t.Property, schema)
				}
				if p.Kind != String {
					return nil, b.errf(t.Pos+1, "cannot search %s (%s): only strings", t.Property, article(p.Kind.String()))
				}
				props = []string{t.Property}
			}
			groups[i] = append(groups[i], term{props, strings.ToLower(t.Value)})
		}
	}
	found := func(v any, value string) bool {
		switch v := v.(type) {
		case string:
			return strings.Contains(strings.ToLower(v), value)
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok && strings.Contains(strings.ToLower(s), value) {
					return true
				}
			}
		}
		return false
	}
	return func(item map[string]any) bool {
	group:
		for _, g := range groups {
			for _, t := range g {
				ok := false
				for _, p := range t.props {
					if found(item[p], t.value) {
						ok = true
						break
					}
				}
				if !ok {
					continue group
				}
			}
			return true
		}
		return false
	}, nil
}
