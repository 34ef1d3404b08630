// Linking updateflag lets `go test ./... -update` run in this package too.

package e2e_test

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
