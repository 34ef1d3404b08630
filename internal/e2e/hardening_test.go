package e2e_test

import (
	"bytes"
	"encoding/json"
	"io"
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

// do sends a request and returns the status and Graph error code.
func do(t *testing.T, c *http.Client, method, url, contentType string, body []byte) (int, string, []byte) {
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
	return resp.StatusCode, code, data
}

// TestServerUnderBadInput: the generated server answers every bad request
// in Graph's error shape, before the handler, without exhausting memory.
func TestServerUnderBadInput(t *testing.T) {
	s := &store{certs: map[string]userpfx.UserPFXCertificate{}}
	srv := httptest.NewServer(userpfx.NewGraphHandler(s))
	defer srv.Close()
	old := userpfx.MaxRequestBodyBytes
	userpfx.MaxRequestBodyBytes = 64 << 10
	defer func() { userpfx.MaxRequestBodyBytes = old }()
	url := srv.URL + "/deviceManagement/userPfxCertificates"
	valid, _ := json.Marshal(full())
	deep := []byte(`{"keyName":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`)
	huge := []byte(`{"keyName":"` + strings.Repeat("a", 1<<20) + `"}`)
	for _, c := range []struct {
		name, method, path, ct string
		body                   []byte
		status                 int
		code                   string
	}{
		{"too large", "POST", "", "application/json", huge, 413, "RequestEntityTooLarge"},
		{"not JSON", "POST", "", "text/plain", valid, 415, "UnsupportedMediaType"},
		{"unknown route", "GET", "/nothing/here", "", nil, 404, "NotFound"},
		{"wrong method", "PUT", "", "application/json", valid, 405, "MethodNotAllowed"},
		{"deeply nested", "POST", "", "application/json", deep, 400, "BadRequest"},
		{"JSON with charset", "POST", "", "application/json; charset=utf-8", valid, 201, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := url
			if c.path != "" {
				u = srv.URL + c.path
			}
			calls := s.calls
			status, code, body := do(t, srv.Client(), c.method, u, c.ct, c.body)
			if status != c.status || code != c.code {
				t.Errorf("got %d %q, want %d %q: %.200s", status, code, c.status, c.code, body)
			}
			if c.status >= 400 && s.calls != calls {
				t.Error("the handler ran")
			}
		})
	}
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
		t.Fatalf("5xx %d, invalid accepted %d, valid rejected %d", fiveXX.Load(), invalidAccepted.Load(), validRejected.Load())
	}
	readable := 0
	created.Range(func(id, _ any) bool {
		if status, _, _ := do(t, client, "GET", url+"/"+id.(string), "", nil); status == 200 {
			readable++
		} else {
			t.Errorf("created %s, GET gives %d", id, status)
			return false
		}
		return true
	})
	if want := n - (n+2)/3; readable != want {
		t.Errorf("%d readable writes, want %d", readable, want)
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
