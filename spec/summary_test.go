package spec

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/graphdoc/graphdoc/internal/golden"
	"github.com/graphdoc/graphdoc/spec/model"
	"github.com/graphdoc/graphdoc/spec/openapi/ext"
	"github.com/graphdoc/graphdoc/spec/source"
)

// summarize renders a build as compact, stable text: one line per
// operation, type, enum and diagnostic. The quirk cases compare it with
// their `want` section.
func summarize(res *Result) string {
	var b strings.Builder
	for _, op := range res.API.Operations {
		fmt.Fprintf(&b, "op %s %s %s id=%s", op.Method, op.Path, op.Kind, op.ID)
		for _, p := range op.PathParams {
			fmt.Fprintf(&b, " {%s}=%q", p.Name, p.Written)
		}
		if len(op.QueryOptions) > 0 {
			fmt.Fprintf(&b, " query=%s", strings.Join(op.QueryOptions, ","))
		}
		for _, q := range op.QueryParams {
			fmt.Fprintf(&b, " ?%s:%s", q.Name, q.Type)
		}
		for _, h := range op.Headers {
			fmt.Fprintf(&b, " header=%s", h.Name)
		}
		if op.Body != nil {
			if op.Body.Type != nil {
				fmt.Fprintf(&b, " body=%s", *op.Body.Type)
			} else {
				var ps []string
				for _, p := range op.Body.Params {
					req := ""
					if p.Required {
						req = "!"
					}
					ps = append(ps, p.Name+req+":"+refString(p.Type))
				}
				fmt.Fprintf(&b, " body={%s}", strings.Join(ps, ", "))
			}
		}
		fmt.Fprintf(&b, " -> %d", op.Status)
		if op.Response != nil {
			fmt.Fprintf(&b, " %s", *op.Response)
		}
		perms := []string{}
		for kind, s := range map[string][]string{"work": op.Permissions.DelegatedWork, "personal": op.Permissions.DelegatedPersonal, "app": op.Permissions.Application} {
			if len(s) > 0 {
				perms = append(perms, kind+"="+strings.Join(s, "+"))
			}
		}
		sort.Strings(perms)
		if len(perms) > 0 {
			fmt.Fprintf(&b, " perms[%s]", strings.Join(perms, " "))
		}
		var least []string
		for _, r := range op.Permissions.Rows {
			if len(r.Least) > 0 {
				least = append(least, r.Kind+"="+strings.Join(r.Least, "+"))
			}
		}
		if len(least) > 0 {
			fmt.Fprintf(&b, " least[%s]", strings.Join(least, " "))
		}
		var ex []string
		for _, e := range op.Examples {
			if e.Request {
				ex = append(ex, "request")
			} else {
				ex = append(ex, fmt.Sprintf("response/%d", e.Status))
			}
		}
		if len(ex) > 0 {
			fmt.Fprintf(&b, " examples[%s]", strings.Join(ex, " "))
		}
		if ex := responseExample(res, op); ex != nil {
			data, _ := json.Marshal(ex) // keys sorted
			fmt.Fprintf(&b, " example=%s", data)
		}
		b.WriteByte('\n')
	}
	for _, t := range res.API.Types {
		fmt.Fprintf(&b, "type %s", t.Name)
		if t.Base != "" {
			fmt.Fprintf(&b, " : %s", t.Base)
		}
		if t.Key != "" {
			fmt.Fprintf(&b, " key=%s", t.Key)
		}
		if t.Abstract {
			b.WriteString(" abstract")
		}
		if t.Provisional {
			b.WriteString(" provisional")
		}
		var ps []string
		for _, p := range t.Properties {
			s := p.Name + ":" + refString(p.Type)
			if p.Nav {
				s = "nav " + s
			}
			if p.ReadOnly {
				s += " ro"
			}
			ps = append(ps, s)
		}
		fmt.Fprintf(&b, " {%s}", strings.Join(ps, ", "))
		if len(t.Derived) > 0 {
			fmt.Fprintf(&b, " derived=%s", strings.Join(t.Derived, ","))
		}
		b.WriteByte('\n')
	}
	for _, e := range res.API.Enums {
		var ms []string
		for _, m := range e.Members {
			ms = append(ms, m.Name)
		}
		fmt.Fprintf(&b, "enum %s {%s}", e.Name, strings.Join(ms, ", "))
		if e.Provisional {
			b.WriteString(" provisional")
		}
		b.WriteByte('\n')
	}
	for _, s := range res.API.Servers {
		fmt.Fprintf(&b, "server %s\n", s)
	}
	for _, d := range res.Diags {
		fmt.Fprintf(&b, "diag %s\n", d)
	}
	return b.String()
}

// responseExample returns the example the document gives an operation's
// success response, or nil.
func responseExample(res *Result, op *model.Operation) any {
	if res.Doc == nil || res.Doc.Paths == nil {
		return nil
	}
	item := res.Doc.Paths.Value(op.Path)
	if item == nil || item.GetOperation(op.Method) == nil {
		return nil
	}
	return ext.Example(item.GetOperation(op.Method).Extensions)
}

func refString(t model.TypeRef) string {
	s := t.String()
	if t.Kind == model.RefInlineEnum {
		s += "(" + strings.Join(t.Values, "|") + ")"
	}
	if t.Kind == model.RefOpen {
		s += "(undefined)"
	}
	return s
}

// TestQuirks builds each case in testdata/quirks (a txtar archive of
// pages written for graphdoc, one per quirk of corpus-grammar.md §12 and
// more) and compares the summary with its `want` file. -update rewrites
// the want files.
func TestQuirks(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "quirks", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no quirk cases in testdata/quirks")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var pages []*source.File
			wantIdx := -1
			for i, f := range ar.Files {
				if f.Name == "want" {
					wantIdx = i
					continue
				}
				sf := source.NewFile(f.Name, f.Data)
				sf.Name = f.Name
				pages = append(pages, sf)
			}
			res, err := Build(pages, Options{})
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			got := summarize(res)
			if golden.Update() {
				if wantIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wantIdx = len(ar.Files) - 1
				}
				if string(ar.Files[wantIdx].Data) != got {
					ar.Files[wantIdx].Data = []byte(got)
					if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			if wantIdx < 0 {
				t.Fatalf("no want file; run go test ./spec -update")
			}
			if want := string(ar.Files[wantIdx].Data); want != got {
				t.Errorf("summary differs (run go test ./spec -update to accept):\n%s", diff.Diff("want", []byte(want), "got", []byte(got)))
			}
		})
	}
}
