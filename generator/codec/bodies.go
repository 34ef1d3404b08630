package codec

import (
	"sort"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// newBody writes NewBody, which maps an operation and a status to a new
// value of the Go type of its JSON body: what the documented examples are
// decoded into in tests, and what a user needs to decode a body by hand.
func (in *Input) newBody(f *jen.File) {
	if in.taken("NewBody") {
		return
	}
	var cases []jen.Code
	for _, op := range in.operations() {
		var inner []jen.Code
		if _, ok := in.Go.Aliases[op.Name+"JSONRequestBody"]; ok {
			inner = append(inner, jen.Case(jen.Lit(0)).Block(jen.Return(jen.New(jen.Id(op.Name+"JSONRequestBody")))))
		}
		if resp := in.Go.Structs[op.Name+"Response"]; resp != nil {
			var statuses []int
			types := map[int]string{}
			for _, fl := range resp.All {
				code, err := strconv.Atoi(strings.TrimPrefix(fl.Name, "JSON"))
				if err != nil || !strings.HasPrefix(fl.Name, "JSON") || !fl.Type.Pointer || fl.Type.Slice || fl.Type.Map || strings.ContainsAny(fl.Type.Elem, "{ ") {
					continue
				}
				statuses = append(statuses, code)
				types[code] = fl.Type.Elem
			}
			sort.Ints(statuses)
			for _, code := range statuses {
				inner = append(inner, jen.Case(jen.Lit(code)).Block(jen.Return(jen.New(elemType(types[code])))))
			}
		}
		if len(inner) == 0 {
			continue
		}
		id := in.OperationIDs[op.Name]
		if id == "" {
			id = op.Op.OperationID
		}
		cases = append(cases, jen.Case(jen.Lit(id)).Block(jen.Switch(jen.Id("status")).Block(inner...)))
	}
	if len(cases) == 0 {
		return
	}
	f.Comment("NewBody returns a new value of the Go type of an operation's JSON body,")
	f.Comment("named by operationId: its request body for status 0, else its response for")
	f.Comment("the status. It returns nil when the operation has no such body.")
	f.Func().Id("NewBody").Params(jen.Id("operationID").String(), jen.Id("status").Int()).Any().Block(
		jen.Switch(jen.Id("operationID")).Block(cases...),
		jen.Return(jen.Nil()),
	)
	f.Line()
}
