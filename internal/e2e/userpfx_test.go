package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
)

// store is the test's in-memory implementation of the generated Handler.
// It counts its calls and records what NewHandler passed it.
type store struct {
	mu    sync.Mutex
	certs map[string]userpfx.UserPFXCertificate
	calls int
	last  *userpfx.UserPFXCertificate                            // the last create or update body
	query *userpfx.DeviceManagementUserPfxCertificatesListParams // the last list's
	ids   []string                                               // the path arguments it was given
}

var _ userpfx.Handler = (*store)(nil)

func newStore() *store {
	return &store{certs: map[string]userpfx.UserPFXCertificate{}}
}

// callCount returns how many times a method of s ran.
func (s *store) callCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func (s *store) notFound(id string) error {
	return &graphrt.Error{StatusCode: http.StatusNotFound, Code: "ResourceNotFound", Message: "no userPFXCertificate " + id}
}

func (s *store) DeviceManagementUserPfxCertificatesList(ctx context.Context, params *userpfx.DeviceManagementUserPfxCertificatesListParams) (*userpfx.UserPFXCertificateCollectionResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.query = params
	all := []userpfx.UserPFXCertificate{}
	for _, id := range slices.Sorted(maps.Keys(s.certs)) {
		all = append(all, s.certs[id])
	}
	return &userpfx.UserPFXCertificateCollectionResponse{Value: &all}, nil
}

func (s *store) DeviceManagementUserPfxCertificatesCreate(ctx context.Context, body *userpfx.UserPFXCertificate) (*userpfx.UserPFXCertificate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.last = body
	c := *body
	c.Id = ptr("new-id")
	s.certs[*c.Id] = c
	return &c, nil
}

func (s *store) DeviceManagementUserPfxCertificatesDelete(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.ids = append(s.ids, id)
	if _, ok := s.certs[id]; !ok {
		return s.notFound(id)
	}
	delete(s.certs, id)
	return nil
}

func (s *store) DeviceManagementUserPfxCertificatesGet(ctx context.Context, id string, params *userpfx.DeviceManagementUserPfxCertificatesGetParams) (*userpfx.UserPFXCertificate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.ids = append(s.ids, id)
	c, ok := s.certs[id]
	if !ok {
		return nil, s.notFound(id)
	}
	return &c, nil
}

func (s *store) DeviceManagementUserPfxCertificatesUpdate(ctx context.Context, id string, body *userpfx.UserPFXCertificate) (*userpfx.UserPFXCertificate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.last = body
	s.ids = append(s.ids, id)
	c := *body
	c.Id = &id
	s.certs[id] = c
	return &c, nil
}

// setup serves a new store with the generated NewHandler over loopback
// and returns a generated client for it.
func setup(t *testing.T) (*store, *httptest.Server, *userpfx.Client) {
	t.Helper()
	s := newStore()
	srv := httptest.NewServer(userpfx.NewHandler(s))
	t.Cleanup(srv.Close)
	return s, srv, userpfx.NewClient(srv.URL)
}

func ptr[T any](v T) *T { return &v }

// full is a certificate with every writable property set.
func full() userpfx.UserPFXCertificate {
	start := time.Date(2021, 3, 14, 9, 26, 53, 589123400, time.FixedZone("", -7*3600))
	return userpfx.UserPFXCertificate{
		Thumbprint:           ptr("F6E2A0C1B3D4E5F60718293A4B5C6D7E8F901234"),
		IntendedPurpose:      ptr(userpfx.UserPfxIntendedPurposeSmimeEncryption),
		UserPrincipalName:    ptr("adele@contoso.example"),
		StartDateTime:        &start,
		ExpirationDateTime:   ptr(start.AddDate(1, 0, 0)),
		ProviderName:         ptr("Microsoft Enhanced RSA and AES Cryptographic Provider"),
		KeyName:              ptr("pfx-import-key"),
		PaddingScheme:        ptr(userpfx.UserPfxPaddingSchemeOaepSha256),
		EncryptedPfxBlob:     ptr([]byte("encrypted pfx blob\x00\x01")),
		EncryptedPfxPassword: ptr("ZW5jcnlwdGVkIHBhc3N3b3Jk"),
	}
}

// sameCert compares two certificates, their dates as instants.
func sameCert(t *testing.T, what string, got, want userpfx.UserPFXCertificate) {
	t.Helper()
	for _, d := range []struct {
		name      string
		got, want **time.Time
	}{
		{"startDateTime", &got.StartDateTime, &want.StartDateTime},
		{"expirationDateTime", &got.ExpirationDateTime, &want.ExpirationDateTime},
	} {
		g, w := *d.got, *d.want
		if (g == nil) != (w == nil) || g != nil && !g.Equal(*w) {
			t.Errorf("%s: %s = %v, want %v", what, d.name, g, w)
		}
		*d.got = *d.want
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func TestUpdateRoundTripsEveryField(t *testing.T) {
	s, _, c := setup(t)
	want := full()
	got, err := c.DeviceManagementUserPfxCertificatesUpdate(context.Background(), "7c3e9f12", &want)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if want.Id != nil || want.OdataType != nil {
		t.Errorf("the client changed the body it was given: %+v", want)
	}
	// the client writes the type's @odata.type: userPFXCertificate derives from entity
	want.OdataType = ptr("#microsoft.graph.userPFXCertificate")
	if s.last == nil {
		t.Fatal("the handler got no body")
	}
	sameCert(t, "body the handler got", *s.last, want)
	want.Id = ptr("7c3e9f12")
	sameCert(t, "response", *got, want)
	if n := s.callCount(); n != 1 {
		t.Errorf("handler called %d times, want 1", n)
	}
}

// patch sends body to the update operation over plain HTTP and returns
// the status and the response body.
func patch(t *testing.T, url, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPatch, url+"/deviceManagement/userPfxCertificates/7c3e9f12", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.Bytes()
}

// graphErrorShape decodes Graph's error body strictly: one "error" object
// with a code and a message.
func graphErrorShape(t *testing.T, body []byte) (code, message string) {
	t.Helper()
	var shape struct {
		Error *struct {
			Code       string          `json:"code"`
			Message    string          `json:"message"`
			InnerError json.RawMessage `json:"innerError"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &shape); err != nil || shape.Error == nil || shape.Error.Code == "" {
		t.Errorf("not Graph's error shape {\"error\":{\"code\":...}}: %s", body)
		return "", ""
	}
	return shape.Error.Code, shape.Error.Message
}

func TestInvalidBodiesAreRejectedBeforeTheHandler(t *testing.T) {
	valid, _ := json.Marshal(full())
	cases := []struct {
		name, body, detail string
	}{
		{"unknown enum member", strings.Replace(string(valid), `"smimeEncryption"`, `"smimeEverything"`, 1), "intendedPurpose"},
		{"malformed date", strings.Replace(string(valid), `"2021-03-14T09:26:53.5891234-07:00"`, `"14/03/2021 09:26"`, 1), "startDateTime"},
		{"invalid base64", `{"encryptedPfxBlob": "not base64!"}`, "encryptedPfxBlob"},
		{"wrong JSON type", `{"keyName": 42}`, "keyName"},
		{"read-only property", `{"keyName": "k", "createdDateTime": "2021-03-14T09:26:53Z"}`, "createdDateTime"},
		{"malformed JSON", `{"keyName": "x",}`, "offset"},
		{"not an object", `["keyName"]`, "invalid request body"},
		{"empty", ``, "requires one"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, srv, _ := setup(t)
			if tc.body == string(valid) {
				t.Fatal("test body unchanged")
			}
			status, body := patch(t, srv.URL, tc.body)
			if status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400; body %s", status, body)
			}
			code, msg := graphErrorShape(t, body)
			if code != graphrt.CodeBadRequest || !strings.Contains(msg, tc.detail) {
				t.Errorf("error %q %q; want code BadRequest and a message containing %q", code, msg, tc.detail)
			}
			if n := s.callCount(); n != 0 {
				t.Errorf("the handler ran %d times for an invalid body, want 0", n)
			}
			t.Logf("%s", body)
		})
	}
	// The client sends what it is given; the server's answer is a *graphrt.Error.
	s, _, c := setup(t)
	bad := full()
	bad.IntendedPurpose = ptr(userpfx.UserPfxIntendedPurpose("smimeEverything"))
	_, err := c.DeviceManagementUserPfxCertificatesUpdate(context.Background(), "7c3e9f12", &bad)
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusBadRequest || e.Code != graphrt.CodeBadRequest || !strings.Contains(e.Message, "intendedPurpose") {
		t.Errorf("client update with an unknown enum member: %v, want a 400 BadRequest *graphrt.Error naming intendedPurpose", err)
	}
	if n := s.callCount(); n != 0 {
		t.Errorf("the handler ran %d times for an invalid body, want 0", n)
	}
}

func TestEveryFieldErrorIsReported(t *testing.T) {
	const body = `{"startDateTime": "yesterday", "keyName": 1, "encryptedPfxBlob": "%%%", "paddingScheme": "rot13"}`
	decodeErrors := []string{"startDateTime", "keyName", "encryptedPfxBlob"}

	var c userpfx.UserPFXCertificate
	err := json.Unmarshal([]byte(body), &c)
	var ve *graphrt.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("decode error %T %v, want a *graphrt.ValidationError", err, err)
	}
	var paths []string
	for _, f := range ve.Fields {
		paths = append(paths, f.Path)
	}
	if !reflect.DeepEqual(paths, decodeErrors) {
		t.Errorf("decode errors at %q, want %q (%v)", paths, decodeErrors, err)
	}
	// an unknown enum member decodes (see below); Validate rejects it
	if err := c.Validate(); !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Path != "paddingScheme" {
		t.Errorf("Validate = %v, want one error, at paddingScheme", err)
	}

	// the server answers every decoding error at once
	s, srv, _ := setup(t)
	status, resp := patch(t, srv.URL, body)
	_, msg := graphErrorShape(t, resp)
	if status != http.StatusBadRequest {
		t.Errorf("status %d, want 400: %s", status, resp)
	}
	for _, f := range decodeErrors {
		if !strings.Contains(msg, f) {
			t.Errorf("server message %q does not name %s", msg, f)
		}
	}
	if n := s.callCount(); n != 0 {
		t.Errorf("the handler ran %d times, want 0", n)
	}
}

func TestClientDecodesUnknownEnumMembers(t *testing.T) {
	// Graph's enums evolve: a client must accept a member it does not know.
	var c userpfx.UserPFXCertificate
	if err := json.Unmarshal([]byte(`{"intendedPurpose": "quantumSafe"}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.IntendedPurpose == nil || *c.IntendedPurpose != "quantumSafe" {
		t.Errorf("intendedPurpose %v, want quantumSafe", c.IntendedPurpose)
	}
	// and from a server: responses are not validated
	s, _, client := setup(t)
	s.certs["c1"] = userpfx.UserPFXCertificate{Id: ptr("c1"), IntendedPurpose: ptr(userpfx.UserPfxIntendedPurpose("quantumSafe"))}
	got, err := client.DeviceManagementUserPfxCertificatesGet(context.Background(), "c1", nil)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.IntendedPurpose == nil || *got.IntendedPurpose != "quantumSafe" || got.IntendedPurpose.Valid() {
		t.Errorf("intendedPurpose %v, want quantumSafe (not a known member)", got.IntendedPurpose)
	}
}

func TestCreateListGetDelete(t *testing.T) {
	_, _, c := setup(t)
	ctx := context.Background()
	cert := full()
	created, err := c.DeviceManagementUserPfxCertificatesCreate(ctx, &cert)
	if err != nil || created.Id == nil || *created.Id != "new-id" {
		t.Fatalf("create: %+v, %v; want id new-id", created, err)
	}
	page, err := c.DeviceManagementUserPfxCertificatesList(ctx, nil)
	if err != nil || page.Value == nil || len(*page.Value) != 1 || page.OdataNextLink != nil {
		t.Fatalf("list: %+v, %v; want one item and no nextLink", page, err)
	}
	got, err := c.DeviceManagementUserPfxCertificatesGet(ctx, "new-id", nil)
	if err != nil || got.KeyName == nil || *got.KeyName != "pfx-import-key" {
		t.Fatalf("get: %+v, %v; want keyName pfx-import-key", got, err)
	}
	if err := c.DeviceManagementUserPfxCertificatesDelete(ctx, "new-id"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = c.DeviceManagementUserPfxCertificatesGet(ctx, "new-id", nil)
	var e *graphrt.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotFound || e.Code != "ResourceNotFound" || e.Message != "no userPFXCertificate new-id" {
		t.Errorf("get after delete: %v, want the handler's 404 ResourceNotFound as a *graphrt.Error", err)
	}
}

// TestPathArgumentsRoundTrip: a key with '/', space, quote and '%' is
// escaped by the client and reaches the handler as it was.
func TestPathArgumentsRoundTrip(t *testing.T) {
	s, _, c := setup(t)
	ctx := context.Background()
	ids := []string{"a/b", "with space", "it's", "100%", "..", "é"}
	for _, id := range ids {
		cert := full()
		if _, err := c.DeviceManagementUserPfxCertificatesUpdate(ctx, id, &cert); err != nil {
			t.Errorf("update %q: %v", id, err)
		}
		if err := c.DeviceManagementUserPfxCertificatesDelete(ctx, id); err != nil {
			t.Errorf("delete %q: %v", id, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var want []string
	for _, id := range ids {
		want = append(want, id, id)
	}
	if !reflect.DeepEqual(s.ids, want) {
		t.Errorf("the handler got ids %q, want %q", s.ids, want)
	}
	if len(s.certs) != 0 {
		t.Errorf("%d certificates left after deleting every one", len(s.certs))
	}
}

// TestQueryParametersRoundTrip: OData's query options, with characters a
// query string must escape, reach the handler as the client was given them.
func TestQueryParametersRoundTrip(t *testing.T) {
	s, _, c := setup(t)
	ctx := context.Background()
	want := &userpfx.DeviceManagementUserPfxCertificatesListParams{
		Top:     ptr[int32](7),
		Filter:  ptr("startswith(userPrincipalName,'a+b&c=d é%20x') and keyName ne 'it''s'"),
		Orderby: &[]string{"keyName desc", "id"},
		Select:  &[]string{"id", "keyName"},
	}
	if _, err := c.DeviceManagementUserPfxCertificatesList(ctx, want); err != nil {
		t.Fatalf("list: %v", err)
	}
	s.mu.Lock()
	got := s.query
	s.mu.Unlock()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the handler got %s, want %s", paramsString(got), paramsString(want))
	}
	// none given: the handler gets empty parameters, not nil
	if _, err := c.DeviceManagementUserPfxCertificatesList(ctx, nil); err != nil {
		t.Fatalf("list: %v", err)
	}
	s.mu.Lock()
	got = s.query
	s.mu.Unlock()
	if got == nil || !reflect.DeepEqual(*got, userpfx.DeviceManagementUserPfxCertificatesListParams{}) {
		t.Errorf("without parameters the handler got %s, want all nil", paramsString(got))
	}
}

func paramsString(p *userpfx.DeviceManagementUserPfxCertificatesListParams) string {
	if p == nil {
		return "nil"
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// partial implements only Get; UnimplementedHandler answers the rest.
type partial struct {
	userpfx.UnimplementedHandler
}

func (partial) DeviceManagementUserPfxCertificatesGet(ctx context.Context, id string, _ *userpfx.DeviceManagementUserPfxCertificatesGetParams) (*userpfx.UserPFXCertificate, error) {
	return &userpfx.UserPFXCertificate{Id: &id}, nil
}

func TestUnimplementedHandlerAnswers501(t *testing.T) {
	srv := httptest.NewServer(userpfx.NewHandler(partial{}))
	defer srv.Close()
	c := userpfx.NewClient(srv.URL)
	ctx := context.Background()
	if got, err := c.DeviceManagementUserPfxCertificatesGet(ctx, "c1", nil); err != nil || *got.Id != "c1" {
		t.Errorf("get: %v, %v; want c1", got, err)
	}
	for name, call := range map[string]func() error{
		"GET /deviceManagement/userPfxCertificates": func() error {
			_, err := c.DeviceManagementUserPfxCertificatesList(ctx, nil)
			return err
		},
		"DELETE /deviceManagement/userPfxCertificates/{userPfxCertificate-id}": func() error {
			return c.DeviceManagementUserPfxCertificatesDelete(ctx, "c1")
		},
	} {
		err := call()
		var e *graphrt.Error
		if !errors.As(err, &e) || e.StatusCode != http.StatusNotImplemented || e.Code != "NotImplemented" || !strings.Contains(e.Message, name) {
			t.Errorf("%s: %v, want a 501 NotImplemented *graphrt.Error naming the operation", name, err)
		}
	}
	// an invalid body is rejected before the handler would answer 501
	status, body := patch(t, srv.URL, `{"keyName": 1}`)
	if status != http.StatusBadRequest {
		t.Errorf("invalid update body: status %d, want 400 (the body is checked first): %s", status, body)
	}
}

// checkClientRequestID checks that err is a *graphrt.Error whose
// client-request-id is want.
func checkClientRequestID(t *testing.T, err error, want string) {
	t.Helper()
	var e *graphrt.Error
	if !errors.As(err, &e) || e.InnerError == nil || e.InnerError.ClientRequestID != want {
		t.Errorf("error %v (inner %+v), want a *graphrt.Error with client-request-id %q", err, e, want)
	}
}

func TestErrorsCarryTheClientRequestID(t *testing.T) {
	_, _, c := setup(t)
	ctx := graphrt.WithHeader(context.Background(), "client-request-id", "2b1c7e5a-test")
	_, err := c.DeviceManagementUserPfxCertificatesGet(ctx, "missing", nil)
	// NewHandler echoes the header; the client puts it in InnerError
	checkClientRequestID(t, err, "2b1c7e5a-test")
}
