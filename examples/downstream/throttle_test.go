package downstream_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/fake"

	"example.com/downstream/sprockets"
)

// throttleWaits is a RetryPolicy's Sleep that records how long the client
// would have waited, and returns at once: retry tests take no time.
type throttleWaits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *throttleWaits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return ctx.Err()
}

func (w *throttleWaits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.d)
}

// TestClientRetriesWhenThrottled makes the fake throttle: fake.Faults
// answers the first list, and every other one after it, with 429
// TooManyRequests and Retry-After: 3, as Graph does under load. The client
// waits what Retry-After says and sends the list again, which the fake
// serves; the store's request log shows both.
func TestClientRetriesWhenThrottled(t *testing.T) {
	var store *fake.Store
	srv := newFakeServer(t,
		fake.Faults(1, fake.Fault{
			Ops:        []string{"WorkshopSprocketsList"}, // the Go method name, or the operationId
			Status:     429,
			RetryAfter: 3 * time.Second,
			EveryNth:   2,
		}),
		func(s *fake.Store) { store = s }, // hands the test the store
	)
	waits := &throttleWaits{}
	client := sprockets.NewClient(srv, graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, Sleep: waits.sleep}))
	ctx := context.Background()

	if _, err := client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{DisplayName: ptr("Rear cog 14T")}); err != nil {
		t.Fatalf("create: %v", err)
	}
	page, err := client.WorkshopSprocketsList(ctx, nil)
	if err != nil || len(*page.Value) != 1 {
		t.Fatalf("list: %+v, %v; want the sprocket, after one retry", page, err)
	}
	if got := waits.all(); !slices.Equal(got, []time.Duration{3 * time.Second}) {
		t.Errorf("the client waited %v, want [3s], the Retry-After", got)
	}
	var log []string
	for _, r := range store.Requests() {
		entry := fmt.Sprintf("%s %s %d", r.Method, r.Op, r.Status)
		if r.Fault {
			entry += " (fault)"
		}
		log = append(log, entry)
	}
	want := []string{
		"POST WorkshopSprocketsCreate 201",
		"GET WorkshopSprocketsList 429 (fault)",
		"GET WorkshopSprocketsList 200",
	}
	if !slices.Equal(log, want) {
		t.Errorf("requests %q, want %q", log, want)
	}
}

// TestListAllSurvivesOutages pages through the catalogue while the fake
// answers about a third of all requests with 503 ServiceUnavailable
// (Retry-After: 1). The faults are drawn from the seed, so every run sees
// the same ones; the client's retries hide them all, the creates' too
// (a POST is sent again only because Retry-After says it was not
// processed).
func TestListAllSurvivesOutages(t *testing.T) {
	var store *fake.Store
	srv := newFakeServer(t,
		fake.Faults(2024, fake.Fault{Status: 503, RetryAfter: time.Second, Fraction: 0.3}),
		func(s *fake.Store) { store = s },
	)
	waits := &throttleWaits{}
	client := sprockets.NewClient(srv, graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 10, BaseDelay: time.Millisecond, Sleep: waits.sleep}))
	ctx := context.Background()
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		if _, err := client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{DisplayName: ptr(name)}); err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
	}
	var names []string
	for s, err := range client.WorkshopSprocketsListAll(ctx, &sprockets.WorkshopSprocketsListParams{Top: ptr(sprockets.Top(2))}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, *s.DisplayName)
	}
	if !slices.Equal(names, []string{"a", "b", "c", "d", "e"}) {
		t.Errorf("listed %v, want a to e", names)
	}
	faults := 0
	for _, r := range store.Requests() {
		if r.Fault {
			faults++
		}
	}
	if faults == 0 || len(waits.all()) != faults {
		t.Errorf("%d requests faulted and the client waited %d times; want some, and a wait for each", faults, len(waits.all()))
	}
}

// newFakeServer serves sprockets.NewFakeHandler(opts...) and returns its URL.
func newFakeServer(t *testing.T, opts ...fake.Option) string {
	t.Helper()
	srv := httptest.NewServer(sprockets.NewFakeHandler(opts...))
	t.Cleanup(srv.Close)
	return srv.URL
}
