// Linking updateflag lets `go test ./... -update` run in this package too.

package azauth_test

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
