// Command graphdoc reads Microsoft Graph API reference pages (markdown) and
// turns them into an OpenAPI 3 document and Go code: typed models, a
// client, a server interface and request validators.
//
// Usage:
//
//	graphdoc spec [-o FILE] [--format yaml|json] PATH...
//	graphdoc lint [--format text|json|github] PATH...
//	graphdoc generate [-config graphdoc.yaml]
//	graphdoc check [-config graphdoc.yaml] [--format text|github]
//	graphdoc review [--base OLD] [-o report.md] PATH...
//	graphdoc diff [--format text|markdown|json] [--fail-on breaking|warning] OLD NEW
//	graphdoc version
//
// Exit status: 0 done, 1 a finding (lint errors, drift, --fail-on), 2
// could not run.
//
// Run `graphdoc help` for every command.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
