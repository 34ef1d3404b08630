package impl

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// rtHandler is the handler the test routes serve with.
type rtHandler struct{ calls atomic.Int64 }

// rtReply is what a test route answers: which route, and its arguments.
type rtReply struct {
	ID      string   `json:"id"`
	Args    []string `json:"args"`
	Pattern string   `json:"pattern"`
}

// rtTemplates are the test routes: method, template, id.
var rtTemplates = [][3]string{
	{"GET", "/users", "listUsers"},
	{"POST", "/users", "createUser"},
	{"GET", "/users/delta()", "delta"},
	{"GET", "/users/{user-id}", "getUser"},
	{"PATCH", "/users/{user-id}", "updateUser"},
	{"DELETE", "/users/{user-id}", "deleteUser"},
	{"GET", "/users/{user-id}/manager", "manager"},
	{"GET", "/users/{id}/findRooms(RoomList='{RoomList}')", "findRooms"},
	{"GET", "/users/{user-id}/drive/root/search(q='{q}')", "search"},
	{"GET", "/users/{user-id}/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{timezone-format}')", "timeZones"},
	{"GET", "/identityGovernance/appConsent/appConsentRequests/{appConsentRequest-id}/userConsentRequests/filterByCurrentUser(on='{on}')", "filterByCurrentUser"},
	{"GET", "/directoryRoles/roleTemplateId={roleTemplateId}", "roleByTemplate"},
	{"GET", "/directoryRoles/{directoryRole-id}", "role"},
	{"GET", "/me/drive/root:/{item-path}:", "item"},
	{"GET", "/me/drive/root:/{item-path}:/content", "content"},
	{"PUT", "/me/drive/root:/{item-path}:/content", "upload"},
	{"GET", "/me/drive/root:/{item-path}:/workbook/worksheets/{worksheet-id}/range(address='{address}')", "rangeQuoted"},
	{"GET", "/me/drive/root:/{item-path}:/workbook/worksheets/{worksheet-id}/range(address={address})", "rangeNamed"},
	{"GET", "/me/drive/root:/{item-path}:/workbook/worksheets/{worksheet-id}/range({address})", "rangeBare"},
	{"GET", "/me/drive/root:/{item-path}:/workbook/worksheets/{worksheet-id}/Cell(row={row},column={column})", "cell"},
	{"GET", "/sites/{site-id}", "site"},
	{"GET", "/sites/{hostname}:/{id}", "siteByPath"},
	{"GET", "/sites/{site-id}/drive/root:/{root-id}", "siteRootChild"},
	{"GET", "/sites/{site-id}/lists/{list-id}/items/{item-id}/getActivitiesByInterval(startDateTime='{startDateTime}',endDateTime='{endDateTime}',interval='{interval}')", "activities"},
	{"GET", "/reports/getYammerGroupsActivityGroupCounts(period='{period}')", "yammer"},
	{"GET", "/servicePrincipals/{servicePrincipal-id}/tokenLifetimePolicies/{id}$ref", "policyRef"},
	{"DELETE", "/servicePrincipals/{servicePrincipal-id}/tokenLifetimePolicies/{id}$ref", "deletePolicyRef"},
	{"GET", "/informationProtection/bitlocker/recoveryKeys/'{bitlockeryRecoveryKeyId}'", "recoveryKey"},
	{"GET", "/panic", "panic"},
	{"GET", "/panic/late", "panicLate"},
	{"GET", "/panic/abort", "panicAbort"},
}

func rtTestRoutes(reverse bool) []Route[*rtHandler] {
	var routes []Route[*rtHandler]
	for _, t := range rtTemplates {
		routes = append(routes, Route[*rtHandler]{Method: t[0], Path: t[1], ID: t[2],
			Serve: func(h *rtHandler, w http.ResponseWriter, r *http.Request, args []string) {
				h.calls.Add(1)
				switch t[2] {
				case "panic":
					w.Header().Set("Location", "/somewhere")
					panic("boom")
				case "panicLate":
					w.Header().Set("Content-Length", "100")
					w.WriteHeader(200)
					io.WriteString(w, "partial")
					panic("late boom")
				case "panicAbort":
					panic(http.ErrAbortHandler)
				}
				Reply(w, http.StatusOK, rtReply{ID: t[2], Args: args, Pattern: r.Pattern}, nil)
			}})
	}
	if reverse {
		slices.Reverse(routes)
	}
	return routes
}

// rtCase is a request and what the router answers.
type rtCase struct {
	method, path string
	id           string   // the route, or "" for an error
	args         []string // the route's arguments
	status       int      // for an error
	allow        string   // for 405
}

var rtCases = []rtCase{
	{"GET", "/users", "listUsers", nil, 0, ""},
	{"POST", "/users", "createUser", nil, 0, ""},
	{"GET", "/users/delta()", "delta", nil, 0, ""},
	{"GET", "/users/delta%28%29", "delta", nil, 0, ""},
	{"GET", "/users/abc", "getUser", []string{"abc"}, 0, ""},
	{"DELETE", "/users/abc", "deleteUser", []string{"abc"}, 0, ""},
	{"GET", "/users/delta()/manager", "manager", []string{"delta()"}, 0, ""},
	{"GET", "/users/a%2Fb", "getUser", []string{"a/b"}, 0, ""},
	{"GET", "/users/a%2Fb/manager", "manager", []string{"a/b"}, 0, ""},
	{"GET", "/users/caf%C3%A9%20x", "getUser", []string{"café x"}, 0, ""},
	{"GET", "/users/%2E", "getUser", []string{"."}, 0, ""},
	{"GET", "/users/", "", nil, 404, ""},
	{"GET", "/users//manager", "", nil, 404, ""},
	{"GET", "/users/abc/", "", nil, 404, ""},
	{"GET", "/nothing", "", nil, 404, ""},
	{"GET", "/", "", nil, 404, ""},
	{"GET", "/Users", "", nil, 404, ""},
	{"PATCH", "/users/delta()", "", nil, 405, "GET"},
	{"POST", "/users/abc", "", nil, 405, "DELETE, GET, PATCH"},
	{"PUT", "/users", "", nil, 405, "GET, POST"},
	{"GET", "/users/x/findRooms(RoomList='rooms@x.com')", "findRooms", []string{"x", "rooms@x.com"}, 0, ""},
	{"GET", "/users/x/findRooms(RoomList='O''Brien')", "findRooms", []string{"x", "O'Brien"}, 0, ""},
	{"GET", "/users/x/findRooms(RoomList=%27a%27)", "findRooms", []string{"x", "a"}, 0, ""},
	{"GET", "/users/x/findRooms(RoomList='a')x", "", nil, 404, ""},
	{"GET", "/users/x/findRooms(RoomList='a'')", "", nil, 404, ""},
	{"GET", "/users/x/findRooms(RoomList='a'b')", "", nil, 404, ""},
	{"GET", "/users/u1/drive/root/search(q='')", "search", []string{"u1", ""}, 0, ""},
	{"GET", "/users/u1/drive/root/search(q='it''s')", "search", []string{"u1", "it's"}, 0, ""},
	{"GET", "/users/u1/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')", "timeZones", []string{"u1", "Iana"}, 0, ""},
	{"GET", "/identityGovernance/appConsent/appConsentRequests/r1/userConsentRequests/filterByCurrentUser(on='reviewer')", "filterByCurrentUser", []string{"r1", "reviewer"}, 0, ""},
	{"GET", "/directoryRoles/roleTemplateId=abc", "roleByTemplate", []string{"abc"}, 0, ""},
	{"GET", "/directoryRoles/roleTemplateId=", "roleByTemplate", []string{""}, 0, ""},
	{"GET", "/directoryRoles/xyz", "role", []string{"xyz"}, 0, ""},
	{"GET", "/me/drive/root:/a/b/c.txt:/content", "content", []string{"a/b/c.txt"}, 0, ""},
	{"PUT", "/me/drive/root:/a/b/c.txt:/content", "upload", []string{"a/b/c.txt"}, 0, ""},
	{"GET", "/me/drive/root:/c.txt:", "item", []string{"c.txt"}, 0, ""},
	{"GET", "/me/drive/root:/a%20b/c%3F.txt:", "item", []string{"a b/c?.txt"}, 0, ""},
	{"GET", "/me/drive/root:/a/c.txt", "item", []string{"a/c.txt"}, 0, ""},
	{"GET", "/me/drive/root:/c.txt", "item", []string{"c.txt"}, 0, ""},
	{"GET", "/me/drive/root:/a:/b:/content", "content", []string{"a:/b"}, 0, ""},
	{"GET", "/me/drive/root:/a:/nothing", "", nil, 404, ""},
	{"GET", "/me/drive/root:/:", "", nil, 404, ""},
	{"GET", "/me/drive/root:/a//b:", "", nil, 404, ""},
	{"GET", "/me/drive/root:", "", nil, 404, ""},
	{"DELETE", "/me/drive/root:/a/b:/content", "", nil, 405, "GET, PUT"},
	{"GET", "/me/drive/root:/x.xlsx:/workbook/worksheets/S1/range(address='A1:B2')", "rangeQuoted", []string{"x.xlsx", "S1", "A1:B2"}, 0, ""},
	{"GET", "/me/drive/root:/x.xlsx:/workbook/worksheets/S1/range(address=A1)", "rangeNamed", []string{"x.xlsx", "S1", "A1"}, 0, ""},
	{"GET", "/me/drive/root:/x.xlsx:/workbook/worksheets/S1/range(A1)", "rangeBare", []string{"x.xlsx", "S1", "A1"}, 0, ""},
	{"GET", "/me/drive/root:/x.xlsx:/workbook/worksheets/S1/range(address='A1)", "rangeNamed", []string{"x.xlsx", "S1", "'A1"}, 0, ""},
	{"GET", "/me/drive/root:/x.xlsx:/workbook/worksheets/S1/Cell(row=1,column=2)", "cell", []string{"x.xlsx", "S1", "1", "2"}, 0, ""},
	{"GET", "/me/drive/root:/x.xlsx:/workbook/worksheets/S1/Cell(row=1,column=2,column=3)", "cell", []string{"x.xlsx", "S1", "1", "2,column=3"}, 0, ""},
	{"GET", "/sites/s1/lists/l1/items/i1/getActivitiesByInterval(startDateTime='2020-01-01',endDateTime='2020-02-01',interval='day')", "activities", []string{"s1", "l1", "i1", "2020-01-01", "2020-02-01", "day"}, 0, ""},
	{"GET", "/sites/s1/lists/l1/items/i1/getActivitiesByInterval(startDateTime='a'',endDateTime=''b',endDateTime='c',interval='')", "activities", []string{"s1", "l1", "i1", "a',endDateTime='b", "c", ""}, 0, ""},
	{"GET", "/reports/getYammerGroupsActivityGroupCounts(period='D7')", "yammer", []string{"D7"}, 0, ""},
	{"GET", "/reports/getYammerGroupsActivityGroupCounts(period=D7)", "", nil, 404, ""},
	{"GET", "/sites/contoso.sharepoint.com:/marketing", "siteByPath", []string{"contoso.sharepoint.com", "marketing"}, 0, ""},
	{"GET", "/sites/contoso.sharepoint.com", "site", []string{"contoso.sharepoint.com"}, 0, ""},
	{"GET", "/sites/s1/drive/root:/r1", "siteRootChild", []string{"s1", "r1"}, 0, ""}, // {hostname}: spans no segments
	{"GET", "/sites/a/b:/c", "", nil, 404, ""},
	{"GET", "/sites/:/c", "siteByPath", []string{"", "c"}, 0, ""},
	{"GET", "/sites/contoso.sharepoint.com:", "site", []string{"contoso.sharepoint.com:"}, 0, ""}, // no route ends at {hostname}:
	{"GET", "/servicePrincipals/sp/tokenLifetimePolicies/p1$ref", "policyRef", []string{"sp", "p1"}, 0, ""},
	{"DELETE", "/servicePrincipals/sp/tokenLifetimePolicies/$ref", "deletePolicyRef", []string{"sp", ""}, 0, ""},
	{"GET", "/servicePrincipals/sp/tokenLifetimePolicies/p1", "", nil, 404, ""},
	{"GET", "/informationProtection/bitlocker/recoveryKeys/'k1'", "recoveryKey", []string{"k1"}, 0, ""},
	{"GET", "/informationProtection/bitlocker/recoveryKeys/k1", "", nil, 404, ""},
}

// rtGraphError is Graph's error shape, as a test reads it.
type rtGraphError struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		InnerError struct {
			Date string `json:"date"`
		} `json:"innerError"`
	} `json:"error"`
}

func rtDo(t *testing.T, srv *httptest.Server, method, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp, body
}

func TestRouterRoutes(t *testing.T) {
	for _, reverse := range []bool{false, true} {
		h := &rtHandler{}
		srv := httptest.NewServer(NewRouter(h, rtTestRoutes(reverse)))
		for _, tc := range rtCases {
			resp, body := rtDo(t, srv, tc.method, tc.path)
			name := tc.method + " " + tc.path
			if tc.id != "" {
				var got rtReply
				if resp.StatusCode != 200 || json.Unmarshal(body, &got) != nil {
					t.Errorf("%s: %d %s", name, resp.StatusCode, body)
					continue
				}
				if got.ID != tc.id || !slices.Equal(got.Args, tc.args) {
					t.Errorf("%s: got %s %q, want %s %q", name, got.ID, got.Args, tc.id, tc.args)
				}
				if want := tc.method + " "; !strings.HasPrefix(got.Pattern, want) || !strings.Contains(got.Pattern, "/") {
					t.Errorf("%s: r.Pattern = %q", name, got.Pattern)
				}
				continue
			}
			if resp.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d: %s", name, resp.StatusCode, tc.status, body)
				continue
			}
			var ge rtGraphError
			if err := json.Unmarshal(body, &ge); err != nil || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("%s: not Graph's error shape: %s", name, body)
				continue
			}
			wantCode, wantMsg := "NotFound", "no resource at "
			if tc.status == 405 {
				wantCode, wantMsg = "MethodNotAllowed", tc.method+" is not allowed on "
			}
			if ge.Error.Code != wantCode || !strings.HasPrefix(ge.Error.Message, wantMsg) || ge.Error.InnerError.Date == "" {
				t.Errorf("%s: %s", name, body)
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("%s: Allow %q, want %q", name, got, tc.allow)
			}
		}
		srv.Close()
	}
}

// TestRouterMessages checks the texts of 404 and 405, which name the
// decoded path as today's Routes does.
func TestRouterMessages(t *testing.T) {
	srv := httptest.NewServer(NewRouter(&rtHandler{}, rtTestRoutes(false)))
	defer srv.Close()
	for _, tc := range []struct{ method, path, msg string }{
		{"GET", "/no%20such", "no resource at /no such"},
		{"POST", "/users/a%20b", "POST is not allowed on /users/a b"},
	} {
		_, body := rtDo(t, srv, tc.method, tc.path)
		var ge rtGraphError
		json.Unmarshal(body, &ge)
		if ge.Error.Message != tc.msg {
			t.Errorf("%s %s: %q, want %q", tc.method, tc.path, ge.Error.Message, tc.msg)
		}
	}
}

func TestRouterPanics(t *testing.T) {
	h := &rtHandler{}
	var logs bytes.Buffer
	srv := httptest.NewUnstartedServer(NewRouter(h, rtTestRoutes(false)))
	srv.Config.ErrorLog = log.New(&logs, "", 0) // read after Close, which waits for the handlers
	srv.Start()
	defer srv.Close()

	resp, body := rtDo(t, srv, "GET", "/panic")
	var ge rtGraphError
	if resp.StatusCode != 500 || json.Unmarshal(body, &ge) != nil || ge.Error.Code != "InternalServerError" {
		t.Errorf("panic: %d %s", resp.StatusCode, body)
	}
	if strings.Contains(string(body), "boom") {
		t.Errorf("the panic's value reached the client: %s", body)
	}
	if resp.Header.Get("Location") != "" {
		t.Errorf("a header set before the panic was sent: %v", resp.Header)
	}
	// The connection survives: the next request is served.
	if resp, _ := rtDo(t, srv, "GET", "/users"); resp.StatusCode != 200 {
		t.Errorf("after a panic: %d", resp.StatusCode)
	}

	// A panic after the response started cuts it short.
	req, _ := http.NewRequest("GET", srv.URL+"/panic/late", nil)
	if resp, err := srv.Client().Do(req); err == nil {
		_, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("late panic: the response looks complete")
		}
	}
	// http.ErrAbortHandler is passed on (and not logged).
	req, _ = http.NewRequest("GET", srv.URL+"/panic/abort", nil)
	if resp, err := srv.Client().Do(req); err == nil {
		t.Errorf("abort: got a response, %d", resp.StatusCode)
		resp.Body.Close()
	}
	srv.Close()
	got := logs.String()
	if !strings.Contains(got, "panic serving GET /panic (panic): boom") || !strings.Contains(got, "late boom") || !strings.Contains(got, "router_test.go") {
		t.Errorf("log:\n%s", got)
	}
}

func TestNewRouterPanics(t *testing.T) {
	serve := func(*rtHandler, http.ResponseWriter, *http.Request, []string) {}
	for _, routes := range [][]Route[*rtHandler]{
		{{Method: "GET", Path: "users", Serve: serve}},
		{{Method: "GET", Path: "/users/{id", Serve: serve}},
		{{Method: "GET", Path: "/users/id}", Serve: serve}},
		{{Method: "GET", Path: "/users/{a{b}}", Serve: serve}},
		{{Method: "GET", Path: "/users/{id}", Serve: serve}, {Method: "GET", Path: "/users/{user-id}", Serve: serve}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%v: no panic", routes[len(routes)-1].Path)
				}
			}()
			NewRouter(&rtHandler{}, routes)
		}()
	}
	// The same template with other methods, or other names, is fine.
	NewRouter(&rtHandler{}, []Route[*rtHandler]{{Method: "GET", Path: "/users/{id}", Serve: serve}, {Method: "PATCH", Path: "/users/{user-id}", Serve: serve}})
}

// TestRouterLookupAllocs keeps matching cheap.
func TestRouterLookupAllocs(t *testing.T) {
	rt := NewRouter(&rtHandler{}, rtTestRoutes(false)).(*router[*rtHandler])
	n := testing.AllocsPerRun(100, func() {
		rt.lookup("/users/abc/manager")
	})
	if n > 3 {
		t.Errorf("lookup allocates %v times", n)
	}
}

func BenchmarkRouterLookup(b *testing.B) {
	rt := NewRouter(&rtHandler{}, rtTestRoutes(false)).(*router[*rtHandler])
	paths := []string{"/users/abc/manager", "/me/drive/root:/a/b/c.xlsx:/workbook/worksheets/S1/range(address='A1:B2')", "/nothing/here"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		rt.lookup(paths[i%len(paths)])
	}
}
