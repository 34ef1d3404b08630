package oauth2auth_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/impl"
	"github.com/graphdoc/graphdoc/graphrt/oauth2auth"
)

// TestClientAuth: a client built from an oauth2.TokenSource, here
// client credentials against a local token endpoint, sends the endpoint's
// token and fetches it once for many requests.
func TestClientAuth(t *testing.T) {
	var mu sync.Mutex
	var grants []string
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/tenant-1/oauth2/v2.0/token" || r.ParseForm() != nil {
			http.Error(w, "bad token request", 400)
			return
		}
		id, secret, _ := r.BasicAuth()
		mu.Lock()
		grants = append(grants, fmt.Sprintf("%s %s %s %s", r.Form.Get("grant_type"), id, secret, r.Form.Get("scope")))
		n := len(grants)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":3599,"access_token":"local-%d"}`, n)
	}))
	defer tokens.Close()
	var auths []string
	graph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"1"}`)
	}))
	defer graph.Close()

	cfg := clientcredentials.Config{
		ClientID:     "app-1",
		ClientSecret: "not-a-secret",
		TokenURL:     tokens.URL + "/tenant-1/oauth2/v2.0/token",
		Scopes:       []string{graphrt.GlobalScope},
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	c := graphrt.NewClient(graph.URL+"/v1.0", oauth2auth.WithTokenSource(cfg.TokenSource(context.Background())))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := impl.Call(context.Background(), c, "GET", "/me", nil, nil, nil, new(map[string]any)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	mu.Lock()
	if len(grants) != 1 || grants[0] != "client_credentials app-1 not-a-secret "+graphrt.GlobalScope {
		t.Errorf("token endpoint saw %q, want one client_credentials grant", grants)
	}
	for _, a := range auths {
		if a != "Bearer local-1" {
			t.Errorf("graph saw Authorization %q", a)
		}
	}
	if len(auths) != 8 {
		t.Errorf("%d requests reached graph", len(auths))
	}
	mu.Unlock()

	// A static token works the same.
	c2 := graphrt.NewClient(graph.URL+"/v1.0", oauth2auth.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static"})))
	if err := impl.Call(context.Background(), c2, "GET", "/me", nil, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if auths[len(auths)-1] != "Bearer static" {
		t.Errorf("static token sent as %q", auths[len(auths)-1])
	}
}
