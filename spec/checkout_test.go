package spec_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/graphdoc/graphdoc/internal/testenv"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/model"
)

// checkout writes testdata/checkout/contrib.txtar, a docs checkout in
// microsoft-graph-docs-contrib's layout, into a temporary folder.
func checkout(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "checkout", "contrib.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func opByPath(api *model.API, method, path string) *model.Operation {
	for _, op := range api.Operations {
		if op.Method == method && op.Path == path {
			return op
		}
	}
	return nil
}

func diagsWithCode(l diag.List, codes ...diag.Code) []string {
	var out []string
	for _, d := range l {
		if slices.Contains(codes, d.Code) {
			out = append(out, d.String())
		}
	}
	return out
}

// TestCheckout reads a docs checkout the way users point graphdoc at one:
// `graphdoc spec .../api-reference/v1.0` (and beta) finds the includes
// from there, reads include files only where pages include them, and
// `graphdoc lint` of one page resolves that page's includes too.
func TestCheckout(t *testing.T) {
	root := checkout(t)
	for _, version := range []string{"v1.0", "beta"} {
		t.Run(version, func(t *testing.T) {
			res, err := spec.Load([]string{filepath.Join(root, "api-reference", version)}, spec.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range res.Pages {
				if spec.IsInclude(p.File.Name) || strings.Contains(p.File.Path, "/includes/") {
					t.Errorf("include file %s read as a page", p.File.Path)
				}
			}
			get := opByPath(res.API, "GET", "/gadgets/{gadget-id}")
			if get == nil {
				t.Fatalf("no GET /gadgets/{gadget-id}")
			}
			if !slices.Contains(get.Permissions.DelegatedWork, "Gadget.ReadWrite.All") || !slices.Contains(get.Permissions.Application, "Gadget.Read.All") {
				t.Errorf("permissions from the include: %+v", get.Permissions)
			}
			if rows := get.Permissions.Rows; len(rows) == 0 || !slices.Equal(rows[0].Least, []string{"Gadget.Read.All"}) {
				t.Errorf("least privileged not kept: %+v", rows)
			}
			if bad := diagsWithCode(res.Diags, diag.UnresolvedInclude, diag.NoPermissions, diag.NoPage, diag.PermissionKind); len(bad) > 0 {
				t.Errorf("diagnostics:\n%s", strings.Join(bad, "\n"))
			}
			if res.Includes.Spliced == 0 || res.Includes.Prose == 0 {
				t.Errorf("include stats %+v", res.Includes)
			}
		})
	}
	t.Run("one page", func(t *testing.T) {
		page := filepath.Join(root, "api-reference", "v1.0", "api", "gadget-get.md")
		res, err := spec.Load([]string{page}, spec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		get := opByPath(res.API, "GET", "/gadgets/{gadget-id}")
		if get == nil || !slices.Contains(get.Permissions.DelegatedWork, "Gadget.Read.All") {
			t.Fatalf("lint of one page did not resolve its permissions include: %+v", get)
		}
		if bad := diagsWithCode(res.Diags, diag.UnresolvedInclude, diag.NoPermissions); len(bad) > 0 {
			t.Errorf("diagnostics:\n%s", strings.Join(bad, "\n"))
		}
	})
	t.Run("missing include", func(t *testing.T) {
		inc := filepath.Join(root, "api-reference", "v1.0", "includes", "permissions", "gadget-get-permissions.md")
		if err := os.Remove(inc); err != nil {
			t.Fatal(err)
		}
		res, err := spec.Load([]string{filepath.Join(root, "api-reference", "v1.0")}, spec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := diagsWithCode(res.Diags, diag.UnresolvedInclude)
		if len(got) != 1 || !strings.Contains(got[0], "gadget-get.md:28:1: warning: unresolved-include: include ../includes/permissions/gadget-get-permissions.md not found") {
			t.Errorf("missing include diagnostics:\n%s", strings.Join(got, "\n"))
		}
		if get := opByPath(res.API, "GET", "/gadgets/{gadget-id}"); get == nil {
			t.Error("the page lost its operation with its include")
		}
		if len(diagsWithCode(res.Diags, diag.NoPermissions)) != 1 {
			t.Errorf("no no-permissions warning for the operation left without permissions")
		}
	})
}

// TestSample2026 reads the 2026 sample of microsoft-graph-docs-contrib
// (../shared): every API page with a permissions table or a permissions
// include that exists has permissions in the spec, no path keeps a
// 'parameterValue', and every include the sample lacks is reported.
func TestSample2026(t *testing.T) {
	dir := testenv.Sample2026(t)
	res, err := spec.Load([]string{dir}, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	withPerms := map[string]bool{}
	for _, op := range res.API.Operations {
		if strings.Contains(op.Path, "parameterValue") {
			t.Errorf("%s %s keeps the docs' placeholder", op.Method, op.Path)
		}
		if len(op.Permissions.Rows) > 0 {
			withPerms[op.Source] = true
		}
	}
	includeRe := regexp.MustCompile(`\[!INCLUDE \[permissions-table\]\(([^)]+)\)\]`)
	missing := 0
	for _, p := range res.Pages {
		if p.API == nil || len(p.API.Requests) == 0 {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p.File.Name)))
		if err != nil {
			t.Fatal(err)
		}
		m := includeRe.FindSubmatch(raw)
		if m == nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "api", filepath.FromSlash(string(m[1])))); err != nil {
			missing++
			if !slices.ContainsFunc(res.Diags, func(d diag.Diagnostic) bool {
				return d.Code == diag.UnresolvedInclude && strings.HasSuffix(d.Pos.Path, p.File.Name)
			}) {
				t.Errorf("%s: its missing permissions include is not reported", p.File.Name)
			}
			continue
		}
		if !withPerms[p.File.Name] && !slices.ContainsFunc(res.Diags, func(d diag.Diagnostic) bool {
			return d.Code == diag.DuplicateOperation && strings.HasSuffix(d.Pos.Path, p.File.Name)
		}) {
			t.Errorf("%s: no permissions from its include", p.File.Name)
		}
	}
	t.Logf("2026 sample: %d pages, %d operations, %d types; includes %+v; %d pages name a permissions include the sample lacks",
		len(res.Pages), len(res.API.Operations), len(res.API.Types), res.Includes, missing)
}
