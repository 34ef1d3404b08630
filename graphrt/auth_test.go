package graphrt_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/impl"
)

// countingSource is a TokenSource that hands out tok-1, tok-2, ... and
// records what it was asked for.
type countingSource struct {
	mu       sync.Mutex
	n        int
	requests []graphrt.TokenRequest
	life     time.Duration
	delay    time.Duration
	fail     error
}

func (s *countingSource) Token(ctx context.Context, req graphrt.TokenRequest) (graphrt.AccessToken, error) {
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
	if s.fail != nil {
		return graphrt.AccessToken{}, s.fail
	}
	s.n++
	life := s.life
	if life == 0 {
		life = time.Hour
	}
	return graphrt.AccessToken{Token: fmt.Sprintf("tok-%d", s.n), ExpiresOn: time.Now().Add(life)}, nil
}

func (s *countingSource) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// graphServer answers every request with {"id":"x"} and records the
// Authorization headers it saw.
type graphServer struct {
	*httptest.Server
	mu    sync.Mutex
	auths []string
	// challenge, when set, answers a request with this token with a 401
	// claims challenge.
	challenge string
}

func newGraphServer(t *testing.T) *graphServer {
	g := &graphServer{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := r.Header.Get("Authorization")
		g.mu.Lock()
		g.auths = append(g.auths, a)
		challenge := g.challenge
		g.mu.Unlock()
		if challenge != "" && a == "Bearer "+challenge {
			claims := base64.StdEncoding.EncodeToString([]byte(`{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}`))
			w.Header().Set("WWW-Authenticate", `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="`+claims+`"`)
			graphrt.WriteError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Continuous access evaluation resulted in challenge")
			return
		}
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"x"}`)
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *graphServer) seen() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.auths...)
}

func get(t *testing.T, c *graphrt.Client, path string) error {
	t.Helper()
	var out struct {
		ID string `json:"id"`
	}
	return impl.Call(context.Background(), c, "GET", path, nil, nil, nil, &out)
}

// TestClientAuth: a client built from a TokenSource sends its token,
// caches it until shortly before it expires, fetches it once for many
// concurrent requests, and gets a new one for a 401 claims challenge,
// sending the request (with its body) once more. graphrt/azauth and
// graphrt/oauth2auth have their own TestClientAuth for the
// azcore.TokenCredential and oauth2.TokenSource paths.
func TestClientAuth(t *testing.T) {
	t.Run("cached", func(t *testing.T) {
		g := newGraphServer(t)
		src := &countingSource{}
		c := graphrt.NewClient(g.URL+"/v1.0", graphrt.WithTokenSource(src))
		for range 5 {
			if err := get(t, c, "/me"); err != nil {
				t.Fatal(err)
			}
		}
		if src.calls() != 1 {
			t.Errorf("token fetched %d times for 5 requests, want 1", src.calls())
		}
		for _, a := range g.seen() {
			if a != "Bearer tok-1" {
				t.Errorf("Authorization %q, want Bearer tok-1", a)
			}
		}
		if got, want := src.requests[0].Scopes, []string{g.URL + "/.default"}; len(got) != 1 || got[0] != want[0] {
			t.Errorf("scopes %q, want the server root's %q", got, want)
		}
	})
	t.Run("explicit scopes", func(t *testing.T) {
		g := newGraphServer(t)
		src := &countingSource{}
		c := graphrt.NewClient(g.URL+"/beta", graphrt.WithTokenSource(src, "User.Read", "Mail.Read"))
		if err := get(t, c, "/me"); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(src.requests[0].Scopes, " "); got != "User.Read Mail.Read" {
			t.Errorf("scopes %q", got)
		}
	})
	t.Run("refreshed before expiry", func(t *testing.T) {
		g := newGraphServer(t)
		// Tokens that live 2 ms are replaced after 1 ms: each request
		// here comes later than that.
		src := &countingSource{life: 2 * time.Millisecond}
		c := graphrt.NewClient(g.URL+"/v1.0", graphrt.WithTokenSource(src))
		for range 3 {
			if err := get(t, c, "/me"); err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond)
		}
		if src.calls() != 3 {
			t.Errorf("token fetched %d times, want 3 (each had expired)", src.calls())
		}
		seen := g.seen()
		if seen[0] == seen[2] {
			t.Errorf("an expired token was sent again: %q", seen)
		}
	})
	t.Run("fetched once under concurrency", func(t *testing.T) {
		g := newGraphServer(t)
		src := &countingSource{delay: 20 * time.Millisecond}
		c := graphrt.NewClient(g.URL+"/v1.0", graphrt.WithTokenSource(src))
		var wg sync.WaitGroup
		var failed atomic.Int32
		for range 32 {
			wg.Go(func() {
				if err := get(t, c, "/me"); err != nil {
					failed.Add(1)
				}
			})
		}
		wg.Wait()
		if failed.Load() != 0 || src.calls() != 1 {
			t.Errorf("32 concurrent requests: %d failed, token fetched %d times (want 0, 1)", failed.Load(), src.calls())
		}
	})
	t.Run("claims challenge", func(t *testing.T) {
		g := newGraphServer(t)
		g.challenge = "tok-1"
		src := &countingSource{}
		c := graphrt.NewClient(g.URL+"/v1.0", graphrt.WithTokenSource(src))
		body := map[string]string{"displayName": "x"}
		var out struct{ ID string }
		if err := impl.Call(context.Background(), c, "POST", "/users", nil, nil, body, &out); err != nil {
			t.Fatal(err)
		}
		if out.ID != "x" {
			t.Errorf("answer %+v", out)
		}
		if got := strings.Join(g.seen(), ","); got != "Bearer tok-1,Bearer tok-2" {
			t.Errorf("Authorization sent %q, want the challenged token, then a new one", got)
		}
		if src.calls() != 2 || !strings.Contains(src.requests[1].Claims, `"essential":true`) || src.requests[0].Claims != "" {
			t.Errorf("token requests %+v, want the second with the challenge's decoded claims", src.requests)
		}
		// The new token is the one cached.
		if err := get(t, c, "/me"); err != nil {
			t.Fatal(err)
		}
		if s := g.seen(); s[len(s)-1] != "Bearer tok-2" || src.calls() != 2 {
			t.Errorf("after the challenge: sent %q, %d fetches", s[len(s)-1], src.calls())
		}
	})
	t.Run("challenged once", func(t *testing.T) {
		// A challenge that the new token does not satisfy either is the
		// caller's 401, not a loop.
		g := newGraphServer(t)
		src := &countingSource{}
		c := graphrt.NewClient(g.URL+"/v1.0", graphrt.WithTokenSource(graphrt.TokenSourceFunc(func(ctx context.Context, r graphrt.TokenRequest) (graphrt.AccessToken, error) {
			src.Token(ctx, r)
			return graphrt.AccessToken{Token: "same", ExpiresOn: time.Now().Add(time.Hour)}, nil
		})))
		g.challenge = "same"
		err := get(t, c, "/me")
		var gerr *graphrt.Error
		if !errors.As(err, &gerr) || gerr.StatusCode != 401 || gerr.Code != "InvalidAuthenticationToken" {
			t.Fatalf("err = %v, want the 401", err)
		}
		if n := len(g.seen()); n != 2 || src.calls() != 2 {
			t.Errorf("%d requests, %d token fetches; want 2 and 2", n, src.calls())
		}
	})
	t.Run("token error", func(t *testing.T) {
		g := newGraphServer(t)
		src := &countingSource{fail: errors.New("AADSTS7000215: invalid client secret")}
		c := graphrt.NewClient(g.URL+"/v1.0", graphrt.WithTokenSource(src))
		err := get(t, c, "/me")
		if err == nil || !strings.Contains(err.Error(), "AADSTS7000215") || len(g.seen()) != 0 {
			t.Errorf("err = %v, %d requests sent; want the source's error and nothing sent", err, len(g.seen()))
		}
	})
	t.Run("plain http only to loopback", func(t *testing.T) {
		src := &countingSource{}
		c := graphrt.NewClient("http://graph.example.com/v1.0", graphrt.WithTokenSource(src))
		err := get(t, c, "/me")
		if err == nil || !strings.Contains(err.Error(), "refusing to send an access token over http") || src.calls() != 0 {
			t.Errorf("err = %v, %d fetches", err, src.calls())
		}
	})
}

func TestClaimsChallenge(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString([]byte(`{"x":1}`))
	for _, tc := range []struct{ in, want string }{
		{`Bearer realm="", error="insufficient_claims", claims="` + enc + `"`, `{"x":1}`},
		{`Basic realm="a", Bearer claims=` + enc, `{"x":1}`},
		{`Bearer realm="a, b", error="invalid_token"`, ""},
		{`Bearer claims="!!!"`, ""},
		{``, ""},
	} {
		h := http.Header{"Www-Authenticate": {tc.in}}
		if got := graphrt.ClaimsChallenge(h); got != tc.want {
			t.Errorf("ClaimsChallenge(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
