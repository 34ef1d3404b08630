package downstream_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
)

// entra is a local stand-in for Microsoft Entra ID, enough for azidentity's
// ClientSecretCredential (MSAL underneath) to get app-only tokens from it:
//
//   - GET /{tenant}/v2.0/.well-known/openid-configuration, the tenant's
//     OpenID configuration, which MSAL reads once to find the token
//     endpoint. Its issuer must be on the authority's host or MSAL refuses
//     it.
//   - POST /{tenant}/oauth2/v2.0/token, a client_credentials grant with the
//     client id and secret as form values, answered with a bearer token.
//
// It is an httptest TLS server because azidentity accepts only an https
// authority; the credential trusts its certificate through
// entra.Client(), passed as azcore.ClientOptions.Transport.
type entra struct {
	*httptest.Server
	tenant, clientID, secret string

	mu       sync.Mutex
	requests []url.Values // the token requests' forms, in order
	issued   map[string]bool
}

func newEntra(t *testing.T, tenant, clientID, secret string) *entra {
	t.Helper()
	e := &entra{tenant: tenant, clientID: clientID, secret: secret, issued: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", e.openIDConfiguration)
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/token", e.token)
	e.Server = httptest.NewTLSServer(mux)
	t.Cleanup(e.Close)
	return e
}

func (e *entra) openIDConfiguration(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("tenant") != e.tenant {
		oauthError(w, http.StatusBadRequest, "invalid_tenant", "no tenant "+r.PathValue("tenant"))
		return
	}
	base := e.URL + "/" + e.tenant
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                 base + "/v2.0",
		"authorization_endpoint": base + "/oauth2/v2.0/authorize",
		"token_endpoint":         base + "/oauth2/v2.0/token",
	})
}

func (e *entra) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests = append(e.requests, r.PostForm)
	switch {
	case r.PathValue("tenant") != e.tenant:
		oauthError(w, http.StatusBadRequest, "invalid_tenant", "no tenant "+r.PathValue("tenant"))
	case r.PostForm.Get("grant_type") != "client_credentials":
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "only client_credentials")
	case r.PostForm.Get("client_id") != e.clientID || r.PostForm.Get("client_secret") != e.secret:
		oauthError(w, http.StatusUnauthorized, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
	default:
		tok := fmt.Sprintf("local-token-%d", len(e.issued)+1)
		e.issued[tok] = true
		writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": tok})
	}
}

// tokenRequests returns the forms of the token requests made so far.
func (e *entra) tokenRequests() []url.Values {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]url.Values(nil), e.requests...)
}

// requireToken wraps a Graph server's handler: a request without a bearer
// token this entra issued is answered 401 InvalidAuthenticationToken, as
// Graph does.
func (e *entra) requireToken(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		e.mu.Lock()
		ok = ok && e.issued[tok]
		e.mu.Unlock()
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="", authorization_uri="`+e.URL+`/`+e.tenant+`/oauth2/authorize"`)
			graphrt.WriteError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty or invalid.")
			return
		}
		h.ServeHTTP(w, r)
	})
}

func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": description})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
