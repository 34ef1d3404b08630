package graphrt

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type widget struct {
	ID    string  `json:"id,omitempty"`
	Name  *string `json:"name,omitempty"`
	Color *string `json:"color,omitempty"`
}

func str(s string) *string { return &s }

func TestFakeStoreCRUD(t *testing.T) {
	s := NewFakeStore()
	const c = "/widgets"
	got, err := s.Create(c, "id", widget{Name: str("a"), Color: str("red")})
	if err != nil || string(got) != `{"color":"red","id":"00000000-0000-0000-0000-000000000001","name":"a"}` {
		t.Fatalf("create: %s %v", got, err)
	}
	got, err = s.Update(c, "id", "00000000-0000-0000-0000-000000000001", map[string]any{"color": "blue", "id": "other", "size": nil})
	if err != nil || string(got) != `{"color":"blue","id":"00000000-0000-0000-0000-000000000001","name":"a","size":null}` {
		t.Errorf("update: %s %v", got, err)
	}
	got, err = s.Replace(c, "id", "00000000-0000-0000-0000-000000000001", widget{Name: str("b")})
	if err != nil || string(got) != `{"id":"00000000-0000-0000-0000-000000000001","name":"b"}` {
		t.Errorf("replace: %s %v", got, err)
	}
	if got, err := s.Get(c, "00000000-0000-0000-0000-000000000001"); err != nil || !strings.Contains(string(got), `"b"`) {
		t.Errorf("get: %s %v", got, err)
	}
	if err := s.Delete(c, "00000000-0000-0000-0000-000000000001"); err != nil {
		t.Errorf("delete: %v", err)
	}
	var e *Error
	for _, err := range []error{
		s.Delete(c, "00000000-0000-0000-0000-000000000001"),
		func() error { _, err := s.Get(c, "x"); return err }(),
		func() error { _, err := s.Get("/other", "x"); return err }(),
		func() error { _, err := s.Update(c, "id", "x", widget{}); return err }(),
		func() error { _, err := s.Replace(c, "id", "x", widget{}); return err }(),
	} {
		if !errors.As(err, &e) || e.StatusCode != 404 || e.Code != "NotFound" {
			t.Errorf("missing: %v", err)
		}
	}
	if _, err := s.Create(c, "id", []int{1}); !errors.As(err, &e) || e.StatusCode != 400 {
		t.Errorf("create of an array: %v", err)
	}
}

func TestFakeStoreKeepsAGivenKey(t *testing.T) {
	s := NewFakeStore(FakeIDs(func() string { return "gen" }))
	if got, _ := s.Create("/w", "name", map[string]string{"name": "mine"}); string(got) != `{"name":"mine"}` {
		t.Errorf("given key: %s", got)
	}
	var e *Error
	if _, err := s.Create("/w", "name", map[string]string{"name": "mine"}); !errors.As(err, &e) || e.StatusCode != 409 {
		t.Errorf("duplicate key: %v", err)
	}
	if got, _ := s.Create("/w", "name", map[string]string{}); string(got) != `{"name":"gen"}` {
		t.Errorf("FakeIDs: %s", got)
	}
}

func TestFakeStoreList(t *testing.T) {
	s := NewFakeStore(FakePageSize(2))
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		s.Create("/users/1/widgets", "id", widget{Name: str(n)})
	}
	list := func(target string, top int) map[string]json.RawMessage {
		t.Helper()
		r := httptest.NewRequest(http.MethodGet, target, nil)
		body, err := s.List(r, r.URL.Path, top)
		if err != nil {
			t.Fatal(err)
		}
		var page map[string]json.RawMessage
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		return page
	}
	p := list("http://graph.test/users/1/widgets?$top=3&$count=true", 3)
	var next string
	json.Unmarshal(p["@odata.nextLink"], &next)
	if next != "http://graph.test/users/1/widgets?$count=true&$skiptoken=3&$top=3" || string(p["@odata.count"]) != "5" || strings.Count(string(p["value"]), "id") != 3 {
		t.Errorf("first page: %v", p)
	}
	p = list(next, 3)
	if _, ok := p["@odata.nextLink"]; ok || strings.Count(string(p["value"]), "id") != 2 || !strings.Contains(string(p["value"]), `"e"`) {
		t.Errorf("last page: %s %s", p["value"], p["@odata.nextLink"])
	}
	p = list("http://graph.test/users/1/widgets", 0) // the store's page size
	if strings.Count(string(p["value"]), "id") != 2 || p["@odata.nextLink"] == nil {
		t.Errorf("default page: %v", p)
	}
	p = list("http://graph.test/users/1/widgets?$skiptoken=99", 0)
	if string(p["value"]) != "[]" {
		t.Errorf("past the end: %s", p["value"])
	}
	if p := list("http://graph.test/users/2/widgets", 0); string(p["value"]) != "[]" {
		t.Errorf("other collection: %s", p["value"])
	}
	var e *Error
	if _, err := s.List(httptest.NewRequest(http.MethodGet, "/users/1/widgets?$skiptoken=x", nil), "/users/1/widgets", 0); !errors.As(err, &e) || e.StatusCode != 400 {
		t.Errorf("bad skiptoken: %v", err)
	}
}

func TestFakePath(t *testing.T) {
	for _, tc := range []struct {
		tmpl string
		vals []string
		want string
	}{
		{"/widgets", nil, "/widgets"},
		{"/users/{user-id}/widgets", []string{"42"}, "/users/42/widgets"},
		{"/users/{user-id}/widgets/{widget-id}/parts", []string{"a/b", "c d"}, "/users/a%2Fb/widgets/c%20d/parts"},
		{"/users", []string{"extra"}, "/users"},
	} {
		if got := FakePath(tc.tmpl, tc.vals...); got != tc.want {
			t.Errorf("FakePath(%q, %q) = %q, want %q", tc.tmpl, tc.vals, got, tc.want)
		}
	}
}

func TestFakeWrite(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   []byte
		err    error
		code   int
		want   string
	}{
		{200, []byte(`{"a":1}`), nil, 200, `{"a":1}`},
		{204, []byte(`{"a":1}`), nil, 204, ``},
		{201, nil, FakeNotImplemented("POST", "/x/send", "action"), 501, `"code":"NotImplemented","message":"the fake Graph does not implement POST /x/send (action)"`},
		{200, nil, errors.New("boom"), 500, `"code":"InternalServerError","message":"boom"`},
	} {
		w := httptest.NewRecorder()
		if err := FakeWrite(w, tc.status, tc.body, tc.err); err != nil {
			t.Fatal(err)
		}
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.want) || (tc.want == "" && w.Body.Len() != 0) {
			t.Errorf("FakeWrite(%d, %s, %v): %d %s", tc.status, tc.body, tc.err, w.Code, w.Body)
		}
	}
}

func TestFakeRoutes(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /widgets", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "list") })
	srv := httptest.NewServer(FakeRoutes(mux))
	defer srv.Close()
	for _, tc := range []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", "/widgets", 200, "list"},
		{"GET", "/gadgets", 404, `{"error":{"code":"NotFound","message":"no resource at /gadgets"`},
		{"DELETE", "/widgets", 405, `{"error":{"code":"MethodNotAllowed"`},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.HasPrefix(string(b), tc.want) {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, resp.StatusCode, b)
		}
	}
}
