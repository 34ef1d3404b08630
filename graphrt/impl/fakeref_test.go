package impl

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestFakeRef(t *testing.T) {
	type obj struct {
		ID string `json:"id,omitempty"`
	}
	ctx := context.Background()
	if got := FakeRef(ctx, &obj{ID: "u1"}); got != "u1" {
		t.Errorf("in process: %q", got)
	}
	if got := FakeRef(ctx, nil); got != "" {
		t.Errorf("nothing: %q", got)
	}
	// served: the body as sent, read again after ReadRefBody
	r := httptest.NewRequest("POST", "/groups/g1/members/$ref", strings.NewReader(`{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/u2"}`))
	var v obj
	if err := ReadRefBody(r, 1<<20, &v, nil); err != nil {
		t.Fatal(err)
	}
	if got := FakeRef(WithRequest(ctx, r), &v); got != "https://graph.microsoft.com/v1.0/directoryObjects/u2" {
		t.Errorf("served: %q", got)
	}
}
