package graphrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// deltaUser is a delta item whose UnmarshalJSON records that it ran, as
// a generated model's does.
type deltaUser struct {
	ID          string  `json:"id"`
	DisplayName *string `json:"displayName"`
	decoded     bool
}

func (u *deltaUser) UnmarshalJSON(data []byte) error {
	type plain deltaUser
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*u = deltaUser(p)
	u.decoded = true
	return nil
}

// deltaServer serves /users/delta: pages keyed by the request's query,
// each a JSON body with {base} standing for the server's URL.
type deltaServer struct {
	mu    sync.Mutex
	pages map[string]string
	seen  []string // each request's query
	srv   *httptest.Server
}

func newDeltaServer(t *testing.T, pages map[string]string) *deltaServer {
	d := &deltaServer{pages: pages}
	d.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		d.seen = append(d.seen, r.URL.RawQuery)
		body, ok := d.pages[r.URL.RawQuery]
		d.mu.Unlock()
		if r.URL.Path != "/users/delta" || !ok {
			WriteError(w, http.StatusInternalServerError, "InternalServerError", "no page "+r.URL.RawQuery)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, strings.ReplaceAll(body, "{base}", d.srv.URL))
	}))
	t.Cleanup(d.srv.Close)
	return d
}

func (d *deltaServer) queries() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	q := strings.Join(d.seen, " ")
	d.seen = nil
	return q
}

// round reads one round of changes, rendered as "id" for an item (with
// its name) and "-id:reason" for a removal.
func round(t *testing.T, d *Delta[deltaUser]) ([]string, error) {
	t.Helper()
	var got []string
	for ch, err := range d.Changes(context.Background()) {
		if err != nil {
			return got, err
		}
		switch {
		case ch.Removed:
			got = append(got, "-"+ch.ID+":"+ch.Reason)
		default:
			if !ch.Item.decoded || ch.Item.ID != ch.ID {
				t.Errorf("item %+v not decoded by its UnmarshalJSON, or ID %q differs", ch.Item, ch.ID)
			}
			name := ""
			if ch.Item.DisplayName != nil {
				name = "=" + *ch.Item.DisplayName
			}
			got = append(got, ch.ID+name)
		}
	}
	return got, nil
}

func firstRequest(t *testing.T, c *Client) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.Server()+"/users/delta?$select=displayName", nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestClientDelta(t *testing.T) {
	noRetry := WithRetry(RetryPolicy{MaxAttempts: 1})

	t.Run("rounds", func(t *testing.T) {
		s := newDeltaServer(t, map[string]string{
			"$select=displayName": `{"value":[{"id":"a","displayName":"Ann"},{"id":"b"}],"@odata.nextLink":"{base}/users/delta?$skiptoken=2"}`,
			"$skiptoken=2":        `{"value":[{"id":"c","displayName":"Cy"},{"id":"d","@removed":{"reason":"deleted"}}],"@odata.nextLink":"/users/delta?$skiptoken=3"}`,
			"$skiptoken=3":        `{"value":[{"@removed":{"reason":"changed"},"id":"e"}],"@odata.deltaLink":"{base}/users/delta?$deltatoken=d1"}`,
			"$deltatoken=d1":      `{"value":[{"id":"a","displayName":"Anne"},{"id":"c","@removed":{"reason":"changed"}}],"@odata.deltaLink":"{base}/users/delta?$deltatoken=d2"}`,
			"$deltatoken=d2":      `{"value":[],"@odata.deltaLink":"{base}/users/delta?$deltatoken=d3"}`,
		})
		c := NewClient(s.srv.URL, noRetry)
		d := NewDelta[deltaUser](c, firstRequest(t, c))
		if d.DeltaLink() != "" {
			t.Errorf("DeltaLink before a round = %q", d.DeltaLink())
		}
		got, err := round(t, d)
		if err != nil || strings.Join(got, " ") != "a=Ann b c=Cy -d:deleted -e:changed" {
			t.Fatalf("first round: %v, %v", got, err)
		}
		if q := s.queries(); q != "$select=displayName $skiptoken=2 $skiptoken=3" {
			t.Errorf("first round read %q", q)
		}
		saved := d.DeltaLink()
		if saved != s.srv.URL+"/users/delta?$deltatoken=d1" {
			t.Fatalf("DeltaLink() = %q", saved)
		}

		// Resuming from the saved link reports only what changed since.
		r := ResumeDelta[deltaUser](c, saved)
		if r.DeltaLink() != saved {
			t.Errorf("resumed DeltaLink() = %q", r.DeltaLink())
		}
		got, err = round(t, r)
		if err != nil || strings.Join(got, " ") != "a=Anne -c:changed" {
			t.Fatalf("resumed round: %v, %v", got, err)
		}
		if q := s.queries(); q != "$deltatoken=d1" || r.DeltaLink() != s.srv.URL+"/users/delta?$deltatoken=d2" {
			t.Errorf("resumed round read %q, DeltaLink %q", q, r.DeltaLink())
		}
		// A further range over the first Delta continues from its link.
		got, err = round(t, d)
		if err != nil || strings.Join(got, " ") != "a=Anne -c:changed" || d.DeltaLink() != s.srv.URL+"/users/delta?$deltatoken=d2" {
			t.Errorf("second round: %v, %v, DeltaLink %q", got, err, d.DeltaLink())
		}
		got, err = round(t, d)
		if err != nil || len(got) != 0 || !strings.HasSuffix(d.DeltaLink(), "d3") {
			t.Errorf("empty round: %v, %v, DeltaLink %q", got, err, d.DeltaLink())
		}
	})

	t.Run("stop early", func(t *testing.T) {
		s := newDeltaServer(t, map[string]string{
			"$select=displayName": `{"value":[{"id":"a"},{"id":"b"}],"@odata.deltaLink":"{base}/users/delta?$deltatoken=d1"}`,
		})
		c := NewClient(s.srv.URL, noRetry)
		d := NewDelta[deltaUser](c, firstRequest(t, c))
		for range d.Changes(context.Background()) {
			break
		}
		if d.DeltaLink() != "" {
			t.Errorf("a round left early set DeltaLink %q", d.DeltaLink())
		}
	})

	t.Run("other host", func(t *testing.T) {
		for _, member := range []string{"@odata.nextLink", "@odata.deltaLink"} {
			s := newDeltaServer(t, map[string]string{
				"$select=displayName": `{"value":[{"id":"a"}],"` + member + `":"https://evil.example/users/delta?$skiptoken=2"}`,
			})
			c := NewClient(s.srv.URL, noRetry)
			d := NewDelta[deltaUser](c, firstRequest(t, c))
			got, err := round(t, d)
			if err == nil || !strings.Contains(err.Error(), "not on the client's server") || len(got) != 1 || d.DeltaLink() != "" {
				t.Errorf("%s on another host: %v, %v, DeltaLink %q", member, got, err, d.DeltaLink())
			}
			if q := s.queries(); q != "$select=displayName" {
				t.Errorf("%s on another host: read %q", member, q)
			}
		}
		// A saved link on another host is refused before anything is sent.
		s := newDeltaServer(t, nil)
		c := NewClient(s.srv.URL, noRetry)
		_, err := round(t, ResumeDelta[deltaUser](c, "https://evil.example/users/delta?$deltatoken=x"))
		if err == nil || !strings.Contains(err.Error(), "not on the client's server") || s.queries() != "" {
			t.Errorf("resuming from another host: %v", err)
		}
	})

	t.Run("loop", func(t *testing.T) {
		s := newDeltaServer(t, map[string]string{
			"$select=displayName": `{"value":[{"id":"a"}],"@odata.nextLink":"{base}/users/delta?$skiptoken=2"}`,
			"$skiptoken=2":        `{"value":[{"id":"b"}],"@odata.nextLink":"{base}/users/delta?$skiptoken=2"}`,
		})
		c := NewClient(s.srv.URL, noRetry)
		got, err := round(t, NewDelta[deltaUser](c, firstRequest(t, c)))
		if !errors.Is(err, ErrNextLinkLoop) || strings.Join(got, " ") != "a b" {
			t.Errorf("loop: %v, %v", got, err)
		}
	})

	t.Run("error page", func(t *testing.T) {
		s := newDeltaServer(t, map[string]string{
			"$select=displayName": `{"value":[{"id":"a"}],"@odata.nextLink":"{base}/users/delta?$skiptoken=gone"}`,
		})
		c := NewClient(s.srv.URL, noRetry)
		d := NewDelta[deltaUser](c, firstRequest(t, c))
		got, err := round(t, d)
		var e *Error
		if !errors.As(err, &e) || e.StatusCode != 500 || strings.Join(got, " ") != "a" || d.DeltaLink() != "" {
			t.Errorf("error page: %v, %v", got, err)
		}
		// Neither link: the page is malformed.
		s = newDeltaServer(t, map[string]string{"$select=displayName": `{"value":[{"id":"a"}]}`})
		c = NewClient(s.srv.URL, noRetry)
		if _, err := round(t, NewDelta[deltaUser](c, firstRequest(t, c))); err == nil || !strings.Contains(err.Error(), "neither") {
			t.Errorf("page without links: %v", err)
		}
		// An item that does not decode.
		s = newDeltaServer(t, map[string]string{"$select=displayName": `{"value":[{"id":"a","displayName":7}],"@odata.deltaLink":"{base}/x"}`})
		c = NewClient(s.srv.URL, noRetry)
		if _, err := round(t, NewDelta[deltaUser](c, firstRequest(t, c))); err == nil || !strings.Contains(err.Error(), `decode delta item "a"`) {
			t.Errorf("bad item: %v", err)
		}
		// A request the generated code could not build.
		if _, err := round(t, FailedDelta[deltaUser](errors.New("bad args"))); err == nil || err.Error() != "bad args" {
			t.Errorf("FailedDelta: %v", err)
		}
	})

	t.Run("context", func(t *testing.T) {
		s := newDeltaServer(t, map[string]string{
			"$select=displayName": `{"value":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"{base}/users/delta?$skiptoken=2"}`,
		})
		c := NewClient(s.srv.URL, noRetry)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var got []string
		var last error
		for ch, err := range NewDelta[deltaUser](c, firstRequest(t, c)).Changes(ctx) {
			if err != nil {
				last = err
				break
			}
			got = append(got, ch.ID)
			cancel()
		}
		if !errors.Is(last, context.Canceled) || strings.Join(got, " ") != "a" {
			t.Errorf("cancelled: %v, %v", got, last)
		}
	})

	// The scan that finds id and @removed without decoding an item.
	t.Run("scan", func(t *testing.T) {
		testItemMembers(t)
	})
}

func testItemMembers(t *testing.T) {
	for _, tc := range []struct {
		in, id, removed string
		ok              bool
	}{
		{`{"id":"x","@removed":{"reason":"deleted"}}`, `"x"`, `{"reason":"deleted"}`, true},
		{` { "a" : [1,{"id":"no"},"]"] , "b":null, "id" : "y\"z" , "n": -1.5e3 } `, `"y\"z"`, "", true},
		{`{}`, "", "", true},
		{`{"@removed":{"reason":"}"},"x":true}`, "", `{"reason":"}"}`, true},
		{`[1]`, "", "", false},
		{`{"id":"x"`, "", "", false},
		{`{"id"}`, "", "", false},
		{`{"id":"x" "b":1}`, "", "", false},
		{`{"a":{"b":1}`, "", "", false},
	} {
		id, removed, ok := itemMembers([]byte(tc.in))
		if string(id) != tc.id || string(removed) != tc.removed || ok != tc.ok {
			t.Errorf("itemMembers(%s) = %s, %s, %v; want %s, %s, %v", tc.in, id, removed, ok, tc.id, tc.removed, tc.ok)
		}
	}
}
