package downstream_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"

	"example.com/downstream/sprockets"
)

// catalogue is an in-memory implementation of the generated strict server
// interface: the test runs the generated client against it.
type catalogue struct {
	mu       sync.Mutex
	next     int
	sprocket map[string]sprockets.Sprocket
}

func (c *catalogue) WorkshopSprocketsList(ctx context.Context, r sprockets.WorkshopSprocketsListRequestObject) (sprockets.WorkshopSprocketsListResponseObject, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.sprocket))
	for id := range c.sprocket {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	all := []sprockets.Sprocket{}
	for _, id := range ids {
		all = append(all, c.sprocket[id])
	}
	return sprockets.WorkshopSprocketsList200JSONResponse{Value: &all}, nil
}

func (c *catalogue) WorkshopSprocketsCreate(ctx context.Context, r sprockets.WorkshopSprocketsCreateRequestObject) (sprockets.WorkshopSprocketsCreateResponseObject, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	s := *r.Body
	id := "sprocket-" + string(rune('0'+c.next))
	now := time.Date(2024, 2, 7, 10, 30, 0, 0, time.UTC)
	s.Id, s.CreatedDateTime = &id, &now
	c.sprocket[id] = s
	return sprockets.WorkshopSprocketsCreate201JSONResponse(s), nil
}

func (c *catalogue) WorkshopSprocketsGet(ctx context.Context, r sprockets.WorkshopSprocketsGetRequestObject) (sprockets.WorkshopSprocketsGetResponseObject, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sprocket[r.SprocketId]
	if !ok {
		return sprockets.WorkshopSprocketsGetdefaultJSONResponse{StatusCode: http.StatusNotFound, Body: notFound(r.SprocketId)}, nil
	}
	return sprockets.WorkshopSprocketsGet200JSONResponse(s), nil
}

func (c *catalogue) WorkshopSprocketsDelete(ctx context.Context, r sprockets.WorkshopSprocketsDeleteRequestObject) (sprockets.WorkshopSprocketsDeleteResponseObject, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.sprocket[r.SprocketId]; !ok {
		return sprockets.WorkshopSprocketsDeletedefaultJSONResponse{StatusCode: http.StatusNotFound, Body: notFound(r.SprocketId)}, nil
	}
	delete(c.sprocket, r.SprocketId)
	return sprockets.WorkshopSprocketsDelete204Response{}, nil
}

func notFound(id string) sprockets.ODataError {
	var e sprockets.ODataError
	e.Error.Code, e.Error.Message = "ResourceNotFound", "no sprocket "+id
	return e
}

func setup(t *testing.T) (*httptest.Server, *sprockets.ClientWithResponses) {
	t.Helper()
	c := &catalogue{sprocket: map[string]sprockets.Sprocket{}}
	srv := httptest.NewServer(sprockets.Handler(sprockets.NewStrictHandler(c, nil)))
	t.Cleanup(srv.Close)
	client, err := sprockets.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return srv, client
}

func ptr[T any](v T) *T { return &v }

func TestClientAgainstServer(t *testing.T) {
	_, client := setup(t)
	ctx := context.Background()

	created, err := client.WorkshopSprocketsCreateWithResponse(ctx, sprockets.Sprocket{
		DisplayName:   ptr("Chainring 42T"),
		ToothCount:    ptr(int32(42)),
		PitchDiameter: ptr(170.42),
		Finish:        ptr(sprockets.SprocketFinishZincPlated),
	})
	if err != nil {
		t.Fatal(err)
	}
	if created.StatusCode() != http.StatusCreated || created.JSON201 == nil || created.JSON201.Id == nil {
		t.Fatalf("create: status %d, body %s", created.StatusCode(), created.Body)
	}
	id := *created.JSON201.Id

	got, err := client.WorkshopSprocketsGetWithResponse(ctx, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.JSON200 == nil || *got.JSON200.ToothCount != 42 || *got.JSON200.Finish != sprockets.SprocketFinishZincPlated || got.JSON200.CreatedDateTime == nil {
		t.Fatalf("get: status %d, body %s", got.StatusCode(), got.Body)
	}

	list, err := client.WorkshopSprocketsListWithResponse(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if list.JSON200 == nil || list.JSON200.Value == nil || len(*list.JSON200.Value) != 1 {
		t.Fatalf("list: status %d, body %s", list.StatusCode(), list.Body)
	}

	del, err := client.WorkshopSprocketsDeleteWithResponse(ctx, id)
	if err != nil || del.StatusCode() != http.StatusNoContent {
		t.Fatalf("delete: %v %d", err, del.StatusCode())
	}
	gone, err := client.WorkshopSprocketsGetWithResponse(ctx, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gone.StatusCode() != http.StatusNotFound || gone.JSONDefault == nil || gone.JSONDefault.Error.Code != "ResourceNotFound" {
		t.Errorf("get after delete: status %d, body %s", gone.StatusCode(), gone.Body)
	}
}

func TestInvalidBodyIsRejected(t *testing.T) {
	srv, _ := setup(t)
	resp, err := http.Post(srv.URL+"/workshop/sprockets", "application/json", strings.NewReader(`{"toothCount": "many"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a string tooth count: status %d, want 400", resp.StatusCode)
	}
}

// TestClientAgainstFake uses the generated fake instead: NewFakeHandler
// serves the API from memory, so downstream code can be tested without
// writing a server.
func TestClientAgainstFake(t *testing.T) {
	srv := httptest.NewServer(sprockets.NewFakeHandler())
	t.Cleanup(srv.Close)
	client, err := sprockets.NewGraphClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"Rear cog 14T", "Rear cog 16T", "Chainring 42T"} {
		r, err := client.WorkshopSprocketsCreateWithResponse(ctx, sprockets.Sprocket{DisplayName: ptr(name), Finish: ptr(sprockets.SprocketFinishRaw)})
		if err != nil || r.JSON201 == nil || r.JSON201.Id == nil {
			t.Fatalf("create %s: %v, status %d", name, err, r.StatusCode())
		}
		ids = append(ids, *r.JSON201.Id)
	}
	// ListAll follows @odata.nextLink: two sprockets a page
	var names []string
	for s, err := range client.WorkshopSprocketsListAll(ctx, &sprockets.WorkshopSprocketsListParams{Top: ptr(sprockets.Top(2))}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, *s.DisplayName)
	}
	if strings.Join(names, ", ") != "Rear cog 14T, Rear cog 16T, Chainring 42T" {
		t.Errorf("list all: %q", names)
	}
	if r, err := client.WorkshopSprocketsDeleteWithResponse(ctx, ids[0]); err != nil || r.StatusCode() != http.StatusNoContent {
		t.Fatalf("delete: %v", err)
	}
	// NewGraphClient returns Graph's error responses as *graphrt.Error
	_, err = client.WorkshopSprocketsGetWithResponse(ctx, ids[0], nil)
	var gerr *graphrt.Error
	if !errors.As(err, &gerr) || gerr.StatusCode != http.StatusNotFound || gerr.Code == "" {
		t.Errorf("get a deleted sprocket: %v, want a 404 *graphrt.Error", err)
	}
}
