package compare

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/graphdoc/graphdoc/internal/metadata"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
)

// compareType compares one documented type.
func (r *Report) compareType(t *docType, all map[string]*docType, ix *metadata.Index, md *metadata.Metadata) {
	tr := TypeReport{Name: t.name, Source: t.source}
	r.Totals.DocTypes++
	mt := ix.Type(t.name)
	if mt == nil {
		r.Types = append(r.Types, tr)
		return
	}
	r.Totals.TypesFound++
	tr.Metadata = mt.Name
	entity := t.entity || mt.Entity
	// documented ancestors, and the metadata types they match
	var docAnc []*docType
	seen := map[string]bool{t.name: true}
	for b := t.base; b != "" && !seen[b]; {
		seen[b] = true
		bt := all[b]
		if bt == nil {
			break
		}
		docAnc = append(docAnc, bt)
		entity = entity || bt.entity
		b = bt.base
	}
	// precision: every documented property of t, in t's metadata type or
	// in the metadata types of its ancestors (the docs' or the metadata's)
	known := map[string]bool{}
	for p := range mt.Props {
		known[p] = true
	}
	for _, a := range docAnc {
		if am := ix.Type(a.name); am != nil {
			for p := range am.Props {
				known[p] = true
			}
		}
	}
	for _, a := range md.Ancestors(mt) {
		for p := range a.Props {
			known[p] = true
		}
	}
	if entity {
		known["id"] = true
	}
	for _, p := range t.order {
		r.Totals.DocProps++
		if known[p] {
			r.Totals.DocPropsInMetadata++
		} else {
			tr.NotInMetadata = append(tr.NotInMetadata, p)
		}
	}
	// recall: the metadata's declared properties, in the docs' type or
	// its documented ancestors
	documented := map[string]*openapi3.Schema{}
	for _, a := range append([]*docType{t}, docAnc...) {
		for p, s := range a.props {
			if _, ok := documented[p]; !ok {
				documented[p] = s
			}
		}
	}
	var metaProps []string
	for p := range mt.Props {
		metaProps = append(metaProps, p)
	}
	sort.Strings(metaProps)
	for _, p := range metaProps {
		r.Totals.MetaProps++
		s, ok := documented[p]
		if !ok {
			tr.NotDocumented = append(tr.NotDocumented, p)
			continue
		}
		r.Totals.MetaPropsDocumented++
		if md.HasPropertyTypes && mt.Props[p] != "" {
			r.Totals.TypedProps++
			if got := edmType(s); sameType(got, mt.Props[p]) {
				r.Totals.TypesAgree++
			} else {
				tr.TypeDiffs = append(tr.TypeDiffs, p+": doc "+got+", metadata "+mt.Props[p])
			}
		}
	}
	if md.HasBaseTypes {
		r.Totals.BasesCompared++
		if strings.EqualFold(short(t.base), short(mt.Base)) {
			r.Totals.BasesAgree++
		} else {
			tr.DocBase, tr.MetaBase = t.base, mt.Base
		}
	}
	r.Types = append(r.Types, tr)
}

// compareEnum compares one documented enum.
func (r *Report) compareEnum(name string, s *openapi3.Schema, ix *metadata.Index) {
	src := ext.Source(s.Extensions)
	er := EnumReport{Name: name, Source: src}
	r.Totals.DocEnums++
	me := ix.Enum(name)
	if me == nil {
		r.Enums = append(r.Enums, er)
		return
	}
	r.Totals.EnumsFound++
	er.Metadata = me.Name
	have := map[string]bool{}
	for _, m := range me.Members {
		have[m] = true
	}
	doc := map[string]bool{}
	for _, v := range s.Enum {
		m, _ := v.(string)
		doc[m] = true
		r.Totals.DocMembers++
		if have[m] {
			r.Totals.DocMembersInMetadata++
		} else {
			er.NotInMetadata = append(er.NotInMetadata, m)
		}
	}
	for _, m := range me.Members {
		r.Totals.MetaMembers++
		if doc[m] {
			r.Totals.MetaMembersDocumented++
		} else {
			er.NotDocumented = append(er.NotDocumented, m)
		}
	}
	r.Enums = append(r.Enums, er)
}

// edmType renders a property schema in CSDL type spelling.
func edmType(s *openapi3.Schema) string {
	if s == nil {
		return "?"
	}
	if len(s.AllOf) == 1 && s.AllOf[0].Ref != "" {
		return strings.TrimPrefix(s.AllOf[0].Ref, "#/components/schemas/")
	}
	if s.Type != nil && s.Type.Is("array") && s.Items != nil {
		if s.Items.Ref != "" {
			return "Collection(" + strings.TrimPrefix(s.Items.Ref, "#/components/schemas/") + ")"
		}
		return "Collection(" + edmType(s.Items.Value) + ")"
	}
	if len(s.Enum) > 0 {
		return "Edm.String"
	}
	switch {
	case s.Type == nil:
		return "?"
	case s.Type.Is("string"):
		return map[string]string{"": "Edm.String", "date-time": "Edm.DateTimeOffset", "date": "Edm.Date", "time": "Edm.TimeOfDay",
			"duration": "Edm.Duration", "uuid": "Edm.Guid", "byte": "Edm.Binary", "binary": "Edm.Stream"}[s.Format]
	case s.Type.Is("boolean"):
		return "Edm.Boolean"
	case s.Type.Is("integer"):
		return map[string]string{"int32": "Edm.Int32", "int64": "Edm.Int64", "int16": "Edm.Int16", "uint8": "Edm.Byte", "int8": "Edm.SByte", "": "Edm.Int32"}[s.Format]
	case s.Type.Is("number"):
		return map[string]string{"double": "Edm.Double", "float": "Edm.Single", "decimal": "Edm.Decimal", "": "Edm.Double"}[s.Format]
	case s.Type.Is("object"):
		return "microsoft.graph.Json"
	}
	return "?"
}

// sameType compares a documented type with a CSDL type: primitives
// exactly (case-insensitively), named types by short name, collections on
// both sides.
func sameType(doc, meta string) bool {
	dc, mc := strings.HasPrefix(doc, "Collection("), strings.HasPrefix(meta, "Collection(")
	if dc != mc {
		return false
	}
	doc = strings.TrimSuffix(strings.TrimPrefix(doc, "Collection("), ")")
	meta = strings.TrimSuffix(strings.TrimPrefix(meta, "Collection("), ")")
	if strings.HasPrefix(meta, "Edm.") || strings.HasPrefix(doc, "Edm.") {
		return strings.EqualFold(doc, meta)
	}
	return strings.EqualFold(short(doc), short(meta))
}

func short(q string) string {
	if i := strings.LastIndexByte(q, '.'); i >= 0 {
		return q[i+1:]
	}
	return q
}
