package graphrt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// Client sends the requests of a generated package's client to a Graph
// server: it holds the server's base URL, the *http.Client the requests go
// through (wrapped in the middleware given), and the retry policy of the
// Doer that sends them. Make one with NewClient (the zero Client has no
// server and cannot send); it is safe for concurrent use.
type Client struct {
	server     string
	httpClient *http.Client
	retry      RetryPolicy
	middleware []func(http.RoundTripper) http.RoundTripper
	tokens     TokenSource
	scopes     []string
	doer       *Doer
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// NewClient returns a Client for the Graph server at the base URL server,
// such as https://graph.microsoft.com/v1.0 (a trailing '/' is dropped):
// an operation's path, such as /users/{user-id}, is appended to it.
// Without options, it sends with http.DefaultClient under DefaultRetry,
// without credentials: WithTokenSource (or graphrt/azauth.WithCredential,
// graphrt/oauth2auth.WithTokenSource) authenticates, and the national
// clouds' servers are Global.URL(V1), USGov.URL(V1) and so on.
func NewClient(server string, opts ...ClientOption) *Client {
	c := &Client{server: strings.TrimRight(server, "/"), httpClient: http.DefaultClient, retry: DefaultRetry}
	for _, o := range opts {
		o(c)
	}
	var inner func(http.RoundTripper) http.RoundTripper
	if c.tokens != nil {
		// Innermost, so that middleware never sees the token and every
		// hop of a redirect is judged by its own host.
		inner = func(rt http.RoundTripper) http.RoundTripper {
			return newAuthTransport(rt, c.server, c.tokens, c.scopes)
		}
	}
	hc := c.wrap(inner)
	c.doer = &Doer{Client: hc, Retry: c.retry}
	return c
}

// wrap returns the *http.Client requests go through: the one given (not
// changed), its transport wrapped in inner (when not nil) and then in the
// middleware, the first given outermost.
func (c *Client) wrap(inner func(http.RoundTripper) http.RoundTripper) *http.Client {
	hc := c.httpClient
	if hc == nil {
		hc = http.DefaultClient
	}
	if len(c.middleware) == 0 && inner == nil {
		return hc
	}
	cp := *hc
	rt := cp.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	if inner != nil {
		rt = inner(rt)
	}
	for i := len(c.middleware) - 1; i >= 0; i-- {
		rt = c.middleware[i](rt)
	}
	cp.Transport = rt
	return &cp
}

// WithHTTPClient sends requests with hc (http.DefaultClient when nil),
// whose Transport the middleware wraps; hc itself is not changed.
func WithHTTPClient(hc *http.Client) ClientOption {
	return func(c *Client) {
		if hc == nil {
			hc = http.DefaultClient
		}
		c.httpClient = hc
	}
}

// WithRetry sets the retry policy (DefaultRetry when not given); a
// MaxAttempts of 1 turns retries off.
func WithRetry(p RetryPolicy) ClientOption {
	return func(c *Client) { c.retry = p }
}

// WithMiddleware wraps the transport requests go through, for logging,
// tracing or authentication. Middleware given first is outermost: it sees
// a request first and its response last. Every attempt of a retried
// request goes through the middleware.
func WithMiddleware(mw func(http.RoundTripper) http.RoundTripper) ClientOption {
	return func(c *Client) { c.middleware = append(c.middleware, mw) }
}

// headerKey is the context key of the headers WithHeader adds.
type headerKey struct{}

// WithHeader returns a context that makes a Client add the request header
// key: value to every request sent with it. Several values for one key
// are all sent, in order, and replace any the operation itself would send
// under that key (such as a ConsistencyLevel parameter).
func WithHeader(ctx context.Context, key, value string) context.Context {
	old, _ := ctx.Value(headerKey{}).(http.Header)
	h := old.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Add(key, value)
	return context.WithValue(ctx, headerKey{}, h)
}

// Server returns the base URL requests go to, without a trailing '/'.
func (c *Client) Server() string { return c.server }

// Do sends req as the Client sends every request: it sets on req the
// headers req's context carries (see WithHeader) and a client-request-id
// header (a random UUID) unless req has one, and sends it through the
// middleware with the Doer's retries. Like Doer.Do, it returns the
// response when its status is 2xx, and otherwise an *Error.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if queued(req.Context()) {
		return nil, errBatchDo
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if h, _ := req.Context().Value(headerKey{}).(http.Header); h != nil {
		for k, v := range h {
			req.Header[k] = slices.Clone(v)
		}
	}
	if req.Header.Get("client-request-id") == "" {
		req.Header.Set("client-request-id", newRequestID())
	}
	return c.doer.Do(req)
}

// Send sends req with Do and reads the response into out, as every
// method of a generated client does. A 2xx response's JSON body is
// decoded into out (with encoding/json, so that generated UnmarshalJSON
// methods run); an empty body leaves out as it is. With out nil the body
// is discarded; with out a *[]byte it receives the body as it is, whatever
// its type. Any other status is an *Error.
//
// In the function given to Batch.Add, Send queues req for the batch and
// returns nil at once; out is filled when the batch is sent.
func (c *Client) Send(req *http.Request, out any) error {
	if r, ok := req.Context().Value(batchKey{}).(*batchRecorder); ok {
		return r.record(req, out)
	}
	if c == nil || c.doer == nil {
		return errNoClient
	}
	if _, raw := out.(*[]byte); out != nil && !raw {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return readResponse(resp, out)
}

// readResponse reads a 2xx response's body into out (see Send).
func readResponse(resp *http.Response, out any) error {
	if out == nil {
		// Read a little, so that the connection can be used again.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("graph: read response: %w", err)
	}
	return decodeBody(resp.StatusCode, resp.Header.Get("Content-Type"), data, out)
}

// decodeBody decodes a 2xx response body into out (see Send).
func decodeBody(status int, contentType string, data []byte, out any) error {
	if raw, ok := out.(*[]byte); ok {
		*raw = data
		return nil
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if contentType != "" && !IsJSON(contentType) {
		return fmt.Errorf("graph: response with status %d is %q, not JSON", status, contentType)
	}
	var err error
	if u, ok := out.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(data)
	} else {
		err = json.Unmarshal(data, out)
	}
	if err != nil {
		return fmt.Errorf("graph: decode response: %w", err)
	}
	return nil
}

// errNoClient guards against a nil or zero Client.
var errNoClient = errors.New("graph: nil client (make one with NewClient)")

// newRequestID returns a random (version 4) UUID.
func newRequestID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 36)
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hex[c>>4], hex[c&15])
	}
	return string(b)
}
