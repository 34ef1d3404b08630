package impl

import (
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
	eachParam(params, func(name, value string, query bool) {
		if !query {
			return
		}
		switch name {
		case "$filter":
			q.Filter = value
		case "$orderby":
			q.OrderBy = value
		case "$select":
			q.Select = value
		case "$search":
			q.Search = value
		case "$expand":
			q.Expand = value
		case "$top":
			if n, err := strconv.Atoi(value); err == nil {
				q.Top = n
			}
		case "$skip":
			if n, err := strconv.Atoi(value); err == nil {
				q.Skip = n
			}
		case "$count":
			q.Count = value == "true"
		}
	})
	return q
}

// FakeSchema returns fake.SchemaOf[T](): the OData schema of a list's
// items, for fake.Store.Query.
func FakeSchema[T any]() odata.Schema {
	return fake.SchemaOf[T]()
}
