package fake

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"
	"weak"

	"github.com/graphdoc/graphdoc/graphrt"
)

func TestOnAnswer(t *testing.T) {
	s := NewStore()
	ctx := context.Background()
	if _, handled, _ := s.Answer(ctx, nil, "Polish", "sprockets.polish"); handled {
		t.Fatal("handled with no handler registered")
	}
	s.On("sprockets.polish", func(ctx context.Context, body json.RawMessage) (any, error) {
		return map[string]any{"by": "id", "body": body}, nil
	})
	got, handled, err := s.Answer(ctx, map[string]int{"grit": 400}, "Polish", "sprockets.polish")
	if !handled || err != nil || string(got) != `{"body":{"grit":400},"by":"id"}` {
		t.Fatalf("by operationId: %s, %v, %v", got, handled, err)
	}
	// the Go name wins over the operationId
	s.On("Polish", func(ctx context.Context, body json.RawMessage) (any, error) {
		if body != nil {
			t.Errorf("no body, the handler got %s", body)
		}
		return json.RawMessage(`{"by":"name"}`), nil
	})
	if got, _, _ := s.Answer(ctx, nil, "Polish", "sprockets.polish"); string(got) != `{"by":"name"}` {
		t.Errorf("by Go name: %s", got)
	}
	// nil removes
	s.On("Polish", nil)
	if got, _, _ := s.Answer(ctx, nil, "Polish", "sprockets.polish"); string(got) != `{"body":null,"by":"id"}` {
		t.Errorf("after removing the Go name's: %s", got)
	}
	// another store has its own handlers
	if _, handled, _ := NewStore().Answer(ctx, nil, "Polish", "sprockets.polish"); handled {
		t.Error("a new store answered with another store's handler")
	}
}

func TestOnErrorsAndResults(t *testing.T) {
	s := NewStore()
	ctx := context.Background()
	want := &graphrt.Error{StatusCode: http.StatusConflict, Code: "Conflict", Message: "busy"}
	s.On("Fail", func(context.Context, json.RawMessage) (any, error) { return nil, want })
	if _, handled, err := s.Answer(ctx, nil, "Fail"); !handled || err != want {
		t.Errorf("error: %v, %v, want the handler's", handled, err)
	}
	s.On("Nothing", func(context.Context, json.RawMessage) (any, error) { return nil, nil })
	if got, handled, err := s.Answer(ctx, nil, "Nothing"); !handled || err != nil || got != nil {
		t.Errorf("nil result: %q, %v, %v", got, handled, err)
	}
	s.On("Bad", func(context.Context, json.RawMessage) (any, error) { return func() {}, nil })
	var ge *graphrt.Error
	if _, handled, err := s.Answer(ctx, nil, "Bad"); !handled || !errors.As(err, &ge) || ge.StatusCode != http.StatusInternalServerError {
		t.Errorf("unencodable result: %v, %v, want 500", handled, err)
	}
	s.On("Body", func(context.Context, json.RawMessage) (any, error) { return nil, nil })
	if _, handled, err := s.Answer(ctx, make(chan int), "Body"); !handled || !errors.As(err, &ge) || ge.StatusCode != http.StatusBadRequest {
		t.Errorf("unencodable body: %v, %v, want 400", handled, err)
	}
}

// TestOnConcurrent registers and answers from many goroutines (go test
// -race).
func TestOnConcurrent(t *testing.T) {
	s := NewStore()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				s.On("Op", func(context.Context, json.RawMessage) (any, error) { return i, nil })
				if _, handled, err := s.Answer(context.Background(), nil, "Op"); !handled || err != nil {
					t.Errorf("answer: %v, %v", handled, err)
				}
			}
		})
	}
	wg.Wait()
}

// TestOnDroppedWithStore: a store's handlers go when the store does.
func TestOnDroppedWithStore(t *testing.T) {
	s := NewStore()
	s.On("Op", func(context.Context, json.RawMessage) (any, error) { return nil, nil })
	if _, handled, _ := s.Answer(context.Background(), nil, "Op"); !handled {
		t.Fatal("no handlers registered")
	}
	k := weak.Make(s)
	s = nil
	for range 50 {
		runtime.GC()
		if k.Value() == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Error("the handlers outlived their store")
}
