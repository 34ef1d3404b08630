package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/gen/seed"
	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/fake"
)

// fakeClient serves userpfx.NewFakeHandler and returns a NewClient on it,
// the number of requests the fake served, and its URL.
func fakeClient(t *testing.T, opts ...fake.Option) (*userpfx.Client, *atomic.Int32, string) {
	t.Helper()
	var n atomic.Int32
	h := userpfx.NewFakeHandler(opts...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return userpfx.NewClient(srv.URL), &n, srv.URL
}

func listAll(t *testing.T, c *userpfx.Client, top int32) []userpfx.UserPFXCertificate {
	t.Helper()
	var out []userpfx.UserPFXCertificate
	for cert, err := range c.DeviceManagementUserPfxCertificatesListAll(context.Background(), &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: &top}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cert)
	}
	return out
}

// fakeScenario runs create, list, get, update, delete and their 404s on
// an empty fake through h: a client over HTTP or the Fake itself. It
// returns the ids created; the second has been deleted.
func fakeScenario(t *testing.T, h userpfx.Handler) []string {
	t.Helper()
	ctx := context.Background()

	// create 3: ids come from the fake
	var ids []string
	for _, upn := range []string{"adele", "bianca", "carol"} {
		cert := full()
		cert.UserPrincipalName = ptr(upn + "@contoso.example")
		got, err := h.DeviceManagementUserPfxCertificatesCreate(ctx, &cert)
		if err != nil || got.Id == nil {
			t.Fatalf("create %s: %+v, %v; want the certificate with an id", upn, got, err)
		}
		if got.OdataType == nil || *got.OdataType != "#microsoft.graph.userPFXCertificate" {
			t.Errorf("create %s: @odata.type %v, want #microsoft.graph.userPFXCertificate", upn, got.OdataType)
		}
		ids = append(ids, *got.Id)
	}
	if ids[0] != "00000000-0000-0000-0000-000000000001" || ids[2] != "00000000-0000-0000-0000-000000000003" {
		t.Errorf("ids %v, want the fake's counters ...001 to ...003", ids)
	}

	// list, one page: creation order, every value as created
	page, err := h.DeviceManagementUserPfxCertificatesList(ctx, nil)
	if err != nil || page.Value == nil || len(*page.Value) != 3 || page.OdataNextLink != nil {
		t.Fatalf("list: %+v, %v; want 3 items and no nextLink", page, err)
	}
	all := *page.Value
	if *all[0].UserPrincipalName != "adele@contoso.example" || *all[2].Id != ids[2] || *all[1].KeyName != "pfx-import-key" {
		t.Errorf("list: %+v", all)
	}
	want := full()
	want.Id, want.OdataType = &ids[0], ptr("#microsoft.graph.userPFXCertificate")
	// the service sets createdDateTime and lastModifiedDateTime; so does the fake
	if c, m := all[0].CreatedDateTime, all[0].LastModifiedDateTime; c == nil || m == nil || !c.Equal(*m) || time.Since(*c) > time.Hour {
		t.Errorf("created item: createdDateTime %v, lastModifiedDateTime %v; want both set to the time of creation", c, m)
	}
	want.CreatedDateTime, want.LastModifiedDateTime = all[0].CreatedDateTime, all[0].LastModifiedDateTime
	sameCert(t, "listed item 0", all[0], want)

	// get
	got, err := h.DeviceManagementUserPfxCertificatesGet(ctx, ids[1], nil)
	if err != nil || *got.UserPrincipalName != "bianca@contoso.example" {
		t.Fatalf("get: %+v, %v; want bianca's", got, err)
	}
	// what a call returns is a copy: changing it leaves the fake as it is
	*got.KeyName = "changed by the caller"
	if again, err := h.DeviceManagementUserPfxCertificatesGet(ctx, ids[1], nil); err != nil || *again.KeyName != "pfx-import-key" {
		t.Errorf("get after changing what get returned: %+v, %v; want keyName pfx-import-key", again, err)
	}

	// update merges: what the PATCH leaves out is kept
	u, err := h.DeviceManagementUserPfxCertificatesUpdate(ctx, ids[1], &userpfx.UserPFXCertificate{
		IntendedPurpose: ptr(userpfx.UserPfxIntendedPurposeVpn),
		KeyName:         ptr("rotated-key"),
	})
	if err != nil || *u.KeyName != "rotated-key" {
		t.Fatalf("update: %+v, %v; want keyName rotated-key", u, err)
	}
	got, err = h.DeviceManagementUserPfxCertificatesGet(ctx, ids[1], nil)
	if err != nil {
		t.Fatalf("get after update: %v", err)
	}
	if *got.KeyName != "rotated-key" || *got.IntendedPurpose != userpfx.UserPfxIntendedPurposeVpn || *got.UserPrincipalName != "bianca@contoso.example" || *got.Thumbprint != *full().Thumbprint || *got.Id != ids[1] {
		t.Errorf("after update: %+v; want the new keyName and intendedPurpose, the rest as created", got)
	}

	// delete, then get: 404 NotFound as a *graphrt.Error
	if err := h.DeviceManagementUserPfxCertificatesDelete(ctx, ids[1]); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = h.DeviceManagementUserPfxCertificatesGet(ctx, ids[1], nil)
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotFound || e.Code != graphrt.CodeNotFound || !strings.Contains(e.Message, ids[1]) {
		t.Errorf("get after delete: %v, want a 404 NotFound *graphrt.Error naming the id", err)
	}
	if err := h.DeviceManagementUserPfxCertificatesDelete(ctx, ids[1]); !errors.As(err, &e) || e.StatusCode != 404 {
		t.Errorf("delete twice: %v, want 404", err)
	}
	cert := full()
	if _, err := h.DeviceManagementUserPfxCertificatesUpdate(ctx, ids[1], &cert); !errors.As(err, &e) || e.StatusCode != 404 {
		t.Errorf("update after delete: %v, want 404", err)
	}
	if page, err := h.DeviceManagementUserPfxCertificatesList(ctx, nil); err != nil || len(*page.Value) != 2 {
		t.Errorf("list after delete: %+v, %v; want 2 items", page, err)
	}
	return ids
}

func TestFakeGraph(t *testing.T) {
	c, requests, _ := fakeClient(t)
	ctx := context.Background()
	ids := fakeScenario(t, c)

	// list one at a time: the iterator follows the fake's nextLink
	requests.Store(0)
	all := listAll(t, c, 1)
	if len(all) != 2 || *all[0].Id != ids[0] || *all[1].Id != ids[2] {
		t.Errorf("list all: %+v; want %s and %s", all, ids[0], ids[2])
	}
	if requests.Load() != 2 {
		t.Errorf("list of 2 with $top=1 took %d requests, want 2", requests.Load())
	}

	// an invalid body: 400 from NewHandler's checks, and the store never
	// sees it
	bad := full()
	bad.Thumbprint = nil                                           // required by create
	bad.PaddingScheme = ptr[userpfx.UserPfxPaddingScheme]("rot13") // not a member
	bad.Id = ptr("chosen-by-client")                               // read-only
	_, err := c.DeviceManagementUserPfxCertificatesCreate(ctx, &bad)
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusBadRequest || e.Code != graphrt.CodeBadRequest {
		t.Fatalf("invalid create: %v, want a 400 BadRequest *graphrt.Error", err)
	}
	for _, field := range []string{"thumbprint", "paddingScheme", "id"} {
		if !strings.Contains(e.Message, field) {
			t.Errorf("invalid create: message %q does not name %s", e.Message, field)
		}
	}
	if all := listAll(t, c, 10); len(all) != 2 {
		t.Errorf("the invalid body reached the store: %d items, want 2", len(all))
	}
}

// TestFakeInProcess runs TestFakeGraph's scenario on the Fake as a
// Handler, without HTTP.
func TestFakeInProcess(t *testing.T) {
	f := userpfx.NewFake()
	ids := fakeScenario(t, f)
	// in-process, a list has no nextLink: $top=1 is the first item alone
	page, err := f.DeviceManagementUserPfxCertificatesList(context.Background(), &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: ptr[int32](1)})
	if err != nil || len(*page.Value) != 1 || *(*page.Value)[0].Id != ids[0] || page.OdataNextLink != nil {
		t.Errorf("list with $top=1: %+v, %v; want %s alone", page, err, ids[0])
	}
	// the store holds what the calls made
	if _, err := f.Store().Get("/deviceManagement/userPfxCertificates", ids[2]); err != nil {
		t.Errorf("Store().Get(%s): %v", ids[2], err)
	}
	// in-process, bodies are checked as NewHandler checks them: 400, with
	// the field named, and nothing stored
	bad := full()
	bad.PaddingScheme = ptr(userpfx.UserPfxPaddingScheme("rot13"))
	_, err = f.DeviceManagementUserPfxCertificatesCreate(context.Background(), &bad)
	var ge *graphrt.Error
	var ve *graphrt.ValidationError
	if !errors.As(err, &ge) || ge.StatusCode != http.StatusBadRequest || !errors.As(err, &ve) || !strings.Contains(err.Error(), "paddingScheme") {
		t.Errorf("create with an unknown paddingScheme: %v; want a 400 *graphrt.Error naming paddingScheme", err)
	}
	readOnly := full()
	readOnly.Id = ptr("chosen-by-the-client")
	if _, err := f.DeviceManagementUserPfxCertificatesUpdate(context.Background(), ids[2], &readOnly); !errors.As(err, &ge) || ge.StatusCode != http.StatusBadRequest {
		t.Errorf("update setting the read-only id: %v; want 400", err)
	}
	if page, err := f.DeviceManagementUserPfxCertificatesList(context.Background(), nil); err != nil || len(*page.Value) != len(ids)-1 {
		t.Errorf("after refused writes: %+v, %v; want the %d items left by the scenario", page, err, len(ids)-1)
	}
}

func TestFakeGraphOptions(t *testing.T) {
	n := 0
	f := userpfx.NewFake(
		fake.IDs(func() string { n++; return "cert-" + string(rune('a'+n-1)) }),
		fake.PageSize(1),
	)
	srv := httptest.NewServer(userpfx.NewHandler(f))
	defer srv.Close()
	c := userpfx.NewClient(srv.URL)
	// the test fills the store directly
	if _, err := f.Store().Create("/deviceManagement/userPfxCertificates", "id", full()); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cert := full()
	if _, err := c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for cert, err := range c.DeviceManagementUserPfxCertificatesListAll(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *cert.Id)
	}
	if strings.Join(ids, " ") != "cert-a cert-b" {
		t.Errorf("ids %v, want cert-a cert-b (from fake.IDs, a page each)", ids)
	}
	// in-process there is no next page to link to: a list returns every
	// item, or the first $top
	page, err := f.DeviceManagementUserPfxCertificatesList(ctx, nil)
	if err != nil || len(*page.Value) != 2 || page.OdataNextLink != nil {
		t.Errorf("in-process list: %+v, %v; want both items and no nextLink", page, err)
	}
	page, err = f.DeviceManagementUserPfxCertificatesList(ctx, &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: ptr(int32(1))})
	if err != nil || len(*page.Value) != 1 || *(*page.Value)[0].Id != "cert-a" {
		t.Errorf("in-process list with $top=1: %+v, %v; want cert-a", page, err)
	}

	// any func(*fake.Store) is an option: it hands NewFakeHandler's store
	// to the test
	var store *fake.Store
	c2, _, _ := fakeClient(t, func(s *fake.Store) { store = s })
	if store == nil {
		t.Fatal("the option did not get the store")
	}
	created, err := c2.DeviceManagementUserPfxCertificatesCreate(ctx, &cert)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Get("/deviceManagement/userPfxCertificates", *created.Id); err != nil {
		t.Errorf("the store handed to the test does not hold what the client created: %v", err)
	}
}

func TestFakeGraphRawHTTP(t *testing.T) {
	_, _, url := fakeClient(t)
	do := func(method, path, body string) (int, http.Header, string) {
		t.Helper()
		if !strings.HasPrefix(path, "http") {
			path = url + path
		}
		req, _ := http.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	valid, _ := json.Marshal(full())
	for range 3 {
		if code, _, body := do("POST", "/deviceManagement/userPfxCertificates", string(valid)); code != 201 || !strings.Contains(body, `"@odata.type":"#microsoft.graph.userPFXCertificate"`) {
			t.Fatalf("create: %d %s; want 201 with the @odata.type", code, body)
		}
	}
	type page struct {
		Count    int               `json:"@odata.count"`
		NextLink string            `json:"@odata.nextLink"`
		Value    []json.RawMessage `json:"value"`
	}
	code, _, body := do("GET", "/deviceManagement/userPfxCertificates?$top=2&$count=true", "")
	var first page
	json.Unmarshal([]byte(body), &first)
	wantLink := url + "/deviceManagement/userPfxCertificates?$count=true&$skiptoken=2&$top=2"
	if code != 200 || first.Count != 3 || len(first.Value) != 2 || first.NextLink != wantLink {
		t.Errorf("first page: %d %s; want 200, count 3, 2 items, nextLink %s", code, body, wantLink)
	}
	// the nextLink is absolute, and gives the rest
	code, _, body = do("GET", first.NextLink, "")
	var second page
	json.Unmarshal([]byte(body), &second)
	if code != 200 || second.Count != 3 || len(second.Value) != 1 || second.NextLink != "" {
		t.Errorf("second page: %d %s; want 200, count 3, 1 item, no nextLink", code, body)
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		code               string
	}{
		{"GET", "/deviceManagement/userPfxCertificates?$top=x", "", 400, "BadRequest"},
		{"GET", "/deviceManagement/userPfxCertificates?$skiptoken=x", "", 400, "BadRequest"},
		{"POST", "/deviceManagement/userPfxCertificates", "", 400, "BadRequest"},
		{"POST", "/deviceManagement/userPfxCertificates", "[1]", 400, "BadRequest"},
		{"GET", "/deviceManagement/userPfxCertificates/no-such-id", "", 404, "NotFound"},
		{"DELETE", "/deviceManagement/userPfxCertificates/no-such-id", "", 404, "NotFound"},
		{"GET", "/deviceManagement/nothingHere", "", 404, "NotFound"},
		{"PUT", "/deviceManagement/userPfxCertificates", "", 405, "MethodNotAllowed"},
	} {
		code, h, body := do(tc.method, tc.path, tc.body)
		e := graphrt.ParseError(code, []byte(body))
		if code != tc.status || e.Code != tc.code || !strings.HasPrefix(body, `{"error":{"code":`) || h.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: %d %s %s; want %d %s in Graph's error shape", tc.method, tc.path, code, h.Get("Content-Type"), body, tc.status, tc.code)
		}
		if tc.status == 405 && h.Get("Allow") != "GET, POST" {
			t.Errorf("%s %s: Allow %q, want \"GET, POST\"", tc.method, tc.path, h.Get("Allow"))
		}
	}
}

// TestFakeGraphNotImplemented uses the seed's package, whose only
// operation is a PATCH on a collection (no key): the fake answers 501 in
// Graph's shape, as it does for actions and functions. It sends the PATCH
// with graphrt.Client, as generated clients do.
func TestFakeGraphNotImplemented(t *testing.T) {
	srv := httptest.NewServer(seed.NewFakeHandler())
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/deviceManagement/userPfxCertificates", strings.NewReader(`{"keyName":"k"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := graphrt.NewClient(srv.URL).Do(req)
	if resp != nil {
		resp.Body.Close()
	}
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotImplemented || e.Code != "NotImplemented" || !strings.Contains(e.Message, "PATCH /deviceManagement/userPfxCertificates") {
		t.Errorf("error %v, want 501 NotImplemented naming PATCH /deviceManagement/userPfxCertificates", err)
	}
}

// TestFakeUnderAPathPrefix serves the fake under /v1.0, as Graph's base
// URL has it, with http.StripPrefix: a list's @odata.nextLink must keep
// the prefix for the client to follow it.
func TestFakeUnderAPathPrefix(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/v1.0/", http.StripPrefix("/v1.0", userpfx.NewFakeHandler()))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := userpfx.NewClient(srv.URL + "/v1.0")
	ctx := context.Background()
	for range 3 {
		cert := full()
		if _, err := c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert); err != nil {
			t.Fatalf("create: %v", err)
		}
	}
	top := &userpfx.DeviceManagementUserPfxCertificatesListParams{Top: ptr[int32](2)}
	page, err := c.DeviceManagementUserPfxCertificatesList(ctx, top)
	if err != nil || page.OdataNextLink == nil {
		t.Fatalf("list: %+v, %v; want a page with a nextLink", page, err)
	}
	n := 0
	for _, err = range c.DeviceManagementUserPfxCertificatesListAll(ctx, top) {
		if err != nil {
			break
		}
		n++
	}
	if err != nil {
		// the link must come from the path the client sent (r.RequestURI),
		// not r.URL.Path, which StripPrefix has cut
		t.Fatalf("following the fake's @odata.nextLink %s after %d items: %v", *page.OdataNextLink, n, err)
	}
	if n != 3 {
		t.Errorf("%d items, want 3", n)
	}
}
