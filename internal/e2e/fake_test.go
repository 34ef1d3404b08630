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

	"github.com/graphdoc/graphdoc/gen/seed"
	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/fake"
)

// fakeClient serves userpfx.NewFakeHandler and returns a NewGraphClient
// on it, and the number of requests the fake served.
func fakeClient(t *testing.T, opts ...userpfx.FakeOption) (*userpfx.ClientWithResponses, *atomic.Int32, string) {
	t.Helper()
	var n atomic.Int32
	h := userpfx.NewFakeHandler(opts...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := userpfx.NewGraphClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, &n, srv.URL
}

func listAll(t *testing.T, c *userpfx.ClientWithResponses, top int32) []userpfx.UserPFXCertificate {
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

func TestFakeGraph(t *testing.T) {
	c, requests, _ := fakeClient(t)
	ctx := context.Background()

	// create 3: ids come from the fake
	var ids []string
	for _, upn := range []string{"adele", "bianca", "carol"} {
		cert := full()
		cert.UserPrincipalName = ptr(upn + "@contoso.example")
		r, err := c.DeviceManagementUserPfxCertificatesCreateWithResponse(ctx, cert)
		if err != nil || r.StatusCode() != http.StatusCreated || r.JSON201 == nil || r.JSON201.Id == nil {
			t.Fatalf("create %s: %v %v", upn, err, r)
		}
		ids = append(ids, *r.JSON201.Id)
	}
	if ids[0] != "00000000-0000-0000-0000-000000000001" || ids[2] != "00000000-0000-0000-0000-000000000003" {
		t.Errorf("ids %v", ids)
	}

	// list two at a time: the iterator follows the fake's nextLink
	requests.Store(0)
	all := listAll(t, c, 2)
	if len(all) != 3 || *all[0].UserPrincipalName != "adele@contoso.example" || *all[2].Id != ids[2] || *all[1].KeyName != "pfx-import-key" {
		t.Errorf("list: %+v", all)
	}
	if requests.Load() != 2 {
		t.Errorf("list of 3 with $top=2 took %d requests, want 2", requests.Load())
	}
	if !all[0].StartDateTime.Equal(*full().StartDateTime) || string(*all[0].EncryptedPfxBlob) != string(*full().EncryptedPfxBlob) {
		t.Errorf("values did not round-trip: %v %q", all[0].StartDateTime, *all[0].EncryptedPfxBlob)
	}

	// get
	g, err := c.DeviceManagementUserPfxCertificatesGetWithResponse(ctx, ids[1], nil)
	if err != nil || g.JSON200 == nil || *g.JSON200.UserPrincipalName != "bianca@contoso.example" {
		t.Fatalf("get: %v %v", err, g)
	}

	// update merges: what the PATCH leaves out is kept
	u, err := c.DeviceManagementUserPfxCertificatesUpdateWithResponse(ctx, ids[1], userpfx.UserPFXCertificate{
		IntendedPurpose: ptr(userpfx.UserPfxIntendedPurposeVpn),
		KeyName:         ptr("rotated-key"),
	})
	if err != nil || u.JSON200 == nil {
		t.Fatalf("update: %v %v", err, u)
	}
	g, _ = c.DeviceManagementUserPfxCertificatesGetWithResponse(ctx, ids[1], nil)
	got := g.JSON200
	if *got.KeyName != "rotated-key" || *got.IntendedPurpose != userpfx.UserPfxIntendedPurposeVpn || *got.UserPrincipalName != "bianca@contoso.example" || *got.Thumbprint != *full().Thumbprint || *got.Id != ids[1] {
		t.Errorf("after update: %+v", got)
	}

	// delete, then get: 404 in Graph's shape, as a *graphrt.Error
	d, err := c.DeviceManagementUserPfxCertificatesDeleteWithResponse(ctx, ids[1])
	if err != nil || d.StatusCode() != http.StatusNoContent {
		t.Fatalf("delete: %v %v", err, d)
	}
	_, err = c.DeviceManagementUserPfxCertificatesGetWithResponse(ctx, ids[1], nil)
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotFound || e.Code != "NotFound" || !strings.Contains(e.Message, ids[1]) {
		t.Errorf("get after delete: %v", err)
	}
	if _, err := c.DeviceManagementUserPfxCertificatesDeleteWithResponse(ctx, ids[1]); !errors.As(err, &e) || e.StatusCode != 404 {
		t.Errorf("delete twice: %v", err)
	}
	if _, err := c.DeviceManagementUserPfxCertificatesUpdateWithResponse(ctx, ids[1], full()); !errors.As(err, &e) || e.StatusCode != 404 {
		t.Errorf("update after delete: %v", err)
	}
	if all := listAll(t, c, 2); len(all) != 2 {
		t.Errorf("list after delete: %d items", len(all))
	}

	// an invalid body: 400 from the strict server's validators, and the
	// store never sees it
	bad := full()
	bad.Thumbprint = nil                                           // required by create
	bad.PaddingScheme = ptr[userpfx.UserPfxPaddingScheme]("rot13") // not a member
	bad.Id = ptr("chosen-by-client")                               // read-only
	_, err = c.DeviceManagementUserPfxCertificatesCreateWithResponse(ctx, bad)
	if !errors.As(err, &e) || e.StatusCode != http.StatusBadRequest || e.Code != "BadRequest" {
		t.Fatalf("invalid create: %v", err)
	}
	for _, field := range []string{"thumbprint", "paddingScheme", "id"} {
		if !strings.Contains(e.Message, field) {
			t.Errorf("invalid create: message %q does not name %s", e.Message, field)
		}
	}
	if all := listAll(t, c, 10); len(all) != 2 {
		t.Errorf("the invalid body reached the store: %d items", len(all))
	}
}

func TestFakeGraphOptions(t *testing.T) {
	var store *fake.Store
	n := 0
	c, _, _ := fakeClient(t,
		fake.IDs(func() string { n++; return "cert-" + string(rune('a'+n-1)) }),
		fake.PageSize(1),
		func(s *fake.Store) { store = s },
	)
	// the test fills the store directly
	if _, err := store.Create("/deviceManagement/userPfxCertificates", "id", full()); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.DeviceManagementUserPfxCertificatesCreateWithResponse(ctx, full()); err != nil {
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
		t.Errorf("ids %v", ids)
	}
}

func TestFakeGraphRawHTTP(t *testing.T) {
	_, _, url := fakeClient(t)
	do := func(method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, url+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	valid, _ := json.Marshal(full())
	for range 3 {
		if code, body := do("POST", "/deviceManagement/userPfxCertificates", string(valid)); code != 201 || !strings.Contains(body, `"@odata.type":"#microsoft.graph.userPFXCertificate"`) {
			t.Fatalf("create: %d %s", code, body)
		}
	}
	code, body := do("GET", "/deviceManagement/userPfxCertificates?$top=2&$count=true", "")
	var page struct {
		Count    int               `json:"@odata.count"`
		NextLink string            `json:"@odata.nextLink"`
		Value    []json.RawMessage `json:"value"`
	}
	json.Unmarshal([]byte(body), &page)
	if code != 200 || page.Count != 3 || len(page.Value) != 2 || page.NextLink != url+"/deviceManagement/userPfxCertificates?$count=true&$skiptoken=2&$top=2" {
		t.Errorf("first page: %d %s", code, body)
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
		{"GET", "/deviceManagement/nothingHere", "", 404, "NotFound"},
		{"PUT", "/deviceManagement/userPfxCertificates", "", 405, "MethodNotAllowed"},
	} {
		code, body := do(tc.method, tc.path, tc.body)
		e := graphrt.ParseError(code, []byte(body))
		if code != tc.status || e.Code != tc.code || !strings.HasPrefix(body, `{"error":{"code":`) {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, code, body)
		}
	}
}

// TestFakeGraphNotImplemented uses the seed's package, whose only
// operation is a PATCH on a collection (no key): the fake answers 501 in
// Graph's shape, as it does for actions and functions.
func TestFakeGraphNotImplemented(t *testing.T) {
	srv := httptest.NewServer(seed.NewFakeHandler())
	defer srv.Close()
	c, err := seed.NewGraphClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DeviceManagementUserPfxCertificatesUpdateWithResponse(context.Background(), seed.UserPFXCertificate{KeyName: ptr("k")})
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotImplemented || e.Code != "NotImplemented" || !strings.Contains(e.Message, "PATCH /deviceManagement/userPfxCertificates") {
		t.Errorf("error %v, want 501 NotImplemented", err)
	}
}
