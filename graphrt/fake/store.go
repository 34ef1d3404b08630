// Package fake is the in-memory Graph behind the NewFakeHandler of the
// packages graphdoc generates, for tests: Store holds the entities, and
// the Options of NewStore, passed to NewFakeHandler, set how it makes ids
// and pages or hand the store to the test.
package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
	"github.com/graphdoc/graphdoc/graphrt/odata"
)

// Store is the in-memory data of the fake Graph that generated packages
// offer (NewFakeHandler): entity collections, each keyed by the request
// path of the collection with the real ids in it ("/users/42/messages"),
// each holding JSON objects by id in the order they were created. It is
// safe for concurrent use.
//
// What the store returns is JSON, and what it fails with is a
// *graphrt.Error with Graph's status and code (404 NotFound, 409
// Conflict, 400 BadRequest), which the fake handler answers in Graph's
// error shape.
type Store struct {
	mu       sync.Mutex
	colls    map[string]*entitySet
	refs     map[string]*refSet // navigation path -> references (refs.go)
	n        uint64
	newID    func() string
	pageSize int
	now      func() time.Time
	traffic  traffic    // faults on demand and the request log (faults.go)
	handlers handlerSet // the test's answers of actions and functions (on.go)
}

// entitySet holds one collection's objects.
type entitySet struct {
	ids   []string // in creation order
	items map[string]map[string]json.RawMessage
	ver   map[string]uint64 // the @odata.etag versions of items that have one (etag.go)
}

// Option configures a Store. Any func(*Store) is one: a test can pass its
// own to get hold of the store behind a fake handler.
type Option func(*Store)

// IDs makes the store take new ids from next instead of its counter.
func IDs(next func() string) Option {
	return func(s *Store) { s.newID = next }
}

// PageSize sets how many objects a list returns per page when the
// request has no $top (100 by default).
func PageSize(n int) Option {
	return func(s *Store) {
		if n > 0 {
			s.pageSize = n
		}
	}
}

// Now makes the store take the time it sets createdDateTime and
// lastModifiedDateTime to from now (time.Now by default), so that tests
// can expect exact values.
func Now(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// NewStore returns an empty store. Without IDs, ids are counters shaped
// like GUIDs: 00000000-0000-0000-0000-000000000001, ...002, ...
func NewStore(opts ...Option) *Store {
	s := &Store{colls: map[string]*entitySet{}, refs: map[string]*refSet{}, pageSize: 100, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// object encodes v with encoding/json (running its MarshalJSON, which
// writes @odata.type) and splits the JSON object into its members.
func object(v any) (map[string]json.RawMessage, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest, Message: err.Error()}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return nil, &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest, Message: "the request body must be a JSON object"}
	}
	return obj, nil
}

// notFound is the error for a missing object.
func notFound(collection, id string) *graphrt.Error {
	return &graphrt.Error{StatusCode: http.StatusNotFound, Code: graphrt.CodeNotFound, Message: fmt.Sprintf("no object with id %q in %s", id, collection)}
}

// stringMember returns a member's value when it is a non-empty JSON string.
func stringMember(obj map[string]json.RawMessage, key string) string {
	var s string
	if raw, ok := obj[key]; ok && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

// Create adds v (a JSON object once encoded) to collection and returns it
// as stored. Its key member (such as "id") is set to a new id, unless v
// already has a non-empty string key, which is kept (409 Conflict if the
// collection has it).
func (s *Store) Create(collection, key string, v any) ([]byte, error) {
	obj, err := object(v)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if parent, pid, ok := parentOf(collection); ok {
		// A contained collection lives with its parent: none without it.
		if pc := s.colls[parent]; pc != nil {
			if _, ok := pc.items[pid]; !ok {
				return nil, notFound(parent, pid)
			}
		}
	}
	c := s.colls[collection]
	if c == nil {
		c = &entitySet{items: map[string]map[string]json.RawMessage{}}
		s.colls[collection] = c
	}
	stamp(obj, reflect.TypeOf(v), s.now(), true)
	id := stringMember(obj, key)
	if id == "" {
		id = s.nextID()
	}
	if _, dup := c.items[id]; dup {
		return nil, &graphrt.Error{StatusCode: http.StatusConflict, Code: "Conflict", Message: fmt.Sprintf("an object with id %q is already in %s", id, collection)}
	}
	obj[key], _ = json.Marshal(id)
	c.ids = append(c.ids, id)
	c.items[id] = obj
	c.bump(id, obj, hasETag(reflect.TypeOf(v)))
	return json.Marshal(obj)
}

// parentOf splits a contained collection's path, /users/42/messages,
// into its parent collection and the parent's id: /users, 42.
func parentOf(collection string) (parent, id string, ok bool) {
	i := strings.LastIndexByte(collection, '/')
	if i <= 0 {
		return "", "", false
	}
	j := strings.LastIndexByte(collection[:i], '/')
	if j <= 0 {
		return "", "", false
	}
	return collection[:j], collection[j+1 : i], true
}

// stamp sets the members the service sets: createdDateTime (on create,
// unless the body set it) and lastModifiedDateTime (always), when the
// value's type has them as date-times (SchemaOf).
func stamp(obj map[string]json.RawMessage, t reflect.Type, now time.Time, create bool) {
	if t == nil {
		return
	}
	schema := schemaOf(t)
	ts, _ := json.Marshal(now.UTC().Format(time.RFC3339Nano))
	if p, ok := schema["createdDateTime"]; ok && p.Kind == odata.DateTime && !p.Collection && create {
		if raw, set := obj["createdDateTime"]; !set || string(raw) == "null" {
			obj["createdDateTime"] = ts
		}
	}
	if p, ok := schema["lastModifiedDateTime"]; ok && p.Kind == odata.DateTime && !p.Collection {
		obj["lastModifiedDateTime"] = ts
	}
}

// nextID returns a new id; s.mu is held.
func (s *Store) nextID() string {
	if s.newID != nil {
		return s.newID()
	}
	s.n++
	return fmt.Sprintf("00000000-0000-0000-0000-%012d", s.n)
}

// Get returns the object with the id, or a 404 *graphrt.Error.
func (s *Store) Get(collection, id string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, ok := s.lookup(collection, id)
	if !ok {
		return nil, notFound(collection, id)
	}
	return json.Marshal(obj)
}

// lookup finds an object; s.mu is held.
func (s *Store) lookup(collection, id string) (map[string]json.RawMessage, bool) {
	c := s.colls[collection]
	if c == nil {
		return nil, false
	}
	obj, ok := c.items[id]
	return obj, ok
}

// Update merges the members of patch (a JSON object once encoded) into
// the object with the id, as a PATCH does: each member replaces the
// stored one, a null included, and the others are kept. The key member
// never changes. It returns the object as stored, or a 404 *graphrt.Error.
// It is UpdateIf without a request: no If-Match to check.
func (s *Store) Update(collection, key, id string, patch any) ([]byte, error) {
	return s.UpdateIf(nil, collection, key, id, patch)
}

// UpdateIf is Update for a request r (nil in process): when the stored
// object has an @odata.etag and r has an If-Match header that matches
// none of it (see ETag), it answers 412 PreconditionFailed and changes
// nothing.
func (s *Store) UpdateIf(r *http.Request, collection, key, id string, patch any) ([]byte, error) {
	p, err := object(patch)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, ok := s.lookup(collection, id)
	if !ok {
		return nil, notFound(collection, id)
	}
	if err := ifMatch(r, obj, collection, id); err != nil {
		return nil, err
	}
	for k, v := range p {
		if k != key {
			obj[k] = v
		}
	}
	stamp(obj, reflect.TypeOf(patch), s.now(), false)
	s.colls[collection].bump(id, obj, hasETag(reflect.TypeOf(patch)))
	return json.Marshal(obj)
}

// Replace puts v (a JSON object once encoded) in place of the object with
// the id, as a PUT does, keeping the key. It returns the object as stored,
// or a 404 *graphrt.Error. It is ReplaceIf without a request.
func (s *Store) Replace(collection, key, id string, v any) ([]byte, error) {
	return s.ReplaceIf(nil, collection, key, id, v)
}

// ReplaceIf is Replace for a request r (nil in process), checking its
// If-Match as UpdateIf does.
func (s *Store) ReplaceIf(r *http.Request, collection, key, id string, v any) ([]byte, error) {
	obj, err := object(v)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.lookup(collection, id)
	if !ok {
		return nil, notFound(collection, id)
	}
	if err := ifMatch(r, old, collection, id); err != nil {
		return nil, err
	}
	if c, ok := old["createdDateTime"]; ok {
		obj["createdDateTime"] = c
	}
	stamp(obj, reflect.TypeOf(v), s.now(), false)
	obj[key], _ = json.Marshal(id)
	c := s.colls[collection]
	c.items[id] = obj
	c.bump(id, obj, hasETag(reflect.TypeOf(v)))
	return json.Marshal(obj)
}

// Delete removes the object with the id, or returns a 404 *graphrt.Error.
// What it contains goes with it (/users/42/messages and below), and so do
// the references it holds (/groups/42/members/$ref); references to it are
// left dangling, and lists and $expand leave them out. It is DeleteIf
// without a request.
func (s *Store) Delete(collection, id string) error {
	return s.DeleteIf(nil, collection, id)
}

// DeleteIf is Delete for a request r (nil in process), checking its
// If-Match as UpdateIf does.
func (s *Store) DeleteIf(r *http.Request, collection, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, ok := s.lookup(collection, id)
	if !ok {
		return notFound(collection, id)
	}
	if err := ifMatch(r, obj, collection, id); err != nil {
		return err
	}
	c := s.colls[collection]
	delete(c.items, id)
	delete(c.ver, id)
	c.ids = slices.DeleteFunc(c.ids, func(x string) bool { return x == id })
	// What the item contained goes with it: /users/42/messages and below.
	prefix := collection + "/" + id + "/"
	for name := range s.colls {
		if strings.HasPrefix(name, prefix) {
			delete(s.colls, name)
		}
	}
	for name := range s.refs {
		if strings.HasPrefix(name, prefix) {
			delete(s.refs, name)
		}
	}
	return nil
}

// List answers a list request r on collection with one page, as Graph
// does: {"@odata.nextLink": ..., "value": [...]}. It is Query with no
// schema and top alone: the page holds top objects (the store's page size
// when top is 0 or less), and $filter, $orderby or $search in r's URL
// are refused with 400 BadRequest, since without the properties' types
// the store cannot evaluate them.
func (s *Store) List(r *http.Request, collection string, top int) ([]byte, error) {
	return s.Query(r, collection, nil, Query{Top: max(top, 0)})
}

// Query holds the OData query options of a list. A field left at its zero
// value is read from the request's URL ($filter, $orderby, $select,
// $search, $top, $skip, $count) when there is a request.
type Query struct {
	Filter, OrderBy, Select, Search string
	// Expand names the navigation properties a get includes
	// (GetQuery); lists do not read it.
	Expand string
	// Top is the page size: the store's page size when 0 and absent
	// from the URL; a page of Top objects has an @odata.nextLink when
	// objects are left, as Graph does.
	Top int
	// Skip is the number of objects to leave out of the list's start.
	Skip int
	// Count asks for @odata.count, the number of objects the filter and
	// search keep.
	Count bool
}

// badRequest is the 400 of a query option that is not right.
func badRequest(format string, args ...any) *graphrt.Error {
	return &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}

// query is a Query made ready to run.
type query struct {
	vals    url.Values // r's query with q's options set in, for nextLink
	filter  odata.Predicate
	search  odata.Predicate
	order   func(a, b map[string]any) int
	sel     []string
	top     int // 0: the store's page size
	skip    int
	token   int // $skiptoken: objects after skip
	count   bool
	decoded bool // whether the objects must be decoded
}

// prepare merges q with r's URL query and parses and binds the options
// against schema. A nil schema refuses $filter, $orderby and $search.
func prepare(r *http.Request, schema odata.Schema, q Query) (*query, error) {
	vals := url.Values{}
	if r != nil {
		vals = r.URL.Query()
	}
	opt := func(given *string, name string) string {
		if *given == "" {
			*given = vals.Get(name)
		} else {
			vals.Set(name, *given)
		}
		return *given
	}
	out := &query{vals: vals}
	wrap := func(err error) error {
		return badRequest("%s", err.Error())
	}
	typed := func(name, v string) error {
		if schema == nil && v != "" {
			return badRequest("%s is not supported on this collection", name)
		}
		return nil
	}
	if f := opt(&q.Filter, "$filter"); f != "" {
		if err := typed("$filter", f); err != nil {
			return nil, err
		}
		p, err := odata.Compile(f, schema)
		if err != nil {
			return nil, wrap(err)
		}
		out.filter, out.decoded = p, true
	}
	if f := opt(&q.Search, "$search"); f != "" {
		if err := typed("$search", f); err != nil {
			return nil, err
		}
		sr, err := odata.ParseSearch(f)
		if err == nil {
			out.search, err = odata.BindSearch(sr, schema)
		}
		if err != nil {
			return nil, wrap(err)
		}
		out.decoded = true
	}
	if f := opt(&q.OrderBy, "$orderby"); f != "" {
		if err := typed("$orderby", f); err != nil {
			return nil, err
		}
		keys, err := odata.ParseOrderBy(f)
		if err == nil {
			out.order, err = odata.BindOrderBy(keys, schema)
		}
		if err != nil {
			return nil, wrap(err)
		}
		out.decoded = true
	}
	if f := opt(&q.Select, "$select"); f != "" {
		var err error
		if schema == nil {
			out.sel, err = odata.ParseSelect(f)
		} else {
			out.sel, err = odata.BindSelect(f, schema)
		}
		if err != nil {
			return nil, wrap(err)
		}
		if slices.Contains(out.sel, "*") {
			out.sel = nil
		}
	}
	num := func(given int, name string, least int) (int, error) {
		if given != 0 {
			if given < least {
				return 0, badRequest("invalid %s %d: want an integer of at least %d", name, given, least)
			}
			vals.Set(name, strconv.Itoa(given))
			return given, nil
		}
		t, ok := vals[name]
		if !ok {
			return 0, nil
		}
		n, err := strconv.Atoi(t[0])
		if err != nil || n < least {
			return 0, badRequest("invalid %s %q: want an integer of at least %d", name, t[0], least)
		}
		return n, nil
	}
	var err error
	if out.top, err = num(q.Top, "$top", 1); err != nil {
		return nil, err
	}
	if out.skip, err = num(q.Skip, "$skip", 0); err != nil {
		return nil, err
	}
	if out.token, err = num(0, "$skiptoken", 0); err != nil {
		return nil, badRequest("invalid $skiptoken %q", vals.Get("$skiptoken"))
	}
	out.count = q.Count
	if q.Count {
		vals.Set("$count", "true")
	} else if c, ok := vals["$count"]; ok {
		switch strings.ToLower(c[0]) {
		case "true":
			out.count = true
		case "false":
		default:
			return nil, badRequest("invalid $count %q: want true or false", c[0])
		}
	}
	return out, nil
}

// decode turns a stored object into what odata evaluates, numbers as
// json.Number so that large integers compare exactly.
func decode(obj map[string]json.RawMessage) map[string]any {
	m := make(map[string]any, len(obj))
	for k, raw := range obj {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		var v any
		if d.Decode(&v) == nil {
			m[k] = v
		}
	}
	return m
}

// match returns the objects of collection that q's filter and search
// keep, in q's order; s.mu is held.
func (s *Store) match(collection string, q *query) []map[string]json.RawMessage {
	objs := s.members(collection)
	if len(objs) == 0 {
		return nil
	}
	type row struct {
		obj map[string]json.RawMessage
		dec map[string]any
	}
	rows := make([]row, 0, len(objs))
	for _, obj := range objs {
		r := row{obj: obj}
		if q.decoded {
			r.dec = decode(obj)
		}
		if q.filter != nil && !q.filter(r.dec) || q.search != nil && !q.search(r.dec) {
			continue
		}
		rows = append(rows, r)
	}
	if q.order != nil {
		slices.SortStableFunc(rows, func(a, b row) int { return q.order(a.dec, b.dec) })
	}
	out := make([]map[string]json.RawMessage, len(rows))
	for i, r := range rows {
		out[i] = r.obj
	}
	return out
}

// Query answers a list request on collection with one page, as Graph
// does: {"@odata.count": ..., "@odata.nextLink": ..., "value": [...]}.
// The options set in q win over those in r's URL (r may be nil, in
// process). It keeps the objects $filter matches, then those $search
// does, orders them by $orderby (stably: ties stay in creation order),
// counts them for @odata.count ($count=true), leaves out $skip and then
// $skiptoken of them, and returns $top (or the store's page size) of
// what is left, each with only the $select properties, id and
// @odata.type. When objects are left, @odata.nextLink is r's own URL,
// absolute, with every option and $skiptoken set to the next offset.
// Without a request a page holds every object unless Top is set.
//
// schema types the collection's objects for $filter, $orderby, $search
// and $select (see package odata); when nil, $filter, $orderby and
// $search are refused and $select is not checked. A query option that
// does not parse, or names a property not in schema, is a 400
// *graphrt.Error with code BadRequest whose message gives the offset
// in the option, as in "$filter: at 14: expected a value after 'eq'".
func (s *Store) Query(r *http.Request, collection string, schema odata.Schema, q Query) ([]byte, error) {
	qq, err := prepare(r, schema, q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.page(r, qq, s.match(collection, qq))
}

// page answers one page of objs, the objects a query keeps in its order,
// as Query does; s.mu is held.
func (s *Store) page(r *http.Request, qq *query, objs []map[string]json.RawMessage) ([]byte, error) {
	top := qq.top
	if top <= 0 {
		top = s.pageSize
		if r == nil {
			// in-process, there is no request to link the next page to
			top = math.MaxInt
		}
	}
	total := len(objs)
	start := min(qq.skip+min(qq.token, total), total)
	end := total
	if top < total-start {
		end = start + top
	}
	page := make([]map[string]json.RawMessage, 0, end-start)
	for _, obj := range objs[start:end] {
		page = append(page, project(obj, qq.sel))
	}
	value, err := json.Marshal(page)
	if err != nil {
		return nil, err
	}
	b := []byte{'{'}
	if qq.count {
		b = append(b, `"@odata.count":`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, ',')
	}
	if end < total && r != nil {
		b = append(b, `"@odata.nextLink":`...)
		b = wire.AppendString(b, nextLink(r, qq.vals, end-qq.skip))
		b = append(b, ',')
	}
	b = append(b, `"value":`...)
	b = append(b, value...)
	return append(b, '}'), nil
}

// project returns obj with only the selected members, id and
// @odata.type; all of them when sel is empty.
func project(obj map[string]json.RawMessage, sel []string) map[string]json.RawMessage {
	if len(sel) == 0 {
		return obj
	}
	out := make(map[string]json.RawMessage, len(sel)+2)
	for _, k := range sel {
		if v, ok := obj[k]; ok {
			out[k] = v
		}
	}
	for _, k := range [...]string{"id", "@odata.type"} {
		if v, ok := obj[k]; ok {
			out[k] = v
		}
	}
	return out
}

// Count answers a /$count request on collection: the number of objects
// that q's (or r's) $filter and $search keep. Errors are as Query's.
func (s *Store) Count(r *http.Request, collection string, schema odata.Schema, q Query) (int, error) {
	qq, err := prepare(r, schema, q)
	if err != nil {
		return 0, err
	}
	qq.order = nil // the order does not change the count
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.match(collection, qq)), nil
}

// nextLink is r's absolute URL with $skiptoken set to skip.
func nextLink(r *http.Request, q url.Values, skip int) string {
	q.Set("$skiptoken", strconv.Itoa(skip))
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath}
	// The path the client sent, not one a prefix was stripped from
	// (http.StripPrefix("/v1.0", ...)): the link must lead back here.
	if sent, err := url.ParseRequestURI(r.RequestURI); err == nil && sent.Path != "" {
		u.Path, u.RawPath = sent.Path, sent.RawPath
	}
	// keep OData's $ readable: it needs no escaping in a query
	return u.String() + "?" + strings.ReplaceAll(q.Encode(), "%24", "$")
}
