package page

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
)

// maxPathLen bounds a request path: the corpus's longest is a few hundred
// bytes, and a path of many placeholders would make as many parameters.
const maxPathLen = 2048

// extractAPI reads an API page.
func (p *Page) extractAPI() {
	a := p.API
	p.extractPermissions()
	p.extractRequests()
	for _, t := range tables(p.sections(SecRequestHeaders)) {
		c := headerColumns(t.Header)
		for _, row := range t.Rows {
			// emphasis around a name (`*if-match*`) is not part of it
			name := strings.Trim(Plain(cell(row, 0).Raw), "*_` ")
			if name == "" {
				continue
			}
			val := Plain(cell(row, c.desc).Raw)
			if c.value >= 0 {
				val = Plain(cell(row, c.value).Raw)
			}
			if n, v, ok := strings.Cut(name, ":"); ok { // "Prefer: outlook.timezone"
				name, val = strings.TrimSpace(n), strings.TrimSpace(v)+" "+val
			}
			a.Headers = append(a.Headers, Header{Name: name, Value: strings.TrimSpace(val), Off: cell(row, 0).Off, Required: IsRequired(val)})
		}
	}
	p.extractQuery()
	for _, t := range tables(p.sections(SecFunctionParams, SecPathParams)) {
		a.FunctionParams = append(a.FunctionParams, p.properties(t)...)
	}
	p.extractBody()
	p.extractResponse()
	p.extractExamples()
	p.responseFromAnnotation()
	if len(a.Permissions) == 0 && len(p.sections(SecPermissions)) == 0 {
		p.addDiag(p.Title.Off, diag.NoPermissions, "API page has no permissions section")
	}
}

// permKind reads a permissions row label.
func permKind(label string) PermissionKind {
	l := LowerASCII(label)
	switch {
	case strings.Contains(l, "delegated") && strings.Contains(l, "personal"):
		return PermDelegatedPersonal
	case strings.Contains(l, "delegated"):
		return PermDelegatedWork
	case strings.Contains(l, "application"):
		return PermApplication
	}
	return PermUnknown
}

// isScope reports whether tok is a permission scope: dotted words of
// letters, digits and dashes, the first starting with a letter, and an
// optional trailing `*` (`^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+\*?$`;
// a regexp cost a tenth of the permissions table's reading).
func isScope(tok string) bool {
	tok = strings.TrimSuffix(tok, "*")
	if tok == "" || !isASCIILetter(tok[0]) {
		return false
	}
	dots, seg := 0, 1
	for i := 1; i < len(tok); i++ {
		switch c := tok[i]; {
		case c == '.':
			if seg == 0 {
				return false
			}
			dots, seg = dots+1, 0
		case isASCIILetter(c) || '0' <= c && c <= '9' || c == '-':
			seg++
		default:
			return false
		}
	}
	return dots > 0 && seg > 0
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// Scopes returns the scope tokens in a permissions cell ("User.Read,
// User.ReadWrite.All"), and whether the cell says none are supported.
//
// A note in the cell ("Gadget.ReadWrite.All<br><br>Note: Widget.Read.All
// cannot be used") ends the scopes: what it names is not a permission of
// the operation.
func Scopes(cell string) (scopes []string, none bool) {
	t := Plain(cell)
	l := LowerASCII(t)
	if i := noteIndex(l); i >= 0 {
		t, l = t[:i], l[:i]
	}
	for _, n := range []string{"not supported", "none", "not applicable", "n/a"} {
		if strings.HasPrefix(l, n) {
			none = true
		}
	}
	for _, tok := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '/' }) {
		tok = strings.Trim(tok, ".()*`")
		if strings.HasSuffix(strings.TrimRight(tok, "."), "*") {
			tok = strings.TrimRight(tok, ".")
		}
		if isScope(tok) {
			scopes = append(scopes, tok)
		}
	}
	return scopes, none && len(scopes) == 0
}

// noteIndex returns where a note starts in a lower-cased permissions
// cell ("note:", "note :"), or -1.
func noteIndex(l string) int {
	for from := 0; ; {
		i := strings.Index(l[from:], "note")
		if i < 0 {
			return -1
		}
		i += from
		rest := strings.TrimLeft(l[i+4:], " *")
		if strings.HasPrefix(rest, ":") && (i == 0 || !isASCIILetter(l[i-1])) {
			return i
		}
		from = i + 4
	}
}

func (p *Page) extractPermissions() {
	secs := p.sections(SecPermissions)
	for _, s := range secs {
		for _, b := range s.Blocks {
			if b.Kind == BlockComment && b.Annotation != nil && b.Annotation.BlockType == "permissions" && p.API.PermissionsName.Text == "" {
				p.API.PermissionsName = Text{b.Annotation.Name, b.Off}
			}
		}
	}
	for _, t := range tables(secs) {
		if len(t.Header) == 0 {
			continue
		}
		// transposed: |Supported resource|Delegated (work...)|Delegated (personal...)|Application|
		if len(t.Header) >= 3 && permKind(Plain(t.Header[1].Raw)) != PermUnknown {
			for _, row := range t.Rows {
				for i := 1; i < len(row) && i < len(t.Header); i++ {
					p.addPermission(t.Header[i], row[i], nil)
				}
			}
			continue
		}
		// today's |Permission type|Least privileged permission|Higher privileged permissions|
		leastCol := len(t.Header) >= 3 && strings.Contains(LowerASCII(Plain(t.Header[1].Raw)), "least privileged")
		current := PermUnknown
		for _, row := range t.Rows {
			label := cell(row, 0)
			if len(row) < 2 {
				continue
			}
			val := row[1]
			var least *Cell
			if leastCol {
				least = &row[1]
			}
			if len(row) > 2 { // acting on self | acting on others; least | higher
				parts := []string{}
				for _, c := range row[1:] {
					if leastCol && (strings.TrimSpace(c.Raw) == "" || isNotAvailable(c.Raw)) {
						continue
					}
					parts = append(parts, c.Raw)
				}
				val.Raw = strings.Join(parts, ", ")
			}
			// Intune sub-rows (`&nbsp; &nbsp; **Policy Set**`) carry the
			// scopes of the kind named on the row above them
			if k := permKind(Plain(label.Raw)); k != PermUnknown {
				current = k
			} else if current != PermUnknown && strings.Contains(label.Raw, "&nbsp;") {
				p.addPermissionAs(current, label, val, least)
				continue
			}
			p.addPermission(label, val, least)
		}
	}
	if len(p.API.Permissions) == 0 && len(secs) > 0 {
		off, where := secs[0].Heading.Off, "in the permissions section"
		if n := p.API.PermissionsName; n.Text != "" {
			off, where = n.Off, fmt.Sprintf("after the permissions annotation %q", n.Text)
		}
		d := diag.New(p.Pos(off), diag.NoPermissions, "no permissions table graphdoc can read %s (prose only, or an include that is missing or holds no table); the operation has no permissions", where)
		d.Severity = diag.Warning
		p.Diags = append(p.Diags, d)
	}
}

// isNotAvailable reports whether a cell of the higher-privileged column
// says there is nothing higher ("Not available.", "None").
func isNotAvailable(s string) bool {
	l := LowerASCII(Plain(s))
	return strings.HasPrefix(l, "not available") || strings.HasPrefix(l, "none") || strings.HasPrefix(l, "not applicable") || strings.HasPrefix(l, "n/a")
}

func (p *Page) addPermission(label, val Cell, least *Cell) {
	k := permKind(Plain(label.Raw))
	if i := strings.Index(val.Raw, "TODO"); i >= 0 {
		p.addDiag(val.Off+i, diag.TodoPlaceholder, "permissions for %q are a TODO placeholder: %s", Plain(label.Raw), clip(Plain(val.Raw), 60))
	}
	if k == PermUnknown {
		if strings.TrimSpace(Plain(label.Raw)) == "" || strings.TrimSpace(Plain(val.Raw)) == "" {
			return
		}
		p.addDiag(label.Off, diag.PermissionKind, "permissions row %q names no permission kind (want Delegated (work or school account), Delegated (personal Microsoft account) or Application)", clip(Plain(label.Raw), 60))
		return
	}
	p.addPermissionAs(k, label, val, least)
}

// addPermissionAs records a permissions row for kind k; least, when
// set, is the row's least-privileged cell.
func (p *Page) addPermissionAs(k PermissionKind, label, val Cell, least *Cell) {
	if strings.TrimSpace(Plain(val.Raw)) == "" {
		return // a kind row whose scopes are on the sub-rows below it
	}
	scopes, none := Scopes(val.Raw)
	perm := Permission{Kind: k, Label: Text{Plain(label.Raw), label.Off}, Raw: Text{val.Raw, val.Off}, Scopes: scopes, None: none}
	if least != nil {
		perm.Least, _ = Scopes(least.Raw)
	}
	p.API.Permissions = append(p.API.Permissions, perm)
}

// extractRequests reads the `METHOD /path` lines of the HTTP request
// section.
func (p *Page) extractRequests() {
	a := p.API
	for _, s := range p.sections(SecHTTPRequest) {
		note := ""
		for _, b := range s.Blocks {
			switch b.Kind {
			case BlockParagraph:
				note = Plain(b.Text)
				continue
			case BlockCode:
			default:
				continue
			}
			if b.Info != "" && b.Info != "http" && b.Info != "msgraph-interactive" && b.Info != "https" {
				continue
			}
			off := b.ContentOff
			for line := range strings.Lines(b.Text) {
				lo := off
				off += len(line)
				t := strings.TrimSpace(line)
				if t == "" {
					continue
				}
				m, path, q, ok := ParseRequestLine(t)
				if ok && len(t) > len(m) && t[len(m)] == '/' {
					p.addDiag(lo, diag.RequestLine, "%q has no space between the method and the path", clip(t, 60))
				}
				if !ok {
					if !isHeaderLine(t) {
						p.addDiag(lo, diag.RequestLine, "%q is not `METHOD /path`", clip(t, 60))
					}
					continue
				}
				if !isPath(path) {
					what := "its target is not a path"
					if strings.Contains(t, "not found") || strings.Contains(t, "**") {
						what = "it is a docs generator leftover, not a path"
					}
					p.addDiag(lo, diag.RequestLine, "%q: %s; no operation is produced", clip(t, 80), what)
					continue
				}
				if len(path) > maxPathLen {
					p.addDiag(lo, diag.RequestLine, "the path of %q is %d bytes long; paths over %d bytes are not read", clip(t, 60), len(path), maxPathLen)
					continue
				}
				a.Requests = append(a.Requests, RequestLine{Method: m, Path: path, Query: q, Off: lo + strings.Index(line, strings.TrimLeft(line, " \t")), Note: note})
			}
			note = ""
		}
	}
	if len(a.Requests) == 0 {
		off := p.Title.Off
		if s := p.sections(SecHTTPRequest); len(s) > 0 {
			off = s[0].Heading.Off
		}
		p.addDiag(off, diag.NoHTTPRequest, "API page has no `METHOD /path` line in an HTTP request section; no operation is produced")
	}
}

// isPath reports whether a request line's path is a path: no `*`, and
// every segment starts with a letter, digit, placeholder, `$`, `@`, or a
// quote or parenthesis of a key. The docs generator's leftovers
// (`GET ** Collection URI for microsoft.graph.x not found`) are not.
func isPath(path string) bool {
	if strings.ContainsRune(path, '*') {
		return false
	}
	for seg := range strings.SplitSeq(path, "/") {
		if seg == "" {
			continue
		}
		c := seg[0]
		if !(isASCIILetter(c) || '0' <= c && c <= '9' || strings.IndexByte("{<$@('\"_~:.-", c) >= 0 || c >= 0x80) {
			return false
		}
	}
	return true
}

// queryOptionRe finds OData system query options in prose.
var queryOptionRe = regexp.MustCompile(`(?i)\$(select|filter|expand|orderby|top|skip|count|search|format|skiptoken|deltatoken|levels|apply)\b`)

// extractQuery reads the optional query parameters section.
func (p *Page) extractQuery() {
	a := p.API
	seen := map[string]bool{}
	addOpt := func(s string, off int) {
		for _, loc := range queryOptionRe.FindAllStringIndex(s, -1) {
			name := "$" + LowerASCII(s[loc[0]+1:loc[1]])
			if !seen[name] {
				seen[name] = true
				a.QueryOptions = append(a.QueryOptions, Text{name, off + loc[0]})
			}
		}
	}
	secs := p.sections(SecQueryParams)
	for _, b := range paragraphs(secs) {
		addOpt(b.Text, b.Off)
	}
	for _, t := range tables(secs) {
		for _, row := range t.Rows {
			addOpt(cell(row, 0).Raw, cell(row, 0).Off)
		}
		for _, prop := range p.properties(t) {
			if !strings.HasPrefix(prop.Name.Text, "$") {
				a.QueryParams = append(a.QueryParams, prop)
			}
		}
	}
	for _, r := range a.Requests {
		addOpt(r.Query, r.Off)
	}
}

// bodyTypeRe finds an unlinked type name in request body prose.
var bodyTypeRe = regexp.MustCompile(`(?i)representation (?:of|for) (?:the |an? )?[*_]{0,2}([A-Za-z_][\w.]*)[*_]{0,2} (?:object|resource|entity)`)

// extractBody reads the request body section.
func (p *Page) extractBody() {
	a := p.API
	secs := p.sections(SecRequestBody)
	if len(secs) == 0 {
		return
	}
	a.Body.Off = secs[0].Heading.Off
	for _, b := range paragraphs(secs) {
		l := LowerASCII(b.Text)
		if strings.Contains(l, "do not supply") || strings.Contains(l, "don't supply") || strings.Contains(l, "no request body") || strings.Contains(l, "not supply a request body") {
			a.Body.None = true
		}
		if a.Body.Type == nil && strings.Contains(l, "representation") {
			for _, ln := range typeLinks(b.Text, p.Refs) {
				t := ParseType(b.Text[ln.At:ln.End], p.Refs)
				if t.OK {
					a.Body.Type = &t
					break
				}
			}
			// Intune: "a JSON representation for the androidForWorkApp object"
			if a.Body.Type == nil {
				if m := bodyTypeRe.FindStringSubmatch(b.Text); m != nil {
					if t := ParseType(m[1], p.Refs); t.OK && !t.Primitive {
						a.Body.Type = &t
					}
				}
			}
		}
	}
	for _, t := range tables(secs) {
		a.Body.Props = append(a.Body.Props, p.properties(t)...)
	}
	if len(a.Body.Props) > 0 {
		a.Body.None = false
	}
}

// returnPrimitiveRe finds a primitive return type in Response prose.
var returnPrimitiveRe = regexp.MustCompile("\\b(?:an?|the)\\s+`?(String|Boolean|Int32|Int64|Double|Stream|Guid|DateTimeOffset|Binary)`?(\\s+collection)?\\b")

// extractResponse reads the status code and return type from the first
// paragraphs of the Response section.
func (p *Page) extractResponse() {
	a := p.API
	secs := p.sections(SecResponse)
	if len(secs) == 0 {
		return
	}
	a.Response.Off = secs[0].Heading.Off
	for _, b := range paragraphs(secs) {
		if a.Response.Status == 0 {
			a.Response.Status = StatusCodeIn(b.Text)
		}
		if a.Response.Type == nil {
			a.Response.Type = returnType(b.Text, p.Refs)
		}
		if a.Response.Status != 0 {
			break
		}
	}
	if a.Response.Status == 0 {
		p.addDiag(a.Response.Off, diag.NoResponseStatus, "Response section names no status code (want e.g. `200 OK`)")
	}
}

// responseFromAnnotation reads the returned type from the response
// example's annotation (`"@odata.type": "microsoft.graph.x"`,
// `"isCollection": true`, `stream`) when the prose names none.
func (p *Page) responseFromAnnotation() {
	a := p.API
	for _, ex := range a.Examples {
		an := ex.Annotation
		if ex.Role != RoleResponse || an == nil || an.ODataType == "" {
			continue
		}
		t := ParseType(an.ODataType, p.Refs)
		if !t.OK {
			continue
		}
		t.Collection = t.Collection || an.IsCollection
		if a.Response.Type == nil {
			a.Response.Type = &t
		} else if an.IsCollection && strings.EqualFold(shortTypeName(a.Response.Type.Name), shortTypeName(t.Name)) {
			a.Response.Type.Collection = true
		}
		return
	}
}

// returnType reads the returned type out of Response prose: "a
// [user](...) object", "a collection of [x](...) objects", "a String".
func returnType(s string, refs map[string]string) *TypeExpr {
	l := LowerASCII(s)
	for _, ln := range typeLinks(s, refs) {
		before := LowerASCII(s[max(0, ln.At-40):ln.At])
		if strings.Contains(before, "error") || strings.Contains(before, "see ") {
			continue
		}
		t := ParseType(s[ln.At:ln.End], refs)
		if !t.OK {
			continue
		}
		after := l[ln.End:]
		t.Collection = strings.Contains(before, "collection of") || strings.HasPrefix(strings.TrimSpace(after), "collection") || strings.Contains(before, "list of")
		return &t
	}
	if m := returnPrimitiveRe.FindStringSubmatch(s); m != nil {
		t := TypeExpr{Raw: m[0], Name: m[1], Primitive: true, OK: true, Collection: m[2] != ""}
		return &t
	}
	return nil
}

// extractExamples finds example request and response blocks: by
// annotation when there is one, else by the nearest Request/Response
// heading (any level), else by content.
func (p *Page) extractExamples() {
	for _, s := range p.Sections {
		heading := ""
		for _, b := range s.Blocks {
			if b.Kind == BlockHeading && !isTabMarker(b.Text) {
				heading = b.Text
				continue
			}
			if b.Kind != BlockCode {
				continue
			}
			role := RoleNone
			if a := b.Annotation; a != nil {
				switch a.BlockType {
				case "request":
					role = RoleRequest
				case "response":
					role = RoleResponse
				case "ignored":
					// today's pages mark some example requests ignored
					// (for the docs' test runner) but still name them
					if a.Name == "" || s.Canon != SecExamples {
						continue
					}
				case "resource", "example", "samples":
					continue
				}
			}
			if role == RoleNone {
				if s.Canon != SecExamples || (b.Info != "" && b.Info != "http" && b.Info != "json" && b.Info != "msgraph-interactive") {
					continue
				}
				hl := LowerASCII(heading)
				switch {
				case strings.HasPrefix(hl, "request"):
					role = RoleRequest
				case strings.HasPrefix(hl, "response"):
					role = RoleResponse
				default:
					first := strings.TrimSpace(firstLine(b.Text))
					if _, _, _, ok := ParseRequestLine(first); ok {
						role = RoleRequest
					} else if strings.HasPrefix(strings.ToUpper(first), "HTTP") {
						role = RoleResponse
					}
				}
			}
			if role == RoleNone {
				continue
			}
			ex := &Example{Role: role, Block: b, Annotation: b.Annotation, Message: ParseMessage(b.Text), Heading: heading}
			if role == RoleResponse && ex.Message.NonCanonical && ex.Message.StatusText != "" {
				p.addDiag(b.ContentOff, diag.StatusLine, "status line %q is not canonical (want `%s`)", clip(ex.Message.StatusText, 40), CanonicalStatus(ex.Message.Status))
			}
			p.API.Examples = append(p.API.Examples, ex)
		}
	}
}

func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if strings.TrimSpace(line) != "" {
			return line
		}
	}
	return ""
}

// shortTypeName returns a type name without its namespace.
func shortTypeName(n string) string {
	if i := strings.LastIndexByte(n, '.'); i >= 0 {
		return n[i+1:]
	}
	return n
}
