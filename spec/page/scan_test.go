package page

import (
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/source"
)

func scan(t *testing.T, src string) *Page {
	t.Helper()
	return Scan(source.NewFile("api/x.md", []byte(src)))
}

func hasCode(p *Page, c diag.Code) bool {
	for _, d := range p.Diags {
		if d.Code == c {
			return true
		}
	}
	return false
}

const apiPage = `---
title: "Get widget"
doc_type: apiPageType
---

# Get widget

Namespace: microsoft.graph

Get a [widget](../resources/widget.md).

## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Widget.Read.All, Widget.ReadWrite.All|
|Delegated (personal Microsoft account)|Not supported.|
|Application|Widget.Read.All|

## HTTP request

<!-- { "blockType": "ignored" } -->
` + "```http" + `
GET /widgets/{id | name}
GET /me/widgets/{id}
` + "```" + `

## Optional query parameters

This method supports the ` + "`$select`" + ` and ` + "`$expand`" + ` OData query parameters.

## Response

If successful, this method returns a ` + "`200 OK`" + ` response code and a [widget](../resources/widget.md) object in the response body.

## Example

# [HTTP](#tab/http)

##### Request

<!-- {
  "blockType": "request",
  "name": "get_widget",
} -->
` + "```http" + `
GET https://graph.microsoft.com/v1.0/widgets/42
` + "```" + `

# [C#](#tab/csharp)
[!INCLUDE [sample-code](../includes/snippets/csharp/get-widget-csharp-snippets.md)]

---

##### Response

` + "```http" + `
HTTP 200 OK
Content-type: application/json

{
  "id": "42",
  "size": 3,
}
` + "```" + `
`

func TestScanAPIPage(t *testing.T) {
	p := scan(t, apiPage)
	if p.Kind != KindAPI || p.Title.Text != "Get widget" || p.Namespace.Text != "microsoft.graph" {
		t.Fatalf("kind %v title %q ns %q", p.Kind, p.Title.Text, p.Namespace.Text)
	}
	a := p.API
	if len(a.Permissions) != 3 || a.Permissions[0].Scopes[1] != "Widget.ReadWrite.All" || !a.Permissions[1].None {
		t.Errorf("permissions %+v", a.Permissions)
	}
	if len(a.Requests) != 2 || a.Requests[1].Path != "/me/widgets/{id}" {
		t.Errorf("requests %+v", a.Requests)
	}
	if len(a.QueryOptions) != 2 || a.QueryOptions[0].Text != "$select" {
		t.Errorf("query options %+v", a.QueryOptions)
	}
	if a.Response.Status != 200 || a.Response.Type == nil || a.Response.Type.Name != "widget" {
		t.Errorf("response %+v", a.Response)
	}
	// tab markers do not end the Examples section; H5 headings find roles
	if len(a.Examples) != 2 || a.Examples[0].Role != RoleRequest || a.Examples[1].Role != RoleResponse {
		t.Fatalf("examples %+v", a.Examples)
	}
	if a.Examples[0].Annotation == nil || a.Examples[0].Annotation.Name != "get_widget" {
		t.Errorf("request annotation %+v", a.Examples[0].Annotation)
	}
	if a.Examples[1].Message.Status != 200 || a.Examples[1].Value == nil {
		t.Errorf("response example %+v", a.Examples[1].Message)
	}
	for _, c := range []diag.Code{diag.AnnotationJSON, diag.StatusLine, diag.ExampleJSON} {
		if !hasCode(p, c) {
			t.Errorf("missing diagnostic %s in %v", c, p.Diags)
		}
	}
}

const resourcePage = `---
title: "widget resource type"
doc_type: apiPageType
---

# widget resource type

Namespace: microsoft.graph

A widget. Inherits from [gadget](gadget.md).

## Properties

|Property|Type|Description|
|:---|:---|:---|
|size|Int32|The size. Valid values 1 to
100\|200|
|shape|[shapeKind](#shapekind-values)|The shape.|
|note|String|A note (*.txt | *.md).|
|owner|[identitySet][]|Who owns it. Read-only.|
|**Group row**|

### shapeKind values

|Member|Description|
|:---|:---|
|round|Round.|
|square|Square.|

## Relationships

|Relationship|Type|Description|
|:---|:---|:---|
|parts|[part](part.md) collection|Parts. Read-only. Nullable.|

## JSON representation

<!-- {
  "blockType": "resource",
  "@odata.type": "microsoft.graph.widget",
  "baseType": "microsoft.graph.thing"
} -->
` + "```json" + `
{ "size": 1024 }
` + "```" + `

[identitySet]: identityset.md
`

func TestScanResourcePage(t *testing.T) {
	p := scan(t, resourcePage)
	if p.Kind != KindResource {
		t.Fatalf("kind %v", p.Kind)
	}
	if !hasCode(p, diag.DocTypeMismatch) || !hasCode(p, diag.TableWrappedRow) || !hasCode(p, diag.TableExtraCells) {
		t.Errorf("diagnostics %v", p.Diags)
	}
	r := p.Resource
	if r.Name.Text != "microsoft.graph.widget" || len(r.Bases) != 2 || r.Bases[0].Name.Text != "gadget" || r.Bases[0].Wording != WordInheritsFrom ||
		r.Bases[1].Name.Text != "microsoft.graph.thing" || r.Bases[1].Wording != WordAnnotation {
		t.Errorf("name %q bases %+v (prose, then the annotation)", r.Name.Text, r.Bases)
	}
	if len(r.Properties) != 4 {
		t.Fatalf("properties %+v", r.Properties)
	}
	if d := r.Properties[0].Description.Text; !strings.HasSuffix(d, "1 to 100\\|200") {
		t.Errorf("wrapped row description %q", d)
	}
	if d := r.Properties[2].Description.Text; d != "A note (*.txt | *.md)." {
		t.Errorf("extra cells joined: %q", d)
	}
	if o := r.Properties[3]; o.Type.Name != "identitySet" || o.Type.Link != "identityset.md" || !o.ReadOnly {
		t.Errorf("reference link %+v", o)
	}
	if len(r.Relationships) != 1 || !r.Relationships[0].Type.Collection {
		t.Errorf("relationships %+v", r.Relationships)
	}
	if len(p.Enums) != 1 || p.Enums[0].Name.Text != "shapeKind" || len(p.Enums[0].Members) != 2 {
		t.Errorf("embedded enum %+v", p.Enums)
	}
}

func TestScanBrokenPages(t *testing.T) {
	for name, src := range map[string]string{
		"empty":          "",
		"no front":       "# Hello\n\nText.\n",
		"unclosed front": "---\ntitle: x\n# Hello\n",
		"unclosed fence": "---\ntitle: x\n---\n# x resource type\n\n## Properties\n\n```json\n{\n",
		"invalid utf8":   "---\ntitle: \xff\xfe\n---\n# \xc3\x28 enum type\n\n## Members\n|Member|\n|-|\n|\xff|\n",
		"binary":         "\x00\x01\x02---\x00|\x00|\n|-|\n```",
		"long line":      strings.Repeat("|a", 100000),
	} {
		p := scan(t, src)
		if len(p.Diags) == 0 && name != "long line" {
			t.Errorf("%s: no diagnostics", name)
		}
		for _, d := range p.Diags {
			if d.Code == diag.InternalError {
				t.Errorf("%s: %v", name, d)
			}
		}
	}
}

// TestNamespaceSyntax: a Namespace line that is not a dotted name is
// reported and ignored, since names in it would not be OpenAPI component
// names (found by FuzzPageToSpec: "Namespace: 0 0").
func TestNamespaceSyntax(t *testing.T) {
	for ns, ok := range map[string]bool{
		"microsoft.graph": true, "microsoft.graph.termStore": true, "microsoft.graph.": true, "_x.y_2": true,
		"0 0": false, "micro soft": false, "microsoft..graph": false, "2x.y": false, "a.2b": false, "a-b": false, "é": false,
	} {
		p := scan(t, "# Widget resource type\n\nNamespace: "+ns+"\n\nA widget.\n")
		if got := p.Namespace.Text != ""; got != ok || hasCode(p, diag.NamespaceSyntax) == ok {
			t.Errorf("Namespace: %s: read %q, diagnostics %v", ns, p.Namespace.Text, p.Diags)
		}
		if p.Summary.Text != "A widget." {
			t.Errorf("Namespace: %s: summary %q", ns, p.Summary.Text)
		}
	}
}
