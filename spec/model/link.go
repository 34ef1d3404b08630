package model

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/graphdoc/graphdoc/internal/par"
	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/page"
	"github.com/graphdoc/graphdoc/spec/source"
)

// DefaultNamespace is assumed for pages with no Namespace line.
const DefaultNamespace = "microsoft.graph"

// linker holds the state of one Link call.
type linker struct {
	api   *API
	diags diag.List
	pages []*page.Page
	types map[string]*Type // by lower-cased qualified name
	enums map[string]*Enum
	// short maps a lower-cased unqualified name to the qualified names
	// defining it, sorted.
	short map[string][]string
	ops   map[string]*Operation // by method + " " + path
	// defs are the pages defining each type, in page order; bodies are the
	// request-body tables a provisional type is known from.
	defs   map[*Type][]*page.Page
	bodies map[*Type][]bodyRows
	// servers counts service roots seen in example requests.
	servers map[string]int
	// namespaces maps a lower-cased namespace to its canonical spelling.
	namespaces map[string]string
	// byName finds a page by its path (api/user-get.md).
	byName map[string]*page.Page
	// collNavs maps a collection navigation property's name to the
	// lower-cased types it holds (checkUpdateKey).
	collNavs map[string]map[string]bool
	// frozen is set on the copies that work ahead on pages in parallel
	// (inPageOrder): resolve must not add to the maps, and sets thawed
	// when it would have.
	frozen, thawed bool
}

// inPageOrder does for each page what one loop over pages in page order
// would, on GOMAXPROCS workers. ahead works on a page with a frozen copy
// of the linker (it must only read the linker) and reports false when the
// page would have changed it; add then takes the results in page order.
// From the first page ahead could not do on, every page is done by
// inOrder instead, in page order, on the linker itself.
func inPageOrder[T any](pages []*page.Page, ahead func(*page.Page) (T, bool), add func(*page.Page, T), inOrder func(*page.Page)) {
	done := make([]T, len(pages))
	ok := make([]bool, len(pages))
	par.For(len(pages), func(i int) {
		done[i], ok[i] = ahead(pages[i])
	})
	for i, p := range pages {
		if !ok[i] {
			for _, p := range pages[i:] {
				inOrder(p)
			}
			return
		}
		add(p, done[i])
	}
}

// bodyRows are the rows of one request-body table.
type bodyRows struct {
	p     *page.Page
	props []page.Property
}

// Link links scanned pages into an API. Pages may come in any order: they
// are sorted by path first, and every rule that picks between pages (two
// definitions of one type, two pages for one operation) picks the first
// page by path.
func Link(pages []*page.Page) (*API, diag.List) {
	l := &linker{
		api:     &API{Pages: len(pages)},
		types:   map[string]*Type{},
		enums:   map[string]*Enum{},
		short:   map[string][]string{},
		ops:     map[string]*Operation{},
		defs:    map[*Type][]*page.Page{},
		bodies:  map[*Type][]bodyRows{},
		servers: map[string]int{},
	}
	l.pages = slices.Clone(pages)
	slices.SortFunc(l.pages, func(a, b *page.Page) int {
		return cmp.Or(cmp.Compare(a.File.Name, b.File.Name), cmp.Compare(a.File.Path, b.File.Path))
	})
	l.canonNamespaces()
	l.byName = make(map[string]*page.Page, len(l.pages))
	for _, p := range l.pages {
		l.byName[p.File.Name] = p
	}
	for _, p := range l.pages {
		l.defineFromPage(p)
	}
	for _, p := range l.pages {
		l.provisionalTypes(p)
	}
	l.indexNames()
	l.resolveResources()
	l.linkBases()
	l.allOperations()
	l.finish()
	return l.api, l.diags
}

// namespace returns the page's namespace.
func (l *linker) namespace(p *page.Page) string {
	ns := cleanNamespace(p.Namespace.Text)
	if ns == "" {
		return DefaultNamespace
	}
	if c, ok := l.namespaces[strings.ToLower(ns)]; ok {
		return c
	}
	return ns
}

// cleanNamespace repairs the typos of Namespace lines: a trailing dot
// (microsoft.graph.) and a repeated last part
// (microsoft.graph.ediscovery.ediscovery).
func cleanNamespace(ns string) string {
	ns = strings.Trim(strings.TrimSpace(ns), ".")
	parts := strings.Split(ns, ".")
	if n := len(parts); n > 2 && strings.EqualFold(parts[n-1], parts[n-2]) {
		parts = parts[:n-1]
	}
	return strings.Join(parts, ".")
}

// canonNamespaces picks one spelling per namespace, whatever the case:
// the one most pages use (microsoft.graph.termStore over
// microsoft.graph.termstore), the first by byte order on a tie.
func (l *linker) canonNamespaces() {
	count := map[string]int{}
	for _, p := range l.pages {
		if ns := cleanNamespace(p.Namespace.Text); ns != "" {
			count[ns]++
		}
	}
	l.namespaces = map[string]string{}
	for ns, n := range count {
		k := strings.ToLower(ns)
		best, ok := l.namespaces[k]
		if !ok || n > count[best] || (n == count[best] && ns < best) {
			l.namespaces[k] = ns
		}
	}
}

// qualify prefixes a bare name with a namespace.
func qualify(name, ns string) string {
	if strings.Contains(name, ".") {
		return name
	}
	return ns + "." + name
}

// shortName returns the part after the last dot.
func shortName(q string) string {
	if i := strings.LastIndexByte(q, '.'); i >= 0 {
		return q[i+1:]
	}
	return q
}

// defineFromPage records the types and enums a page defines.
func (l *linker) defineFromPage(p *page.Page) {
	ns := l.namespace(p)
	for _, e := range p.Enums {
		l.defineEnum(p, e, ns)
	}
	r := p.Resource
	if r == nil || r.Name.Text == "" {
		return
	}
	name := qualify(r.Name.Text, ns)
	t := &Type{
		Name: name, Abstract: r.Abstract, Open: r.OpenType, Key: r.Key,
		Description: page.Prose(p.Summary.Text), Source: p.File.Name, Pos: p.Pos(r.Name.Off),
	}
	if old, ok := l.types[strings.ToLower(name)]; ok {
		if old.Provisional {
			delete(l.types, strings.ToLower(name))
		} else {
			l.diags.Add(t.Pos, diag.DuplicateType, "type %s is also defined in %s; properties are merged, the first page's come first", name, old.Source)
			l.defs[old] = append(l.defs[old], p)
			l.pageClaims(old, p) // resolved in linkBases
			return
		}
	}
	l.pageClaims(t, p)
	l.defs[t] = []*page.Page{p}
	l.types[strings.ToLower(name)] = t
}

// defineEnum records one enum table.
func (l *linker) defineEnum(p *page.Page, e *page.Enum, ns string) {
	name := qualify(e.Name.Text, ns)
	en := &Enum{Name: name, Source: p.File.Name, Pos: p.Pos(e.Off)}
	if p.Kind == page.KindEnum && len(p.Enums) == 1 {
		en.Description = page.Prose(p.Summary.Text)
	}
	for _, m := range e.Members {
		en.Members = append(en.Members, Member{Name: m.Name.Text, Value: m.Value, Description: m.Description})
	}
	key := strings.ToLower(name)
	if old, ok := l.enums[key]; ok && !old.Provisional {
		if !sameMembers(old.Members, en.Members) {
			l.diags.Add(en.Pos, diag.DuplicateEnum, "enum %s is also defined in %s with other members; the members are merged", name, old.Source)
			old.Members = mergeMembers(old.Members, en.Members)
		}
		return
	}
	l.enums[key] = en
}

func sameMembers(a, b []Member) bool {
	return slices.EqualFunc(a, b, func(x, y Member) bool { return x.Name == y.Name })
}

// mergeMembers adds the members of b that a lacks, before a's
// unknownFutureValue sentinel if it has one (Graph's evolvable enums keep
// it after the members every client knows), else at the end.
func mergeMembers(a, b []Member) []Member {
	have := map[string]bool{}
	sentinel := len(a)
	for i, m := range a {
		have[strings.ToLower(m.Name)] = true
		if strings.EqualFold(m.Name, "unknownFutureValue") {
			sentinel = i
		}
	}
	var add []Member
	for _, m := range b {
		if k := strings.ToLower(m.Name); !have[k] {
			have[k] = true
			add = append(add, m)
		}
	}
	return slices.Concat(a[:sentinel:sentinel], add, a[sentinel:])
}

// provisionalTypes defines a type known only from a request body table
// ("a JSON representation of the [x] object" followed by x's properties),
// as in a draft page whose resource page is not written yet.
func (l *linker) provisionalTypes(p *page.Page) {
	if p.API == nil || p.API.Body.Type == nil || p.API.Body.Type.Primitive || len(p.API.Body.Props) == 0 {
		return
	}
	name := qualify(p.API.Body.Type.Name, l.namespace(p))
	key := strings.ToLower(name)
	if l.findType(p.API.Body.Type.Name, l.namespace(p)) != nil {
		return
	}
	t := l.types[key]
	if t == nil {
		t = &Type{Name: name, Provisional: true, Source: p.File.Name, Pos: p.Pos(p.API.Body.Off)}
		l.types[key] = t
	}
	l.bodies[t] = append(l.bodies[t], bodyRows{p, p.API.Body.Props})
}

// findType finds a defined type by a name as written, before the short-name
// index exists: qualified in ns, then in microsoft.graph.
func (l *linker) findType(name, ns string) *Type {
	if t := l.types[strings.ToLower(qualify(name, ns))]; t != nil {
		return t
	}
	return l.types[strings.ToLower(qualify(name, DefaultNamespace))]
}

// indexNames builds the short-name index over all definitions.
func (l *linker) indexNames() {
	l.short = map[string][]string{}
	add := func(q string) {
		k := strings.ToLower(shortName(q))
		l.short[k] = append(l.short[k], q)
	}
	for _, t := range l.types {
		add(t.Name)
	}
	for _, e := range l.enums {
		add(e.Name)
	}
	for k := range l.short {
		slices.Sort(l.short[k])
		l.short[k] = slices.Compact(l.short[k])
	}
}

// lookup resolves a type or enum name as written on a page in namespace
// ns: an exact qualified name first, then the short name, preferring the
// page's namespace, then microsoft.graph, then the first by name.
func (l *linker) lookup(name, ns string) (string, RefKind, bool) {
	name = strings.TrimPrefix(strings.TrimSpace(name), "#")
	lname := strings.ToLower(name)
	if strings.Contains(name, ".") {
		if t, ok := l.types[lname]; ok {
			return t.Name, RefType, true
		}
		if e, ok := l.enums[lname]; ok {
			return e.Name, RefEnum, true
		}
	}
	cands := l.short[strings.ToLower(shortName(name))]
	if len(cands) == 0 {
		return "", 0, false
	}
	pick := cands[0]
	for _, pref := range []string{qualify(shortName(name), ns), qualify(shortName(name), DefaultNamespace)} {
		for _, c := range cands {
			if strings.EqualFold(c, pref) {
				pick = c
				goto found
			}
		}
	}
found:
	if t, ok := l.types[strings.ToLower(pick)]; ok {
		return t.Name, RefType, true
	}
	return l.enums[strings.ToLower(pick)].Name, RefEnum, true
}

// resolve turns a page type expression into a TypeRef. values are the
// "Possible values" of the description: a String with values is an inline
// enum; an undefined name with values becomes a provisional enum.
func (l *linker) resolve(p *page.Page, t page.TypeExpr, values []string, pos source.Position) TypeRef {
	ref := TypeRef{Collection: t.Collection}
	if !t.OK {
		ref.Kind, ref.Name = RefPrimitive, "Json"
		return ref
	}
	if t.Primitive {
		ref.Kind, ref.Name = RefPrimitive, t.Name
		if t.Name == "String" && len(values) > 0 {
			ref.Kind, ref.Values = RefInlineEnum, values
		}
		return ref
	}
	ns := l.namespace(p)
	if _, _, ok := l.lookup(t.Name, ns); !ok && t.Link != "" {
		// the link text names no type ([Panel](chart.md) for
		// microsoft.graph.gadgetbookPanel): the linked page says
		if name := l.linkedType(p, t.Link); name != "" {
			t.Name = name
		}
	}
	if q, kind, ok := l.lookup(t.Name, ns); ok {
		ref.Kind, ref.Name = kind, q
		if kind == RefEnum && len(values) > 0 {
			l.checkValues(l.enums[strings.ToLower(q)], values, pos)
		}
		return ref
	}
	if len(values) > 0 || t.EnumHint {
		q := qualify(t.Name, ns)
		if l.frozen {
			l.thawed = true
			return ref
		}
		e := &Enum{Name: q, Source: p.File.Name, Pos: pos, Provisional: true}
		for _, v := range values {
			e.Members = append(e.Members, Member{Name: v})
		}
		l.enums[strings.ToLower(q)] = e
		k := strings.ToLower(shortName(q))
		l.short[k] = append(l.short[k], q)
		slices.Sort(l.short[k])
		ref.Kind, ref.Name = RefEnum, q
		return ref
	}
	l.diags.Add(pos, diag.UnresolvedType, "type %s is defined on no page; it is treated as an open object", t.Name)
	ref.Kind, ref.Name = RefOpen, qualify(t.Name, ns)
	return ref
}

// checkValues reports when a description's "Possible values" list differs
// from the enum's members (case-insensitively; a missing unknownFutureValue
// does not count).
func (l *linker) checkValues(e *Enum, values []string, pos source.Position) {
	if e == nil || e.Provisional {
		return
	}
	have := map[string]bool{}
	for _, m := range e.Members {
		have[strings.ToLower(m.Name)] = true
	}
	var extra []string
	for _, v := range values {
		if !have[strings.ToLower(v)] {
			extra = append(extra, v)
		}
	}
	if len(extra) > 0 {
		l.diags.Add(pos, diag.EnumListMismatch, "the description lists %s, which enum %s does not define", strings.Join(extra, ", "), e.Name)
	}
}

// linkedType returns the type or enum a link points to, by the linked
// page's own name for it: a resource page's @odata.type (or H1), an enum
// page's enum, an enum table's `#x-values` anchor. It returns "" when the
// link goes nowhere graphdoc read.
func (l *linker) linkedType(p *page.Page, dest string) string {
	file, anchor, _ := strings.Cut(dest, "#")
	var target *page.Page
	if file == "" {
		target = p
	} else if !strings.Contains(file, "://") && !strings.HasPrefix(file, "/") {
		name := path.Clean(path.Join(path.Dir(p.File.Name), file))
		if !strings.HasSuffix(name, ".md") {
			name += ".md"
		}
		target = l.byName[name]
	}
	if target == nil {
		return ""
	}
	if anchor != "" {
		for _, e := range target.Enums {
			if strings.EqualFold(strings.ReplaceAll(anchor, "-", ""), strings.ToLower(e.Name.Text)+"values") {
				return qualify(e.Name.Text, l.namespace(target))
			}
		}
	}
	if target.Resource != nil && target.Resource.Name.Text != "" {
		return qualify(target.Resource.Name.Text, l.namespace(target))
	}
	if len(target.Enums) == 1 {
		return qualify(target.Enums[0].Name.Text, l.namespace(target))
	}
	return ""
}
