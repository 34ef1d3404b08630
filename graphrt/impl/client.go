package impl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/graphdoc/graphdoc/graphrt"
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
// status is returned as a *graphrt.Error (see graphrt.ResponseError).
func DecodeResponse(resp *http.Response, v any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return graphrt.ResponseError(resp)
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
// not decode into any of the operation's documented bodies: a
// *graphrt.Error for a non-2xx status (body is the response body, already
// read), completed from Graph's headers as graphrt.ResponseError does, and
// otherwise an error naming the status and content type.
func UnexpectedResponse(resp *http.Response, body []byte) error {
	if resp == nil {
		return errors.New("graph: no response")
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := graphrt.ParseError(resp.StatusCode, body)
		wire.FillDiagnostics(resp.Header, func() (*string, *string, *string) {
			if e.InnerError == nil {
				e.InnerError = &graphrt.InnerError{}
			}
			in := e.InnerError
			return &in.RequestID, &in.ClientRequestID, &in.Date
		})
		return e
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
