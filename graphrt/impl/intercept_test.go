package impl

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
)

// rtIntercepted is one request an rtInterceptor saw.
type rtIntercepted struct {
	id, name, pattern string
	status            int
}

// rtInterceptor records what it sees, and answers the requests to /users
// with a query of answer=418 itself.
type rtInterceptor struct {
	mu  sync.Mutex
	got []rtIntercepted
}

func (i *rtInterceptor) Intercept(id, name string, w http.ResponseWriter, r *http.Request, serve func() int) {
	status := http.StatusTeapot
	if r.URL.Query().Get("answer") == "418" {
		w.WriteHeader(status)
	} else {
		status = serve()
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	i.got = append(i.got, rtIntercepted{id, name, r.Pattern, status})
}

func TestRouterIntercept(t *testing.T) {
	routes := rtTestRoutes(false)
	for i := range routes {
		routes[i].Name = "Go" + routes[i].ID
	}
	h := &rtHandler{}
	icept := &rtInterceptor{}
	srv := httptest.NewUnstartedServer(NewRouter(h, routes, Intercept(icept)))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	defer srv.Close()

	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/users/42/manager", 200},
		{"GET", "/users?answer=418", 418},
		{"GET", "/nowhere", 404},
		{"PUT", "/users", 405},
		{"GET", "/panic", 500},
	} {
		resp, body := rtDo(t, srv, tc.method, tc.path)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: %d %s, want %d", tc.method, tc.path, resp.StatusCode, body, tc.status)
		}
	}
	srv.Close()
	want := []rtIntercepted{
		{"manager", "Gomanager", "GET /users/{user-id}/manager", 200},
		{"listUsers", "GolistUsers", "GET /users", 418},
		{"", "", "", 404},
		{"", "", "", 405},
		{"panic", "Gopanic", "GET /panic", 500},
	}
	if !slices.Equal(icept.got, want) {
		t.Errorf("intercepted\n%v\nwant\n%v", icept.got, want)
	}
	if n := h.calls.Load(); n != 2 {
		t.Errorf("the routes served %d requests, want 2 (the answered one not)", n)
	}
}

// TestRouterWriterStatus: the status serve reports is the first final
// one written, 200 when the route wrote only a body or nothing.
func TestRouterWriterStatus(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(w http.ResponseWriter)
		want  int
	}{
		{"nothing", func(http.ResponseWriter) {}, 200},
		{"body", func(w http.ResponseWriter) { fmt.Fprint(w, "x") }, 200},
		{"informational", func(w http.ResponseWriter) { w.WriteHeader(103); w.WriteHeader(201) }, 201},
		{"twice", func(w http.ResponseWriter) { w.WriteHeader(204); w.WriteHeader(500) }, 204},
	} {
		tw := &rtWriter{ResponseWriter: httptest.NewRecorder()}
		tc.write(tw)
		if got := tw.code(); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// FuzzRouterIntercept serves arbitrary request targets through an
// interceptor: the status serve reports is the one the response has, and
// the interceptor is told an operation exactly when a route served the
// request (not for 404 and 405).
func FuzzRouterIntercept(f *testing.F) {
	for _, tc := range rtCases {
		f.Add(byte(0), tc.path)
	}
	f.Add(byte(1), "/users")
	f.Add(byte(2), "/nowhere?x=1")
	f.Add(byte(0), "/panic")
	routes := rtTestRoutes(false)
	for i := range routes {
		routes[i].Name = "Go" + routes[i].ID
	}
	icept := &rtInterceptor{}
	rt := NewRouter(&rtHandler{}, routes, Intercept(icept))
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	quiet := context.WithValue(context.Background(), http.ServerContextKey, &http.Server{ErrorLog: log.New(io.Discard, "", 0)})
	f.Fuzz(func(t *testing.T, m byte, target string) {
		if target == "/panic/late" || target == "/panic/abort" {
			return // these abort the connection
		}
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return
		}
		r := (&http.Request{Method: methods[int(m)%len(methods)], URL: u, RequestURI: target, Header: http.Header{}}).WithContext(quiet)
		w := httptest.NewRecorder()
		icept.mu.Lock()
		icept.got = icept.got[:0]
		icept.mu.Unlock()
		func() {
			defer func() {
				if p := recover(); p != nil && p != http.ErrAbortHandler {
					t.Fatalf("%s %q: panic %v", r.Method, target, p)
				}
			}()
			rt.ServeHTTP(w, r)
		}()
		if len(icept.got) != 1 {
			t.Fatalf("%s %q: intercepted %d times", r.Method, target, len(icept.got))
		}
		got := icept.got[0]
		if got.status != w.Code {
			t.Errorf("%s %q: serve reported %d, the response is %d", r.Method, target, got.status, w.Code)
		}
		unrouted := w.Code == 404 || w.Code == 405
		if (got.id == "") != unrouted || (got.name == "") != unrouted {
			t.Errorf("%s %q: answered %d, intercepted as %+v", r.Method, target, w.Code, got)
		}
	})
}
