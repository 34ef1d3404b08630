// Package fake is the in-memory Graph behind the NewFakeHandler of the
// packages graphdoc generates, for tests: Store holds the entities, and
// the Options of NewStore, passed to NewFakeHandler, set how it makes ids
// and pages or hand the store to the test.
package fake

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
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
	n        uint64
	newID    func() string
	pageSize int
	traffic  traffic // faults on demand and the request log (faults.go)
}

// entitySet holds one collection's objects.
type entitySet struct {
	ids   []string // in creation order
	items map[string]map[string]json.RawMessage
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

// NewStore returns an empty store. Without IDs, ids are counters shaped
// like GUIDs: 00000000-0000-0000-0000-000000000001, ...002, ...
func NewStore(opts ...Option) *Store {
	s := &Store{colls: map[string]*entitySet{}, pageSize: 100}
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
	c := s.colls[collection]
	if c == nil {
		c = &entitySet{items: map[string]map[string]json.RawMessage{}}
		s.colls[collection] = c
	}
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
	return json.Marshal(obj)
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
func (s *Store) Update(collection, key, id string, patch any) ([]byte, error) {
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
	for k, v := range p {
		if k != key {
			obj[k] = v
		}
	}
	return json.Marshal(obj)
}

// Replace puts v (a JSON object once encoded) in place of the object with
// the id, as a PUT does, keeping the key. It returns the object as stored,
// or a 404 *graphrt.Error.
func (s *Store) Replace(collection, key, id string, v any) ([]byte, error) {
	obj, err := object(v)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.lookup(collection, id); !ok {
		return nil, notFound(collection, id)
	}
	obj[key], _ = json.Marshal(id)
	s.colls[collection].items[id] = obj
	return json.Marshal(obj)
}

// Delete removes the object with the id, or returns a 404 *graphrt.Error.
func (s *Store) Delete(collection, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.lookup(collection, id); !ok {
		return notFound(collection, id)
	}
	c := s.colls[collection]
	delete(c.items, id)
	c.ids = slices.DeleteFunc(c.ids, func(x string) bool { return x == id })
	return nil
}

// List answers a list request r on collection with one page, as Graph
// does: {"@odata.nextLink": ..., "value": [...]}. The page holds top
// objects (the store's page size when top is 0 or less), from the offset
// in r's $skiptoken. When objects are left, @odata.nextLink is r's own
// URL, absolute, with $skiptoken set to the next offset; with $count=true
// the page also has @odata.count. Deleting objects between two pages
// shifts what the next one starts with, as in any offset paging.
func (s *Store) List(r *http.Request, collection string, top int) ([]byte, error) {
	q := url.Values{}
	if r != nil {
		q = r.URL.Query()
	}
	skip := 0
	if t := q.Get("$skiptoken"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			return nil, &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest, Message: fmt.Sprintf("invalid $skiptoken %q", t)}
		}
		skip = n
	}
	if top <= 0 {
		top = s.pageSize
		if r == nil {
			// in-process, there is no request to link the next page to
			top = math.MaxInt
		}
	}
	s.mu.Lock()
	var ids []string
	var items map[string]map[string]json.RawMessage
	if c := s.colls[collection]; c != nil {
		ids, items = c.ids, c.items
	}
	total := len(ids)
	start, end := min(skip, total), total
	if top < total-start {
		end = start + top
	}
	page := make([]map[string]json.RawMessage, 0, end-start)
	for _, id := range ids[start:end] {
		page = append(page, items[id])
	}
	value, err := json.Marshal(page)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	b := []byte{'{'}
	if q.Get("$count") == "true" {
		b = append(b, `"@odata.count":`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, ',')
	}
	if end < total && r != nil {
		b = append(b, `"@odata.nextLink":`...)
		b = wire.AppendString(b, nextLink(r, q, end))
		b = append(b, ',')
	}
	b = append(b, `"value":`...)
	b = append(b, value...)
	return append(b, '}'), nil
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
