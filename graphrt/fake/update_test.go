// Linking updateflag lets `go test ./... -update` run in this package too.

package fake

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
