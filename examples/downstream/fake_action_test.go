package downstream_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/fake"

	"example.com/downstream/sprockets"
)

// WorkshopSprocketsPolish keeps the catalogue a sprockets.Handler now that
// the docs have the polish action: it polishes a sprocket it holds.
func (c *catalogue) WorkshopSprocketsPolish(ctx context.Context, id string, body *sprockets.WorkshopSprocketsPolishBody) (*sprockets.PolishResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sprockets[id]
	if !ok {
		return nil, notFound(id)
	}
	passes := int32(1)
	if body.Passes != nil {
		passes = *body.Passes
	}
	return &sprockets.PolishResult{SprocketId: &id, Finish: s.Finish, Passes: &passes}, nil
}

// TestFakeActionExample calls the polish action of the generated fake
// through the generated client: with no handler registered, the fake
// answers with the example response docs/api/sprocket-polish.md gives.
func TestFakeActionExample(t *testing.T) {
	srv := httptest.NewServer(sprockets.NewFakeHandler())
	defer srv.Close()
	client := sprockets.NewClient(srv.URL)

	got, err := client.WorkshopSprocketsPolish(context.Background(), "0e5c93a4-7b21-4d6f-8f0a-92e4b1c7d358", &sprockets.WorkshopSprocketsPolishBody{Grit: 800, Passes: ptr(int32(3))})
	if err != nil {
		t.Fatalf("polish: %v", err)
	}
	want := sprockets.PolishResult{
		SprocketId:       ptr("0e5c93a4-7b21-4d6f-8f0a-92e4b1c7d358"),
		Finish:           ptr(sprockets.SprocketFinishRaw),
		Roughness:        ptr(0.4),
		Passes:           ptr(int32(3)),
		PolishedDateTime: ptr(time.Date(2024, 2, 7, 11, 5, 0, 0, time.UTC)),
	}
	if g, w := asJSON(t, got), asJSON(t, want); g != w {
		t.Errorf("polish answered\n%s\nwant the documented example\n%s", g, w)
	}
}

// TestFakeActionHandler registers a handler for the polish action on the
// fake's store (fake.Store.On): it gets the request body as JSON, and
// what it returns, or the *graphrt.Error it fails with, is the answer.
func TestFakeActionHandler(t *testing.T) {
	var store *fake.Store
	srv := httptest.NewServer(sprockets.NewFakeHandler(func(s *fake.Store) { store = s }))
	defer srv.Close()
	client := sprockets.NewClient(srv.URL, graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 1}))
	ctx := context.Background()

	store.On("WorkshopSprocketsPolish", func(ctx context.Context, body json.RawMessage) (any, error) {
		var in sprockets.WorkshopSprocketsPolishBody
		if err := json.Unmarshal(body, &in); err != nil {
			return nil, err
		}
		if in.Grit < 100 {
			return nil, &graphrt.Error{StatusCode: http.StatusBadRequest, Code: "GritTooCoarse", Message: "grit below 100 scratches the teeth"}
		}
		return sprockets.PolishResult{Finish: ptr(sprockets.SprocketFinishBlackOxide), Passes: ptr(int32(1)), Roughness: ptr(3200 / float64(in.Grit))}, nil
	})

	got, err := client.WorkshopSprocketsPolish(ctx, "s-1", &sprockets.WorkshopSprocketsPolishBody{Grit: 1600})
	if err != nil {
		t.Fatalf("polish: %v", err)
	}
	if *got.Finish != sprockets.SprocketFinishBlackOxide || *got.Roughness != 2 || *got.Passes != 1 {
		t.Errorf("polish: %s, want the handler's answer", asJSON(t, got))
	}

	_, err = client.WorkshopSprocketsPolish(ctx, "s-1", &sprockets.WorkshopSprocketsPolishBody{Grit: 40})
	var ge *graphrt.Error
	if !errors.As(err, &ge) || ge.StatusCode != http.StatusBadRequest || ge.Code != "GritTooCoarse" {
		t.Errorf("coarse grit: %v, want the handler's 400 GritTooCoarse", err)
	}
}

// polishing is a fake whose polish action is its own: a type embedding
// *sprockets.Fake is a sprockets.Handler, and its methods override the
// fake's.
type polishing struct {
	*sprockets.Fake
}

func (p polishing) WorkshopSprocketsPolish(ctx context.Context, id string, body *sprockets.WorkshopSprocketsPolishBody) (*sprockets.PolishResult, error) {
	return &sprockets.PolishResult{SprocketId: &id, Passes: ptr(int32(7))}, nil
}

// TestFakeOverride serves a type embedding the fake: the overridden action
// answers, and the rest is the fake's store.
func TestFakeOverride(t *testing.T) {
	srv := httptest.NewServer(sprockets.NewHandler(polishing{sprockets.NewFake()}))
	defer srv.Close()
	client := sprockets.NewClient(srv.URL)
	ctx := context.Background()

	created, err := client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{DisplayName: ptr("Rear cog 14T")})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	got, err := client.WorkshopSprocketsPolish(ctx, *created.Id, &sprockets.WorkshopSprocketsPolishBody{Grit: 400})
	if err != nil {
		t.Fatalf("polish: %v", err)
	}
	if *got.SprocketId != *created.Id || *got.Passes != 7 {
		t.Errorf("polish: %s, want the override's answer", asJSON(t, got))
	}
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
