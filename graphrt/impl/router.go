package impl

import (
	"fmt"
	"log"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
)

// Route is one operation of a generated server: its method, its path
// template as the spec writes it (placeholders in braces, such as
// /users/{user-id}/findRooms(RoomList='{RoomList}')), its operation id,
// the Go name of its Handler method, and the function that serves it with
// the handler h and the path's arguments in template order.
type Route[H any] struct {
	Method, Path, ID, Name string
	Serve                  func(h H, w http.ResponseWriter, r *http.Request, args []string)
}

// NewRouter returns a handler serving routes with h. It routes by Graph's
// path grammar, which http.ServeMux cannot express, on the request's path
// split at '/' and then percent-decoded segment by segment (so that an
// escaped %2F stays inside its segment). A template segment is one of:
//
//   - a literal, such as users or delta(), which matches itself exactly;
//   - a placeholder, such as {user-id}, which matches any non-empty
//     segment;
//   - literals and placeholders mixed, such as roleTemplateId={id},
//     range(address='{address}') or
//     getActivitiesByInterval(startDateTime='{s}',endDateTime='{e}',interval='{i}'),
//     which matches a segment holding its literal parts in order and
//     captures what lies between them (possibly nothing). A placeholder
//     between single quotes is an OData string literal: it ends at the
//     first quote that is not doubled, and a doubled quote in its value
//     stands for one quote. Any other placeholder ends at the first
//     occurrence of the literal that follows it, or, when it is the
//     segment's last, at the literal that ends the segment;
//   - a spanning placeholder, a segment that is exactly {name}: after a
//     segment ending in ':' (as in /me/drive/root:/{item-path}:/content;
//     elsewhere, as in /sites/{hostname}:/{id}, {name}: is a mixed
//     segment, one path segment ending in ':'), which captures one or more
//     non-empty segments up to the first one ending in ':', joined with '/'
//     and without the ':' (root:/a/b/c.txt:/content gives "a/b/c.txt").
//     When it is the last segment of its template, the closing ':' may be
//     left out, as Graph allows: /me/drive/root:/a/b.txt, if no segment
//     after root: ends in ':'.
//
// Precedence, when several templates match a path: at each segment, from
// the left, a literal is tried first; then mixed segments, those with more
// literal characters first, then in the order of their template text;
// then spanning placeholders, then a whole-segment placeholder. The first
// of these that leads to a complete match wins (the matcher backtracks
// when the rest of the path does not match), so /users/delta() is the
// function and not a user, while /users/delta()/manager is user
// "delta()"'s manager when there is no template /users/delta()/manager.
// Placeholder names do not matter: /users/{id} and /users/{user-id} are
// the same template.
//
// The path chooses the resource first, then the method the route: a path
// that matches a template with no route for the request's method is
// answered 405 MethodNotAllowed with an Allow header (it does not fall
// back to a template of lower precedence), and a path that matches none
// 404 NotFound, both in Graph's error shape. A panic in Serve is logged
// and answered 500 InternalServerError; if the response has started, the
// connection is aborted instead. r.Pattern is set to the route's method
// and path template, as http.ServeMux sets it, and a client-request-id
// request header is echoed in the response, as Graph does.
//
// With Intercept among opts, every request, routed or not, goes through
// the Interceptor (see there).
//
// NewRouter panics on a malformed template (not starting with '/', or with
// unbalanced braces) and on two routes with the same method and template:
// both are mistakes in generated code.
func NewRouter[H any](h H, routes []Route[H], opts ...RouterOption) http.Handler {
	rt := &router[H]{h: h, root: &rtNode[H]{}}
	for _, o := range opts {
		o(&rt.cfg)
	}
	for i := range routes {
		rt.add(&routes[i])
	}
	rt.root.finish()
	return rt
}

// router is what NewRouter returns.
type router[H any] struct {
	h    H
	root *rtNode[H]
	cfg  routerConfig
}

// rtNode is a node of the routing trie: the routes whose template ends
// here, and the edges to the next segment.
type rtNode[H any] struct {
	lit    map[string]*rtNode[H]
	mixed  []*rtEdge[H] // mixed and spanning segments, in precedence order
	param  *rtNode[H]   // a whole-segment placeholder
	routes []*Route[H]  // by method, sorted
	allow  string       // the routes' methods, for a 405's Allow header
}

// rtEdge leads from a node over a mixed or spanning template segment.
type rtEdge[H any] struct {
	seg  rtSegment
	key  string // the segment with its placeholders' names left out
	next *rtNode[H]
}

// rtSegment is one segment of a path template: its literal parts, one
// more than its placeholders, with placeholder i between lits[i] and
// lits[i+1].
type rtSegment struct {
	lits   []string
	names  []string
	quoted []bool // placeholder i is between single quotes
	span   bool   // {name}: after a segment ending in ':'
}

// The kinds of template segments.
const (
	rtLiteral = iota
	rtWhole
	rtSpan
	rtMixed
)

func (s *rtSegment) kind() int {
	switch {
	case len(s.names) == 0:
		return rtLiteral
	case len(s.names) == 1 && s.lits[0] == "" && s.lits[1] == "":
		return rtWhole
	case s.span:
		return rtSpan
	}
	return rtMixed
}

// key returns the segment with the names of its placeholders left out:
// two templates that differ only in names route the same.
func (s *rtSegment) key() string {
	return strings.Join(s.lits, "{}")
}

// literalLen is how many literal bytes the segment has.
func (s *rtSegment) literalLen() int {
	n := 0
	for _, l := range s.lits {
		n += len(l)
	}
	return n
}

// parseSegment splits a template segment into literals and placeholders.
func parseSegment(s string) (rtSegment, error) {
	var seg rtSegment
	for {
		i := strings.IndexAny(s, "{}")
		if i < 0 {
			seg.lits = append(seg.lits, s)
			break
		}
		if s[i] == '}' {
			return seg, fmt.Errorf("'}' without '{' in %q", s)
		}
		j := strings.IndexAny(s[i+1:], "{}")
		if j < 0 || s[i+1+j] != '}' {
			return seg, fmt.Errorf("unclosed '{' in %q", s)
		}
		seg.lits = append(seg.lits, s[:i])
		seg.names = append(seg.names, s[i+1:i+1+j])
		s = s[i+1+j+1:]
	}
	seg.quoted = make([]bool, len(seg.names))
	for i := range seg.names {
		seg.quoted[i] = strings.HasSuffix(seg.lits[i], "'") && strings.HasPrefix(seg.lits[i+1], "'")
	}
	return seg, nil
}

// parseTemplate splits a path template into its segments.
func parseTemplate(path string) ([]rtSegment, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("path template %q does not start with '/'", path)
	}
	parts := strings.Split(path[1:], "/")
	segs := make([]rtSegment, len(parts))
	for i, p := range parts {
		s, err := parseSegment(p)
		if err != nil {
			return nil, fmt.Errorf("path template %q: %w", path, err)
		}
		s.span = len(s.names) == 1 && s.lits[0] == "" && s.lits[1] == ":" && i > 0 && strings.HasSuffix(parts[i-1], ":")
		segs[i] = s
	}
	return segs, nil
}

// add puts a route into the trie.
func (rt *router[H]) add(route *Route[H]) {
	segs, err := parseTemplate(route.Path)
	if err != nil {
		panic("impl.NewRouter: " + err.Error())
	}
	n := rt.root
	for i := range segs {
		s := &segs[i]
		switch s.kind() {
		case rtLiteral:
			if n.lit == nil {
				n.lit = map[string]*rtNode[H]{}
			}
			next := n.lit[s.lits[0]]
			if next == nil {
				next = &rtNode[H]{}
				n.lit[s.lits[0]] = next
			}
			n = next
		case rtWhole:
			if n.param == nil {
				n.param = &rtNode[H]{}
			}
			n = n.param
		default:
			key := s.key()
			var e *rtEdge[H]
			for _, m := range n.mixed {
				if m.key == key {
					e = m
					break
				}
			}
			if e == nil {
				e = &rtEdge[H]{seg: *s, key: key, next: &rtNode[H]{}}
				n.mixed = append(n.mixed, e)
			}
			n = e.next
		}
	}
	for _, r := range n.routes {
		if r.Method == route.Method {
			panic(fmt.Sprintf("impl.NewRouter: %s %s and %s %s are the same route", r.Method, r.Path, route.Method, route.Path))
		}
	}
	n.routes = append(n.routes, route)
}

// finish sorts every node's edges and routes into precedence order.
func (n *rtNode[H]) finish() {
	slices.SortStableFunc(n.mixed, func(a, b *rtEdge[H]) int {
		as, bs := a.seg.kind() == rtSpan, b.seg.kind() == rtSpan
		switch {
		case as != bs:
			if as {
				return 1
			}
			return -1
		case a.seg.literalLen() != b.seg.literalLen():
			return b.seg.literalLen() - a.seg.literalLen()
		}
		return strings.Compare(a.key, b.key)
	})
	slices.SortFunc(n.routes, func(a, b *Route[H]) int { return strings.Compare(a.Method, b.Method) })
	methods := make([]string, len(n.routes))
	for i, r := range n.routes {
		methods[i] = r.Method
	}
	n.allow = strings.Join(methods, ", ")
	for _, c := range n.lit {
		c.finish()
	}
	for _, e := range n.mixed {
		e.next.finish()
	}
	if n.param != nil {
		n.param.finish()
	}
}

// splitPath splits an escaped request path at '/' and percent-decodes
// each segment. It returns false for a path that does not start with '/'
// or does not decode.
func splitPath(escaped string) ([]string, bool) {
	if !strings.HasPrefix(escaped, "/") {
		return nil, false
	}
	segs := strings.Split(escaped[1:], "/")
	for i, s := range segs {
		if strings.IndexByte(s, '%') < 0 {
			continue
		}
		d, err := url.PathUnescape(s)
		if err != nil {
			return nil, false
		}
		segs[i] = d
	}
	return segs, true
}

// lookup returns the node whose templates match the escaped path, and the
// arguments the match captured, in template order; nil when none does.
func (rt *router[H]) lookup(escaped string) (*rtNode[H], []string) {
	segs, ok := splitPath(escaped)
	if !ok {
		return nil, nil
	}
	return rt.root.match(segs, nil)
}

// match matches segs against the templates below n, trying the edges in
// precedence order and backtracking when the rest does not match.
func (n *rtNode[H]) match(segs []string, args []string) (*rtNode[H], []string) {
	if len(segs) == 0 {
		if len(n.routes) > 0 {
			return n, args
		}
		return nil, nil
	}
	s := segs[0]
	if c := n.lit[s]; c != nil {
		if m, a := c.match(segs[1:], args); m != nil {
			return m, a
		}
	}
	for _, e := range n.mixed {
		if e.seg.kind() == rtSpan {
			if m, a := e.matchSpan(segs, args); m != nil {
				return m, a
			}
			continue
		}
		if a, ok := e.seg.capture(s, args); ok {
			if m, a := e.next.match(segs[1:], a); m != nil {
				return m, a
			}
		}
	}
	if n.param != nil && s != "" {
		if m, a := n.param.match(segs[1:], append(args[:len(args):len(args)], s)); m != nil {
			return m, a
		}
	}
	return nil, nil
}

// matchSpan matches a spanning placeholder: segments up to one ending in
// ':', each the first that does, then the rest of the path with what
// follows; or, when the template ends with it, all the segments left if
// none ends in ':'.
func (e *rtEdge[H]) matchSpan(segs []string, args []string) (*rtNode[H], []string) {
	for k, s := range segs {
		if s == "" || s == ":" {
			return nil, nil
		}
		if s[len(s)-1] != ':' {
			continue
		}
		parts := slices.Clone(segs[:k+1])
		parts[k] = s[:len(s)-1]
		arg := strings.Join(parts, "/")
		if m, a := e.next.match(segs[k+1:], append(args[:len(args):len(args)], arg)); m != nil {
			return m, a
		}
	}
	for _, s := range segs {
		if strings.HasSuffix(s, ":") {
			return nil, nil
		}
	}
	if len(e.next.routes) > 0 {
		return e.next, append(args[:len(args):len(args)], strings.Join(segs, "/"))
	}
	return nil, nil
}

// capture matches one decoded path segment against a mixed template
// segment, appending its placeholders' values to args.
func (t *rtSegment) capture(s string, args []string) ([]string, bool) {
	if !strings.HasPrefix(s, t.lits[0]) {
		return nil, false
	}
	out := args[:len(args):len(args)]
	pos := len(t.lits[0])
	last := len(t.names) - 1
	for i := range t.names {
		next := t.lits[i+1]
		rest := s[pos:]
		var end int // of the value within rest
		switch {
		case t.quoted[i]:
			end = -1
			for j := 0; j < len(rest); j++ {
				if rest[j] != '\'' {
					continue
				}
				if j+1 < len(rest) && rest[j+1] == '\'' {
					j++
					continue
				}
				end = j
				break
			}
			if end < 0 || !strings.HasPrefix(rest[end:], next) {
				return nil, false
			}
			if i == last && len(rest[end:]) != len(next) {
				return nil, false
			}
			out = append(out, strings.ReplaceAll(rest[:end], "''", "'"))
		case i == last:
			if !strings.HasSuffix(rest, next) {
				return nil, false
			}
			end = len(rest) - len(next)
			out = append(out, rest[:end])
		default:
			end = strings.Index(rest, next)
			if end < 0 {
				return nil, false
			}
			out = append(out, rest[:end])
		}
		pos += end + len(next)
	}
	return out, true
}

// route returns n's route for method, or nil.
func (n *rtNode[H]) route(method string) *Route[H] {
	for _, r := range n.routes {
		if r.Method == method {
			return r
		}
	}
	return nil
}

// ServeHTTP routes r to the route its path and method match.
func (rt *router[H]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if id := r.Header.Get("client-request-id"); id != "" {
		w.Header().Set("client-request-id", id)
	}
	n, args := rt.lookup(r.URL.EscapedPath())
	var route *Route[H]
	if n != nil {
		route = n.route(r.Method)
	}
	var id, name string
	if route != nil {
		id, name = route.ID, route.Name
		r.Pattern = route.Method + " " + route.Path
		// A handler's context carries its request (RequestFrom): a fake's
		// list builds @odata.nextLink from it, and a fake's $ref reads the
		// body ReadBody read (GetBody). It is the request the route
		// serves, not a copy.
		served := new(http.Request)
		*served = *r.WithContext(WithRequest(r.Context(), served))
		r = served
	}
	tw := &rtWriter{ResponseWriter: w}
	if rt.cfg.icept == nil {
		rt.serve(tw, r, n, route, args)
		return
	}
	rt.cfg.icept.Intercept(id, name, tw, r, func() int {
		rt.serve(tw, r, n, route, args)
		return tw.code()
	})
}

// serve answers r: with the route, or 404 when no template matched (n is
// nil), or 405 when none has a route for the method.
func (rt *router[H]) serve(tw *rtWriter, r *http.Request, n *rtNode[H], route *Route[H], args []string) {
	switch {
	case n == nil:
		graphrt.WriteError(tw, http.StatusNotFound, graphrt.CodeNotFound, fmt.Sprintf("no resource at %s", r.URL.Path))
	case route == nil:
		tw.Header().Set("Allow", n.allow)
		graphrt.WriteError(tw, http.StatusMethodNotAllowed, graphrt.CodeMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s", r.Method, r.URL.Path))
	default:
		defer rtRecover(tw, r, route.ID)
		route.Serve(rt.h, tw, r, args)
	}
}

// rtRecover answers a panic in a route's Serve with 500.
func rtRecover(tw *rtWriter, r *http.Request, id string) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	logf := log.Printf
	if srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok && srv.ErrorLog != nil {
		logf = srv.ErrorLog.Printf
	}
	logf("graphrt: panic serving %s %s (%s): %v\n%s", r.Method, r.URL.Path, id, p, debug.Stack())
	if tw.wrote {
		// Too late for a 500: cut the response short so that the client
		// sees it fail.
		panic(http.ErrAbortHandler)
	}
	h := tw.Header()
	for k := range h {
		delete(h, k)
	}
	if id := r.Header.Get("client-request-id"); id != "" {
		h.Set("client-request-id", id)
	}
	graphrt.WriteError(tw.ResponseWriter, http.StatusInternalServerError, graphrt.CodeInternalServerError,
		fmt.Sprintf("the server failed while serving %s %s", r.Method, r.URL.Path))
	tw.status = http.StatusInternalServerError
}

// rtWriter records whether a response has started, and its status.
type rtWriter struct {
	http.ResponseWriter
	wrote  bool
	status int // the first final status written; 0 before
}

func (w *rtWriter) WriteHeader(status int) {
	if status >= 200 || status == http.StatusSwitchingProtocols {
		w.wrote = true
		if w.status == 0 {
			w.status = status
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *rtWriter) Write(b []byte) (int, error) {
	w.wrote = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// code is the status the response has, or will have: 200 when nothing
// set it, as net/http answers.
func (w *rtWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *rtWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush flushes the underlying writer, if it can.
func (w *rtWriter) Flush() {
	w.wrote = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
