package graphrt_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/impl"
)

// thing is what the test server's GET /things/{id} answers.
type thing struct {
	ID string `json:"id"`
	N  int    `json:"n"`
}

// thingParams are the parameters of GET /things/{id}.
type thingParams struct {
	Select           *string `form:"$select,omitempty"`
	ConsistencyLevel *string `json:"ConsistencyLevel,omitempty"`
}

// getThing, createThing and deleteThing are what a generated client's
// methods look like.
func getThing(ctx context.Context, c *graphrt.Client, id string, params *thingParams) (*thing, error) {
	var out thing
	if err := impl.Call(ctx, c, "GET", "/things/{id}", []string{id}, params, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func createThing(ctx context.Context, c *graphrt.Client, body *thing) (*thing, error) {
	var out thing
	if err := impl.Call(ctx, c, "POST", "/things", nil, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func deleteThing(ctx context.Context, c *graphrt.Client, id string) error {
	return impl.Call(ctx, c, "DELETE", "/things/{id}", []string{id}, nil, nil, nil)
}

// batchReq and batchResp are a request and an answer inside a $batch call.
type batchReq struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	DependsOn []string          `json:"dependsOn"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
}

type batchResp struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    any               `json:"body,omitempty"`
}

// batchServer implements POST /v1.0/$batch as Graph does: at most 20
// requests, unique ids, dependsOn naming requests of the same call
// (answered 424 when one of them failed), answers in any order (here,
// reversed). answer gives the answer to each request whose dependencies
// succeeded; call counts the $batch calls from 1.
type batchServer struct {
	t      *testing.T
	answer func(call int, r batchReq) batchResp

	mu      sync.Mutex
	calls   [][]batchReq
	headers []http.Header
	status  int // answer every $batch call with this status when set
}

func (s *batchServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/v1.0/$batch" {
		graphrt.WriteError(w, http.StatusNotFound, graphrt.CodeNotFound, r.Method+" "+r.URL.Path)
		return
	}
	if s.status != 0 {
		graphrt.WriteError(w, s.status, "Nope", "the batch is refused")
		return
	}
	var body struct {
		Requests []batchReq `json:"requests"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Requests) == 0 || len(body.Requests) > 20 {
		s.t.Errorf("bad $batch body (%d requests): %v", len(body.Requests), err)
		graphrt.WriteError(w, http.StatusBadRequest, graphrt.CodeBadRequest, "bad batch")
		return
	}
	s.calls = append(s.calls, body.Requests)
	s.headers = append(s.headers, r.Header.Clone())
	status := map[string]int{}
	var out []batchResp
	for _, q := range body.Requests {
		if _, dup := status[q.ID]; dup {
			s.t.Errorf("id %s twice in one call", q.ID)
		}
		a := batchResp{ID: q.ID, Status: http.StatusFailedDependency, Body: map[string]any{"error": map[string]string{"code": "FailedDependency", "message": "dependency failed"}}}
		failed := false
		for _, d := range q.DependsOn {
			st, ok := status[d]
			if !ok {
				s.t.Errorf("request %s depends on %s, not earlier in the call", q.ID, d)
			}
			failed = failed || st < 200 || st > 299
		}
		if !failed {
			a = s.answer(len(s.calls), q)
			a.ID = q.ID
			if a.Status == 0 {
				a.Status = http.StatusOK
			}
		}
		status[q.ID] = a.Status
		out = append(out, a)
	}
	slices.Reverse(out)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"responses": out})
}

// callIDs returns the ids of the requests of each $batch call.
func (s *batchServer) callIDs() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids [][]string
	for _, c := range s.calls {
		var l []string
		for _, q := range c {
			l = append(l, q.ID)
		}
		ids = append(ids, l)
	}
	return ids
}

// answerThing answers GET /things/{id} with the thing id, and anything
// else with 200 and no body.
func answerThing(_ int, r batchReq) batchResp {
	if r.Method == "GET" && strings.HasPrefix(r.URL, "/things/") {
		u, _ := url.Parse(r.URL)
		return batchResp{Headers: map[string]string{"Content-Type": "application/json"}, Body: thing{ID: strings.TrimPrefix(u.Path, "/things/")}}
	}
	return batchResp{Status: http.StatusNoContent}
}

// sleeps records the waits of a RetryPolicy's Sleep.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) get() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.d)
}

// newBatchServer starts a batchServer and returns a client for it whose
// retry policy (3 attempts, Retry-After up to a minute) records its waits
// instead of waiting.
func newBatchServer(t *testing.T, answer func(call int, r batchReq) batchResp) (*batchServer, *graphrt.Client, *sleeps) {
	t.Helper()
	s := &batchServer{t: t, answer: answer}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	sl := &sleeps{}
	c := graphrt.NewClient(ts.URL+"/v1.0/", graphrt.WithHTTPClient(ts.Client()),
		graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Minute, Sleep: sl.sleep}))
	return s, c, sl
}

func TestClientBatch(t *testing.T) {
	ctx := context.Background()

	t.Run("45 requests in 3 calls", func(t *testing.T) {
		s, c, _ := newBatchServer(t, answerThing)
		b := graphrt.NewBatch(c)
		got := make([]*thing, 45)
		items := make([]*graphrt.BatchItem, 45)
		for i := range got {
			items[i] = b.Add(func(ctx context.Context) (err error) {
				got[i], err = getThing(ctx, c, fmt.Sprintf("t%d", i), nil)
				return err
			})
		}
		if err := b.Send(ctx); err != nil {
			t.Fatal(err)
		}
		ids := s.callIDs()
		if len(ids) != 3 || len(ids[0]) != 20 || len(ids[1]) != 20 || len(ids[2]) != 5 {
			t.Fatalf("calls %v, want 20, 20 and 5 requests", ids)
		}
		if ids[0][0] != "1" || ids[1][0] != "21" || ids[2][4] != "45" {
			t.Errorf("ids %v, want 1..45 in order", ids)
		}
		for i, th := range got {
			if err := items[i].Err(); err != nil || items[i].Status() != 200 || items[i].ID() != fmt.Sprint(i+1) {
				t.Errorf("item %d: id %s, status %d, err %v", i, items[i].ID(), items[i].Status(), err)
			}
			if th == nil || th.ID != fmt.Sprintf("t%d", i) {
				t.Errorf("result %d = %+v, want thing t%d", i, th, i)
			}
		}
		q := s.calls[0][3]
		if q.Method != "GET" || q.URL != "/things/t3" || q.Body != nil || len(q.DependsOn) != 0 {
			t.Errorf("request 4 = %+v", q)
		}
		h := s.headers[0]
		if h.Get("client-request-id") == "" || !graphrt.IsJSON(h.Get("Content-Type")) {
			t.Errorf("$batch call headers %v", h)
		}
	})

	t.Run("request shape", func(t *testing.T) {
		s, c, _ := newBatchServer(t, func(_ int, r batchReq) batchResp {
			if r.Method == "POST" {
				var in thing
				json.Unmarshal(r.Body, &in)
				in.ID = "new"
				return batchResp{Status: 201, Headers: map[string]string{"Content-Type": "application/json"}, Body: in}
			}
			return answerThing(0, r)
		})
		b := graphrt.NewBatch(c)
		sel, cl := "id,n", "eventual"
		var got, made *thing
		b.Add(func(ctx context.Context) (err error) {
			ctx = graphrt.WithHeader(ctx, "Prefer", "return=minimal")
			got, err = getThing(ctx, c, "a b/c", &thingParams{Select: &sel, ConsistencyLevel: &cl})
			return err
		})
		b.Add(func(ctx context.Context) (err error) {
			made, err = createThing(ctx, c, &thing{N: 7})
			return err
		})
		b.Add(func(ctx context.Context) error { // a request of one's own
			req, _ := http.NewRequestWithContext(ctx, "PUT", c.Server()+"/things/x/content", strings.NewReader("\x00\x01 raw"))
			req.Header.Set("Content-Type", "application/octet-stream")
			req.Header.Set("Authorization", "Bearer secret")
			req.Header.Set("Accept-Encoding", "gzip")
			req.Header.Set("client-request-id", "mine")
			return c.Send(req, nil)
		})
		if err := b.Send(ctx); err != nil {
			t.Fatal(err)
		}
		q := s.calls[0]
		if q[0].URL != "/things/a%20b%2Fc?$select=id,n" {
			t.Errorf("GET url %q", q[0].URL)
		}
		if q[0].Headers["Consistencylevel"] != "eventual" && q[0].Headers["ConsistencyLevel"] != "eventual" || q[0].Headers["Prefer"] != "return=minimal" {
			t.Errorf("GET headers %v", q[0].Headers)
		}
		if got == nil || got.ID != "a b/c" {
			t.Errorf("GET result %+v", got)
		}
		if string(q[1].Body) != `{"id":"","n":7}` || !graphrt.IsJSON(q[1].Headers["Content-Type"]) {
			t.Errorf("POST body %s, headers %v", q[1].Body, q[1].Headers)
		}
		if made == nil || made.ID != "new" || made.N != 7 {
			t.Errorf("POST result %+v", made)
		}
		var b64 string
		if err := json.Unmarshal(q[2].Body, &b64); err != nil {
			t.Fatalf("PUT body %s: %v", q[2].Body, err)
		}
		if raw, _ := base64.StdEncoding.DecodeString(b64); string(raw) != "\x00\x01 raw" {
			t.Errorf("PUT body %q", raw)
		}
		if want := map[string]string{"Content-Type": "application/octet-stream"}; fmt.Sprint(q[2].Headers) != fmt.Sprint(want) {
			t.Errorf("PUT headers %v, want %v", q[2].Headers, want)
		}
	})

	t.Run("dependsOn", func(t *testing.T) {
		s, c, _ := newBatchServer(t, answerThing)
		b := graphrt.NewBatch(c)
		for i := range 18 {
			b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, fmt.Sprint("d", i)) })
		}
		var made *thing
		create := b.Add(func(ctx context.Context) (err error) { made, err = createThing(ctx, c, &thing{}); return err })
		get := b.Add(func(ctx context.Context) error { _, err := getThing(ctx, c, "x", nil); return err }, create)
		del := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "x") }, get)
		other := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "y") }, create)
		last := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "z") })
		if err := b.Send(ctx); err != nil {
			t.Fatal(err)
		}
		// 18 + the group of 4 would be 22: the group goes in the second call.
		ids := s.callIDs()
		if want := "[[1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18] [19 20 21 22 23]]"; fmt.Sprint(ids) != want {
			t.Fatalf("calls %v, want %s", ids, want)
		}
		deps := map[string][]string{}
		for _, q := range s.calls[1] {
			deps[q.ID] = q.DependsOn
		}
		if want := "map[19:[] 20:[19] 21:[20] 22:[19] 23:[]]"; fmt.Sprint(deps) != want {
			t.Errorf("dependsOn %v, want %s", deps, want)
		}
		for _, it := range []*graphrt.BatchItem{create, get, del, other, last} {
			if it.Err() != nil {
				t.Errorf("item %s: %v", it.ID(), it.Err())
			}
		}
		if del.Status() != http.StatusNoContent || made == nil {
			t.Errorf("delete status %d, created %v", del.Status(), made)
		}
	})

	t.Run("failed item and 424", func(t *testing.T) {
		_, c, _ := newBatchServer(t, func(_ int, r batchReq) batchResp {
			if r.URL == "/things/missing" {
				return batchResp{Status: 404,
					Headers: map[string]string{"Content-Type": "application/json", "request-id": "rid-404", "client-request-id": "cid-404", "Date": "Tue, 15 Nov 1994 08:12:31 GMT"},
					Body:    map[string]any{"error": map[string]string{"code": "ResourceNotFound", "message": "no such thing"}}}
			}
			return answerThing(0, r)
		})
		b := graphrt.NewBatch(c)
		var a, m, dep *thing
		ia := b.Add(func(ctx context.Context) (err error) { a, err = getThing(ctx, c, "a", nil); return err })
		im := b.Add(func(ctx context.Context) (err error) { m, err = getThing(ctx, c, "missing", nil); return err })
		id := b.Add(func(ctx context.Context) (err error) { dep, err = getThing(ctx, c, "dep", nil); return err }, im)
		if err := b.Send(ctx); err != nil {
			t.Fatal(err)
		}
		if ia.Err() != nil || a == nil || a.ID != "a" {
			t.Errorf("a: %v %+v", ia.Err(), a)
		}
		var e *graphrt.Error
		if !errors.As(im.Err(), &e) || e.StatusCode != 404 || e.Code != "ResourceNotFound" || e.Message != "no such thing" ||
			e.InnerError == nil || e.InnerError.RequestID != "rid-404" || e.InnerError.ClientRequestID != "cid-404" || e.InnerError.Date != "1994-11-15T08:12:31Z" {
			t.Errorf("missing: %#v (%v)", im.Err(), e)
		}
		if im.Status() != 404 || im.Header().Get("Request-Id") != "rid-404" {
			t.Errorf("missing: status %d, header %v", im.Status(), im.Header())
		}
		if m == nil || *m != (thing{}) {
			t.Errorf("missing: result %+v, want an empty thing", m)
		}
		if !errors.As(id.Err(), &e) || e.StatusCode != http.StatusFailedDependency || id.Status() != 424 {
			t.Errorf("dependent: %v", id.Err())
		}
		if dep == nil || *dep != (thing{}) {
			t.Errorf("dependent: result %+v", dep)
		}
		if err := im.Decode(new(thing)); err != im.Err() {
			t.Errorf("Decode of a failed item = %v", err)
		}
	})

	t.Run("429 retried for that item", func(t *testing.T) {
		s, c, sl := newBatchServer(t, func(call int, r batchReq) batchResp {
			if r.URL == "/things/busy" && call == 1 {
				return batchResp{Status: 429, Headers: map[string]string{"Retry-After": "7"}, Body: map[string]any{"error": map[string]string{"code": "TooManyRequests", "message": "slow down"}}}
			}
			return answerThing(call, r)
		})
		b := graphrt.NewBatch(c)
		var busy *thing
		ok := b.Add(func(ctx context.Context) error { _, err := getThing(ctx, c, "ok", nil); return err })
		ib := b.Add(func(ctx context.Context) (err error) { busy, err = getThing(ctx, c, "busy", nil); return err })
		after := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "busy") }, ib)
		both := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "both") }, ok, ib)
		onlyOK := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "ok") }, ok)
		if err := b.Send(ctx); err != nil {
			t.Fatal(err)
		}
		ids := s.callIDs()
		if want := "[[1 2 3 4 5] [2 3 4]]"; fmt.Sprint(ids) != want {
			t.Fatalf("calls %v, want %s", ids, want)
		}
		deps := map[string][]string{}
		for _, q := range s.calls[1] {
			deps[q.ID] = q.DependsOn
		}
		if want := "map[2:[] 3:[2] 4:[2]]"; fmt.Sprint(deps) != want {
			t.Errorf("second call dependsOn %v, want %s (1 succeeded before)", deps, want)
		}
		if got := sl.get(); fmt.Sprint(got) != "[7s]" {
			t.Errorf("slept %v, want [7s]", got)
		}
		for _, it := range []*graphrt.BatchItem{ok, ib, after, both, onlyOK} {
			if it.Err() != nil || it.Status()/100 != 2 {
				t.Errorf("item %s: %d %v", it.ID(), it.Status(), it.Err())
			}
		}
		if busy == nil || busy.ID != "busy" {
			t.Errorf("busy = %+v", busy)
		}
	})

	t.Run("429 past MaxAttempts", func(t *testing.T) {
		s, c, sl := newBatchServer(t, func(call int, r batchReq) batchResp {
			switch r.URL {
			case "/things/busy":
				return batchResp{Status: 429, Headers: map[string]string{"Retry-After": "2"}}
			case "/things/long":
				if call == 1 {
					return batchResp{Status: 429, Headers: map[string]string{"Retry-After": "3600"}}
				}
			}
			return answerThing(call, r)
		})
		b := graphrt.NewBatch(c)
		ib := b.Add(func(ctx context.Context) error { _, err := getThing(ctx, c, "busy", nil); return err })
		il := b.Add(func(ctx context.Context) error { _, err := getThing(ctx, c, "long", nil); return err })
		if err := b.Send(ctx); err != nil {
			t.Fatal(err)
		}
		if want := "[[1 2] [1] [1]]"; fmt.Sprint(s.callIDs()) != want {
			t.Errorf("calls %v, want %s (MaxAttempts 3; an hour is over MaxDelay)", s.callIDs(), want)
		}
		if got := sl.get(); fmt.Sprint(got) != "[2s 2s]" {
			t.Errorf("slept %v", got)
		}
		for _, it := range []*graphrt.BatchItem{ib, il} {
			var e *graphrt.Error
			if !errors.As(it.Err(), &e) || e.StatusCode != 429 || it.Header().Get("Retry-After") == "" {
				t.Errorf("item %s: %v", it.ID(), it.Err())
			}
		}
	})

	t.Run("fn making zero or two calls", func(t *testing.T) {
		s, c, _ := newBatchServer(t, answerThing)
		b := graphrt.NewBatch(c)
		none := b.Add(func(ctx context.Context) error { return nil })
		two := b.Add(func(ctx context.Context) error {
			if _, err := getThing(ctx, c, "one", nil); err != nil {
				return err
			}
			_, err := getThing(ctx, c, "two", nil)
			return err
		})
		empty := b.Add(func(ctx context.Context) error { _, err := getThing(ctx, c, "", nil); return err })
		other := b.Add(func(ctx context.Context) error {
			req, _ := http.NewRequestWithContext(ctx, "GET", "https://elsewhere.example/v1.0/things/a", nil)
			return c.Send(req, nil)
		})
		do := b.Add(func(ctx context.Context) error {
			req, _ := http.NewRequestWithContext(ctx, "GET", c.Server()+"/things/a", nil)
			_, err := c.Do(req)
			return err
		})
		dependent := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "x") }, two)
		good := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "y") })
		for _, tc := range []struct {
			it   *graphrt.BatchItem
			want string
		}{{none, "no call"}, {two, "more than one call"}, {empty, "is empty"}, {other, "not on the batch client's server"}, {do, "Client.Do cannot send"}} {
			if err := tc.it.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("item %s: Err = %v, want one saying %q", tc.it.ID(), err, tc.want)
			}
		}
		if err := b.Send(ctx); err != nil {
			t.Fatal(err)
		}
		if want := "[[7]]"; fmt.Sprint(s.callIDs()) != want {
			t.Errorf("calls %v, want %s", s.callIDs(), want)
		}
		if err := dependent.Err(); err == nil || !errors.Is(err, two.Err()) || dependent.Status() != 0 {
			t.Errorf("dependent: %v", err)
		}
		if good.Err() != nil || good.Status() != 204 {
			t.Errorf("good: %d %v", good.Status(), good.Err())
		}
		if err := b.Send(ctx); err == nil {
			t.Error("a batch sent twice: no error")
		}
	})

	t.Run("bad dependency graph refused before sending", func(t *testing.T) {
		s, c, _ := newBatchServer(t, answerThing)
		del := func(ctx context.Context) error { return deleteThing(ctx, c, "x") }

		chain := graphrt.NewBatch(c)
		prev := chain.Add(del)
		for range 20 { // 21 in a chain
			prev = chain.Add(del, prev)
		}
		if err := chain.Send(ctx); err == nil || !strings.Contains(err.Error(), "21 requests") {
			t.Errorf("a group of 21: %v", err)
		}

		cycle := graphrt.NewBatch(c)
		a := cycle.Add(del)
		bb := cycle.Add(del, a)
		cycle.Add(del)
		graphrt.SetBatchDeps(a, bb)
		if err := cycle.Send(ctx); err == nil || !strings.Contains(err.Error(), "cycle") {
			t.Errorf("a cycle: %v", err)
		}

		foreign := graphrt.NewBatch(c)
		foreign.Add(del, a)
		if err := foreign.Send(ctx); err == nil || !strings.Contains(err.Error(), "another batch") {
			t.Errorf("a dependency on another batch: %v", err)
		}
		if n := len(s.callIDs()); n != 0 {
			t.Errorf("%d $batch calls, want none", n)
		}
	})

	t.Run("non-JSON body and Decode", func(t *testing.T) {
		png := []byte("\x89PNG\r\n\x1a\n\x00\xff")
		_, c, _ := newBatchServer(t, func(_ int, r batchReq) batchResp {
			if r.URL == "/things/a/photo" {
				return batchResp{Headers: map[string]string{"Content-Type": "image/png"}, Body: base64.StdEncoding.EncodeToString(png)}
			}
			if r.URL == "/things/names" {
				return batchResp{Headers: map[string]string{"Content-Type": "application/json"}, Body: []string{"x", "y"}}
			}
			return answerThing(0, r)
		})
		b := graphrt.NewBatch(c)
		var photo []byte
		ip := b.Add(func(ctx context.Context) error {
			return impl.Call(ctx, c, "GET", "/things/{id}/photo", []string{"a"}, nil, nil, &photo)
		})
		// A method returning a value: it comes back empty, Decode reads it.
		names := func(ctx context.Context) ([]string, error) {
			var out []string
			err := impl.Call(ctx, c, "GET", "/things/names", nil, nil, nil, &out)
			return out, err
		}
		in := b.Add(func(ctx context.Context) error { _, err := names(ctx); return err })
		if err := in.Decode(new([]string)); err == nil {
			t.Error("Decode before Send: no error")
		}
		if err := b.Send(ctx); err != nil {
			t.Fatal(err)
		}
		if ip.Err() != nil || !bytes.Equal(photo, png) {
			t.Errorf("photo %q, %v; want %q", photo, ip.Err(), png)
		}
		var raw []byte
		if err := ip.Decode(&raw); err != nil || !bytes.Equal(raw, png) {
			t.Errorf("Decode(*[]byte) = %q, %v", raw, err)
		}
		if err := ip.Decode(new(thing)); err == nil || !strings.Contains(err.Error(), "not JSON") {
			t.Errorf("Decode of a PNG into a struct: %v", err)
		}
		var got []string
		if err := in.Decode(&got); err != nil || fmt.Sprint(got) != "[x y]" {
			t.Errorf("Decode(*[]string) = %v, %v", got, err)
		}
	})

	t.Run("the $batch call failing", func(t *testing.T) {
		s, c, _ := newBatchServer(t, answerThing)
		s.status = http.StatusUnauthorized
		b := graphrt.NewBatch(c)
		it := b.Add(func(ctx context.Context) error { return deleteThing(ctx, c, "x") })
		err := b.Send(ctx)
		var e *graphrt.Error
		if !errors.As(err, &e) || e.StatusCode != 401 {
			t.Fatalf("Send = %v, want the 401", err)
		}
		if !errors.Is(it.Err(), err) || it.Status() != 0 {
			t.Errorf("item: %v", it.Err())
		}
	})
}
