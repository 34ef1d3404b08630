package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
)

// do sends a request and returns the status, the Graph error code and
// the body.
func do(t *testing.T, c *http.Client, method, url, contentType string, body []byte) (int, string, []byte) {
	status, _, code, data := doHeader(t, c, method, url, contentType, body)
	return status, code, data
}

// doHeader is do that also returns the response's header.
func doHeader(t *testing.T, c *http.Client, method, url, contentType string, body []byte) (int, http.Header, string, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	code := ""
	if resp.StatusCode >= 400 {
		code = graphrt.ParseError(resp.StatusCode, data).Code
	}
	return resp.StatusCode, resp.Header, code, data
}

// TestServerUnderBadInput: the generated server answers every bad request
// in Graph's error shape, before the handler, without exhausting memory.
func TestServerUnderBadInput(t *testing.T) {
	s := newStore()
	srv := httptest.NewServer(userpfx.NewHandler(s))
	old := userpfx.MaxRequestBodyBytes
	userpfx.MaxRequestBodyBytes = 64 << 10
	t.Cleanup(func() { userpfx.MaxRequestBodyBytes = old }) // after srv.Close
	t.Cleanup(srv.Close)
	url := srv.URL + "/deviceManagement/userPfxCertificates"
	valid, _ := json.Marshal(full())
	deep := []byte(`{"keyName":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`)
	huge := []byte(`{"keyName":"` + strings.Repeat("a", 1<<20) + `"}`)
	justFits := []byte(`{"keyName":"` + strings.Repeat("a", 64<<10-len(`{"keyName":""}`)) + `"}`)
	for _, c := range []struct {
		name, method, path, ct string
		body                   []byte
		status                 int
		code                   string
	}{
		{"too large", "POST", "", "application/json", huge, 413, "RequestEntityTooLarge"},
		{"not JSON", "POST", "", "text/plain", valid, 415, "UnsupportedMediaType"},
		{"malformed content type", "POST", "", "application/json; charset", valid, 415, "UnsupportedMediaType"},
		{"malformed JSON", "POST", "", "application/json", []byte(`{"keyName":`), 400, "BadRequest"},
		{"two values", "POST", "", "application/json", append(append([]byte{}, valid...), valid...), 400, "BadRequest"},
		{"invalid UTF-8", "POST", "", "application/json", []byte("{\"keyName\":\"\xff\"}"), 400, "BadRequest"},
		{"empty body", "POST", "", "application/json", nil, 400, "BadRequest"},
		{"deeply nested", "POST", "", "application/json", deep, 400, "BadRequest"},
		{"unknown route", "GET", "/nothing/here", "", nil, 404, "NotFound"},
		{"too many segments", "GET", "/deviceManagement/userPfxCertificates/c1/extra", "", nil, 404, "NotFound"},
		{"empty key", "GET", "/deviceManagement/userPfxCertificates/", "", nil, 404, "NotFound"},
		{"wrong method", "PUT", "", "application/json", valid, 405, "MethodNotAllowed"},
		{"wrong method on a key", "POST", "/deviceManagement/userPfxCertificates/c1", "application/json", valid, 405, "MethodNotAllowed"},
		{"bad query parameter", "GET", "/deviceManagement/userPfxCertificates?$top=-", "", nil, 400, "BadRequest"},
		{"query parameter twice", "GET", "/deviceManagement/userPfxCertificates?$top=1&$top=2", "", nil, 400, "BadRequest"},
		{"JSON with charset", "POST", "", "application/json; charset=utf-8", valid, 201, ""},
		{"no content type", "POST", "", "", valid, 201, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := url
			if c.path != "" {
				u = srv.URL + c.path
			}
			calls := s.callCount()
			status, h, code, body := doHeader(t, srv.Client(), c.method, u, c.ct, c.body)
			if status != c.status || code != c.code {
				t.Errorf("got %d %q, want %d %q: %.200s", status, code, c.status, c.code, body)
			}
			if c.status >= 400 {
				if s.callCount() != calls {
					t.Error("the handler ran")
				}
				if !bytes.HasPrefix(body, []byte(`{"error":{"code":`)) {
					t.Errorf("not Graph's error shape: %.200s", body)
				}
			}
			if c.status == 405 && h.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
			if c.status == 413 && !strings.Contains(string(body), "65536") {
				t.Errorf("413 does not say the limit: %s", body)
			}
		})
	}
	// a body of exactly MaxRequestBodyBytes is read, and checked
	status, code, body := do(t, srv.Client(), "POST", url, "application/json", justFits)
	if status != 400 || code != graphrt.CodeBadRequest || !strings.Contains(string(body), "thumbprint: required") {
		t.Errorf("a body of the largest size: %d %s %.300s; want 400 for the missing required thumbprint", status, code, body)
	}
	// Allow lists the methods of the path
	for path, want := range map[string]string{
		"/deviceManagement/userPfxCertificates":    "GET, POST",
		"/deviceManagement/userPfxCertificates/c1": "DELETE, GET, PATCH",
	} {
		_, h, _, _ := doHeader(t, srv.Client(), "PUT", srv.URL+path, "", nil)
		if got := h.Get("Allow"); got != want {
			t.Errorf("PUT %s: Allow %q, want %q", path, got, want)
		}
	}
}

// panicking panics in Get.
type panicking struct {
	userpfx.UnimplementedHandler
}

func (panicking) DeviceManagementUserPfxCertificatesGet(context.Context, string, *userpfx.DeviceManagementUserPfxCertificatesGetParams) (*userpfx.UserPFXCertificate, error) {
	panic("handler bug")
}

// TestServerSurvivesAPanickingHandler: a panic is answered 500 in Graph's
// shape, and the server goes on serving.
func TestServerSurvivesAPanickingHandler(t *testing.T) {
	srv := httptest.NewUnstartedServer(userpfx.NewHandler(panicking{}))
	logged := new(lockedBuffer)
	srv.Config.ErrorLog = log.New(logged, "", 0)
	srv.Start()
	defer srv.Close()
	c := userpfx.NewClient(srv.URL, graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 1}))
	for range 2 {
		_, err := c.DeviceManagementUserPfxCertificatesGet(context.Background(), "c1", nil)
		var e *graphrt.Error
		if !errors.As(err, &e) || e.StatusCode != 500 || e.Code != graphrt.CodeInternalServerError {
			t.Errorf("get: %v, want a 500 InternalServerError *graphrt.Error", err)
		}
	}
	if !strings.Contains(logged.String(), "handler bug") {
		t.Errorf("the panic was not logged to the server's ErrorLog: %q", logged.String())
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestFakeUnderLoad sends mixed valid and invalid creates to the generated
// fake over loopback, 64 at a time: no 5xx, every invalid body rejected,
// every valid one readable afterwards, and no goroutine left behind.
func TestFakeUnderLoad(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	before := runtime.NumGoroutine()
	srv := httptest.NewServer(userpfx.NewFakeHandler())
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	url := srv.URL + "/deviceManagement/userPfxCertificates"
	valid, _ := json.Marshal(full())
	invalid := []byte(strings.Replace(string(valid), `"smimeEncryption"`, `"smimeEverything"`, 1))
	var created sync.Map
	var fiveXX, invalidAccepted, validRejected atomic.Int64
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for i := range jobs {
				body := valid
				if i%3 == 0 {
					body = invalid
				}
				status, _, data := do(t, client, "POST", url, "application/json", body)
				switch {
				case status >= 500:
					fiveXX.Add(1)
				case i%3 == 0 && status != 400:
					invalidAccepted.Add(1)
				case i%3 != 0 && status != 201:
					validRejected.Add(1)
				case i%3 != 0:
					var c struct {
						ID string `json:"id"`
					}
					json.Unmarshal(data, &c)
					created.Store(c.ID, true)
				}
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if fiveXX.Load() != 0 || invalidAccepted.Load() != 0 || validRejected.Load() != 0 {
		t.Fatalf("5xx %d, invalid accepted %d, valid rejected %d; want 0 of each", fiveXX.Load(), invalidAccepted.Load(), validRejected.Load())
	}
	// read every one back with one generated client, 64 at a time
	gc := userpfx.NewClient(srv.URL, graphrt.WithHTTPClient(client))
	ids := make(chan string)
	var readable, unreadable atomic.Int64
	for range 64 {
		wg.Go(func() {
			for id := range ids {
				c, err := gc.DeviceManagementUserPfxCertificatesGet(context.Background(), id, nil)
				if err != nil || *c.Id != id {
					if unreadable.Add(1) == 1 {
						t.Errorf("created %s, get gives %+v, %v", id, c, err)
					}
					continue
				}
				readable.Add(1)
			}
		})
	}
	created.Range(func(id, _ any) bool {
		ids <- id.(string)
		return true
	})
	close(ids)
	wg.Wait()
	if want := int64(n - (n+2)/3); readable.Load() != want {
		t.Errorf("%d readable writes, want %d", readable.Load(), want)
	}
	srv.Close()
	client.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before+2 {
		t.Errorf("%d goroutines before, %d after", before, g)
	}
}

// TestFakeInProcessUnderLoad calls one Fake from 64 goroutines at once,
// creating, reading, updating, listing and deleting: every call answers
// as it would alone (run it with -race).
func TestFakeInProcessUnderLoad(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	f := userpfx.NewFake()
	ctx := context.Background()
	var failures atomic.Int64
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 10 {
			t.Errorf(format, args...)
		}
	}
	var kept sync.Map
	var wg sync.WaitGroup
	for w := range 64 {
		wg.Go(func() {
			for i := w; i < n; i += 64 {
				cert := full()
				cert.KeyName = ptr(fmt.Sprintf("key-%d", i))
				c, err := f.DeviceManagementUserPfxCertificatesCreate(ctx, &cert)
				if err != nil {
					fail("create %d: %v", i, err)
					continue
				}
				id := *c.Id
				u, err := f.DeviceManagementUserPfxCertificatesUpdate(ctx, id, &userpfx.UserPFXCertificate{ProviderName: ptr(fmt.Sprintf("provider-%d", i))})
				if err != nil || *u.KeyName != *cert.KeyName || *u.ProviderName != fmt.Sprintf("provider-%d", i) {
					fail("update %s: %+v, %v", id, u, err)
				}
				if _, err := f.DeviceManagementUserPfxCertificatesList(ctx, &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: ptr[int32](5)}); err != nil {
					fail("list: %v", err)
				}
				if i%2 == 0 {
					if err := f.DeviceManagementUserPfxCertificatesDelete(ctx, id); err != nil {
						fail("delete %s: %v", id, err)
					}
					continue
				}
				kept.Store(id, *cert.KeyName)
			}
		})
	}
	wg.Wait()
	count := 0
	kept.Range(func(id, key any) bool {
		count++
		c, err := f.DeviceManagementUserPfxCertificatesGet(ctx, id.(string), nil)
		if err != nil || *c.KeyName != key.(string) {
			fail("get %s: %+v, %v; want keyName %s", id, c, err, key)
		}
		return true
	})
	page, err := f.DeviceManagementUserPfxCertificatesList(ctx, &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: ptr[int32](int32(n))})
	if err != nil {
		t.Fatalf("list at the end: %v", err)
	}
	if len(*page.Value) != count || count != n/2 {
		t.Errorf("list at the end: %d items, kept %d; want %d", len(*page.Value), count, n/2)
	}
}
