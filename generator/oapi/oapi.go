// Package oapi wraps oapi-codegen v2 used as a library: it writes the
// models (structs, enums, the types of operations' parameters), from a
// document Prepare makes out of the IR, with graphdoc's template
// overrides; names.go holds every oapi-codegen convention graphdoc relies
// on.
//
// oapi-codegen keeps package-level state and mutates the document it is
// given, so Generate serialises calls and must be handed a document that
// nothing else uses.
package oapi

import (
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// mu serialises codegen.Generate, which keeps package-level state.
var mu sync.Mutex

// version is what oapi-codegen would put in its header; graphdoc's own
// imports.tmpl override does not print it, but pinning it keeps the
// build's VCS stamp out of every code path.
var version = "graphdoc"

// Generate runs oapi-codegen on doc (which it mutates) and returns the
// models of package pkg as one Go source file: the structs, enums and the
// types of operations' parameters and bodies. Clients, servers and the
// rest are graphdoc's own (generator/codec), smaller than oapi-codegen's.
func Generate(doc *openapi3.T, pkg string) (string, error) {
	overrides, err := Overrides()
	if err != nil {
		return "", fmt.Errorf("oapi: load template overrides: %w", err)
	}
	cfg := codegen.Configuration{
		PackageName: pkg,
		Generate: codegen.GenerateOptions{
			Models: true,
		},
		OutputOptions: codegen.OutputOptions{
			UserTemplates: overrides,
			SkipPrune:     true,
			// Edm.Decimal is a number with format decimal: keep its
			// precision in a float64, not oapi-codegen's default float32.
			TypeMapping: &codegen.TypeMapping{Number: codegen.FormatMapping{
				Formats: map[string]codegen.SimpleTypeSpec{"decimal": {Type: "float64"}},
			}},
		},
		// Pinned so that an oapi-codegen upgrade cannot silently reshape
		// users' code: enum constants always carry their type's name
		// (UserPfxPaddingSchemeOaepSha256), as Graph's enums share member
		// names everywhere (none, unknownFutureValue).
		Compatibility:        codegen.CompatibilityOptions{AlwaysPrefixEnumValues: true},
		NoVCSVersionOverride: &version,
	}
	cfg = cfg.UpdateDefaults()
	if err := cfg.Validate(); err != nil {
		return "", fmt.Errorf("oapi: configuration: %w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	code, err := codegen.Generate(doc, cfg)
	if err != nil {
		return "", fmt.Errorf("oapi-codegen: %w", err)
	}
	return code, nil
}
