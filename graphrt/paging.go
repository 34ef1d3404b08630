package graphrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/http"
	"net/url"
)

// ErrNextLinkLoop is what Pages yields when a page's @odata.nextLink
// names a page it has already read: following it would never end.
var ErrNextLinkLoop = errors.New("graph: @odata.nextLink repeats a page already read")

// Pages returns an iterator over the items of a paged Graph collection.
// first reads the first page and next the page an @odata.nextLink names;
// both return the page's items and its @odata.nextLink ("" on the last
// page). The iterator yields every item with a nil error, in order, and
// ends after the last page. It yields one final zero item with an error,
// and ends, when reading a page fails, when ctx is done (ctx.Err()), or
// when a nextLink repeats (ErrNextLinkLoop). Every range over it reads
// from the first page again.
func Pages[T any](ctx context.Context, first func(context.Context) ([]T, string, error), next func(ctx context.Context, link string) ([]T, string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]bool{}
		link := ""
		for page := 0; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			var items []T
			var err error
			if page == 0 {
				items, link, err = first(ctx)
			} else {
				items, link, err = next(ctx, link)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
			}
			if link == "" {
				return
			}
			if seen[link] {
				yield(zero, fmt.Errorf("%w: %s", ErrNextLinkLoop, link))
				return
			}
			seen[link] = true
		}
	}
}

// PageOf returns a collection page's items and @odata.nextLink, as Pages
// wants them, from the fields of a generated collection response.
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
	base, err := url.Parse(server)
	if err != nil {
		return nil, fmt.Errorf("graph: server URL: %w", err)
	}
	u, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("graph: @odata.nextLink: %w", err)
	}
	u = base.ResolveReference(u)
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return nil, fmt.Errorf("graph: @odata.nextLink %q is not on the client's server %s://%s", link, base.Scheme, base.Host)
	}
	return http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
}

// DecodeResponse reads and closes resp's body. A 2xx JSON body is decoded
// into v with encoding/json (which runs v's UnmarshalJSON); any other
// status is returned as an *Error (see ResponseError).
func DecodeResponse(resp *http.Response, v any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return ResponseError(resp)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("graph: read response: %w", err)
	}
	if !isJSON(resp.Header.Get("Content-Type")) {
		return fmt.Errorf("graph: response with status %d is %q, not JSON", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("graph: decode response: %w", err)
	}
	return nil
}

// UnexpectedResponse describes a response that a generated client could
// not decode into any of the operation's documented bodies: an *Error for
// a non-2xx status (body is the response body, already read), and
// otherwise an error naming the status and content type.
func UnexpectedResponse(resp *http.Response, body []byte) error {
	if resp == nil {
		return errors.New("graph: no response")
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return responseError(resp, body)
	}
	return fmt.Errorf("graph: unexpected response: status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
}

// isJSON reports whether a Content-Type is JSON (application/json, or
// any +json type).
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || len(mt) > 5 && mt[len(mt)-5:] == "+json"
}
