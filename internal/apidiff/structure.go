package apidiff

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// compareOperations compares operations by method and path: parameters,
// request body schema, response statuses and schemas, and permissions.
func compareOperations(base, rev *openapi3.T) Section {
	b, r := operations(base), operations(rev)
	var s Section
	for _, k := range sortedKeys(b) {
		if _, ok := r[k]; !ok {
			s.Removed = append(s.Removed, k)
		}
	}
	for _, k := range sortedKeys(r) {
		bo, ok := b[k]
		if !ok {
			s.Added = append(s.Added, k)
			continue
		}
		if d := operationDetails(bo, r[k]); len(d) > 0 {
			s.Changed = append(s.Changed, Changed{Name: k, Details: d})
		}
	}
	sortOps(s.Added)
	sortOps(s.Removed)
	slices.SortFunc(s.Changed, func(a, b Changed) int { return compareOpKeys(a.Name, b.Name) })
	return s
}

// operations maps "METHOD /path" to each operation.
func operations(doc *openapi3.T) map[string]*openapi3.Operation {
	out := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if len(item.Parameters) > 0 {
				c := *op // path-level parameters apply to every operation
				c.Parameters = append(slices.Clone(item.Parameters), op.Parameters...)
				op = &c
			}
			out[strings.ToUpper(method)+" "+path] = op
		}
	}
	return out
}

// sortOps orders operation keys by path, then method.
func sortOps(keys []string) { slices.SortFunc(keys, compareOpKeys) }

func compareOpKeys(a, b string) int {
	am, ap, _ := strings.Cut(a, " ")
	bm, bp, _ := strings.Cut(b, " ")
	if c := strings.Compare(ap, bp); c != 0 {
		return c
	}
	return strings.Compare(methodRank(am)+am, methodRank(bm)+bm)
}

func methodRank(m string) string {
	switch m {
	case "GET":
		return "0"
	case "POST":
		return "1"
	case "PUT":
		return "2"
	case "PATCH":
		return "3"
	case "DELETE":
		return "4"
	}
	return "5"
}

func operationDetails(b, r *openapi3.Operation) []string {
	var out []string
	// parameters
	bp, rp := params(b), params(r)
	for _, k := range sortedKeys(bp) {
		if _, ok := rp[k]; !ok {
			out = append(out, "parameter `"+k+"` removed")
		}
	}
	for _, k := range sortedKeys(rp) {
		old, ok := bp[k]
		switch {
		case !ok:
			out = append(out, "parameter `"+k+"` added")
		case old.Required != rp[k].Required && rp[k].Required:
			out = append(out, "parameter `"+k+"` became required")
		case old.Required != rp[k].Required:
			out = append(out, "parameter `"+k+"` became optional")
		}
		if ok {
			if o, n := describe(old.Schema), describe(rp[k].Schema); o != n {
				out = append(out, fmt.Sprintf("parameter `%s` type `%s` → `%s`", k, o, n))
			}
		}
	}
	// request body
	bb, rb := bodies(b.RequestBody), bodies(r.RequestBody)
	out = append(out, contentDetails("request body", bb, rb)...)
	// responses
	bs, rs := responses(b), responses(r)
	for _, code := range sortedKeys(bs) {
		if _, ok := rs[code]; !ok {
			out = append(out, "response `"+code+"` removed")
		}
	}
	for _, code := range sortedKeys(rs) {
		old, ok := bs[code]
		if !ok {
			out = append(out, "response `"+code+"` added")
			continue
		}
		out = append(out, contentDetails("response `"+code+"`", old, rs[code])...)
	}
	// permissions
	bsec, rsec := scopes(b), scopes(r)
	for _, scheme := range sortedKeys(union(bsec, rsec)) {
		var added, removed []string
		for _, s := range rsec[scheme] {
			if !slices.Contains(bsec[scheme], s) {
				added = append(added, s)
			}
		}
		for _, s := range bsec[scheme] {
			if !slices.Contains(rsec[scheme], s) {
				removed = append(removed, s)
			}
		}
		if len(added) > 0 {
			out = append(out, fmt.Sprintf("%s permissions added: `%s`", scheme, strings.Join(added, "`, `")))
		}
		if len(removed) > 0 {
			out = append(out, fmt.Sprintf("%s permissions removed: `%s`", scheme, strings.Join(removed, "`, `")))
		}
	}
	return out
}

// params maps "name (in)" to each parameter.
func params(op *openapi3.Operation) map[string]*openapi3.Parameter {
	out := map[string]*openapi3.Parameter{}
	for _, p := range op.Parameters {
		if p == nil || p.Value == nil {
			continue
		}
		out[fmt.Sprintf("%s (%s)", p.Value.Name, p.Value.In)] = p.Value
	}
	return out
}

// bodies maps a request body's media types to their schema descriptions;
// nil when there is no body.
func bodies(rb *openapi3.RequestBodyRef) map[string]string {
	if rb == nil || rb.Value == nil {
		return nil
	}
	return content(rb.Value.Content)
}

func content(c openapi3.Content) map[string]string {
	out := map[string]string{}
	for mt, m := range c {
		if m == nil {
			continue
		}
		out[mt] = describe(m.Schema)
	}
	return out
}

// responses maps each status to its media types and schema descriptions.
func responses(op *openapi3.Operation) map[string]map[string]string {
	out := map[string]map[string]string{}
	if op.Responses == nil {
		return out
	}
	for code, r := range op.Responses.Map() {
		m := map[string]string{}
		if r != nil && r.Value != nil {
			m = content(r.Value.Content)
		}
		out[code] = m
	}
	return out
}

// contentDetails compares two bodies (nil: none).
func contentDetails(what string, b, r map[string]string) []string {
	switch {
	case b == nil && r == nil:
		return nil
	case b == nil:
		return []string{what + " added"}
	case r == nil:
		return []string{what + " removed"}
	}
	var out []string
	for _, mt := range sortedKeys(b) {
		if _, ok := r[mt]; !ok {
			out = append(out, fmt.Sprintf("%s: `%s` removed", what, mt))
		}
	}
	for _, mt := range sortedKeys(r) {
		old, ok := b[mt]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s: `%s` added", what, mt))
		case old != r[mt]:
			out = append(out, fmt.Sprintf("%s schema `%s` → `%s`", what, old, r[mt]))
		}
	}
	return out
}

// scopes lists an operation's scopes per security scheme, sorted.
func scopes(op *openapi3.Operation) map[string][]string {
	out := map[string][]string{}
	if op.Security == nil {
		return out
	}
	for _, req := range *op.Security {
		for scheme, ss := range req {
			for _, s := range ss {
				if !slices.Contains(out[scheme], s) {
					out[scheme] = append(out[scheme], s)
				}
			}
		}
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}

// compareSchemas compares component schemas by name: base type,
// properties (added, removed, type changed, required), enum members.
func compareSchemas(base, rev *openapi3.T) Section {
	b, r := base.Components.Schemas, rev.Components.Schemas
	var s Section
	for _, k := range sortedKeys(b) {
		if _, ok := r[k]; !ok {
			s.Removed = append(s.Removed, k)
		}
	}
	for _, k := range sortedKeys(r) {
		old, ok := b[k]
		if !ok {
			s.Added = append(s.Added, k)
			continue
		}
		if d := schemaDetails(old, r[k]); len(d) > 0 {
			s.Changed = append(s.Changed, Changed{Name: k, Details: d})
		}
	}
	return s
}

func schemaDetails(bref, rref *openapi3.SchemaRef) []string {
	if bref == nil || rref == nil || bref.Value == nil || rref.Value == nil {
		return nil
	}
	b, r := bref.Value, rref.Value
	var out []string
	if ob, nb := bases(b), bases(r); !slices.Equal(ob, nb) {
		out = append(out, fmt.Sprintf("base type `%s` → `%s`", orNone(ob), orNone(nb)))
	}
	if len(b.Enum) > 0 || len(r.Enum) > 0 {
		out = append(out, enumDetails("", b.Enum, r.Enum)...)
	}
	bp, rp := properties(b), properties(r)
	breq, rreq := required(b), required(r)
	for _, name := range sortedKeys(bp) {
		if _, ok := rp[name]; !ok {
			out = append(out, fmt.Sprintf("property `%s` removed (was `%s`)", name, describe(bp[name])))
		}
	}
	for _, name := range sortedKeys(rp) {
		old, ok := bp[name]
		if !ok {
			out = append(out, fmt.Sprintf("property `%s` added (`%s`)", name, describe(rp[name])))
			continue
		}
		if o, n := describe(old), describe(rp[name]); o != n {
			out = append(out, fmt.Sprintf("property `%s` type `%s` → `%s`", name, o, n))
		}
		if old.Value != nil && rp[name].Value != nil && old.Ref == "" && rp[name].Ref == "" {
			out = append(out, enumDetails("property `"+name+"`: ", old.Value.Enum, rp[name].Value.Enum)...)
		}
		switch {
		case !breq[name] && rreq[name]:
			out = append(out, "property `"+name+"` became required")
		case breq[name] && !rreq[name]:
			out = append(out, "property `"+name+"` became optional")
		}
	}
	return out
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func enumDetails(prefix string, b, r []any) []string {
	bs, rs := strs(b), strs(r)
	var out []string
	for _, m := range rs {
		if !slices.Contains(bs, m) {
			out = append(out, prefix+"enum member `"+m+"` added")
		}
	}
	for _, m := range bs {
		if !slices.Contains(rs, m) {
			out = append(out, prefix+"enum member `"+m+"` removed")
		}
	}
	return out
}

func strs(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprint(v)
	}
	return out
}

// bases lists the schemas a schema's allOf refers to: its base types.
func bases(s *openapi3.Schema) []string {
	var out []string
	for _, m := range s.AllOf {
		if m != nil && m.Ref != "" {
			out = append(out, refName(m.Ref))
		}
	}
	return out
}

// properties collects a schema's own properties, including those of its
// inline allOf members (graphdoc writes a derived type as allOf: [base,
// {properties}]).
func properties(s *openapi3.Schema) map[string]*openapi3.SchemaRef {
	out := map[string]*openapi3.SchemaRef{}
	for k, v := range s.Properties {
		out[k] = v
	}
	for _, m := range s.AllOf {
		if m == nil || m.Ref != "" || m.Value == nil {
			continue
		}
		for k, v := range m.Value.Properties {
			out[k] = v
		}
	}
	return out
}

func required(s *openapi3.Schema) map[string]bool {
	out := map[string]bool{}
	for _, r := range s.Required {
		out[r] = true
	}
	for _, m := range s.AllOf {
		if m != nil && m.Ref == "" && m.Value != nil {
			for _, r := range m.Value.Required {
				out[r] = true
			}
		}
	}
	return out
}

// describe names a schema briefly: a referenced schema by name, an array
// by its items, a primitive by type and format.
func describe(ref *openapi3.SchemaRef) string {
	if ref == nil {
		return "none"
	}
	if ref.Ref != "" {
		return refName(ref.Ref)
	}
	s := ref.Value
	if s == nil {
		return "any"
	}
	if len(s.AllOf) == 1 && len(s.Properties) == 0 {
		return describe(s.AllOf[0])
	}
	var d string
	switch {
	case s.Type.Is("array"):
		return "array of " + describe(s.Items)
	case s.Type != nil && len(*s.Type) > 0:
		d = strings.Join(*s.Type, "|")
	case len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0:
		d = "composed"
	default:
		d = "any"
	}
	if s.Format != "" {
		d += " (" + s.Format + ")"
	}
	if len(s.Enum) > 0 {
		d += " enum"
	}
	return d
}

// refName is the last segment of a local $ref.
func refName(ref string) string {
	return ref[strings.LastIndex(ref, "/")+1:]
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func union[V any](a, b map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
