// Package compare measures how faithful a graphdoc spec is to Microsoft's
// service metadata: which documented types and enums the metadata knows,
// how many documented property names and enum members it has (precision)
// and how many of its own the docs cover (recall), and, with CSDL, whether
// property types and base types agree. It is both a product feature (docs
// vs service drift, like ApiDoctor's check-metadata) and graphdoc's
// accuracy harness.
//
// The comparison reads only the OpenAPI document, as the generator does.
package compare

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/metadata"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// Report is the result of one comparison.
type Report struct {
	Metadata string // where the metadata came from
	Totals   Totals
	Types    []TypeReport // documented types, sorted by name
	Enums    []EnumReport // documented enums, sorted by name
}

// Totals are the counts behind the headline figures.
type Totals struct {
	DocTypes, TypesFound int
	// Property names on matched types: doc rows found in the metadata
	// (inheritance resolved) / doc rows; metadata declared properties
	// found in the docs / metadata declared properties.
	DocProps, DocPropsInMetadata   int
	MetaProps, MetaPropsDocumented int
	// CSDL only: property types and base types that agree.
	TypedProps, TypesAgree             int
	BasesCompared, BasesAgree          int
	DocEnums, EnumsFound               int
	DocMembers, DocMembersInMetadata   int
	MetaMembers, MetaMembersDocumented int
	// HasTypes and HasBases say whether the metadata could answer those.
	HasTypes, HasBases bool
}

// TypeReport is one documented type.
type TypeReport struct {
	Name     string // as documented (qualified)
	Metadata string // the metadata type it matched, "" when none
	Source   string // the page
	// NotInMetadata are documented properties the metadata does not have
	// (after inheritance); NotDocumented the metadata's declared properties
	// the docs lack.
	NotInMetadata, NotDocumented []string
	// TypeDiffs are "name: doc X, metadata Y" for disagreeing types.
	TypeDiffs []string
	// DocBase and MetaBase are the base types when they disagree.
	DocBase, MetaBase string
}

// EnumReport is one documented enum.
type EnumReport struct {
	Name, Metadata, Source       string
	NotInMetadata, NotDocumented []string
}

// docType is a documented type read back from the spec.
type docType struct {
	name, source, base string
	entity             bool
	props              map[string]*openapi3.Schema
	order              []string
}

// Compare compares the spec's documented types and enums with md.
func Compare(doc *openapi3.T, md *metadata.Metadata) *Report {
	r := &Report{Metadata: md.Source}
	r.Totals.HasTypes, r.Totals.HasBases = md.HasPropertyTypes, md.HasBaseTypes
	types, enums := readSpec(doc)
	ix := metadata.NewIndex(md)
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		r.compareType(types[n], types, ix, md)
	}
	enumNames := make([]string, 0, len(enums))
	for n := range enums {
		enumNames = append(enumNames, n)
	}
	sort.Strings(enumNames)
	for _, n := range enumNames {
		r.compareEnum(n, enums[n], ix)
	}
	return r
}

// readSpec reads the documented types and enums: component schemas that
// carry x-graphdoc-source and are not provisional.
func readSpec(doc *openapi3.T) (map[string]*docType, map[string]*openapi3.Schema) {
	types := map[string]*docType{}
	enums := map[string]*openapi3.Schema{}
	if doc.Components == nil {
		return types, enums
	}
	for name, ref := range doc.Components.Schemas {
		s := ref.Value
		if s == nil || ext.Provisional(s.Extensions) {
			continue
		}
		src := ext.Source(s.Extensions)
		if src == "" {
			continue
		}
		if len(s.Enum) > 0 {
			enums[name] = s
			continue
		}
		t := &docType{name: name, source: src, props: map[string]*openapi3.Schema{}}
		t.entity = ext.Key(s.Extensions) != ""
		own := s
		for _, part := range s.AllOf {
			if part.Ref != "" {
				t.base = strings.TrimPrefix(part.Ref, "#/components/schemas/")
			} else if part.Value != nil {
				own = part.Value
			}
		}
		for p, ps := range own.Properties {
			if p == "@odata.type" {
				continue
			}
			t.props[p] = ps.Value
			t.order = append(t.order, p)
		}
		sort.Strings(t.order)
		types[name] = t
	}
	return types, enums
}
