package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/graphdoc/graphdoc/generator/oapi"
	"github.com/graphdoc/graphdoc/internal/fsx"
	"github.com/graphdoc/graphdoc/internal/testenv"

	_ "github.com/graphdoc/graphdoc/internal/updateflag"
)

func exampleSpec(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(), "testdata", "userpfx", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOverridesTakeEffect fails when a template override stops being used
// (oapi-codegen silently adds templates it does not know).
func TestOverridesTakeEffect(t *testing.T) {
	files, err := Generate(exampleSpec(t), Options{Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	api, ok := files.Get("api.gen.go")
	if !ok {
		t.Fatal("no api.gen.go")
	}
	overrides, err := oapi.Overrides()
	if err != nil {
		t.Fatal(err)
	}
	for name := range overrides {
		marker, ok := oapi.Markers[name]
		if !ok {
			t.Errorf("override %s has no marker in oapi.Markers", name)
			continue
		}
		if !bytes.Contains(api, []byte(marker)) {
			t.Errorf("override %s did not take effect: %q not in the generated code", name, marker)
		}
	}
	if bytes.Contains(api, []byte("oapi-codegen version")) {
		t.Error("oapi-codegen's own header leaked into the output")
	}
}

// TestGofmtClean: every generated file is gofmt-clean as written (each is
// formatted once, by the tool that writes it; nothing formats it again).
func TestGofmtClean(t *testing.T) {
	for _, opts := range []Options{{Package: "x"}, {Package: "x", Layout: "split", ImportPath: "example.com/m/x"}} {
		files, err := Generate(exampleSpec(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			src, err := format.Source(f.Data)
			if err != nil || !bytes.Equal(src, f.Data) {
				t.Errorf("%s (%s layout) is not gofmt-clean: %v", f.Path, opts.Layout, err)
			}
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	spec := exampleSpec(t)
	a, err := Generate(spec, Options{Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(spec, Options{Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two runs", a[i].Path)
		}
	}
}

func TestBadInput(t *testing.T) {
	if _, err := Generate(exampleSpec(t), Options{Package: "not a name"}); err == nil || !strings.Contains(err.Error(), "package name") {
		t.Errorf("bad package name: %v", err)
	}
	if _, err := Generate([]byte("openapi: [\n"), Options{Package: "x"}); err == nil {
		t.Error("bad spec accepted")
	}
}

func TestParts(t *testing.T) {
	files, err := Generate(exampleSpec(t), Options{Package: "x", Parts: []string{"models", "client"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	if strings.Join(names, " ") != "api.gen.go client.gen.go handler.gen.go model.gen.go" {
		t.Errorf("models+client gave %v", names)
	}
	files, err = Generate(exampleSpec(t), Options{Package: "x", Parts: []string{"models"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Errorf("models alone gave %d files", len(files))
	}
}

// TestSplitLayout: the split layout puts the client and the server (with
// the fake) in sub-packages that import the models by the package's
// import path, and needs that path.
func TestSplitLayout(t *testing.T) {
	files, err := Generate(exampleSpec(t), Options{Package: "x", Layout: "split", ImportPath: "example.com/m/x"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	if got := strings.Join(names, " "); got != "api.gen.go client/client.gen.go handler.gen.go model.gen.go server/fake.gen.go server/server.gen.go" {
		t.Errorf("split gave %s", got)
	}
	c, _ := files.Get("client/client.gen.go")
	if !bytes.Contains(c, []byte("package client")) || !bytes.Contains(c, []byte(`"example.com/m/x"`)) {
		t.Errorf("client sub-package:\n%s", c)
	}
	if _, err := Generate(exampleSpec(t), Options{Package: "x", Layout: "split"}); err == nil || !strings.Contains(err.Error(), "import path") {
		t.Errorf("split without an import path: %v", err)
	}
}

// TestPartsCompile generates each selection of parts and vets it in a
// scratch module, so that no selection gives code that does not build.
func TestPartsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code")
	}
	packages := map[string]fsx.Files{}
	for i, parts := range [][]string{{"models"}, {"models", "client"}, {"models", "validators"}, {"models", "server"}} {
		pkg := fmt.Sprintf("parts%d", i)
		files, err := Generate(exampleSpec(t), Options{Package: pkg, Parts: parts})
		if err != nil {
			t.Fatal(err)
		}
		packages[pkg] = files
	}
	split, err := Generate(exampleSpec(t), Options{Package: "splitx", Layout: "split", ImportPath: "example.com/cases/splitx"})
	if err != nil {
		t.Fatal(err)
	}
	packages["splitx"] = split
	vetPackages(t, packages)
}

// TestJSONAndYAMLSpecsAgree: a JSON spec is decoded by encoding/json (fast)
// and a YAML one by kin-openapi's loader; both must give the same Go.
func TestJSONAndYAMLSpecsAgree(t *testing.T) {
	y := exampleSpec(t)
	var v any
	if err := yaml.Unmarshal(y, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := Generate(y, Options{Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := Generate(append([]byte("\n "), j...), Options{Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fromYAML) != len(fromJSON) {
		t.Fatalf("%d files from YAML, %d from JSON", len(fromYAML), len(fromJSON))
	}
	for i := range fromYAML {
		if fromYAML[i].Path != fromJSON[i].Path || !bytes.Equal(fromYAML[i].Data, fromJSON[i].Data) {
			t.Errorf("%s differs between the YAML and the JSON spec", fromYAML[i].Path)
		}
	}
}
