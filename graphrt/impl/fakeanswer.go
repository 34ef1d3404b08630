package impl

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sync"

	"github.com/graphdoc/graphdoc/graphrt"
)

// FakeOp is an action or function of a generated fake: its names, which
// a test registers a handler under (fake.Store.On), and the example
// response its documentation gives, which the fake answers with when no
// handler is registered.
type FakeOp struct {
	Name   string // the Go method name
	ID     string // the operationId
	Method string
	Path   string
	// Example is the documented example response as JSON; "" when the
	// documentation gives none.
	Example string

	once sync.Once
	err  error
}

// FakeAnswer answers an action or function of a generated fake into out
// (a pointer to the method's result; nil when it has none): with what the
// test's handler answered when handled (result and err as fake.Store.Answer
// returns them), else with the operation's example response, else with
// 501 NotImplemented naming the operation. The example is checked the
// first time it is used, by decoding it into out's type and validating
// it; one that fails answers 500 naming the operation, every time. Each
// answer decodes it anew, so callers never share a value.
func FakeAnswer(op *FakeOp, result []byte, handled bool, err error, out any) error {
	if handled {
		return FakeResult(result, err, out)
	}
	if op.Example == "" {
		return &graphrt.Error{StatusCode: http.StatusNotImplemented, Code: "NotImplemented",
			Message: fmt.Sprintf("the fake Graph cannot answer %s (%s %s): its documentation gives no example response and the test registered no handler (fake.Store.On(%q, ...))", op.Name, op.Method, op.Path, op.Name)}
	}
	op.once.Do(func() { op.err = op.check(out) })
	if op.err != nil {
		return op.err
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal([]byte(op.Example), out)
}

// check decodes the example into a new value of out's type and validates
// it.
func (op *FakeOp) check(out any) error {
	if out == nil {
		return nil
	}
	t := reflect.TypeOf(out)
	if t.Kind() != reflect.Pointer {
		return op.broken(fmt.Errorf("cannot decode into a %s", t))
	}
	v := reflect.New(t.Elem()).Interface()
	err := json.Unmarshal([]byte(op.Example), v)
	if err == nil {
		if val, ok := v.(interface{ Validate() error }); ok {
			err = val.Validate()
		}
	}
	if err != nil {
		return op.broken(err)
	}
	return nil
}

// broken is the 500 an example response that does not fit its result
// type answers.
func (op *FakeOp) broken(err error) *graphrt.Error {
	return &graphrt.Error{StatusCode: http.StatusInternalServerError, Code: graphrt.CodeInternalServerError,
		Message: fmt.Sprintf("the fake Graph cannot answer %s (%s %s) with its documented example response: %v", op.Name, op.Method, op.Path, err)}
}
