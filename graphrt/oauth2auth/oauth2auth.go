// Package oauth2auth authenticates graphrt clients with a
// golang.org/x/oauth2 TokenSource, such as clientcredentials.Config's or
// one that refreshes a user's token:
//
//	cfg := clientcredentials.Config{
//		ClientID: id, ClientSecret: secret,
//		TokenURL: "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token",
//		Scopes:   []string{graphrt.GlobalScope},
//	}
//	client := users.NewClient(graphrt.Global.URL(graphrt.V1), oauth2auth.WithTokenSource(cfg.TokenSource(ctx)))
//
// It is a package of its own so that code which does not authenticate this
// way builds without golang.org/x/oauth2.
package oauth2auth

import (
	"context"

	"golang.org/x/oauth2"

	"github.com/graphdoc/graphdoc/graphrt"
)

// WithTokenSource authenticates a client's requests with tokens from ts.
// The scopes are ts's own (an oauth2 source is configured with them), so
// none are given here. See graphrt.WithTokenSource for caching and where
// the token is sent.
func WithTokenSource(ts oauth2.TokenSource) graphrt.ClientOption {
	return graphrt.WithTokenSource(TokenSource(ts))
}

// TokenSource returns a graphrt.TokenSource of ts. An oauth2 TokenSource
// cannot be asked for claims: on a claims challenge ts is asked for a
// token again, and if it returns the one it holds, the client returns the
// 401 to the caller.
func TokenSource(ts oauth2.TokenSource) graphrt.TokenSource {
	return source{ts}
}

type source struct{ ts oauth2.TokenSource }

func (s source) Token(ctx context.Context, req graphrt.TokenRequest) (graphrt.AccessToken, error) {
	if err := ctx.Err(); err != nil {
		return graphrt.AccessToken{}, err
	}
	tok, err := s.ts.Token()
	if err != nil {
		return graphrt.AccessToken{}, err
	}
	return graphrt.AccessToken{Token: tok.AccessToken, ExpiresOn: tok.Expiry}, nil
}
