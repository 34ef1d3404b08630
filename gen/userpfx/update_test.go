// Linking updateflag lets `go test ./... -update` run in this package too.

package userpfx_test

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
