package impl_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt/impl"
)

func ptr[T any](v T) *T { return &v }

// updateBody is internal/e2e's BenchmarkRequestBody body: the ten
// writable properties of a userPFXCertificate, with its @odata.type.
func updateBody(tb testing.TB) []byte {
	tb.Helper()
	start := time.Date(2021, 3, 14, 9, 26, 53, 589123400, time.FixedZone("", -7*3600))
	c := UserPFXCertificate{
		Thumbprint:           ptr("F6E2A0C1B3D4E5F60718293A4B5C6D7E8F901234"),
		IntendedPurpose:      ptr(UserPfxIntendedPurposeSmimeEncryption),
		UserPrincipalName:    ptr("adele@contoso.example"),
		StartDateTime:        &start,
		ExpirationDateTime:   ptr(start.AddDate(1, 0, 0)),
		ProviderName:         ptr("Microsoft Enhanced RSA and AES Cryptographic Provider"),
		KeyName:              ptr("pfx-import-key"),
		PaddingScheme:        ptr(UserPfxPaddingSchemeOaepSha256),
		EncryptedPfxBlob:     ptr([]byte("encrypted pfx blob\x00\x01")),
		EncryptedPfxPassword: ptr("ZW5jcnlwdGVkIHBhc3N3b3Jk"),
	}
	data, err := json.Marshal(c)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// BenchmarkPlanRequestBody compares, on internal/e2e's BenchmarkRequestBody
// body, what a server runs on a request body before its handler: the
// per-field generated code (generated) and the plans (plan), decoding and
// validation, and validation alone (checks).
func BenchmarkPlanRequestBody(b *testing.B) {
	body := updateBody(b)
	b.Run("generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v UserPFXCertificate
			if err := v.UnmarshalJSON(body); err != nil {
				b.Fatal(err)
			}
			if err := v.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v UserPFXCertificate
			if err := impl.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
			if err := impl.Validate(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plan-body", func(b *testing.B) { // with the create operation's write checks
		required := []string{"thumbprint", "intendedPurpose", "userPrincipalName", "providerName", "keyName", "paddingScheme", "encryptedPfxBlob", "encryptedPfxPassword"}
		b.ReportAllocs()
		for b.Loop() {
			var v UserPFXCertificate
			if err := impl.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
			if err := impl.ValidateRequestBody(&v, required, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	var v UserPFXCertificate
	if err := v.UnmarshalJSON(body); err != nil {
		b.Fatal(err)
	}
	b.Run("checks-generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := v.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("checks-plan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := impl.Validate(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPlanDecode compares the generated code and the plans on larger
// documents: a page of 100 certificates, and a sample with a field of every
// kind.
func BenchmarkPlanDecode(b *testing.B) {
	page := []byte(`{"@odata.nextLink":"https://graph.microsoft.com/beta/next","value":[` + strings.Repeat(certJSON+",", 99) + certJSON + `]}`)
	for _, c := range []struct {
		name string
		data []byte
		new  func() generated
	}{
		{"page", page, func() generated { return new(UserPFXCertificateCollectionResponse) }},
		{"sample", []byte(sampleJSON), func() generated { return new(Sample) }},
	} {
		b.Run(c.name+"/generated", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				v := c.new()
				if err := v.UnmarshalJSON(c.data); err != nil {
					b.Fatal(err)
				}
				_ = v.Validate() // the sample has an abstract shape: an error, the same for both
			}
		})
		b.Run(c.name+"/plan", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				v := c.new()
				if err := impl.Unmarshal(c.data, v); err != nil {
					b.Fatal(err)
				}
				_ = impl.Validate(v)
			}
		})
	}
}
