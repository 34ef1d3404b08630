package page

import (
	"bytes"
	"strings"
)

// TypeExpr is a Type cell read as a type: a primitive, a named type (link
// text or bare name, maybe namespace-qualified), or a collection of either.
type TypeExpr struct {
	Raw string // the cell as written
	// Name is the canonical primitive name (String, Int32, DateTimeOffset,
	// Json ...) when Primitive is set, else the type name as written.
	Name       string
	Primitive  bool
	Collection bool
	Link       string   // link destination, if the name was a link
	Alt        []string // further alternatives of an `[A] or [B]` union
	EnumHint   bool     // written as `x enum`
	OK         bool     // false when the cell could not be read as a type
}

// primitives maps the lower-cased spellings found in Type cells (with any
// "Edm." prefix removed) to canonical primitive names.
var primitives = map[string]string{
	"string": "String", "str": "String", "url": "String", "uri": "String",
	"boolean": "Boolean", "bool": "Boolean",
	"int32": "Int32", "int": "Int32", "integer": "Int32",
	"int64": "Int64", "long": "Int64",
	"int16": "Int16", "short": "Int16",
	"byte": "Byte", "sbyte": "SByte",
	"double": "Double", "number": "Double", "float": "Double", "numeric": "Double",
	"single":         "Single",
	"decimal":        "Decimal",
	"datetimeoffset": "DateTimeOffset", "datetime": "DateTimeOffset", "timestamp": "DateTimeOffset",
	"date":      "Date",
	"timeofday": "TimeOfDay", "time": "TimeOfDay",
	"duration": "Duration", "timespan": "Duration",
	"guid": "Guid", "uuid": "Guid",
	"binary": "Binary",
	"stream": "Stream",
	"json":   "Json", "json object": "Json", "untyped json object": "Json", "object": "Json",
}

// Primitives lists the canonical primitive names ParseType produces.
var Primitives = []string{
	"String", "Boolean", "Int32", "Int64", "Int16", "Byte", "SByte", "Double", "Single",
	"Decimal", "DateTimeOffset", "Date", "TimeOfDay", "Duration", "Guid", "Binary", "Stream", "Json",
}

// PrimitiveName returns the canonical primitive for a spelling such as
// "string", "Edm.Int32" or "GUID".
func PrimitiveName(s string) (string, bool) {
	var buf [32]byte
	k := appendLower(buf[:0], strings.TrimSpace(s))
	k = bytes.TrimPrefix(k, []byte("edm."))
	p, ok := primitives[string(k)]
	return p, ok
}

// typeCellReplacer removes the invisible characters of Type cells.
var typeCellReplacer = strings.NewReplacer("&nbsp;", " ", "\u00a0", " ", "\u200b", "")

// ParseType reads a Type cell. refs resolves reference-style links.
func ParseType(raw string, refs map[string]string) TypeExpr {
	t := TypeExpr{Raw: raw}
	s := strings.TrimSpace(raw)
	s = typeCellReplacer.Replace(s)
	s = strings.TrimSpace(s)
	s = stripWrap(s)
	// "(Optional) String", "String (optional)", "string (url)"
	for {
		if hasPrefixFold(s, "(optional)") {
			s = strings.TrimSpace(s[len("(optional)"):])
			continue
		}
		if strings.HasSuffix(s, ")") && !hasPrefixFold(s, "collection(") {
			if i := strings.LastIndex(s, " ("); i > 0 && !strings.Contains(s[i:], "](") {
				s = strings.TrimSpace(s[:i])
				continue
			}
		}
		break
	}
	s = stripWrap(s)
	switch {
	case hasPrefixFold(s, "collection(") && strings.HasSuffix(s, ")"):
		t.Collection = true
		s = s[len("collection(") : len(s)-1]
	case hasPrefixFold(s, "collection of "):
		t.Collection = true
		s = s[len("collection of "):]
	default:
		if i := indexFold(s, " collection"); i > 0 {
			t.Collection = true
			s = s[:i]
		}
	}
	s = stripWrap(strings.TrimSpace(s))
	for _, suf := range []string{" enum", " resource", " object", " type"} {
		if hasSuffixFold(s, suf) && !hasSuffixFold(s, "json object") {
			t.EnumHint = suf == " enum"
			s = strings.TrimSpace(s[:len(s)-len(suf)])
		}
	}
	if strings.Contains(s, "[") {
		links := Links(s, refs)
		if len(links) > 0 {
			t.Name = strings.TrimSpace(links[0].Text)
			t.Link = links[0].Dest
			for _, ln := range links[1:] {
				if containsFold(s[links[0].End:ln.At], "or") {
					t.Alt = append(t.Alt, strings.TrimSpace(ln.Text))
				}
			}
			return t.finish()
		}
	}
	// ", maximum size 20" and other prose after a comma
	if i := strings.IndexByte(s, ','); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	t.Name = Plain(s)
	return t.finish()
}

// finish canonicalises primitives and checks that the name is a name.
func (t TypeExpr) finish() TypeExpr {
	t.Name = strings.Trim(t.Name, " .:*`")
	if p, ok := PrimitiveName(t.Name); ok {
		t.Name, t.Primitive, t.OK = p, true, true
		return t
	}
	t.Name = strings.TrimPrefix(t.Name, "#")
	t.OK = isTypeName(t.Name)
	return t
}

// isTypeName reports whether s looks like a (maybe qualified) type name.
func isTypeName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
		case (r >= '0' && r <= '9') || r == '.':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return !strings.HasSuffix(s, ".") && !strings.Contains(s, "..")
}

// stripWrap removes wrapping backticks, bold and italics markers.
func stripWrap(s string) string {
	for {
		n := len(s)
		for _, w := range []string{"**", "__", "`", "*", "_"} {
			if len(s) > 2*len(w) && strings.HasPrefix(s, w) && strings.HasSuffix(s, w) {
				s = strings.TrimSpace(s[len(w) : len(s)-len(w)])
			}
		}
		if len(s) == n {
			return s
		}
	}
}
