// Package downstream shows how a project uses graphdoc: its Graph reference
// pages live in docs/, graphdoc.yaml says what to generate from them, and
// `go generate ./...` writes openapi.yaml and the sprockets package, both
// checked in. CI runs `go generate ./...` and then `graphdoc check`, which
// fails when the checked-in files are not what the pages produce.
package downstream

//go:generate go run github.com/graphdoc/graphdoc/cmd/graphdoc generate
