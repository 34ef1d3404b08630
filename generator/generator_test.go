package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if strings.Join(names, " ") != "api.gen.go client.gen.go decode.gen.go poly.gen.go" {
		t.Errorf("models+client gave %v", names)
	}
	api, _ := files.Get("api.gen.go")
	if bytes.Contains(api, []byte("StrictServerInterface")) || !bytes.Contains(api, []byte("ClientWithResponses")) {
		t.Error("client-only package holds a server or lacks the client")
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
	vetPackages(t, packages)
}
