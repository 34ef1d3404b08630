// Linking updateflag lets `go test ./... -update` run in this package too.

package oauth2auth_test

import _ "github.com/graphdoc/graphdoc/internal/updateflag"
