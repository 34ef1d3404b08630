package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/graphdoc/graphdoc/graphrt"
)

// HandlerFunc answers an action or function of a generated fake in the
// test's stead. body is the request body as JSON (nil when the operation
// takes none). The result is marshalled to JSON and decoded into the
// operation's result type, as the store's own answers are: a value of that
// type, a map, or a json.RawMessage all do. An error is answered as it
// is: a *graphrt.Error with its status and code, anything else as a 500.
type HandlerFunc func(ctx context.Context, body json.RawMessage) (any, error)

// On registers fn as the answer of an operation of the fake the store is
// behind, ahead of the example response the operation's documentation
// gives. op names the operation by its Go method name ("PolishSprocket",
// as on the generated Client and Fake) or by its operationId
// ("workshop.sprockets.polish"); the Go name wins when both are
// registered. A later On for the same name replaces fn, and a nil fn
// removes it. Generated fakes ask for a handler in their actions and
// functions only. On is safe for concurrent use, also with the fake
// serving requests.
func (s *Store) On(op string, fn HandlerFunc) {
	h := &s.handlers
	h.mu.Lock()
	defer h.mu.Unlock()
	if fn == nil {
		delete(h.fns, op)
		return
	}
	if h.fns == nil {
		h.fns = map[string]HandlerFunc{}
	}
	h.fns[op] = fn
}

// Answer runs the handler registered (On) for an operation under the
// first of its names that has one, with body marshalled to JSON, and
// returns the handler's result marshalled to JSON, or its error. handled
// is false, and nothing runs, when none of the names has a handler.
// Generated fakes call it; a nil body is passed to the handler as nil.
func (s *Store) Answer(ctx context.Context, body any, names ...string) (result []byte, handled bool, err error) {
	h := &s.handlers
	var fn HandlerFunc
	h.mu.RLock()
	for _, n := range names {
		if fn = h.fns[n]; fn != nil {
			break
		}
	}
	h.mu.RUnlock()
	if fn == nil {
		return nil, false, nil
	}
	name := names[0]
	var in json.RawMessage
	if body != nil {
		if in, err = json.Marshal(body); err != nil {
			return nil, true, &graphrt.Error{StatusCode: http.StatusBadRequest, Code: graphrt.CodeBadRequest, Message: fmt.Sprintf("the fake cannot encode the request body of %s for its handler: %v", name, err)}
		}
	}
	out, err := fn(ctx, in)
	if err != nil {
		return nil, true, err
	}
	if out == nil {
		return nil, true, nil
	}
	if result, err = json.Marshal(out); err != nil {
		return nil, true, &graphrt.Error{StatusCode: http.StatusInternalServerError, Code: graphrt.CodeInternalServerError, Message: fmt.Sprintf("the fake cannot encode what the handler of %s returned: %v", name, err)}
	}
	return result, true, nil
}

// handlerSet is one store's handlers by operation name.
type handlerSet struct {
	mu  sync.RWMutex
	fns map[string]HandlerFunc
}
