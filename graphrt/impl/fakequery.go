package impl

import (
	"net/url"
	"strconv"

	"github.com/graphdoc/graphdoc/graphrt/fake"
	"github.com/graphdoc/graphdoc/graphrt/odata"
)

// FakeQuery returns the OData query options of a list's or a get's
// parameters (a pointer to a generated parameters struct, or nil) for
// fake.Store.Query and fake.Store.GetQuery:
// what a generated fake called in-process has instead of a request URL.
// Options the parameters do not have are read from the request by the
// store when there is one. A value the store cannot read (a $top below
// 1) is passed on for the store to refuse.
func FakeQuery(params any) fake.Query {
	var q fake.Query
	s, _, err := encodeParams(params)
	if err != nil || s == "" {
		return q
	}
	v, err := url.ParseQuery(s)
	if err != nil {
		return q
	}
	q.Filter = v.Get("$filter")
	q.OrderBy = v.Get("$orderby")
	q.Select = v.Get("$select")
	q.Search = v.Get("$search")
	q.Expand = v.Get("$expand")
	if n, err := strconv.Atoi(v.Get("$top")); err == nil {
		q.Top = n
	}
	if n, err := strconv.Atoi(v.Get("$skip")); err == nil {
		q.Skip = n
	}
	q.Count = v.Get("$count") == "true"
	return q
}

// FakeSchema returns fake.SchemaOf[T](): the OData schema of a list's
// items, for fake.Store.Query.
func FakeSchema[T any]() odata.Schema {
	return fake.SchemaOf[T]()
}
