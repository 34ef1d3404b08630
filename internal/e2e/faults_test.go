package e2e_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/fake"
)

// waits records the waits of a RetryPolicy's Sleep, which returns at once.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return ctx.Err()
}

func (w *waits) get() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.d)
}

// faultyFake serves userpfx.NewFakeHandler with opts, and returns a client
// for it that retries up to 4 attempts, recording its waits instead of
// waiting, and the fake's store.
func faultyFake(t *testing.T, opts ...fake.Option) (*userpfx.Client, *waits, *fake.Store) {
	t.Helper()
	var store *fake.Store
	srv := httptest.NewServer(userpfx.NewFakeHandler(append(opts, func(s *fake.Store) { store = s })...))
	t.Cleanup(srv.Close)
	w := &waits{}
	c := userpfx.NewClient(srv.URL, graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, Sleep: w.sleep}))
	return c, w, store
}

// TestFakeThrottlesAndClientRetries: the fake answers every other list
// with 429 and Retry-After: 2, starting with the first; the generated
// client waits the 2s (here, records it) and its retry succeeds. The
// store's log shows both requests.
func TestFakeThrottlesAndClientRetries(t *testing.T) {
	c, w, store := faultyFake(t, fake.Faults(1, fake.Fault{
		Ops:        []string{"DeviceManagementUserPfxCertificatesList"},
		Status:     429,
		RetryAfter: 2 * time.Second,
		EveryNth:   2,
	}))
	ctx := context.Background()
	cert := full()
	created, err := c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert)
	if err != nil {
		t.Fatalf("create (not throttled): %v", err)
	}
	page, err := c.DeviceManagementUserPfxCertificatesList(ctx, nil)
	if err != nil || len(*page.Value) != 1 || *(*page.Value)[0].Id != *created.Id {
		t.Fatalf("list: %+v, %v; want the certificate, after a retry", page, err)
	}
	if got := w.get(); !slices.Equal(got, []time.Duration{2 * time.Second}) {
		t.Errorf("waits %v, want [2s], the Retry-After", got)
	}
	const list = "DeviceManagementUserPfxCertificatesList"
	want := []fake.Request{
		{Op: "DeviceManagementUserPfxCertificatesCreate", Method: "POST", Path: "/deviceManagement/userPfxCertificates", Status: 201},
		{Op: list, Method: "GET", Path: "/deviceManagement/userPfxCertificates", Status: 429, Fault: true},
		{Op: list, Method: "GET", Path: "/deviceManagement/userPfxCertificates", Status: 200},
	}
	if got := store.Requests(); !slices.Equal(got, want) {
		t.Errorf("requests\n%+v\nwant\n%+v", got, want)
	}

	// the next list is throttled again (the 3rd), and retried
	store.ResetRequests()
	if _, err := c.DeviceManagementUserPfxCertificatesList(ctx, &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: ptr[int32](5)}); err != nil {
		t.Fatal(err)
	}
	got := store.Requests()
	if len(got) != 2 || !got[0].Fault || got[1].Fault || got[1].Query != "$top=5" {
		t.Errorf("second list: %+v; want a faulted request and a served one, with $top=5", got)
	}
}

// TestFakeFaultsExhaustRetries: when every request is throttled, the
// client gives up after its attempts with the fake's 429 as a
// *graphrt.Error; a 503 without Retry-After on a POST is not retried (it
// may have been processed); in-process calls are neither faulted nor
// logged.
func TestFakeFaultsExhaustRetries(t *testing.T) {
	c, w, store := faultyFake(t, fake.Faults(1,
		fake.Fault{Ops: []string{"deviceManagement.userPfxCertificates.get"}, Status: 429, EveryNth: 1},
		fake.Fault{Ops: []string{"DeviceManagementUserPfxCertificatesCreate"}, Status: 503, EveryNth: 1, Limit: 1},
	))
	ctx := context.Background()
	_, err := c.DeviceManagementUserPfxCertificatesGet(ctx, "x", nil)
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != 429 || e.Code != "TooManyRequests" {
		t.Fatalf("get: %v, want 429 TooManyRequests", err)
	}
	if got := w.get(); !slices.Equal(got, []time.Duration{time.Second, time.Second, time.Second}) {
		t.Errorf("waits %v, want 1s three times (Retry-After: 1, the 429's default)", got)
	}
	cert := full()
	_, err = c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert)
	if !errors.As(err, &e) || e.StatusCode != 503 || e.Code != "ServiceUnavailable" {
		t.Fatalf("create: %v, want 503 ServiceUnavailable, not retried", err)
	}
	// the fault's Limit is spent: the next create is served
	if _, err := c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert); err != nil {
		t.Fatalf("create after the limit: %v", err)
	}
	var statuses []int
	for _, r := range store.Requests() {
		statuses = append(statuses, r.Status)
	}
	if want := []int{429, 429, 429, 429, 503, 201}; !slices.Equal(statuses, want) {
		t.Errorf("statuses %v, want %v", statuses, want)
	}

	// the Fake's methods called in-process: no faults, no log
	f := userpfx.NewFake(fake.Faults(1, fake.Fault{Status: 503, EveryNth: 1}))
	if _, err := f.DeviceManagementUserPfxCertificatesCreate(ctx, &cert); err != nil {
		t.Errorf("in-process create: %v, want no fault", err)
	}
	if got := f.Store().Requests(); len(got) != 0 {
		t.Errorf("in-process calls were logged: %+v", got)
	}
}
