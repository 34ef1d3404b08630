package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt"
)

// store is the test's in-memory implementation of the generated strict
// server interface.
type store struct {
	mu    sync.Mutex
	certs map[string]userpfx.UserPFXCertificate
	calls int
}

func (s *store) DeviceManagementUserPfxCertificatesList(ctx context.Context, r userpfx.DeviceManagementUserPfxCertificatesListRequestObject) (userpfx.DeviceManagementUserPfxCertificatesListResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	var all []userpfx.UserPFXCertificate
	for _, c := range s.certs {
		all = append(all, c)
	}
	return userpfx.DeviceManagementUserPfxCertificatesList200JSONResponse{Value: &all}, nil
}

func (s *store) DeviceManagementUserPfxCertificatesCreate(ctx context.Context, r userpfx.DeviceManagementUserPfxCertificatesCreateRequestObject) (userpfx.DeviceManagementUserPfxCertificatesCreateResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	c := *r.Body
	id := "new-id"
	c.Id = &id
	s.certs[id] = c
	return userpfx.DeviceManagementUserPfxCertificatesCreate201JSONResponse(c), nil
}

func (s *store) DeviceManagementUserPfxCertificatesDelete(ctx context.Context, r userpfx.DeviceManagementUserPfxCertificatesDeleteRequestObject) (userpfx.DeviceManagementUserPfxCertificatesDeleteResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	delete(s.certs, r.UserPfxCertificateId)
	return userpfx.DeviceManagementUserPfxCertificatesDelete204Response{}, nil
}

func (s *store) DeviceManagementUserPfxCertificatesGet(ctx context.Context, r userpfx.DeviceManagementUserPfxCertificatesGetRequestObject) (userpfx.DeviceManagementUserPfxCertificatesGetResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	return userpfx.DeviceManagementUserPfxCertificatesGet200JSONResponse(s.certs[r.UserPfxCertificateId]), nil
}

func (s *store) DeviceManagementUserPfxCertificatesUpdate(ctx context.Context, r userpfx.DeviceManagementUserPfxCertificatesUpdateRequestObject) (userpfx.DeviceManagementUserPfxCertificatesUpdateResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	c := *r.Body
	id := r.UserPfxCertificateId
	c.Id = &id
	s.certs[id] = c
	return userpfx.DeviceManagementUserPfxCertificatesUpdate200JSONResponse(c), nil
}

func setup(t *testing.T) (*store, *httptest.Server, *userpfx.ClientWithResponses) {
	t.Helper()
	s := &store{certs: map[string]userpfx.UserPFXCertificate{}}
	srv := httptest.NewServer(userpfx.Handler(userpfx.NewStrictHandler(s, nil)))
	t.Cleanup(srv.Close)
	c, err := userpfx.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return s, srv, c
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

func TestUpdateRoundTripsEveryField(t *testing.T) {
	s, _, c := setup(t)
	want := full()
	resp, err := c.DeviceManagementUserPfxCertificatesUpdateWithResponse(context.Background(), "7c3e9f12", want)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != http.StatusOK || resp.JSON200 == nil {
		t.Fatalf("status %d body %s", resp.StatusCode(), resp.Body)
	}
	want.Id = ptr("7c3e9f12")
	// encoding writes the type's @odata.type: userPFXCertificate derives from entity
	want.OdataType = ptr("#microsoft.graph.userPFXCertificate")
	got := *resp.JSON200
	if !got.StartDateTime.Equal(*want.StartDateTime) || !got.ExpirationDateTime.Equal(*want.ExpirationDateTime) {
		t.Errorf("dates: got %v %v", got.StartDateTime, got.ExpirationDateTime)
	}
	got.StartDateTime, got.ExpirationDateTime = want.StartDateTime, want.ExpirationDateTime
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if s.calls != 1 {
		t.Errorf("handler called %d times", s.calls)
	}
}

func TestInvalidBodiesAreRejectedBeforeTheHandler(t *testing.T) {
	valid, _ := json.Marshal(full())
	cases := []struct {
		name, body, field string
	}{
		{"unknown enum member", strings.Replace(string(valid), `"smimeEncryption"`, `"smimeEverything"`, 1), "intendedPurpose"},
		{"malformed date", strings.Replace(string(valid), `"2021-03-14T09:26:53.5891234-07:00"`, `"14/03/2021 09:26"`, 1), "startDateTime"},
		{"invalid base64", `{"encryptedPfxBlob": "not base64!"}`, "encryptedPfxBlob"},
		{"wrong JSON type", `{"keyName": 42}`, "keyName"},
		{"malformed JSON", `{"keyName": "x",}`, "offset"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, srv, _ := setup(t)
			if tc.body == string(valid) {
				t.Fatal("test body unchanged")
			}
			req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/deviceManagement/userPfxCertificates/7c3e9f12", bytes.NewBufferString(tc.body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body bytes.Buffer
			body.ReadFrom(resp.Body)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400; body %s", resp.StatusCode, body.String())
			}
			e := graphrt.ParseError(resp.StatusCode, body.Bytes())
			if e.Code != "BadRequest" || !strings.Contains(e.Message, tc.field) {
				t.Errorf("error %+v; want code BadRequest and a message naming %q (body %s)", e, tc.field, body.String())
			}
			var shape struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal(body.Bytes(), &shape); err != nil || shape.Error.Code == "" {
				t.Errorf("not Graph's error shape: %s", body.String())
			}
			if s.calls != 0 {
				t.Errorf("the handler ran for an invalid body")
			}
			t.Logf("%s", body.String())
		})
	}
}

func TestEveryFieldErrorIsReported(t *testing.T) {
	var c userpfx.UserPFXCertificate
	err := json.Unmarshal([]byte(`{"startDateTime": "yesterday", "keyName": 1, "encryptedPfxBlob": "%%%", "paddingScheme": "rot13"}`), &c)
	var ve *graphrt.ValidationError
	if !asValidation(err, &ve) || len(ve.Fields) != 3 {
		t.Fatalf("decode error %v, want 3 field errors", err)
	}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "paddingScheme") {
		t.Errorf("Validate = %v, want an error naming paddingScheme", err)
	}
}

func asValidation(err error, ve **graphrt.ValidationError) bool {
	v, ok := err.(*graphrt.ValidationError)
	*ve = v
	return ok
}

func TestClientDecodesUnknownEnumMembers(t *testing.T) {
	// Graph's enums evolve: a client must accept a member it does not know.
	var c userpfx.UserPFXCertificate
	if err := json.Unmarshal([]byte(`{"intendedPurpose": "quantumSafe"}`), &c); err != nil {
		t.Fatal(err)
	}
	if *c.IntendedPurpose != "quantumSafe" {
		t.Errorf("got %v", *c.IntendedPurpose)
	}
}

func TestCreateListGetDelete(t *testing.T) {
	_, _, c := setup(t)
	ctx := context.Background()
	cr, err := c.DeviceManagementUserPfxCertificatesCreateWithResponse(ctx, full())
	if err != nil || cr.JSON201 == nil || *cr.JSON201.Id != "new-id" {
		t.Fatalf("create: %v %s", err, cr.Body)
	}
	lr, err := c.DeviceManagementUserPfxCertificatesListWithResponse(ctx, nil)
	if err != nil || lr.JSON200 == nil || len(*lr.JSON200.Value) != 1 {
		t.Fatalf("list: %v %s", err, lr.Body)
	}
	gr, err := c.DeviceManagementUserPfxCertificatesGetWithResponse(ctx, "new-id", nil)
	if err != nil || gr.JSON200 == nil || *gr.JSON200.KeyName != "pfx-import-key" {
		t.Fatalf("get: %v %s", err, gr.Body)
	}
	dr, err := c.DeviceManagementUserPfxCertificatesDeleteWithResponse(ctx, "new-id")
	if err != nil || dr.StatusCode() != http.StatusNoContent {
		t.Fatalf("delete: %v %d", err, dr.StatusCode())
	}
}
