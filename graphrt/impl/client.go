package impl

import (
	"context"
	"net/http"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// PageOf returns a collection page's items and @odata.nextLink, as
// graphrt.Pages wants them, from the fields of a generated collection
// response.
func PageOf[T any](value *[]T, nextLink *string) ([]T, string, error) {
	var items []T
	if value != nil {
		items = *value
	}
	link := ""
	if nextLink != nil {
		link = *nextLink
	}
	return items, link, nil
}

// NextPageRequest returns the GET request for an @odata.nextLink. A
// relative link is resolved against server (the client's base URL). A
// link to another scheme or host than server's is refused: the request
// carries the client's credentials, which must not go to a host a
// response named.
func NextPageRequest(ctx context.Context, server, link string) (*http.Request, error) {
	return wire.LinkRequest(ctx, server, link, "@odata.nextLink")
}
