package page

import (
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
)

// canonSection maps an H2 heading to its canonical section.
func canonSection(h string) Canon {
	l := LowerASCII(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(h), ":")))
	switch l {
	case "permissions", "prerequisites", "permission":
		return SecPermissions
	case "http request", "http requests":
		return SecHTTPRequest
	case "request headers", "optional request headers", "request header":
		return SecRequestHeaders
	case "request body":
		return SecRequestBody
	case "response", "responses", "response body":
		return SecResponse
	case "optional query parameters", "query parameters", "optional query parameter":
		return SecQueryParams
	case "function parameters", "parameters":
		return SecFunctionParams
	case "path parameters":
		return SecPathParams
	case "properties":
		return SecProperties
	case "relationships":
		return SecRelationships
	case "json representation":
		return SecJSON
	case "methods":
		return SecMethods
	case "members":
		return SecMembers
	}
	switch {
	case strings.HasPrefix(l, "example"):
		return SecExamples
	case enumHeading(h) != "":
		return SecEnumValues
	}
	return SecOther
}

// enumHeading returns X for headings such as "X values", "X options",
// "X property values" or "X Enumeration", else "".
func enumHeading(h string) string {
	h = strings.TrimSpace(Plain(h))
	l := LowerASCII(h)
	for _, suf := range []string{" property values", " values", " options", " enumeration", " enum values", " enum"} {
		if strings.HasSuffix(l, suf) {
			name := strings.TrimSpace(h[:len(h)-len(suf)])
			if isTypeName(name) && !strings.EqualFold(name, "possible") && !strings.EqualFold(name, "enum") {
				return name
			}
		}
	}
	return ""
}

// docTypeKind reads the doc_type front matter value, tolerating the
// corpus's typos (resourcePageType_, enumTypes).
func docTypeKind(v string) Kind {
	v = LowerASCII(strings.Trim(strings.TrimSpace(v), "_ "))
	switch {
	case strings.HasPrefix(v, "apipage"):
		return KindAPI
	case strings.HasPrefix(v, "resourcepage"):
		return KindResource
	case strings.HasPrefix(v, "enum"):
		return KindEnum
	case strings.HasPrefix(v, "conceptual"):
		return KindConceptual
	}
	return KindUnknown
}

// titleKind classifies by the H1's suffix ("x resource type", "x enum
// type"), the most reliable signal in the corpus.
func titleKind(title string) (Kind, string) {
	t := strings.TrimSpace(title)
	l := LowerASCII(t)
	if strings.HasSuffix(l, "(deprecated)") {
		t = strings.TrimSpace(t[:len(t)-len("(deprecated)")])
		l = LowerASCII(t)
	}
	for _, s := range []struct {
		suf  string
		kind Kind
	}{
		{" enum type", KindEnum}, {" enumeration type", KindEnum}, {" enum", KindEnum},
		{" resource type", KindResource}, {" complex type", KindResource}, {" entity type", KindResource},
		{" resource", KindResource}, {" type", KindResource},
	} {
		if strings.HasSuffix(l, s.suf) {
			name := strings.TrimSpace(t[:len(t)-len(s.suf)])
			if isTypeName(name) {
				return s.kind, name
			}
		}
	}
	if strings.Contains(l, "enum values") || strings.HasPrefix(l, "enum ") {
		return KindEnum, ""
	}
	return KindUnknown, ""
}

// classify sets the page kind from the title and the section set, using
// doc_type only as a hint, and reports when doc_type disagrees.
func (p *Page) classify() {
	has := map[Canon]bool{}
	for _, s := range p.Sections {
		has[s.Canon] = true
	}
	kind, _ := titleKind(p.Title.Text)
	if kind != KindUnknown && has[SecHTTPRequest] && !strongTitle(p.Title.Text) {
		kind = KindUnknown // "Delete resource": an API page after all
	}
	if kind == KindUnknown {
		switch {
		case has[SecHTTPRequest] || (has[SecPermissions] && has[SecResponse]):
			kind = KindAPI
		case has[SecProperties] || has[SecRelationships] || has[SecJSON]:
			kind = KindResource
		case has[SecMembers] || has[SecEnumValues]:
			kind = KindEnum
		}
	}
	dt, ok := p.FrontValue("doc_type")
	dtKind := KindUnknown
	if ok {
		dtKind = docTypeKind(dt.Value)
	}
	switch {
	case kind == KindUnknown:
		kind = dtKind
	case dtKind != KindUnknown && dtKind != kind && dtKind != KindConceptual:
		p.addDiag(dt.ValueOff, diag.DocTypeMismatch, "doc_type says %s but the page reads as %s", dt.Value, kind)
	}
	if p.Title.Text == "" && kind != KindUnknown {
		p.addDiag(0, diag.NoTitle, "page has no H1 title")
	}
	p.Kind = kind
}

// strongTitle reports whether a title ends in a suffix that only type pages
// use.
func strongTitle(t string) bool {
	l := LowerASCII(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), "(deprecated)")))
	return strings.HasSuffix(l, " resource type") || strings.HasSuffix(l, " enum type") || strings.HasSuffix(l, " complex type")
}
