package fake_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt/fake"
)

// echo is the next handler of the Batch tests: it records each request it
// serves and answers it with what it saw. /fail/... answers 404, /text/...
// answers text/plain, /empty/... answers 204.
type echo struct {
	seen []string // "METHOD path?query" in the order served
	reqs []*http.Request
	body [][]byte
}

func (e *echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	line := r.Method + " " + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	e.seen = append(e.seen, line)
	e.reqs = append(e.reqs, r)
	body, _ := io.ReadAll(r.Body)
	e.body = append(e.body, body)
	switch {
	case strings.HasPrefix(r.URL.Path, "/v1.0/fail/"):
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		io.WriteString(w, `{"error":{"code":"NotFound","message":"no such thing"}}`)
	case strings.HasPrefix(r.URL.Path, "/v1.0/text/"):
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello, "+string(body))
	case strings.HasPrefix(r.URL.Path, "/v1.0/empty/"):
		w.WriteHeader(204)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Seen", line)
		json.NewEncoder(w).Encode(map[string]any{"line": line, "body": json.RawMessage(orNull(body))})
	}
}

func orNull(b []byte) []byte {
	if len(b) == 0 {
		return []byte("null")
	}
	return b
}

// batchAnswer is one answer of a $batch response, as a client reads it.
type batchAnswer struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

// postBatch sends body as POST path to Batch(e) and returns the status,
// and the answers of a 200 or the raw body of another status.
func postBatch(t *testing.T, e *echo, path, body string) (int, []batchAnswer, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer t")
	fake.Batch(e).ServeHTTP(rec, req)
	if rec.Code != 200 {
		return rec.Code, nil, rec.Body.String()
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var out struct {
		Responses []batchAnswer `json:"responses"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
	return rec.Code, out.Responses, ""
}

func ids(as []batchAnswer) []string {
	var l []string
	for _, a := range as {
		l = append(l, fmt.Sprintf("%s:%d", a.ID, a.Status))
	}
	return l
}

// TestBatchOrderDependsOn: requests are served in their order, except that
// each waits for those it depends on; the answers come in request order,
// JSON bodies embedded as JSON with the headers next set.
func TestBatchOrderDependsOn(t *testing.T) {
	e := &echo{}
	st, as, raw := postBatch(t, e, "/v1.0/$batch", `{"requests":[
		{"id":"1","method":"GET","url":"/a","dependsOn":["3"]},
		{"id":"2","method":"get","url":"/b"},
		{"id":"3","method":"POST","url":"/c","headers":{"Content-Type":"application/json","X-Thing":"x"},"body":{"n":1}}
	]}`)
	if st != 200 {
		t.Fatalf("status %d: %s", st, raw)
	}
	if want := []string{"POST /v1.0/c", "GET /v1.0/a", "GET /v1.0/b"}; !slices.Equal(e.seen, want) {
		t.Errorf("served %q, want %q", e.seen, want)
	}
	if got, want := ids(as), []string{"1:200", "2:200", "3:200"}; !slices.Equal(got, want) {
		t.Errorf("answers %q, want %q", got, want)
	}
	var b struct {
		Line string          `json:"line"`
		Body json.RawMessage `json:"body"`
	}
	if err := json.Unmarshal(as[2].Body, &b); err != nil || b.Line != "POST /v1.0/c" || string(b.Body) != `{"n":1}` {
		t.Errorf("answer 3 body %s (%v)", as[2].Body, err)
	}
	if as[2].Headers["X-Seen"] != "POST /v1.0/c" || as[2].Headers["Content-Type"] != "application/json" {
		t.Errorf("answer 3 headers %v", as[2].Headers)
	}
	post := e.reqs[0]
	if post.Header.Get("Content-Type") != "application/json" || post.Header.Get("X-Thing") != "x" || post.ContentLength != int64(len(`{"n":1}`)) {
		t.Errorf("request 3 headers %v, length %d", post.Header, post.ContentLength)
	}
	if post.Header.Get("Authorization") != "Bearer t" {
		t.Errorf("request 3 has no Authorization from the batch: %v", post.Header)
	}
}

// TestBatchFailedDependency: a request whose dependency failed, directly or
// not, is answered 424 without being served; the others are served.
func TestBatchFailedDependency(t *testing.T) {
	e := &echo{}
	_, as, raw := postBatch(t, e, "/v1.0/$batch", `{"requests":[
		{"id":"a","method":"GET","url":"/fail/1"},
		{"id":"b","method":"GET","url":"/x","dependsOn":["a"]},
		{"id":"c","method":"GET","url":"/y","dependsOn":["B"]},
		{"id":"d","method":"GET","url":"/z"}
	]}`)
	if as == nil {
		t.Fatal(raw)
	}
	if got, want := ids(as), []string{"a:404", "b:424", "c:424", "d:200"}; !slices.Equal(got, want) {
		t.Errorf("answers %q, want %q", got, want)
	}
	if want := []string{"GET /v1.0/fail/1", "GET /v1.0/z"}; !slices.Equal(e.seen, want) {
		t.Errorf("served %q, want %q", e.seen, want)
	}
	var body struct {
		Error struct{ Code string } `json:"error"`
	}
	if err := json.Unmarshal(as[1].Body, &body); err != nil || body.Error.Code != "FailedDependency" {
		t.Errorf("424 body %s (%v)", as[1].Body, err)
	}
}

// TestBatchRefused: a batch Graph would refuse is answered 400 in Graph's
// error shape, and none of its requests is served.
func TestBatchRefused(t *testing.T) {
	var many []string
	for i := range 21 {
		many = append(many, fmt.Sprintf(`{"id":"%d","method":"GET","url":"/a"}`, i))
	}
	for name, body := range map[string]string{
		"bad JSON":             `{"requests":[`,
		"not an object":        `[1]`,
		"no requests":          `{"requests":[]}`,
		"21 requests":          `{"requests":[` + strings.Join(many, ",") + `]}`,
		"no id":                `{"requests":[{"method":"GET","url":"/a"}]}`,
		"id twice":             `{"requests":[{"id":"1","method":"GET","url":"/a"},{"id":"1","method":"GET","url":"/b"}]}`,
		"id twice, other case": `{"requests":[{"id":"a","method":"GET","url":"/a"},{"id":"A","method":"GET","url":"/b"}]}`,
		"no method":            `{"requests":[{"id":"1","url":"/a"}]}`,
		"no url":               `{"requests":[{"id":"1","method":"GET"}]}`,
		"absolute url":         `{"requests":[{"id":"1","method":"GET","url":"https://graph.microsoft.com/v1.0/me"}]}`,
		"unknown dependency":   `{"requests":[{"id":"1","method":"GET","url":"/a","dependsOn":["2"]}]}`,
		"cycle":                `{"requests":[{"id":"1","method":"GET","url":"/a","dependsOn":["2"]},{"id":"2","method":"GET","url":"/b","dependsOn":["1"]}]}`,
		"body, no type":        `{"requests":[{"id":"1","method":"POST","url":"/a","body":{"n":1}}]}`,
		"body not base64":      `{"requests":[{"id":"1","method":"PUT","url":"/a","headers":{"content-type":"text/plain"},"body":"%%%"}]}`,
		"body not a string":    `{"requests":[{"id":"1","method":"PUT","url":"/a","headers":{"content-type":"text/plain"},"body":{"n":1}}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			e := &echo{}
			st, _, raw := postBatch(t, e, "/v1.0/$batch", body)
			if st != 400 {
				t.Fatalf("status %d, want 400", st)
			}
			var eb struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal([]byte(raw), &eb); err != nil || eb.Error.Code != "BadRequest" || eb.Error.Message == "" {
				t.Errorf("body %s (%v)", raw, err)
			}
			if len(e.seen) != 0 {
				t.Errorf("served %q", e.seen)
			}
		})
	}
}

// TestBatch20: twenty requests are one batch.
func TestBatch20(t *testing.T) {
	var reqs []string
	for i := range 20 {
		reqs = append(reqs, fmt.Sprintf(`{"id":"%d","method":"GET","url":"/a/%d"}`, i, i))
	}
	e := &echo{}
	st, as, raw := postBatch(t, e, "/v1.0/$batch", `{"requests":[`+strings.Join(reqs, ",")+`]}`)
	if st != 200 || len(as) != 20 || len(e.seen) != 20 {
		t.Fatalf("status %d, %d answers, %d served: %s", st, len(as), len(e.seen), raw)
	}
}

// TestBatchBase64Bodies: a body whose Content-Type is not JSON goes in as
// base64 and is decoded for next; an answer that is not JSON comes back
// as base64, and one without a body has none.
func TestBatchBase64Bodies(t *testing.T) {
	e := &echo{}
	in := base64.StdEncoding.EncodeToString([]byte("world\x00"))
	_, as, raw := postBatch(t, e, "/v1.0/$batch", `{"requests":[
		{"id":"1","method":"PUT","url":"/text/1","headers":{"Content-Type":"application/octet-stream"},"body":"`+in+`"},
		{"id":"2","method":"DELETE","url":"/empty/1"}
	]}`)
	if as == nil {
		t.Fatal(raw)
	}
	if string(e.body[0]) != "world\x00" || e.reqs[0].Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("next got body %q, Content-Type %q", e.body[0], e.reqs[0].Header.Get("Content-Type"))
	}
	var s string
	if err := json.Unmarshal(as[0].Body, &s); err != nil {
		t.Fatalf("text answer %s is not a string: %v", as[0].Body, err)
	}
	if got, err := base64.StdEncoding.DecodeString(s); err != nil || string(got) != "hello, world\x00" {
		t.Errorf("text answer %q (%v)", got, err)
	}
	if as[0].Headers["Content-Type"] != "text/plain" {
		t.Errorf("text answer headers %v", as[0].Headers)
	}
	if as[1].Status != 204 || as[1].Body != nil {
		t.Errorf("empty answer %+v", as[1])
	}
}

// TestBatchPrefix: urls resolve against the path the batch was posted to,
// with their query, with or without a leading slash; behind
// http.StripPrefix, next routes the stripped path and RequestURI keeps
// the one sent.
func TestBatchPrefix(t *testing.T) {
	e := &echo{}
	_, as, raw := postBatch(t, e, "/v1.0/$batch", `{"requests":[
		{"id":"1","method":"GET","url":"/users/1?$select=id"},
		{"id":"2","method":"GET","url":"users/2"}
	]}`)
	if as == nil {
		t.Fatal(raw)
	}
	if want := []string{"GET /v1.0/users/1?$select=id", "GET /v1.0/users/2"}; !slices.Equal(e.seen, want) {
		t.Errorf("served %q, want %q", e.seen, want)
	}
	if got := e.reqs[0].RequestURI; got != "/v1.0/users/1?$select=id" {
		t.Errorf("RequestURI %q", got)
	}

	e = &echo{}
	h := http.StripPrefix("/beta", fake.Batch(e))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/beta/v1.0/$batch", strings.NewReader(`{"requests":[{"id":"1","method":"GET","url":"/me"}]}`)))
	if rec.Code != 200 || !slices.Equal(e.seen, []string{"GET /v1.0/me"}) || e.reqs[0].RequestURI != "/beta/v1.0/me" {
		t.Errorf("behind StripPrefix: status %d, served %q, RequestURI %q", rec.Code, e.seen, e.reqs[0].RequestURI)
	}
}

// TestBatchPassesOthers: what is not a POST to $batch goes to next.
func TestBatchPassesOthers(t *testing.T) {
	e := &echo{}
	h := fake.Batch(e)
	for _, r := range []*http.Request{
		httptest.NewRequest("GET", "/v1.0/$batch", nil),
		httptest.NewRequest("POST", "/v1.0/users", strings.NewReader(`{}`)),
		httptest.NewRequest("POST", "/v1.0/$batch/x", strings.NewReader(`{}`)),
	} {
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	if want := []string{"GET /v1.0/$batch", "POST /v1.0/users", "POST /v1.0/$batch/x"}; !slices.Equal(e.seen, want) {
		t.Errorf("next served %q, want %q", e.seen, want)
	}
}

// TestBatchFaults: the requests of a batch go through the store's faults
// and log one by one, as if sent alone.
func TestBatchFaults(t *testing.T) {
	h, store := faultServer(fake.Faults(1, fake.Fault{Ops: []string{"WidgetsGet"}, Status: 429, RetryAfter: 2e9, EveryNth: 2}))
	rec := httptest.NewRecorder()
	fake.Batch(h).ServeHTTP(rec, httptest.NewRequest("POST", "/$batch", strings.NewReader(`{"requests":[
		{"id":"1","method":"GET","url":"/widgets/a"},
		{"id":"2","method":"GET","url":"/widgets/b"},
		{"id":"3","method":"GET","url":"/widgets"}
	]}`)))
	var out struct {
		Responses []batchAnswer `json:"responses"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
	}
	if got, want := ids(out.Responses), []string{"1:429", "2:200", "3:200"}; !slices.Equal(got, want) {
		t.Errorf("answers %q, want %q", got, want)
	}
	if ra := out.Responses[0].Headers["Retry-After"]; ra != "2" {
		t.Errorf("Retry-After %q, want 2", ra)
	}
	var log []string
	for _, r := range store.Requests() {
		log = append(log, fmt.Sprintf("%s %s %d %v", r.Op, r.Path, r.Status, r.Fault))
	}
	if want := []string{"WidgetsGet /widgets/a 429 true", "WidgetsGet /widgets/b 200 false", "WidgetsList /widgets 200 false"}; !slices.Equal(log, want) {
		t.Errorf("log %q, want %q", log, want)
	}
}
