package graphrt

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// clRoundTripper records the order requests pass through middleware.
type clRoundTripper struct {
	name  string
	next  http.RoundTripper
	mu    *sync.Mutex
	trace *[]string
}

func (m clRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	m.mu.Lock()
	*m.trace = append(*m.trace, m.name+">")
	m.mu.Unlock()
	resp, err := m.next.RoundTrip(r)
	m.mu.Lock()
	*m.trace = append(*m.trace, "<"+m.name)
	m.mu.Unlock()
	return resp, err
}

var clUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewClient(t *testing.T) {
	if got := NewClient("https://graph.microsoft.com/v1.0/").Server(); got != "https://graph.microsoft.com/v1.0" {
		t.Errorf("Server() = %q", got)
	}
	c := NewClient("https://graph.microsoft.com/beta")
	if c.doer.Client != http.DefaultClient || c.doer.Retry.MaxAttempts != DefaultRetry.MaxAttempts || c.doer.Retry.BaseDelay != DefaultRetry.BaseDelay {
		t.Errorf("defaults: %+v", c.doer)
	}
	hc := &http.Client{Timeout: time.Minute}
	c = NewClient("https://x", WithHTTPClient(hc), WithRetry(RetryPolicy{MaxAttempts: 1}))
	if c.doer.Client != hc || c.doer.Retry.MaxAttempts != 1 {
		t.Errorf("options: %+v", c.doer)
	}
	c = NewClient("https://x", WithHTTPClient(nil))
	if c.doer.Client != http.DefaultClient {
		t.Errorf("WithHTTPClient(nil): %+v", c.doer.Client)
	}
	// Middleware wraps a copy: the *http.Client given is not changed.
	var mu sync.Mutex
	var trace []string
	c = NewClient("https://x", WithHTTPClient(hc), WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return clRoundTripper{"a", next, &mu, &trace}
	}))
	if hc.Transport != nil || c.doer.Client == hc || c.doer.Client.Timeout != time.Minute {
		t.Errorf("middleware changed the client given, or lost its settings")
	}
}

func TestClientDo(t *testing.T) {
	var mu sync.Mutex
	var seen []http.Header
	attempts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		attempts++
		n := attempts
		mu.Unlock()
		switch r.URL.Path {
		case "/throttled":
			if n == 1 {
				w.Header().Set("Retry-After", "0")
				WriteError(w, http.StatusTooManyRequests, "TooManyRequests", "slow down")
				return
			}
		case "/forbidden":
			w.Header().Set("request-id", "rid-1")
			WriteError(w, http.StatusForbidden, "Authorization_RequestDenied", "no")
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()

	var trace []string
	mw := func(name string) ClientOption {
		return WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
			return clRoundTripper{name, next, &mu, &trace}
		})
	}
	c := NewClient(srv.URL, WithHTTPClient(srv.Client()), mw("outer"), mw("inner"),
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))

	reset := func() {
		mu.Lock()
		seen, trace, attempts = nil, nil, 0
		mu.Unlock()
	}
	get := func(ctx context.Context, path string, header ...string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Server()+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := c.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return resp, err
	}

	// A client-request-id on every request; middleware in order.
	reset()
	if _, err := get(context.Background(), "/ok"); err != nil {
		t.Fatal(err)
	}
	if id := seen[0].Get("client-request-id"); !clUUID.MatchString(id) {
		t.Errorf("client-request-id %q", id)
	}
	if got := strings.Join(trace, " "); got != "outer> inner> <inner <outer" {
		t.Errorf("middleware order: %s", got)
	}
	// Two requests, two ids.
	reset()
	get(context.Background(), "/ok")
	get(context.Background(), "/ok")
	if seen[0].Get("client-request-id") == seen[1].Get("client-request-id") {
		t.Errorf("the same client-request-id twice")
	}
	// One set by the caller is kept.
	reset()
	get(context.Background(), "/ok", "client-request-id", "mine")
	if got := seen[0].Get("client-request-id"); got != "mine" {
		t.Errorf("client-request-id %q", got)
	}

	// Headers from the context.
	reset()
	ctx := WithHeader(context.Background(), "Prefer", `outlook.timezone="UTC"`)
	ctx2 := WithHeader(ctx, "prefer", "return=minimal")
	ctx2 = WithHeader(ctx2, "ConsistencyLevel", "eventual")
	get(ctx2, "/ok", "ConsistencyLevel", "session", "Other", "kept")
	if got := seen[0].Values("Prefer"); len(got) != 2 || got[0] != `outlook.timezone="UTC"` || got[1] != "return=minimal" {
		t.Errorf("Prefer: %q", got)
	}
	if got := seen[0].Values("ConsistencyLevel"); len(got) != 1 || got[0] != "eventual" {
		t.Errorf("ConsistencyLevel: %q (the context's replaces the request's)", got)
	}
	if seen[0].Get("Other") != "kept" {
		t.Errorf("Other: %v", seen[0])
	}
	// WithHeader does not change the context it derives from.
	reset()
	get(ctx, "/ok")
	if got := seen[0].Values("Prefer"); len(got) != 1 || seen[0].Get("ConsistencyLevel") != "" {
		t.Errorf("parent context: %v", seen[0])
	}

	// Retries on 429 with Retry-After, through the middleware each time,
	// with the same client-request-id.
	reset()
	if _, err := get(context.Background(), "/throttled"); err != nil {
		t.Fatalf("throttled: %v", err)
	}
	if attempts != 2 || len(trace) != 8 {
		t.Errorf("attempts %d, trace %v", attempts, trace)
	}
	if seen[0].Get("client-request-id") != seen[1].Get("client-request-id") {
		t.Errorf("a retry has another client-request-id")
	}

	// A non-2xx response is an *Error.
	reset()
	_, err := get(context.Background(), "/forbidden")
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 403 || e.Code != "Authorization_RequestDenied" || e.Message != "no" || e.InnerError == nil || e.InnerError.RequestID != "rid-1" {
		t.Errorf("forbidden: %#v", err)
	}

	// A request built by hand without a Header map.
	reset()
	u, _ := http.NewRequest(http.MethodGet, srv.URL+"/ok", nil)
	u.Header = nil
	if resp, err := c.Do(u); err != nil {
		t.Errorf("nil Header: %v", err)
	} else {
		resp.Body.Close()
	}
}

func TestNewRequestID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := newRequestID()
		if !clUUID.MatchString(id) || seen[id] {
			t.Fatalf("%q", id)
		}
		seen[id] = true
	}
}
