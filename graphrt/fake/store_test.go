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

type widget struct {
	ID    string  `json:"id,omitempty"`
	Name  *string `json:"name,omitempty"`
	Color *string `json:"color,omitempty"`
}

func str(s string) *string { return &s }

func TestStoreCRUD(t *testing.T) {
	s := NewStore()
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
	var e *graphrt.Error
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

func TestStoreKeepsAGivenKey(t *testing.T) {
	s := NewStore(IDs(func() string { return "gen" }))
	if got, _ := s.Create("/w", "name", map[string]string{"name": "mine"}); string(got) != `{"name":"mine"}` {
		t.Errorf("given key: %s", got)
	}
	var e *graphrt.Error
	if _, err := s.Create("/w", "name", map[string]string{"name": "mine"}); !errors.As(err, &e) || e.StatusCode != 409 {
		t.Errorf("duplicate key: %v", err)
	}
	if got, _ := s.Create("/w", "name", map[string]string{}); string(got) != `{"name":"gen"}` {
		t.Errorf("IDs: %s", got)
	}
}

func TestStoreList(t *testing.T) {
	s := NewStore(PageSize(2))
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
	var e *graphrt.Error
	if _, err := s.List(httptest.NewRequest(http.MethodGet, "/users/1/widgets?$skiptoken=x", nil), "/users/1/widgets", 0); !errors.As(err, &e) || e.StatusCode != 400 {
		t.Errorf("bad skiptoken: %v", err)
	}
}
