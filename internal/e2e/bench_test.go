package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/graphdoc/graphdoc/gen/userpfx"
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
// before its handler runs. graphdoc: the generated decoder and validation.
// kin-openapi: openapi3filter.ValidateRequest (the request-validation
// middleware oapi-codegen's std-http servers use), then the handler's
// encoding/json decode into the same struct. "checks" is graphdoc's
// validation alone, on a decoded value.
func BenchmarkRequestBody(b *testing.B) {
	body := updateBody(b)
	b.Run("graphdoc", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v userpfx.UserPFXCertificate
			if err := v.UnmarshalJSON(body); err != nil {
				b.Fatal(err)
			}
			if err := v.Validate(); err != nil {
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
			if err := v.Validate(); err != nil {
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
