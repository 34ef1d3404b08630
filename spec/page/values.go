package page

import (
	"bytes"
	"strings"
)

// valuePhrases introduce a list of allowed values in a description.
var valuePhrases = []string{
	"possible values are", "possible values:", "possible values include", "the possible values are",
	"the supported values", "supported values are", "allowed values are", "allowed values",
	"valid values are", "can be one of the following", "can be one of", "one of the following values",
	"can be:", "one of:", "values are", "one of",
}

var valuePhraseBytes = func() (b [][]byte) {
	for _, ph := range valuePhrases {
		b = append(b, []byte(ph))
	}
	return b
}()

// PossibleValues returns the values listed in a description such as
// "Possible values are: `none`, `pkcs1`." (backticked, bold, quoted or bare
// words), or nil when the description lists none. Numeric ranges ("Valid
// values 1 to 100") are not values.
func PossibleValues(desc string) []string {
	var buf [512]byte
	l := appendLower(buf[:0], desc)
	if !bytes.Contains(l, []byte("value")) && !bytes.Contains(l, []byte("one of")) && !bytes.Contains(l, []byte("can be:")) {
		return nil // every phrase holds one of these
	}
	at := -1
	for _, ph := range valuePhraseBytes {
		if i := bytes.Index(l, ph); i >= 0 && (at < 0 || i < at) {
			at = i + len(ph)
		}
	}
	if at < 0 {
		return nil
	}
	rest := desc[at:]
	if vals := delimited(rest, "`", "`"); len(vals) > 0 {
		return clean(vals)
	}
	if vals := delimited(rest, "**", "**"); len(vals) > 0 {
		return clean(vals)
	}
	if vals := delimited(rest, "'", "'"); len(vals) > 0 {
		return clean(vals)
	}
	// bare words up to the end of the sentence: "One of: NONE, LOW, HIGH."
	rest = strings.TrimLeft(rest, " :")
	if i := strings.Index(rest, ". "); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ".")
	var vals []string
	for _, part := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		part = strings.TrimPrefix(part, "or ")
		part = strings.TrimPrefix(part, "and ")
		part = strings.TrimSpace(part)
		if i := strings.IndexByte(part, '='); i > 0 { // LightBlue=0
			part = part[:i]
		}
		if !isMemberName(part) {
			return nil
		}
		vals = append(vals, part)
	}
	if len(vals) < 2 {
		return nil
	}
	return clean(vals)
}

// delimited collects the values wrapped in open/close in the first
// sentence-ish span of s: it stops at a period after the last value.
func delimited(s, open, close string) []string {
	var vals []string
	i := 0
	for i < len(s) {
		j := strings.Index(s[i:], open)
		if j < 0 {
			break
		}
		// a sentence ended before this value: stop
		if len(vals) > 0 && strings.Contains(s[i:i+j], ". ") {
			break
		}
		start := i + j + len(open)
		k := strings.Index(s[start:], close)
		if k < 0 {
			break
		}
		vals = append(vals, s[start:start+k])
		i = start + k + len(close)
	}
	return vals
}

// clean trims values, drops non-names and duplicates, keeping order.
func clean(vals []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		v = strings.TrimSpace(strings.Trim(strings.TrimSpace(v), "\"'*`"))
		if !isMemberName(v) || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil
	}
	allNum := true
	for _, v := range out {
		if !isNumber(v) {
			allNum = false
		}
	}
	if allNum {
		return nil
	}
	return out
}

// isMemberName reports whether v can be an enum member: letters, digits,
// '_' and '-', starting with a letter or '_'.
func isMemberName(v string) bool {
	if v == "" || len(v) > 80 {
		return false
	}
	for i, r := range v {
		switch {
		case r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
		case (r >= '0' && r <= '9') || r == '-' || r == '.':
			if i == 0 && !(r >= '0' && r <= '9') {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func isNumber(v string) bool {
	for _, r := range v {
		if (r < '0' || r > '9') && r != '-' && r != '.' {
			return false
		}
	}
	return v != ""
}

// IsReadOnly reports whether a description marks a property read-only.
func IsReadOnly(desc string) bool {
	var buf [512]byte
	l := appendLower(buf[:0], desc)
	return bytes.Contains(l, []byte("read-only")) || bytes.Contains(l, []byte("read only")) || bytes.Contains(l, []byte("readonly"))
}

// IsRequired reports whether a description marks a property or parameter
// required ("Required." as a sentence, not "Not required" or "required
// when ...").
func IsRequired(desc string) bool {
	if !strings.Contains(desc, "Required") {
		return false
	}
	d := strings.TrimSpace(Plain(desc))
	for _, s := range []string{"Required.", "Required;", "(Required)", "Required,"} {
		if i := strings.Index(d, s); i >= 0 {
			before := LowerASCII(d[max(0, i-4):i])
			if !strings.Contains(before, "not ") {
				return true
			}
		}
	}
	return strings.HasSuffix(d, " Required") || d == "Required"
}

// inheritedFrom returns x of "Inherited from [x](...)" in a description,
// with the index of its link. Only a link counts: prose such as "settings
// are inherited from the template" names no type.
func inheritedFrom(desc string, refs map[string]string) (string, int) {
	if !strings.Contains(desc, "nherited") {
		return "", 0
	}
	i := indexFold(desc, "inherited from")
	if i < 0 {
		return "", 0
	}
	rest := desc[i+len("inherited from"):]
	if links := Links(rest, refs); len(links) > 0 && strings.TrimSpace(rest[:links[0].At]) == "" && isTypeName(links[0].Text) {
		return links[0].Text, i + len("inherited from") + links[0].At
	}
	return "", 0
}
