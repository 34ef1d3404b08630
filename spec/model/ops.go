package model

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/page"
)

// standardHeaders are request headers OpenAPI describes elsewhere
// (security, content negotiation), so they are not parameters.
var standardHeaders = map[string]bool{"authorization": true, "content-type": true, "accept": true, "content-length": true}

// queryOptionOrder is the order OData query options are listed in.
var queryOptionOrder = []string{"$top", "$skip", "$search", "$filter", "$count", "$orderby", "$select", "$expand", "$format", "$skiptoken", "$deltatoken", "$levels", "$apply"}

// allOperations turns the request lines of every API page into
// operations. Building an operation only reads the linker's types, so the
// pages are built on GOMAXPROCS workers, each with diagnostics of its
// own; the operations are then merged in page order, as one loop would.
// A build that would change the linker (a type that only a
// "Possible values" list defines becomes a provisional enum) is done
// again in page order, with every page after it.
func (l *linker) allOperations() {
	var pages []*page.Page
	for _, p := range l.pages {
		if p.API != nil {
			pages = append(pages, p)
		}
	}
	l.indexCollNavs()
	inPageOrder(pages,
		func(p *page.Page) ([]builtOp, bool) { return l.buildOps(p, true) },
		l.addOps,
		func(p *page.Page) {
			ops, _ := l.buildOps(p, false)
			l.addOps(p, ops)
		})
}

// builtOp is an operation and the diagnostics building it gave.
type builtOp struct {
	op    *Operation
	diags diag.List
}

// buildOps builds the operations of an API page's request lines, on a
// copy of the linker whose diagnostics are its own. When frozen, the
// linker's maps must not change: ok is false if a build needed to.
func (l *linker) buildOps(p *page.Page, frozen bool) (ops []builtOp, ok bool) {
	w := *l
	w.frozen = frozen
	a := p.API
	for _, rl := range a.Requests {
		w.diags = nil
		path, pparams := CanonicalPath(rl.Path)
		op := w.operation(p, rl, path, pparams)
		op.Pos = p.Pos(rl.Off)
		op.score = ownerScore(p, rl, path)
		if isWholePlaceholder(lastSegment(path)) && a.Response.Type != nil && a.Response.Type.Collection {
			op.score -= 2 // a list page documenting an item path in passing
		}
		if w.thawed {
			return nil, false
		}
		ops = append(ops, builtOp{op, w.diags})
	}
	return ops, true
}

// addOps adds a page's built operations, keeping one of two pages that
// document the same operation.
func (l *linker) addOps(p *page.Page, ops []builtOp) {
	for _, ex := range p.API.Examples {
		if ex.Message.Server != "" {
			l.servers[ex.Message.Server]++
		}
	}
	for _, b := range ops {
		op := b.op
		l.diags = append(l.diags, b.diags...)
		key := op.Method + " " + op.Path
		old, ok := l.ops[key]
		if !ok {
			l.ops[key] = op
			continue
		}
		if old.Source == p.File.Name {
			continue // the same path twice on one page
		}
		keep, other := old, op
		if op.score > old.score {
			keep, other = op, old
		}
		l.diags.Add(op.Pos, diag.DuplicateOperation, "%s %s is also documented in %s; one operation is kept, from %s", op.Method, op.Path, old.Source, keep.Source)
		l.mergeTypes(keep, other)
		l.ops[key] = keep
	}
}

// ownerScore ranks the pages documenting one operation, so that the page
// that is about it wins over pages that mention it: a request line without
// a query string (the plain form, not a `?$expand=` variation) counts
// most, then a page file name that names the path's last segment
// (user-list-events.md for /me/events). Ties go to the first page by path.
func ownerScore(p *page.Page, rl page.RequestLine, path string) int {
	score := 0
	if rl.Query == "" {
		score += 2
	}
	seg := ""
	for _, s := range strings.Split(path, "/") {
		if s != "" && !isWholePlaceholder(s) {
			seg = strings.ToLower(literalName(s))
		}
	}
	if seg != "" && strings.Contains(strings.ToLower(strings.ReplaceAll(p.File.Name, "-", "")), seg) {
		score++
	}
	return score
}

// mergeTypes widens the kept operation's body and response types to the
// nearest common base type of both pages' types: Intune documents
// POST /deviceAppManagement/mobileApps once per derived app type, and the
// operation takes any mobileApp.
func (l *linker) mergeTypes(keep, other *Operation) {
	if keep.Body != nil && other.Body != nil && keep.Body.Type != nil && other.Body.Type != nil {
		if c := l.commonBase(*keep.Body.Type, *other.Body.Type); c != "" {
			keep.Body.Type.Name = c
		}
	}
	if keep.Response != nil && other.Response != nil {
		if c := l.commonBase(*keep.Response, *other.Response); c != "" {
			keep.Response.Name = c
		}
	}
}

// commonBase returns the nearest type both references derive from (or
// are), "" when they are not two types with a common ancestor.
func (l *linker) commonBase(a, b TypeRef) string {
	if a.Kind != RefType || b.Kind != RefType || a.Collection != b.Collection {
		return ""
	}
	chain := map[string]bool{}
	for t := l.types[strings.ToLower(a.Name)]; t != nil; t = l.types[strings.ToLower(t.Base)] {
		if chain[t.Name] {
			break
		}
		chain[t.Name] = true
	}
	seen := map[string]bool{}
	for t := l.types[strings.ToLower(b.Name)]; t != nil && !seen[t.Name]; t = l.types[strings.ToLower(t.Base)] {
		if chain[t.Name] {
			return t.Name
		}
		seen[t.Name] = true
	}
	return ""
}

// operation builds one operation.
func (l *linker) operation(p *page.Page, rl page.RequestLine, path string, pparams []PathParam) *Operation {
	a := p.API
	op := &Operation{
		Method: rl.Method, Path: path, Summary: page.Plain(p.Title.Text),
		Description: page.Prose(p.Summary.Text), Source: p.File.Name,
	}
	op.Tag = firstLiteral(path)
	respColl := a.Response.Type != nil && a.Response.Type.Collection
	op.Kind = opKind(rl.Method, path, p, respColl)
	fparams := map[string]page.Property{}
	for _, fp := range a.FunctionParams {
		fparams[strings.ToLower(fp.Name.Text)] = fp
	}
	for _, pp := range pparams {
		prm := Param{Name: pp.Name, Required: true, Written: pp.Written, Type: TypeRef{Kind: RefPrimitive, Name: "String"}}
		if pp.Key {
			prm.Description = "The key of the " + strings.TrimSuffix(pp.Name, "-id") + " (written `{" + pp.Written + "}` in the docs)"
		} else if fp, ok := fparams[strings.ToLower(strings.ReplaceAll(pp.Name, "-", ""))]; ok {
			prm.Description = page.Prose(fp.Description.Text)
			prm.Type = l.resolve(p, fp.Type, fp.Values, p.Pos(fp.Name.Off))
			delete(fparams, strings.ToLower(strings.ReplaceAll(pp.Name, "-", "")))
		} else {
			prm.Description = "Written `" + pp.Written + "` in the docs"
		}
		if prm.Type.Kind != RefPrimitive && prm.Type.Kind != RefInlineEnum && prm.Type.Kind != RefEnum {
			prm.Type = TypeRef{Kind: RefPrimitive, Name: "String"}
		}
		op.PathParams = append(op.PathParams, prm)
	}
	// function parameters not in the path, and non-OData query parameters
	var extra []page.Property
	if op.Kind == "function" {
		for _, fp := range a.FunctionParams {
			_, left := fparams[strings.ToLower(fp.Name.Text)]
			// an argument written with a value in the path
			// (filterByCurrentUser(on='reviewer')) is not a query parameter
			inPath := strings.Contains(strings.ToLower(path), strings.ToLower(fp.Name.Text)+"=")
			if left && !inPath {
				extra = append(extra, fp)
			}
		}
	}
	extra = append(extra, a.QueryParams...)
	seen := map[string]bool{}
	for _, qp := range extra {
		n := qp.Name.Text
		if seen[strings.ToLower(n)] || n == "" {
			continue
		}
		seen[strings.ToLower(n)] = true
		t := l.resolve(p, qp.Type, qp.Values, p.Pos(qp.Name.Off))
		if t.Kind == RefType || t.Kind == RefOpen {
			t = TypeRef{Kind: RefPrimitive, Name: "String", Collection: t.Collection}
		}
		op.QueryParams = append(op.QueryParams, Param{Name: n, Description: page.Prose(qp.Description.Text), Type: t, Required: qp.Required})
	}
	have := map[string]bool{}
	for _, q := range a.QueryOptions {
		have[q.Text] = true
	}
	for _, q := range queryOptionOrder {
		if have[q] {
			op.QueryOptions = append(op.QueryOptions, q)
		}
	}
	hseen := map[string]bool{}
	for _, h := range a.Headers {
		k := strings.ToLower(h.Name)
		if standardHeaders[k] || hseen[k] || !isHeaderName(h.Name) {
			continue
		}
		hseen[k] = true
		op.Headers = append(op.Headers, Param{Name: h.Name, Description: h.Value, Required: h.Required, Type: TypeRef{Kind: RefPrimitive, Name: "String"}})
	}
	l.body(p, op)
	op.Status = a.Response.Status
	if op.Status == 0 {
		op.Status = defaultStatus(op)
	}
	if t := a.Response.Type; t != nil && op.Status != 204 {
		ref := l.resolve(p, *t, nil, p.Pos(a.Response.Off))
		op.Response = &ref
	}
	op.Permissions = permissions(a.Permissions)
	for _, ex := range a.Examples {
		op.Examples = append(op.Examples, Example{
			Request: ex.Role == page.RoleRequest, Status: ex.Message.Status, Body: ex.Value,
			Pos: p.Pos(ex.Block.ContentOff + ex.Message.BodyOff), Name: exampleName(ex),
		})
	}
	l.checkUpdateKey(p, rl, op)
	return op
}

func exampleName(ex *page.Example) string {
	if ex.Annotation != nil {
		return ex.Annotation.Name
	}
	return ""
}

// body fills the request body of an operation.
func (l *linker) body(p *page.Page, op *Operation) {
	b := p.API.Body
	if op.Method == "GET" || op.Method == "DELETE" || b.None {
		return
	}
	switch {
	case b.Type != nil:
		ref := l.resolve(p, *b.Type, nil, p.Pos(b.Off))
		op.Body = &Body{Type: &ref, ContentType: "application/json"}
		if ref.Kind == RefPrimitive && ref.Name == "Stream" {
			op.Body.ContentType = "application/octet-stream"
		}
		if ref.Kind == RefType {
			l.checkBodyProps(p, ref.Name)
			for _, prop := range b.Props {
				if prop.Required && !prop.ReadOnly && !slices.Contains(op.Body.Required, prop.Name.Text) {
					op.Body.Required = append(op.Body.Required, prop.Name.Text)
				}
			}
		}
	case len(b.Props) > 0:
		op.Body = &Body{ContentType: "application/json"}
		seen := map[string]bool{}
		for _, prop := range b.Props {
			if seen[prop.Name.Text] || strings.Contains(prop.Name.Text, "/") {
				continue
			}
			seen[prop.Name.Text] = true
			op.Body.Params = append(op.Body.Params, &Property{
				Name: prop.Name.Text, Type: l.resolve(p, prop.Type, prop.Values, p.Pos(prop.Name.Off)),
				Description: page.Prose(prop.Description.Text), Required: prop.Required, ReadOnly: prop.ReadOnly,
				Pos: p.Pos(prop.Name.Off),
			})
		}
	}
}

// checkBodyProps reports body-table rows that the body's type does not
// define (directly or through a base type).
func (l *linker) checkBodyProps(p *page.Page, typeName string) {
	t := l.types[strings.ToLower(typeName)]
	if t == nil || t.Provisional {
		return
	}
	all := l.ancestorProps(t)
	for _, prop := range t.Properties {
		all[prop.Name] = true
	}
	for _, d := range t.Derived {
		if dt := l.types[strings.ToLower(d)]; dt != nil {
			for _, prop := range dt.Properties {
				all[prop.Name] = true
			}
		}
	}
	for _, prop := range p.API.Body.Props {
		if !all[prop.Name.Text] && !strings.HasPrefix(prop.Name.Text, "@") {
			l.diags.Add(p.Pos(prop.Name.Off), diag.UnknownProperty, "request body lists %s, which type %s does not define", prop.Name.Text, t.Name)
		}
	}
}

// checkUpdateKey reports a PATCH whose path addresses a collection: no key
// segment at the end, and the last segment is the plural of the updated
// type or a collection-valued navigation property of that type.
func (l *linker) checkUpdateKey(p *page.Page, rl page.RequestLine, op *Operation) {
	if op.Method != "PATCH" || op.Body == nil || op.Body.Type == nil || op.Body.Type.Kind != RefType {
		return
	}
	last := lastSegment(op.Path)
	if isWholePlaceholder(last) || strings.ContainsAny(last, "(:$.") {
		return
	}
	short := shortName(op.Body.Type.Name)
	collection := strings.EqualFold(Singular(last), short) || strings.EqualFold(last, short+"s")
	if !collection {
		collection = l.collNavs[last][strings.ToLower(op.Body.Type.Name)]
	}
	if collection {
		l.diags.Add(p.Pos(rl.Off), diag.UpdateWithoutKey, "PATCH %s addresses the %s collection, not one %s: the key segment is probably missing (want %s/{%s-id}); the path is kept as written", rl.Path, last, short, rl.Path, Singular(last))
	}
}

// indexCollNavs indexes the collection navigation properties of every
// type by name, for checkUpdateKey.
func (l *linker) indexCollNavs() {
	l.collNavs = map[string]map[string]bool{}
	for _, t := range l.types {
		for _, prop := range t.Properties {
			if prop.Nav && prop.Type.Collection {
				if l.collNavs[prop.Name] == nil {
					l.collNavs[prop.Name] = map[string]bool{}
				}
				l.collNavs[prop.Name][strings.ToLower(prop.Type.Name)] = true
			}
		}
	}
}

// writeKinds are the kinds of PATCH, PUT and DELETE, on any path.
var writeKinds = map[string]string{"PATCH": "update", "PUT": "replace", "DELETE": "delete"}

// opKind says what an operation does: list, get, create, update, replace,
// delete, action or function.
func opKind(method, path string, p *page.Page, respColl bool) string {
	if k, ok := writeKinds[method]; ok {
		return k
	}
	last := lastSegment(path)
	if isWholePlaceholder(last) {
		if method == "GET" {
			return "get"
		}
		return "action"
	}
	name := literalName(last)
	isCall := strings.Contains(last, "(") || strings.EqualFold(name, "delta") || titleNames(p.Title.Text, name)
	switch method {
	case "GET":
		if isCall {
			return "function"
		}
		if respColl {
			return "list"
		}
		return "get"
	case "POST":
		// a cast segment names the type of what is created
		// (POST /servicePrincipals/microsoft.graph.agentIdentity)
		if !isCall && strings.Contains(last, ".") && (sameType(p.API.Response.Type, name) || sameType(p.API.Body.Type, name)) {
			return "create"
		}
		if isCall || (p.API.Body.Type == nil && len(p.API.Body.Props) > 0) || (Singular(name) == name && !strings.HasPrefix(last, "$")) {
			return "action"
		}
		return "create"
	}
	return strings.ToLower(method)
}

// sameType reports whether t names the type called name (namespace
// aside).
func sameType(t *page.TypeExpr, name string) bool {
	return t != nil && !t.Collection && strings.EqualFold(shortName(t.Name), name)
}

// titleNames reports whether a title names an action or function called
// name: "user: sendMail", "createToken action".
func titleNames(title, name string) bool {
	t := strings.ToLower(strings.TrimSpace(title))
	n := strings.ToLower(name)
	if i := strings.LastIndex(t, ":"); i >= 0 && strings.TrimSpace(t[i+1:]) == n {
		return true
	}
	for _, suf := range []string{" action", " function"} {
		if strings.HasSuffix(t, suf) && strings.TrimSpace(strings.TrimSuffix(t, suf)) == n {
			return true
		}
	}
	return false
}

// defaultStatus is the success code assumed when the Response prose names
// none.
func defaultStatus(op *Operation) int {
	switch op.Kind {
	case "create":
		return 201
	case "delete":
		return 204
	}
	return 200
}

// permissions turns the permissions table into scopes per kind.
func permissions(rows []page.Permission) Permissions {
	var out Permissions
	add := func(list *[]string, scopes []string) {
		for _, s := range scopes {
			if !slices.Contains(*list, s) {
				*list = append(*list, s)
			}
		}
	}
	for _, r := range rows {
		switch r.Kind {
		case page.PermDelegatedWork:
			add(&out.DelegatedWork, r.Scopes)
		case page.PermDelegatedPersonal:
			add(&out.DelegatedPersonal, r.Scopes)
		case page.PermApplication:
			add(&out.Application, r.Scopes)
		}
		out.Rows = append(out.Rows, PermissionRow{Kind: r.Kind.String(), Label: r.Label.Text, Value: page.Plain(r.Raw.Text), Least: r.Least})
	}
	return out
}

// firstLiteral returns the first literal segment of a path, the
// operation's tag.
func firstLiteral(path string) string {
	for _, seg := range strings.Split(path, "/") {
		if seg != "" && !isWholePlaceholder(seg) {
			if n := literalName(seg); n != "" {
				return n
			}
		}
	}
	return "root"
}

// isHeaderName reports whether s is a valid HTTP header name.
func isHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return false
		}
	}
	return true
}

// finish sorts everything into the API and assigns unique operation IDs.
func (l *linker) finish() {
	for _, t := range sortedTypes(l.types) {
		l.api.Types = append(l.api.Types, t)
	}
	for _, e := range l.enums {
		l.api.Enums = append(l.api.Enums, e)
	}
	slices.SortFunc(l.api.Enums, func(a, b *Enum) int { return strings.Compare(a.Name, b.Name) })
	for _, op := range l.ops {
		l.api.Operations = append(l.api.Operations, op)
	}
	slices.SortFunc(l.api.Operations, func(a, b *Operation) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Method, b.Method))
	})
	// IDs: the first operation by path keeps the plain ID; later ones
	// that would repeat it name their key parameters, then a number
	// IDs are compared the way code generators name things: case and
	// separators do not count (me.range and me.Range would both become
	// MeRange)
	used := map[string]bool{}
	for _, op := range l.api.Operations {
		id := operationID(op.Path, op.Kind)
		if used[idKey(id)] {
			id = withKeys(id, op)
		}
		for n, base := 2, id; used[idKey(id)]; n++ {
			id = base + strconv.Itoa(n)
		}
		used[idKey(id)] = true
		op.ID = id
	}
	type sc struct {
		s string
		n int
	}
	var servers []sc
	for s, n := range l.servers {
		servers = append(servers, sc{s, n})
	}
	slices.SortFunc(servers, func(a, b sc) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.s, b.s)) })
	for _, s := range servers {
		l.api.Servers = append(l.api.Servers, s.s)
	}
}

// idKey is an operation ID without case and separators.
func idKey(id string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r == '-' {
			return -1
		}
		return r
	}, id))
}

// withKeys appends an operation's path parameter names to its ID.
func withKeys(id string, op *Operation) string {
	var keys []string
	for _, p := range op.PathParams {
		keys = append(keys, strings.ReplaceAll(p.Name, "-", ""))
	}
	if len(keys) == 0 {
		return id
	}
	return id + ".by." + strings.Join(keys, ".")
}
