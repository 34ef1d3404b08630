package e2e_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/gen/userpfx"
	"github.com/graphdoc/graphdoc/internal/golden"
	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec"
)

// TestDocumentedExamples decodes every example request and response body
// of the bundled example's pages with the generated types and validates
// it. The outcome of each, with its page and line, is kept in
// testdata/userpfx/examples.txt; an example that fails is also an error.
func TestDocumentedExamples(t *testing.T) {
	dir := filepath.Join(testenv.ModuleRoot(), "testdata", "userpfx")
	files, err := spec.ReadFiles([]string{filepath.Join(dir, "docs")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := spec.Build(files, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	n := 0
	for _, op := range res.API.Operations {
		for _, ex := range op.Examples {
			if ex.Body == nil {
				continue
			}
			status, what := ex.Status, fmt.Sprintf("response %d", ex.Status)
			if ex.Request {
				status, what = 0, "request"
			}
			where := fmt.Sprintf("%s:%d: %s %s %s", strings.TrimPrefix(ex.Pos.Path, filepath.ToSlash(dir)+"/"), ex.Pos.Line, op.Method, op.Path, what)
			outcome := decodeExample(op.ID, status, ex.Body)
			if outcome != "ok" {
				t.Errorf("%s: %s", where, outcome)
			}
			fmt.Fprintf(&b, "%s: %s\n", where, outcome)
			n++
		}
	}
	if n == 0 {
		t.Fatal("no examples with bodies")
	}
	golden.Check(t, filepath.Join(dir, "examples.txt"), []byte(b.String()))
}

// decodeExample decodes an example body into the generated type of the
// operation's body and validates it.
func decodeExample(opID string, status int, body any) string {
	v := userpfx.NewBody(opID, status)
	if v == nil {
		return fmt.Sprintf("no generated type for status %d", status)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return err.Error()
	}
	if err := json.Unmarshal(data, v); err != nil {
		return "decode: " + err.Error()
	}
	if x, ok := v.(interface{ Validate() error }); ok {
		if err := x.Validate(); err != nil {
			return "validate: " + err.Error()
		}
	}
	return "ok"
}
