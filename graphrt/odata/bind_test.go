package odata

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

var testSchema = Schema{
	"id":              {Kind: String},
	"displayName":     {Kind: String},
	"age":             {Kind: Int},
	"score":           {Kind: Float},
	"isActive":        {Kind: Bool},
	"createdDateTime": {Kind: DateTime},
	"birthday":        {Kind: Date},
	"wakeUp":          {Kind: TimeOfDay},
	"timeout":         {Kind: Duration},
	"objectId":        {Kind: GUID},
	"status":          {Kind: Enum, Members: []string{"active", "retired"}},
	"kind":            {Kind: Enum},
	"tags":            {Kind: String, Collection: true},
	"scores":          {Kind: Int, Collection: true},
	"address":         {Kind: Object, Props: Schema{"city": {Kind: String}, "zip": {Kind: Int}}},
	"emails":          {Kind: Object, Collection: true, Props: Schema{"address": {Kind: String}, "primary": {Kind: Bool}}},
}

// items decodes JSON objects as the fake store does, with UseNumber.
func items(t *testing.T, js ...string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, s := range js {
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func TestBindEvaluate(t *testing.T) {
	all := items(t,
		`{"id":"1","displayName":"Adele Vance","age":30,"score":1.5,"isActive":true,"createdDateTime":"2024-03-01T10:00:00Z","birthday":"1990-05-01","wakeUp":"07:30:00","timeout":"PT1H","objectId":"0123ABCD-0000-0000-0000-000000000001","status":"active","kind":"x","tags":["red","blue"],"scores":[1,2],"address":{"city":"Paris","zip":75001},"emails":[{"address":"adele@x.com","primary":true},{"address":"a@y.com"}]}`,
		`{"id":"2","displayName":"Alex Wilber","age":41,"score":2,"isActive":false,"createdDateTime":"2024-03-02T00:00:00+01:00","birthday":"1983-01-15","wakeUp":"06:00:00","timeout":"PT30M","objectId":"0123abcd-0000-0000-0000-000000000002","status":"retired","tags":["green"],"address":{"city":"Lyon"}}`,
		`{"id":"3","displayName":"bob","age":9007199254740993,"tags":[],"emails":[]}`,
	)
	for _, c := range []struct {
		filter string
		want   string // the ids matched
	}{
		{"displayName eq 'adele vance'", "1"},
		{"displayName ne 'Adele Vance'", "2 3"},
		{"displayName gt 'alex'", "2 3"},
		{"displayName lt 'B'", "1 2"},
		{"age eq 30", "1"},
		{"age ge 30", "1 2 3"},
		{"age gt 30.5", "2 3"},
		{"age le 41 and age ne 30", "2"},
		{"age eq 9007199254740993", "3"},
		{"age eq 9007199254740992", ""},
		{"score gt 1.5", "2"},
		{"score eq 2", "2"},
		{"isActive eq true", "1"},
		{"isActive", "1"},
		{"isActive eq false", "2"},
		{"not isActive", "2"},
		{"isActive eq null", "3"},
		{"isActive ne null", "1 2"},
		{"createdDateTime ge 2024-03-01T10:00:00Z", "1 2"},
		{"createdDateTime lt 2024-03-01T23:30:00Z", "1 2"},
		{"createdDateTime eq 2024-03-01T23:00:00Z", "2"},
		{"birthday lt 1985-01-01", "2"},
		{"wakeUp lt 07:00", "2"},
		{"timeout gt duration'PT45M'", "1"},
		{"objectId eq 0123abcd-0000-0000-0000-000000000001", "1"},
		{"objectId eq '0123ABCD-0000-0000-0000-000000000002'", "2"},
		{"status eq 'active'", "1"},
		{"status eq 'RETIRED'", "2"},
		{"status eq microsoft.graph.status'retired'", "2"},
		{"status in ('active', 'retired')", "1 2"},
		{"kind eq 'x'", "1"},
		{"id in ('1', '3')", "1 3"},
		{"not (id in ('1', '3'))", "2"},
		{"(age lt 35 or age gt 40) and isActive ne true", "2 3"},
		{"age lt 35 or age gt 40 and isActive ne true", "1 2 3"},
		{"startswith(displayName, 'al')", "2"},
		{"endswith(displayName, 'VANCE')", "1"},
		{"contains(displayName, 'e')", "1 2"},
		{"not contains(displayName, 'e')", "3"},
		{"tolower(displayName) eq 'bob'", "3"},
		{"startswith(toupper(displayName), 'BO')", "3"},
		{"tags/any(t: t eq 'blue')", "1"},
		{"tags/any(t: t eq 'blue' or t eq 'green')", "1 2"},
		{"tags/any()", "1 2"},
		{"not tags/any()", "3"},
		{"tags/all(t: startswith(t, 'r') or t eq 'blue')", "1 3"},
		{"scores/any(s: s ge 2)", "1"},
		{"emails/any(e: e/primary eq true)", "1"},
		{"emails/any(e: endswith(e/address, 'y.com'))", "1"},
		{"emails/all(e: e/primary eq true)", "2 3"},
		{"address/city eq 'paris'", "1"},
		{"address/zip eq 75001", "1"},
		{"address/zip eq null", "2 3"},
		{"address eq null", "3"},
		{"age lt 35 eq true", "1"},
		{"(age lt 35) eq false", "2 3"},
		{"true", "1 2 3"},
		{"false or id eq '2'", "2"},
		{"tags/any(t: tags/any(u: u ne t))", "1"},
	} {
		p, err := Compile(c.filter, testSchema)
		if err != nil {
			t.Errorf("%s: %v", c.filter, err)
			continue
		}
		var got []string
		for _, it := range all {
			if p(it) {
				got = append(got, it["id"].(string))
			}
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: got [%s], want [%s]", c.filter, g, c.want)
		}
	}
	// numbers as float64, as json.Unmarshal gives them
	var m map[string]any
	json.Unmarshal([]byte(`{"age":30,"score":1.5}`), &m)
	for _, f := range []string{"age eq 30", "score lt 2", "age gt 29.9"} {
		if p, err := Compile(f, testSchema); err != nil || !p(m) {
			t.Errorf("%s on float64 numbers: %v", f, err)
		}
	}
}

func TestBindErrors(t *testing.T) {
	for _, c := range []struct {
		filter string
		want   string
	}{
		{"nope eq 1", "$filter: at 0: unknown property \"nope\" (there are address, age, birthday, createdDateTime, displayName, emails, id, isActive, kind, objectId, score, scores, ...)"},
		{"age eq 1 and address/town eq 'x'", "$filter: at 21: unknown property \"address/town\" (there are city, zip)"},
		{"displayName/x eq 1", "$filter: at 12: displayName is a string, which has no property x"},
		{"displayName eq 1", "$filter: at 15: cannot compare displayName (a string) with the integer 1"},
		{"age eq '1'", "$filter: at 7: cannot compare age (an integer) with the string '1'"},
		{"createdDateTime gt '2024-03-01T00:00:00Z'", "$filter: at 19: cannot compare createdDateTime (a date-time) with the string '2024-03-01T00:00:00Z': write date-time values without quotes, as in 2024-03-01T00:00:00Z"},
		{"createdDateTime gt 2024-03-01", "$filter: at 19: cannot compare createdDateTime (a date-time) with the date 2024-03-01"},
		{"isActive eq 1", "$filter: at 12: cannot compare isActive (a boolean) with the integer 1"},
		{"objectId eq 'nope'", "$filter: at 12: cannot compare objectId (a GUID) with the string 'nope'"},
		{"status eq 'gone'", "$filter: at 10: \"gone\" is not a member of the enum (active, retired)"},
		{"status gt 'active'", "$filter: at 7: enum values can only be compared with eq, ne or in, not gt"},
		{"age gt null", "$filter: at 4: null can only be compared with eq or ne, not gt"},
		{"displayName eq age", "$filter: at 15: cannot compare displayName (a string) with age (an integer)"},
		{"tags eq 'x'", "$filter: at 0: tags is a collection: use any or all to compare its elements"},
		{"address eq 'x'", "$filter: at 0: address is an object: compare one of its properties, as in address/name"},
		{"emails/address eq 'x'", "$filter: at 0: emails is a collection: use any or all to look into it"},
		{"displayName", "$filter: at 0: expected a boolean expression, found displayName (a string)"},
		{"age eq 1 and 'x'", "$filter: at 13: expected a boolean expression, found the string 'x'"},
		{"not age", "$filter: at 4: expected a boolean expression, found age (an integer)"},
		{"startswith(age, '1')", "$filter: at 11: startswith needs strings, not age (an integer)"},
		{"startswith(displayName, 1)", "$filter: at 24: startswith needs strings, not the integer 1"},
		{"age/any(a: a eq 1)", "$filter: at 4: age is not a collection: any needs one"},
		{"tags/any(t: t)", "$filter: at 12: expected a boolean expression, found t (a string)"},
		{"tags/any(t: t eq 1)", "$filter: at 17: cannot compare t (a string) with the integer 1"},
		{"tags/any(t: x eq 1)", "$filter: at 12: unknown property \"x\""},
		{"id in ('1', 2)", "$filter: at 12: cannot compare id (a string) with the integer 2"},
	} {
		_, err := Compile(c.filter, testSchema)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want a *SyntaxError", c.filter, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s:\n got %v\nwant %s", c.filter, err, c.want)
		}
	}
}

func TestBindOrderBy(t *testing.T) {
	all := items(t,
		`{"id":"1","displayName":"b","age":30,"createdDateTime":"2024-03-01T10:00:00Z"}`,
		`{"id":"2","displayName":"A","age":30,"createdDateTime":"2024-03-01T11:00:00+02:00"}`,
		`{"id":"3","displayName":"a","age":20}`,
		`{"id":"4","age":30,"address":{"city":"Paris"}}`,
	)
	for _, c := range []struct{ orderby, want string }{
		{"displayName", "4 2 3 1"},
		{"displayName desc", "1 3 2 4"},
		{"age desc,displayName", "4 2 1 3"},
		{"age, displayName desc", "3 1 2 4"},
		{"createdDateTime", "3 4 2 1"},
		{"createdDateTime desc", "1 2 3 4"},
		{"address/city desc, id", "4 1 2 3"},
	} {
		keys, err := ParseOrderBy(c.orderby)
		if err != nil {
			t.Fatal(err)
		}
		cmp, err := BindOrderBy(keys, testSchema)
		if err != nil {
			t.Fatalf("%s: %v", c.orderby, err)
		}
		got := slices.Clone(all)
		slices.SortStableFunc(got, cmp)
		var ids []string
		for _, it := range got {
			ids = append(ids, it["id"].(string))
		}
		if g := strings.Join(ids, " "); g != c.want {
			t.Errorf("%s: got %s, want %s", c.orderby, g, c.want)
		}
	}
	for _, c := range []struct{ orderby, want string }{
		{"nope", `$orderby: at 0: unknown property "nope"`},
		{"age, address/town", `$orderby: at 13: unknown property "address/town"`},
		{"tags", `$orderby: at 0: cannot order by tags (a collection of strings)`},
		{"address desc", `$orderby: at 0: cannot order by address (an object)`},
	} {
		keys, err := ParseOrderBy(c.orderby)
		if err == nil {
			_, err = BindOrderBy(keys, testSchema)
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %s", c.orderby, err, c.want)
		}
	}
}

func TestBindSearch(t *testing.T) {
	all := items(t,
		`{"id":"1","displayName":"Adele Vance","tags":["red"]}`,
		`{"id":"2","displayName":"Alex Wilber","tags":["vancouver"]}`,
		`{"id":"3","displayName":"Bob","status":"active"}`,
	)
	for _, c := range []struct{ search, want string }{
		{`"van"`, "1 2"},
		{`"displayName:van"`, "1"},
		{`"tags:VAN"`, "2"},
		{`"displayName:a" AND "displayName:x"`, "2"},
		{`"displayName:adele" OR "displayName:bob"`, "1 3"},
		{`"al" "wil"`, "2"},
		{`"active"`, ""}, // enums are not searched
	} {
		s, err := ParseSearch(c.search)
		if err != nil {
			t.Fatal(err)
		}
		p, err := BindSearch(s, testSchema)
		if err != nil {
			t.Fatalf("%s: %v", c.search, err)
		}
		var got []string
		for _, it := range all {
			if p(it) {
				got = append(got, it["id"].(string))
			}
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: got [%s], want [%s]", c.search, g, c.want)
		}
	}
	for _, c := range []struct{ search, want string }{
		{`"nope:x"`, `$search: at 1: unknown property "nope"`},
		{`"a" OR "age:3"`, `$search: at 8: cannot search age (an integer): only strings`},
	} {
		s, err := ParseSearch(c.search)
		if err == nil {
			_, err = BindSearch(s, testSchema)
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %s", c.search, err, c.want)
		}
	}
}
