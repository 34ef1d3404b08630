package golden

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/internal/fsx"
	"github.com/graphdoc/graphdoc/internal/updateflag"
)

// fakeTB records what a helper reports instead of failing the test.
type fakeTB struct {
	testing.TB
	errors, logs []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

// setUpdate sets -update for the rest of the test.
func setUpdate(t *testing.T, v bool) {
	old := *updateflag.Update
	*updateflag.Update = v
	t.Cleanup(func() { *updateflag.Update = old })
}

// want checks that got holds exactly the messages wants, each given by a
// substring in order.
func want(t *testing.T, what string, got []string, wants ...string) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("%s = %q, want %d messages like %q", what, got, len(wants), wants)
	}
	for i := range wants {
		if !strings.Contains(got[i], wants[i]) {
			t.Errorf("%s[%d] =\n%s\nwant it to contain\n%s", what, i, got[i], wants[i])
		}
	}
}

func TestFlag(t *testing.T) {
	f := flag.Lookup("update")
	if f == nil || f.DefValue != "false" {
		t.Fatalf("flag -update = %+v, want a boolean defaulting to false", f)
	}
	if Update() != (f.Value.String() == "true") {
		t.Error("Update() disagrees with -update")
	}
}

func TestCheckAgainstCheckedInFile(t *testing.T) {
	Check(t, filepath.Join("testdata", "hello.golden"), []byte("hello, golden\n"))
}

func TestCheck(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "a.golden")
	if err := os.WriteFile(path, []byte("one\ntwo\nthree\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	ft := &fakeTB{TB: t}
	Check(ft, path, []byte("one\ntwo\nthree\n"))
	want(t, "errors on a match", ft.errors)

	ft = &fakeTB{TB: t}
	Check(ft, path, []byte("one\n2\nthree\n"))
	want(t, "errors on a mismatch", ft.errors, "output differs from golden file "+path+
		" (run go test ./... -update to accept it):\n"+
		"diff want "+path+" got\n--- want "+path+"\n+++ got\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n")

	ft = &fakeTB{TB: t}
	missing := filepath.Join(t.TempDir(), "missing.golden")
	Check(ft, missing, []byte("x"))
	want(t, "errors on a missing file", ft.errors, "golden file "+missing+" missing; run go test ./... -update")
	if _, err := os.Stat(missing); err == nil {
		t.Error("Check without -update created the golden file")
	}
}

func TestCheckUpdate(t *testing.T) {
	setUpdate(t, true)
	path := filepath.Join(t.TempDir(), "new", "dir", "a.golden")
	ft := &fakeTB{TB: t}
	Check(ft, path, []byte("first\n"))
	want(t, "errors", ft.errors)
	want(t, "logs", ft.logs, "updated "+path)

	ft = &fakeTB{TB: t}
	Check(ft, path, []byte("first\n"))
	want(t, "logs when nothing changed", ft.logs)

	ft = &fakeTB{TB: t}
	Check(ft, path, []byte("second\n"))
	want(t, "logs", ft.logs, "updated "+path)
	if data, err := os.ReadFile(path); err != nil || string(data) != "second\n" {
		t.Errorf("golden file = %q, %v; want %q", data, err, "second\n")
	}

	setUpdate(t, false)
	ft = &fakeTB{TB: t}
	Check(ft, path, []byte("second\n"))
	want(t, "errors after update", ft.errors)
}

// goFile returns a gofmt-clean generated Go file; a non-empty body
// follows the package clause after a blank line.
func goFile(body string) []byte {
	if body != "" {
		body = "\n" + body
	}
	return []byte(fsx.Header + "\n\npackage x\n" + body)
}

func TestCheckFiles(t *testing.T) {
	setUpdate(t, false)
	root := t.TempDir()
	for p, data := range map[string][]byte{
		"gen/changed.go": goFile("const A = 1\n"),
		"gen/stale.go":   goFile(""),
		"gen/hand.txt":   []byte("not generated, never stale\n"),
		"openapi.yaml":   []byte("openapi: 3.0.3\n"), // no marker: owned with -update
	} {
		name := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := fsx.Files{
		{Path: "gen/changed.go", Data: goFile("const A = 2\n")},
		{Path: "gen/missing.go", Data: goFile("")},
		{Path: "openapi.yaml", Data: []byte("openapi: 3.1.0\n")},
	}
	full := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }

	ft := &fakeTB{TB: t}
	CheckFiles(ft, root, got, "gen")
	want(t, "errors", ft.errors,
		"output differs from golden file "+full("gen/changed.go")+" (run go test ./... -update to accept it):\n"+
			"diff a/gen/changed.go b/gen/changed.go\n--- a/gen/changed.go\n+++ b/gen/changed.go\n"+
			"@@ -2,4 +2,4 @@\n \n package x\n \n-const A = 1\n+const A = 2\n",
		"output differs from golden file "+full("openapi.yaml")+" (run go test ./... -update to accept it):\n"+
			"diff a/openapi.yaml b/openapi.yaml\n",
		"golden file "+full("gen/missing.go")+" missing; run go test ./... -update",
		"golden file "+full("gen/stale.go")+" is no longer generated; run go test ./... -update to remove it",
	)

	setUpdate(t, true)
	ft = &fakeTB{TB: t}
	CheckFiles(ft, root, got, "gen")
	want(t, "errors with -update", ft.errors)
	want(t, "logs with -update", ft.logs,
		"updated "+full("gen/changed.go"),
		"updated "+full("gen/missing.go"),
		"updated "+full("openapi.yaml"),
		"removed "+full("gen/stale.go"),
	)

	setUpdate(t, false)
	ft = &fakeTB{TB: t}
	CheckFiles(ft, root, got, "gen")
	want(t, "errors after -update", ft.errors)
}

func TestCheckFilesReportsBadPlans(t *testing.T) {
	bad := fsx.Files{{Path: "../escape.go", Data: goFile("")}}
	for _, u := range []bool{false, true} {
		setUpdate(t, u)
		ft := &fakeTB{TB: t}
		CheckFiles(ft, t.TempDir(), bad)
		want(t, fmt.Sprintf("errors with update=%v", u), ft.errors, `output path "../escape.go": path leaves the output folder`)
	}
}
