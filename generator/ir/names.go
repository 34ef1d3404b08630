package ir

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"
)

// GoName turns an OpenAPI member or parameter name into an exported Go
// identifier: the characters of `-#@!$&=.+:;_~ (){}[]` separate words,
// each word starts upper-case, other punctuation is dropped, letters and
// digits are kept as written (@odata.type -> OdataType, $top -> Top,
// userPFXCertificate -> UserPFXCertificate); a name that starts with a
// digit gets an N, and leading special characters are named (-x ->
// MinusX), so that two names do not become one. Schema names use their
// short name camel-cased (shortName), operations their operationId
// camel-cased (camel). These are the rules graphdoc's generated API has
// always followed (oapi-codegen v2's), and generator/oapi's agreement test
// holds oapi-codegen to them.
func GoName(s string) string {
	return prefix(s) + camel(s)
}

// camel upper-cases the first letter of every word.
func camel(s string) string {
	var b strings.Builder
	capNext := true
	for _, r := range strings.Trim(s, " ") {
		switch {
		case unicode.IsUpper(r), unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsLower(r):
			if capNext {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(r)
			}
		}
		capNext = strings.ContainsRune("-#@!$&=.+:;_~ (){}[]", r)
	}
	return b.String()
}

// prefix names the leading special characters that camel drops, so that
// "-x" and "x" do not become one name.
func prefix(s string) string {
	if s == "" {
		return "Empty"
	}
	words := map[rune]string{
		'-': "Minus", '+': "Plus", '&': "And", '|': "Or", '~': "Tilde", '=': "Equal",
		'>': "GreaterThan", '<': "LessThan", '#': "Hash", '.': "Dot", '*': "Asterisk",
		'^': "Caret", '%': "Percent", '_': "Underscore",
	}
	out := ""
	for _, r := range s {
		if r == '$' {
			if len(s) == 1 {
				return "DollarSign"
			}
			continue
		}
		w, ok := words[r]
		if !ok {
			if out == "" && unicode.IsDigit(r) {
				return "N"
			}
			return out
		}
		out += w
	}
	return out
}

// qualifiedName names a schema whose short name is taken: the namespace's
// last part goes first (microsoft.graph.ediscovery.case -> EdiscoveryCase),
// "Graph" for microsoft.graph itself.
func qualifiedName(schema string) string {
	ns, short := "", schema
	if i := strings.LastIndexByte(schema, '.'); i >= 0 {
		ns, short = schema[:i], schema[i+1:]
	}
	p := "Graph"
	if ns != "microsoft.graph" && ns != "" {
		p = ns[strings.LastIndexByte(ns, '.')+1:]
	}
	return camel(p) + camel(short)
}

// shortName is the Go name of a schema's short name.
func shortName(schema string) string {
	if i := strings.LastIndexByte(schema, '.'); i >= 0 {
		schema = schema[i+1:]
	}
	return camel(schema)
}

// names hands out identifiers unique within one scope, ignoring case (two
// Go files on a case-insensitive file system, and readers, confuse Id and
// ID).
type names map[string]bool

// claim returns name, or name2, name3... when it is taken, and takes it.
func (n names) claim(name string) string {
	g := name
	for i := 2; n[strings.ToLower(g)]; i++ {
		g = fmt.Sprintf("%s%d", name, i)
	}
	n[strings.ToLower(g)] = true
	return g
}

// take marks a name as used.
func (n names) take(name string) { n[strings.ToLower(name)] = true }

// has reports whether a name is used.
func (n names) has(name string) bool { return n[strings.ToLower(name)] }

// ParamName is a Go parameter name for an exported name, clear of
// keywords, of the names generated functions use for their own
// parameters and of the packages they call.
func ParamName(exported string) string {
	if exported == "" {
		return "p"
	}
	n := strings.ToLower(exported[:1]) + exported[1:]
	switch n {
	case "ctx", "params", "reqEditors", "c", "iter", "graphrt", "impl", "http", "context":
		return n + "Param"
	}
	if token.IsKeyword(n) || !token.IsIdentifier(n) {
		return n + "Param"
	}
	return n
}
