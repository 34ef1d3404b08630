package model

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/graphdoc/graphdoc/spec/page"
)

// PathParam is one placeholder of a documented path, with the canonical
// name graphdoc gives it.
type PathParam struct {
	Name    string // canonical, unique within the path: user-id, address
	Written string // as written, without braces: "id | userPrincipalName"
	Key     bool   // the placeholder is a whole segment (an entity key)
}

// CanonicalPath rewrites a documented path so that each placeholder has one
// stable name, whatever the page called it:
//
//   - a key segment gets the singular of the segment before it plus "-id"
//     (/users/{id | userPrincipalName} -> /users/{user-id});
//   - a function argument gets the argument's name, whatever value the
//     page wrote for it: a placeholder, today's 'parameterValue' or an
//     example value (range(address='{address}'), filterByCurrentUser(
//     on='parameterValue') -> filterByCurrentUser(on='{on}'),
//     getTeamsUserActivityCounts(period='D7') -> (period='{period}')), so
//     that a function is one path however its pages spell it;
//   - any other placeholder ({item-path}, <address>) gets its own text,
//     lower-kebab-cased, first alternative only.
//
// Names are made unique within the path by a numeric suffix. The same
// resource path therefore gets the same parameters on every page, and
// paths that differ only in placeholder spelling become one path.
func CanonicalPath(path string) (string, []PathParam) {
	segs := strings.Split(path, "/")
	var params []PathParam
	used := map[string]int{}
	unique := func(name string) string {
		used[name]++
		if n := used[name]; n > 1 {
			return name + strconv.Itoa(n)
		}
		return name
	}
	prev := ""
	for i, seg := range segs {
		if seg == "" {
			continue
		}
		seg, values := argPlaceholders(seg)
		if isWholePlaceholder(seg) {
			written := strings.TrimSpace(strings.TrimRight(seg[1:], "}>"))
			name := unique(keyName(prev))
			params = append(params, PathParam{Name: name, Written: written, Key: true})
			segs[i] = "{" + name + "}"
			prev = ""
			continue
		}
		var b strings.Builder
		for j := 0; j < len(seg); {
			c := seg[j]
			if c != '{' && c != '<' {
				b.WriteByte(c)
				j++
				continue
			}
			closeCh := byte('}')
			if c == '<' {
				closeCh = '>'
			}
			k := strings.IndexByte(seg[j+1:], closeCh)
			if k < 0 {
				k = len(seg) - j - 1 // never closed: to the end of the segment
			}
			written := strings.TrimSpace(seg[j+1 : j+1+k])
			if w, ok := values[written]; ok {
				written = w // a value the page wrote for the argument
			}
			name := argName(seg[:j])
			if name == "" {
				name = kebab(firstAlt(written))
			}
			if name == "" {
				name = "param"
			}
			name = unique(name)
			params = append(params, PathParam{Name: name, Written: written})
			b.WriteString("{" + name + "}")
			j += k + 2
		}
		segs[i] = b.String()
		prev = literalName(segs[i])
	}
	return strings.Join(segs, "/"), params
}

// argPlaceholders rewrites the argument values of a function segment
// (`name(a='x',b=5)`) that are not placeholders into placeholders named by
// their argument (`name(a='{a}',b={b})`), keeping the quotes as written.
// It returns the segment and the values it replaced, by placeholder text.
// Key segments (`users('x')`) and positional arguments have no `=` and
// stay as they are; a value with a placeholder in it
// (`microsoft.graph.x'{y}'`) stays too.
func argPlaceholders(seg string) (string, map[string]string) {
	open := strings.IndexByte(seg, '(')
	if open <= 0 || !strings.HasSuffix(seg, ")") || !strings.Contains(seg[open:], "=") {
		return seg, nil
	}
	var (
		b      strings.Builder
		values map[string]string
	)
	b.WriteString(seg[:open+1])
	args := splitArgs(seg[open+1 : len(seg)-1])
	for i, arg := range args {
		if i > 0 {
			b.WriteByte(',')
		}
		name, value, ok := strings.Cut(arg, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" || value == "" || strings.ContainsAny(value, "{<") || !isArgName(name) {
			b.WriteString(arg)
			continue
		}
		ph := "{" + name + "}"
		if value[0] == '\'' || value[0] == '"' {
			ph = string(value[0]) + ph + string(value[0])
		}
		if values == nil {
			values = map[string]string{}
		}
		values[name] = value
		b.WriteString(name + "=" + ph)
	}
	b.WriteByte(')')
	return b.String(), values
}

// splitArgs splits a function's argument list at the commas outside
// quotes.
func splitArgs(s string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ',':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// isArgName reports whether s is a function argument name: letters,
// digits and '_'.
func isArgName(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			return false
		}
	}
	return s != ""
}

// isWholePlaceholder reports whether a segment is one placeholder.
func isWholePlaceholder(seg string) bool {
	if len(seg) < 2 {
		return false
	}
	if seg[0] == '{' && !strings.ContainsAny(seg, "}()") {
		return true // "{id" with its brace never closed
	}
	if (seg[0] == '{' && seg[len(seg)-1] == '}' && strings.Count(seg, "{") == 1) ||
		(seg[0] == '<' && seg[len(seg)-1] == '>' && strings.Count(seg, "<") == 1) {
		return true
	}
	return false
}

// keyName names the key of the collection segment prev.
func keyName(prev string) string {
	if prev == "" {
		return "id"
	}
	return Singular(prev) + "-id"
}

// argName returns the function argument a placeholder is the value of:
// "range(address='" -> "address". It returns "" when the placeholder is
// not an argument value.
func argName(before string) string {
	s := strings.TrimRight(before, "'\" ")
	if !strings.HasSuffix(s, "=") {
		// positional: range(<address>)
		if strings.HasSuffix(s, "(") || strings.HasSuffix(s, ",") {
			return ""
		}
		return ""
	}
	s = strings.TrimSpace(s[:len(s)-1])
	i := strings.LastIndexAny(s, "(,")
	return kebab(strings.TrimSpace(s[i+1:]))
}

// firstAlt returns the first alternative of "id | userPrincipalName".
func firstAlt(s string) string {
	if i := strings.IndexByte(s, '|'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// kebab turns a placeholder text into a parameter name: letters, digits
// and '-', spaces and '_' become '-'.
func kebab(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// literalName returns the name a segment contributes to a key name and an
// operation ID: a cast segment's type name, a function's name, $ref's
// "ref", the segment itself otherwise.
func literalName(seg string) string {
	s := seg
	if i := strings.IndexByte(s, '('); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "$"), ":")
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '{'); i >= 0 {
		s = s[:i]
	}
	return s
}

// Singular returns the singular of a collection segment name (users ->
// user, policies -> policy). It is a heuristic for English plurals.
func Singular(s string) string {
	l := page.LowerASCII(s)
	switch {
	case l == "children":
		return s[:len(s)-3]
	case l == "people":
		return s[:len(s)-4] + "rson"
	case strings.HasSuffix(l, "ies") && len(s) > 3:
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(l, "sses"), strings.HasSuffix(l, "xes"), strings.HasSuffix(l, "ches"), strings.HasSuffix(l, "shes"):
		return s[:len(s)-2]
	case strings.HasSuffix(l, "ss"), strings.HasSuffix(l, "us"), strings.HasSuffix(l, "is"):
		return s
	case strings.HasSuffix(l, "s") && len(s) > 1:
		return s[:len(s)-1]
	}
	return s
}

// lastSegment returns the last non-empty segment of a path.
func lastSegment(path string) string {
	path = strings.TrimRight(path, "/")
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// operationID builds the stable ID of an operation: the path's literal
// segments (keys dropped, casts and functions by name) joined by '.', and a
// verb for the kind (list, get, create, update, replace, delete); actions
// and functions are named by their last segment already.
func operationID(path, kind string) string {
	var parts []string
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || isWholePlaceholder(seg) {
			continue
		}
		name := literalName(seg)
		name = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
				return r
			}
			return -1
		}, name)
		if name != "" {
			parts = append(parts, name)
		}
	}
	if len(parts) == 0 {
		parts = []string{"root"}
	}
	switch kind {
	case "action", "function":
	default:
		parts = append(parts, kind)
	}
	return strings.Join(parts, ".")
}
