// Linking updateflag lets `go test ./... -update` run in this package too.

package ext

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
