package fsx

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWriteThenRewrite(t *testing.T) {
	root := filepath.Join(t.TempDir(), "out") // Write creates the root too
	p := Plan{Root: root, ManagedDirs: []string{"gen"}, Files: Files{
		{Path: "openapi.yaml", Data: []byte(YAMLHeader + "\nopenapi: 3.0.3\n")},
		{Path: "gen/sub/b.go", Data: []byte(goFile("// b\n"))},
		{Path: "gen/a.go", Data: []byte(goFile("// a\n"))},
	}}
	res, err := Write(p)
	if err != nil {
		t.Fatal(err)
	}
	want := Result{Written: []string{"gen/a.go", "gen/sub/b.go", "openapi.yaml"}}
	if !equalResult(res, want) {
		t.Errorf("first Write = %+v, want %+v", res, want)
	}
	wantTree := map[string]string{
		"gen/": "", "gen/sub/": "",
		"gen/a.go": goFile("// a\n"), "gen/sub/b.go": goFile("// b\n"),
		"openapi.yaml": YAMLHeader + "\nopenapi: 3.0.3\n",
	}
	if got := tree(t, root); !maps.Equal(got, wantTree) {
		t.Errorf("tree = %q, want %q", got, wantTree)
	}
	if fi, err := os.Stat(filepath.Join(root, "gen/a.go")); err != nil {
		t.Fatal(err)
	} else if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o644 {
		t.Errorf("gen/a.go has mode %v, want 0644", fi.Mode().Perm())
	}

	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, f := range p.Files {
		if err := os.Chtimes(filepath.Join(root, f.Path), past, past); err != nil {
			t.Fatal(err)
		}
	}
	res, err = Write(p)
	if err != nil {
		t.Fatal(err)
	}
	want = Result{Unchanged: []string{"gen/a.go", "gen/sub/b.go", "openapi.yaml"}}
	if !equalResult(res, want) {
		t.Errorf("second Write = %+v, want %+v", res, want)
	}

	p.Files[2].Data = []byte(goFile("// a, changed\n"))
	res, err = Write(p)
	if err != nil {
		t.Fatal(err)
	}
	want = Result{Written: []string{"gen/a.go"}, Unchanged: []string{"gen/sub/b.go", "openapi.yaml"}}
	if !equalResult(res, want) {
		t.Errorf("third Write = %+v, want %+v", res, want)
	}
	wantTree["gen/a.go"] = goFile("// a, changed\n")
	if got := tree(t, root); !maps.Equal(got, wantTree) {
		t.Errorf("tree = %q, want %q (no temporaries or backups left)", got, wantTree)
	}
	for _, f := range []string{"gen/sub/b.go", "openapi.yaml"} {
		fi, err := os.Stat(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if !fi.ModTime().Equal(past) {
			t.Errorf("%s was touched: modified %v, want %v", f, fi.ModTime(), past)
		}
	}
}

func equalResult(a, b Result) bool {
	return slices.Equal(a.Written, b.Written) && slices.Equal(a.Unchanged, b.Unchanged) && slices.Equal(a.Removed, b.Removed)
}

func TestWriteRemovesOnlyStaleGeneratedFiles(t *testing.T) {
	root := t.TempDir()
	keep := map[string]string{
		"gen/hand.go":     "package x\n",
		"gen/notes.txt":   YAMLHeader + "\n",
		"gen/hand.yaml":   "openapi: 3.0.3\n",
		"gen/hand.json":   `{"x-graphdoc-generated": false}`,
		"gen/sub/deep.go": goFile(""), // managed folders are not recursive
		"other/old.go":    goFile(""), // not managed
	}
	stale := map[string]string{
		"gen/old.go":   goFile(""),
		"gen/old.yaml": YAMLHeader + "\n",
		"gen/old.json": `{"x-graphdoc-generated": true}`,
		"top.go":       goFile(""),
	}
	for p, data := range keep {
		put(t, root, p, data)
	}
	for p, data := range stale {
		put(t, root, p, data)
	}
	put(t, root, "gen/kept.go", goFile("// old\n"))
	res, err := Write(Plan{Root: root, ManagedDirs: []string{"gen", "missing", ".", "gen"}, Files: Files{
		{Path: "gen/kept.go", Data: []byte(goFile("// new\n"))},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := Result{Written: []string{"gen/kept.go"}, Removed: []string{"gen/old.go", "gen/old.json", "gen/old.yaml", "top.go"}}
	if !equalResult(res, want) {
		t.Errorf("Write = %+v, want %+v", res, want)
	}
	for p, data := range keep {
		if got := get(t, root, p); got != data {
			t.Errorf("%s = %q, want it kept as %q", p, got, data)
		}
	}
	for p := range stale {
		if got := get(t, root, p); got != "<missing>" {
			t.Errorf("stale %s was kept: %q", p, got)
		}
	}
}

// failRename makes rename fail when renaming a file whose name ends with
// suffix to one of targets, until the test ends.
func failRename(t *testing.T, suffix string, targets ...string) {
	orig := rename
	t.Cleanup(func() { rename = orig })
	rename = func(from, to string) error {
		if strings.HasSuffix(from, suffix) && slices.Contains(targets, to) {
			return errors.New("injected failure")
		}
		return orig(from, to)
	}
}

func TestWriteRestoresWhenRenameFails(t *testing.T) {
	root := t.TempDir()
	put(t, root, "gen/a.go", goFile("// old a\n"))
	put(t, root, "gen/c.go", goFile("// old c\n"))
	before := tree(t, root)
	p := Plan{Root: root, Files: Files{
		{Path: "gen/a.go", Data: []byte(goFile("// new a\n"))},
		{Path: "gen/b/new.go", Data: []byte(goFile("// new b\n"))},
		{Path: "gen/c.go", Data: []byte(goFile("// new c\n"))},
	}}
	failRename(t, ".tmp", filepath.Join(root, "gen/c.go"))
	_, err := Write(p)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(root, "gen/c.go")+": injected failure; the files already written were restored") {
		t.Fatalf("Write error = %v, want the failed rename and that files were restored", err)
	}
	if after := tree(t, root); !maps.Equal(before, after) {
		t.Errorf("after a failed Write:\ngot  %q\nwant %q", after, before)
	}

	// Now restoring gen/a.go fails too: its backup must survive.
	failRename(t, ".bak", filepath.Join(root, "gen/a.go"))
	_, err = Write(p)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(root, "gen/a.go")+" could not be restored; its old content is in ") {
		t.Fatalf("Write error = %v, want the file that could not be restored", err)
	}
	after := tree(t, root)
	var backups []string
	for name, data := range after {
		if strings.HasSuffix(name, ".bak") {
			backups = append(backups, name)
			if data != goFile("// old a\n") {
				t.Errorf("backup %s = %q, want the old gen/a.go", name, data)
			}
		}
	}
	if len(backups) != 1 || !strings.HasPrefix(backups[0], "gen/.a.go.") {
		t.Errorf("backups = %q, want one of gen/a.go", backups)
	}
	if after["gen/c.go"] != goFile("// old c\n") || after["gen/b/new.go"] != "" {
		t.Errorf("gen/c.go and gen/b/new.go were not left as they were: %q", after)
	}
}
