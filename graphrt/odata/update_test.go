// Linking updateflag lets `go test ./... -update` run in this package too.

package odata

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
