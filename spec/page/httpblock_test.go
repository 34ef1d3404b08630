package page

import "testing"

func TestParseRequestLine(t *testing.T) {
	cases := []struct {
		line, method, path, query string
		ok                        bool
	}{
		{"PATCH /deviceManagement/userPfxCertificates", "PATCH", "/deviceManagement/userPfxCertificates", "", true},
		{"GET /users/{id | userPrincipalName}/events/{id}", "GET", "/users/{id | userPrincipalName}/events/{id}", "", true},
		{"GET /organization/{tenant id}/branding HTTP/1.1", "GET", "/organization/{tenant id}/branding", "", true},
		{"GET /me/drive/root/workbook/worksheets/{id}/range(address='A1:B2 C3') rest", "GET", "/me/drive/root/workbook/worksheets/{id}/range(address='A1:B2 C3')", "", true},
		{"get /me", "GET", "/me", "", true},
		{"DELETE/identity/b2xUserFlows/{userflow-id}/userflowIdentityProviders/{id}/$ref", "DELETE", "/identity/b2xUserFlows/{userflow-id}/userflowIdentityProviders/{id}/$ref", "", true},
		{"PATCH https://graph.microsoft.com/beta/policies/authenticationFlowsPolicy", "PATCH", "/policies/authenticationFlowsPolicy", "", true},
		{"GET policies/activityBasedTimeoutPolicies", "GET", "/policies/activityBasedTimeoutPolicies", "", true},
		{"GET /security/alerts?$filter={property} eq '{property-value}'", "GET", "/security/alerts", "$filter={property} eq '{property-value}'", true},
		{"GET /identity/apiConnectors/", "GET", "/identity/apiConnectors", "", true},
		{"GET /beta/teams/{id}/photo/$value", "GET", "/teams/{id}/photo/$value", "", true},
		{"workbook-session-id: {session-id}", "", "", "", false},
		{"Getting started", "", "", "", false},
		{"", "", "", "", false},
	}
	for _, c := range cases {
		m, p, q, ok := ParseRequestLine(c.line)
		if ok != c.ok || m != c.method || p != c.path || q != c.query {
			t.Errorf("ParseRequestLine(%q) = %q %q %q %v", c.line, m, p, q, ok)
		}
	}
}

func TestParseMessage(t *testing.T) {
	// the seed's response: no blank line between headers and body
	m := ParseMessage("HTTP/1.1 200 OK\nContent-Type: application/json\n{\n  \"id\": \"x\"\n}\n")
	if m.Status != 200 || len(m.Headers) != 1 || m.Body != "{\n  \"id\": \"x\"\n}\n" || m.NonCanonical {
		t.Errorf("response: %+v", m)
	}
	// an Intune request: blank line between request line and headers
	m = ParseMessage("POST https://graph.microsoft.com/beta/x/createToken\n\nContent-type: application/json\nContent-length: 35\n\n{\n  \"a\": 1\n}\n")
	if m.Method != "POST" || m.Target != "/x/createToken" || m.Server != "https://graph.microsoft.com/beta" || len(m.Headers) != 2 || m.Body == "" {
		t.Errorf("request: %+v", m)
	}
	for _, s := range []string{"HTTP 201 Created", "HTTP/1.1 204 Accepted", "HTTP/1.1 202 Accpted", "HTTP/1.1 200 "} {
		if m := ParseMessage(s); !m.NonCanonical || m.Status == 0 {
			t.Errorf("%q: %+v", s, m)
		}
	}
	if m := ParseMessage("{\"a\": 1}"); m.Body != "{\"a\": 1}" || m.BodyOff != 0 {
		t.Errorf("bare JSON: %+v", m)
	}
	if m := ParseMessage("GET /me\n"); m.Method != "GET" || m.Body != "" {
		t.Errorf("no body: %+v", m)
	}
}

func TestStatusCodeIn(t *testing.T) {
	for s, want := range map[string]int{
		"If successful, this method returns a `200 OK` response code and a [user](x.md) object.": 200,
		"returns `204 No Content`":               204,
		"returns a 201 Created response code":    201,
		"returns a 200-series response code":     0,
		"If successful, returns `202 Accepted`.": 202,
		"There are 300 users; returns nothing":   0,
	} {
		if got := StatusCodeIn(s); got != want {
			t.Errorf("StatusCodeIn(%q) = %d, want %d", s, got, want)
		}
	}
}
