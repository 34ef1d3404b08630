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

func TestPathsAndParts(t *testing.T) {
	c, err := Parse("graphdoc.yaml", []byte(`docs: [docs]
paths: [/deviceManagement/userPfxCertificates]
go:
  package: p
  output: p
  generate: [fake, models, client]
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Paths) != 1 || c.Paths[0] != "/deviceManagement/userPfxCertificates" {
		t.Errorf("paths: %q", c.Paths)
	}
	if got := strings.Join(c.Go.Parts, ","); got != "models,client,fake" {
		t.Errorf("parts in AllParts order: %s", got)
	}
	if !c.Go.Has(PartFake) || c.Go.Has(PartServer) {
		t.Errorf("Has: %v", c.Go.Parts)
	}
	c, err = Parse("graphdoc.yaml", []byte("docs: [docs]\ngo: {package: p, output: p}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Go.Parts, ",") != strings.Join(AllParts, ",") {
		t.Errorf("default parts: %v", c.Go.Parts)
	}
	if c.Paths != nil {
		t.Errorf("default paths: %v", c.Paths)
	}
}

func TestPathsAndPartsErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"docs: [d]\nspec: s\npaths:\n  - /a\n  - deviceManagement\n", `c.yaml:5:5: paths: "deviceManagement" is not an OpenAPI path prefix; it must start with "/"`},
		{"docs: [d]\nspec: s\npaths: {a: b}\n", "c.yaml:3:8: paths: want a list of strings"},
		{"docs: [d]\ngo:\n  package: p\n  output: o\n  generate:\n    - models\n    - clients\n", `c.yaml:7:7: go.generate: unknown part "clients"; want some of models, client, server, validators, fake`},
		{"docs: [d]\ngo:\n  package: p\n  output: o\n  generate: [models, models]\n", `c.yaml:5:22: go.generate: part "models" is listed twice`},
		{"docs: [d]\ngo:\n  package: p\n  output: o\n  generate: []\n", "c.yaml:5:13: go.generate: the list is empty"},
		{"docs: [d]\ngo:\n  package: p\n", "c.yaml:3:3: go: output is missing"},
		{"docs: [d]\ngo:\n  output: p\n", "c.yaml:3:3: go: package is missing"},
		{"docs: [d]\nspec: s\ninclude: ['[a']\n", `c.yaml:3:10: include: "[a" is not a valid glob`},
	}
	for _, c := range cases {
		_, err := Parse("c.yaml", []byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) error %v, want it to contain %q", c.in, err, c.want)
		}
	}
}
