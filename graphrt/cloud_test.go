package graphrt_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/impl"
)

// hit is one request a test server saw.
type hit struct {
	method, path, auth, body string
}

// recorder is an httptest server that records what it is sent and answers
// with handle (or {"id":"x"}).
type recorder struct {
	*httptest.Server
	mu     sync.Mutex
	hits   []hit
	handle func(w http.ResponseWriter, r *http.Request) bool
}

func newRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.hits = append(rec.hits, hit{r.Method, r.URL.Path, r.Header.Get("Authorization"), string(b)})
		h := rec.handle
		rec.mu.Unlock()
		if h != nil && h(w, r) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"x"}`)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) seen() []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hit(nil), r.hits...)
}

// TestClientCloud: the national clouds' roots and scopes, and the rule
// that the token goes to the client's own server only: never to another
// host that a redirect, an @odata.nextLink or an upload URL names.
func TestClientCloud(t *testing.T) {
	t.Run("roots and scopes", func(t *testing.T) {
		for _, tc := range []struct {
			cloud             graphrt.Cloud
			v1, beta, scope   string
			host, authorityRe string
		}{
			{graphrt.Global, "https://graph.microsoft.com/v1.0", "https://graph.microsoft.com/beta", graphrt.GlobalScope, "graph.microsoft.com", "login.microsoftonline.com"},
			{graphrt.USGov, "https://graph.microsoft.us/v1.0", "https://graph.microsoft.us/beta", graphrt.USGovScope, "graph.microsoft.us", "login.microsoftonline.us"},
			{graphrt.USGovDoD, "https://dod-graph.microsoft.us/v1.0", "https://dod-graph.microsoft.us/beta", graphrt.USGovDoDScope, "dod-graph.microsoft.us", "login.microsoftonline.us"},
			{graphrt.China, "https://microsoftgraph.chinacloudapi.cn/v1.0", "https://microsoftgraph.chinacloudapi.cn/beta", graphrt.ChinaScope, "microsoftgraph.chinacloudapi.cn", "login.chinacloudapi.cn"},
		} {
			c := tc.cloud
			if c.URL(graphrt.V1) != tc.v1 || c.URL(graphrt.Beta) != tc.beta || c.Scope() != tc.scope || !strings.HasSuffix(tc.scope, "/.default") || !strings.Contains(c.Authority, tc.authorityRe) {
				t.Errorf("%s: URL %s %s, scope %s, authority %s", c.Name, c.URL(graphrt.V1), c.URL(graphrt.Beta), c.Scope(), c.Authority)
			}
			// A client for the cloud's server asks for the cloud's scope
			// and sends the token there (no network: a transport that
			// answers itself).
			src := &countingSource{}
			var sentTo, auth string
			hc := &http.Client{Transport: graphrt.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				sentTo, auth = r.URL.Host, r.Header.Get("Authorization")
				return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
			})}
			client := graphrt.NewClient(c.URL(graphrt.V1), graphrt.WithTokenSource(src), graphrt.WithHTTPClient(hc))
			if err := impl.Call(context.Background(), client, "GET", "/me", nil, nil, nil, new(map[string]any)); err != nil {
				t.Fatal(err)
			}
			if sentTo != tc.host || auth != "Bearer tok-1" || len(src.requests) != 1 || strings.Join(src.requests[0].Scopes, " ") != tc.scope {
				t.Errorf("%s: sent to %s with %q, token scopes %v; want %s, the token, %s", c.Name, sentTo, auth, src.requests, tc.host, tc.scope)
			}
		}
	})

	t.Run("redirect to another host", func(t *testing.T) {
		graph, other := newRecorder(t), newRecorder(t)
		graph.handle = func(w http.ResponseWriter, r *http.Request) bool {
			http.Redirect(w, r, other.URL+"/content", http.StatusFound)
			return true
		}
		c := graphrt.NewClient(graph.URL+"/v1.0", graphrt.WithTokenSource(&countingSource{}))
		var raw []byte
		if err := impl.Call(context.Background(), c, "GET", "/drives/{id}/items/{item}/content", []string{"d", "i"}, nil, nil, &raw); err != nil {
			t.Fatal(err)
		}
		if g, o := graph.seen(), other.seen(); len(g) != 1 || g[0].auth != "Bearer tok-1" || len(o) != 1 || o[0].auth != "" {
			t.Errorf("graph saw %+v, the other host %+v: the token must stop at graph", g, o)
		}
	})

	t.Run("nextLink on another host", func(t *testing.T) {
		graph, other := newRecorder(t), newRecorder(t)
		c := graphrt.NewClient(graph.URL+"/v1.0", graphrt.WithTokenSource(&countingSource{}))
		err := impl.NextPage(context.Background(), c, other.URL+"/v1.0/users?$skiptoken=x", new(map[string]any))
		if err == nil || !strings.Contains(err.Error(), "not on the client's server") {
			t.Errorf("err = %v, want the link refused", err)
		}
		if len(other.seen()) != 0 || len(graph.seen()) != 0 {
			t.Errorf("requests sent: graph %v, other %v", graph.seen(), other.seen())
		}
		// A nextLink on the server gets the token.
		if err := impl.NextPage(context.Background(), c, graph.URL+"/v1.0/users?$skiptoken=x", new(map[string]any)); err != nil {
			t.Fatal(err)
		}
		if g := graph.seen(); len(g) != 1 || g[0].auth != "Bearer tok-1" {
			t.Errorf("graph saw %+v", g)
		}
	})

	t.Run("upload URL on another host", func(t *testing.T) {
		graph, storage := newRecorder(t), newRecorder(t)
		c := graphrt.NewClient(graph.URL+"/v1.0", graphrt.WithTokenSource(&countingSource{}))
		// An upload URL is pre-authenticated: sent as it is, and even an
		// Authorization header put in by hand does not go there.
		ctx := graphrt.WithHeader(context.Background(), "Authorization", "Bearer leaked")
		req, _ := http.NewRequestWithContext(ctx, "PUT", storage.URL+"/upload/session-1", strings.NewReader("bytes"))
		req.Header.Set("Content-Range", "bytes 0-4/5")
		if err := c.Send(req, nil); err != nil {
			t.Fatal(err)
		}
		if s := storage.seen(); len(s) != 1 || s[0].auth != "" || s[0].body != "bytes" {
			t.Errorf("upload host saw %+v, want the bytes without Authorization", s)
		}
	})

	t.Run("upload session on another host", func(t *testing.T) {
		graph, storage := newRecorder(t), newRecorder(t)
		storage.handle = func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"id":"file-1","size":11}`)
			return true
		}
		c := graphrt.NewClient(graph.URL+"/v1.0", graphrt.WithTokenSource(&countingSource{}))
		var item struct {
			ID   string `json:"id"`
			Size int    `json:"size"`
		}
		if err := c.Upload(context.Background(), storage.URL+"/up/session-2?tempauth=x", strings.NewReader("hello world"), 11, &item, nil); err != nil {
			t.Fatal(err)
		}
		if s := storage.seen(); len(s) != 1 || s[0].method != "PUT" || s[0].auth != "" || s[0].body != "hello world" || item.ID != "file-1" {
			t.Errorf("upload host saw %+v, item %+v: want one PUT of the bytes without Authorization", s, item)
		}
	})

	t.Run("same host, other scheme or port", func(t *testing.T) {
		graph, other := newRecorder(t), newRecorder(t)
		// other is 127.0.0.1 too, on another port: another origin.
		c := graphrt.NewClient(graph.URL+"/v1.0", graphrt.WithTokenSource(&countingSource{}))
		req, _ := http.NewRequest("GET", other.URL+"/v1.0/me", nil)
		if err := c.Send(req, nil); err != nil {
			t.Fatal(err)
		}
		if o := other.seen(); len(o) != 1 || o[0].auth != "" {
			t.Errorf("another port saw %+v", o)
		}
	})
}

// TestClientRedirect: 307 and 308 are followed with the method and body,
// the token is sent to each hop on the client's server and dropped on a
// hop to another host, and a chain that comes back gets it again.
func TestClientRedirect(t *testing.T) {
	graph, other := newRecorder(t), newRecorder(t)
	graph.handle = func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/v1.0/moved":
			http.Redirect(w, r, "/v1.0/here", http.StatusTemporaryRedirect)
		case "/v1.0/away":
			http.Redirect(w, r, other.URL+"/there", http.StatusPermanentRedirect)
		default:
			return false
		}
		return true
	}
	other.handle = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/bounce" {
			http.Redirect(w, r, graph.URL+"/v1.0/back", http.StatusTemporaryRedirect)
			return true
		}
		return false
	}
	c := graphrt.NewClient(graph.URL+"/v1.0", graphrt.WithTokenSource(&countingSource{}))
	body := map[string]string{"displayName": "Ada"}
	want := `{"displayName":"Ada"}`

	t.Run("307 on the server", func(t *testing.T) {
		n0 := len(graph.seen())
		if err := impl.Call(context.Background(), c, "POST", "/moved", nil, nil, body, new(map[string]any)); err != nil {
			t.Fatal(err)
		}
		g := graph.seen()[n0:]
		if len(g) != 2 || g[1].method != "POST" || g[1].path != "/v1.0/here" || g[1].body != want || g[1].auth != "Bearer tok-1" {
			t.Errorf("graph saw %+v: want the POST again at /here with body and token", g)
		}
	})
	t.Run("308 to another host", func(t *testing.T) {
		n0, m0 := len(graph.seen()), len(other.seen())
		if err := impl.Call(context.Background(), c, "PATCH", "/away", nil, nil, body, new(map[string]any)); err != nil {
			t.Fatal(err)
		}
		g, o := graph.seen()[n0:], other.seen()[m0:]
		if len(g) != 1 || g[0].auth != "Bearer tok-1" {
			t.Errorf("graph saw %+v", g)
		}
		if len(o) != 1 || o[0].method != "PATCH" || o[0].body != want || o[0].auth != "" {
			t.Errorf("other host saw %+v: want the PATCH with its body and no Authorization", o)
		}
	})
	t.Run("back to the server", func(t *testing.T) {
		n0, m0 := len(graph.seen()), len(other.seen())
		req, _ := http.NewRequest("PUT", other.URL+"/bounce", strings.NewReader(want))
		if err := c.Send(req, nil); err != nil {
			t.Fatal(err)
		}
		g, o := graph.seen()[n0:], other.seen()[m0:]
		if len(o) != 1 || o[0].auth != "" || len(g) != 1 || g[0].path != "/v1.0/back" || g[0].auth != "Bearer tok-1" || g[0].body != want {
			t.Errorf("other %+v, graph %+v", o, g)
		}
	})
}
