package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/graphrt/impl"
	"github.com/graphdoc/graphdoc/internal/testenv"
)

// updateBody is a typical update body: the ten writable properties of a
// userPFXCertificate.
func updateBody(b *testing.B) []byte {
	b.Helper()
	c := full() // every writable property: no id, no read-only dates
	data, err := json.Marshal(c)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkRequestBody compares what a server does with a request body
// before its handler runs.
//
//   - graphdoc: decode the body's bytes with the generated UnmarshalJSON and
//     check it as the generated update route does (impl.ValidateRequestBody:
//     enums, formats, read-only members), the same work as before the
//     runtime plans, so the figures compare across releases;
//   - graphdoc-request: all of it from an *http.Request, built each time as
//     openapi3filter's is: impl.ReadBody (Content-Type, size limit, read)
//     with that decode and check;
//   - openapi3filter: kin-openapi's route lookup and ValidateRequest (the
//     request-validation middleware oapi-codegen's std-http servers use),
//     then the handler's encoding/json decode into the same struct;
//   - checks: graphdoc's check alone, on a decoded value.
func BenchmarkRequestBody(b *testing.B) {
	body := updateBody(b)
	b.Run("graphdoc", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			v := new(userpfx.UserPFXCertificate)
			if err := v.UnmarshalJSON(body); err != nil {
				b.Fatal(err)
			}
			if err := impl.ValidateRequestBody(v, nil, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("graphdoc-request", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodPatch, "/deviceManagement/userPfxCertificates/7c3e9f12", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			v := new(userpfx.UserPFXCertificate)
			if err := impl.ReadBody(req, userpfx.MaxRequestBodyBytes, v, func() error {
				return impl.ValidateRequestBody(v, nil, true)
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("checks", func(b *testing.B) {
		var v userpfx.UserPFXCertificate
		if err := v.UnmarshalJSON(body); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := impl.ValidateRequestBody(&v, nil, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("openapi3filter", func(b *testing.B) {
		data, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(), "testdata", "userpfx", "openapi.yaml"))
		if err != nil {
			b.Fatal(err)
		}
		doc, err := openapi3.NewLoader().LoadFromData(data)
		if err != nil {
			b.Fatal(err)
		}
		doc.Servers = openapi3.Servers{{URL: "/"}}
		router, err := legacy.NewRouter(doc)
		if err != nil {
			b.Fatal(err)
		}
		opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
		type plain userpfx.UserPFXCertificate // encoding/json by reflection, as a handler would
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodPatch, "/deviceManagement/userPfxCertificates/7c3e9f12", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			route, params, err := router.FindRoute(req)
			if err != nil {
				b.Fatal(err)
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
			if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
				b.Fatal(err)
			}
			var v plain
			if err := json.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// updater answers an update with its body, as a handler that stores it
// would.
type updater struct {
	userpfx.UnimplementedHandler
}

func (updater) DeviceManagementUserPfxCertificatesUpdate(ctx context.Context, id string, body *userpfx.UserPFXCertificate) (*userpfx.UserPFXCertificate, error) {
	body.Id = &id
	return body, nil
}

// BenchmarkServerUpdate is a whole PATCH through the generated
// NewHandler, without the network: routing, reading, decoding and
// checking the body, the handler, and writing the response.
func BenchmarkServerUpdate(b *testing.B) {
	body := updateBody(b)
	h := userpfx.NewHandler(updater{})
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPatch, "/deviceManagement/userPfxCertificates/7c3e9f12", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d, want 200: %s", rec.Code, rec.Body)
		}
	}
}
