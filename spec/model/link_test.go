package model

import (
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/page"
	"github.com/graphdoc/graphdoc/spec/source"
)

func pages(t *testing.T, files map[string]string) []*page.Page {
	t.Helper()
	var out []*page.Page
	for name, src := range files {
		f := source.NewFile(name, []byte(src))
		f.Name = name
		out = append(out, page.Scan(f))
	}
	return out
}

func codes(l diag.List) map[diag.Code]int {
	m := map[diag.Code]int{}
	for _, d := range l {
		m[d.Code]++
	}
	return m
}

const front = "---\ntitle: x\ndoc_type: %s\n---\n"

func resource(name, base, props string) string {
	b := ""
	if base != "" {
		b = "Inherits from [" + base + "](" + strings.ToLower(base) + ".md).\n"
	}
	return strings.Replace(front, "%s", "resourcePageType", 1) + "# " + name + " resource type\n\nNamespace: microsoft.graph\n\n" + b +
		"\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n" + props + "\n"
}

func TestLinkInheritance(t *testing.T) {
	api, diags := Link(pages(t, map[string]string{
		"resources/entity.md": resource("entity", "", "|id|String|The key. Read-only.|"),
		"resources/config.md": resource("deviceConfiguration", "entity", "|id|String|Inherited from [entity](entity.md)|\n|version|Int32|Version.|"),
		"resources/win10.md":  resource("windows10Configuration", "deviceConfiguration", "|id|String|Inherited from [entity](entity.md)|\n|version|Int32|Inherited from [deviceConfiguration](config.md)|\n|mode|[mode](mode.md)|Possible values are: `a`, `b`.|\n|owner|[identitySet](x.md)|Who.|"),
		"resources/loop1.md":  resource("loopA", "loopB", "|x|String|X.|"),
		"resources/loop2.md":  resource("loopB", "loopA", "|y|String|Y.|"),
	}))
	byName := map[string]*Type{}
	for _, ty := range api.Types {
		byName[ty.Name] = ty
	}
	w := byName["microsoft.graph.windows10Configuration"]
	if w == nil || w.Base != "microsoft.graph.deviceConfiguration" || w.Key != "id" {
		t.Fatalf("windows10Configuration: %+v", w)
	}
	if len(w.Properties) != 2 || w.Properties[0].Name != "mode" {
		t.Errorf("inherited rows kept: %+v", w.Properties)
	}
	if w.Properties[0].Type.Kind != RefEnum || w.Properties[0].Type.Name != "microsoft.graph.mode" {
		t.Errorf("enum from possible values: %+v", w.Properties[0].Type)
	}
	if w.Properties[1].Type.Kind != RefOpen {
		t.Errorf("undefined type: %+v", w.Properties[1].Type)
	}
	if d := byName["microsoft.graph.deviceConfiguration"].Derived; len(d) != 1 || d[0] != w.Name {
		t.Errorf("derived: %v", d)
	}
	c := codes(diags)
	if c[diag.CircularBase] != 1 || c[diag.UnresolvedType] != 1 {
		t.Errorf("diagnostics: %v", diags)
	}
}

func apiPage(title, requests, body, response string) string {
	return strings.Replace(front, "%s", "apiPageType", 1) + "# " + title + "\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\n" + requests +
		"\n```\n\n## Request body\n\n" + body + "\n\n## Response\n\n" + response + "\n"
}

func TestLinkOperations(t *testing.T) {
	body := "In the request body, supply a JSON representation of the [widget](../resources/widget.md) object.\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key.|\n|size|Int32|Size.|"
	api, diags := Link(pages(t, map[string]string{
		"api/widget-update.md":  apiPage("Update widget", "PATCH /widgets", body, "If successful, this method returns a `200 OK` response code and an updated [widget](../resources/widget.md) object."),
		"api/widget-update2.md": apiPage("Update widget", "PATCH /widgets", body, "Returns `204 No Content`."),
		"api/widget-get.md":     apiPage("Get widget", "GET /widgets/{id}\nGET /me/widgets/{widget-id}", "Do not supply a request body.", "Returns `200 OK` and a [widget](x.md) object."),
		"api/widget-list.md":    apiPage("List widgets", "GET /widgets", "", "Returns `200 OK` and a collection of [widget](x.md) objects."),
		"api/widget-spin.md":    apiPage("widget: spin", "POST /widgets/{id}/spin", "|Parameter|Type|Description|\n|:---|:---|:---|\n|speed|Int32|How fast. Required.|", "Returns `204 No Content`."),
	}))
	if len(api.Types) != 1 || !api.Types[0].Provisional || len(api.Types[0].Properties) != 2 {
		t.Fatalf("provisional type from the body table: %+v", api.Types)
	}
	got := map[string]*Operation{}
	for _, op := range api.Operations {
		got[op.ID] = op
	}
	for id, kind := range map[string]string{
		"widgets.update": "update", "widgets.get": "get", "me.widgets.get": "get", "widgets.list": "list", "widgets.spin": "action",
	} {
		if op := got[id]; op == nil || op.Kind != kind {
			t.Errorf("operation %s: %+v (have %v)", id, op, keys(got))
		}
	}
	if op := got["widgets.get"]; op.Path != "/widgets/{widget-id}" || op.PathParams[0].Written != "id" {
		t.Errorf("canonical path: %+v", op)
	}
	if op := got["widgets.list"]; op.Response == nil || !op.Response.Collection {
		t.Errorf("list response: %+v", op.Response)
	}
	if op := got["widgets.spin"]; op.Body == nil || len(op.Body.Params) != 1 || !op.Body.Params[0].Required || op.Status != 204 {
		t.Errorf("action body: %+v", op.Body)
	}
	c := codes(diags)
	if c[diag.UpdateWithoutKey] != 2 || c[diag.DuplicateOperation] != 1 {
		t.Errorf("diagnostics: %v", diags)
	}
}

func keys(m map[string]*Operation) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestLinkOperationsInPageOrder: operations are built in parallel, but a
// page that makes a provisional enum (a type only its "Possible values"
// define) is seen by the pages after it, as in one loop over the pages.
func TestLinkOperationsInPageOrder(t *testing.T) {
	param := func(desc string) string {
		return "|Parameter|Type|Description|\n|:---|:---|:---|\n|mode|[spinMode](x.md)|" + desc + "|"
	}
	files := map[string]string{
		"api/a-spin.md": apiPage("widget: spin", "POST /widgets/{id}/spin", param("How. Possible values are: `fast`, `slow`."), "Returns `204 No Content`."),
		"api/b-turn.md": apiPage("widget: turn", "POST /widgets/{id}/turn", param("How."), "Returns `204 No Content`."),
		"api/c-stop.md": apiPage("widget: stop", "POST /widgets/{id}/stop", param("How."), "Returns `204 No Content`."),
	}
	for range 3 {
		api, diags := Link(pages(t, files))
		for _, op := range api.Operations {
			if op.Body == nil || len(op.Body.Params) != 1 {
				t.Fatalf("%s: body %+v", op.ID, op.Body)
			}
			if ty := op.Body.Params[0].Type; ty.Kind != RefEnum || ty.Name != "microsoft.graph.spinMode" {
				t.Errorf("%s: mode is %+v, want the enum a-spin.md's values define", op.ID, ty)
			}
		}
		if c := codes(diags); c[diag.UnresolvedType] != 0 {
			t.Errorf("diagnostics: %v", diags)
		}
	}
	delete(files, "api/a-spin.md")
	_, diags := Link(pages(t, files))
	if c := codes(diags); c[diag.UnresolvedType] != 2 {
		t.Errorf("without the page that lists the values: %v", diags)
	}
}

// TestLinkResourcesInPageOrder: resource properties are resolved in
// parallel, but a provisional enum one page's values define is seen by the
// pages after it, and a property listed on two pages is reported as in one
// loop over the pages.
func TestLinkResourcesInPageOrder(t *testing.T) {
	files := map[string]string{
		"resources/0.md": resource("zero", "", "|mode|[spinMode](x.md)|Which.|\n|size|Int32|Size.|"),
		"resources/a.md": resource("alpha", "", "|mode|[spinMode](x.md)|How. Possible values are: `fast`, `slow`.|"),
		"resources/b.md": resource("beta", "", "|mode|[spinMode](x.md)|How.|\n|mode|String|Again.|"),
		"resources/c.md": resource("beta", "", "|mode|Int32|Other.|\n|size|Int32|Size.|"),
	}
	for range 3 {
		api, diags := Link(pages(t, files))
		for _, ty := range api.Types {
			if ty.Name == "microsoft.graph.zero" {
				// before the page that defines the enum: unresolved
				if ty.Properties[0].Type.Kind != RefOpen {
					t.Errorf("zero.mode is %+v", ty.Properties[0].Type)
				}
				continue
			}
			if ty.Properties[0].Type.Kind != RefEnum {
				t.Errorf("%s.mode is %+v, want the enum a.md's values define", ty.Name, ty.Properties[0].Type)
			}
			if ty.Name == "microsoft.graph.beta" && len(ty.Properties) != 2 {
				t.Errorf("beta: %+v", ty.Properties)
			}
		}
		c := codes(diags)
		if c[diag.UnresolvedType] != 1 || c[diag.DuplicateProperty] != 1 || c[diag.DuplicateType] != 2 { // the type twice, and mode
			t.Errorf("diagnostics: %v", diags)
		}
	}
}
