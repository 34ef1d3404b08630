package codec

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/graphdoc/graphdoc/generator/ir"
	"github.com/graphdoc/graphdoc/generator/oapi"
)

// signature is one operation's method, the same on the client, the
// server's Handler and the fake:
//
//	Op(ctx context.Context, <path args as strings>, [params *OpParams], [body]) ([result,] error)
type signature struct {
	op     *ir.Operation
	args   []string // the path arguments' Go names
	params bool     // the operation has query or header parameters
	body   jen.Code // the body's type, nil without one
	// result is the success body's type (nil without one); page the
	// collection page's item type for a list with paging.
	result    jen.Code
	resultVar jen.Code // the type a client decodes the result into
	family    *ir.Family
	pointer   bool // result is a pointer to resultVar
}

// signatureOf returns an operation's signature.
func (in *Input) signatureOf(op *ir.Operation) *signature {
	s := &signature{op: op, params: len(op.QueryParams)+len(op.Headers) > 0}
	used := map[string]bool{"ctx": true, "params": true, "body": true}
	for _, p := range op.PathParams {
		n := ir.ParamName(p.GoName)
		for base, i := n, 2; used[n]; i++ {
			n = base + itoa(i)
		}
		used[n] = true
		s.args = append(s.args, n)
	}
	if b := op.Body; b != nil {
		switch {
		case b.Family != nil:
			s.body = in.model(b.Family.Interface)
		case b.Type.Slice || b.Type.Map:
			s.body = in.goTypeIn(b.Type)
		default:
			t := b.Type
			t.Pointer = true
			s.body = in.goTypeIn(t)
		}
	}
	if r := op.Response(op.Success); r != nil {
		switch {
		case r.Family != nil:
			s.family = r.Family
			s.result, s.resultVar = in.model(r.Family.Interface), in.model(r.Family.Any)
		case r.Struct != nil:
			s.result, s.resultVar, s.pointer = jen.Op("*").Add(in.model(r.Struct.Name)), in.model(r.Struct.Name), true
		default:
			t := r.Type
			t.Pointer = false
			s.result, s.resultVar = in.goTypeIn(t), in.goTypeIn(t)
		}
	}
	return s
}

// params returns the method's parameters.
func (s *signature) paramList(in *Input) []jen.Code {
	out := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	for _, a := range s.args {
		out = append(out, jen.Id(a).String())
	}
	if s.params {
		out = append(out, jen.Id("params").Op("*").Add(in.model(oapi.ParamsType(s.op))))
	}
	if s.body != nil {
		out = append(out, jen.Id("body").Add(s.body))
	}
	return out
}

// results returns the method's results.
func (s *signature) results() []jen.Code {
	if s.result == nil {
		return []jen.Code{jen.Error()}
	}
	return []jen.Code{s.result, jen.Error()}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// oneLine squeezes a summary onto one comment line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "..."
	}
	return s
}
