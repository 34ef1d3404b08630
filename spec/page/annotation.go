package page

import (
	"regexp"
	"strings"
)

// Annotation is the JSON inside an HTML comment, `<!-- { ... } -->`, that
// Graph pages put before code blocks (blockType, name, @odata.type...) and
// at the end of a page (the page annotation).
type Annotation struct {
	Off int
	// Raw is the JSON text as written.
	Raw string
	// Strict is true when Raw is strict JSON; Repaired when it parsed only
	// after repairs (trailing commas, unquoted keys, raw newlines); when
	// both are false the known keys were read one by one.
	Strict, Repaired bool

	BlockType    string
	Name         string
	ODataType    string // "@odata.type" (or the older "@type")
	BaseType     string
	KeyProperty  string
	Type         string // "#page.annotation" for page annotations
	Truncated    bool
	IsCollection bool
	Abstract     bool
	OpenType     bool
}

// ParseAnnotation reads the text of an HTML comment (with or without the
// `<!--` and `-->` markers). It returns nil when the comment is not a JSON
// annotation (plain text, commented-out markdown).
func ParseAnnotation(comment string, off int) *Annotation {
	s := strings.TrimSpace(comment)
	if t, ok := strings.CutPrefix(s, "<!--"); ok {
		s = t
	}
	s = strings.TrimSpace(s)
	if t, ok := strings.CutSuffix(s, "-->"); ok {
		s = t
	}
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") {
		return nil
	}
	a := &Annotation{Off: off, Raw: s}
	m, ok := decodeObject(s)
	if ok {
		a.Strict = true
	} else if m, ok = decodeObject(repairJSON(s)); ok {
		a.Repaired = true
	} else {
		m = scrapeMembers(s)
	}
	a.fill(m)
	return a
}

// decodeObject decodes a JSON object as json.Unmarshal into a
// map[string]any would.
func decodeObject(s string) (map[string]any, bool) {
	v, ok := decodeJSON(s)
	m, isObject := v.(map[string]any)
	return m, ok && isObject
}

// fill copies the known keys out of the decoded object.
func (a *Annotation) fill(m map[string]any) {
	str := func(k string) string {
		if v, ok := m[k].(string); ok {
			return strings.TrimSpace(v)
		}
		return ""
	}
	boolean := func(k string) bool {
		switch v := m[k].(type) {
		case bool:
			return v
		case string:
			return strings.EqualFold(strings.TrimSpace(v), "true")
		}
		return false
	}
	a.BlockType = LowerASCII(str("blockType"))
	a.Name = str("name")
	if a.Name == "" {
		a.Name = str("id")
	}
	a.ODataType = str("@odata.type")
	if a.ODataType == "" {
		a.ODataType = str("@type")
	}
	a.BaseType = str("baseType")
	a.KeyProperty = str("keyProperty")
	a.Type = str("type")
	a.Truncated = boolean("truncated")
	a.IsCollection = boolean("isCollection")
	a.Abstract = boolean("abstract") || boolean("isAbstract")
	a.OpenType = boolean("openType")
}

var (
	trailingComma = regexp.MustCompile(`,(\s*[}\]])`)
	unquotedKey   = regexp.MustCompile(`([{,]\s*)([A-Za-z_@][\w.@]*)(\s*:)`)
	memberRe      = regexp.MustCompile(`"([@\w.]+)"\s*:\s*("(?:[^"\\\n]|\\.)*"|true|false|null|-?\d+)`)
)

// repairJSON fixes the ways annotation JSON is usually broken: trailing
// commas, unquoted keys and raw newlines inside strings.
func repairJSON(s string) string {
	// text after the object: `{ ... } // Note: removing this line ...`
	if i := strings.LastIndexByte(s, '}'); i >= 0 && strings.TrimSpace(s[i+1:]) != "" {
		s = s[:i+1]
	}
	s = trailingComma.ReplaceAllString(s, "$1")
	s = unquotedKey.ReplaceAllString(s, `$1"$2"$3`)
	// raw newlines inside strings: join lines that end inside a string
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && in && i+1 < len(s):
			b.WriteByte(c)
			i++
			b.WriteByte(s[i])
			continue
		case c == '"':
			in = !in
		case (c == '\n' || c == '\r' || c == '\t') && in:
			b.WriteByte(' ')
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// scrapeMembers reads `"key": value` pairs one by one from text that is not
// JSON even after repairs, so that blockType and @odata.type survive.
func scrapeMembers(s string) map[string]any {
	m := map[string]any{}
	for _, g := range memberRe.FindAllStringSubmatch(s, -1) {
		if _, dup := m[g[1]]; dup {
			continue
		}
		if v, ok := decodeJSON(g[2]); ok {
			m[g[1]] = v
		}
	}
	return m
}
