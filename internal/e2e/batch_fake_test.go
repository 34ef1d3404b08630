package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/fake"
)

// batchCalls records the ids of the requests of each $batch call a server
// was sent.
type batchCalls struct {
	mu    sync.Mutex
	calls [][]string
}

func (b *batchCalls) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/$batch") {
			data, _ := io.ReadAll(r.Body)
			var body struct {
				Requests []struct{ ID string } `json:"requests"`
			}
			json.Unmarshal(data, &body)
			var ids []string
			for _, q := range body.Requests {
				ids = append(ids, q.ID)
			}
			b.mu.Lock()
			b.calls = append(b.calls, ids)
			b.mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(data))
		}
		h.ServeHTTP(w, r)
	})
}

func (b *batchCalls) get() [][]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.calls)
}

// batchFake serves userpfx.NewFakeHandler with opts, and returns a client
// for it whose retries record their waits instead of waiting, the record
// of its $batch calls and its store. The store's ids are cert-1, cert-2...
func batchFake(t *testing.T, opts ...fake.Option) (*userpfx.Client, *waits, *batchCalls, *fake.Store) {
	t.Helper()
	var store *fake.Store
	n := 0
	opts = append(opts, fake.IDs(func() string { n++; return "cert-" + strconv.Itoa(n) }), func(s *fake.Store) { store = s })
	calls := &batchCalls{}
	srv := httptest.NewServer(calls.wrap(userpfx.NewFakeHandler(opts...)))
	t.Cleanup(srv.Close)
	w := &waits{}
	c := userpfx.NewClient(srv.URL, graphrt.WithRetry(graphrt.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, Sleep: w.sleep}))
	return c, w, calls, store
}

// TestFakeBatch sends one batch to the generated fake with graphrt.NewBatch:
// two creates, a get of the first that depends on its create, a get of an
// id the fake does not have (404), and a delete that depends on that get
// (424, not run). A second batch reads what the first made.
func TestFakeBatch(t *testing.T) {
	c, _, calls, store := batchFake(t)
	ctx := context.Background()

	b := graphrt.NewBatch(c.Runtime())
	var made [2]*userpfx.UserPFXCertificate
	var creates [2]*graphrt.BatchItem
	for i, upn := range []string{"adele", "bianca"} {
		cert := full()
		cert.UserPrincipalName = ptr(upn + "@contoso.example")
		creates[i] = b.Add(func(ctx context.Context) (err error) {
			made[i], err = c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert)
			return err
		})
	}
	var got *userpfx.UserPFXCertificate
	get := b.Add(func(ctx context.Context) (err error) {
		got, err = c.DeviceManagementUserPfxCertificatesGet(ctx, "cert-1", nil)
		return err
	}, creates[0])
	missing := b.Add(func(ctx context.Context) error {
		_, err := c.DeviceManagementUserPfxCertificatesGet(ctx, "no-such-cert", nil)
		return err
	})
	del := b.Add(func(ctx context.Context) error {
		return c.DeviceManagementUserPfxCertificatesDelete(ctx, "cert-2")
	}, missing)
	if err := b.Send(ctx); err != nil {
		t.Fatalf("send: %v", err)
	}

	for i, it := range creates {
		if it.Err() != nil || it.Status() != 201 || made[i] == nil || made[i].Id == nil {
			t.Fatalf("create %d: status %d, %+v, %v", i, it.Status(), made[i], it.Err())
		}
	}
	if *made[0].Id != "cert-1" || *made[1].Id != "cert-2" {
		t.Errorf("created %s, %s; want cert-1, cert-2", *made[0].Id, *made[1].Id)
	}
	if get.Err() != nil || got == nil || *got.Id != "cert-1" || *got.UserPrincipalName != "adele@contoso.example" {
		t.Errorf("get after create: %+v, %v", got, get.Err())
	}
	var ge *graphrt.Error
	if !errors.As(missing.Err(), &ge) || ge.StatusCode != 404 {
		t.Errorf("get of a missing id: status %d, %v; want a 404 *graphrt.Error", missing.Status(), missing.Err())
	}
	if !errors.As(del.Err(), &ge) || ge.StatusCode != 424 {
		t.Errorf("delete after a 404: status %d, %v; want 424", del.Status(), del.Err())
	}
	if got := calls.get(); len(got) != 1 || len(got[0]) != 5 {
		t.Errorf("$batch calls %q, want one of 5 requests", got)
	}
	// The delete did not run; each request that ran is in the log, as if
	// sent alone, and the $batch call itself is not.
	var ops []string
	for _, r := range store.Requests() {
		ops = append(ops, r.Op+" "+strconv.Itoa(r.Status))
	}
	want := []string{
		"DeviceManagementUserPfxCertificatesCreate 201",
		"DeviceManagementUserPfxCertificatesCreate 201",
		"DeviceManagementUserPfxCertificatesGet 200",
		"DeviceManagementUserPfxCertificatesGet 404",
	}
	if !slices.Equal(ops, want) {
		t.Errorf("log %q, want %q", ops, want)
	}

	// Both certificates are there.
	b = graphrt.NewBatch(c.Runtime())
	var again [2]*graphrt.BatchItem
	for i, id := range []string{"cert-1", "cert-2"} {
		again[i] = b.Add(func(ctx context.Context) error {
			_, err := c.DeviceManagementUserPfxCertificatesGet(ctx, id, nil)
			return err
		})
	}
	if err := b.Send(ctx); err != nil {
		t.Fatal(err)
	}
	for i, it := range again {
		var cert userpfx.UserPFXCertificate
		if err := it.Decode(&cert); err != nil || cert.Id == nil || *cert.Id != "cert-"+strconv.Itoa(i+1) {
			t.Errorf("get %d: %+v, %v", i+1, cert, err)
		}
	}
}

// TestFakeBatchThrottled: the fake throttles every other get, starting with
// the first, with 429 and Retry-After: 1, inside the batch. The batch
// client waits the second (here, records it) and sends just the throttled
// get again, in a second $batch call.
func TestFakeBatchThrottled(t *testing.T) {
	c, w, calls, store := batchFake(t, fake.Faults(1, fake.Fault{
		Ops:        []string{"DeviceManagementUserPfxCertificatesGet"},
		Status:     429,
		RetryAfter: time.Second,
		EveryNth:   2,
	}))
	ctx := context.Background()
	cert := full()
	if _, err := c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert); err != nil {
		t.Fatal(err)
	}
	store.ResetRequests()

	b := graphrt.NewBatch(c.Runtime())
	var created, got *userpfx.UserPFXCertificate
	create := b.Add(func(ctx context.Context) (err error) {
		cert := full()
		created, err = c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert)
		return err
	})
	get := b.Add(func(ctx context.Context) (err error) {
		got, err = c.DeviceManagementUserPfxCertificatesGet(ctx, "cert-1", nil)
		return err
	})
	if err := b.Send(ctx); err != nil {
		t.Fatalf("send: %v", err)
	}
	if create.Err() != nil || created == nil || *created.Id != "cert-2" {
		t.Errorf("create: %+v, %v", created, create.Err())
	}
	if get.Err() != nil || get.Status() != 200 || got == nil || *got.Id != "cert-1" {
		t.Errorf("get: status %d, %+v, %v; want it served on the retry", get.Status(), got, get.Err())
	}
	if got := calls.get(); !slices.EqualFunc(got, [][]string{{"1", "2"}, {"2"}}, slices.Equal) {
		t.Errorf("$batch calls %q, want [[1 2] [2]]: the throttled get alone again", got)
	}
	if got := w.get(); !slices.Equal(got, []time.Duration{time.Second}) {
		t.Errorf("waits %v, want [1s], the item's Retry-After", got)
	}
	const getOp = "DeviceManagementUserPfxCertificatesGet"
	want := []fake.Request{
		{Op: "DeviceManagementUserPfxCertificatesCreate", Method: "POST", Path: "/deviceManagement/userPfxCertificates", Status: 201},
		{Op: getOp, Method: "GET", Path: "/deviceManagement/userPfxCertificates/cert-1", Status: 429, Fault: true},
		{Op: getOp, Method: "GET", Path: "/deviceManagement/userPfxCertificates/cert-1", Status: 200},
	}
	if got := store.Requests(); !slices.Equal(got, want) {
		t.Errorf("requests\n%+v\nwant\n%+v", got, want)
	}
}
