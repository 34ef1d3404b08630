package compare

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/internal/metadata"
	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/source"

	_ "github.com/graphdoc/graphdoc/internal/updateflag"
)

// widgetPages are written for this test: widget derives from entity, has
// one property the metadata lacks (colour), types one property differently
// (size: Int32 vs Edm.Int64), and its enum misses a member.
var widgetPages = map[string]string{
	"resources/entity.md": "---\ntitle: x\ndoc_type: resourcePageType\n---\n# entity resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Key.|\n",
	"resources/widget.md": "---\ntitle: x\ndoc_type: resourcePageType\n---\n# widget resource type\n\nNamespace: microsoft.graph\n\nInherits from [entity](entity.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n" +
		"|size|Int32|Size.|\n|shape|[widgetShape](widgetshape.md)|Shape.|\n|tags|String collection|Tags.|\n|madeAt|DateTimeOffset|When.|\n|colour|String|Colour.|\n\n## Relationships\n\n|Relationship|Type|Description|\n|:--|:--|:--|\n|parts|[part](part.md) collection|Parts.|\n",
	"resources/widgetshape.md": "---\ntitle: x\ndoc_type: enumPageType\n---\n# widgetShape enum type\n\nNamespace: microsoft.graph\n\n## Members\n\n|Member|Value|Description|\n|:--|:--|:--|\n|round|0|Round.|\n|square|1|Square.|\n",
	"resources/part.md":        "---\ntitle: x\ndoc_type: resourcePageType\n---\n# part resource type\n\nNamespace: microsoft.graph\n\nInherits from [entity](entity.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|Name.|\n",
	"resources/gizmo.md":       "---\ntitle: x\ndoc_type: resourcePageType\n---\n# gizmo resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|x|String|X.|\n",
}

func buildWidgets(t *testing.T) *spec.Result {
	t.Helper()
	var files []*source.File
	for name, src := range widgetPages {
		f := source.NewFile(name, []byte(src))
		f.Name = name
		files = append(files, f)
	}
	res, err := spec.Build(files, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCompareCSDL(t *testing.T) {
	md, err := metadata.Load(filepath.Join("testdata", "widgets.csdl"))
	if err != nil {
		t.Fatal(err)
	}
	r := Compare(buildWidgets(t).Doc, md)
	tot := r.Totals
	if tot.DocTypes != 4 || tot.TypesFound != 3 {
		t.Errorf("types %d/%d, want 3/4 (gizmo is not in the metadata)", tot.TypesFound, tot.DocTypes)
	}
	// entity.id, part.name, widget: size, shape, tags, madeAt, parts found; colour not
	if tot.DocProps != 8 || tot.DocPropsInMetadata != 7 {
		t.Errorf("precision %d/%d, want 7/8", tot.DocPropsInMetadata, tot.DocProps)
	}
	if tot.TypedProps != 7 || tot.TypesAgree != 6 {
		t.Errorf("property types %d/%d, want 6/7 (size differs)", tot.TypesAgree, tot.TypedProps)
	}
	if tot.BasesCompared != 3 || tot.BasesAgree != 3 {
		t.Errorf("bases %d/%d", tot.BasesAgree, tot.BasesCompared)
	}
	if tot.DocMembers != 2 || tot.DocMembersInMetadata != 2 || tot.MetaMembers != 3 || tot.MetaMembersDocumented != 2 {
		t.Errorf("enum members %+v", tot)
	}
	var b strings.Builder
	r.WriteText(&b, false)
	for _, want := range []string{"type microsoft.graph.gizmo (resources/gizmo.md): not in the metadata", "documented, not in the metadata: colour", "size: doc Edm.Int32, metadata Edm.Int64", "in the metadata, not documented: unknownFutureValue"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestCompareTypeMappings(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "beta-entity-types.json"), []byte(`{"microsoft.graph": {"widget": {"properties": ["size", "shape"], "navigationProperties": ["parts"]}, "entity": {"properties": ["id"], "navigationProperties": []}}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "beta-enum-types.json"), []byte(`{"microsoft.graph": {"widgetShape": ["round", "square"]}}`), 0o644)
	md, err := metadata.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := Compare(buildWidgets(t).Doc, md)
	if r.Totals.HasTypes || r.Totals.HasBases || r.Totals.MetaMembersDocumented != 2 {
		t.Errorf("%+v", r.Totals)
	}
	if !strings.Contains(r.Summary(), "property types n/a") {
		t.Errorf("summary %q", r.Summary())
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := metadata.Load(filepath.Join(testenv.ModuleRoot(), "no-such-file.csdl")); err == nil {
		t.Error("missing file accepted")
	}
	f := filepath.Join(t.TempDir(), "x.xml")
	os.WriteFile(f, []byte("<a><b/></a>"), 0o644)
	if _, err := metadata.Load(f); err == nil || !strings.Contains(err.Error(), "CSDL") {
		t.Errorf("non-CSDL XML: %v", err)
	}
}
