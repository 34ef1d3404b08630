package graphrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// sessionServer is an upload session on a host of its own: it takes
// ranges in order, keeps what it got, and answers the created item after
// the last byte.
type sessionServer struct {
	mu       sync.Mutex
	size     int64
	got      []byte
	fail     map[int64][]int // range start -> statuses to answer, in turn, before taking it
	lose     int64           // when >= 0, a 500 makes the session forget everything from here
	log      []string        // "PUT bytes s-e/n len", "GET", "DELETE"
	auth     []string        // Authorization headers seen
	bare     int             // requests without client-request-id or the middleware's X-Mw
	onPut    func(start int64)
	okMid    bool // answer 200, not 202, before the last byte, as Outlook does
	finished bool
	srv      *httptest.Server
}

func newSessionServer(t *testing.T) *sessionServer {
	s := &sessionServer{fail: map[int64][]int{}, lose: -1}
	s.srv = httptest.NewServer(s)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *sessionServer) expected() string {
	return fmt.Sprintf(`{"expirationDateTime":"2030-01-01T00:00:00Z","nextExpectedRanges":["%d-"]}`, len(s.got))
}

func (s *sessionServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Header.Get("Authorization") != "" {
		s.auth = append(s.auth, r.Header.Get("Authorization"))
	}
	if r.Header.Get("client-request-id") == "" || r.Header.Get("X-Mw") != "1" {
		s.bare++
	}
	if r.URL.Path != "/up/session1" {
		WriteError(w, http.StatusNotFound, "itemNotFound", "no session")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch r.Method {
	case http.MethodGet:
		s.log = append(s.log, "GET")
		fmt.Fprint(w, s.expected())
	case http.MethodDelete:
		s.log = append(s.log, "DELETE")
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPut:
		body, _ := io.ReadAll(r.Body)
		cr := r.Header.Get("Content-Range")
		s.log = append(s.log, fmt.Sprintf("PUT %s %d", cr, r.ContentLength))
		var start, end, total int64
		if _, err := fmt.Sscanf(cr, "bytes %d-%d/%d", &start, &end, &total); err != nil || total != s.size || int64(len(body)) != end-start+1 || r.ContentLength != int64(len(body)) {
			WriteError(w, http.StatusBadRequest, "invalidRange", "bad range "+cr)
			return
		}
		if st := s.fail[start]; len(st) > 0 {
			s.fail[start] = st[1:]
			if st[0] == http.StatusServiceUnavailable {
				w.Header().Set("Retry-After", "1")
			}
			if st[0] == http.StatusInternalServerError && s.lose >= 0 {
				s.got = s.got[:s.lose]
			}
			WriteError(w, st[0], "serviceNotAvailable", "try again")
			return
		}
		if start != int64(len(s.got)) {
			WriteError(w, http.StatusRequestedRangeNotSatisfiable, "invalidRange", "expected "+s.expected())
			return
		}
		if s.onPut != nil {
			s.mu.Unlock()
			s.onPut(start)
			s.mu.Lock()
		}
		s.got = append(s.got, body...)
		if int64(len(s.got)) == s.size {
			s.finished = true
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"id":"item1","name":"big.bin","size":%d}`, s.size)
			return
		}
		if s.okMid {
			fmt.Fprintf(w, `{"nextExpectedRanges":["%d"]}`, len(s.got))
			return
		}
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprint(w, s.expected())
	}
}

func (s *sessionServer) trace() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.log, "; ")
}

// uploadItem is the created item an upload answers with.
type uploadItem struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// plainReader hides a reader's ReadAt and Seek.
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

func TestClientUpload(t *testing.T) {
	const size = 1_000_000
	content := make([]byte, size)
	for i := range content {
		content[i] = byte(i * 7 / 3)
	}
	var slept []time.Duration
	var sleptMu sync.Mutex
	retry := RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, Sleep: func(ctx context.Context, d time.Duration) error {
		sleptMu.Lock()
		slept = append(slept, d)
		sleptMu.Unlock()
		return ctx.Err()
	}}
	// The API server makes the session; the client sends credentials
	// through middleware, which must not reach the session's host.
	setup := func(t *testing.T) (*Client, *sessionServer, string) {
		sess := newSessionServer(t)
		sess.size = size
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != "/me/drive/root:/big.bin:/createUploadSession" || r.Header.Get("Authorization") != "Bearer t" {
				WriteError(w, http.StatusBadRequest, "bad", r.Method+" "+r.URL.Path)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"uploadUrl":%q,"expirationDateTime":"2030-01-01T00:00:00Z","nextExpectedRanges":["0-"]}`, sess.srv.URL+"/up/session1")
		}))
		t.Cleanup(api.Close)
		auth := WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
			return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
				r = r.Clone(r.Context())
				r.Header.Set("Authorization", "Bearer t")
				r.Header.Set("X-Mw", "1")
				return next.RoundTrip(r)
			})
		})
		c := NewClient(api.URL, WithRetry(retry), auth)
		req, err := http.NewRequest(http.MethodPost, api.URL+"/me/drive/root:/big.bin:/createUploadSession", strings.NewReader(`{"item":{"name":"big.bin"}}`))
		if err != nil {
			t.Fatal(err)
		}
		var session struct {
			UploadURL string `json:"uploadUrl"`
		}
		if err := c.Send(req, &session); err != nil || session.UploadURL == "" {
			t.Fatalf("createUploadSession: %+v, %v", session, err)
		}
		return c, sess, session.UploadURL
	}
	check := func(t *testing.T, sess *sessionServer) {
		t.Helper()
		sess.mu.Lock()
		defer sess.mu.Unlock()
		if !bytes.Equal(sess.got, content) || !sess.finished {
			t.Errorf("the session holds %d bytes (finished %v), not the content", len(sess.got), sess.finished)
		}
		if len(sess.auth) > 0 {
			t.Errorf("the upload host was sent Authorization %q", sess.auth)
		}
		if sess.bare > 0 {
			t.Errorf("%d requests did not go through the middleware or had no client-request-id", sess.bare)
		}
	}
	const want = "PUT bytes 0-327679/1000000 327680; PUT bytes 327680-655359/1000000 327680; PUT bytes 655360-983039/1000000 327680; PUT bytes 983040-999999/1000000 16960"

	t.Run("ranges", func(t *testing.T) {
		c, sess, u := setup(t)
		var progress []string
		var item uploadItem
		err := c.Upload(context.Background(), u, bytes.NewReader(content), size, &item, &UploadOptions{
			ChunkSize: UploadFragment,
			Progress:  func(sent, total int64) { progress = append(progress, fmt.Sprint(sent, "/", total)) },
		})
		if err != nil || item != (uploadItem{ID: "item1", Name: "big.bin", Size: size}) {
			t.Fatalf("Upload: %+v, %v", item, err)
		}
		if got := sess.trace(); got != want {
			t.Errorf("requests:\n%s\nwant\n%s", got, want)
		}
		if got := strings.Join(progress, " "); got != "327680/1000000 655360/1000000 983040/1000000 1000000/1000000" {
			t.Errorf("progress %s", got)
		}
		check(t, sess)
		// Larger chunks, a plain reader, the body discarded.
		c, sess, u = setup(t)
		if err := c.Upload(context.Background(), u, plainReader{bytes.NewReader(content)}, size, nil, &UploadOptions{ChunkSize: 2 * UploadFragment}); err != nil {
			t.Fatal(err)
		}
		if got := sess.trace(); got != "PUT bytes 0-655359/1000000 655360; PUT bytes 655360-999999/1000000 344640" {
			t.Errorf("requests: %s", got)
		}
		check(t, sess)
		// Outlook's sessions answer 200 before the last byte.
		c, sess, u = setup(t)
		sess.okMid = true
		item = uploadItem{}
		if err := c.Upload(context.Background(), u, bytes.NewReader(content), size, &item, &UploadOptions{ChunkSize: UploadFragment}); err != nil || item.ID != "item1" || sess.trace() != want {
			t.Errorf("200 before the last byte: %v, %+v, %s", err, item, sess.trace())
		}
		check(t, sess)
		// The default chunk holds all of it.
		c, sess, u = setup(t)
		if err := c.Upload(context.Background(), u, bytes.NewReader(content), size, nil, nil); err != nil || sess.trace() != "PUT bytes 0-999999/1000000 1000000" {
			t.Errorf("default chunk: %v, %s", err, sess.trace())
		}
	})

	t.Run("resume", func(t *testing.T) {
		// A 500 on the second range: the session keeps the first, and the
		// range is sent again from the chunk kept in memory. A 503 with
		// Retry-After on the third is retried by the Doer after its wait.
		c, sess, u := setup(t)
		sess.fail[327680] = []int{500}
		sess.fail[655360] = []int{503}
		sleptMu.Lock()
		slept = nil
		sleptMu.Unlock()
		var item uploadItem
		if err := c.Upload(context.Background(), u, plainReader{bytes.NewReader(content)}, size, &item, &UploadOptions{ChunkSize: UploadFragment}); err != nil || item.ID != "item1" {
			t.Fatalf("Upload: %+v, %v", item, err)
		}
		wantResume := "PUT bytes 0-327679/1000000 327680; PUT bytes 327680-655359/1000000 327680; GET; PUT bytes 327680-655359/1000000 327680; " +
			"PUT bytes 655360-983039/1000000 327680; PUT bytes 655360-983039/1000000 327680; PUT bytes 983040-999999/1000000 16960"
		if got := sess.trace(); got != wantResume {
			t.Errorf("requests:\n%s\nwant\n%s", got, wantResume)
		}
		sleptMu.Lock()
		if len(slept) != 2 || slept[1] != time.Second {
			t.Errorf("waits %v; want a backoff before the resume, then Retry-After's 1s", slept)
		}
		sleptMu.Unlock()
		check(t, sess)

		// The session forgets everything after a 500: a seekable reader
		// goes back to byte 0, a plain one cannot.
		c, sess, u = setup(t)
		sess.fail[655360] = []int{500}
		sess.lose = 0
		if err := c.Upload(context.Background(), u, bytes.NewReader(content), size, nil, &UploadOptions{ChunkSize: UploadFragment}); err != nil {
			t.Fatal(err)
		}
		if got := sess.trace(); !strings.Contains(got, "GET; PUT bytes 0-327679/1000000") {
			t.Errorf("requests: %s", got)
		}
		check(t, sess)
		c, sess, u = setup(t)
		sess.fail[655360] = []int{500}
		sess.lose = 0
		err := c.Upload(context.Background(), u, plainReader{bytes.NewReader(content)}, size, nil, &UploadOptions{ChunkSize: UploadFragment})
		if err == nil || !strings.Contains(err.Error(), "can only go back to byte 655360") {
			t.Errorf("plain reader sent back to 0: %v", err)
		}

		// A range that keeps failing: bounded resumes, then the error.
		c, sess, u = setup(t)
		sess.fail[0] = []int{500, 500, 500, 500, 500, 500, 500, 500}
		err = c.Upload(context.Background(), u, bytes.NewReader(content), size, nil, &UploadOptions{ChunkSize: UploadFragment})
		var e *Error
		if !errors.As(err, &e) || e.StatusCode != 500 || !strings.Contains(err.Error(), "gave up after 5 resumes") || strings.Count(sess.trace(), "GET") != 5 {
			t.Errorf("failing range: %v; %s", err, sess.trace())
		}
		// A 4xx is not resumed.
		c, _, u = setup(t)
		err = c.Upload(context.Background(), u+"x", bytes.NewReader(content), size, nil, nil)
		if !errors.As(err, &e) || e.StatusCode != 404 {
			t.Errorf("gone session: %v", err)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		c, sess, u := setup(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// Cancelled while the second range is on its way.
		sess.onPut = func(start int64) {
			if start == 327680 {
				cancel()
				time.Sleep(20 * time.Millisecond)
			}
		}
		err := c.Upload(ctx, u, bytes.NewReader(content), size, nil, &UploadOptions{ChunkSize: UploadFragment})
		if !errors.Is(err, context.Canceled) || err != context.Canceled {
			t.Errorf("Upload: %v; want context.Canceled", err)
		}
		if got := sess.trace(); !strings.HasSuffix(got, "; DELETE") || strings.Count(got, "PUT") != 2 {
			t.Errorf("requests: %s; want two PUTs and a DELETE", got)
		}
		sess.mu.Lock()
		if len(sess.auth) > 0 {
			t.Errorf("Authorization sent: %q", sess.auth)
		}
		sess.mu.Unlock()
		// Cancelled between ranges.
		c, sess, u = setup(t)
		ctx, cancel = context.WithCancel(context.Background())
		defer cancel()
		err = c.Upload(ctx, u, bytes.NewReader(content), size, nil, &UploadOptions{ChunkSize: UploadFragment, Progress: func(sent, _ int64) {
			if sent >= 655360 {
				cancel()
			}
		}})
		if err != context.Canceled || sess.trace() != "PUT bytes 0-327679/1000000 327680; PUT bytes 327680-655359/1000000 327680; DELETE" {
			t.Errorf("cancelled between ranges: %v; %s", err, sess.trace())
		}
	})

	t.Run("bad input", func(t *testing.T) {
		c, sess, u := setup(t)
		for _, n := range []int64{1000, -UploadFragment, UploadFragment + 1, MaxUploadChunk + UploadFragment} {
			err := c.Upload(context.Background(), u, bytes.NewReader(content), size, nil, &UploadOptions{ChunkSize: n})
			if err == nil || !strings.Contains(err.Error(), "not a multiple of 320 KiB") {
				t.Errorf("chunk size %d: %v", n, err)
			}
		}
		if err := c.Upload(context.Background(), u, bytes.NewReader(content), 0, nil, nil); err == nil || !strings.Contains(err.Error(), "must be known") {
			t.Errorf("size 0: %v", err)
		}
		if err := c.Upload(context.Background(), "/up/session1", bytes.NewReader(content), size, nil, nil); err == nil || !strings.Contains(err.Error(), "no absolute") {
			t.Errorf("relative URL: %v", err)
		}
		if got := sess.trace(); got != "" {
			t.Errorf("bad input sent %s", got)
		}
		// A reader shorter than the size given, plain and seekable.
		for _, r := range []io.Reader{plainReader{bytes.NewReader(content[:900_000])}, bytes.NewReader(content[:900_000])} {
			err := c.Upload(context.Background(), u, r, size, nil, &UploadOptions{ChunkSize: UploadFragment})
			if err == nil || !strings.Contains(err.Error(), "reader ended at byte 900000") {
				t.Errorf("short %T: %v", r, err)
			}
		}
		var nilClient *Client
		if err := nilClient.Upload(context.Background(), u, bytes.NewReader(content), size, nil, nil); err == nil {
			t.Error("nil client uploaded")
		}
	})

	t.Run("final body", func(t *testing.T) {
		// The final response into a *[]byte, as it is.
		c, _, u := setup(t)
		var raw []byte
		if err := c.Upload(context.Background(), u, bytes.NewReader(content), size, &raw, nil); err != nil {
			t.Fatal(err)
		}
		var item uploadItem
		if err := json.Unmarshal(raw, &item); err != nil || item.Size != size {
			t.Errorf("raw body %s: %v", raw, err)
		}
	})
}

// roundTripperFunc is an http.RoundTripper made of a function.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
