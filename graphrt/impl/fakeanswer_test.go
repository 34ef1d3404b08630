package impl

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
)

type answerResult struct {
	Finish *string `json:"finish,omitempty"`
	Passes *int32  `json:"passes,omitempty"`
}

type checkedResult struct {
	Finish string `json:"finish"`
}

func (c *checkedResult) Validate() error {
	if c.Finish == "" {
		return errors.New("finish: missing")
	}
	return nil
}

func TestFakeAnswer(t *testing.T) {
	op := &FakeOp{Name: "Polish", ID: "sprockets.polish", Method: "POST", Path: "/sprockets/{id}/polish", Example: `{"finish":"mirror","passes":12}`}
	// a handler's answer wins
	var out answerResult
	if err := FakeAnswer(op, []byte(`{"finish":"matte"}`), true, nil, &out); err != nil || *out.Finish != "matte" {
		t.Fatalf("handled: %+v, %v", out, err)
	}
	want := &graphrt.Error{StatusCode: http.StatusConflict}
	if err := FakeAnswer(op, nil, true, want, &out); err != want {
		t.Errorf("handler error: %v", err)
	}
	// else the example, decoded anew every time
	var a, b answerResult
	if err := FakeAnswer(op, nil, false, nil, &a); err != nil || *a.Finish != "mirror" || *a.Passes != 12 {
		t.Fatalf("example: %+v, %v", a, err)
	}
	*a.Finish = "changed"
	if err := FakeAnswer(op, nil, false, nil, &b); err != nil || *b.Finish != "mirror" {
		t.Errorf("second example: %+v, %v", b, err)
	}
	// else 501 naming the operation
	var ge *graphrt.Error
	none := &FakeOp{Name: "Spin", Method: "POST", Path: "/sprockets/{id}/spin"}
	if err := FakeAnswer(none, nil, false, nil, nil); !errors.As(err, &ge) || ge.StatusCode != http.StatusNotImplemented || !strings.Contains(ge.Message, "Spin (POST /sprockets/{id}/spin)") {
		t.Errorf("no example: %v", err)
	}
}

func TestFakeAnswerBrokenExample(t *testing.T) {
	for _, tc := range []struct {
		example string
		out     func() any
	}{
		{`{"finish":7}`, func() any { return new(answerResult) }},  // does not decode
		{`{"passes":3}`, func() any { return new(checkedResult) }}, // does not validate
		{`{"finish":"x"}`, func() any { return answerResult{} }},   // not a pointer
	} {
		op := &FakeOp{Name: "Rust", Method: "GET", Path: "/sprockets/{id}/rust()", Example: tc.example}
		for range 2 { // checked once, failing every time
			var ge *graphrt.Error
			if err := FakeAnswer(op, nil, false, nil, tc.out()); !errors.As(err, &ge) || ge.StatusCode != http.StatusInternalServerError || !strings.Contains(ge.Message, "Rust (GET /sprockets/{id}/rust())") {
				t.Errorf("%s: %v, want 500 naming the operation", tc.example, err)
			}
		}
	}
	ok := &FakeOp{Name: "Shine", Example: `{"finish":"gloss"}`}
	var out checkedResult
	if err := FakeAnswer(ok, nil, false, nil, &out); err != nil || out.Finish != "gloss" {
		t.Errorf("valid example: %+v, %v", out, err)
	}
}
