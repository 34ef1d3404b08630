package include

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/graphdoc/graphdoc/spec/diag"
	"github.com/graphdoc/graphdoc/spec/source"
)

func TestFind(t *testing.T) {
	page := strings.Join([]string{
		"---",
		"title: x",
		"---",
		"[!INCLUDE [permissions-table](../includes/permissions/a.md)]",
		"  [!include[lower](  b.md#part  )]  ",
		"text [!INCLUDE [inline](c.md)] more",
		"[!NOTE]",
		"```md",
		"[!INCLUDE [in-code](d.md)]",
		"```",
		"~~~~",
		"```",
		"[!INCLUDE [still-code](e.md)]",
		"~~~~",
		"[!INCLUDE [last](f.md)]",
	}, "\n")
	var got []string
	for _, d := range Find([]byte(page), 0) {
		got = append(got, fmt.Sprintf("%s=%s@%d", d.Label, d.Target, strings.Count(page[:d.At], "\n")+1))
		if line := page[d.LineStart:d.LineEnd]; !strings.Contains(line, d.Target) {
			t.Errorf("line %q does not hold %s", line, d.Target)
		}
	}
	want := "permissions-table=../includes/permissions/a.md@4 lower=b.md@5 last=f.md@15"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("Find:\n got %s\nwant %s", s, want)
	}
	if Find([]byte("no includes here [!NOTE]"), 0) != nil {
		t.Error("Find found an include in a page without one")
	}
}

func TestProseOnly(t *testing.T) {
	for target, want := range map[string]bool{
		"../includes/snippets/go/get-gadget-go-snippets.md":        true,
		"../includes/snippets/snippets-sdk-documentation-link.md":  true,
		"../includes/get_gadget-Cs-snippets.md":                    true,
		"../includes/rbac-for-apis/rbac-gadget-apis-read.md":       true,
		"../../includes/beta-disclaimer.md":                        true,
		"../../includes/gadget-deprecate.md":                       true,
		"../../includes/all-clouds.md":                             true,
		"../../includes/global-us.md":                              true,
		"../../includes/update-property-table-intro.md":            true,
		"../includes/permissions/gadget-get-permissions.md":        false,
		"../includes/gadget-properties.md":                         false,
		"../../../concepts/includes/msgraph-permissions-limits.md": false,
	} {
		if got := ProseOnly(target); got != want {
			t.Errorf("ProseOnly(%q) = %v, want %v", target, got, want)
		}
	}
}

func TestDataTable(t *testing.T) {
	for text, want := range map[string]bool{
		"|Permission type|Least privileged permission|Higher privileged permissions|\n|:---|:---|:---|\n|Application|A.B|C.D|\n": true,
		"\n| Property | Type | Description |\n|---|---|---|\n":                                                                   true,
		"|Member|Description|\n|:--|:--|\n":                                                                                      true,
		"| Global service | US Government L4 |\n|---|---|\n| :heavy_check_mark: | :x: |\n":                                       false,
		"### Error response\n\n| Error code | Message |\n| :---- | ---- |\n":                                                     false,
		"|Property|Type|\nno delimiter row\n":                                                                                    false,
		"just prose\n":                                                                                                           false,
	} {
		if got := dataTable([]byte(text)); got != want {
			t.Errorf("dataTable(%q) = %v, want %v", text, got, want)
		}
	}
}

// files is an in-memory tree for a resolver, counting reads.
type files struct {
	m     map[string]string
	reads sync.Map // path -> *atomic.Int32
}

func (fs_ *files) read(name string) ([]byte, error) {
	n, _ := fs_.reads.LoadOrStore(name, new(atomic.Int32))
	n.(*atomic.Int32).Add(1)
	s, ok := fs_.m[name]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", name, fs.ErrNotExist)
	}
	return []byte(s), nil
}

func (fs_ *files) readCount(name string) int32 {
	n, ok := fs_.reads.Load(name)
	if !ok {
		return 0
	}
	return n.(*atomic.Int32).Load()
}

const permTable = "---\nms.topic: include\n---\n\n|Permission type|Least privileged permission|Higher privileged permissions|\n|:---|:---|:---|\n|Application|Gadget.Read.All|Gadget.ReadWrite.All|\n"

func TestExpand(t *testing.T) {
	fsys := &files{m: map[string]string{
		"docs/includes/permissions/get.md": permTable,
		"docs/includes/limits.md":          "| Limit | Value |\n|---|---|\n| a | 1 |\n",
	}}
	r := NewResolver(fsys.read)
	page := "# Get gadget\n\n## Permissions\nChoose wisely.\n[!INCLUDE [permissions-table](../includes/permissions/get.md)]\n\n[!INCLUDE [limits](../includes/limits.md)]\n[!INCLUDE [sample-code](../includes/snippets/go/x-go-snippets.md)]\n\n## HTTP request\n"
	f := source.NewFile("docs/api/get.md", []byte(page))
	g, diags := r.Expand(f)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	text := g.Text
	if strings.Contains(text, "ms.topic") || strings.Contains(text, "[!INCLUDE [permissions-table]") {
		t.Errorf("include not spliced, or its front matter kept:\n%s", text)
	}
	if i, j := strings.Index(text, "Choose wisely.\n"), strings.Index(text, "|Permission type|"); i < 0 || j < 0 || strings.Trim(text[i+len("Choose wisely."):j], "\n") != "" || j-i < len("Choose wisely.\n\n") {
		t.Errorf("the spliced table is not a block of its own:\n%s", text)
	}
	if !strings.Contains(text, "[!INCLUDE [limits]") || !strings.Contains(text, "[!INCLUDE [sample-code]") {
		t.Errorf("an include without a data table was spliced:\n%s", text)
	}
	// positions: the table row names the include file and its line, the
	// page's own lines after the include name the page
	row := strings.Index(text, "|Application|")
	if p := g.Position(row + 1); p.Path != "docs/includes/permissions/get.md" || p.Line != 7 || p.Col != 2 {
		t.Errorf("table row position = %v, want docs/includes/permissions/get.md:7:2", p)
	}
	h := strings.Index(text, "## HTTP request")
	if p := g.Position(h); p.Path != "docs/api/get.md" || p.Line != 10 || p.Col != 1 {
		t.Errorf("heading after the include = %v, want docs/api/get.md:10:1", p)
	}
	if p := g.Position(strings.Index(text, "Choose")); p.String() != "docs/api/get.md:4:1" {
		t.Errorf("line before the include = %v", p)
	}
	if got := g.Origins(); strings.Join(got, " ") != "docs/api/get.md docs/includes/permissions/get.md" {
		t.Errorf("Origins = %v", got)
	}
	if n := fsys.readCount("docs/includes/snippets/go/x-go-snippets.md"); n != 0 {
		t.Errorf("a snippet include was read %d times", n)
	}
	st := r.Stats()
	if st.Lines != 3 || st.Spliced != 1 || st.Prose != 2 || st.Unresolved != 0 || st.Files != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestExpandProblems(t *testing.T) {
	fsys := &files{m: map[string]string{
		"includes/a.md":             "|Property|Type|\n|---|---|\n|x|String|\n[!INCLUDE [b](b.md)]\n",
		"includes/b.md":             "|Property|Type|\n|---|---|\n|y|String|\n[!INCLUDE [a](a.md)]\n",
		"includes/permissions/p.md": permTable,
	}}
	r := NewResolver(fsys.read)
	page := "# Page\n[!INCLUDE [permissions-table](includes/permissions/missing.md)]\n[!INCLUDE [note](includes/missing-note.md)]\n[!INCLUDE [a](includes/a.md)]\nend\n"
	g, diags := r.Expand(source.NewFile("page.md", []byte(page)))
	var got []string
	for _, d := range diags {
		got = append(got, d.Pos.String()+" "+d.Severity.String()+" "+d.Message)
	}
	want := []string{
		"page.md:2:1 warning include includes/permissions/missing.md not found (looked for includes/permissions/missing.md); what it holds is not read",
		"page.md:3:1 info include includes/missing-note.md not found (looked for includes/missing-note.md); what it holds is not read",
		"includes/b.md:4:1 info include a.md includes itself (includes/a.md -> includes/b.md -> includes/a.md); it is not read again",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range diags {
		if d.Code != diag.UnresolvedInclude {
			t.Errorf("code %s", d.Code)
		}
	}
	// a and b are both spliced, nested, and the page goes on after them
	if !strings.Contains(g.Text, "|x|String|") || !strings.Contains(g.Text, "|y|String|") || !strings.HasSuffix(g.Text, "end\n") {
		t.Errorf("expanded page:\n%s", g.Text)
	}
	if p := g.Position(strings.Index(g.Text, "|y|")); p.String() != "includes/b.md:3:1" {
		t.Errorf("nested include row at %v", p)
	}
	if p := g.Position(strings.Index(g.Text, "end")); p.String() != "page.md:5:1" {
		t.Errorf("page line after the includes at %v", p)
	}
}

// TestReadOnce has many pages include one file at once: it is read once.
func TestReadOnce(t *testing.T) {
	fsys := &files{m: map[string]string{"includes/permissions/p.md": permTable}}
	r := NewResolver(fsys.read)
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := source.NewFile(fmt.Sprintf("api/page%d.md", i), []byte("[!INCLUDE [permissions-table](../includes/permissions/p.md)]\n"))
			if g, d := r.Expand(f); len(d) > 0 || !strings.Contains(g.Text, "Gadget.Read.All") {
				t.Errorf("page %d: %v\n%s", i, d, g.Text)
			}
		}()
	}
	wg.Wait()
	if n := fsys.readCount("includes/permissions/p.md"); n != 1 {
		t.Errorf("the include was read %d times, want 1", n)
	}
}

// TestNoIncludes: a page without includes comes back as it is.
func TestNoIncludes(t *testing.T) {
	r := NewResolver(func(string) ([]byte, error) { t.Fatal("read called"); return nil, nil })
	f := source.NewFile("p.md", []byte("# Title\n\n[!NOTE]\n> text\n"))
	if g, d := r.Expand(f); g != f || d != nil {
		t.Errorf("Expand changed a page without includes")
	}
}

// FuzzExpand: any page and any include file expand without a panic, every
// offset of the result has a position in one of the two files, and a page
// without includes comes back as it is.
func FuzzExpand(f *testing.F) {
	f.Add([]byte("# P\n[!INCLUDE [t](includes/t.md)]\nend\n"), []byte(permTable))
	f.Add([]byte("[!INCLUDE [t](includes/t.md)]"), []byte("|Property|Type|\n|---|---|\n[!INCLUDE [me](t.md)]"))
	f.Add([]byte("```\n[!INCLUDE [t](includes/t.md)]\n```\n"), []byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, page, inc []byte) {
		fsys := &files{m: map[string]string{"includes/t.md": string(inc)}}
		r := NewResolver(fsys.read)
		f := source.NewFile("page.md", page)
		g, _ := r.Expand(f)
		if !hasInclude(page) && g != f {
			t.Fatal("a page without includes changed")
		}
		for off := 0; off <= len(g.Content); off += 1 + len(g.Content)/64 {
			p := g.Position(off)
			if !p.IsValid() || (p.Path != "page.md" && p.Path != "includes/t.md") {
				t.Fatalf("offset %d: position %v", off, p)
			}
		}
	})
}
