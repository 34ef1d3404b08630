package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/page"
	"github.com/graphdoc/graphdoc/spec/source"
)

// Pages state a type's base in several places, and they do not always
// agree: the type's own page in prose ("Inherits from [x]", "A subclass
// of [x]") and in its annotation's baseType, its base's page in a
// derived-types list ("Base type of [a] and [b]"), and its own property
// rows ("Inherited from [x]"). Every statement is a claim; linkBases picks
// one per type by rank, the order below, and reports the claims that
// contradict the pick (base-type-conflict). A claim naming an ancestor of
// the pick does not contradict it: Intune rows say "Inherited from" the
// type that declares each property, grandparents included, and a
// derived-types list may name a grandchild.
//
// The ranks, best first:
//  0. prose on the type's own page, first in page order;
//  1. the annotation's baseType;
//  2. derived-types lists on other pages, first page by path;
//  3. "Inherited from [x]" rows, the deepest type they name.
//
// Prose outranks the annotation because the annotation is often left at
// microsoft.graph.entity when prose names the real parent (README:
// measured on the 2021 beta corpus against Microsoft's metadata). Within
// one rank, and across ranks, a claim naming a subtype of the pick refines
// it: "Inherits from [entity]" with rows "Inherited from [outlookItem]"
// gives outlookItem, which is an entity too.

// baseClaim is one statement of a type's base.
type baseClaim struct {
	wording page.Wording
	name    string     // as written: a link text or a qualified name
	link    string     // the link's destination, "" for a plain name
	p       *page.Page // the page that says it
	pos     source.Position
	// base is what the claim names once resolved; nil when it names no
	// type (why says why: "is defined on no page", "is an enum").
	base *Type
	why  string
	rows int // rows claims: how many rows name base
}

// rowBase is the "Inherited from [x]" of a property row.
type rowBase struct {
	name string
	p    *page.Page
	pos  source.Position
}

// whySelf marks a claim that names the type itself.
const whySelf = "is the type itself"

// rank orders claims by source: 0 (the type's own prose) wins.
func (c *baseClaim) rank() int {
	switch {
	case c.wording == page.WordInheritedRow:
		return 3
	case c.wording.OnBasePage():
		return 2
	case c.wording == page.WordAnnotation:
		return 1
	}
	return 0
}

// where renders a claim's place for messages: "resources/x.md:12".
func (c *baseClaim) where() string {
	return fmt.Sprintf("%s:%d", c.p.File.Name, c.pos.Line)
}

// pageClaims records the base statements of a resource page on the type
// it defines (prose first, then the annotation, as the page lists them).
func (l *linker) pageClaims(t *Type, p *page.Page) {
	for _, b := range p.Resource.Bases {
		t.claims = append(t.claims, &baseClaim{wording: b.Wording, name: b.Name.Text, link: b.Link, p: p, pos: p.Pos(b.Name.Off)})
	}
}

// derivedClaims turns each derived-types list into claims on the types it
// names: the listing page's type is their base. A list item names its
// type by link text or by the linked page; when the two name different
// types ("[Call](callactivitystatistics.md)") the item is skipped.
func (l *linker) derivedClaims() {
	for _, p := range l.pages {
		if p.Resource == nil || len(p.Resource.DerivedTypes) == 0 {
			continue
		}
		base := l.resourceType(p)
		if base == nil {
			continue
		}
		for _, d := range p.Resource.DerivedTypes {
			t := l.listedType(p, d)
			if t == nil || t == base {
				continue
			}
			t.claims = append(t.claims, &baseClaim{wording: d.Wording, name: base.Name, link: d.Link, p: p, pos: p.Pos(d.Name.Off), base: base})
		}
	}
}

// listedType resolves a derived-types list item to a type, or nil.
func (l *linker) listedType(p *page.Page, d page.BaseClaim) *Type {
	var byText, byLink *Type
	if q, kind, ok := l.lookup(d.Name.Text, l.namespace(p)); ok && kind == RefType {
		byText = l.types[strings.ToLower(q)]
	}
	if d.Link != "" {
		if q := l.linkedType(p, d.Link); q != "" {
			byLink = l.types[strings.ToLower(q)]
		}
	}
	if byText != nil && byLink != nil && byText != byLink {
		return nil
	}
	return cmp.Or(byText, byLink)
}

// rowClaims adds one claim per type that t's "Inherited from [x]" rows
// name, at the first such row, with the number of rows naming it.
func (l *linker) rowClaims(t *Type) {
	var out []*baseClaim
	for _, prop := range t.Properties {
		from := prop.inheritedFrom
		if from.name == "" {
			continue
		}
		i := slices.IndexFunc(out, func(c *baseClaim) bool { return c.name == from.name })
		if i < 0 {
			out = append(out, &baseClaim{wording: page.WordInheritedRow, name: from.name, p: from.p, pos: from.pos})
			i = len(out) - 1
		}
		out[i].rows++
	}
	t.claims = append(t.claims, out...)
}

// resolveClaim resolves what a claim of t names: the name as written,
// else the page its link goes to.
func (l *linker) resolveClaim(t *Type, c *baseClaim) {
	if c.base != nil || c.why != "" {
		return
	}
	ns := l.namespace(c.p)
	q, kind, ok := l.lookup(c.name, ns)
	if !ok && c.link != "" {
		if name := l.linkedType(c.p, c.link); name != "" {
			q, kind, ok = l.lookup(name, ns)
		}
	}
	switch {
	case !ok:
		c.why = "is defined on no page"
	case kind != RefType:
		c.why = "is an enum, not a type"
	default:
		c.base = l.types[strings.ToLower(q)]
		if c.base == t {
			c.base, c.why = nil, whySelf // "inherits from" its own type: ignored
		}
	}
}

// chooser picks each type's base from its claims. A type's pick may
// depend on the picks of the types its claims name (which is deepest), so
// picks are made on demand; state cuts the recursion on a cycle, which
// linkBases then reports.
type chooser struct {
	l     *linker
	state map[*Type]uint8 // 1: being picked, 2: picked
}

// base returns t's picked base, picking it first if need be.
func (ch *chooser) base(t *Type) *Type {
	switch ch.state[t] {
	case 0:
		ch.state[t] = 1
		t.Base = ""
		if b := ch.pick(t); b != nil {
			t.Base = b.Name
		}
		ch.state[t] = 2
	case 1:
		return nil
	}
	return ch.l.types[strings.ToLower(t.Base)]
}

// isAncestor reports whether a is a proper ancestor of t.
func (ch *chooser) isAncestor(a, t *Type) bool {
	seen := map[*Type]bool{}
	for cur := ch.base(t); cur != nil && !seen[cur]; cur = ch.base(cur) {
		if cur == a {
			return true
		}
		seen[cur] = true
	}
	return false
}

// pick chooses t's base: the best-ranked resolved claim, refined by any
// claim naming one of its subtypes.
func (ch *chooser) pick(t *Type) *Type {
	var best *baseClaim
	for _, c := range t.claims {
		if c.base == nil {
			continue
		}
		if best == nil || c.rank() < best.rank() || (c.rank() == best.rank() && c.wording == page.WordInheritedRow && c.rows > best.rows) {
			best = c
		}
	}
	if best == nil {
		return nil
	}
	pick := best.base
	for _, c := range t.claims {
		if c.base != nil && c.base != pick && ch.isAncestor(pick, c.base) && !ch.isAncestor(t, c.base) {
			pick = c.base
		}
	}
	return pick
}

// linkBases resolves base types, cuts cycles, fills Derived, removes rows
// repeated from a base type, and gives entity types their key.
func (l *linker) linkBases() {
	// provisional types get their properties from body tables now that all
	// names are known
	for _, t := range sortedTypes(l.types) {
		for _, b := range l.bodies[t] {
			for _, prop := range b.props {
				l.addProperty(t, b.p, prop, false)
			}
		}
	}
	types := sortedTypes(l.types)
	l.derivedClaims()
	for _, t := range types {
		l.rowClaims(t)
		for _, c := range t.claims {
			l.resolveClaim(t, c)
		}
	}
	ch := &chooser{l: l, state: make(map[*Type]uint8, len(types))}
	for _, t := range types {
		ch.base(t)
	}
	for _, t := range types {
		l.unresolvedClaims(t)
	}
	// cut cycles: walk each chain; a type met twice closes a cycle
	for _, t := range types {
		seen := map[*Type]bool{}
		for cur := t; cur != nil && cur.Base != ""; {
			seen[cur] = true
			next := l.types[strings.ToLower(cur.Base)]
			if next == nil {
				break
			}
			if seen[next] {
				l.diags.Add(cur.Pos, diag.CircularBase, "base types form a cycle through %s and %s; %s is read without its base", cur.Name, next.Name, cur.Name)
				cur.Base = ""
				break
			}
			cur = next
		}
	}
	for _, t := range types {
		l.conflictingClaims(t)
	}
	for _, t := range types {
		if t.Base != "" {
			b := l.types[strings.ToLower(t.Base)]
			b.Derived = append(b.Derived, t.Name)
		}
	}
	for _, t := range types {
		slices.Sort(t.Derived)
		// drop rows that an ancestor declares (Intune pages repeat them),
		// keeping where the page put them
		t.Order = t.Order[:0]
		for _, p := range t.Properties {
			t.Order = append(t.Order, p.Name)
		}
		anc := l.ancestorProps(t)
		t.Properties = slices.DeleteFunc(t.Properties, func(p *Property) bool { return anc[p.Name] })
		if t.Key == "" && (anc["id"] || t.hasProp("id")) {
			t.Key = "id"
		}
		t.claims = nil
	}
}

// unresolvedClaims reports the claims of t that name no type: those that
// would have outranked the pick, or, when nothing was picked, the
// best-ranked ones.
func (l *linker) unresolvedClaims(t *Type) {
	limit := 4 // claims ranked before it are reported
	for _, c := range t.claims {
		if c.base != nil {
			limit = min(limit, c.rank())
		}
	}
	if t.Base == "" {
		for _, c := range t.claims {
			if c.why != "" && c.why != whySelf {
				limit = min(limit, c.rank()+1)
			}
		}
	}
	reported := map[string]bool{}
	for _, c := range t.claims {
		key := strings.ToLower(shortName(c.name))
		if c.base != nil || c.why == whySelf || c.rank() >= limit || reported[key] {
			continue
		}
		reported[key] = true
		if t.Base == "" {
			l.diags.Add(c.pos, diag.UnresolvedType, "base type %s of %s %s; the type is read without it", c.name, t.Name, c.why)
		} else {
			l.diags.Add(c.pos, diag.UnresolvedType, "base type %s of %s (%s) %s; %s is used", c.name, t.Name, c.wording, c.why, t.Base)
		}
	}
}

// conflictingClaims reports each type that a claim of t names as its base
// when it is neither t's base nor an ancestor of it: once per named type,
// at the best-ranked claim naming it.
func (l *linker) conflictingClaims(t *Type) {
	if t.Base == "" {
		return
	}
	base := l.types[strings.ToLower(t.Base)]
	var winner *baseClaim
	for _, c := range t.claims {
		if c.base == base && (winner == nil || c.rank() < winner.rank()) {
			winner = c
		}
	}
	ancestors := map[*Type]bool{}
	for cur := base; cur != nil && !ancestors[cur]; cur = l.types[strings.ToLower(cur.Base)] {
		ancestors[cur] = true
	}
	reported := map[*Type]bool{}
	for _, c := range t.claims {
		if c.base == nil || ancestors[c.base] || reported[c.base] || winner == nil {
			continue
		}
		reported[c.base] = true
		l.diags.Add(c.pos, diag.BaseTypeConflict, "%s here names %s as the base of %s, but %s (%s) names %s; %s is used: %s",
			c.wording, c.base.Name, t.Name, winner.wording, winner.where(), base.Name, base.Name, precedence(winner, c))
	}
}

// precedence says why the winning claim beats the losing one.
func precedence(win, lose *baseClaim) string {
	switch {
	case win.rank() > lose.rank():
		return "it is a subtype of what the best-ranked statement names"
	case win.rank() < lose.rank() && win.rank() == 0:
		return "prose on the type's own page comes first"
	case win.rank() < lose.rank() && win.rank() == 1:
		return "the type's own annotation outranks statements elsewhere"
	case win.rank() < lose.rank():
		return "a derived-types list on the base's page outranks \"Inherited from\" rows"
	case win.rank() == 3:
		return fmt.Sprintf("more rows name it (%d to %d)", win.rows, lose.rows)
	case win.p != lose.p:
		return "the first page by path wins"
	}
	return "the first statement on the page wins"
}
