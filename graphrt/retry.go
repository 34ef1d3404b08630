package graphrt

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// RetryPolicy says whether, and after how long, Doer sends a request
// again when Graph answers 429 Too Many Requests, 503 Service Unavailable
// or 504 Gateway Timeout.
type RetryPolicy struct {
	// MaxAttempts bounds how many times one request is sent, the first
	// time included. Below 2 a request is never retried.
	MaxAttempts int
	// BaseDelay is the wait before the second attempt when the response
	// has no Retry-After header. The wait doubles with every further
	// attempt, and is drawn at random between half of it and all of it
	// (jitter), so that throttled clients do not come back in step.
	BaseDelay time.Duration
	// MaxDelay caps the computed wait. A Retry-After longer than MaxDelay
	// is not waited for: the response is returned as an error at once. Zero
	// means no cap.
	MaxDelay time.Duration
	// Sleep waits for d, or until ctx is done, and then returns ctx.Err().
	// Nil means a real timer; tests set a function that returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultRetry is the policy NewGraphClient installs: 4 attempts, waits
// from 500ms doubling up to 30s, Retry-After honoured up to 30s.
var DefaultRetry = RetryPolicy{MaxAttempts: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}

// maxErrorBody bounds how much of an error response Doer reads.
const maxErrorBody = 1 << 20

// Doer sends requests with an *http.Client, retries throttled ones under
// its policy and turns every final non-2xx response into an *Error. It
// implements the HttpRequestDoer interface of oapi-codegen's clients.
//
// A request is retried only when
//   - the status is 429, 503 or 504, and attempts are left;
//   - the method is idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE), or
//     the server sent Retry-After, which says the request was not
//     processed (so POST and PATCH are retried only then);
//   - its body can be sent again: it has none, or GetBody is set (as
//     http.NewRequest sets it for in-memory bodies);
//   - the wait fits in MaxDelay and before the context's deadline.
//
// Transport errors (no response at all) are returned as they are, not
// retried.
type Doer struct {
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// Retry is the retry policy.
	Retry RetryPolicy
}

// NewDoer returns a Doer sending requests with c (http.DefaultClient when
// nil) under policy p.
func NewDoer(c *http.Client, p RetryPolicy) *Doer {
	return &Doer{Client: c, Retry: p}
}

// Do sends req, retrying it as the policy says. It returns the response
// when its status is 2xx, and otherwise a nil response and an *Error
// holding the status and Graph's code, message and innerError (the
// response body is read and closed). When the context ends while waiting
// to retry, the error wraps both the context's error and the last *Error.
func (d *Doer) Do(req *http.Request) (*http.Response, error) {
	c := d.Client
	if c == nil {
		c = http.DefaultClient
	}
	ctx := req.Context()
	hasBody := req.Body != nil && req.Body != http.NoBody
	resendable := !hasBody || req.GetBody != nil
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 {
			r = req.Clone(ctx)
			if hasBody {
				body, err := req.GetBody()
				if err != nil {
					return nil, fmt.Errorf("graph: cannot send the request body again: %w", err)
				}
				r.Body = body
			}
		}
		resp, err := c.Do(r)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return resp, nil
		}
		wait, retry := d.Retry.wait(req.Method, resp, attempt, time.Now())
		if retry && !resendable {
			retry = false
		}
		if deadline, ok := ctx.Deadline(); retry && ok && time.Until(deadline) < wait {
			retry = false
		}
		gerr := ResponseError(resp)
		if !retry {
			return nil, gerr
		}
		if err := d.Retry.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("graph: stopped waiting to retry: %w (last response: %w)", err, gerr)
		}
	}
}

// wait returns how long to wait before attempt+1, and false when the
// response is not to be retried.
func (p RetryPolicy) wait(method string, resp *http.Response, attempt int, now time.Time) (time.Duration, bool) {
	if attempt >= p.MaxAttempts {
		return 0, false
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
	default:
		return 0, false
	}
	after, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	if ok {
		if p.MaxDelay > 0 && after > p.MaxDelay {
			return 0, false
		}
		return after, true
	}
	if !idempotent(method) {
		return 0, false
	}
	return p.backoff(attempt), true
}

// backoff is the wait after the given attempt without Retry-After:
// BaseDelay doubled attempt-1 times, capped at MaxDelay, with jitter
// between half of it and all of it.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < attempt && d > 0; i++ {
		if p.MaxDelay > 0 && d >= p.MaxDelay || d > 1<<61 {
			break
		}
		d *= 2
	}
	if p.MaxDelay > 0 && d > p.MaxDelay {
		d = p.MaxDelay
	}
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// sleep waits with the policy's Sleep, or a timer.
func (p RetryPolicy) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// idempotent reports whether sending a request with this method twice has
// the effect of sending it once.
func idempotent(method string) bool {
	switch method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// ParseRetryAfter reads a Retry-After header value: a number of seconds
// or an HTTP date, which is turned into the time left after now (zero if
// it has passed). It returns false for an empty or malformed value.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(time.Duration(1<<62)/time.Second) {
			n = int64(time.Duration(1<<62) / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

// ResponseError reads and closes a non-2xx response's body and returns it
// as an *Error (see ParseError). When the body carries no request-id or
// date, they are taken from the request-id, client-request-id and Date
// headers Graph sends.
func ResponseError(resp *http.Response) *Error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	return responseError(resp, body)
}

// responseError is ResponseError over a body already read.
func responseError(resp *http.Response, body []byte) *Error {
	e := ParseError(resp.StatusCode, body)
	wire.FillDiagnostics(resp.Header, func() (*string, *string, *string) {
		if e.InnerError == nil {
			e.InnerError = &InnerError{}
		}
		in := e.InnerError
		return &in.RequestID, &in.ClientRequestID, &in.Date
	})
	// The client-request-id the request carried, when the service did not
	// echo it: what the caller can search its own logs for.
	if resp.Request != nil {
		if cid := resp.Request.Header.Get("client-request-id"); cid != "" {
			if e.InnerError == nil {
				e.InnerError = &InnerError{}
			}
			if e.InnerError.ClientRequestID == "" {
				e.InnerError.ClientRequestID = cid
			}
		}
	}
	return e
}
