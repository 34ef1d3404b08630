package fake

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/odata"
)

var certSchema = odata.Schema{
	"id":              {Kind: odata.String},
	"keyName":         {Kind: odata.String},
	"providerName":    {Kind: odata.String},
	"size":            {Kind: odata.Int},
	"weight":          {Kind: odata.Float},
	"enabled":         {Kind: odata.Bool},
	"purpose":         {Kind: odata.Enum, Members: []string{"unassigned", "smimeEncryption", "vpn"}},
	"thumbprintId":    {Kind: odata.GUID},
	"createdDateTime": {Kind: odata.DateTime},
	"tags":            {Kind: odata.String, Collection: true},
	"owner":           {Kind: odata.Object, Props: odata.Schema{"city": {Kind: odata.String}}},
}

const certs = "/deviceManagement/certs"

// certStore holds five objects, ids c1..c5.
func certStore(t *testing.T, opts ...Option) *Store {
	t.Helper()
	s := NewStore(opts...)
	for _, js := range []string{
		`{"id":"c1","@odata.type":"#microsoft.graph.cert","keyName":"alpha","providerName":"p1","size":2048,"weight":1.5,"enabled":true,"purpose":"vpn","thumbprintId":"0000000A-0000-0000-0000-000000000001","createdDateTime":"2024-03-01T00:00:00Z","tags":["red","blue"],"owner":{"city":"Paris"}}`,
		`{"id":"c2","keyName":"Beta","providerName":"p2","size":4096,"weight":2,"enabled":false,"purpose":"smimeEncryption","thumbprintId":"0000000a-0000-0000-0000-000000000002","createdDateTime":"2024-03-02T12:00:00+02:00","tags":["green"]}`,
		`{"id":"c3","keyName":"gamma","providerName":"p3","size":1024,"enabled":true,"purpose":"unassigned","createdDateTime":"2024-02-28T23:59:59Z","tags":[],"owner":{"city":"Lyon"}}`,
		`{"id":"c4","keyName":"delta","providerName":"p1","size":4096,"weight":0.5,"enabled":true,"purpose":"vpn"}`,
		`{"id":"c5","keyName":"alphabet","providerName":"p2","size":2048,"enabled":false,"tags":["blue"]}`,
	} {
		var v map[string]any
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(certs, "id", v); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

type page struct {
	Count    *int              `json:"@odata.count"`
	NextLink string            `json:"@odata.nextLink"`
	Value    []json.RawMessage `json:"value"`
}

func (p page) ids() string {
	var ids []string
	for _, v := range p.Value {
		var o struct{ ID string }
		json.Unmarshal(v, &o)
		ids = append(ids, o.ID)
	}
	return strings.Join(ids, " ")
}

// get sends the query string to Query, as the fake handler would.
func get(t *testing.T, s *Store, query string, q Query) (page, error) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "http://graph.test/v1.0"+certs+"?"+query, nil)
	b, err := s.Query(r, certs, certSchema, q)
	if err != nil {
		return page{}, err
	}
	var p page
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return p, nil
}

func TestQueryFilter(t *testing.T) {
	s := certStore(t)
	for _, c := range []struct{ filter, want string }{
		// strings, without regard to case
		{"keyName eq 'beta'", "c2"},
		{"keyName ne 'alpha'", "c2 c3 c4 c5"},
		{"keyName gt 'beta'", "c3 c4"},
		{"keyName ge 'Beta'", "c2 c3 c4"},
		{"keyName lt 'alphabet'", "c1"},
		{"keyName le 'alphabet'", "c1 c5"},
		// numbers
		{"size eq 2048", "c1 c5"},
		{"size ne 2048", "c2 c3 c4"},
		{"size gt 2048", "c2 c4"},
		{"size ge 2048", "c1 c2 c4 c5"},
		{"size lt 2048", "c3"},
		{"size le 1024.5", "c3"},
		{"weight gt 1", "c1 c2"},
		{"weight eq null", "c3 c5"},
		// booleans
		{"enabled eq true", "c1 c3 c4"},
		{"enabled ne true", "c2 c5"},
		{"enabled", "c1 c3 c4"},
		{"not enabled", "c2 c5"},
		// enums
		{"purpose eq 'vpn'", "c1 c4"},
		{"purpose ne 'vpn'", "c2 c3 c5"},
		{"purpose eq microsoft.graph.purpose'smimeEncryption'", "c2"},
		{"purpose eq null", "c5"},
		// GUIDs, without regard to case
		{"thumbprintId eq 0000000a-0000-0000-0000-000000000001", "c1"},
		{"thumbprintId ne 0000000A-0000-0000-0000-000000000002", "c1 c3 c4 c5"},
		// date-times, as times: c2 is 10:00Z
		{"createdDateTime eq 2024-03-02T10:00:00Z", "c2"},
		{"createdDateTime gt 2024-03-01T00:00:00Z", "c2"},
		{"createdDateTime ge 2024-03-01T00:00:00Z", "c1 c2"},
		{"createdDateTime lt 2024-03-01T00:00:00Z", "c3"},
		{"createdDateTime le 2024-03-02T11:00:00+01:00", "c1 c2 c3"},
		// logic
		{"enabled and size gt 2048", "c4"},
		{"providerName eq 'p2' or size lt 2048", "c2 c3 c5"},
		{"not (providerName eq 'p1')", "c2 c3 c5"},
		{"(providerName eq 'p1' or providerName eq 'p3') and enabled eq true", "c1 c3 c4"},
		{"providerName eq 'p1' or providerName eq 'p3' and enabled eq false", "c1 c4"},
		{"providerName in ('p1', 'p3')", "c1 c3 c4"},
		{"not (providerName in ('p1', 'p3'))", "c2 c5"},
		// functions
		{"startswith(keyName, 'ALPHA')", "c1 c5"},
		{"endswith(keyName, 'ta')", "c2 c4"},
		{"contains(keyName, 'ph')", "c1 c5"},
		{"not startswith(keyName, 'a')", "c2 c3 c4"},
		{"tolower(keyName) eq 'beta'", "c2"},
		// lambdas
		{"tags/any(t: t eq 'blue')", "c1 c5"},
		{"tags/any(t: t eq 'blue' or t eq 'green')", "c1 c2 c5"},
		{"tags/any()", "c1 c2 c5"},
		{"tags/all(t: t eq 'blue')", "c3 c4 c5"},
		{"tags/all(t: t ne 'red') and tags/any()", "c2 c5"},
		// complex properties
		{"owner/city eq 'paris'", "c1"},
		{"owner eq null", "c2 c4 c5"},
	} {
		p, err := get(t, s, "$filter="+url.QueryEscape(c.filter), Query{})
		if err != nil {
			t.Errorf("%s: %v", c.filter, err)
			continue
		}
		if got := p.ids(); got != c.want {
			t.Errorf("%s: got [%s], want [%s]", c.filter, got, c.want)
		}
		// the same in q, in process
		b, err := s.Query(nil, certs, certSchema, Query{Filter: c.filter})
		var p2 page
		json.Unmarshal(b, &p2)
		if err != nil || p2.ids() != c.want {
			t.Errorf("%s in process: got [%s] %v, want [%s]", c.filter, p2.ids(), err, c.want)
		}
	}
}

func TestQueryOrderSelectPage(t *testing.T) {
	s := certStore(t)
	for _, c := range []struct{ orderby, want string }{
		{"size", "c3 c1 c5 c2 c4"},
		{"size desc", "c2 c4 c1 c5 c3"},
		{"size desc, keyName", "c2 c4 c1 c5 c3"},
		{"providerName asc, keyName desc", "c4 c1 c2 c5 c3"},
		{"weight", "c3 c5 c4 c1 c2"}, // nulls first, in creation order
		{"weight desc", "c2 c1 c4 c3 c5"},
		{"createdDateTime desc", "c2 c1 c3 c4 c5"},
		{"owner/city", "c2 c4 c5 c3 c1"},
	} {
		p, err := get(t, s, "$orderby="+url.QueryEscape(c.orderby), Query{})
		if err != nil || p.ids() != c.want {
			t.Errorf("%s: got [%s] %v, want [%s]", c.orderby, p.ids(), err, c.want)
		}
	}

	// $select: only those, with id and @odata.type
	p, err := get(t, s, "$select=keyName,size&$filter=id%20eq%20'c1'", Query{})
	if err != nil || len(p.Value) != 1 || string(p.Value[0]) != `{"@odata.type":"#microsoft.graph.cert","id":"c1","keyName":"alpha","size":2048}` {
		t.Errorf("select: %s %v", p.Value, err)
	}
	if p, err := get(t, s, "$select=*&$top=1", Query{}); err != nil || !strings.Contains(string(p.Value[0]), "tags") {
		t.Errorf("select *: %s %v", p.Value, err)
	}

	// $filter, $orderby, $count, $skip and $top together; the
	// nextLink keeps them all
	p, err = get(t, s, "$filter=size%20ge%202048&$orderby=keyName%20desc&$count=true&$skip=1&$top=2&$select=keyName", Query{})
	if err != nil || p.ids() != "c2 c5" || p.Count == nil || *p.Count != 4 {
		t.Fatalf("first page: %+v %v", p, err)
	}
	next, _ := url.Parse(p.NextLink)
	want := url.Values{"$filter": {"size ge 2048"}, "$orderby": {"keyName desc"}, "$count": {"true"}, "$skip": {"1"}, "$top": {"2"}, "$select": {"keyName"}, "$skiptoken": {"2"}}
	if next.Path != "/v1.0"+certs || next.Query().Encode() != want.Encode() {
		t.Errorf("nextLink %s, want the query %s", p.NextLink, want.Encode())
	}
	r := httptest.NewRequest(http.MethodGet, p.NextLink, nil)
	b, err := s.Query(r, certs, certSchema, Query{})
	var p2 page
	json.Unmarshal(b, &p2)
	if err != nil || p2.ids() != "c1" || p2.NextLink != "" || *p2.Count != 4 || strings.Contains(string(p2.Value[0]), "size") {
		t.Errorf("second page: %s %v", b, err)
	}

	// options in q win and go into the nextLink
	p, err = get(t, s, "$filter=size%20eq%201&$top=99", Query{Filter: "enabled", Top: 1, Count: true})
	if err != nil || p.ids() != "c1" || *p.Count != 3 || !strings.Contains(p.NextLink, "$filter=enabled&") || !strings.Contains(p.NextLink, "$top=1") || !strings.Contains(p.NextLink, "$count=true") {
		t.Errorf("q's options: %+v %v", p, err)
	}
	// the store's page size when there is no $top
	small := certStore(t, PageSize(2))
	p, _ = get(t, small, "$orderby=size", Query{})
	if p.ids() != "c3 c1" || !strings.Contains(p.NextLink, "$orderby=size") || !strings.Contains(p.NextLink, "$skiptoken=2") {
		t.Errorf("page size: %+v", p)
	}
}

func TestQuerySearchAndCount(t *testing.T) {
	s := certStore(t)
	for _, c := range []struct{ search, want string }{
		{`"alpha"`, "c1 c5"},
		{`"keyName:ALPHA"`, "c1 c5"},
		{`"providerName:p2"`, "c2 c5"},
		{`"P1"`, "c1 c4"},
		{`"keyName:alpha" AND "providerName:p2"`, "c5"},
		{`"keyName:gamma" OR "keyName:delta"`, "c3 c4"},
		{`"blue"`, "c1 c5"}, // tags, a collection of strings
	} {
		p, err := get(t, s, "$search="+url.QueryEscape(c.search), Query{})
		if err != nil || p.ids() != c.want {
			t.Errorf("%s: got [%s] %v, want [%s]", c.search, p.ids(), err, c.want)
		}
	}
	// search applies after the filter
	if p, err := get(t, s, "$count=true", Query{Filter: "enabled", Search: `"alpha"`}); err != nil || p.ids() != "c1" || *p.Count != 1 {
		t.Errorf("filter and search: %+v %v", p, err)
	}
	r := httptest.NewRequest(http.MethodGet, "/x/$count?$filter=size%20eq%202048&$top=1", nil)
	if n, err := s.Count(r, certs, certSchema, Query{}); err != nil || n != 2 {
		t.Errorf("count: %d %v", n, err)
	}
	if n, err := s.Count(nil, certs, certSchema, Query{Search: `"p"`}); err != nil || n != 5 {
		t.Errorf("count of a search: %d %v", n, err)
	}
	if n, err := s.Count(nil, "/other", certSchema, Query{}); err != nil || n != 0 {
		t.Errorf("count of an empty collection: %d %v", n, err)
	}
	if _, err := s.Count(nil, certs, certSchema, Query{Filter: "size eq"}); !isBadRequest(err, "$filter: at 7: expected a value after 'eq'") {
		t.Errorf("count with a bad filter: %v", err)
	}
}

func isBadRequest(err error, msg string) bool {
	var e *graphrt.Error
	return errors.As(err, &e) && e.StatusCode == 400 && e.Code == "BadRequest" && e.Message == msg
}

func TestQueryBadRequests(t *testing.T) {
	s := certStore(t)
	for _, c := range []struct{ query, want string }{
		{"$filter=keyName%20eq", "$filter: at 10: expected a value after 'eq'"},
		{"$filter=keyName%20eq%20'x'%20and%20(size%20gt%201", "$filter: at 29: expected ')' to close the '(' at 19"},
		{"$filter=nope%20eq%201", `$filter: at 0: unknown property "nope" (there are createdDateTime, enabled, id, keyName, owner, providerName, purpose, size, tags, thumbprintId, weight)`},
		{"$filter=owner/town%20eq%20'x'", `$filter: at 6: unknown property "owner/town" (there are city)`},
		{"$filter=keyName%20eq%201", "$filter: at 11: cannot compare keyName (a string) with the integer 1"},
		{"$filter=size%20eq%20'1'", "$filter: at 8: cannot compare size (an integer) with the string '1'"},
		{"$filter=createdDateTime%20gt%20'2024-01-01'", "$filter: at 19: cannot compare createdDateTime (a date-time) with the string '2024-01-01': write date-time values without quotes, as in 2024-03-01T00:00:00Z"},
		{"$filter=purpose%20eq%20'other'", `$filter: at 11: "other" is not a member of the enum (unassigned, smimeEncryption, vpn)`},
		{"$filter=tags%20eq%20'x'", "$filter: at 0: tags is a collection: use any or all to compare its elements"},
		{"$filter=keyName%20has%20'x'", "$filter: at 8: the has operator is not supported"},
		{"$orderby=nope", `$orderby: at 0: unknown property "nope" (there are createdDateTime, enabled, id, keyName, owner, providerName, purpose, size, tags, thumbprintId, weight)`},
		{"$orderby=size%20down", "$orderby: at 5: expected asc, desc or ',' after 'size', found 'down'"},
		{"$select=keyName,nope", `$select: at 8: unknown property "nope" (there are createdDateTime, enabled, id, keyName, owner, providerName, purpose, size, tags, thumbprintId, weight)`},
		{"$search=alpha", `$search: at 0: expected a term in double quotes, as in "displayName:foo"`},
		{"$search=%22size:1%22", "$search: at 1: cannot search size (an integer): only strings"},
		{"$top=-1", `invalid $top "-1": want an integer of at least 1`},
		{"$top=0", `invalid $top "0": want an integer of at least 1`},
		{"$top=x", `invalid $top "x": want an integer of at least 1`},
		{"$skip=-1", `invalid $skip "-1": want an integer of at least 0`},
		{"$count=maybe", `invalid $count "maybe": want true or false`},
		{"$skiptoken=x", `invalid $skiptoken "x"`},
	} {
		_, err := get(t, s, c.query, Query{})
		if !isBadRequest(err, c.want) {
			t.Errorf("%s:\n got %v\nwant 400 BadRequest %s", c.query, err, c.want)
		}
	}
	if _, err := s.Query(nil, certs, certSchema, Query{Top: -1}); !isBadRequest(err, "invalid $top -1: want an integer of at least 1") {
		t.Errorf("Top -1: %v", err)
	}
	if _, err := s.Query(nil, certs, certSchema, Query{Skip: -2}); !isBadRequest(err, "invalid $skip -2: want an integer of at least 0") {
		t.Errorf("Skip -2: %v", err)
	}
	// no schema: List refuses what needs types, and still selects
	for _, opt := range []string{"$filter", "$orderby", "$search"} {
		r := httptest.NewRequest(http.MethodGet, certs+"?"+opt+"=x", nil)
		if _, err := s.List(r, certs, 0); !isBadRequest(err, opt+" is not supported on this collection") {
			t.Errorf("List with %s: %v", opt, err)
		}
	}
	r := httptest.NewRequest(http.MethodGet, certs+"?$select=keyName&$top=1", nil)
	if b, err := s.List(r, certs, 1); err != nil || !strings.Contains(string(b), `"value":[{"@odata.type":"#microsoft.graph.cert","id":"c1","keyName":"alpha"}]`) {
		t.Errorf("List with $select: %s %v", b, err)
	}
}
