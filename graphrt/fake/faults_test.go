package fake_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt/fake"
	"github.com/graphdoc/graphdoc/graphrt/impl"
)

// The store is what a generated NewFakeHandler intercepts requests with.
var _ impl.Interceptor = (*fake.Store)(nil)

// widgets is the handler of the test routes: it answers every request
// 200 with its argument.
type widgets struct{}

// widgetRoutes are two operations, as a generated route table has them.
var widgetRoutes = []impl.Route[widgets]{{
	Method: "GET", Path: "/widgets", ID: "widgets.list", Name: "WidgetsList",
	Serve: func(_ widgets, w http.ResponseWriter, r *http.Request, _ []string) {
		impl.Reply(w, 200, map[string]any{"value": []string{}}, nil)
	},
}, {
	Method: "GET", Path: "/widgets/{widget-id}", ID: "widgets.get", Name: "WidgetsGet",
	Serve: func(_ widgets, w http.ResponseWriter, r *http.Request, args []string) {
		impl.Reply(w, 200, map[string]string{"id": args[0]}, nil)
	},
}}

// faultServer returns a handler serving the widget routes through a new
// store made with opts, and the store.
func faultServer(opts ...fake.Option) (http.Handler, *fake.Store) {
	s := fake.NewStore(opts...)
	return impl.NewRouter(widgets{}, widgetRoutes, impl.Intercept(s)), s
}

// do sends a request to h and returns the response.
func do(h http.Handler, method, target string) *http.Response {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w.Result()
}

// pattern sends n GETs of /widgets and returns which were faulted, as a
// string of '.' (served) and 'x' (faulted).
func pattern(h http.Handler, n int) string {
	var b strings.Builder
	for range n {
		if do(h, "GET", "/widgets").StatusCode == 200 {
			b.WriteByte('.')
		} else {
			b.WriteByte('x')
		}
	}
	return b.String()
}

func TestFaultsDeterministic(t *testing.T) {
	f := fake.Fault{Status: 503, Fraction: 0.5}
	h1, _ := faultServer(fake.Faults(7, f))
	h2, _ := faultServer(fake.Faults(7, f))
	h3, _ := faultServer(fake.Faults(8, f))
	p1, p2, p3 := pattern(h1, 200), pattern(h2, 200), pattern(h3, 200)
	if p1 != p2 {
		t.Errorf("the same seed gave\n%s\n%s", p1, p2)
	}
	if p1 == p3 {
		t.Errorf("seeds 7 and 8 gave the same faults: %s", p1)
	}
	if !strings.Contains(p1, "x") || !strings.Contains(p1, ".") {
		t.Errorf("half the requests faulted: %s", p1)
	}
}

func TestFaultsEveryNth(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{1, "xxxxxxx"},
		{2, "x.x.x.x"},
		{3, "x..x..x"},
	} {
		h, _ := faultServer(fake.Faults(1, fake.Fault{Status: 429, EveryNth: tc.n}))
		if got := pattern(h, 7); got != tc.want {
			t.Errorf("EveryNth %d: %s, want %s", tc.n, got, tc.want)
		}
	}
}

func TestFaultsFraction(t *testing.T) {
	for _, frac := range []float64{0.1, 0.3, 0.5, 0.9, 1} {
		h, s := faultServer(fake.Faults(42, fake.Fault{Status: 504, Fraction: frac}))
		const n = 1000
		got := strings.Count(pattern(h, n), "x")
		// the binomial's standard deviation is at most sqrt(1000/4) < 16:
		// 50 is more than three of them
		if want := int(frac * n); got < want-50 || got > want+50 {
			t.Errorf("Fraction %v: %d of %d requests faulted, want about %d", frac, got, n, want)
		}
		if n := len(s.Requests()); n != 1000 {
			t.Errorf("Fraction %v: %d requests logged, want 1000", frac, n)
		}
	}
}

func TestFaultsLimit(t *testing.T) {
	h, _ := faultServer(fake.Faults(1, fake.Fault{Status: 429, EveryNth: 1, Limit: 3}))
	if got := pattern(h, 6); got != "xxx..." {
		t.Errorf("Limit 3: %s, want xxx...", got)
	}
	// two faults: the first's requests do not count for the second, which
	// takes over when the first's limit is reached
	h, _ = faultServer(fake.Faults(1,
		fake.Fault{Status: 429, EveryNth: 1, Limit: 2},
		fake.Fault{Status: 503, EveryNth: 2},
	))
	var statuses []int
	for range 6 {
		statuses = append(statuses, do(h, "GET", "/widgets").StatusCode)
	}
	if want := []int{429, 429, 503, 200, 503, 200}; !slices.Equal(statuses, want) {
		t.Errorf("two faults: %v, want %v", statuses, want)
	}
}

func TestFaultsOps(t *testing.T) {
	for _, ops := range [][]string{{"WidgetsGet"}, {"widgets.get"}, {"Other", "widgets.get"}} {
		h, s := faultServer(fake.Faults(1, fake.Fault{Ops: ops, Status: 503, EveryNth: 1}))
		if got := do(h, "GET", "/widgets").StatusCode; got != 200 {
			t.Errorf("Ops %q: list answered %d, want 200", ops, got)
		}
		if got := do(h, "GET", "/widgets/1").StatusCode; got != 503 {
			t.Errorf("Ops %q: get answered %d, want 503", ops, got)
		}
		// not an operation: no fault
		if got := do(h, "GET", "/gadgets").StatusCode; got != 404 {
			t.Errorf("Ops %q: unknown path answered %d, want 404", ops, got)
		}
		got := s.Requests()
		want := []fake.Request{
			{Op: "WidgetsList", Method: "GET", Path: "/widgets", Status: 200},
			{Op: "WidgetsGet", Method: "GET", Path: "/widgets/1", Status: 503, Fault: true},
			{Method: "GET", Path: "/gadgets", Status: 404},
		}
		if !slices.Equal(got, want) {
			t.Errorf("Ops %q: log %+v, want %+v", ops, got, want)
		}
	}
	// no Ops: every operation, but never a 404 or 405
	h, _ := faultServer(fake.Faults(1, fake.Fault{Status: 503, EveryNth: 1}))
	for _, tc := range []struct {
		method, target string
		want           int
	}{{"GET", "/widgets", 503}, {"GET", "/widgets/1", 503}, {"GET", "/gadgets", 404}, {"POST", "/widgets", 405}} {
		if got := do(h, tc.method, tc.target).StatusCode; got != tc.want {
			t.Errorf("no Ops: %s %s answered %d, want %d", tc.method, tc.target, got, tc.want)
		}
	}
}

func TestFaultsResponse(t *testing.T) {
	for _, tc := range []struct {
		status     int
		retryAfter time.Duration
		header     string
		code       string
	}{
		{429, 0, "1", "TooManyRequests"},
		{429, 2 * time.Second, "2", "TooManyRequests"},
		{429, 1500 * time.Millisecond, "2", "TooManyRequests"},
		{503, 0, "", "ServiceUnavailable"},
		{503, 10 * time.Second, "10", "ServiceUnavailable"},
		{504, 0, "", "GatewayTimeout"},
		{504, time.Millisecond, "1", "GatewayTimeout"},
	} {
		name := fmt.Sprintf("%d after %v", tc.status, tc.retryAfter)
		h, _ := faultServer(fake.Faults(1, fake.Fault{Status: tc.status, RetryAfter: tc.retryAfter, EveryNth: 1}))
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/widgets", nil)
		r.Header.Set("client-request-id", "abc")
		h.ServeHTTP(w, r)
		resp := w.Result()
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d", name, resp.StatusCode)
		}
		if got := resp.Header.Get("Retry-After"); got != tc.header || (tc.header == "") != (resp.Header.Values("Retry-After") == nil) {
			t.Errorf("%s: Retry-After %q, want %q", name, got, tc.header)
		}
		if got := resp.Header.Get("client-request-id"); got != "abc" {
			t.Errorf("%s: client-request-id %q, want it echoed", name, got)
		}
		var body struct {
			Error struct {
				Code, Message string
				InnerError    struct{ Date string }
			}
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Error.Code != tc.code || body.Error.Message == "" || body.Error.InnerError.Date == "" {
			t.Errorf("%s: body %+v, %v; want code %s, a message and innerError.date", name, body, err, tc.code)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", name, ct)
		}
	}
}

func TestFaultsInvalid(t *testing.T) {
	for _, f := range []fake.Fault{
		{Status: 500, EveryNth: 1},
		{Status: 400, Fraction: 0.5},
		{Status: 429},
		{Status: 429, EveryNth: 1, Fraction: 0.5},
		{Status: 429, Fraction: 1.5},
		{Status: 429, Fraction: -0.1},
		{Status: 429, EveryNth: -1},
		{Status: 429, EveryNth: 1, Limit: -1},
		{Status: 429, EveryNth: 1, RetryAfter: -time.Second},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", f)
				}
			}()
			fake.Faults(1, f)
		}()
	}
}

func TestRequests(t *testing.T) {
	h, s := faultServer()
	do(h, "GET", "/widgets?$top=2&$skiptoken=4")
	do(h, "GET", "/widgets/a%2Fb")
	do(h, "GET", "/gadgets/1")
	do(h, "DELETE", "/widgets")
	want := []fake.Request{
		{Op: "WidgetsList", Method: "GET", Path: "/widgets", Query: "$top=2&$skiptoken=4", Status: 200},
		{Op: "WidgetsGet", Method: "GET", Path: "/widgets/a%2Fb", Status: 200},
		{Method: "GET", Path: "/gadgets/1", Status: 404},
		{Method: "DELETE", Path: "/widgets", Status: 405},
	}
	got := s.Requests()
	if !slices.Equal(got, want) {
		t.Errorf("log\n%+v\nwant\n%+v", got, want)
	}
	got[0].Op = "changed"
	if s.Requests()[0].Op != "WidgetsList" {
		t.Errorf("Requests returned the log itself, not a copy")
	}
	s.ResetRequests()
	if got := s.Requests(); len(got) != 0 {
		t.Errorf("after ResetRequests: %+v", got)
	}
	do(h, "GET", "/widgets")
	if got := s.Requests(); len(got) != 1 || got[0].Op != "WidgetsList" {
		t.Errorf("after ResetRequests and a request: %+v", got)
	}
	// in-process use of the store is not logged
	s.Create("/widgets", "id", map[string]string{})
	if got := len(s.Requests()); got != 1 {
		t.Errorf("a Create in-process was logged: %d requests", got)
	}
}

// TestRequestsConcurrent: every request is logged once, and the faults
// count each once, when they come in parallel (run it with -race).
func TestRequestsConcurrent(t *testing.T) {
	h, s := faultServer(fake.Faults(3, fake.Fault{Status: 429, EveryNth: 4}, fake.Fault{Ops: []string{"WidgetsGet"}, Status: 503, Fraction: 0.5}))
	const workers, each = 8, 50
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			for j := range each {
				target := "/widgets"
				if j%2 == 1 {
					target = fmt.Sprintf("/widgets/%d-%d", i, j)
				}
				do(h, "GET", target)
				if j%10 == 0 {
					s.Requests()
				}
			}
		})
	}
	wg.Wait()
	got := s.Requests()
	if len(got) != workers*each {
		t.Fatalf("%d requests logged, want %d", len(got), workers*each)
	}
	faults429 := 0
	for _, r := range got {
		if r.Fault != (r.Status != 200) {
			t.Errorf("%+v: Fault and Status disagree", r)
		}
		if r.Status == 429 {
			faults429++
		}
	}
	// every 4th request from the first: 400/4
	if faults429 != workers*each/4 {
		t.Errorf("%d requests answered 429, want %d", faults429, workers*each/4)
	}
}
