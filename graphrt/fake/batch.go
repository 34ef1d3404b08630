package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/internal/wire"
)

// MaxBatchRequests is how many requests Batch takes in one $batch call,
// as Graph does.
const MaxBatchRequests = 20

// Batch returns a handler that answers JSON batches as Graph does, and
// passes every other request to next: a generated NewFakeHandler wraps its
// router in it, so that batching code (graphrt.NewBatch) can be tested
// against the fake.
//
// A batch is a POST whose path's last segment is $batch ({prefix}/$batch),
// with the body {"requests":[{"id","method","url","headers","body",
// "dependsOn"}]}. Batch refuses with 400, in Graph's error shape, a body
// that is not such JSON, no requests or more than MaxBatchRequests, an id
// that is empty or given twice (ids are case-insensitive), a request
// without a method or with a url that is not relative, a dependsOn naming
// an id not in the batch or making a cycle, a body without a Content-Type
// header, and a body whose Content-Type is not JSON that is not a base64
// string.
//
// Otherwise it serves the requests one at a time, in their order except
// that each comes after those it depends on; a request one of whose
// dependencies did not succeed (2xx) is answered 424 Failed Dependency
// without being served. Each request is served by next as a request of its
// own: its url resolved against the batch's prefix (POST /v1.0/$batch with
// "/users/1" serves /v1.0/users/1), its headers set, and the batch's
// Authorization header when it has none; a JSON body (Content-Type
// application/json) is sent as its bytes, and a base64 body decoded. So the
// store's faults and request log apply to each request as to one sent
// alone (the $batch call itself goes neither to an operation nor in the
// log), and a request a fault throttles is answered 429 with its
// Retry-After header inside the batch.
//
// The answer is 200 with {"responses":[{"id","status","headers","body"}]}
// in the order of the requests: a JSON body embedded as JSON, and any
// other body as a base64 string.
func Batch(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seg := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		if r.Method != http.MethodPost || seg != "$batch" {
			next.ServeHTTP(w, r)
			return
		}
		serveBatch(next, w, r)
	})
}

// batchItem is one request of a $batch call.
type batchItem struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
	DependsOn []string          `json:"dependsOn"`

	target *url.URL // URL resolved against the batch's prefix
	body   []byte   // Body as sent to next
}

// batchAnswer is the answer to one request of a $batch call.
type batchAnswer struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

// serveBatch answers the $batch call r.
func serveBatch(next http.Handler, w http.ResponseWriter, r *http.Request) {
	var in struct {
		Requests []*batchItem `json:"requests"`
	}
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&in); err != nil {
		graphrt.WriteError(w, http.StatusBadRequest, graphrt.CodeBadRequest, "Invalid batch payload: "+err.Error())
		return
	}
	order, err := checkBatch(in.Requests)
	if err != nil {
		graphrt.WriteError(w, http.StatusBadRequest, graphrt.CodeBadRequest, err.Error())
		return
	}
	// The prefix the batch was sent under, as routed (r.URL, which
	// http.StripPrefix may have shortened) and as sent (RequestURI, which
	// the fake's @odata.nextLink follows).
	prefix := r.URL.EscapedPath()
	prefix = prefix[:strings.LastIndex(prefix, "/")]
	sentPrefix := prefix
	if sent, err := url.ParseRequestURI(r.RequestURI); err == nil && sent.Path != "" {
		p := sent.EscapedPath()
		sentPrefix = p[:max(strings.LastIndex(p, "/"), 0)]
	}
	status := make(map[string]int, len(in.Requests))
	answers := make(map[string]batchAnswer, len(in.Requests))
	for _, it := range order {
		key := strings.ToLower(it.ID)
		var a batchAnswer
		failed := ""
		for _, d := range it.DependsOn {
			if st := status[strings.ToLower(d)]; st < 200 || st > 299 {
				failed = d
				break
			}
		}
		if failed != "" {
			rec := newRecorder()
			graphrt.WriteError(rec, http.StatusFailedDependency, "FailedDependency", fmt.Sprintf("The request depends on request %s, which failed", failed))
			a = rec.answer()
		} else {
			a = serveItem(next, r, it, prefix, sentPrefix)
		}
		a.ID = it.ID
		status[key] = a.Status
		answers[key] = a
	}
	out := struct {
		Responses []batchAnswer `json:"responses"`
	}{Responses: make([]batchAnswer, 0, len(in.Requests))}
	for _, it := range in.Requests {
		out.Responses = append(out.Responses, answers[strings.ToLower(it.ID)])
	}
	data, err := json.Marshal(out)
	if err != nil {
		graphrt.WriteError(w, http.StatusInternalServerError, "InternalServerError", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// checkBatch checks the requests of a $batch call, resolves their URLs and
// bodies, and returns them in the order to serve them: theirs, except that
// each comes after those it depends on.
func checkBatch(items []*batchItem) ([]*batchItem, error) {
	switch {
	case len(items) == 0:
		return nil, fmt.Errorf("Invalid batch payload: no requests")
	case len(items) > MaxBatchRequests:
		return nil, fmt.Errorf("Invalid batch payload: %d requests, more than the %d of one batch", len(items), MaxBatchRequests)
	}
	byID := make(map[string]*batchItem, len(items))
	for i, it := range items {
		if it == nil {
			return nil, fmt.Errorf("Invalid batch payload: request %d is null", i)
		}
		key := strings.ToLower(it.ID)
		switch {
		case it.ID == "":
			return nil, fmt.Errorf("Invalid batch payload: request %d has no id", i)
		case byID[key] != nil:
			return nil, fmt.Errorf("Invalid batch payload: id %q is given twice", it.ID)
		case it.Method == "":
			return nil, fmt.Errorf("Invalid batch payload: request %s has no method", it.ID)
		}
		byID[key] = it
		u, err := url.Parse(it.URL)
		if err != nil || it.URL == "" || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
			return nil, fmt.Errorf("Invalid batch payload: request %s: url %q is not a relative URL", it.ID, it.URL)
		}
		it.target = u
		if err := it.decodeBody(); err != nil {
			return nil, fmt.Errorf("Invalid batch payload: request %s: %v", it.ID, err)
		}
	}
	for _, it := range items {
		for _, d := range it.DependsOn {
			if byID[strings.ToLower(d)] == nil {
				return nil, fmt.Errorf("Invalid batch payload: request %s depends on %q, which is not in the batch", it.ID, d)
			}
		}
	}
	const (
		unseen = iota
		visiting
		done
	)
	state := make(map[*batchItem]int, len(items))
	order := make([]*batchItem, 0, len(items))
	var visit func(it *batchItem) error
	visit = func(it *batchItem) error {
		switch state[it] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("Invalid batch payload: the dependencies of request %s make a cycle", it.ID)
		}
		state[it] = visiting
		for _, d := range it.DependsOn {
			if err := visit(byID[strings.ToLower(d)]); err != nil {
				return err
			}
		}
		state[it] = done
		order = append(order, it)
		return nil
	}
	for _, it := range items {
		if err := visit(it); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// header returns the request's header named key, whatever its case.
func (it *batchItem) header(key string) (string, bool) {
	for k, v := range it.Headers {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// decodeBody sets it.body from it.Body: a JSON body as its bytes, and a
// body of another Content-Type decoded from base64.
func (it *batchItem) decodeBody() error {
	raw := bytes.TrimSpace(it.Body)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	ct, ok := it.header("Content-Type")
	if !ok || ct == "" {
		return fmt.Errorf("a request with a body needs a Content-Type header")
	}
	data, err := wire.BatchBodyBytes(ct, raw)
	if err != nil {
		return fmt.Errorf("the %s body is %v", ct, err)
	}
	it.body = data
	return nil
}

// serveItem has next serve one request of the $batch call r and returns
// its answer.
func serveItem(next http.Handler, r *http.Request, it *batchItem, prefix, sentPrefix string) batchAnswer {
	rel := it.target.EscapedPath()
	if !strings.HasPrefix(rel, "/") {
		rel = "/" + rel
	}
	u := *r.URL
	u.RawQuery, u.Fragment, u.RawFragment = it.target.RawQuery, "", ""
	if err := setEscapedPath(&u, prefix+rel); err != nil {
		rec := newRecorder()
		graphrt.WriteError(rec, http.StatusBadRequest, graphrt.CodeBadRequest, fmt.Sprintf("url %q: %v", it.URL, err))
		return rec.answer()
	}
	req := r.Clone(r.Context())
	req.Method = strings.ToUpper(it.Method)
	req.URL = &u
	req.RequestURI = sentPrefix + rel
	if u.RawQuery != "" {
		req.RequestURI += "?" + u.RawQuery
	}
	req.Header = http.Header{}
	if a := r.Header.Get("Authorization"); a != "" {
		req.Header.Set("Authorization", a)
	}
	for k, v := range it.Headers {
		req.Header.Set(k, v)
	}
	req.Body, req.ContentLength, req.GetBody = http.NoBody, 0, nil
	if it.body != nil {
		req.Body = bodyReader(it.body)
		req.ContentLength = int64(len(it.body))
	}
	req.Header.Del("Content-Length")
	req.Trailer, req.Form, req.PostForm, req.MultipartForm = nil, nil, nil, nil
	rec := newRecorder()
	next.ServeHTTP(rec, req)
	return rec.answer()
}

// setEscapedPath sets u's path from its escaped form p.
func setEscapedPath(u *url.URL, p string) error {
	path, err := url.PathUnescape(p)
	if err != nil {
		return err
	}
	u.Path, u.RawPath = path, ""
	if u.EscapedPath() != p {
		u.RawPath = p
	}
	return nil
}

// bodyReadCloser is a request body over bytes.
type bodyReadCloser struct{ *bytes.Reader }

func (bodyReadCloser) Close() error { return nil }

// bodyReader returns a request body over data.
func bodyReader(data []byte) bodyReadCloser { return bodyReadCloser{bytes.NewReader(data)} }

// recorder records what a handler answers one request of a batch.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	rec.WriteHeader(http.StatusOK)
	return rec.body.Write(p)
}

// answer returns what was recorded as an answer in a $batch response.
func (rec *recorder) answer() batchAnswer {
	a := batchAnswer{Status: rec.status}
	if a.Status == 0 {
		a.Status = http.StatusOK
	}
	for k, v := range rec.header {
		if len(v) == 0 || k == "Content-Length" {
			continue
		}
		if a.Headers == nil {
			a.Headers = map[string]string{}
		}
		a.Headers[k] = strings.Join(v, ", ")
	}
	if body := rec.body.Bytes(); len(bytes.TrimSpace(body)) > 0 {
		a.Body = wire.BatchBody(rec.header.Get("Content-Type"), body)
	}
	return a
}
