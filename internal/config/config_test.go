package config

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	c, err := Parse("x/graphdoc.yaml", []byte(`docs: [docs]
include: ["intune-raimportcerts-*"]
spec: openapi.yaml
go:
  package: userpfx
  output: userpfx
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Go.Package != "userpfx" || c.SpecFormat != "yaml" || c.DocPaths()[0] != "x/docs" || c.Include[0] != "intune-raimportcerts-*" {
		t.Errorf("got %+v", c)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"docs: [d]\nspce: x.yaml\n", `c.yaml:2:1: unknown key "spce"`},
		{"docs: [d]\ngo:\n  package: 9x\n  output: o\n", `c.yaml:3:12: go.package: "9x" is not a Go package name`},
		{"docs: [d]\ngo:\n  pkg: x\n", `c.yaml:3:3: unknown key "pkg"`},
		{"spec: x.yaml\n", "docs is missing"},
		{"docs: [d]\n", "nothing to generate"},
		{"docs: {a: b}\nspec: s\n", "c.yaml:1:7: docs: want a list of strings"},
		{"docs: [d]\nspec: s\nspec-format: xml\n", "spec-format: want yaml or json"},
		{"", "the file is empty"},
		{"docs: [\n", "c.yaml"},
	}
	for _, c := range cases {
		_, err := Parse("c.yaml", []byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) error %v, want it to contain %q", c.in, err, c.want)
		}
	}
}
