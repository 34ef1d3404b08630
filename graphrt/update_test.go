// Linking updateflag lets `go test ./... -update` run in this package too.

package graphrt

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
