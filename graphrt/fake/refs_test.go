package fake

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
)

type dirObject struct {
	ID          string  `json:"id,omitempty"`
	DisplayName *string `json:"displayName,omitempty"`
}

type group struct {
	ID          string      `json:"id,omitempty"`
	DisplayName *string     `json:"displayName,omitempty"`
	Members     []dirObject `json:"members,omitempty"`
	Owner       *dirObject  `json:"owner,omitempty"`
	ETag        *string     `json:"@odata.etag,omitempty"`
}

// status returns err's *graphrt.Error status, or 0.
func status(err error) int {
	var ge *graphrt.Error
	if errors.As(err, &ge) {
		return ge.StatusCode
	}
	return 0
}

// names lists the displayName of a JSON page's values.
func names(t *testing.T, b []byte) string {
	t.Helper()
	var page struct{ Value []dirObject }
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range page.Value {
		out = append(out, *v.DisplayName)
	}
	return strings.Join(out, ",")
}

func fill(t *testing.T, s *Store) {
	t.Helper()
	for _, c := range []struct{ coll, id, name string }{
		{"/users", "u1", "Ann"}, {"/users", "u2", "Bob"}, {"/users", "u3", "Cy"},
		{"/devices", "d1", "Printer"},
	} {
		if _, err := s.Create(c.coll, "id", dirObject{ID: c.id, DisplayName: str(c.name)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Create("/groups", "id", group{ID: "g1", DisplayName: str("Team")}); err != nil {
		t.Fatal(err)
	}
}

// TestRefs adds, lists and removes references, and lists the navigation
// collection they make, as Graph's $ref does.
func TestRefs(t *testing.T) {
	s := NewStore()
	fill(t, s)
	const nav = "/groups/g1/members"
	for _, target := range []string{
		"https://graph.microsoft.com/v1.0/directoryObjects/u2", // not in /directoryObjects: found in /users
		"https://graph.microsoft.com/v1.0/users/u1",
		"d1", // a bare id
	} {
		if err := s.AddRef(nav, target); err != nil {
			t.Fatalf("AddRef %s: %v", target, err)
		}
	}
	if err := s.AddRef(nav, "https://graph.microsoft.com/v1.0/directoryObjects/u1"); status(err) != 400 || !strings.Contains(err.Error(), "already exist") {
		t.Errorf("duplicate: %v", err)
	}
	if err := s.AddRef(nav, "https://graph.microsoft.com/v1.0/directoryObjects/nobody"); status(err) != 404 {
		t.Errorf("missing object: %v", err)
	}
	if err := s.AddRef("/groups/g9/members", "u1"); status(err) != 404 {
		t.Errorf("missing parent: %v", err)
	}
	if err := s.AddRef(nav, "https://graph.microsoft.com/v1.0/"); status(err) != 400 {
		t.Errorf("no id: %v", err)
	}
	b, err := s.Refs(nil, nav, Query{})
	if err != nil || string(b) != `{"value":[{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/u2"},{"@odata.id":"https://graph.microsoft.com/v1.0/users/u1"},{"@odata.id":"d1"}]}` {
		t.Errorf("Refs = %s, %v", b, err)
	}
	// the navigation list: the objects, queried like any list
	b, err = s.Query(nil, nav, SchemaOf[dirObject](), Query{})
	if err != nil || names(t, b) != "Bob,Ann,Printer" {
		t.Errorf("members = %s, %v", b, err)
	}
	b, err = s.Query(nil, nav, SchemaOf[dirObject](), Query{Filter: "startswith(displayName,'B') or displayName eq 'Ann'", OrderBy: "displayName", Count: true})
	if err != nil || names(t, b) != "Ann,Bob" || !strings.Contains(string(b), `"@odata.count":2`) {
		t.Errorf("members queried = %s, %v", b, err)
	}
	r := httptest.NewRequest("GET", "http://graph.test/groups/g1/members?$top=2", nil)
	if b, err = s.Query(r, nav, nil, Query{}); err != nil || !strings.Contains(string(b), `$skiptoken=2`) {
		t.Errorf("members paged = %s, %v", b, err)
	}
	if n, err := s.Count(nil, nav, nil, Query{}); n != 3 || err != nil {
		t.Errorf("Count = %d, %v", n, err)
	}
	// a contained object lists before the references
	if _, err := s.Create(nav, "id", dirObject{ID: "c1", DisplayName: str("Contained")}); err != nil {
		t.Fatal(err)
	}
	if b, _ = s.Query(nil, nav, nil, Query{}); names(t, b) != "Contained,Bob,Ann,Printer" {
		t.Errorf("contained and referenced = %s", b)
	}
	// removing
	if err := s.RemoveRef(nav, "u1"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveRef(nav, "u1"); status(err) != 404 {
		t.Errorf("removed twice: %v", err)
	}
	// a deleted object drops out, its reference dangling
	if err := s.Delete("/users", "u2"); err != nil {
		t.Fatal(err)
	}
	if b, _ = s.Query(nil, nav, nil, Query{}); names(t, b) != "Contained,Printer" {
		t.Errorf("after deleting u2 = %s", b)
	}
	if b, _ = s.Refs(nil, nav, Query{}); string(b) != `{"value":[{"@odata.id":"d1"}]}` {
		t.Errorf("Refs after deleting u2 = %s", b)
	}
	// deleting the group drops its references
	if err := s.Delete("/groups", "g1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create("/groups", "id", group{ID: "g1"}); err != nil {
		t.Fatal(err)
	}
	if b, _ = s.Query(nil, nav, nil, Query{}); string(b) != `{"value":[]}` {
		t.Errorf("after the group was deleted = %s", b)
	}
}

// TestSingleRef: a single-valued navigation (manager) is set, replaced,
// read and cleared.
func TestSingleRef(t *testing.T) {
	s := NewStore()
	fill(t, s)
	const nav = "/users/u1/manager"
	if _, err := s.Ref(nav); status(err) != 404 {
		t.Errorf("no manager: %v", err)
	}
	for _, target := range []string{"https://graph.microsoft.com/v1.0/users/u2", "https://graph.microsoft.com/v1.0/users/u3"} {
		if err := s.SetRef(nav, target); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetRef(nav, "https://graph.microsoft.com/v1.0/users/u3"); err != nil {
		t.Errorf("setting the same again: %v", err)
	}
	b, err := s.Ref(nav)
	if err != nil || string(b) != `{"displayName":"Cy","id":"u3"}` {
		t.Errorf("manager = %s, %v", b, err)
	}
	if err := s.RemoveRef(nav, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveRef(nav, ""); status(err) != 404 {
		t.Errorf("removed twice: %v", err)
	}
}

// TestGetQuery: $select and $expand on a get.
func TestGetQuery(t *testing.T) {
	s := NewStore()
	fill(t, s)
	schema := SchemaOf[group]()
	for _, u := range []string{"u1", "u2"} {
		if err := s.AddRef("/groups/g1/members", "https://graph.microsoft.com/v1.0/directoryObjects/"+u); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetRef("/groups/g1/owner", "u3"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		url  string
		q    Query
		want string
	}{
		{"/groups/g1", Query{}, `{"@odata.etag":"W/\"1\"","displayName":"Team","id":"g1"}`},
		{"/groups/g1?$select=displayName", Query{}, `{"displayName":"Team","id":"g1"}`},
		{"/groups/g1?$expand=members", Query{}, `{"@odata.etag":"W/\"1\"","displayName":"Team","id":"g1","members":[{"displayName":"Ann","id":"u1"},{"displayName":"Bob","id":"u2"}]}`},
		{"/groups/g1", Query{Select: "id", Expand: "owner, members"}, `{"id":"g1","members":[{"displayName":"Ann","id":"u1"},{"displayName":"Bob","id":"u2"}],"owner":{"displayName":"Cy","id":"u3"}}`},
		{"/groups/g1?$select=id&$expand=owner", Query{}, `{"id":"g1","owner":{"displayName":"Cy","id":"u3"}}`},
	} {
		r := httptest.NewRequest("GET", "http://graph.test"+tc.url, nil)
		b, err := s.GetQuery(r, "/groups", "g1", schema, tc.q)
		if err != nil || string(b) != tc.want {
			t.Errorf("%s %+v = %s, %v; want %s", tc.url, tc.q, b, err, tc.want)
		}
	}
	// without a schema: a collection unless SetRef made it single-valued
	b, err := s.GetQuery(nil, "/groups", "g1", nil, Query{Select: "displayName", Expand: "owner,parts"})
	if err != nil || string(b) != `{"displayName":"Team","id":"g1","owner":{"displayName":"Cy","id":"u3"},"parts":[]}` {
		t.Errorf("no schema: %s, %v", b, err)
	}
	for _, q := range []Query{{Expand: "colour"}, {Expand: "displayName"}, {Expand: "*"}, {Expand: "members($select=id)"}, {Select: "nope"}} {
		if _, err := s.GetQuery(nil, "/groups", "g1", schema, q); status(err) != http.StatusBadRequest {
			t.Errorf("%+v: %v, want 400", q, err)
		}
	}
	if _, err := s.GetQuery(nil, "/groups", "g9", schema, Query{}); status(err) != 404 {
		t.Errorf("missing: %v", err)
	}
}

// TestETag: a type with @odata.etag gets W/"n", and If-Match guards
// updates, replaces and deletes.
func TestETag(t *testing.T) {
	s := NewStore()
	b, err := s.Create("/groups", "id", group{ID: "g1", DisplayName: str("A")})
	if err != nil || !strings.Contains(string(b), `"@odata.etag":"W/\"1\""`) {
		t.Fatalf("create = %s, %v", b, err)
	}
	req := func(ifMatch ...string) *http.Request {
		r := httptest.NewRequest("PATCH", "http://graph.test/groups/g1", nil)
		for _, m := range ifMatch {
			r.Header.Add("If-Match", m)
		}
		return r
	}
	if _, err := s.UpdateIf(req(`W/"2"`), "/groups", "id", "g1", group{DisplayName: str("B")}); status(err) != http.StatusPreconditionFailed {
		t.Errorf("stale update: %v", err)
	} else if ge := new(graphrt.Error); errors.As(err, &ge) && ge.Code != "PreconditionFailed" {
		t.Errorf("code %q", ge.Code)
	}
	if b, _ := s.Get("/groups", "g1"); !strings.Contains(string(b), `"A"`) {
		t.Errorf("a failed update changed the object: %s", b)
	}
	b, err = s.UpdateIf(req(`W/"1"`), "/groups", "id", "g1", group{DisplayName: str("B")})
	if err != nil || !strings.Contains(string(b), `"@odata.etag":"W/\"2\""`) {
		t.Errorf("update = %s, %v", b, err)
	}
	b, err = s.ReplaceIf(req(`"9", W/"2"`), "/groups", "id", "g1", group{DisplayName: str("C")})
	if err != nil || !strings.Contains(string(b), `"@odata.etag":"W/\"3\""`) {
		t.Errorf("replace = %s, %v", b, err)
	}
	if _, err = s.UpdateIf(req(), "/groups", "id", "g1", group{}); err != nil {
		t.Errorf("no If-Match: %v", err)
	}
	if _, err = s.Update("/groups", "id", "g1", group{}); err != nil { // in process: not checked
		t.Errorf("no request: %v", err)
	}
	if err := s.DeleteIf(req(`W/"3"`), "/groups", "g1"); status(err) != http.StatusPreconditionFailed {
		t.Errorf("stale delete: %v", err)
	}
	if err := s.DeleteIf(req("*"), "/groups", "g1"); err != nil {
		t.Errorf("If-Match *: %v", err)
	}
	// a type without an etag ignores If-Match
	if _, err := s.Create("/users", "id", dirObject{ID: "u1"}); err != nil {
		t.Fatal(err)
	}
	b, err = s.UpdateIf(req(`W/"7"`), "/users", "id", "u1", dirObject{DisplayName: str("x")})
	if err != nil || strings.Contains(string(b), "etag") {
		t.Errorf("no etag: %s, %v", b, err)
	}
	if err := s.DeleteIf(req(`W/"7"`), "/users", "u1"); err != nil {
		t.Errorf("no etag, delete: %v", err)
	}
}
