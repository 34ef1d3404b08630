//go:build !linux

package spec

import (
	"io"
	"os"
)

// openFile opens a page for reading.
func openFile(name string) (io.ReadCloser, error) { return os.Open(name) }
