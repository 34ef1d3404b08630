// Package metadata reads Microsoft Graph's service metadata, the reference
// graphdoc's specs are compared with: a CSDL/EDMX document ($metadata,
// msgraph-metadata's schemas/*.csdl), or the type-mappings JSON files of
// msgraph-metadata (schemas/type-mappings/*-{entity,complex,enum}-types.json).
//
// CSDL carries everything; type-mappings carry only names (no base types,
// no property types), and Metadata says which it has.
package metadata

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Metadata is the service's view of the types.
type Metadata struct {
	Source string
	// Types maps a qualified name (microsoft.graph.user) to its type.
	Types map[string]*Type
	// Enums maps a qualified name to the enum's members, in order.
	Enums map[string]*Enum
	// HasBaseTypes and HasPropertyTypes say what the source carries.
	HasBaseTypes, HasPropertyTypes bool
}

// Type is an entity or complex type.
type Type struct {
	Name   string // qualified
	Entity bool
	Base   string // qualified; "" when none or unknown
	// Props are the declared structural and navigation properties, by
	// name. The value is the property's type in CSDL spelling
	// (Edm.String, Collection(microsoft.graph.x)), "" when unknown.
	Props map[string]string
	Nav   map[string]bool // which of Props are navigation properties
}

// Enum is an enumeration.
type Enum struct {
	Name    string
	Members []string
	Flags   bool
}

// Load reads metadata from a CSDL/EDMX file or from a folder (or one file)
// of type-mappings JSON.
func Load(path string) (*Metadata, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w; give a CSDL/EDMX file or a folder of type-mappings JSON", err)
	}
	if fi.IsDir() {
		return loadTypeMappingsDir(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		md := newMetadata(path)
		if err := md.addTypeMappings(filepath.Base(path), data); err != nil {
			return nil, err
		}
		return md, nil
	}
	return ParseCSDL(path, data)
}

func newMetadata(src string) *Metadata {
	return &Metadata{Source: src, Types: map[string]*Type{}, Enums: map[string]*Enum{}}
}

// TypeNames returns the qualified type names, sorted.
func (m *Metadata) TypeNames() []string {
	out := make([]string, 0, len(m.Types))
	for n := range m.Types {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Ancestors returns the base-type chain of t, nearest first, stopping at a
// cycle or an unknown base.
func (m *Metadata) Ancestors(t *Type) []*Type {
	var out []*Type
	seen := map[string]bool{t.Name: true}
	for b := t.Base; b != "" && !seen[b]; {
		bt := m.Types[b]
		if bt == nil {
			break
		}
		seen[b] = true
		out = append(out, bt)
		b = bt.Base
	}
	return out
}

// Index finds types and enums by name case-insensitively.
type Index struct {
	types map[string][]string // lower short name -> qualified names
	enums map[string][]string
	md    *Metadata
}

// NewIndex indexes md by lower-cased short name.
func NewIndex(md *Metadata) *Index {
	ix := &Index{types: map[string][]string{}, enums: map[string][]string{}, md: md}
	for n := range md.Types {
		k := strings.ToLower(short(n))
		ix.types[k] = append(ix.types[k], n)
	}
	for n := range md.Enums {
		k := strings.ToLower(short(n))
		ix.enums[k] = append(ix.enums[k], n)
	}
	for _, m := range []map[string][]string{ix.types, ix.enums} {
		for k := range m {
			sort.Strings(m[k])
		}
	}
	return ix
}

// Type finds the metadata type for a qualified name: the same namespace
// first (case-insensitively), then microsoft.graph, then any namespace.
func (ix *Index) Type(name string) *Type {
	q := ix.pick(ix.types[strings.ToLower(short(name))], name)
	if q == "" {
		return nil
	}
	return ix.md.Types[q]
}

// Enum finds the metadata enum for a qualified name, the same way.
func (ix *Index) Enum(name string) *Enum {
	q := ix.pick(ix.enums[strings.ToLower(short(name))], name)
	if q == "" {
		return nil
	}
	return ix.md.Enums[q]
}

func (ix *Index) pick(cands []string, name string) string {
	if len(cands) == 0 {
		return ""
	}
	for _, pref := range []string{name, "microsoft.graph." + short(name)} {
		for _, c := range cands {
			if strings.EqualFold(c, pref) {
				return c
			}
		}
	}
	return cands[0]
}

// short returns the part of a qualified name after the last dot.
func short(q string) string {
	if i := strings.LastIndexByte(q, '.'); i >= 0 {
		return q[i+1:]
	}
	return q
}
