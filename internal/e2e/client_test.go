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
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
)

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// withAuthorization is client middleware that sets the Authorization
// header of every request, as an authentication middleware would.
func withAuthorization(value string) graphrt.ClientOption {
	return graphrt.WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			r = r.Clone(r.Context()) // a RoundTripper must not change its request
			r.Header.Set("Authorization", value)
			return next.RoundTrip(r)
		})
	})
}

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

func (p *pager) callHeaders() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.extra...)
}

func pagerClient(t *testing.T, next ...int) (*pager, *userpfx.Client) {
	t.Helper()
	p := &pager{next: next}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, userpfx.NewClient(srv.URL, withAuthorization("Bearer t"))
}

func TestListAllFollowsNextLinks(t *testing.T) {
	p, c := pagerClient(t, 1, 2, -1)
	// a per-call header, on every page's request
	ctx := graphrt.WithHeader(context.Background(), "X-Call", "yes")
	var ids []string
	var keyNames int
	for cert, err := range c.DeviceManagementUserPfxCertificatesListAll(ctx, &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: ptr[int32](2)}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *cert.Id)
		if cert.KeyName != nil && *cert.KeyName == "k" {
			keyNames++
		}
	}
	if got := strings.Join(ids, " "); got != "c0 c1 c2 c3 c4 c5" {
		t.Errorf("ids %q, want c0 to c5 in order", got)
	}
	if keyNames != 3 {
		t.Errorf("%d items with keyName k, want 3 (one a page)", keyNames)
	}
	// every page went through the client's middleware
	if got := strings.Join(p.requests(), ","); got != " Bearer t,1 Bearer t,2 Bearer t" {
		t.Errorf("requests ($skiptoken Authorization) %q, want 3 pages with Bearer t", got)
	}
	if got := strings.Join(p.callHeaders(), ","); got != "yes,yes,yes" {
		t.Errorf("X-Call of each request %q, want yes on each", got)
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
		t.Errorf("%d items, error %v, requests %v; want 1 item, context.Canceled, 1 request", n, last, p.requests())
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
		t.Errorf("%d items, error %v, requests %v; want 4 items, ErrNextLinkLoop, 2 requests", n, last, p.requests())
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
	c := userpfx.NewClient(srv.URL)
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
	if !errors.As(last, &e) || e.StatusCode != 403 || e.Code != "Authorization_RequestDenied" || e.Message != "Insufficient privileges." || len(items) != 1 {
		t.Errorf("items %v, error %v; want item a, then a 403 Authorization_RequestDenied *graphrt.Error", items, last)
	}
}

func TestListAllRefusesANextLinkToAnotherHost(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"value":[{"id":"a"}],"@odata.nextLink":"https://elsewhere.example/steal"}`)
	}))
	defer srv.Close()
	// the transport fails any request that is not to srv
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if "http://"+r.URL.Host != srv.URL {
			t.Errorf("request sent to %s", r.URL)
			return nil, errors.New("not the test server")
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := userpfx.NewClient(srv.URL, graphrt.WithHTTPClient(hc), withAuthorization("Bearer secret"))
	var items int
	var last error
	for _, err := range c.DeviceManagementUserPfxCertificatesListAll(context.Background(), nil) {
		if err != nil {
			last = err
			continue
		}
		items++
	}
	mu.Lock()
	defer mu.Unlock()
	if last == nil || !strings.Contains(last.Error(), "not on the client's server") || items != 1 || len(got) != 1 {
		t.Errorf("error %v after %d items and %d requests; want 1 item, 1 request, then an error saying the link is not on the client's server", last, items, len(got))
	}
}

// TestClientErrorsAndThrottling sends requests with NewClient's default
// retry policy: 429 and 503 with Retry-After are retried, a 404 becomes a
// *graphrt.Error with Graph's fields.
func TestClientErrorsAndThrottling(t *testing.T) {
	var mu sync.Mutex
	var script []int
	var seen []string
	var bodies []string // of the POSTs
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, r.Method+" "+r.Header.Get("Authorization"))
		if r.Method == http.MethodPost {
			bodies = append(bodies, string(body))
		}
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
	c := userpfx.NewClient(srv.URL, withAuthorization("Bearer t"))
	ctx := context.Background()
	run := func(s ...int) {
		mu.Lock()
		script, seen = s, nil
		mu.Unlock()
	}
	requests := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}

	run(404)
	_, err := c.DeviceManagementUserPfxCertificatesGet(ctx, "c9", nil)
	var e *graphrt.Error
	if !errors.As(err, &e) {
		t.Fatalf("404: error %T %v, want *graphrt.Error", err, err)
	}
	if e.StatusCode != 404 || e.Code != "ResourceNotFound" || e.Message != "No userPFXCertificate c9." || e.InnerError == nil || e.InnerError.RequestID != "8b1f0c2e" || e.InnerError.Date != "2024-02-07T10:30:00" {
		t.Errorf("404: %+v (inner %+v), want Graph's code, message, request-id and date", e, e.InnerError)
	}

	run(429, 503, 200)
	got, err := c.DeviceManagementUserPfxCertificatesGet(ctx, "c1", nil)
	if err != nil || got.KeyName == nil || *got.KeyName != "k" {
		t.Fatalf("429, 503, 200: %+v, %v; want the third answer", got, err)
	}
	if want := []string{"GET Bearer t", "GET Bearer t", "GET Bearer t"}; !reflect.DeepEqual(requests(), want) {
		t.Errorf("requests %v, want %v (every attempt through the middleware)", requests(), want)
	}

	// a POST is retried too, because the server sent Retry-After, with
	// its body again
	run(503, 200)
	cert := full()
	if _, err := c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert); err != nil || len(requests()) != 2 {
		t.Errorf("POST after 503 with Retry-After: %v, %d requests; want success after 2", err, len(requests()))
	}
	want, _ := json.Marshal(cert)
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 || bodies[0] != string(want) || bodies[1] != string(want) {
		t.Errorf("POST bodies %q, want %s twice", bodies, want)
	}
}

// TestClientWithRetryAndHTTPClient: WithRetry sets the policy (here a
// short one that does not really wait), WithHTTPClient the *http.Client
// requests go through.
func TestClientWithRetryAndHTTPClient(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		graphrt.WriteError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "down")
	}))
	defer srv.Close()
	var waits []time.Duration
	policy := graphrt.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Second, MaxDelay: time.Second, Sleep: func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}}
	var sent atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := userpfx.NewClient(srv.URL, graphrt.WithRetry(policy), graphrt.WithHTTPClient(hc))
	err := c.DeviceManagementUserPfxCertificatesDelete(context.Background(), "c1")
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != 503 || e.Code != "ServiceUnavailable" || calls.Load() != 2 || len(waits) != 1 {
		t.Errorf("error %v, %d calls, waits %v; want a 503 *graphrt.Error after 2 calls and 1 wait", err, calls.Load(), waits)
	}
	if len(waits) == 1 && (waits[0] < 500*time.Millisecond || waits[0] > time.Second) {
		t.Errorf("waited %v, want between half of BaseDelay and BaseDelay", waits[0])
	}
	if sent.Load() != 2 {
		t.Errorf("%d requests through the HTTP client given, want 2", sent.Load())
	}
	// MaxAttempts 1: no retries; the error is returned all the same
	calls.Store(0)
	once := userpfx.NewClient(srv.URL, graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 1}))
	err = once.DeviceManagementUserPfxCertificatesDelete(context.Background(), "c1")
	if !errors.As(err, &e) || e.StatusCode != 503 || calls.Load() != 1 {
		t.Errorf("no retries: %v, %d calls; want a 503 *graphrt.Error after 1 call", err, calls.Load())
	}
}

// TestPolymorphicItemsKeepTheirFields: oapi-codegen alone decodes a
// collection of a base type into the base struct and drops the members
// of derived types (its issue #666). The userpfx example's only family
// is entity with userPFXCertificate, and its collection response holds
// userPFXCertificates, not entities; so this decodes a collection of
// entities through EntityAny, what a base-typed collection property or
// body decodes with (impl.UnmarshalFamily, as EntityKind elements).
func TestPolymorphicItemsKeepTheirFields(t *testing.T) {
	const body = `{"value":[
		{"@odata.type":"#microsoft.graph.userPFXCertificate","id":"c1","keyName":"k","intendedPurpose":"vpn"},
		{"id":"e2"},
		{"@odata.type":"#microsoft.graph.somethingNewer","id":"e3","extra":1}]}`
	var ours struct{ Value []userpfx.EntityAny }
	if err := json.Unmarshal([]byte(body), &ours); err != nil {
		t.Fatal(err)
	}
	if len(ours.Value) != 3 {
		t.Fatalf("%d items, want 3", len(ours.Value))
	}
	c, ok := ours.Value[0].Value.(*userpfx.UserPFXCertificate)
	if !ok || *c.KeyName != "k" || *c.IntendedPurpose != userpfx.UserPfxIntendedPurposeVpn || *c.Id != "c1" {
		t.Errorf("item 0: %#v, want a *UserPFXCertificate c1 with keyName k and intendedPurpose vpn", ours.Value[0].Value)
	}
	// no @odata.type, or one this package does not know: the base type
	for i, want := range map[int]string{1: "e2", 2: "e3"} {
		if e, ok := ours.Value[i].Value.(*userpfx.Entity); !ok || *e.Id != want {
			t.Errorf("item %d: %#v, want a *Entity %s", i, ours.Value[i].Value, want)
		}
	}
	if err := ours.Value[0].Validate(); err != nil {
		t.Errorf("item 0: Validate = %v, want nil", err)
	}
	// and back: the derived type is written with its @odata.type and fields
	out, err := json.Marshal(ours.Value[0])
	if err != nil || !strings.Contains(string(out), `"@odata.type":"#microsoft.graph.userPFXCertificate"`) || !strings.Contains(string(out), `"keyName":"k"`) {
		t.Errorf("re-encoded: %s %v; want its @odata.type and keyName", out, err)
	}
}
