package graphrt

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// AccessToken is a bearer token and the time it expires (zero when the
// source does not say).
type AccessToken struct {
	Token     string
	ExpiresOn time.Time
	// RefreshOn, when set, is when the source suggests getting a new
	// token (azcore's credentials set it); the Client replaces the token
	// then if that is earlier than it would otherwise.
	RefreshOn time.Time
}

// TokenRequest says which token a Client wants.
type TokenRequest struct {
	// Scopes are the token's scopes, such as
	// https://graph.microsoft.com/.default.
	Scopes []string
	// Claims, when set, are the claims a claims challenge asked for (the
	// decoded JSON of the challenge's claims parameter): the source must
	// get a new token that satisfies them, not return one it holds.
	Claims string
}

// TokenSource gives a Client its access tokens. graphrt/azauth makes one
// of any azcore.TokenCredential (what azidentity returns: client secret,
// certificate, managed identity, device code, Azure CLI) and
// graphrt/oauth2auth of a golang.org/x/oauth2 TokenSource, so that this
// package depends on neither.
//
// The Client caches the token until shortly before it expires and asks
// for a new one once however many requests are waiting for it, so a
// TokenSource need not cache.
type TokenSource interface {
	Token(ctx context.Context, req TokenRequest) (AccessToken, error)
}

// TokenSourceFunc is a function that is a TokenSource.
type TokenSourceFunc func(ctx context.Context, req TokenRequest) (AccessToken, error)

// Token calls f.
func (f TokenSourceFunc) Token(ctx context.Context, req TokenRequest) (AccessToken, error) {
	return f(ctx, req)
}

// refreshMargin is how long before its expiry a cached token is replaced.
const refreshMargin = 5 * time.Minute

// WithTokenSource authenticates every request with a bearer token from
// ts for scopes; without scopes, the client's server root followed by
// /.default (GlobalScope for https://graph.microsoft.com/v1.0, the
// matching scope of a national cloud's server).
//
// The Authorization header goes only to the client's server (its scheme,
// host and port): a redirect, an @odata.nextLink or an upload URL on
// another host is sent without it, and over plain http only to a
// loopback host. A 401 that carries a claims challenge (Continuous Access
// Evaluation, conditional access) gets a new token for those claims and
// the request is sent once more.
func WithTokenSource(ts TokenSource, scopes ...string) ClientOption {
	return func(c *Client) {
		c.tokens = ts
		c.scopes = append([]string(nil), scopes...)
	}
}

// serverOrigin returns the scheme and host (with a default port dropped)
// of a server URL, in lower case.
func serverOrigin(server string) (scheme, host string) {
	u, err := url.Parse(server)
	if err != nil {
		return "", ""
	}
	return originOf(u)
}

func originOf(u *url.URL) (scheme, host string) {
	scheme = strings.ToLower(u.Scheme)
	host = strings.ToLower(u.Host)
	switch {
	case scheme == "https" && strings.HasSuffix(host, ":443"):
		host = strings.TrimSuffix(host, ":443")
	case scheme == "http" && strings.HasSuffix(host, ":80"):
		host = strings.TrimSuffix(host, ":80")
	}
	return scheme, host
}

// defaultScope is the scope a server's tokens need: its root + /.default.
func defaultScope(server string) string {
	scheme, host := serverOrigin(server)
	if scheme == "" || host == "" {
		return GlobalScope
	}
	return scheme + "://" + host + "/.default"
}

// authTransport adds the bearer token to requests for the client's
// server and answers claims challenges.
type authTransport struct {
	base           http.RoundTripper
	tokens         *tokenCache
	scheme, host   string
	loopbackServer bool
}

func newAuthTransport(base http.RoundTripper, server string, ts TokenSource, scopes []string) *authTransport {
	if len(scopes) == 0 {
		scopes = []string{defaultScope(server)}
	}
	scheme, host := serverOrigin(server)
	return &authTransport{base: base, tokens: &tokenCache{src: ts, scopes: scopes, now: time.Now}, scheme: scheme, host: host, loopbackServer: isLoopback(host)}
}

// isLoopback reports whether host (with or without a port) is localhost
// or a loopback address.
func isLoopback(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.Trim(h, "[]")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// RoundTrip implements http.RoundTripper.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	scheme, host := originOf(req.URL)
	if scheme != t.scheme || host != t.host {
		// Another host: never the client's credentials.
		if req.Header.Get("Authorization") != "" {
			req = req.Clone(req.Context())
			req.Header.Del("Authorization")
		}
		return t.base.RoundTrip(req)
	}
	if scheme != "https" && !t.loopbackServer {
		closeBody(req)
		return nil, fmt.Errorf("graph: refusing to send an access token over %s to %s (https only, or a loopback host)", scheme, host)
	}
	ctx := req.Context()
	tok, err := t.tokens.get(ctx, "", "")
	if err != nil {
		closeBody(req)
		return nil, err
	}
	r := req.Clone(ctx)
	r.Header.Set("Authorization", "Bearer "+tok)
	resp, err := t.base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	claims := ClaimsChallenge(resp.Header)
	if claims == "" {
		return resp, nil
	}
	hasBody := req.Body != nil && req.Body != http.NoBody
	if hasBody && req.GetBody == nil {
		return resp, nil
	}
	fresh, err := t.tokens.get(ctx, claims, tok)
	if err != nil {
		// The challenge stands: hand it to the caller as it came.
		return resp, nil
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	r = req.Clone(ctx)
	if hasBody {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("graph: cannot send the request body again after a claims challenge: %w", err)
		}
		r.Body = body
	}
	r.Header.Set("Authorization", "Bearer "+fresh)
	return t.base.RoundTrip(r)
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// ClaimsChallenge returns the claims a 401's WWW-Authenticate header asks
// for (a Bearer challenge's claims parameter, base64-decoded to its JSON),
// or "" when there is no claims challenge.
func ClaimsChallenge(h http.Header) string {
	for _, v := range h.Values("WWW-Authenticate") {
		for _, ch := range splitChallenges(v) {
			if !strings.EqualFold(ch.scheme, "bearer") {
				continue
			}
			enc := ch.params["claims"]
			if enc == "" {
				continue
			}
			for _, e := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
				if b, err := e.DecodeString(enc); err == nil && len(b) > 0 {
					return string(b)
				}
			}
		}
	}
	return ""
}

type challenge struct {
	scheme string
	params map[string]string
}

// splitChallenges reads a WWW-Authenticate value (RFC 9110 11.6.1):
// challenges of a scheme and comma-separated name=value parameters, the
// values tokens or quoted strings.
func splitChallenges(v string) []challenge {
	var out []challenge
	i := 0
	skip := func() {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == ',') {
			i++
		}
	}
	token := func() string {
		j := i
		for i < len(v) && v[i] != ' ' && v[i] != '\t' && v[i] != ',' && v[i] != '=' {
			i++
		}
		return v[j:i]
	}
	for {
		skip()
		if i >= len(v) {
			return out
		}
		name := token()
		if i < len(v) && v[i] == '=' {
			// A parameter of the current challenge.
			i++
			var val string
			if i < len(v) && v[i] == '"' {
				i++
				var b strings.Builder
				for i < len(v) && v[i] != '"' {
					if v[i] == '\\' && i+1 < len(v) {
						i++
					}
					b.WriteByte(v[i])
					i++
				}
				i++
				val = b.String()
			} else {
				j := i
				for i < len(v) && v[i] != ',' && v[i] != ' ' {
					i++
				}
				val = v[j:i]
			}
			if len(out) > 0 {
				out[len(out)-1].params[strings.ToLower(name)] = val
			}
			continue
		}
		if name == "" {
			i++
			continue
		}
		out = append(out, challenge{scheme: name, params: map[string]string{}})
	}
}

// tokenCache holds one token and fetches a new one once for all the
// requests waiting for it.
type tokenCache struct {
	src    TokenSource
	scopes []string
	now    func() time.Time

	mu        sync.Mutex
	tok       AccessToken
	refreshAt time.Time     // when tok is replaced: refreshMargin before it expires, or half its life when that is shorter
	fetching  chan struct{} // closed when the fetch in flight ends
	lastErr   error
}

// errNoToken is what a TokenSource that returns an empty token gives.
var errNoToken = errors.New("graph: the token source returned an empty token")

// get returns a token for a request. With claims set it is a token for
// those claims: a new one, unless the cached token already differs from
// rejected (another request answered the same challenge meanwhile).
func (c *tokenCache) get(ctx context.Context, claims, rejected string) (string, error) {
	for {
		c.mu.Lock()
		if claims == "" && c.valid() {
			tok := c.tok.Token
			c.mu.Unlock()
			return tok, nil
		}
		if claims != "" && c.tok.Token != "" && c.tok.Token != rejected && c.valid() {
			tok := c.tok.Token
			c.mu.Unlock()
			return tok, nil
		}
		if ch := c.fetching; ch != nil {
			c.mu.Unlock()
			select {
			case <-ch:
				c.mu.Lock()
				err := c.lastErr
				c.mu.Unlock()
				if err != nil && claims == "" {
					return "", err
				}
				continue
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		ch := make(chan struct{})
		c.fetching = ch
		c.mu.Unlock()

		tok, err := c.src.Token(ctx, TokenRequest{Scopes: c.scopes, Claims: claims})
		if err == nil && tok.Token == "" {
			err = errNoToken
		}
		if err != nil {
			err = fmt.Errorf("graph: get an access token for %s: %w", strings.Join(c.scopes, " "), err)
		}
		c.mu.Lock()
		c.lastErr = err
		if err == nil {
			c.tok = tok
			c.refreshAt = time.Time{}
			if !tok.ExpiresOn.IsZero() {
				margin := refreshMargin
				if life := tok.ExpiresOn.Sub(c.now()); life < 2*margin {
					margin = life / 2
				}
				c.refreshAt = tok.ExpiresOn.Add(-margin)
			}
			if !tok.RefreshOn.IsZero() && (c.refreshAt.IsZero() || tok.RefreshOn.Before(c.refreshAt)) {
				c.refreshAt = tok.RefreshOn
			}
		}
		c.fetching = nil
		close(ch)
		c.mu.Unlock()
		if err != nil {
			return "", err
		}
		return tok.Token, nil
	}
}

// valid reports whether the cached token can be sent (c.mu held).
func (c *tokenCache) valid() bool {
	if c.tok.Token == "" {
		return false
	}
	return c.refreshAt.IsZero() || c.now().Before(c.refreshAt)
}
