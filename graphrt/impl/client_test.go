package impl

import (
	"context"
	"net/http"
	"testing"
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
