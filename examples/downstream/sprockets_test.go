package downstream_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"

	"example.com/downstream/sprockets"
)

// catalogue is a server: it implements the generated sprockets.Handler,
// one method per operation, and sprockets.NewHandler serves it over HTTP.
// NewHandler decodes and checks request bodies before a method runs, and
// answers an error that is a *graphrt.Error with its status and code.
type catalogue struct {
	mu        sync.Mutex
	next      int
	sprockets map[string]sprockets.Sprocket
}

func newCatalogue() *catalogue {
	return &catalogue{sprockets: map[string]sprockets.Sprocket{}}
}

func (c *catalogue) WorkshopSprocketsList(ctx context.Context, params *sprockets.WorkshopSprocketsListParams) (*sprockets.SprocketCollectionResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	all := []sprockets.Sprocket{}
	for _, id := range slices.Sorted(maps.Keys(c.sprockets)) {
		all = append(all, c.sprockets[id])
	}
	return &sprockets.SprocketCollectionResponse{Value: &all}, nil
}

func (c *catalogue) WorkshopSprocketsCreate(ctx context.Context, body *sprockets.Sprocket) (*sprockets.Sprocket, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	s := *body
	id := fmt.Sprintf("sprocket-%d", c.next)
	now := time.Date(2024, 2, 7, 10, 30, 0, 0, time.UTC)
	s.Id, s.CreatedDateTime = &id, &now
	c.sprockets[id] = s
	return &s, nil
}

func (c *catalogue) WorkshopSprocketsGet(ctx context.Context, id string, params *sprockets.WorkshopSprocketsGetParams) (*sprockets.Sprocket, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sprockets[id]
	if !ok {
		return nil, notFound(id)
	}
	return &s, nil
}

func (c *catalogue) WorkshopSprocketsDelete(ctx context.Context, id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.sprockets[id]; !ok {
		return notFound(id)
	}
	delete(c.sprockets, id)
	return nil
}

// count returns how many sprockets the catalogue holds.
func (c *catalogue) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.sprockets)
}

// notFound is the error NewHandler answers with 404 in Graph's error shape.
func notFound(id string) error {
	return &graphrt.Error{StatusCode: http.StatusNotFound, Code: "ResourceNotFound", Message: "no sprocket " + id}
}

// setup serves a new catalogue on a loopback server and returns a
// generated client for it.
func setup(t *testing.T) (*catalogue, *httptest.Server, *sprockets.Client) {
	t.Helper()
	c := newCatalogue()
	srv := httptest.NewServer(sprockets.NewHandler(c))
	t.Cleanup(srv.Close)
	return c, srv, sprockets.NewClient(srv.URL)
}

func ptr[T any](v T) *T { return &v }

func TestClientAgainstServer(t *testing.T) {
	_, _, client := setup(t)
	ctx := context.Background()

	created, err := client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{
		DisplayName:   ptr("Chainring 42T"),
		ToothCount:    ptr(int32(42)),
		PitchDiameter: ptr(170.42),
		Finish:        ptr(sprockets.SprocketFinishZincPlated),
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.Id == nil {
		t.Fatalf("create: %+v, want an id", created)
	}
	id := *created.Id

	got, err := client.WorkshopSprocketsGet(ctx, id, nil)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if *got.ToothCount != 42 || *got.PitchDiameter != 170.42 || *got.Finish != sprockets.SprocketFinishZincPlated || got.CreatedDateTime == nil {
		t.Errorf("get: %+v, want what was created, with createdDateTime", got)
	}

	list, err := client.WorkshopSprocketsList(ctx, nil)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if list.Value == nil || len(*list.Value) != 1 {
		t.Errorf("list: %+v, want the one sprocket", list)
	}

	if err := client.WorkshopSprocketsDelete(ctx, id); err != nil {
		t.Fatalf("delete: %v", err)
	}
	// an error response is a *graphrt.Error with Graph's status, code and message
	_, err = client.WorkshopSprocketsGet(ctx, id, nil)
	var gerr *graphrt.Error
	if !errors.As(err, &gerr) || gerr.StatusCode != http.StatusNotFound || gerr.Code != "ResourceNotFound" {
		t.Errorf("get after delete: %v, want a 404 ResourceNotFound *graphrt.Error", err)
	}
}

func TestInvalidBodyIsRejected(t *testing.T) {
	c, srv, _ := setup(t)
	resp, err := http.Post(srv.URL+"/workshop/sprockets", "application/json", strings.NewReader(`{"toothCount": "many"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a string tooth count: status %d, want 400", resp.StatusCode)
	}
	// the answer is in Graph's error shape and names the bad member
	var body struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Error.Code != "BadRequest" || !strings.Contains(body.Error.Message, "toothCount") {
		t.Errorf("error %+v (%v), want code BadRequest and a message naming toothCount", body.Error, err)
	}
	// and the catalogue never saw the request
	if n := c.count(); n != 0 {
		t.Errorf("the catalogue holds %d sprockets, want 0", n)
	}
}

// TestClientAgainstFake uses the generated fake instead: NewFakeHandler
// serves the API from memory, so downstream code can be tested without
// writing a server.
func TestClientAgainstFake(t *testing.T) {
	srv := httptest.NewServer(sprockets.NewFakeHandler())
	t.Cleanup(srv.Close)
	client := sprockets.NewClient(srv.URL)
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"Rear cog 14T", "Rear cog 16T", "Chainring 42T"} {
		s, err := client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{DisplayName: ptr(name), Finish: ptr(sprockets.SprocketFinishRaw)})
		if err != nil || s.Id == nil {
			t.Fatalf("create %s: %+v, %v; want a sprocket with an id", name, s, err)
		}
		ids = append(ids, *s.Id)
	}
	// ListAll follows @odata.nextLink: two sprockets a page
	var names []string
	for s, err := range client.WorkshopSprocketsListAll(ctx, &sprockets.WorkshopSprocketsListParams{Top: ptr(sprockets.Top(2))}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, *s.DisplayName)
	}
	if got := strings.Join(names, ", "); got != "Rear cog 14T, Rear cog 16T, Chainring 42T" {
		t.Errorf("list all: %q, want the three in creation order", got)
	}
	if err := client.WorkshopSprocketsDelete(ctx, ids[0]); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err := client.WorkshopSprocketsGet(ctx, ids[0], nil)
	var gerr *graphrt.Error
	if !errors.As(err, &gerr) || gerr.StatusCode != http.StatusNotFound || gerr.Code == "" {
		t.Errorf("get a deleted sprocket: %v, want a 404 *graphrt.Error", err)
	}
}

// countFinished is downstream code: it takes any sprockets.Handler, so
// the same code runs against the client, a server's handler or the fake.
func countFinished(ctx context.Context, h sprockets.Handler) (int, error) {
	page, err := h.WorkshopSprocketsList(ctx, nil)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range *page.Value {
		if s.Finish != nil && *s.Finish != sprockets.SprocketFinishRaw {
			n++
		}
	}
	return n, nil
}

// TestCodeAgainstFakeInProcess calls the Fake directly, without HTTP:
// NewFake is a sprockets.Handler. (Request bodies are checked only when
// the fake is served, by NewHandler.)
func TestCodeAgainstFakeInProcess(t *testing.T) {
	f := sprockets.NewFake()
	ctx := context.Background()
	for _, finish := range []sprockets.SprocketFinish{sprockets.SprocketFinishRaw, sprockets.SprocketFinishBlackOxide, sprockets.SprocketFinishZincPlated} {
		if _, err := f.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{Finish: ptr(finish)}); err != nil {
			t.Fatalf("create: %v", err)
		}
	}
	if n, err := countFinished(ctx, f); err != nil || n != 2 {
		t.Errorf("countFinished = %d, %v; want 2", n, err)
	}
}
