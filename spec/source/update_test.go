// Linking updateflag lets `go test ./... -update` run in this package too.

package source

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
