package graphrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// MaxBatchRequests is how many requests Graph takes in one $batch call.
// Batch.Send splits larger batches into several calls.
const MaxBatchRequests = 20

// Batch gathers calls of a generated client to send them together with
// Graph's JSON batching: POST {server}/$batch, at most MaxBatchRequests
// requests a call. Make one with NewBatch, queue calls with Add, then
// call Send once; each BatchItem then holds its answer.
//
//	b := graphrt.NewBatch(client.Runtime())
//	var u *userpfx.UserPFXCertificate
//	get := b.Add(func(ctx context.Context) (err error) {
//		u, err = client.DeviceManagementUserPfxCertificatesGet(ctx, "id1", nil)
//		return err
//	})
//	del := b.Add(func(ctx context.Context) error {
//		return client.DeviceManagementUserPfxCertificatesDelete(ctx, "id2")
//	}, get) // sent only once get has succeeded
//	if err := b.Send(ctx); err != nil {
//		// the batch as a whole failed
//	}
//	if err := get.Err(); err != nil {
//		// this request failed: a *graphrt.Error for a non-2xx answer
//	}
//	// u is filled; del.Err() says whether the delete succeeded
//
// A method that returns a pointer, such as u above, returns it when its
// call is queued, and Send fills what it points to. A method that returns
// a value (a string, a slice, a polymorphic interface) returns it empty,
// and it stays empty: read such results with BatchItem.Decode.
//
// The $batch calls go through the Batch's Client (Client.Do): its
// middleware, authentication, client-request-id and retries of the whole
// call apply, whatever client the queued calls were made with; headers
// added to Send's context with WithHeader go on the $batch calls, not on
// the requests inside them. Items Graph answers 429, 503 or 504 are sent
// again as the Client's RetryPolicy says (see Send).
//
// A Batch is sent once, and is not for concurrent use.
type Batch struct {
	c     *Client
	items []*BatchItem
	sent  bool
}

// BatchItem is one request of a Batch, as Batch.Add queued it, and,
// after Batch.Send, its answer.
type BatchItem struct {
	b    *Batch
	n    int    // 1, 2... in the order of Add
	id   string // n in decimal
	deps []*BatchItem

	// What Add recorded.
	calls  int
	method string
	url    string
	header map[string]string
	body   json.RawMessage // nil without a body
	out    any

	// The answer.
	attempts   int
	status     int
	respHeader http.Header
	respBody   []byte // base64 already decoded
	err        error
}

// NewBatch returns an empty Batch sent with c, whose server the queued
// requests must go to.
func NewBatch(c *Client) *Batch {
	return &Batch{c: c}
}

// batchKey is the context key that marks a call as queued for a Batch:
// Client.Send records it with the *batchRecorder the key holds instead of
// sending it.
type batchKey struct{}

// batchRecorder records the one call an Add function makes.
type batchRecorder struct {
	item *BatchItem
	done bool // Add has returned
}

// errBatchDo is Client.Do's answer to a request whose context is a
// Batch.Add function's.
var errBatchDo = errors.New("graph: Client.Do cannot send a request queued for a batch (its context is a Batch.Add function's); use Client.Send, which queues it")

// queued reports whether ctx is the context of a Batch.Add function, which
// queues a request rather than send it.
func queued(ctx context.Context) bool {
	_, ok := ctx.Value(batchKey{}).(*batchRecorder)
	return ok
}

// Add queues the request that fn makes and returns its item. fn is called
// at once, with a context that makes Client.Send (which every method of a
// generated client calls) record the request and its result instead of
// sending it; fn must make exactly one such call, from its own goroutine,
// before it returns. An item whose fn made no call or more than one, or
// returned an error (such as that of an empty path argument), or whose
// request cannot go in a batch (another host, a body without a
// Content-Type), is not sent: its Err says why, and so does Send's for
// the items that depend on it.
//
// The item is sent only once each of deps has succeeded, and in the same
// $batch call (Graph's dependsOn): Graph answers it 424 Failed Dependency
// when one of them failed. deps must be items of b.
//
// To set a header on the request, pass fn's context through WithHeader
// before the call.
func (b *Batch) Add(fn func(ctx context.Context) error, deps ...*BatchItem) *BatchItem {
	n := len(b.items) + 1
	it := &BatchItem{b: b, n: n, id: strconv.Itoa(n), deps: slices.Clone(deps)}
	b.items = append(b.items, it)
	if b.sent {
		it.err = errors.New("graph: batch item added after the batch was sent")
		return it
	}
	rec := &batchRecorder{item: it}
	err := fn(context.WithValue(context.Background(), batchKey{}, rec))
	rec.done = true
	switch {
	case it.err != nil:
	case err != nil:
		it.err = err
	case it.calls == 0:
		it.err = fmt.Errorf("graph: batch item %s made no call: its function must call one method of the client with the context it is given", it.id)
	}
	return it
}

// record queues req and out for the item being added (see Client.Send).
func (r *batchRecorder) record(req *http.Request, out any) error {
	it := r.item
	if r.done {
		return fmt.Errorf("graph: a call was made with the context of batch item %s after its function returned", it.id)
	}
	it.calls++
	if it.calls > 1 {
		it.err = fmt.Errorf("graph: batch item %s made more than one call: its function must make exactly one", it.id)
		return it.err
	}
	if err := it.fill(req); err != nil {
		it.err = err
		return err
	}
	it.out = out
	return nil
}

// dropHeaders are the headers a request inside a batch does not carry:
// the $batch call itself carries them, or they describe its transport.
var dropHeaders = map[string]bool{
	"Accept-Encoding":   true,
	"Content-Length":    true,
	"Authorization":     true,
	"Client-Request-Id": true,
}

// fill records req's method, URL (relative to the batch client's server),
// headers and body.
func (it *BatchItem) fill(req *http.Request) error {
	if req.Body != nil {
		defer req.Body.Close()
	}
	rel, err := it.b.relative(req.URL)
	if err != nil {
		return fmt.Errorf("graph: batch item %s: %w", it.id, err)
	}
	h := req.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if ch, _ := req.Context().Value(headerKey{}).(http.Header); ch != nil {
		for k, v := range ch { // as Client.Do does
			h[k] = slices.Clone(v)
		}
	}
	header := make(map[string]string, len(h))
	for k, v := range h {
		ck := http.CanonicalHeaderKey(k)
		if dropHeaders[ck] || len(v) == 0 {
			continue
		}
		val := strings.Join(v, ", ")
		if old, ok := header[ck]; ok { // the same header in two spellings
			val = old + ", " + val
		}
		header[ck] = val
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		if body, err = io.ReadAll(req.Body); err != nil {
			return fmt.Errorf("graph: batch item %s: read the request body: %w", it.id, err)
		}
	}
	if len(body) > 0 {
		ct := header["Content-Type"]
		switch {
		case ct == "":
			return fmt.Errorf("graph: batch item %s: a request with a body needs a Content-Type header", it.id)
		case IsJSON(ct) && !json.Valid(body):
			return fmt.Errorf("graph: batch item %s: the %s body is not valid JSON", it.id, ct)
		default: // JSON as it is, other bodies as base64 strings
			it.body = wire.BatchBody(ct, body)
		}
	}
	if len(header) == 0 {
		header = nil
	}
	it.method, it.url, it.header = req.Method, rel, header
	return nil
}

// relative returns u relative to the server of b's client: its path below
// the server's, with the query.
func (b *Batch) relative(u *url.URL) (string, error) {
	if b.c == nil {
		return "", errNoClient
	}
	srv, err := url.Parse(b.c.server)
	if err != nil {
		return "", fmt.Errorf("the client's server %q: %w", b.c.server, err)
	}
	p, sp := u.EscapedPath(), srv.EscapedPath()
	if !strings.EqualFold(u.Scheme, srv.Scheme) || !strings.EqualFold(u.Host, srv.Host) || !strings.HasPrefix(p, sp+"/") {
		return "", fmt.Errorf("URL %s is not on the batch client's server %s", u.Redacted(), b.c.server)
	}
	rel := p[len(sp):]
	if u.RawQuery != "" {
		rel += "?" + u.RawQuery
	}
	return rel, nil
}

// ID returns the item's id in the $batch calls: "1", "2"... in the order
// of Add.
func (it *BatchItem) ID() string { return it.id }

// Err returns nil when the item's request succeeded. Otherwise it says
// why: a *Error (status, code, message and the request-id of the item's
// headers) when Graph answered it with a non-2xx status, including 424
// Failed Dependency when an item it depends on failed; the error of
// decoding a 2xx answer into the method's result; why the item was not
// sent (see Batch.Add); or, when Batch.Send failed, that it got no answer.
// Before Send, it is nil unless the item cannot be sent.
func (it *BatchItem) Err() error { return it.err }

// Status returns the HTTP status Graph answered the item's request with,
// or 0 when it has no answer (yet).
func (it *BatchItem) Status() int { return it.status }

// Header returns the headers of the item's answer (nil without one).
func (it *BatchItem) Header() http.Header { return it.respHeader }

// Decode decodes the body of the item's 2xx answer into v, with the rules
// of Client.Send's out: JSON with encoding/json (an empty body leaves v as
// it is), or, with v a *[]byte, the body as it is (a body Graph sent as
// base64 is decoded). It is how to read a result the method could not
// return filled, such as a value or a polymorphic result. It returns Err
// for an item without a 2xx answer.
func (it *BatchItem) Decode(v any) error {
	if it.status < 200 || it.status > 299 {
		if it.err != nil {
			return it.err
		}
		return fmt.Errorf("graph: batch item %s has no answer (send the batch first)", it.id)
	}
	return decodeBody(it.status, it.respHeader.Get("Content-Type"), it.respBody, v)
}

// Send sends the queued requests and fills the items with their answers,
// and the results of the calls that were made with their 2xx bodies.
//
// The requests go in $batch calls of at most MaxBatchRequests, in the
// order of Add, except that an item and those it depends on, directly or
// not, go in the same call: a new call starts where the next such group
// would not fit. A group larger than MaxBatchRequests, a dependency on an
// item of another Batch or a cycle is an error before anything is sent.
// Items that cannot be sent (see Add) are left out, with the items that
// depend on them.
//
// Items Graph answers 429, 503 or 504 are sent again, in a new $batch call,
// under the Client's RetryPolicy, as Doer retries a request (MaxAttempts
// counts the attempts of each item; Retry-After is honoured up to
// MaxDelay, after which the item keeps its error), once the longest wait
// among them has passed. Items answered 424 because of an item sent again
// go with it.
//
// Send returns an error only when the batch as a whole fails: the $batch
// call could not be made or was answered with an error (items without an
// answer then have an Err saying so), the context ended while waiting to
// retry, or the batch is invalid or was sent before. Each item's own
// outcome is its Err.
func (b *Batch) Send(ctx context.Context) error {
	if b.sent {
		return errors.New("graph: batch sent twice")
	}
	b.sent = true
	if b.c == nil || b.c.doer == nil {
		return errNoClient
	}
	order, err := b.check()
	if err != nil {
		return err
	}
	// Leave out the items that depend on one that cannot be sent.
	var pending []*BatchItem
	for _, it := range order {
		if it.err != nil {
			continue
		}
		for _, d := range it.deps {
			if d.err != nil {
				it.err = fmt.Errorf("graph: batch item %s not sent: it depends on item %s: %w", it.id, d.id, d.err)
				break
			}
		}
		if it.err == nil {
			pending = append(pending, it)
		}
	}
	chunks, err := chunk(pending)
	if err != nil {
		return err
	}
	policy := b.c.retryPolicy()
	for len(chunks) > 0 {
		for _, ch := range chunks {
			if err := b.post(ctx, ch); err != nil {
				unanswered(pending, err)
				return err
			}
		}
		// pending is in dependency order: decide on items before those
		// that depend on them.
		retry := map[*BatchItem]bool{}
		var next []*BatchItem
		var wait time.Duration
		now := time.Now()
		for _, it := range pending {
			ok := false
			switch it.status {
			case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
				var w time.Duration
				w, ok = policy.wait(it.method, &http.Response{StatusCode: it.status, Header: it.respHeader}, it.attempts, now)
				if deadline, has := ctx.Deadline(); ok && has && time.Until(deadline) < w {
					ok = false
				}
				if ok {
					wait = max(wait, w)
				}
			case http.StatusFailedDependency:
				// Again when a dependency goes again and none failed for good.
				for _, d := range it.deps {
					if retry[d] {
						ok = true
					} else if d.status < 200 || d.status > 299 {
						ok = false
						break
					}
				}
			}
			if ok {
				retry[it] = true
				next = append(next, it)
			}
		}
		if len(next) == 0 {
			return nil
		}
		if err := policy.sleep(ctx, wait); err != nil {
			return fmt.Errorf("graph: stopped waiting to retry batch items: %w", err)
		}
		pending = next
		chunks, _ = chunk(pending) // groups only shrink
	}
	return nil
}

// retryPolicy returns the policy c retries with.
func (c *Client) retryPolicy() RetryPolicy { return c.doer.Retry }

// unanswered sets the error of the items without an answer after the
// $batch call failed with err.
func unanswered(items []*BatchItem, err error) {
	for _, it := range items {
		if it.status == 0 && it.err == nil {
			it.err = fmt.Errorf("graph: batch item %s got no answer: %w", it.id, err)
		}
	}
}

// check checks the dependencies of b's items and returns the items in an
// order where each comes after those it depends on (Add's order, unless
// the dependencies say otherwise).
func (b *Batch) check() ([]*BatchItem, error) {
	for _, it := range b.items {
		for _, d := range it.deps {
			if d == nil {
				return nil, fmt.Errorf("graph: batch item %s depends on a nil item", it.id)
			}
			if d.b != b {
				return nil, fmt.Errorf("graph: batch item %s depends on an item of another batch", it.id)
			}
		}
	}
	const (
		unseen = iota
		visiting
		done
	)
	state := make(map[*BatchItem]int, len(b.items))
	order := make([]*BatchItem, 0, len(b.items))
	var visit func(it *BatchItem, path []string) error
	visit = func(it *BatchItem, path []string) error {
		switch state[it] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("graph: batch items depend on each other in a cycle: %s -> %s", strings.Join(path, " -> "), it.id)
		}
		state[it] = visiting
		for _, d := range it.deps {
			if err := visit(d, append(path, it.id)); err != nil {
				return err
			}
		}
		state[it] = done
		order = append(order, it)
		return nil
	}
	for _, it := range b.items {
		if err := visit(it, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// chunk splits items into $batch calls: a group of items linked by
// dependencies goes in one call, groups are taken in the order of their
// first item (by id), and a call is closed when the next group would not
// fit. Each call lists its items in the order of Add.
func chunk(items []*BatchItem) ([][]*BatchItem, error) {
	// Union-find over the items to send; dependencies outside are dropped.
	in := make(map[*BatchItem]int, len(items))
	for i, it := range items {
		in[it] = i
	}
	parent := make([]int, len(items))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, it := range items {
		for _, d := range it.deps {
			if j, ok := in[d]; ok {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]*BatchItem{}
	for i, it := range items {
		r := find(i)
		groups[r] = append(groups[r], it)
	}
	list := make([][]*BatchItem, 0, len(groups))
	for _, g := range groups {
		slices.SortFunc(g, byAdd)
		if len(g) > MaxBatchRequests {
			return nil, fmt.Errorf("graph: batch items %s and those they depend on are %d requests, more than the %d of one $batch call", g[len(g)-1].id, len(g), MaxBatchRequests)
		}
		list = append(list, g)
	}
	slices.SortFunc(list, func(a, b []*BatchItem) int { return byAdd(a[0], b[0]) })
	var chunks [][]*BatchItem
	var cur []*BatchItem
	for _, g := range list {
		if len(cur)+len(g) > MaxBatchRequests {
			chunks = append(chunks, cur)
			cur = nil
		}
		cur = append(cur, g...)
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	for _, c := range chunks {
		slices.SortFunc(c, byAdd)
	}
	return chunks, nil
}

// byAdd orders items as Add made them.
func byAdd(a, b *BatchItem) int { return a.n - b.n }

// batchRequest is the body of a $batch call.
type batchRequest struct {
	Requests []batchRequestItem `json:"requests"`
}

// batchRequestItem is one request of a $batch call.
type batchRequestItem struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	DependsOn []string          `json:"dependsOn,omitempty"`
	Headers   map[string]string `json:"headers,omitempty"`
	Body      json.RawMessage   `json:"body,omitempty"`
}

// batchResponse is the body of a $batch call's answer.
type batchResponse struct {
	Responses []batchResponseItem `json:"responses"`
}

// batchResponseItem is the answer to one request of a $batch call.
type batchResponseItem struct {
	ID      string                     `json:"id"`
	Status  int                        `json:"status"`
	Headers map[string]json.RawMessage `json:"headers"`
	Body    json.RawMessage            `json:"body"`
}

// post sends items in one $batch call and fills them with the answers.
func (b *Batch) post(ctx context.Context, items []*BatchItem) error {
	in := make(map[*BatchItem]bool, len(items))
	for _, it := range items {
		in[it] = true
	}
	reqs := make([]batchRequestItem, len(items))
	for i, it := range items {
		r := batchRequestItem{ID: it.id, Method: it.method, URL: it.url, Headers: it.header, Body: it.body}
		for _, d := range it.deps {
			// A dependency that succeeded before is not sent again.
			if in[d] && !slices.Contains(r.DependsOn, d.id) {
				r.DependsOn = append(r.DependsOn, d.id)
			}
		}
		reqs[i] = r
	}
	data, err := json.Marshal(batchRequest{Requests: reqs})
	if err != nil {
		return fmt.Errorf("graph: encode the $batch request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.c.server+"/$batch", bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	for _, it := range items {
		it.attempts++
	}
	resp, err := b.c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var br batchResponse
	if err := json.NewDecoder(resp.Body).Decode(&br); err != nil {
		return fmt.Errorf("graph: decode the $batch response: %w", err)
	}
	byID := make(map[string]*batchResponseItem, len(br.Responses))
	for i := range br.Responses {
		r := &br.Responses[i]
		id := strings.ToLower(r.ID) // ids are case-insensitive
		if _, dup := byID[id]; !dup {
			byID[id] = r
		}
	}
	for _, it := range items {
		r := byID[strings.ToLower(it.id)]
		if r == nil {
			it.status, it.respHeader, it.respBody = 0, nil, nil
			it.err = fmt.Errorf("graph: the $batch response has no answer for item %s", it.id)
			continue
		}
		it.answer(r)
	}
	return nil
}

// answer fills it with r.
func (it *BatchItem) answer(r *batchResponseItem) {
	h := make(http.Header, len(r.Headers))
	for k, raw := range r.Headers {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			s = string(bytes.TrimSpace(raw)) // tolerate a number or a boolean
		}
		h.Set(k, s)
	}
	it.status, it.respHeader = r.Status, h
	it.respBody = itemBody(r.Body, h.Get("Content-Type"))
	if r.Status < 200 || r.Status > 299 {
		it.err = responseError(&http.Response{StatusCode: r.Status, Header: h}, it.respBody)
		return
	}
	it.err = decodeBody(r.Status, h.Get("Content-Type"), it.respBody, it.out)
}

// itemBody returns the body of an answer in a $batch response: JSON as it
// is, and a body that is not JSON (which Graph sends as a base64 string)
// decoded; one that is not base64 after all is taken as it is.
func itemBody(raw json.RawMessage, contentType string) []byte {
	data, _ := wire.BatchBodyBytes(contentType, raw)
	return data
}
