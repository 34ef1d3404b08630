package page

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
)

// placeholders are the type-name values the docs put in JSON instead of
// data ("String", "String (timestamp)" ...).
var placeholders = map[string]bool{
	"String": true, "string": true, "String (identifier)": true, "String (timestamp)": true,
	"String (ISO 8601 duration)": true, "String (duration)": true, "String (time of day)": true,
	"String (date)": true, "Boolean": true, "Binary": true, "binary": true, "Date": true,
	"Guid": true, "GUID": true, "Int32": true, "Int64": true, "Double": true, "DateTimeOffset": true,
	"String (url)": true, "Stream": true,
}

// IsPlaceholder reports whether a JSON string value is a type placeholder.
func IsPlaceholder(v string) bool { return placeholders[v] }

// DecodeExample decodes an example body, repairing the usual defects
// (trailing commas, `//` comments, `...` lines). strict is false when
// repairs were needed; ok is false when the body is not JSON even then.
func DecodeExample(body string) (v any, strict, ok bool) {
	if v, ok := decodeJSON(body); ok {
		return v, true, true
	}
	if v, ok := decodeJSON(repairExample(body)); ok {
		return v, false, true
	}
	return nil, false, false
}

var dotsLine = regexp.MustCompile(`(?m)^\s*(\.\.\.|…)\s*,?\s*$`)

// repairExample removes // comments outside strings, `...` lines and
// trailing commas.
func repairExample(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if in {
			b.WriteByte(c)
			if c == '\\' && i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else if c == '"' {
				in = false
			}
			continue
		}
		if c == '"' {
			in = true
		}
		if c == '/' && i+1 < len(s) && s[i+1] == '/' {
			for i < len(s) && s[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
			continue
		}
		b.WriteByte(c)
	}
	out := dotsLine.ReplaceAllString(b.String(), "")
	return trailingComma.ReplaceAllString(out, "$1")
}

// checkPlaceholders checks the page's example bodies: placeholder values
// instead of data, and @odata.type values from another namespace.
func (p *Page) checkPlaceholders() {
	if p.API == nil {
		return
	}
	ns := p.Namespace.Text
	if ns == "" {
		ns = "microsoft.graph"
	}
	for _, ex := range p.API.Examples {
		body := strings.TrimSpace(ex.Message.Body)
		if body == "" || (body[0] != '{' && body[0] != '[') {
			continue
		}
		bodyOff := ex.Block.ContentOff + ex.Message.BodyOff
		v, strict, ok := DecodeExample(ex.Message.Body)
		if !ok {
			p.addDiag(bodyOff, diag.ExampleJSON, "example %s body is not JSON, even after removing trailing commas and comments", roleName(ex.Role))
			continue
		}
		if !strict {
			p.addDiag(bodyOff, diag.ExampleJSON, "example %s body is not strict JSON (trailing commas, comments or `...`); it was read after repairs", roleName(ex.Role))
		}
		ex.Value = v
		var found []string
		var odata []string
		firstAt := -1
		walkJSON(v, make([]byte, 0, 64), func(path []byte, s string) {
			if placeholders[s] {
				found = append(found, string(path)+` "`+s+`"`)
				if i := strings.Index(ex.Message.Body, `"`+s+`"`); i >= 0 && (firstAt < 0 || i < firstAt) {
					firstAt = i
				}
			}
			if bytes.HasSuffix(path, []byte("@odata.type")) {
				odata = append(odata, s)
			}
		})
		if len(found) > 0 {
			off := bodyOff + max(0, firstAt)
			shown := found
			if len(shown) > 3 {
				shown = append(slices.Clip(shown[:3]), "...")
			}
			p.addDiag(off, diag.PlaceholderExample, "example %s holds %d placeholder value(s) instead of real data: %s", roleName(ex.Role), len(found), strings.Join(shown, ", "))
		}
		for _, t := range odata {
			name := strings.TrimPrefix(t, "#")
			i := strings.LastIndexByte(name, '.')
			if i <= 0 || strings.HasPrefix(LowerASCII(name), "collection(") {
				continue
			}
			tns := name[:i]
			if !strings.EqualFold(tns, ns) && !strings.EqualFold(tns, "microsoft.graph") && !strings.HasPrefix(LowerASCII(tns), "microsoft.graph.") {
				off := bodyOff + max(0, strings.Index(ex.Message.Body, t))
				p.addDiag(off, diag.ODataTypeMismatch, "example %s's @odata.type %q is in namespace %s, but the page documents %s", roleName(ex.Role), t, tns, ns)
			}
		}
	}
}

func roleName(r ExampleRole) string {
	if r == RoleRequest {
		return "request"
	}
	return "response"
}

// walkJSON calls fn for every string leaf with its JSON path (a.b[0].c),
// in key order. The path is built in one buffer as the walk goes, and is
// valid only during the call.
func walkJSON(v any, path []byte, fn func(path []byte, s string)) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := path
			if len(p) > 0 {
				p = append(p, '.')
			}
			walkJSON(v[k], append(p, k...), fn)
		}
	case []any:
		for i, e := range v {
			p := append(path, '[')
			p = strconv.AppendInt(p, int64(i), 10)
			walkJSON(e, append(p, ']'), fn)
		}
	case string:
		fn(path, v)
	}
}
