package model

import (
	"slices"
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/page"
)

// resolveResource adds the properties of a resource page to its type.
func (l *linker) resolveResource(p *page.Page) {
	r := p.Resource
	if r.Name.Text == "" {
		return
	}
	t := l.types[strings.ToLower(qualify(r.Name.Text, l.namespace(p)))]
	if t == nil {
		return
	}
	for _, prop := range r.Properties {
		l.addProperty(t, p, prop, false)
	}
	for _, prop := range r.Relationships {
		l.addProperty(t, p, prop, true)
	}
}

// addProperty resolves one table row and adds it to t, unless t already
// has a property of that name (a repeated row, or the same property on a
// second defining page).
func (l *linker) addProperty(t *Type, p *page.Page, prop page.Property, nav bool) {
	name := prop.Name.Text
	if name == "" || strings.HasPrefix(name, "@") || strings.Contains(name, "/") {
		return // instance annotations and paths are not properties
	}
	pos := p.Pos(prop.Name.Off)
	typePos := pos
	if len(prop.Row) > 1 {
		typePos = p.Pos(prop.Row[1].Off)
	}
	for _, old := range t.Properties {
		if old.Name != name {
			continue
		}
		if old.Pos.Path == pos.Path {
			l.diags.Add(pos, diag.DuplicateProperty, "property %s of %s is listed twice; the first row wins", name, t.Name)
		} else if ref := l.resolveQuiet(p, prop); !ref.same(old.Type) {
			l.diags.Add(pos, diag.DuplicateType, "property %s of %s is %s here but %s in %s; the first page (by path) wins", name, t.Name, ref, old.Type, old.Pos.Path)
		}
		return
	}
	ref := l.resolve(p, prop.Type, prop.Values, typePos)
	if !prop.Type.OK {
		ref = TypeRef{Kind: RefPrimitive, Name: "Json", Collection: prop.Type.Collection}
	}
	t.Properties = append(t.Properties, &Property{
		Name: name, Type: ref, Description: page.Prose(prop.Description.Text),
		ReadOnly: prop.ReadOnly, Required: prop.Required, Nav: nav, Pos: pos,
		Nullable:      nullable(prop, ref),
		inheritedFrom: prop.InheritedFrom,
	})
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
	for _, t := range types {
		if t.Base == "" {
			t.Base = inheritedBase(t)
		}
		if t.Base == "" {
			continue
		}
		p := l.defs[t][0]
		q, kind, ok := l.lookup(t.Base, l.namespace(p))
		switch {
		case !ok:
			l.diags.Add(t.Pos, diag.UnresolvedType, "base type %s of %s is defined on no page; the type is read without it", t.Base, t.Name)
			t.Base = ""
		case kind != RefType:
			l.diags.Add(t.Pos, diag.UnresolvedType, "base type %s of %s is an enum, not a type", t.Base, t.Name)
			t.Base = ""
		case strings.EqualFold(q, t.Name):
			t.Base = "" // "inherits from itself": a page naming its own type
		default:
			t.Base = q
		}
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
		if t.Base != "" {
			b := l.types[strings.ToLower(t.Base)]
			b.Derived = append(b.Derived, t.Name)
		}
	}
	for _, t := range types {
		slices.Sort(t.Derived)
		// drop rows that an ancestor declares (Intune pages repeat them)
		anc := l.ancestorProps(t)
		t.Properties = slices.DeleteFunc(t.Properties, func(p *Property) bool { return anc[p.Name] })
		if t.Key == "" && (anc["id"] || t.hasProp("id")) {
			t.Key = "id"
		}
	}
}

// ancestorProps returns the property names declared by t's ancestors.
func (l *linker) ancestorProps(t *Type) map[string]bool {
	out := map[string]bool{}
	for cur := l.types[strings.ToLower(t.Base)]; cur != nil; cur = l.types[strings.ToLower(cur.Base)] {
		for _, p := range cur.Properties {
			out[p.Name] = true
		}
		if cur.Base == "" {
			break
		}
	}
	return out
}

func (t *Type) hasProp(name string) bool {
	for _, p := range t.Properties {
		if p.Name == name {
			return true
		}
	}
	return false
}

// sortedTypes returns the types of m sorted by name.
func sortedTypes(m map[string]*Type) []*Type {
	out := make([]*Type, 0, len(m))
	for _, t := range m {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *Type) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// inheritedBase returns the type most rows of t name in "Inherited from
// [x]", for pages that state their base only that way.
func inheritedBase(t *Type) string {
	count := map[string]int{}
	best := ""
	for _, p := range t.Properties {
		if p.inheritedFrom == "" {
			continue
		}
		count[p.inheritedFrom]++
		if c := count[p.inheritedFrom]; c > count[best] || (c == count[best] && p.inheritedFrom < best) {
			best = p.inheritedFrom
		}
	}
	return best
}

// resolveQuiet resolves a row's type for comparison only: no diagnostics,
// no provisional enums.
func (l *linker) resolveQuiet(p *page.Page, prop page.Property) TypeRef {
	t := prop.Type
	ref := TypeRef{Collection: t.Collection, Kind: RefPrimitive, Name: t.Name}
	switch {
	case !t.OK:
		ref.Name = "Json"
	case t.Primitive:
	default:
		if q, kind, ok := l.lookup(t.Name, l.namespace(p)); ok {
			ref.Kind, ref.Name = kind, q
		} else {
			ref.Kind, ref.Name = RefOpen, qualify(t.Name, l.namespace(p))
		}
	}
	return ref
}

// same reports whether two references name the same type (inline enums
// and Strings count as the same).
func (r TypeRef) same(o TypeRef) bool {
	name := func(t TypeRef) string {
		if t.Kind == RefInlineEnum {
			return "String"
		}
		return strings.ToLower(t.Name)
	}
	return r.Collection == o.Collection && name(r) == name(o)
}

// String renders a reference for messages: "String", "microsoft.graph.x
// collection".
func (r TypeRef) String() string {
	s := r.Name
	if r.Kind == RefInlineEnum {
		s = "String"
	}
	if r.Collection {
		s += " collection"
	}
	return s
}

// nullable says whether a property may be null: unless its description
// says "Not nullable", and but for keys and collections.
func nullable(prop page.Property, ref TypeRef) bool {
	if ref.Collection || prop.Name.Text == "id" {
		return false
	}
	return !strings.Contains(strings.ToLower(prop.Description.Text), "not nullable")
}
