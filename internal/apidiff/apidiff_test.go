package apidiff

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"

	"github.com/graphdoc/graphdoc/internal/golden"
	"github.com/graphdoc/graphdoc/spec/openapi"
)

// The testdata specs are graphdoc's output for examples/downstream/docs
// (base.yaml) and for a copy where sprocket lost displayName, toothCount
// became a String and sprocketFinish gained nickelPlated (revision.yaml).
func loadSpec(t *testing.T, name string) *openapi3.T {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestReport(t *testing.T) {
	r, err := Compare(loadSpec(t, "base.yaml"), loadSpec(t, "revision.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r.Base, r.Revision = "base.yaml", "revision.yaml"
	var text, md, js bytes.Buffer
	r.WriteText(&text)
	r.WriteMarkdown(&md, 2)
	r.WriteJSON(&js)
	golden.Check(t, "testdata/report.txt", text.Bytes())
	golden.Check(t, "testdata/report.md", md.Bytes())
	golden.Check(t, "testdata/report.json", js.Bytes())

	rules := map[string]Level{}
	for _, f := range r.Findings {
		rules[f.Rule] = f.Level
	}
	want := map[string]Level{
		"response-optional-property-removed": LevelError, // policy: info -> error
		"request-property-removed":           LevelError, // policy: warning -> error
		"response-property-type-changed":     LevelError, // oasdiff's own
		"response-property-enum-value-added": LevelInfo,  // policy: error -> info
		"request-property-enum-value-added":  LevelInfo,  // oasdiff's own
	}
	for rule, l := range want {
		if rules[rule] != l {
			t.Errorf("%s: level %q, want %q", rule, rules[rule], l)
		}
	}
	if r.Count(LevelError) == 0 || r.Count(LevelInfo) != len(r.Findings) {
		t.Errorf("counts: %d errors of %d", r.Count(LevelError), len(r.Findings))
	}
}

func TestSame(t *testing.T) {
	r, err := Compare(loadSpec(t, "base.yaml"), loadSpec(t, "base.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Empty() {
		t.Errorf("a spec differs from itself: %+v", r)
	}
	var b bytes.Buffer
	r.WriteText(&b)
	if !strings.Contains(b.String(), "no changes") {
		t.Errorf("text: %q", b.String())
	}
	b.Reset()
	r.WriteJSON(&b)
	var v map[string]any
	if err := json.Unmarshal(b.Bytes(), &v); err != nil || v["findings"] == nil {
		t.Errorf("json: %v %s", err, b.String())
	}
}

func TestOperations(t *testing.T) {
	base, rev := loadSpec(t, "base.yaml"), loadSpec(t, "base.yaml")
	// remove DELETE, add PUT, make $top required on the list, drop a scope
	item := rev.Paths.Value("/workshop/sprockets/{sprocket-id}")
	item.Put, item.Delete = item.Delete, nil
	list := rev.Paths.Value("/workshop/sprockets").Get
	for _, p := range list.Parameters {
		if p.Ref == "#/components/parameters/top" {
			v := *p.Value
			v.Required = true
			p.Ref, p.Value = "", &v
		}
	}
	get := item.Get
	get.Security = &openapi3.SecurityRequirements{{"application": {"Workshop.Read.All"}}}
	r, err := Compare(base, rev)
	if err != nil {
		t.Fatal(err)
	}
	ops := r.Operations
	if len(ops.Added) != 1 || ops.Added[0] != "PUT /workshop/sprockets/{sprocket-id}" {
		t.Errorf("added: %q", ops.Added)
	}
	if len(ops.Removed) != 1 || ops.Removed[0] != "DELETE /workshop/sprockets/{sprocket-id}" {
		t.Errorf("removed: %q", ops.Removed)
	}
	var details []string
	for _, c := range ops.Changed {
		for _, d := range c.Details {
			details = append(details, c.Name+": "+d)
		}
	}
	got := strings.Join(details, "\n")
	for _, want := range []string{
		"GET /workshop/sprockets: parameter `$top (query)` became required",
		"GET /workshop/sprockets/{sprocket-id}: delegatedWork permissions removed: `Workshop.Read.All`",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("changed lacks %q:\n%s", want, got)
		}
	}
	found := false
	for _, f := range r.Findings {
		if f.Level == LevelError && f.Method == "DELETE" {
			found = true
		}
	}
	if !found {
		t.Errorf("removing an operation is not breaking: %+v", r.Findings)
	}
}

func TestPolicy(t *testing.T) {
	p, err := Policy()
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]checker.Level{
		"response-property-enum-value-added":  checker.INFO,
		"response-mediatype-enum-value-added": checker.INFO,
		"response-property-became-nullable":   checker.INFO,
	} {
		if p[id] != want {
			t.Errorf("%s: %v, want %v", id, p[id], want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"# c\n\nno-such-rule INFO\n", `graph-severity.txt:3: "no-such-rule" is not an oasdiff rule ID`},
		{"response-property-enum-value-added LOUD\n", `graph-severity.txt:1: level "LOUD"`},
		{"response-property-enum-value-added\n", "graph-severity.txt:1: want `rule-id LEVEL`"},
	} {
		if _, err := parsePolicy([]byte(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parsePolicy(%q): %v, want %q", c.in, err, c.want)
		}
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]Level{"breaking": LevelError, "warning": LevelWarning} {
		if l, err := ParseLevel(in); err != nil || l != want {
			t.Errorf("%s: %v %v", in, l, err)
		}
	}
	if _, err := ParseLevel("bad"); err == nil {
		t.Error("bad level accepted")
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"a_b `x_y` *c*": "a\\_b `x_y` \\*c\\*",
		"odd ` tick_":   "odd \\` tick\\_",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Cell("a|b\n`c|d`"); got != "a\\|b `c\\|d`" {
		t.Errorf("Cell: %q", got)
	}
}
