package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
)

// pager serves /deviceManagement/userPfxCertificates in pages of two
// certificates, page n at $skiptoken=n; next says which page each page
// links to (-1: none).
type pager struct {
	mu    sync.Mutex
	next  []int
	seen  []string // each request's $skiptoken and Authorization header
	extra []string // each request's X-Call header
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	tok := r.URL.Query().Get("$skiptoken")
	p.seen = append(p.seen, tok+" "+r.Header.Get("Authorization"))
	p.extra = append(p.extra, r.Header.Get("X-Call"))
	n := 0
	fmt.Sscan(tok, &n)
	page := map[string]any{"value": []map[string]any{
		{"@odata.type": "#microsoft.graph.userPFXCertificate", "id": fmt.Sprintf("c%d", 2*n), "keyName": "k"},
		{"id": fmt.Sprintf("c%d", 2*n+1)},
	}}
	if next := p.next[n]; next >= 0 {
		page["@odata.nextLink"] = fmt.Sprintf("http://%s%s?$top=2&$skiptoken=%d", r.Host, r.URL.Path, next)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(page)
}

func (p *pager) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

func pagerClient(t *testing.T, next ...int) (*pager, *userpfx.ClientWithResponses) {
	t.Helper()
	p := &pager{next: next}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	c, err := userpfx.NewGraphClient(srv.URL, userpfx.WithRequestEditorFn(func(ctx context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer t")
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return p, c
}

func callEditor(ctx context.Context, req *http.Request) error {
	req.Header.Set("X-Call", "yes")
	return nil
}

func TestListAllFollowsNextLinks(t *testing.T) {
	p, c := pagerClient(t, 1, 2, -1)
	var ids []string
	for cert, err := range c.DeviceManagementUserPfxCertificatesListAll(context.Background(), &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: ptr[int32](2)}, callEditor) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *cert.Id)
	}
	if strings.Join(ids, " ") != "c0 c1 c2 c3 c4 c5" {
		t.Errorf("ids %v", ids)
	}
	// every page got the client's editors and the call's
	if got := strings.Join(p.requests(), ","); got != " Bearer t,1 Bearer t,2 Bearer t" {
		t.Errorf("requests %q", got)
	}
	if strings.Join(p.extra, ",") != "yes,yes,yes" {
		t.Errorf("per-call editor: %q", p.extra)
	}
}

func TestListAllStopsWhenTheContextEnds(t *testing.T) {
	p, c := pagerClient(t, 1, 2, -1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range c.DeviceManagementUserPfxCertificatesListAll(ctx, nil) {
		if err != nil {
			last = err
			break
		}
		n++
		cancel()
	}
	if !errors.Is(last, context.Canceled) || n != 1 || len(p.requests()) != 1 {
		t.Errorf("%d items, error %v, requests %v", n, last, p.requests())
	}
}

func TestListAllStopsOnARepeatedNextLink(t *testing.T) {
	p, c := pagerClient(t, 1, 1)
	n := 0
	var last error
	for _, err := range c.DeviceManagementUserPfxCertificatesListAll(context.Background(), nil) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	if !errors.Is(last, graphrt.ErrNextLinkLoop) || n != 4 || len(p.requests()) != 2 {
		t.Errorf("%d items, error %v, requests %v", n, last, p.requests())
	}
}

func TestListAllYieldsAFailedPageAsGraphError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("$skiptoken") == "" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"value":[{"id":"a"}],"@odata.nextLink":"http://%s%s?$skiptoken=1"}`, r.Host, r.URL.Path)
			return
		}
		graphrt.WriteError(w, http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges.")
	}))
	defer srv.Close()
	// without graphrt.Doer: the page's error comes from the body
	c, err := userpfx.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	var last error
	for cert, err := range c.DeviceManagementUserPfxCertificatesListAll(context.Background(), nil) {
		if err != nil {
			last = err
			break
		}
		items = append(items, *cert.Id)
	}
	var e *graphrt.Error
	if !errors.As(last, &e) || e.StatusCode != 403 || e.Code != "Authorization_RequestDenied" || len(items) != 1 {
		t.Errorf("items %v, error %v", items, last)
	}
}

func TestListAllRefusesANextLinkToAnotherHost(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"value":[{"id":"a"}],"@odata.nextLink":"https://elsewhere.example/steal"}`)
	}))
	defer srv.Close()
	c, _ := userpfx.NewGraphClient(srv.URL)
	var last error
	for _, err := range c.DeviceManagementUserPfxCertificatesListAll(context.Background(), nil) {
		last = err
	}
	if last == nil || !strings.Contains(last.Error(), "not on the client's server") || len(got) != 1 {
		t.Errorf("error %v after %d requests", last, len(got))
	}
}

// TestGraphClientErrorsAndThrottling sends requests through NewGraphClient's
// default doer: 429 and 503 with Retry-After are retried, a 404 becomes a
// *graphrt.Error with Graph's fields.
func TestGraphClientErrorsAndThrottling(t *testing.T) {
	var mu sync.Mutex
	var script []int
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, r.Method+" "+r.Header.Get("Authorization"))
		status := script[0]
		script = script[1:]
		switch status {
		case 404:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(404)
			io.WriteString(w, `{"error":{"code":"ResourceNotFound","message":"No userPFXCertificate c9.","innerError":{"request-id":"8b1f0c2e","date":"2024-02-07T10:30:00"}}}`)
		case 429, 503:
			w.Header().Set("Retry-After", "0")
			graphrt.WriteError(w, status, "TooManyRequests", "slow down")
		default:
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"c1","keyName":"k"}`)
		}
	}))
	defer srv.Close()
	c, err := userpfx.NewGraphClient(srv.URL, userpfx.WithRequestEditorFn(func(ctx context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer t")
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	script = []int{404}
	_, err = c.DeviceManagementUserPfxCertificatesGetWithResponse(ctx, "c9", nil)
	var e *graphrt.Error
	if !errors.As(err, &e) {
		t.Fatalf("404: error %T %v, want *graphrt.Error", err, err)
	}
	if e.StatusCode != 404 || e.Code != "ResourceNotFound" || e.Message != "No userPFXCertificate c9." || e.InnerError == nil || e.InnerError.RequestID != "8b1f0c2e" || e.InnerError.Date != "2024-02-07T10:30:00" {
		t.Errorf("404: %+v", e)
	}

	script, seen = []int{429, 503, 200}, nil
	r, err := c.DeviceManagementUserPfxCertificatesGetWithResponse(ctx, "c1", nil)
	if err != nil || r.JSON200 == nil || *r.JSON200.KeyName != "k" {
		t.Fatalf("429, 503, 200: %v %v", r, err)
	}
	if !reflect.DeepEqual(seen, []string{"GET Bearer t", "GET Bearer t", "GET Bearer t"}) {
		t.Errorf("requests %v", seen)
	}

	// a POST is retried too, because the server sent Retry-After
	script, seen = []int{503, 200}, nil
	if _, err := c.DeviceManagementUserPfxCertificatesCreateWithResponse(ctx, full()); err != nil || len(seen) != 2 {
		t.Errorf("POST after 503 with Retry-After: %v, %d requests", err, len(seen))
	}
}

// TestGraphClientWithHTTPClient checks that WithHTTPClient replaces the
// default doer, here one with a short policy and no real waiting.
func TestGraphClientWithHTTPClient(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		graphrt.WriteError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "down")
	}))
	defer srv.Close()
	var waits []time.Duration
	policy := graphrt.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Second, MaxDelay: time.Second, Sleep: func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}}
	c, _ := userpfx.NewGraphClient(srv.URL, userpfx.WithHTTPClient(graphrt.NewDoer(nil, policy)))
	_, err := c.DeviceManagementUserPfxCertificatesDeleteWithResponse(context.Background(), "c1")
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != 503 || calls != 2 || len(waits) != 1 {
		t.Errorf("error %v, %d calls, waits %v", err, calls, waits)
	}
	// a plain client: no retries, and the error is in the response
	plain, _ := userpfx.NewGraphClient(srv.URL, userpfx.WithHTTPClient(http.DefaultClient))
	calls = 0
	r, err := plain.DeviceManagementUserPfxCertificatesDeleteWithResponse(context.Background(), "c1")
	if err != nil || r.StatusCode() != 503 || calls != 1 {
		t.Errorf("plain client: %v, %d calls", err, calls)
	}
}

// TestPolymorphicItemsKeepTheirFields: oapi-codegen alone decodes a
// collection of a base type into the base struct and drops the members
// of derived types (its issue #666). The userpfx example's only family
// is entity with userPFXCertificate, and its collection response holds
// userPFXCertificates, not entities; so this decodes a collection of
// entities through EntityAny, what a base-typed collection property or
// body decodes with (EntityKind elements are decoded by the same
// decodeEntityKind).
func TestPolymorphicItemsKeepTheirFields(t *testing.T) {
	const body = `{"value":[
		{"@odata.type":"#microsoft.graph.userPFXCertificate","id":"c1","keyName":"k","intendedPurpose":"vpn"},
		{"id":"e2"},
		{"@odata.type":"#microsoft.graph.somethingNewer","id":"e3","extra":1}]}`
	var ours struct{ Value []userpfx.EntityAny }
	if err := json.Unmarshal([]byte(body), &ours); err != nil {
		t.Fatal(err)
	}
	c, ok := ours.Value[0].Value.(*userpfx.UserPFXCertificate)
	if !ok || *c.KeyName != "k" || *c.IntendedPurpose != userpfx.UserPfxIntendedPurposeVpn || *c.Id != "c1" {
		t.Errorf("item 0: %#v", ours.Value[0].Value)
	}
	// no @odata.type, or one this package does not know: the base type
	for i, want := range map[int]string{1: "e2", 2: "e3"} {
		if e, ok := ours.Value[i].Value.(*userpfx.Entity); !ok || *e.Id != want {
			t.Errorf("item %d: %#v", i, ours.Value[i].Value)
		}
	}
	// and back: the derived type is written with its @odata.type and fields
	out, err := json.Marshal(ours.Value[0])
	if err != nil || !strings.Contains(string(out), `"@odata.type":"#microsoft.graph.userPFXCertificate"`) || !strings.Contains(string(out), `"keyName":"k"`) {
		t.Errorf("re-encoded: %s %v", out, err)
	}
}
