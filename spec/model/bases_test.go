package model

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/page"
	"github.com/graphdoc/graphdoc/spec/source"
)

// basePages are pages whose base statements agree, disagree, or only
// seem to (a grandparent named in rows, a grandchild in a list).
var basePages = map[string]string{
	// a list may name a grandchild (lever)
	"resources/thing.md":  resourceIntro("thing", "A thing.\n\nBase type of [gadget](gadget.md), [gizmo](gizmo.md) and [lever](lever.md).", "|id|String|Key.|\n|kind|String|Kind.|"),
	"resources/gadget.md": resourceIntro("gadget", "Inherits from [thing](thing.md).\n\nBase type of [knob](knob.md).", "|label|String|Label.|"),
	"resources/gizmo.md":  resource("gizmo", "thing", "|size|Int32|Size.|"),
	// rows name the grandparent more often than the parent
	"resources/lever.md": resource("lever", "", "|id|String|Inherited from [thing](thing.md)|\n|kind|String|Inherited from [thing](thing.md)|\n|label|String|Inherited from [gadget](gadget.md)|"),
	// prose and a list on another page disagree: the type's own page wins
	"resources/knob.md": resource("knob", "gizmo", "|turns|Int32|Turns.|"),
	// the annotation names a sibling of the prose's base
	"resources/widget.md": resource("widget", "gadget", "|handle|String|Handle.|") + "\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\", \"baseType\": \"microsoft.graph.gizmo\" } -->\n```json\n{}\n```\n",
}

func resourceIntro(name, intro, props string) string {
	return strings.Replace(resource(name, "", props), "Namespace: microsoft.graph\n\n", "Namespace: microsoft.graph\n\n"+intro+"\n", 1)
}

func TestLinkBaseClaims(t *testing.T) {
	api, diags := Link(pages(t, basePages))
	bases := map[string]string{}
	for _, ty := range api.Types {
		bases[shortName(ty.Name)] = shortName(ty.Base)
	}
	for ty, want := range map[string]string{"gadget": "thing", "gizmo": "thing", "lever": "gadget", "knob": "gizmo", "widget": "gadget"} {
		if bases[ty] != want {
			t.Errorf("%s: base %q, want %q", ty, bases[ty], want)
		}
	}
	var conflicts []string
	for _, d := range diags {
		if d.Code == diag.BaseTypeConflict {
			conflicts = append(conflicts, d.Pos.Path+": "+d.Message)
		}
	}
	slices.Sort(conflicts)
	if len(conflicts) != 2 || !strings.HasPrefix(conflicts[0], "resources/gadget.md") || !strings.Contains(conflicts[0], "microsoft.graph.gizmo is used: prose on the type's own page comes first") ||
		!strings.HasPrefix(conflicts[1], "resources/widget.md") || !strings.Contains(conflicts[1], `the annotation's "baseType" here names microsoft.graph.gizmo`) {
		t.Errorf("conflicts:\n%s", strings.Join(conflicts, "\n"))
	}
}

// TestLinkBaseClaimsOrder: the picks and reports do not depend on the
// order pages come in.
func TestLinkBaseClaimsOrder(t *testing.T) {
	want := ""
	for i := range 8 {
		var files []*source.File
		for name, src := range basePages {
			f := source.NewFile(name, []byte(src))
			f.Name = name
			files = append(files, f)
		}
		slices.SortFunc(files, func(a, b *source.File) int { return strings.Compare(a.Name, b.Name) })
		rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(files), func(a, b int) { files[a], files[b] = files[b], files[a] })
		var ps []*page.Page
		for _, f := range files {
			ps = append(ps, page.Scan(f))
		}
		api, diags := Link(ps)
		var b strings.Builder
		for _, ty := range api.Types {
			b.WriteString(ty.Name + ":" + ty.Base + "\n")
		}
		diags.Sort()
		for _, d := range diags {
			b.WriteString(d.String() + "\n")
		}
		if i == 0 {
			want = b.String()
		} else if b.String() != want {
			t.Fatalf("order %d gives\n%s\nwant\n%s", i, b.String(), want)
		}
	}
}
