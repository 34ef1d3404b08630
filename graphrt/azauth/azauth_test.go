package azauth_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/azauth"
	"github.com/graphdoc/graphdoc/graphrt/impl"
)

// fakeCredential is an azcore.TokenCredential, as azidentity's are.
type fakeCredential struct {
	mu   sync.Mutex
	opts []policy.TokenRequestOptions
}

func (f *fakeCredential) GetToken(ctx context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	time.Sleep(10 * time.Millisecond) // a token endpoint takes a while
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opts = append(f.opts, o)
	return azcore.AccessToken{Token: fmt.Sprintf("az-%d", len(f.opts)), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

func (f *fakeCredential) calls() []policy.TokenRequestOptions {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]policy.TokenRequestOptions(nil), f.opts...)
}

var _ azcore.TokenCredential = (*fakeCredential)(nil)

// TestClientAuth: a client built from an azcore.TokenCredential sends its
// token for the server's scope, asks once for many concurrent requests,
// asks for CAE tokens and, on a claims challenge, for one with those
// claims, sending the request again.
func TestClientAuth(t *testing.T) {
	claims := `{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}`
	var mu sync.Mutex
	var auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.URL.Path == "/v1.0/me/messages" && r.Header.Get("Authorization") == "Bearer az-1" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="", error="insufficient_claims", claims="`+base64.StdEncoding.EncodeToString([]byte(claims))+`"`)
			graphrt.WriteError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "challenge")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"value":[]}`)
	}))
	defer srv.Close()

	cred := &fakeCredential{}
	c := graphrt.NewClient(srv.URL+"/v1.0", azauth.WithCredential(cred))
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if err := impl.Call(context.Background(), c, "GET", "/users", nil, nil, nil, new(map[string]any)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	calls := cred.calls()
	if len(calls) != 1 {
		t.Fatalf("GetToken called %d times for 16 concurrent requests, want 1", len(calls))
	}
	if o := calls[0]; strings.Join(o.Scopes, " ") != srv.URL+"/.default" || !o.EnableCAE || o.Claims != "" {
		t.Errorf("token request %+v: want the server's /.default scope, CAE, no claims", o)
	}

	// The claims challenge.
	if err := impl.Call(context.Background(), c, "GET", "/me/messages", nil, nil, nil, new(map[string]any)); err != nil {
		t.Fatal(err)
	}
	calls = cred.calls()
	if len(calls) != 2 || calls[1].Claims != claims || !calls[1].EnableCAE {
		t.Errorf("token requests %+v: want a second one with the decoded claims", calls)
	}
	mu.Lock()
	last := auths[len(auths)-2:]
	mu.Unlock()
	if last[0] != "Bearer az-1" || last[1] != "Bearer az-2" {
		t.Errorf("the challenged request was sent with %q", last)
	}

	// Explicit scopes and a national cloud's default.
	cred2 := &fakeCredential{}
	hc := &http.Client{Transport: graphrt.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
	})}
	for _, tc := range []struct {
		client *graphrt.Client
		scope  string
	}{
		{graphrt.NewClient(graphrt.China.URL(graphrt.V1), azauth.WithCredential(cred2), graphrt.WithHTTPClient(hc)), graphrt.ChinaScope},
		{graphrt.NewClient(graphrt.Global.URL(graphrt.Beta), azauth.WithCredential(cred2, "User.Read"), graphrt.WithHTTPClient(hc)), "User.Read"},
	} {
		n := len(cred2.calls())
		if err := impl.Call(context.Background(), tc.client, "DELETE", "/me/photo", nil, nil, nil, nil); err != nil {
			t.Fatal(err)
		}
		if got := cred2.calls()[n].Scopes; strings.Join(got, " ") != tc.scope {
			t.Errorf("scopes %v, want %s", got, tc.scope)
		}
	}
}

func TestCloudConfig(t *testing.T) {
	for _, tc := range []struct {
		c    graphrt.Cloud
		want cloud.Configuration
	}{
		{graphrt.Global, cloud.AzurePublic},
		{graphrt.USGov, cloud.AzureGovernment},
		{graphrt.USGovDoD, cloud.AzureGovernment},
		{graphrt.China, cloud.AzureChina},
	} {
		if got := azauth.CloudConfig(tc.c); got.ActiveDirectoryAuthorityHost != tc.want.ActiveDirectoryAuthorityHost {
			t.Errorf("%s: authority %s, want %s", tc.c.Name, got.ActiveDirectoryAuthorityHost, tc.want.ActiveDirectoryAuthorityHost)
		}
	}
}
