package fake

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
)

type message struct {
	ID                   string     `json:"id,omitempty"`
	Subject              *string    `json:"subject,omitempty"`
	CreatedDateTime      *time.Time `json:"createdDateTime,omitempty"`
	LastModifiedDateTime *time.Time `json:"lastModifiedDateTime,omitempty"`
}

// TestContainment: a contained collection lives with its parent item: it
// cannot be added to under a missing parent, and goes when the parent is
// deleted.
func TestContainment(t *testing.T) {
	s := NewStore()
	if _, err := s.Create("/users", "id", widget{ID: "u1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create("/users", "id", widget{ID: "u2"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"/users/u1/messages", "/users/u1/messages/m/attachments", "/users/u2/messages"} {
		if c == "/users/u1/messages/m/attachments" {
			if _, err := s.Create("/users/u1/messages", "id", widget{ID: "m"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Create(c, "id", widget{Name: str("x")}); err != nil {
			t.Fatalf("create in %s: %v", c, err)
		}
	}
	var gerr *graphrt.Error
	if _, err := s.Create("/users/u9/messages", "id", widget{}); !errors.As(err, &gerr) || gerr.StatusCode != 404 {
		t.Errorf("create under a missing parent: %v, want 404", err)
	}
	if err := s.Delete("/users", "u1"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"/users/u1/messages", "/users/u1/messages/m/attachments"} {
		if _, ok := s.colls[c]; ok {
			t.Errorf("%s outlived its parent", c)
		}
	}
	if _, ok := s.colls["/users/u2/messages"]; !ok {
		t.Errorf("a sibling's collection went too")
	}
}

// TestServerSetTimes: createdDateTime and lastModifiedDateTime are the
// service's, where the type has them.
func TestServerSetTimes(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	now := t0
	s := NewStore(Now(func() time.Time { return now }))
	b, err := s.Create("/me/messages", "id", &message{Subject: str("hi")})
	if err != nil {
		t.Fatal(err)
	}
	var m message
	json.Unmarshal(b, &m)
	if m.CreatedDateTime == nil || !m.CreatedDateTime.Equal(t0) || m.LastModifiedDateTime == nil || !m.LastModifiedDateTime.Equal(t0) {
		t.Fatalf("created: %s", b)
	}
	now = t0.Add(time.Hour)
	b, err = s.Update("/me/messages", "id", m.ID, &message{Subject: str("re: hi")})
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(b, &m)
	if !m.CreatedDateTime.Equal(t0) || !m.LastModifiedDateTime.Equal(now) {
		t.Errorf("updated: %s; want createdDateTime kept, lastModifiedDateTime now", b)
	}
	// A type without them gets neither.
	b, _ = s.Create("/widgets", "id", widget{Name: str("w")})
	if string(b) != `{"id":"00000000-0000-0000-0000-000000000002","name":"w"}` {
		t.Errorf("widget: %s", b)
	}
}
