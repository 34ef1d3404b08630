package impl

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestFakePath(t *testing.T) {
	for _, tc := range []struct {
		tmpl string
		vals []string
		want string
	}{
		{"/widgets", nil, "/widgets"},
		{"/users/{user-id}/widgets", []string{"42"}, "/users/42/widgets"},
		{"/users/{user-id}/widgets/{widget-id}/parts", []string{"a/b", "c d"}, "/users/a%2Fb/widgets/c%20d/parts"},
		{"/users", []string{"extra"}, "/users"},
	} {
		if got := FakePath(tc.tmpl, tc.vals...); got != tc.want {
			t.Errorf("FakePath(%q, %q) = %q, want %q", tc.tmpl, tc.vals, got, tc.want)
		}
	}
}

func TestFakeWrite(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   []byte
		err    error
		code   int
		want   string
	}{
		{200, []byte(`{"a":1}`), nil, 200, `{"a":1}`},
		{204, []byte(`{"a":1}`), nil, 204, ``},
		{201, nil, FakeNotImplemented("POST", "/x/send", "action"), 501, `"code":"NotImplemented","message":"the fake Graph does not implement POST /x/send (action)"`},
		{200, nil, errors.New("boom"), 500, `"code":"InternalServerError","message":"boom"`},
	} {
		w := httptest.NewRecorder()
		if err := FakeWrite(w, tc.status, tc.body, tc.err); err != nil {
			t.Fatal(err)
		}
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.want) || (tc.want == "" && w.Body.Len() != 0) {
			t.Errorf("FakeWrite(%d, %s, %v): %d %s", tc.status, tc.body, tc.err, w.Code, w.Body)
		}
	}
}

func TestFakeRoutes(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /widgets", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "list") })
	srv := httptest.NewServer(FakeRoutes(mux))
	defer srv.Close()
	for _, tc := range []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", "/widgets", 200, "list"},
		{"GET", "/gadgets", 404, `{"error":{"code":"NotFound","message":"no resource at /gadgets"`},
		{"DELETE", "/widgets", 405, `{"error":{"code":"MethodNotAllowed"`},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.HasPrefix(string(b), tc.want) {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, resp.StatusCode, b)
		}
	}
}
