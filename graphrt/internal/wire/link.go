package wire

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// LinkRequest returns the GET request for a link a response named
// (@odata.nextLink, @odata.deltaLink), resolved against server. A link to
// another scheme or host than server's is refused: the request carries
// the client's credentials, which must not go to a host a response named. graphrt's delta
// iterator and graphrt/impl's NextPage share it.
func LinkRequest(ctx context.Context, server, link, what string) (*http.Request, error) {
	base, err := url.Parse(server)
	if err != nil {
		return nil, fmt.Errorf("graph: server URL: %w", err)
	}
	u, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("graph: %s: %w", what, err)
	}
	u = base.ResolveReference(u)
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return nil, fmt.Errorf("graph: %s %q is not on the client's server %s://%s", what, link, base.Scheme, base.Host)
	}
	return http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
}
