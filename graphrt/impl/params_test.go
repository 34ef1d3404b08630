package impl

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/graphdoc/graphdoc/graphrt"
)

// The shared OData parameters, declared as oapi-codegen declares them.
type (
	bpTop     = int32
	bpSkip    = int32
	bpFilter  = string
	bpSearch  = string
	bpCount   = bool
	bpSelect  = []string
	bpOrderby = []string
	bpExpand  = []string
)

// bpEnum is an enum as oapi-codegen declares it, with graphdoc's
// EnumValues.
type bpEnum string

func (e bpEnum) Valid() bool        { return e == "day" || e == "week" }
func (bpEnum) EnumValues() []string { return []string{"day", "week"} }

// bpLevel is a named type over an integer that is not an alias.
type bpLevel int16

// bpParams is shaped like oapi-codegen's <Op>Params: optional query
// parameters (pointers, form and json tags), headers (a json tag only).
type bpParams struct {
	// Top Show only the first n items
	Top     *bpTop     `form:"$top,omitempty" json:"$top,omitempty"`
	Skip    *bpSkip    `form:"$skip,omitempty" json:"$skip,omitempty"`
	Search  *bpSearch  `form:"$search,omitempty" json:"$search,omitempty"`
	Filter  *bpFilter  `form:"$filter,omitempty" json:"$filter,omitempty"`
	Count   *bpCount   `form:"$count,omitempty" json:"$count,omitempty"`
	Orderby *bpOrderby `form:"$orderby,omitempty" json:"$orderby,omitempty"`
	Select  *bpSelect  `form:"$select,omitempty" json:"$select,omitempty"`
	Expand  *bpExpand  `form:"$expand,omitempty" json:"$expand,omitempty"`

	Small    *int8             `form:"small,omitempty" json:"small,omitempty"`
	Big      *int64            `form:"big,omitempty" json:"big,omitempty"`
	Unsigned *uint16           `form:"unsigned,omitempty" json:"unsigned,omitempty"`
	Ratio    *float32          `form:"ratio,omitempty" json:"ratio,omitempty"`
	Weight   *float64          `form:"weight,omitempty" json:"weight,omitempty"`
	Interval *bpEnum           `form:"interval,omitempty" json:"interval,omitempty"`
	Level    *bpLevel          `form:"level,omitempty" json:"level,omitempty"`
	Since    *time.Time        `form:"since,omitempty" json:"since,omitempty"`
	Day      *graphrt.Date     `form:"day,omitempty" json:"day,omitempty"`
	IDs      *[]int32          `form:"ids,omitempty" json:"ids,omitempty"`
	Modes    *[]bpEnum         `form:"modes,omitempty" json:"modes,omitempty"`
	Hours    *graphrt.Duration `form:"hours,omitempty" json:"hours,omitempty"`

	// ConsistencyLevel Indicates the requested consistency level.
	ConsistencyLevel *string   `json:"ConsistencyLevel,omitempty"`
	Prefer           *[]string `json:"Prefer,omitempty"`
	MaxItems         *int32    `json:"X-Max-Items,omitempty"`

	unexported string // skipped
	Untagged   string
}

// bpRequired has required parameters: non-pointer fields without
// omitempty.
type bpRequired struct {
	Period           string   `form:"period" json:"period"`
	Top              bpTop    `form:"$top" json:"$top"`
	Select           bpSelect `form:"$select" json:"$select"`
	ConsistencyLevel string   `json:"ConsistencyLevel"`
	// Optional although not a pointer.
	Extra string `form:"extra,omitempty" json:"extra,omitempty"`
}

func bpGet(target string, header ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	return r
}

func bpPtr[T any](v T) *T { return &v }

func TestBindParams(t *testing.T) {
	var p bpParams
	r := bpGet("/x?$top=5&$skip=-3&$search=%22a+b%22&$filter=startswith(displayName,'a%26b')&$count=true"+
		"&$orderby=displayName%20desc,mail&$select=id,displayName&$expand="+
		"&small=-128&big=9007199254740993&unsigned=65535&ratio=1.5&weight=-2e-3&interval=week&level=300"+
		"&since=2024-05-01T10:00:00Z&day=2024-02-29&ids=1,2,3&modes=day,week&hours=PT1H30M&unknown=1",
		"ConsistencyLevel", "eventual", "Prefer", "a", "Prefer", "b", "X-Max-Items", "7")
	if err := BindParams(r, &p); err != nil {
		t.Fatal(err)
	}
	since := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	day, _ := graphrt.ParseDate("2024-02-29")
	hours, _ := graphrt.ParseDuration("PT1H30M")
	want := bpParams{
		Top: bpPtr[int32](5), Skip: bpPtr[int32](-3), Search: bpPtr(`"a b"`), Filter: bpPtr("startswith(displayName,'a&b')"), Count: bpPtr(true),
		Orderby: &[]string{"displayName desc", "mail"}, Select: &[]string{"id", "displayName"}, Expand: &[]string{},
		Small: bpPtr[int8](-128), Big: bpPtr[int64](9007199254740993), Unsigned: bpPtr[uint16](65535), Ratio: bpPtr[float32](1.5), Weight: bpPtr(-2e-3),
		Interval: bpPtr(bpEnum("week")), Level: bpPtr(bpLevel(300)), Since: &since, Day: &day, IDs: &[]int32{1, 2, 3},
		Modes: &[]bpEnum{"day", "week"}, Hours: &hours,
		ConsistencyLevel: bpPtr("eventual"), Prefer: &[]string{"a", "b"}, MaxItems: bpPtr[int32](7),
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}

	// Nothing given: nothing set.
	var empty bpParams
	if err := BindParams(bpGet("/x"), &empty); err != nil || !reflect.DeepEqual(empty, bpParams{}) {
		t.Errorf("empty: %+v %v", empty, err)
	}

	// Round trip: what Call sends binds to the same.
	q, h, err := encodeParams(&want)
	if err != nil {
		t.Fatal(err)
	}
	r = bpGet("/x?" + q)
	for k, v := range h {
		r.Header[k] = v
	}
	var back bpParams
	if err := BindParams(r, &back); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	// An empty list is not sent: it comes back absent.
	want.Expand = nil
	if !reflect.DeepEqual(back, want) {
		t.Errorf("round trip through %s %v:\ngot  %+v\nwant %+v", q, h, back, want)
	}
}

func TestBindParamsErrors(t *testing.T) {
	for _, tc := range []struct {
		target string
		header []string
		msg    string
	}{
		{"/x?$top=x", nil, `invalid value "x" for query parameter $top: want an integer from -2147483648 to 2147483647`},
		{"/x?$top=1.5", nil, `invalid value "1.5" for query parameter $top: want an integer from -2147483648 to 2147483647`},
		{"/x?$top=", nil, `invalid value "" for query parameter $top: want an integer from -2147483648 to 2147483647`},
		{"/x?small=128", nil, `invalid value "128" for query parameter small: want an integer from -128 to 127`},
		{"/x?big=9223372036854775808", nil, `invalid value "9223372036854775808" for query parameter big: want an integer from -9223372036854775808 to 9223372036854775807`},
		{"/x?unsigned=-1", nil, `invalid value "-1" for query parameter unsigned: want an integer from 0 to 65535`},
		{"/x?$count=yes", nil, `invalid value "yes" for query parameter $count: want true or false`},
		{"/x?ratio=abc", nil, `invalid value "abc" for query parameter ratio: want a number`},
		{"/x?ratio=1e39", nil, `invalid value "1e39" for query parameter ratio: want a number`},
		{"/x?interval=month", nil, `invalid value "month" for query parameter interval: want one of day, week`},
		{"/x?modes=day,month", nil, `invalid value "day,month" for query parameter modes: want one of day, week`},
		{"/x?ids=1,,2", nil, `invalid value "1,,2" for query parameter ids: want an integer from -2147483648 to 2147483647`},
		{"/x?since=yesterday", nil, `invalid value "yesterday" for query parameter since: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`},
		{"/x?day=2023-02-29", nil, `invalid value "2023-02-29" for query parameter day: `},
		{"/x?$top=1&$top=2", nil, `query parameter $top is given more than once; give it at most once`},
		{"/x", []string{"X-Max-Items", "many"}, `invalid value "many" for header X-Max-Items: want an integer from -2147483648 to 2147483647`},
	} {
		var p bpParams
		err := BindParams(bpGet(tc.target, tc.header...), &p)
		var e *graphrt.Error
		if !errors.As(err, &e) || e.StatusCode != 400 || e.Code != "BadRequest" || !strings.HasPrefix(e.Message, tc.msg) {
			t.Errorf("%s %v:\n got %v\nwant %s", tc.target, tc.header, err, tc.msg)
		}
	}
}

func TestBindParamsRequired(t *testing.T) {
	for _, tc := range []struct {
		target string
		header []string
		msg    string
	}{
		{"/x?$top=1&$select=id", []string{"ConsistencyLevel", "eventual"}, "query parameter period is required"},
		{"/x?period=D7&$select=id", []string{"ConsistencyLevel", "eventual"}, "query parameter $top is required"},
		{"/x?period=D7&$top=1", []string{"ConsistencyLevel", "eventual"}, "query parameter $select is required"},
		{"/x?period=D7&$top=1&$select=id", nil, "header ConsistencyLevel is required"},
	} {
		var p bpRequired
		err := BindParams(bpGet(tc.target, tc.header...), &p)
		var e *graphrt.Error
		if !errors.As(err, &e) || e.StatusCode != 400 || e.Message != tc.msg {
			t.Errorf("%s %v: %v, want %s", tc.target, tc.header, err, tc.msg)
		}
	}
	var p bpRequired
	err := BindParams(bpGet("/x?period=&$top=0&$select=id,mail", "ConsistencyLevel", "eventual"), &p)
	want := bpRequired{Period: "", Top: 0, Select: []string{"id", "mail"}, ConsistencyLevel: "eventual"}
	if err != nil || !reflect.DeepEqual(p, want) {
		t.Errorf("%+v %v", p, err)
	}
	// Required parameters are sent even when zero; optional ones are not.
	q, h, err := encodeParams(&bpRequired{})
	if err != nil || q != "period=&$top=0&$select=" || h.Get("ConsistencyLevel") != "" || len(h) != 1 {
		t.Errorf("zero required: %q %v %v", q, h, err)
	}
}

func TestBindParamsMisuse(t *testing.T) {
	r := bpGet("/x?$top=1")
	if err := BindParams(r, nil); err != nil {
		t.Errorf("nil: %v", err)
	}
	if err := BindParams(r, (*bpParams)(nil)); err != nil {
		t.Errorf("nil pointer: %v", err)
	}
	var e *graphrt.Error
	for _, v := range []any{bpParams{}, new(int), &struct {
		M map[string]string `form:"m"`
	}{}, &struct {
		S struct{ A int } `json:"S"`
	}{}} {
		err := BindParams(r, v)
		if err == nil || errors.As(err, &e) {
			t.Errorf("%T: %v", v, err)
		}
		if _, _, err := encodeParams(v); err == nil {
			t.Errorf("encode %T: no error", v)
		}
	}
}

func TestEncodeParams(t *testing.T) {
	since := time.Date(2024, 5, 1, 10, 0, 0, 0, time.FixedZone("", 2*3600))
	q, h, err := encodeParams(&bpParams{
		Top: bpPtr[int32](5), Filter: bpPtr("startswith(displayName,'a b&c+d;e=f#g%')"), Count: bpPtr(false),
		Orderby: &[]string{"displayName desc", "mail"}, Select: &[]string{"id", "displayName"}, Expand: &[]string{},
		Ratio: bpPtr[float32](0.1), Since: &since, Modes: &[]bpEnum{"day"},
		ConsistencyLevel: bpPtr("eventual"), Prefer: &[]string{`outlook.timezone="UTC"`, "x"}, Untagged: "no",
	})
	want := "$top=5&$filter=startswith(displayName,'a%20b%26c%2Bd%3Be%3Df%23g%25')&$count=false&$orderby=displayName%20desc,mail&$select=id,displayName" +
		"&ratio=0.1&since=2024-05-01T10:00:00+02:00&modes=day"
	want = strings.Replace(want, "+02:00", "%2B02:00", 1)
	if err != nil || q != want {
		t.Errorf("query\n got %s\nwant %s (%v)", q, want, err)
	}
	if h.Get("ConsistencyLevel") != "eventual" || h.Get("Prefer") != `outlook.timezone="UTC",x` || len(h) != 2 {
		t.Errorf("headers %v", h)
	}
	// Go's own parser reads it back.
	r := bpGet("/x?" + q)
	if got := r.URL.Query().Get("$filter"); got != "startswith(displayName,'a b&c+d;e=f#g%')" {
		t.Errorf("$filter read back as %q", got)
	}
	if q, h, err := encodeParams(nil); q != "" || h != nil || err != nil {
		t.Errorf("nil: %q %v %v", q, h, err)
	}
}
