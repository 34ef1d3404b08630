package graphrt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// script is a test server answering each request with the next of its
// responses (the last one repeats), recording the requests' bodies.
type script struct {
	mu        sync.Mutex
	responses []func(w http.ResponseWriter)
	bodies    []string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := io.ReadAll(r.Body)
	s.bodies = append(s.bodies, string(b))
	i := min(len(s.bodies), len(s.responses)) - 1
	s.responses[i](w)
}

func (s *script) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

func status(code int, header ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		if code >= 400 {
			io.WriteString(w, `{"error":{"code":"`+wire.StatusCode(code)+`","message":"try later","innerError":{"request-id":"r-1","date":"2024-02-07T10:30:00"}}}`)
		} else {
			io.WriteString(w, `{"ok":true}`)
		}
	}
}

// recorder is a RetryPolicy.Sleep that returns at once, recording waits.
type recorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.waits = append(r.waits, d)
	r.mu.Unlock()
	return ctx.Err()
}

func newDoer(rec *recorder) *Doer {
	p := DefaultRetry
	p.Sleep = rec.sleep
	return NewDoer(nil, p)
}

func send(t *testing.T, d *Doer, method, url, body string) (*http.Response, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	return d.Do(req)
}

func TestDoerRetries429WithRetryAfterSeconds(t *testing.T) {
	s := &script{responses: []func(http.ResponseWriter){status(429, "Retry-After", "7"), status(200)}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	rec := &recorder{}
	resp, err := send(t, newDoer(rec), http.MethodGet, srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || s.calls() != 2 {
		t.Fatalf("status %d after %d calls", resp.StatusCode, s.calls())
	}
	if len(rec.waits) != 1 || rec.waits[0] != 7*time.Second {
		t.Errorf("waits %v, want [7s]", rec.waits)
	}
}

func TestDoerRetries503WithRetryAfterDate(t *testing.T) {
	at := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	s := &script{responses: []func(http.ResponseWriter){status(503, "Retry-After", at), status(200)}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	rec := &recorder{}
	resp, err := send(t, newDoer(rec), http.MethodGet, srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s.calls() != 2 {
		t.Fatalf("%d calls, want 2", s.calls())
	}
	// an HTTP date has whole seconds: 3s from now is 2 to 3 seconds away
	if len(rec.waits) != 1 || rec.waits[0] < 1*time.Second || rec.waits[0] > 3*time.Second {
		t.Errorf("waits %v, want one of about 2-3s", rec.waits)
	}
}

func TestDoer504WithoutRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		method string
		calls  int
	}{
		{http.MethodGet, 4},    // idempotent: retried with backoff, attempts bounded
		{http.MethodDelete, 4}, // idempotent
		{http.MethodPost, 1},   // not idempotent, and no Retry-After
		{http.MethodPatch, 1},
	} {
		t.Run(tc.method, func(t *testing.T) {
			s := &script{responses: []func(http.ResponseWriter){status(504)}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			rec := &recorder{}
			_, err := send(t, newDoer(rec), tc.method, srv.URL, "")
			var e *Error
			if !errors.As(err, &e) || e.StatusCode != 504 || e.Code != "GatewayTimeout" {
				t.Fatalf("error %v, want a 504 *Error", err)
			}
			if s.calls() != tc.calls || len(rec.waits) != tc.calls-1 {
				t.Errorf("%d calls and waits %v, want %d calls", s.calls(), rec.waits, tc.calls)
			}
			// backoff: 500ms, 1s, 2s, each with jitter down to half
			for i, w := range rec.waits {
				max := DefaultRetry.BaseDelay << i
				if w < max/2 || w > max {
					t.Errorf("wait %d is %v, want %v to %v", i, w, max/2, max)
				}
			}
		})
	}
}

func TestDoerRetriesPostWithRetryAfterAndResendsBody(t *testing.T) {
	s := &script{responses: []func(http.ResponseWriter){status(429, "Retry-After", "1"), status(503, "Retry-After", "0"), status(201)}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	resp, err := send(t, newDoer(&recorder{}), http.MethodPost, srv.URL, `{"name":"x"}`)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 || s.calls() != 3 {
		t.Fatalf("status %d after %d calls", resp.StatusCode, s.calls())
	}
	for i, b := range s.bodies {
		if b != `{"name":"x"}` {
			t.Errorf("attempt %d sent body %q", i+1, b)
		}
	}
}

func TestDoerDoesNotRetryABodyItCannotResend(t *testing.T) {
	s := &script{responses: []func(http.ResponseWriter){status(503, "Retry-After", "1"), status(200)}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPut, srv.URL, io.NopCloser(bytes.NewBufferString("once")))
	req.GetBody = nil
	_, err := newDoer(&recorder{}).Do(req)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 503 || s.calls() != 1 {
		t.Errorf("error %v after %d calls, want a 503 after 1", err, s.calls())
	}
}

func TestDoerAttemptsAreBounded(t *testing.T) {
	s := &script{responses: []func(http.ResponseWriter){status(429, "Retry-After", "1")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	rec := &recorder{}
	d := newDoer(rec)
	d.Retry.MaxAttempts = 3
	_, err := send(t, d, http.MethodGet, srv.URL, "")
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 429 {
		t.Fatalf("error %v, want 429", err)
	}
	if s.calls() != 3 || len(rec.waits) != 2 {
		t.Errorf("%d calls, %d waits; want 3 and 2", s.calls(), len(rec.waits))
	}
}

func TestDoerGivesUpOnRetryAfterBeyondMaxDelay(t *testing.T) {
	s := &script{responses: []func(http.ResponseWriter){status(429, "Retry-After", "3600")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	_, err := send(t, newDoer(&recorder{}), http.MethodGet, srv.URL, "")
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 429 || s.calls() != 1 {
		t.Errorf("error %v after %d calls, want a 429 after 1", err, s.calls())
	}
}

func TestDoerStopsWaitingWhenTheContextEnds(t *testing.T) {
	s := &script{responses: []func(http.ResponseWriter){status(503, "Retry-After", "20")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	// Cancel once the 503 is in hand (not when the server has merely
	// seen the request: cancelling then can beat the response), so that
	// the Doer is waiting on a real timer when the context ends.
	answered := make(chan struct{})
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		close(answered)
		return resp, err
	})}
	d := NewDoer(hc, DefaultRetry) // a real timer
	go func() {
		<-answered
		cancel()
	}()
	start := time.Now()
	_, err := d.Do(req)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 503 {
		t.Errorf("error %v does not carry the last response", err)
	}
	if time.Since(start) > 10*time.Second || s.calls() != 1 {
		t.Errorf("waited %v, %d calls", time.Since(start), s.calls())
	}
}

func TestDoerDoesNotWaitPastTheDeadline(t *testing.T) {
	s := &script{responses: []func(http.ResponseWriter){status(503, "Retry-After", "20")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	rec := &recorder{}
	d := newDoer(rec)
	_, err := d.Do(req)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 503 || len(rec.waits) != 0 {
		t.Errorf("error %v, waits %v; want the 503 at once", err, rec.waits)
	}
}

func TestDoerErrorFields(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		io.WriteString(w, `{"error":{"code":"ResourceNotFound","message":"No certificate 42.","innerError":{"request-id":"5f0f6d5e","date":"2024-02-07T10:30:00"}}}`)
	}))
	defer srv.Close()
	resp, err := send(t, newDoer(&recorder{}), http.MethodGet, srv.URL, "")
	if resp != nil {
		t.Errorf("a response with the error")
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v, want *Error", err, err)
	}
	if e.StatusCode != 404 || e.Code != "ResourceNotFound" || e.Message != "No certificate 42." || e.InnerError == nil ||
		e.InnerError.RequestID != "5f0f6d5e" || e.InnerError.Date != "2024-02-07T10:30:00" {
		t.Errorf("error %+v %+v", e, e.InnerError)
	}
	if got := e.Error(); got != "graph: 404 ResourceNotFound: No certificate 42. (request-id 5f0f6d5e)" {
		t.Errorf("Error() = %q", got)
	}
}

func TestDoerFillsRequestIDFromHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("request-id", "hdr-1")
		w.Header().Set("Date", "Wed, 07 Feb 2024 10:30:00 GMT")
		w.WriteHeader(502)
		io.WriteString(w, "bad gateway")
	}))
	defer srv.Close()
	_, err := send(t, newDoer(&recorder{}), http.MethodGet, srv.URL, "")
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 502 || e.Code != "BadGateway" || e.Message != "bad gateway" ||
		e.InnerError == nil || e.InnerError.RequestID != "hdr-1" || e.InnerError.Date != "2024-02-07T10:30:00Z" {
		t.Errorf("error %+v", e)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 2, 7, 10, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"12", 12 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"Wed, 07 Feb 2024 10:30:05 GMT", 5 * time.Second, true},
		{"Wed, 07 Feb 2024 10:29:00 GMT", 0, true}, // passed
		{"99999999999999999999", 0, false},
	} {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffIsCapped(t *testing.T) {
	p := RetryPolicy{BaseDelay: time.Second, MaxDelay: 4 * time.Second}
	for attempt := 1; attempt < 100; attempt++ {
		if d := p.backoff(attempt); d < 0 || d > 4*time.Second {
			t.Fatalf("backoff(%d) = %v", attempt, d)
		}
	}
	if d := (RetryPolicy{BaseDelay: time.Hour}).backoff(80); d <= 0 {
		t.Errorf("uncapped backoff overflowed: %v", d)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
