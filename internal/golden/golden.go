// Package golden is graphdoc's one helper for golden-file tests: it compares
// what a test produced with files checked in under testdata, prints a
// unified diff on mismatch, and rewrites the files when the tests run with
// -update:
//
//	go test ./internal/build -update
//
// The -update flag itself lives in package updateflag, which golden
// imports.
package golden

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphdoc/graphdoc/internal/fsx"
	"github.com/graphdoc/graphdoc/internal/updateflag"
	"github.com/rogpeppe/go-internal/diff"
)

// updateHint tells how to accept new output.
const updateHint = "run go test ./... -update"

// Update reports whether the tests run with -update, that is, whether
// golden files are to be rewritten rather than compared.
func Update() bool {
	return *updateflag.Update
}

// Check compares got with the golden file at path (an OS path, usually
// under testdata). On a mismatch it reports the difference with t.Errorf
// as a unified diff from "want <path>" to "got"; if the file is missing it
// says so. With -update it instead writes got to path, creating folders as
// needed, and logs "updated <path>" if the file changed.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(path)
	if Update() {
		if err == nil && bytes.Equal(want, got) {
			return
		}
		if err := write(path, got); err != nil {
			t.Errorf("golden: updating %s: %v", path, err)
			return
		}
		t.Logf("updated %s", path)
		return
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		t.Errorf("golden file %s missing; %s", path, updateHint)
	case err != nil:
		t.Errorf("golden: %v", err)
	case !bytes.Equal(want, got):
		t.Errorf("output differs from golden file %s (%s to accept it):\n%s",
			path, updateHint, diff.Diff("want "+path, want, "got", got))
	}
}

// write writes data to path, creating its folder.
func write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// CheckFiles compares a whole generated tree with the golden tree at root
// using fsx.Check: every changed file is reported with a unified diff (from
// "a/<path>", the golden file, to "b/<path>", the output), every missing
// file and every stale one (a generated file directly in one of
// managedDirs, relative to root, that is no longer produced) is reported,
// each with its own t.Errorf.
//
// With -update it writes the tree with fsx.Write instead, and logs each
// file updated or removed. The golden tree is the test's own, so every file
// in got may be overwritten even if it carries no graphdoc marker; but Go
// files must still pass fsx.Write's checks (header, syntax, gofmt), and only
// files that fsx.IsGeneratedFile accepts are ever removed as stale.
func CheckFiles(t testing.TB, root string, got fsx.Files, managedDirs ...string) {
	t.Helper()
	plan := fsx.Plan{Root: root, Files: got, ManagedDirs: managedDirs}
	if Update() {
		for _, f := range got {
			plan.Owned = append(plan.Owned, f.Path)
		}
		res, err := fsx.Write(plan)
		for _, p := range res.Written {
			t.Logf("updated %s", plan.Full(p))
		}
		for _, p := range res.Removed {
			t.Logf("removed %s", plan.Full(p))
		}
		if err != nil {
			t.Errorf("golden: updating %s: %v", root, err)
		}
		return
	}
	d, err := fsx.Check(plan)
	if err != nil {
		t.Errorf("golden: %v", err)
		return
	}
	for _, c := range d.Changed {
		t.Errorf("output differs from golden file %s (%s to accept it):\n%s",
			plan.Full(c.Path), updateHint, c.Diff)
	}
	for _, p := range d.Missing {
		t.Errorf("golden file %s missing; %s", plan.Full(p), updateHint)
	}
	for _, p := range d.Stale {
		t.Errorf("golden file %s is no longer generated; %s to remove it", plan.Full(p), updateHint)
	}
}
