package page

import (
	"strings"
	"testing"
)

// resourceWith is a resource page named widget with intro and body (the
// markdown after the Properties section).
func resourceWith(intro, body string) string {
	return "---\ntitle: x\ndoc_type: resourcePageType\n---\n# widget resource type\n\nNamespace: microsoft.graph\n\n" + intro +
		"\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key.|\n\n" + body
}

func TestBaseWordings(t *testing.T) {
	for _, c := range []struct {
		intro, body string
		want        string // name/wording, "" for none
	}{
		{"Inherits from [gadget](gadget.md).", "", "gadget/" + WordInheritsFrom.String()},
		{"Inherits from\n[gadget](gadget.md).", "", "gadget/" + WordInheritsFrom.String()},
		{"Inherits from the abstract base type [gadget](gadget.md).", "", "gadget/" + WordInheritsFrom.String()},
		{"A subclass of [gadget](gadget.md).", "", "gadget/" + WordSubclassOf.String()},
		{"This creates a subclass from [gadget](gadget.md),", "", "gadget/" + WordSubclassOf.String()},
		{"It is a subtype of [gadget](gadget.md), in which", "", "gadget/" + WordSubtypeOf.String()},
		{"A type of [gadget](gadget.md) that hums.", "", "gadget/" + WordTypeOf.String()},
		{"This type will inherit from [gadget](gadget.md).", "", "gadget/" + WordWillInherit.String()},
		{"Represents a record. Inherited from [Gadget](gadget.md) entity.", "", "Gadget/" + WordInheritedFrom.String()},
		{"It is derived from microsoft.graph.gadget.", "", "microsoft.graph.gadget/" + WordDerivedFrom.String()},
		{"The **widget** resource is derived from [**gadget**](gadget.md).", "", "gadget/" + WordDerivedFrom.String()},
		{"This resource is the derivative of the [gadget](gadget.md) resource.", "", "gadget/" + WordDerivedFrom.String()},
		{"A widget.", "widget derives from [gadget](gadget.md)\n", "gadget/" + WordDerivesFrom.String()},
		{"A widget.", "The following properties are inherited from **[gadget][]**.\n\n[gadget]: gadget.md\n", "gadget/" + WordInheritedFrom.String()},
		{"Inherits from [Gadget Things](gadget.md).", "", "gadget/" + WordInheritsFrom.String()}, // a phrase: the file names it
		// other types' statements, prose names, and phrases naming nothing
		{"All the widget parts inherit from [gadget](gadget.md).", "", ""},
		{"A widget, which will inherit from gadget resource type.", "", ""},
		{"It inherits from base policy type.", "", ""},
		{"The **widget** type is the base type for many other types.", "", ""},
		{"The answer will be a subtype of this complex type, either [a](a.md) or [b](b.md).", "", ""},
	} {
		p := scan(t, resourceWith(c.intro, c.body))
		got := ""
		for _, b := range p.Resource.Bases {
			got += b.Name.Text + "/" + b.Wording.String()
			if name := strings.TrimPrefix(b.Name.Text, "**"); !strings.HasPrefix(p.File.Text[b.Name.Off:], "[") && !strings.HasPrefix(p.File.Text[b.Name.Off:], name) {
				t.Errorf("%q: offset %d points at %q", c.intro, b.Name.Off, clip(p.File.Text[b.Name.Off:], 20))
			}
		}
		if got != c.want {
			t.Errorf("%q %q: bases %q, want %q", c.intro, c.body, got, c.want)
		}
	}
}

func TestDerivedWordings(t *testing.T) {
	for _, c := range []struct {
		intro, body string
		want        string // names, then the wording of the first
	}{
		{"Base type of [a](a.md) and [b](b.md).", "", "a b/" + WordBaseTypeOf.String()},
		{"The base type of [a](a.md), [b](b.md), and [c](c.md).", "", "a b c/" + WordBaseTypeOf.String()},
		{"Base class for [a](a.md) and [b](b.md).", "", "a b/" + WordBaseTypeOf.String()},
		{"The abstract base type for the [a](a.md),[b](b.md).", "", "a b/" + WordBaseTypeOf.String()},
		{"This is the base type for richer types such as [a](a.md) and [b](b.md).", "", "a b/" + WordBaseTypeOf.String()},
		{"This is a base type for a person, which can be a [a](a.md) or [b](b.md).", "", "a b/" + WordBaseTypeOf.String()},
		{"It is an abstract type that is inherited by [a](a.md), [b](b.md) and [c](c.md). See [d](d.md).", "", "a b c/" + WordInheritedBy.String()},
		{"The [a](a.md) and\n[b](b.md) types inherit from this type.", "", "a b/" + WordInheritFromThis.String()},
		{"The [a](a.md) and [b](b.md) resources are subclasses of this superclass.", "", "a b/" + WordInheritFromThis.String()},
		{"All entries exist as one of the following derived types: [a](a.md) and [b](b.md).", "", "a b/" + WordDerivedList.String()},
		{"Subtypes include [a](a.md) and [b](b.md).", "", "a b/" + WordDerivedList.String()},
		{"The result. This is a base class; the derived types are [a](a.md), [b](b.md).", "", "a b/" + WordDerivedList.String()},
		{"Derived types include:\n\n- [a](a.md) for one thing\n- [B](b.md), for another\n\nMore prose [c](c.md).", "", "a B/" + WordDerivedList.String()},
		{"Resources that derive from **widget** include:\n\n* [a](a.md)\n* [b](b.md)", "", "a b/" + WordDerivedList.String()},
		{"This abstract type is inherited by the following derived types.\n\n+ [a](a.md)\n+ [b](b.md)", "", "a b/" + WordDerivedList.String()},
		{"The following resource types inherit from this resource:\n\n- [a](a.md) resource type\n- [b](b.md) resource type", "", "a b/" + WordDerivedList.String()},
		{"The following types are derived from this abstract type:\n+ [a](a.md)", "", "a/" + WordDerivedList.String()},
		{"It is the base type for each specific kind:\n\n|Kind|Description|\n|:---|:---|\n|[a](a.md)|A.|\n|[b](b.md)|B.|", "", "a b/" + WordDerivedList.String()},
		{"A widget.", "### Derived types\n\n|Type|Description|\n|:---|:---|\n|[a](a.md)|A.|\n\n### Other\n\n|Type|Description|\n|:---|:---|\n|[c](c.md)|C.|\n", "a/" + WordDerivedList.String()},
		{"A widget.", "## Derived types\n\n- [a](a.md)\n- [b](b.md)\n", "a b/" + WordDerivedList.String()},
		// links that are not derived types
		{"Represents a base class for actions in the [settings](s.md) of a [definition](d.md).", "", ""},
		{"For the **scope** property see [a](a.md) and [b](b.md).", "", ""},
		{"Used with these:\n\n- [a](a.md)\n- [b](b.md)", "", ""},
	} {
		p := scan(t, resourceWith(c.intro, c.body))
		var names []string
		w := ""
		for _, d := range p.Resource.DerivedTypes {
			names = append(names, d.Name.Text)
			if w == "" {
				w = d.Wording.String()
			}
			if !strings.HasPrefix(p.File.Text[d.Name.Off:], "[") {
				t.Errorf("%q: offset %d points at %q", c.intro, d.Name.Off, clip(p.File.Text[d.Name.Off:], 20))
			}
		}
		got := ""
		if len(names) > 0 {
			got = strings.Join(names, " ") + "/" + w
		}
		if got != c.want {
			t.Errorf("%q %q: derived %q, want %q", c.intro, c.body, got, c.want)
		}
	}
}

func TestBaseAnnotationOffset(t *testing.T) {
	p := scan(t, resourceWith("A widget.", "## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.widget\",\n  \"baseType\": \"#microsoft.graph.gadget\"\n} -->\n```json\n{}\n```\n"))
	b := p.Resource.Bases
	if len(b) != 1 || b[0].Name.Text != "microsoft.graph.gadget" || b[0].Wording != WordAnnotation || !strings.HasPrefix(p.File.Text[b[0].Name.Off:], `"baseType"`) {
		t.Errorf("bases %+v", b)
	}
}
