package fake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/odata"
)

// References ($ref) are how Graph links an object to objects it does not
// contain: a group's members, a user's manager. The store keeps them by
// navigation path with the real ids in it, as it keeps collections:
// /groups/g1/members holds references to objects stored elsewhere, each
// named by its @odata.id, a URL such as
// https://graph.microsoft.com/v1.0/directoryObjects/u1.
//
// A reference is resolved when it is read, by the id at the end of its
// URL: in the collection the URL names (/directoryObjects) when the store
// has that object there, else in any collection holding the id (the first
// by path, so that the answer is stable). A reference whose object is gone
// is left out of every answer (Query, Refs, Ref, GetQuery's $expand) but
// kept: if an object with its id comes back, so does the reference.
// Deleting the object that holds references (the group) drops them, as
// it drops the collections it contains.
//
// A navigation path can hold both contained objects (Create) and
// references: Query lists the contained ones first, in creation order,
// then the references' objects, in the order they were added.

// refSet is the references of one navigation path.
type refSet struct {
	single bool // a single-valued navigation (SetRef)
	refs   []ref
}

// ref is one reference: its @odata.id as given, and the collection and id
// it names.
type ref struct {
	url, coll, id string
}

// parseRef reads a reference's @odata.id: an absolute URL, a path, or a
// bare id. A leading version segment (v1.0, beta) is not part of the
// collection's path.
func parseRef(target string) (ref, error) {
	target = strings.TrimSpace(target)
	r := ref{url: target}
	p := target
	if u, err := url.Parse(target); err == nil {
		p = u.Path
	}
	segs := strings.FieldsFunc(p, func(c rune) bool { return c == '/' })
	if len(segs) > 0 && (segs[0] == "v1.0" || segs[0] == "beta") {
		segs = segs[1:]
	}
	if len(segs) == 0 {
		return r, badRequest("invalid @odata.id %q: want the URL of an object, such as https://graph.microsoft.com/v1.0/directoryObjects/{id}", target)
	}
	r.id = segs[len(segs)-1]
	if len(segs) > 1 {
		r.coll = "/" + strings.Join(segs[:len(segs)-1], "/")
	}
	return r, nil
}

// resolve returns the object a reference names; s.mu is held.
func (s *Store) resolve(r ref) (map[string]json.RawMessage, bool) {
	if obj, ok := s.lookup(r.coll, r.id); ok {
		return obj, true
	}
	names := make([]string, 0, len(s.colls))
	for name, c := range s.colls {
		if _, ok := c.items[r.id]; ok {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, false
	}
	sort.Strings(names)
	return s.colls[names[0]].items[r.id], true
}

// members returns the objects a collection or navigation path holds:
// contained objects in creation order, then the objects of its
// references that resolve; s.mu is held.
func (s *Store) members(collection string) []map[string]json.RawMessage {
	var out []map[string]json.RawMessage
	if c := s.colls[collection]; c != nil {
		out = make([]map[string]json.RawMessage, 0, len(c.ids))
		for _, id := range c.ids {
			out = append(out, c.items[id])
		}
	}
	if rs := s.refs[collection]; rs != nil {
		for _, r := range rs.refs {
			if obj, ok := s.resolve(r); ok {
				out = append(out, obj)
			}
		}
	}
	return out
}

// checkParent answers 404 when nav's parent object is missing from a
// collection the store has, as Create does; s.mu is held.
func (s *Store) checkParent(nav string) error {
	if parent, pid, ok := parentOf(nav); ok {
		if pc := s.colls[parent]; pc != nil {
			if _, ok := pc.items[pid]; !ok {
				return notFound(parent, pid)
			}
		}
	}
	return nil
}

// target parses and resolves a reference to add; s.mu is held.
func (s *Store) target(nav, target string) (ref, error) {
	if err := s.checkParent(nav); err != nil {
		return ref{}, err
	}
	r, err := parseRef(target)
	if err != nil {
		return r, err
	}
	if _, ok := s.resolve(r); !ok {
		where := r.coll
		if where == "" {
			where = "the store"
		}
		return r, &graphrt.Error{StatusCode: http.StatusNotFound, Code: graphrt.CodeNotFound,
			Message: fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present: no object with id %q in %s", r.id, r.id, where)}
	}
	return r, nil
}

// AddRef adds a reference to the object target names (its @odata.id: a
// URL such as https://graph.microsoft.com/v1.0/directoryObjects/u1, a
// path, or an id) to the navigation path nav (/groups/g1/members), as
// POST /groups/g1/members/$ref does. It answers 404 NotFound when the
// object, or nav's parent, is missing, and 400 BadRequest when nav
// already references the object, as Graph does.
func (s *Store) AddRef(nav, target string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.target(nav, target)
	if err != nil {
		return err
	}
	rs := s.refs[nav]
	if rs == nil {
		rs = &refSet{}
		s.refs[nav] = rs
	}
	if slices.ContainsFunc(rs.refs, func(x ref) bool { return x.id == r.id }) {
		return badRequest("One or more added object references already exist for the following modified properties: '%s'.", navName(nav))
	}
	rs.single = false
	rs.refs = append(rs.refs, r)
	return nil
}

// SetRef makes the single-valued navigation path nav (/users/u1/manager)
// reference the object target names, in place of the one it referenced,
// as PUT /users/u1/manager/$ref does. Errors are as AddRef's, but for
// the duplicate, which is no error.
func (s *Store) SetRef(nav, target string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.target(nav, target)
	if err != nil {
		return err
	}
	s.refs[nav] = &refSet{single: true, refs: []ref{r}}
	return nil
}

// RemoveRef removes nav's reference to the object with the id, as DELETE
// /groups/g1/members/u1/$ref does; with id "", it removes whatever a
// single-valued nav references (DELETE /users/u1/manager/$ref). It
// answers 404 NotFound when there is no such reference.
func (s *Store) RemoveRef(nav, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.refs[nav]
	if rs != nil {
		n := len(rs.refs)
		rs.refs = slices.DeleteFunc(rs.refs, func(x ref) bool { return id == "" || x.id == id })
		if len(rs.refs) < n {
			return nil
		}
	}
	if id == "" {
		return &graphrt.Error{StatusCode: http.StatusNotFound, Code: graphrt.CodeNotFound, Message: fmt.Sprintf("%s references no object", nav)}
	}
	return &graphrt.Error{StatusCode: http.StatusNotFound, Code: graphrt.CodeNotFound, Message: fmt.Sprintf("%s has no reference to %q", nav, id)}
}

// Refs answers GET nav/$ref: one page of nav's references whose objects
// are there, as {"value":[{"@odata.id":"..."}]}, with $top, $skip,
// $skiptoken and $count as Query has them (r may be nil, in process;
// $filter, $orderby and $search are refused).
func (s *Store) Refs(r *http.Request, nav string, q Query) ([]byte, error) {
	qq, err := prepare(r, nil, q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var objs []map[string]json.RawMessage
	if rs := s.refs[nav]; rs != nil {
		for _, x := range rs.refs {
			if _, ok := s.resolve(x); ok {
				u, _ := json.Marshal(x.url)
				objs = append(objs, map[string]json.RawMessage{"@odata.id": u})
			}
		}
	}
	return s.page(r, qq, objs)
}

// Ref returns the object a single-valued navigation path references, as
// GET /users/u1/manager does, or a 404 *graphrt.Error when it references
// none (or its object is gone).
func (s *Store) Ref(nav string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if obj, ok := s.single(nav); ok {
		return json.Marshal(obj)
	}
	return nil, &graphrt.Error{StatusCode: http.StatusNotFound, Code: graphrt.CodeNotFound, Message: fmt.Sprintf("%s references no object", nav)}
}

// single returns the first object a navigation path references; s.mu is
// held.
func (s *Store) single(nav string) (map[string]json.RawMessage, bool) {
	if rs := s.refs[nav]; rs != nil {
		for _, x := range rs.refs {
			if obj, ok := s.resolve(x); ok {
				return obj, true
			}
		}
	}
	return nil, false
}

// navName is a navigation path's last segment: members.
func navName(nav string) string {
	return nav[strings.LastIndexByte(nav, '/')+1:]
}

// GetQuery answers GET collection/id with $select and $expand, as Graph
// does, from q or else from r's URL (r may be nil, in process); the
// other options of q are not read. $select keeps the named properties,
// id and @odata.type (and what $expand adds). $expand=members adds
// "members": the objects the navigation path collection/id/members holds
// (contained ones and resolved references, as Query lists them), and for
// a single-valued navigation ($expand=manager, typed as one object in
// schema, or set with SetRef) the object it references, left out when it
// references none. Names are comma-separated; a name schema does not
// have as an object or collection of objects (any name when schema is
// nil), "*", and options in parentheses (members($select=id)) are a 400
// *graphrt.Error. It answers 404 when the object is missing.
func (s *Store) GetQuery(r *http.Request, collection, id string, schema odata.Schema, q Query) ([]byte, error) {
	vals := url.Values{}
	if r != nil {
		vals = r.URL.Query()
	}
	if q.Select == "" {
		q.Select = vals.Get("$select")
	}
	if q.Expand == "" {
		q.Expand = vals.Get("$expand")
	}
	var sel []string
	if q.Select != "" {
		var err error
		if schema == nil {
			sel, err = odata.ParseSelect(q.Select)
		} else {
			sel, err = odata.BindSelect(q.Select, schema)
		}
		if err != nil {
			return nil, badRequest("%s", err.Error())
		}
		if slices.Contains(sel, "*") {
			sel = nil
		}
	}
	type nav struct {
		name   string
		single bool
	}
	var expand []nav
	if q.Expand != "" {
		for name := range strings.SplitSeq(q.Expand, ",") {
			name = strings.TrimSpace(name)
			switch {
			case name == "":
				return nil, badRequest("$expand: an empty name in %q", q.Expand)
			case name == "*" || strings.ContainsAny(name, "()/;$"):
				return nil, badRequest("$expand: the fake Graph expands navigation properties by name only, not %q", name)
			}
			n := nav{name: name}
			if schema != nil {
				p, ok := schema[name]
				if !ok || p.Kind != odata.Object {
					return nil, badRequest("$expand: Could not find a navigation property named '%s' on this type", name)
				}
				n.single = !p.Collection
			}
			expand = append(expand, n)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, ok := s.lookup(collection, id)
	if !ok {
		return nil, notFound(collection, id)
	}
	out := make(map[string]json.RawMessage, len(obj)+len(expand))
	for k, v := range project(obj, sel) {
		out[k] = v
	}
	for _, n := range expand {
		path := collection + "/" + id + "/" + n.name
		single := n.single
		if schema == nil {
			rs := s.refs[path]
			single = rs != nil && rs.single
		}
		if single {
			delete(out, n.name)
			if obj, ok := s.single(path); ok {
				out[n.name], _ = json.Marshal(obj)
			}
			continue
		}
		objs := s.members(path)
		if objs == nil {
			objs = []map[string]json.RawMessage{}
		}
		b, err := json.Marshal(objs)
		if err != nil {
			return nil, err
		}
		out[n.name] = b
	}
	return json.Marshal(out)
}
