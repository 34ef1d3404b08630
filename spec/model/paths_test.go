package model

import (
	"reflect"
	"testing"
)

func TestCanonicalPath(t *testing.T) {
	cases := []struct {
		in, want string
		params   []string
	}{
		{"/deviceManagement/userPfxCertificates", "/deviceManagement/userPfxCertificates", nil},
		{"/deviceManagement/userPfxCertificates/{userPFXCertificateId}", "/deviceManagement/userPfxCertificates/{userPfxCertificate-id}", []string{"userPfxCertificate-id"}},
		{"/users/{id | userPrincipalName}", "/users/{user-id}", []string{"user-id"}},
		{"/users/{id|userPrincipalName}/memberOf/{id}/$ref", "/users/{user-id}/memberOf/{memberOf-id}/$ref", []string{"user-id", "memberOf-id"}},
		{"/groups/{id}/members/{id}/$ref", "/groups/{group-id}/members/{member-id}/$ref", []string{"group-id", "member-id"}},
		{"/me/drive/root:/{item-path}:/content", "/me/drive/root:/{item-path}:/content", []string{"item-path"}},
		{"/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='{address}')", "/me/drive/items/{item-id}/workbook/worksheets/{worksheet-id}/range(address='{address}')", []string{"item-id", "worksheet-id", "address"}},
		{"/reports/getOffice365ActiveUserDetail(period='{period_value}')", "/reports/getOffice365ActiveUserDetail(period='{period}')", []string{"period"}},
		{"/workbook/worksheets/{id}/range(<address>)", "/workbook/worksheets/{worksheet-id}/range({address})", []string{"worksheet-id", "address"}},
		{"/policies/{id}/x/{id}/y/{id}", "/policies/{policy-id}/x/{x-id}/y/{y-id}", []string{"policy-id", "x-id", "y-id"}},
		{"/a/{id}/a/{id}", "/a/{a-id}/a/{a-id2}", []string{"a-id", "a-id2"}},
		{"/{tenant id}/x", "/{id}/x", []string{"id"}},
		{"/deviceAppManagement/mobileApps/{mobileAppId}/microsoft.graph.iosVppApp/assignedLicenses/{id}", "/deviceAppManagement/mobileApps/{mobileApp-id}/microsoft.graph.iosVppApp/assignedLicenses/{assignedLicense-id}", []string{"mobileApp-id", "assignedLicense-id"}},
	}
	for _, c := range cases {
		got, params := CanonicalPath(c.in)
		if got != c.want {
			t.Errorf("CanonicalPath(%q) = %q, want %q", c.in, got, c.want)
		}
		var names []string
		for _, p := range params {
			names = append(names, p.Name)
		}
		if !reflect.DeepEqual(names, c.params) {
			t.Errorf("CanonicalPath(%q) params = %v, want %v", c.in, names, c.params)
		}
	}
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"users": "user", "policies": "policy", "addresses": "address", "children": "child",
		"status": "status", "people": "person", "drive": "drive", "boxes": "box", "analysis": "analysis",
	} {
		if got := Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOperationID(t *testing.T) {
	cases := []struct{ path, kind, want string }{
		{"/deviceManagement/userPfxCertificates", "update", "deviceManagement.userPfxCertificates.update"},
		{"/users/{user-id}/messages", "list", "users.messages.list"},
		{"/users/{user-id}/sendMail", "action", "users.sendMail"},
		{"/reports/getX(period='{period}')", "function", "reports.getX"},
		{"/groups/{group-id}/members/{member-id}/$ref", "delete", "groups.members.ref.delete"},
		{"/a/microsoft.graph.iosVppApp/b", "get", "a.iosVppApp.b.get"},
	}
	for _, c := range cases {
		if got := operationID(c.path, c.kind); got != c.want {
			t.Errorf("operationID(%q, %q) = %q, want %q", c.path, c.kind, got, c.want)
		}
	}
}
