package model

import (
	"slices"
	"strings"
)

// Slice keeps the operations keep accepts, the types and enums defined on
// the pages rootPage accepts (when it is not nil), and every type and enum
// those reference, transitively: property types, base types, and the types
// derived from a kept type (a response typed with a base type may hold any
// of them; the discriminator mapping references them). Nothing else is
// kept. The API is changed in place and returned.
func Slice(api *API, keep func(*Operation) bool, rootPage func(page string) bool) *API {
	types := map[string]*Type{}
	for _, t := range api.Types {
		types[t.Name] = t
	}
	enums := map[string]*Enum{}
	for _, e := range api.Enums {
		enums[e.Name] = e
	}
	keptTypes, keptEnums := map[string]bool{}, map[string]bool{}
	var queue []string
	ref := func(r *TypeRef) {
		if r == nil {
			return
		}
		switch r.Kind {
		case RefType:
			if !keptTypes[r.Name] {
				keptTypes[r.Name] = true
				queue = append(queue, r.Name)
			}
		case RefEnum:
			keptEnums[r.Name] = true
		}
	}
	ops := api.Operations[:0:0]
	for _, op := range api.Operations {
		if !keep(op) {
			continue
		}
		ops = append(ops, op)
		for i := range op.PathParams {
			ref(&op.PathParams[i].Type)
		}
		for i := range op.QueryParams {
			ref(&op.QueryParams[i].Type)
		}
		if op.Body != nil {
			ref(op.Body.Type)
			for _, p := range op.Body.Params {
				ref(&p.Type)
			}
		}
		ref(op.Response)
	}
	if rootPage != nil {
		for _, t := range api.Types {
			if rootPage(t.Source) {
				ref(&TypeRef{Kind: RefType, Name: t.Name})
			}
		}
		for _, e := range api.Enums {
			if rootPage(e.Source) {
				keptEnums[e.Name] = true
			}
		}
	}
	for len(queue) > 0 {
		t := types[queue[0]]
		queue = queue[1:]
		if t == nil {
			continue
		}
		for _, p := range t.Properties {
			ref(&p.Type)
		}
		if t.Base != "" {
			ref(&TypeRef{Kind: RefType, Name: t.Base})
		}
		for _, d := range t.Derived {
			ref(&TypeRef{Kind: RefType, Name: d})
		}
	}
	api.Operations = ops
	api.Types = slices.DeleteFunc(api.Types, func(t *Type) bool { return !keptTypes[t.Name] })
	api.Enums = slices.DeleteFunc(api.Enums, func(e *Enum) bool { return !keptEnums[e.Name] })
	return api
}

// HasPathPrefix reports whether path is prefix or below it, segment-wise
// (/users matches /users and /users/{user-id}, not /usersettings).
func HasPathPrefix(path, prefix string) bool {
	prefix = strings.TrimSuffix(prefix, "/")
	return path == prefix || strings.HasPrefix(path, prefix+"/") || prefix == ""
}
