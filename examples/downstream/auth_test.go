// Authenticating the generated client.
//
// TestAuthenticatedClient builds a sprockets.Client the way a service
// signed in as an app registration does: an azidentity credential (here a
// client secret) handed to the client with azauth.WithCredential. In
// production that is
//
//	cred, err := azidentity.NewClientSecretCredential(tenantID, clientID, secret, nil)
//	...
//	client := sprockets.NewClient(graphrt.Global.URL(graphrt.V1), azauth.WithCredential(cred))
//
// (for a national cloud, pass ClientOptions{Cloud: azauth.CloudConfig(graphrt.USGov)}
// and graphrt.USGov.URL(graphrt.V1)). The test points the credential at a
// local stand-in for Microsoft Entra ID (entra_test.go) and the client at
// the generated fake behind a bearer-token check, so that it runs without
// a network or a real secret. It shows that the client asks for a token
// for its server's scope (root + /.default), sends it on every request,
// including the pages an iterator follows, and gets it once for many
// requests: the client caches it until shortly before it expires.

package downstream_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/azauth"

	"example.com/downstream/sprockets"
)

// Made-up identities: no real tenant, app or secret.
const (
	tenantID = "00000000-0000-0000-0000-00000000a11c"
	clientID = "00000000-0000-0000-0000-0000000000b0"
	secret   = "not-a-secret"
)

func TestAuthenticatedClient(t *testing.T) {
	ctx := context.Background()
	login := newEntra(t, tenantID, clientID, secret)

	// The generated fake, served under /v1.0 as Graph is, answering only
	// requests that carry a token login issued.
	var graphRequests atomic.Int64
	fake := http.StripPrefix("/v1.0", sprockets.NewFakeHandler())
	graph := httptest.NewServer(login.requireToken(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		graphRequests.Add(1)
		fake.ServeHTTP(w, r)
	})))
	t.Cleanup(graph.Close)

	// The credential, pointed at the local login server: its URL as the
	// authority host, its client (which trusts its test certificate) as
	// the transport, and no instance discovery, which would ask
	// login.microsoft.com whether the authority is a real one.
	cred, err := azidentity.NewClientSecretCredential(tenantID, clientID, secret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions: azcore.ClientOptions{
			Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: login.URL + "/"},
			Transport: login.Client(),
		},
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	client := sprockets.NewClient(graph.URL+"/v1.0", azauth.WithCredential(cred))

	// Many requests, some at once...
	names := []string{"Rear cog 11T", "Rear cog 13T", "Rear cog 15T", "Rear cog 17T", "Chainring 34T", "Chainring 50T"}
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Go(func() {
			if _, err := client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{DisplayName: ptr(name)}); err != nil {
				t.Errorf("create %s: %v", name, err)
			}
		})
	}
	wg.Wait()
	// ...and an iterator that follows @odata.nextLink, two a page.
	var listed []string
	for s, err := range client.WorkshopSprocketsListAll(ctx, &sprockets.WorkshopSprocketsListParams{Top: ptr(sprockets.Top(2))}) {
		if err != nil {
			t.Fatalf("list all: %v", err)
		}
		listed = append(listed, *s.DisplayName)
	}
	slices.Sort(listed)
	if !slices.Equal(listed, slices.Sorted(slices.Values(names))) {
		t.Errorf("list all: %q, want the %d created", listed, len(names))
	}
	if n := graphRequests.Load(); n != int64(len(names))+3 {
		t.Errorf("the fake served %d requests, want %d creates and 3 pages", n, len(names))
	}

	// One token for all of them, asked for the server's scope (MSAL adds
	// openid, offline_access and profile), as a client capable of
	// Continuous Access Evaluation: azauth asks for CAE tokens, since the
	// client answers their claims challenges, and MSAL says so with the
	// xms_cc claim.
	reqs := login.tokenRequests()
	if len(reqs) != 1 {
		t.Fatalf("%d token requests, want 1 (the token is cached)", len(reqs))
	}
	if got, want := strings.Fields(reqs[0].Get("scope")), graph.URL+"/.default"; !slices.Contains(got, want) {
		t.Errorf("token requested for scopes %q, want %s", got, want)
	}
	if got := reqs[0].Get("claims"); !strings.Contains(got, `"xms_cc":{"values":["CP1"]}`) {
		t.Errorf("token requested with claims %s, want the CAE capability xms_cc CP1", got)
	}

	// Without a credential the same server says 401, as Graph does.
	_, err = sprockets.NewClient(graph.URL+"/v1.0").WorkshopSprocketsList(ctx, nil)
	var gerr *graphrt.Error
	if !errors.As(err, &gerr) || gerr.StatusCode != http.StatusUnauthorized || gerr.Code != "InvalidAuthenticationToken" {
		t.Errorf("without a credential: %v, want a 401 InvalidAuthenticationToken *graphrt.Error", err)
	}
}

// TestWrongSecret: when Entra refuses the credential, the client's call
// fails with azidentity's *AuthenticationFailedError, before any request
// reaches the server.
func TestWrongSecret(t *testing.T) {
	login := newEntra(t, tenantID, clientID, secret)
	var graphRequests atomic.Int64
	graph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { graphRequests.Add(1) }))
	t.Cleanup(graph.Close)

	cred, err := azidentity.NewClientSecretCredential(tenantID, clientID, "not-the-secret-either", &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: login.URL + "/"}, Transport: login.Client()},
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	client := sprockets.NewClient(graph.URL+"/v1.0", azauth.WithCredential(cred))
	_, err = client.WorkshopSprocketsList(context.Background(), nil)
	var authErr *azidentity.AuthenticationFailedError
	if !errors.As(err, &authErr) {
		t.Errorf("with a wrong secret: %v, want an *azidentity.AuthenticationFailedError", err)
	}
	if n := graphRequests.Load(); n != 0 {
		t.Errorf("the server got %d requests, want none", n)
	}
}
