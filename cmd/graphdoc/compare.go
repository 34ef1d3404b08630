package main

import (
	"errors"
	"flag"
	"os"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/compare"
	"github.com/graphdoc/graphdoc/internal/metadata"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/openapi"
)

func init() {
	register(&command{
		name:    "compare",
		summary: "measure a spec or docs against Graph's service metadata",
		usage: `usage: graphdoc compare --metadata FILE [--format text|json] [--all] SPEC-or-DOCS...

Compares the documented types and enums with Microsoft's metadata, given as
a CSDL/EDMX file ($metadata, msgraph-metadata's schemas/*.csdl) or as the
type-mappings JSON of msgraph-metadata (a folder holding
*-entity-types.json, *-complex-types.json, *-enum-types.json). The input is
a spec graphdoc wrote (.json/.yaml) or docs pages and folders, built on the
fly.

It reports, per type and in total: documented types found in the metadata;
property names documented and in the metadata (precision, with inheritance
resolved) and the metadata's declared properties documented (recall); enum
members, both ways; and with CSDL, property types and base types that agree.
Text output lists every disagreement and ends with the summary line.

Exit status: 0 when the comparison ran, 2 when it could not.

Examples:

	graphdoc compare --metadata ../msgraph-metadata/schemas/type-mappings beta-openapi.json
	graphdoc compare --metadata beta.csdl --format json docs/ > fidelity.json
`,
		run: runCompare,
	})
}

func runCompare(c *ctx, args []string) int {
	cmd := commands["compare"]
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	md := fs.String("metadata", "", "the metadata: a CSDL/EDMX `FILE` or a folder of type-mappings JSON")
	format := fs.String("format", "text", "output `format`: text or json")
	all := fs.Bool("all", false, "in text format, list every type and enum, not only those that disagree")
	paths, code, ok := c.parse(cmd, fs, args)
	if !ok {
		return code
	}
	if *md == "" {
		c.errorf("compare", "--metadata is required: a CSDL/EDMX file or a folder of type-mappings JSON")
		return exitFailure
	}
	if *format != "text" && *format != "json" {
		c.errorf("compare", "unknown --format %q; want text or json", *format)
		return exitFailure
	}
	meta, err := metadata.Load(*md)
	if err != nil {
		c.errorf("compare", "%v", err)
		return exitFailure
	}
	doc, code := c.loadSpecOrDocs("compare", paths)
	if doc == nil {
		return code
	}
	r := compare.Compare(doc, meta)
	if *format == "json" {
		r.WriteJSON(c.stdout)
	} else {
		r.WriteText(c.stdout, *all)
	}
	return exitOK
}

// loadSpecOrDocs reads one spec file (.json, .yaml, .yml) or builds a spec
// from docs pages and folders.
func (c *ctx) loadSpecOrDocs(name string, paths []string) (*openapi3.T, int) {
	if len(paths) == 1 && isSpecFile(paths[0]) {
		data, err := os.ReadFile(paths[0])
		if err != nil {
			c.errorf(name, "cannot read %s: %v; check the path (a spec file, .yaml/.yml/.json, or docs pages and folders)", paths[0], errors.Unwrap(err))
			return nil, exitFailure
		}
		doc, err := openapi.Load(data)
		if err != nil {
			c.errorf(name, "%s: %v; is it an OpenAPI 3 document?", paths[0], err)
			return nil, exitFailure
		}
		return doc, exitOK
	}
	res, err := c.build(name, paths, spec.Options{})
	if res == nil || err != nil {
		return nil, exitFailure
	}
	return res.Doc, exitOK
}

func isSpecFile(p string) bool {
	l := strings.ToLower(p)
	return strings.HasSuffix(l, ".json") || strings.HasSuffix(l, ".yaml") || strings.HasSuffix(l, ".yml")
}
