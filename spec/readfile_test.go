package spec

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFile checks readFile against os.ReadFile: the same bytes for
// files around the read buffer's size, the same error text for a missing
// file and for a folder.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 300 << 10} {
		name := filepath.Join(dir, "p.md")
		want := bytes.Repeat([]byte("x"), n)
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("readFile of %d bytes: %d bytes, %v", n, len(got), err)
		}
	}
	for _, name := range []string{filepath.Join(dir, "missing.md"), dir} {
		_, want := os.ReadFile(name)
		_, err := readFile(name)
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("readFile(%s) error %v, want %v", strings.TrimPrefix(name, dir), err, want)
		}
	}
}
