// Package updateflag defines the -update flag of graphdoc's test binaries.
//
// `go test ./... -update` passes -update to every test binary, and a binary
// that does not define the flag fails. So every package with tests links
// this package (golden does; packages without golden tests import it from
// an update_test.go), and .ci/run checks that the flag is accepted
// everywhere.
package updateflag

import "flag"

// Update is set by -update: golden files are rewritten, not compared.
var Update = flag.Bool("update", false, "rewrite golden files instead of comparing them")
