package impl

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
)

func TestNextPageRequest(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		server, link, want string
	}{
		{"https://graph.microsoft.com/beta/", "https://graph.microsoft.com/beta/users?$skiptoken=X", "https://graph.microsoft.com/beta/users?$skiptoken=X"},
		{"https://graph.microsoft.com/beta/", "users?$skiptoken=X", "https://graph.microsoft.com/beta/users?$skiptoken=X"},
		{"https://graph.microsoft.com/beta/", "https://evil.example/users", ""},
		{"https://graph.microsoft.com/beta/", "http://graph.microsoft.com/beta/users", ""},
	} {
		req, err := NextPageRequest(ctx, tc.server, tc.link)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%s: followed to %s", tc.link, req.URL)
		case tc.want != "" && (err != nil || req.URL.String() != tc.want || req.Method != http.MethodGet):
			t.Errorf("%s: %v, %v", tc.link, req, err)
		}
	}
}

func TestDecodeResponse(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			w.Header().Set("Content-Type", "application/json; odata.metadata=minimal")
			io.WriteString(w, `{"value":[1,2]}`)
		case "/text":
			io.WriteString(w, `hello`)
		default:
			graphrt.WriteError(w, 403, "Forbidden", "no")
		}
	}))
	defer srv.Close()
	get := func(path string, v any) error {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		return DecodeResponse(resp, v)
	}
	var page struct{ Value []int }
	if err := get("/ok", &page); err != nil || len(page.Value) != 2 {
		t.Errorf("ok: %v %v", page, err)
	}
	if err := get("/text", &page); err == nil {
		t.Errorf("text: no error")
	}
	var e *graphrt.Error
	if err := get("/denied", &page); !errors.As(err, &e) || e.StatusCode != 403 || e.Message != "no" {
		t.Errorf("denied: %v", err)
	}
}

func TestPageOf(t *testing.T) {
	link := "next"
	items, got, err := PageOf(&[]string{"a"}, &link)
	if len(items) != 1 || got != "next" || err != nil {
		t.Errorf("PageOf = %v %q %v", items, got, err)
	}
	if items, got, _ := PageOf[string](nil, nil); items != nil || got != "" {
		t.Errorf("PageOf(nil, nil) = %v %q", items, got)
	}
}

func TestUnexpectedResponse(t *testing.T) {
	var e *graphrt.Error
	if err := UnexpectedResponse(&http.Response{StatusCode: 409, Header: http.Header{}}, []byte(`{"error":{"code":"Conflict","message":"taken"}}`)); !errors.As(err, &e) || e.Code != "Conflict" {
		t.Errorf("409: %v", err)
	}
	if err := UnexpectedResponse(&http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/plain"}}}, nil); err == nil || errors.As(err, &e) {
		t.Errorf("200 text: %v", err)
	}
}
