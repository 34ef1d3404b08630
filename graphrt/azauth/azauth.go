// Package azauth authenticates graphrt clients with the Azure SDK's
// credentials: any azcore.TokenCredential, which is what azidentity gives
// (client secret, certificate, managed identity, workload identity, device
// code, Azure CLI, DefaultAzureCredential).
//
//	cred, err := azidentity.NewDefaultAzureCredential(nil)
//	...
//	client := users.NewClient(graphrt.Global.URL(graphrt.V1), azauth.WithCredential(cred))
//
// It is a package of its own so that code which does not authenticate this
// way builds without the Azure SDK: graphrt itself does not import it.
package azauth

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/graphdoc/graphdoc/graphrt"
)

// WithCredential authenticates a client's requests with tokens from cred
// for scopes; without scopes, the scope of the client's server
// (graphrt.GlobalScope for https://graph.microsoft.com/v1.0, a national
// cloud's for its server). See graphrt.WithTokenSource for caching,
// claims challenges and where the token is sent.
func WithCredential(cred azcore.TokenCredential, scopes ...string) graphrt.ClientOption {
	return graphrt.WithTokenSource(TokenSource(cred), scopes...)
}

// TokenSource returns a graphrt.TokenSource that asks cred for tokens. It
// asks for Continuous Access Evaluation tokens (EnableCAE), since the
// graphrt client answers their claims challenges, and passes a
// challenge's claims on.
func TokenSource(cred azcore.TokenCredential) graphrt.TokenSource {
	return source{cred}
}

type source struct{ cred azcore.TokenCredential }

func (s source) Token(ctx context.Context, req graphrt.TokenRequest) (graphrt.AccessToken, error) {
	tok, err := s.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: req.Scopes, Claims: req.Claims, EnableCAE: true})
	if err != nil {
		return graphrt.AccessToken{}, err
	}
	return graphrt.AccessToken{Token: tok.Token, ExpiresOn: tok.ExpiresOn, RefreshOn: tok.RefreshOn}, nil
}

// CloudConfig returns the Azure SDK's configuration of the sign-in
// authority of a graphrt.Cloud, for azidentity's options
// (azcore.ClientOptions.Cloud), so that a credential for a national cloud
// signs in where that cloud's tokens come from:
//
//	opts := azcore.ClientOptions{Cloud: azauth.CloudConfig(graphrt.USGov)}
//	cred, err := azidentity.NewClientSecretCredential(tenant, id, secret,
//		&azidentity.ClientSecretCredentialOptions{ClientOptions: opts})
//	client := users.NewClient(graphrt.USGov.URL(graphrt.V1), azauth.WithCredential(cred))
func CloudConfig(c graphrt.Cloud) cloud.Configuration {
	switch c.Authority {
	case graphrt.Global.Authority:
		return cloud.AzurePublic
	case graphrt.China.Authority:
		return cloud.AzureChina
	case graphrt.USGov.Authority:
		return cloud.AzureGovernment
	}
	return cloud.Configuration{ActiveDirectoryAuthorityHost: c.Authority}
}
