package model

import (
	"slices"
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/page"
	"github.com/graphdoc/graphdoc/spec/source"
)

// resolveResources adds the properties of every resource page to its
// type. Resolving a property only reads the linker, so each page's
// properties are resolved on GOMAXPROCS workers (on copies of the linker
// whose diagnostics are their own) and added to the types in page order,
// as one loop would. As for operations, a page whose resolution would add
// a provisional enum, and every page after it, are done again in order.
func (l *linker) resolveResources() {
	var pages []*page.Page
	for _, p := range l.pages {
		if p.Resource != nil {
			pages = append(pages, p)
		}
	}
	inPageOrder(pages, l.resolveProps, func(p *page.Page, resolved []resolvedProp) {
		t := l.resourceType(p)
		for _, rp := range resolved {
			if !l.duplicateProperty(t, p, rp.prop, rp.property.Pos) {
				l.diags = append(l.diags, rp.diags...)
				t.Properties = append(t.Properties, rp.property)
			}
		}
	}, l.resolveResource)
}

// resolvedProp is a property resolved ahead of being added, with the
// diagnostics resolving it gave.
type resolvedProp struct {
	prop     page.Property
	property *Property
	diags    diag.List
}

// resolveProps resolves a resource page's properties on a frozen copy of
// the linker; ok is false when one needed to change it.
func (l *linker) resolveProps(p *page.Page) (props []resolvedProp, ok bool) {
	if l.resourceType(p) == nil {
		return nil, true
	}
	w := *l
	w.frozen = true
	props = make([]resolvedProp, 0, len(p.Resource.Properties)+len(p.Resource.Relationships))
	add := func(list []page.Property, nav bool) {
		for _, prop := range list {
			if !propertyRow(prop) {
				continue
			}
			w.diags = nil
			np := w.newProperty(p, prop, nav)
			props = append(props, resolvedProp{prop, np, w.diags})
		}
	}
	add(p.Resource.Properties, false)
	add(p.Resource.Relationships, true)
	return props, !w.thawed
}

// resourceType returns the type a resource page documents, or nil.
func (l *linker) resourceType(p *page.Page) *Type {
	r := p.Resource
	if r.Name.Text == "" {
		return nil
	}
	return l.types[strings.ToLower(qualify(r.Name.Text, l.namespace(p)))]
}

// resolveResource adds the properties of a resource page to its type.
func (l *linker) resolveResource(p *page.Page) {
	t := l.resourceType(p)
	if t == nil {
		return
	}
	r := p.Resource
	for _, prop := range r.Properties {
		l.addProperty(t, p, prop, false)
	}
	for _, prop := range r.Relationships {
		l.addProperty(t, p, prop, true)
	}
}

// propertyRow reports whether a table row is a property: instance
// annotations (@odata.type, and today's odata.type rows) and paths are
// not.
func propertyRow(prop page.Property) bool {
	name := prop.Name.Text
	return name != "" && !strings.HasPrefix(name, "@") && !strings.HasPrefix(name, "odata.") && !strings.Contains(name, "/")
}

// addProperty resolves one table row and adds it to t, unless t already
// has a property of that name (a repeated row, or the same property on a
// second defining page).
func (l *linker) addProperty(t *Type, p *page.Page, prop page.Property, nav bool) {
	if !propertyRow(prop) || l.duplicateProperty(t, p, prop, p.Pos(prop.Name.Off)) {
		return
	}
	t.Properties = append(t.Properties, l.newProperty(p, prop, nav))
}

// duplicateProperty reports whether t already has a property named as
// prop (at pos), saying so when the row is repeated or its type differs.
func (l *linker) duplicateProperty(t *Type, p *page.Page, prop page.Property, pos source.Position) bool {
	name := prop.Name.Text
	for _, old := range t.Properties {
		if old.Name != name {
			continue
		}
		if old.Pos.Path == pos.Path {
			l.diags.Add(pos, diag.DuplicateProperty, "property %s of %s is listed twice; the first row wins", name, t.Name)
		} else if ref := l.resolveQuiet(p, prop); !ref.same(old.Type) {
			l.diags.Add(pos, diag.DuplicateType, "property %s of %s is %s here but %s in %s; the first page (by path) wins", name, t.Name, ref, old.Type, old.Pos.Path)
		}
		return true
	}
	return false
}

// newProperty resolves one table row into a property.
func (l *linker) newProperty(p *page.Page, prop page.Property, nav bool) *Property {
	pos := p.Pos(prop.Name.Off)
	typePos := pos
	if len(prop.Row) > 1 {
		typePos = p.Pos(prop.Row[1].Off)
	}
	ref := l.resolve(p, prop.Type, prop.Values, typePos)
	if !prop.Type.OK {
		ref = TypeRef{Kind: RefPrimitive, Name: "Json", Collection: prop.Type.Collection}
	}
	return &Property{
		Name: prop.Name.Text, Type: ref, Description: page.Prose(prop.Description.Text),
		ReadOnly: prop.ReadOnly, Required: prop.Required, Nav: nav, Pos: pos,
		Nullable:      nullable(prop, ref),
		inheritedFrom: rowBaseOf(p, prop),
	}
}

// rowBaseOf returns the "Inherited from [x]" of a row.
func rowBaseOf(p *page.Page, prop page.Property) rowBase {
	if prop.InheritedFrom.Text == "" {
		return rowBase{}
	}
	return rowBase{prop.InheritedFrom.Text, p, p.Pos(prop.InheritedFrom.Off)}
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
