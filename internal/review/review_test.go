package review

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/apidiff"
	"github.com/graphdoc/graphdoc/internal/golden"
	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/openapi"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
	"github.com/graphdoc/graphdoc/spec/source"
)

func loadSpec(t *testing.T, name string) *openapi3.T {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(), "internal", "apidiff", "testdata", name))
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
	base, rev := loadSpec(t, "base.yaml"), loadSpec(t, "revision.yaml")
	changes, err := apidiff.Compare(base, rev)
	if err != nil {
		t.Fatal(err)
	}
	changes.Base, changes.Revision = "base.yaml", "docs"
	pos := func(p string, line int) source.Position { return source.Position{Path: p, Line: line, Col: 1} }
	ds := diag.List{
		diag.New(pos("docs/api/sprocket-get.md", 12), diag.ExampleInvalid, "example response: toothCount: want an integer, got \"many\""),
		diag.New(pos("docs/api/broken.md", 7), diag.NoHTTPRequest, "no HTTP request block under ## HTTP request"),
		diag.New(pos("docs/resources/sprocket.md", 3), diag.TodoPlaceholder, "front matter author is a TODO placeholder: TODO: *name*"),
	}
	for i := range MaxPerCode + 2 {
		ds = append(ds, diag.New(pos("docs/api/many.md", 10+i), diag.PlaceholderExample, "placeholder %d | with a pipe", i))
	}
	ds.Sort()
	var b bytes.Buffer
	err = Write(&b, Input{
		Sources: []string{"docs"},
		Pages:   7,
		Doc:     rev,
		Diags:   ds,
		Changes: changes,
		Link:    func(p string, line int) string { return p + "#L" + fmt.Sprint(line) },
	})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/report.md", b.Bytes())
	out := b.String()
	for _, want := range []string{
		"| 7 | 4 | 6 | 1 | 30 (1 error, 29 warnings, 0 info) |",
		"### Breaking changes",
		"[`docs/api/broken.md:7`](docs/api/broken.md#L7)",
		"- … and 2 more; run `graphdoc lint` for all of them",
		"## Examples that fail validation\n\n- [`docs/api/sprocket-get.md:12`]",
		"TODO: \\*name\\*",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestFromSpecAndEmpty(t *testing.T) {
	var b bytes.Buffer
	Write(&b, Input{Sources: []string{"openapi.yaml"}, FromSpec: true, Doc: loadSpec(t, "base.yaml")})
	out := b.String()
	if !strings.Contains(out, "| — (spec file) | 4 |") || strings.Contains(out, "## Diagnostics") || strings.Contains(out, "Changes since") {
		t.Errorf("spec file report:\n%s", out)
	}
	b.Reset()
	Write(&b, Input{Pages: 1})
	out = b.String()
	if !strings.Contains(out, "No operations.") || !strings.Contains(out, "No diagnostics") || !strings.Contains(out, "None: no `example-invalid` diagnostic.") {
		t.Errorf("empty report:\n%s", out)
	}
}

func TestPermissions(t *testing.T) {
	doc := loadSpec(t, "base.yaml")
	op := doc.Paths.Value("/workshop/sprockets").Post
	p := Permissions(op)
	if p["delegatedWork"] != "Workshop.ReadWrite.All" || p["application"] != "Workshop.ReadWrite.All" || p["delegatedPersonal"] != "Not supported." {
		t.Errorf("permissions: %v", p)
	}
	if c := Count(doc); c.Operations != 4 || c.Enums != 1 || c.Schemas != 6 {
		t.Errorf("counts: %+v", c)
	}
}

// TestLeastPrivileged: today's three-column permission tables mark the
// least privileged scopes; the report shows them in bold, with a legend.
func TestLeastPrivileged(t *testing.T) {
	doc := loadSpec(t, "base.yaml")
	op := doc.Paths.Value("/workshop/sprockets").Post
	// as built in memory...
	ext.SetPermissions(&op.Extensions, []ext.PermissionRow{
		{Kind: "delegatedWork", Label: "Delegated (work or school account)", Value: "Workshop.ReadWrite.All", LeastPrivileged: []string{"Workshop.ReadWrite.All"}},
	})
	if got := LeastPrivileged(op); len(got["delegatedWork"]) != 1 || len(got["application"]) != 0 {
		t.Errorf("LeastPrivileged (built) = %v", got)
	}
	// ...and as loaded from a spec file
	op.Extensions[ext.NamePermissions] = []any{
		map[string]any{"kind": "delegatedWork", "label": "Delegated (work or school account)", "value": "Workshop.ReadWrite.All", "leastPrivileged": []any{"Workshop.ReadWrite.All"}},
	}
	if got := LeastPrivileged(op); len(got["delegatedWork"]) != 1 || len(got["application"]) != 0 {
		t.Errorf("LeastPrivileged (loaded) = %v", got)
	}
	var b bytes.Buffer
	Write(&b, Input{Sources: []string{"openapi.yaml"}, FromSpec: true, Doc: doc})
	out := b.String()
	if !strings.Contains(out, "| POST | `/workshop/sprockets` | **Workshop.ReadWrite.All** | — | Workshop.ReadWrite.All |") {
		t.Errorf("least privileged scope not in bold:\n%s", out)
	}
	if !strings.Contains(out, "Scopes in **bold** are the least privileged") {
		t.Errorf("no legend:\n%s", out)
	}
}
