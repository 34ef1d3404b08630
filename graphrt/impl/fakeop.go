package impl

import (
	"context"
	"encoding/json"
	"net/http"
)

// FakeResult decodes what a fake's store answered (a JSON body, or an
// error) into out, the typed result of a generated fake's method.
func FakeResult(body []byte, err error, out any) error {
	if err != nil {
		return err
	}
	if out == nil || len(body) == 0 {
		return nil
	}
	return json.Unmarshal(body, out)
}

// requestKey is the context key of the *http.Request being served.
type requestKey struct{}

// WithRequest returns ctx with the request being served, which a fake's
// list needs for $skiptoken and the absolute @odata.nextLink.
func WithRequest(ctx context.Context, r *http.Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the request a context carries (NewRouter's handlers'
// contexts carry theirs), or nil.
func RequestFrom(ctx context.Context) *http.Request {
	r, _ := ctx.Value(requestKey{}).(*http.Request)
	return r
}

// FakeCheck runs a request body's checks (ValidateRequestBody) for a fake
// called in-process, and answers a failure as the server would: a 400
// *graphrt.Error that wraps the *graphrt.ValidationError. Served by
// NewHandler (ctx carries the request), the server has run them already.
func FakeCheck(ctx context.Context, body any, required []string, write bool) error {
	if RequestFrom(ctx) != nil {
		return nil
	}
	if err := ValidateRequestBody(body, required, write); err != nil {
		return bodyError(err)
	}
	return nil
}
