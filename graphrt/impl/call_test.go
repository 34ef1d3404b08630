package impl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
)

// clEcho is what the test server's routes answer: what they received.
type clEcho struct {
	Route   string          `json:"route"`
	Args    []string        `json:"args"`
	RawPath string          `json:"rawPath"`
	Query   string          `json:"query"`
	Params  *bpParams       `json:"params,omitempty"`
	Body    json.RawMessage `json:"body,omitempty"`
	Header  http.Header     `json:"header"`
}

// clUser is a response body with an UnmarshalJSON of its own, which
// counts its calls, as a generated type would route to the plan decoder.
type clUser struct {
	ID   string `json:"id"`
	Name string `json:"displayName"`
}

var clUnmarshals atomic.Int64

func (u *clUser) UnmarshalJSON(data []byte) error {
	clUnmarshals.Add(1)
	type plain clUser
	return json.Unmarshal(data, (*plain)(u))
}

// clBody is a request body with a MarshalJSON of its own.
type clBody struct{ Name string }

func (b clBody) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{"displayName":%q,"@odata.type":"#microsoft.graph.user"}`, b.Name)), nil
}

// clPage is a collection response.
type clPage struct {
	Value    []clUser `json:"value"`
	NextLink *string  `json:"@odata.nextLink,omitempty"`
}

// clServer is the test Graph: the generated server's glue (NewRouter,
// BindParams, ReadBody, Reply) on one side, Call on the other.
type clServer struct {
	mu       sync.Mutex
	attempts map[string]int
	srv      *httptest.Server
}

func (s *clServer) attempt(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts[key]++
	return s.attempts[key]
}

func newCLServer(t *testing.T) *clServer {
	s := &clServer{attempts: map[string]int{}}
	echo := func(id string) func(*clServer, http.ResponseWriter, *http.Request, []string) {
		return func(s *clServer, w http.ResponseWriter, r *http.Request, args []string) {
			var p bpParams
			if err := BindParams(r, &p); err != nil {
				Reply(w, 0, nil, err)
				return
			}
			e := clEcho{Route: id, Args: args, RawPath: r.URL.EscapedPath(), Query: r.URL.RawQuery, Params: &p, Header: r.Header}
			if r.Method == http.MethodPost || r.Method == http.MethodPatch {
				var body map[string]any
				err := ReadBody(r, 1<<10, &body, nil)
				if err != nil && !errors.Is(err, ErrNoBody) {
					Reply(w, 0, nil, err)
					return
				}
				e.Body, _ = json.Marshal(body)
			}
			Reply(w, http.StatusOK, &e, nil)
		}
	}
	routes := []Route[*clServer]{
		{Method: "GET", Path: "/users/{user-id}", Serve: echo("getUser")},
		{Method: "POST", Path: "/users/{user-id}/messages", Serve: echo("postMessage")},
		{Method: "GET", Path: "/users/{id}/findRooms(RoomList='{RoomList}')", Serve: echo("findRooms")},
		{Method: "GET", Path: "/me/drive/root:/{item-path}:/content", Serve: echo("content")},
		{Method: "GET", Path: "/reports/getX(period='{period}',date={date})", Serve: echo("report")},
		{Method: "GET", Path: "/typed/{id}", Serve: func(s *clServer, w http.ResponseWriter, r *http.Request, args []string) {
			Reply(w, http.StatusOK, map[string]string{"id": args[0], "displayName": "N"}, nil)
		}},
		{Method: "DELETE", Path: "/typed/{id}", Serve: func(s *clServer, w http.ResponseWriter, r *http.Request, args []string) {
			Reply(w, http.StatusNoContent, nil, nil)
		}},
		{Method: "GET", Path: "/text", Serve: func(s *clServer, w http.ResponseWriter, r *http.Request, args []string) {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "hello")
		}},
		{Method: "GET", Path: "/missing/{id}", Serve: func(s *clServer, w http.ResponseWriter, r *http.Request, args []string) {
			w.Header().Set("request-id", "rid-9")
			Reply(w, 0, nil, &graphrt.Error{StatusCode: 404, Code: "Request_ResourceNotFound", Message: "no " + args[0]})
		}},
		{Method: "POST", Path: "/throttled/{key}", Serve: func(s *clServer, w http.ResponseWriter, r *http.Request, args []string) {
			var body map[string]any
			if err := ReadBody(r, 1<<10, &body, nil); err != nil {
				Reply(w, 0, nil, err)
				return
			}
			if s.attempt(args[0]) == 1 {
				w.Header().Set("Retry-After", "0")
				Reply(w, 0, nil, &graphrt.Error{StatusCode: 429, Code: "TooManyRequests", Message: "slow down"})
				return
			}
			Reply(w, 200, map[string]any{"body": body, "id": r.Header.Get("client-request-id")}, nil)
		}},
		{Method: "GET", Path: "/pages", Serve: func(s *clServer, w http.ResponseWriter, r *http.Request, args []string) {
			n := 0
			fmt.Sscan(r.URL.Query().Get("$skiptoken"), &n)
			p := clPage{Value: []clUser{{ID: fmt.Sprint(2 * n)}, {ID: fmt.Sprint(2*n + 1)}}}
			if n < 2 {
				link := fmt.Sprintf("%s/pages?$skiptoken=%d", s.srv.URL, n+1)
				p.NextLink = &link
			}
			if r.URL.Query().Get("fail") == fmt.Sprint(n) {
				Reply(w, 0, nil, &graphrt.Error{StatusCode: 503, Code: "ServiceUnavailable", Message: "down"})
				return
			}
			Reply(w, 200, &p, nil)
		}},
	}
	s.srv = httptest.NewServer(NewRouter(s, routes))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *clServer) client(opts ...graphrt.ClientOption) *graphrt.Client {
	opts = append([]graphrt.ClientOption{graphrt.WithHTTPClient(s.srv.Client()),
		graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond})}, opts...)
	return graphrt.NewClient(s.srv.URL+"/", opts...)
}

func TestCallPaths(t *testing.T) {
	s := newCLServer(t)
	c := s.client()
	ctx := context.Background()
	for _, tc := range []struct {
		path    string
		args    []string
		route   string
		rawPath string
	}{
		{"/users/{user-id}", []string{"abc"}, "getUser", "/users/abc"},
		{"/users/{user-id}", []string{"a/b"}, "getUser", "/users/a%2Fb"},
		{"/users/{user-id}", []string{"a b?c#d%e"}, "getUser", "/users/a%20b%3Fc%23d%25e"},
		{"/users/{user-id}", []string{"café"}, "getUser", "/users/caf%C3%A9"},
		{"/users/{user-id}", []string{"."}, "getUser", "/users/%2E"},
		{"/users/{user-id}", []string{".."}, "getUser", "/users/%2E%2E"},
		{"/users/{user-id}", []string{"x@contoso.com"}, "getUser", "/users/x@contoso.com"},
		{"/users/{user-id}", []string{"s.sharepoint.com,1a,2b"}, "getUser", "/users/s.sharepoint.com,1a,2b"},
		{"/users/{id}/findRooms(RoomList='{RoomList}')", []string{"u", "O'Brien's/rooms"}, "findRooms", "/users/u/findRooms(RoomList='O''Brien''s%2Frooms')"},
		{"/users/{id}/findRooms(RoomList='{RoomList}')", []string{"u", ""}, "findRooms", "/users/u/findRooms(RoomList='')"},
		{"/me/drive/root:/{item-path}:/content", []string{"Documents/a b/c.txt"}, "content", "/me/drive/root:/Documents/a%20b/c.txt:/content"},
		{"/me/drive/root:/{item-path}:/content", []string{"/Documents/c.txt/"}, "content", "/me/drive/root:/Documents/c.txt:/content"},
		{"/reports/getX(period='{period}',date={date})", []string{"D7", "2024-01-01"}, "report", "/reports/getX(period='D7',date=2024-01-01)"},
	} {
		var got clEcho
		if err := Call(ctx, c, "GET", tc.path, tc.args, nil, nil, &got); err != nil {
			t.Errorf("%s %q: %v", tc.path, tc.args, err)
			continue
		}
		want := tc.args
		if tc.route == "content" {
			want = []string{strings.Trim(tc.args[0], "/")}
		}
		if got.Route != tc.route || !slices.Equal(got.Args, want) || got.RawPath != tc.rawPath {
			t.Errorf("%s %q: %s %q at %s, want %s %q at %s", tc.path, tc.args, got.Route, got.Args, got.RawPath, tc.route, want, tc.rawPath)
		}
	}
	for _, tc := range []struct {
		path string
		args []string
		msg  string
	}{
		{"/users/{user-id}", nil, "graph: path /users/{user-id} has 1 placeholders, not 0"},
		{"/users/{user-id}", []string{"a", "b"}, "graph: path /users/{user-id} has 1 placeholders, not 2"},
		{"/users/{user-id}", []string{""}, "graph: path /users/{user-id}: {user-id} is empty"},
		{"/me/drive/root:/{item-path}:/content", []string{"/"}, "graph: path /me/drive/root:/{item-path}:/content: {item-path} is empty"},
		{"/me/drive/root:/{item-path}:/content", []string{"a//b"}, `graph: path /me/drive/root:/{item-path}:/content: {item-path} "a//b" has an empty segment`},
		{"users/{id", []string{"a"}, `graph: path template "users/{id" does not start with '/'`},
	} {
		err := Call(ctx, c, "GET", tc.path, tc.args, nil, nil, nil)
		if err == nil || err.Error() != tc.msg {
			t.Errorf("%s %q: %v", tc.path, tc.args, err)
		}
	}
	if err := Call(ctx, nil, "GET", "/users", nil, nil, nil, nil); err == nil {
		t.Errorf("nil client: no error")
	}
}

func TestCallParamsAndHeaders(t *testing.T) {
	s := newCLServer(t)
	c := s.client()
	ctx := graphrt.WithHeader(context.Background(), "Prefer", "return=minimal")
	p := &bpParams{Top: bpPtr[int32](10), Filter: bpPtr("startswith(displayName,'a b')"), Select: &[]string{"id", "displayName"},
		Orderby: &[]string{"displayName desc"}, Count: bpPtr(true), ConsistencyLevel: bpPtr("eventual"), Prefer: &[]string{"ignored"}}
	var got clEcho
	if err := Call(ctx, c, "GET", "/users/{user-id}", []string{"u1"}, p, nil, &got); err != nil {
		t.Fatal(err)
	}
	if want := "$top=10&$filter=startswith(displayName,'a%20b')&$count=true&$orderby=displayName%20desc&$select=id,displayName"; got.Query != want {
		t.Errorf("query\n got %s\nwant %s", got.Query, want)
	}
	// The server binds what the client sent.
	if got.Params == nil || *got.Params.Top != 10 || *got.Params.Filter != "startswith(displayName,'a b')" || !slices.Equal(*got.Params.Select, []string{"id", "displayName"}) || *got.Params.ConsistencyLevel != "eventual" {
		t.Errorf("bound %+v", got.Params)
	}
	h := got.Header
	if h.Get("ConsistencyLevel") != "eventual" || !slices.Equal(h.Values("Prefer"), []string{"return=minimal"}) {
		t.Errorf("headers %v", h)
	}
	if h.Get("Accept") != "application/json" || !strings.Contains(h.Get("User-Agent"), "Go-http-client") || h.Get("Content-Type") != "" {
		t.Errorf("headers %v", h)
	}
	if id := h.Get("client-request-id"); len(id) != 36 {
		t.Errorf("client-request-id %q", id)
	}
	// The context's header replaces the operation's.
	ctx = graphrt.WithHeader(ctx, "ConsistencyLevel", "session")
	if err := Call(ctx, c, "GET", "/users/{user-id}", []string{"u1"}, p, nil, &got); err != nil || got.Header.Get("ConsistencyLevel") != "session" {
		t.Errorf("ConsistencyLevel %v %v", got.Header, err)
	}
	// A bad parameter is the server's 400.
	bad := &struct {
		Top *string `form:"$top,omitempty" json:"$top,omitempty"`
	}{Top: bpPtr("x")}
	err := Call(context.Background(), c, "GET", "/users/{user-id}", []string{"u1"}, bad, nil, &got)
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != 400 || !strings.Contains(e.Message, "$top") {
		t.Errorf("bad $top: %v", err)
	}
	// A parameters struct the runtime cannot send.
	if err := Call(context.Background(), c, "GET", "/users/{user-id}", []string{"u1"}, &struct {
		M map[string]int `form:"m"`
	}{}, nil, nil); err == nil {
		t.Errorf("map parameter: no error")
	}
}

func TestCallBodies(t *testing.T) {
	s := newCLServer(t)
	c := s.client()
	ctx := context.Background()

	var got clEcho
	if err := Call(ctx, c, "POST", "/users/{user-id}/messages", []string{"u1"}, nil, &clBody{Name: "Ann"}, &got); err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != `{"@odata.type":"#microsoft.graph.user","displayName":"Ann"}` || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("body %s, headers %v", got.Body, got.Header)
	}
	// A nil body pointer sends no body.
	got = clEcho{}
	if err := Call(ctx, c, "POST", "/users/{user-id}/messages", []string{"u1"}, nil, (*clBody)(nil), &got); err != nil || string(got.Body) != "null" || got.Header.Get("Content-Type") != "" {
		t.Errorf("nil body: %s %v %v", got.Body, got.Header, err)
	}
	// A body encoding/json cannot write.
	if err := Call(ctx, c, "POST", "/users/{user-id}/messages", []string{"u1"}, nil, map[string]any{"c": make(chan int)}, nil); err == nil || !strings.HasPrefix(err.Error(), "graph: encode the request body: ") {
		t.Errorf("unencodable: %v", err)
	}

	// A 2xx response decodes with out's UnmarshalJSON.
	var u clUser
	before := clUnmarshals.Load()
	if err := Call(ctx, c, "GET", "/typed/{id}", []string{"7"}, nil, nil, &u); err != nil || u.ID != "7" || u.Name != "N" || clUnmarshals.Load() != before+1 {
		t.Errorf("typed: %+v %v", u, err)
	}
	// out nil: the body is discarded.
	if err := Call(ctx, c, "GET", "/typed/{id}", []string{"7"}, nil, nil, nil); err != nil {
		t.Errorf("out nil: %v", err)
	}
	// 204: out is left as it is.
	u = clUser{ID: "keep"}
	if err := Call(ctx, c, "DELETE", "/typed/{id}", []string{"7"}, nil, nil, &u); err != nil || u.ID != "keep" {
		t.Errorf("204: %+v %v", u, err)
	}
	// *[]byte takes the body as it is.
	var raw []byte
	if err := Call(ctx, c, "GET", "/text", nil, nil, nil, &raw); err != nil || string(raw) != "hello" {
		t.Errorf("raw: %q %v", raw, err)
	}
	// A 2xx that is not JSON is an error.
	if err := Call(ctx, c, "GET", "/text", nil, nil, nil, &u); err == nil || !strings.Contains(err.Error(), `"text/plain", not JSON`) {
		t.Errorf("text: %v", err)
	}
	// A 2xx that does not decode is an error wrapping the decoder's.
	var n int
	err := Call(ctx, c, "GET", "/typed/{id}", []string{"7"}, nil, nil, &n)
	var ute *json.UnmarshalTypeError
	if !errors.As(err, &ute) || !strings.HasPrefix(err.Error(), "graph: decode response: ") {
		t.Errorf("bad decode: %v", err)
	}
}

func TestCallErrors(t *testing.T) {
	s := newCLServer(t)
	c := s.client()
	ctx := context.Background()
	var e *graphrt.Error

	err := Call(ctx, c, "GET", "/missing/{id}", []string{"x"}, nil, nil, &clUser{})
	if !errors.As(err, &e) || e.StatusCode != 404 || e.Code != "Request_ResourceNotFound" || e.Message != "no x" || e.InnerError == nil || e.InnerError.RequestID != "rid-9" || e.InnerError.ClientRequestID == "" {
		t.Errorf("404: %#v %v", e, err)
	}
	// The router's own errors reach the client as *graphrt.Error too.
	if err := Call(ctx, c, "GET", "/nowhere", nil, nil, nil, nil); !errors.As(err, &e) || e.StatusCode != 404 || e.Code != "NotFound" || e.Message != "no resource at /nowhere" || e.InnerError.ClientRequestID == "" {
		t.Errorf("no route: %v", err)
	}
	if err := Call(ctx, c, "PUT", "/typed/{id}", []string{"1"}, nil, nil, nil); !errors.As(err, &e) || e.StatusCode != 405 || e.Message != "PUT is not allowed on /typed/1" {
		t.Errorf("405: %v", err)
	}
	// A body the server rejects.
	if err := Call(ctx, c, "POST", "/users/{user-id}/messages", []string{"u1"}, nil, map[string]string{"a": strings.Repeat("x", 2000)}, nil); !errors.As(err, &e) || e.StatusCode != 413 {
		t.Errorf("413: %v", err)
	}

	// 429 with Retry-After: sent again, with its body and client-request-id.
	var got struct {
		Body map[string]any `json:"body"`
		ID   string         `json:"id"`
	}
	var first string
	c2 := s.client(graphrt.WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return clTransport(func(r *http.Request) (*http.Response, error) {
			if first == "" {
				first = r.Header.Get("client-request-id")
			}
			return next.RoundTrip(r)
		})
	}))
	if err := Call(ctx, c2, "POST", "/throttled/{key}", []string{"a"}, nil, map[string]int{"n": 1}, &got); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	attempts := s.attempts["a"]
	s.mu.Unlock()
	if attempts != 2 || got.Body["n"] != 1.0 || got.ID != first {
		t.Errorf("retry: %d attempts, %+v, first id %s", attempts, got, first)
	}
	// Without retries the 429 is the error.
	c3 := s.client(graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 1}))
	if err := Call(ctx, c3, "POST", "/throttled/{key}", []string{"b"}, nil, map[string]int{"n": 1}, nil); !errors.As(err, &e) || e.StatusCode != 429 {
		t.Errorf("no retry: %v", err)
	}
	// A cancelled context.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := Call(cctx, c, "GET", "/typed/{id}", []string{"1"}, nil, nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// clTransport is a RoundTripper made of a function.
type clTransport func(*http.Request) (*http.Response, error)

func (f clTransport) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestNextPageAndAll(t *testing.T) {
	s := newCLServer(t)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request went to another host: %s", r.URL)
	}))
	defer other.Close()
	c := s.client()
	ctx := context.Background()

	var p clPage
	if err := NextPage(ctx, c, s.srv.URL+"/pages?$skiptoken=1", &p); err != nil || len(p.Value) != 2 || p.Value[0].ID != "2" || p.NextLink == nil {
		t.Errorf("NextPage: %+v %v", p, err)
	}
	for _, link := range []string{other.URL + "/pages?$skiptoken=1", strings.Replace(s.srv.URL, "http:", "https:", 1) + "/pages"} {
		if err := NextPage(ctx, c, link, &p); err == nil || !strings.Contains(err.Error(), "is not on the client's server") {
			t.Errorf("%s: %v", link, err)
		}
	}
	if err := NextPage(ctx, nil, s.srv.URL+"/pages", &p); err == nil {
		t.Errorf("nil client: no error")
	}

	list := func(fail string) func(context.Context) (*clPage, error) {
		return func(ctx context.Context) (*clPage, error) {
			var p clPage
			params := &struct {
				Fail string `form:"fail,omitempty" json:"fail,omitempty"`
			}{fail}
			err := Call(ctx, c, "GET", "/pages", nil, params, nil, &p)
			return &p, err
		}
	}
	items := func(p *clPage) ([]clUser, string, error) { return PageOf(&p.Value, p.NextLink) }
	var ids []string
	for u, err := range All(ctx, c, list(""), items) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if strings.Join(ids, ",") != "0,1,2,3,4,5" {
		t.Errorf("All: %v", ids)
	}
	// Stopping early.
	ids = nil
	for u := range All(ctx, c, list(""), items) {
		ids = append(ids, u.ID)
		if len(ids) == 3 {
			break
		}
	}
	if len(ids) != 3 {
		t.Errorf("break: %v", ids)
	}
	// The first page fails: one error.
	var errs []error
	for _, err := range All(ctx, c, list("0"), items) {
		errs = append(errs, err)
	}
	var e *graphrt.Error
	if len(errs) != 1 || !errors.As(errs[0], &e) || e.StatusCode != 503 {
		t.Errorf("first page fails: %v", errs)
	}
	// A nil first page is an empty collection.
	for range All(ctx, c, func(context.Context) (*clPage, error) { return nil, nil }, items) {
		t.Errorf("an item from a nil page")
	}
}
