package fsx

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
)

// Drift is how the disk differs from a plan: what Write would change.
// Every list is sorted by path; paths are relative to Root.
type Drift struct {
	// Root is the plan's Root, which WriteGitHub uses to name files
	// relative to the repository.
	Root string
	// Changed are the planned files whose content on disk differs.
	Changed []Change
	// Missing are the planned files that do not exist on disk.
	Missing []string
	// Stale are the generated files in the managed folders that are no
	// longer planned.
	Stale []string
}

// Change is one planned file whose content on disk differs from the plan.
type Change struct {
	// Path is the file's path relative to the plan's Root.
	Path string
	// Diff is a unified diff from the disk ("a/<path>") to the plan
	// ("b/<path>").
	Diff string
}

// Check compares the plan with the disk and returns the drift; it never
// writes. It validates the paths like Write does, but not the content of
// the planned files, and it reports files that Write would refuse to
// replace (because they are hand-written) as changed.
func Check(p Plan) (Drift, error) {
	inv, err := inspect(p, false)
	if err != nil {
		return Drift{}, err
	}
	d := Drift{Root: p.Root}
	for _, e := range inv.files {
		switch e.act {
		case create:
			d.Missing = append(d.Missing, e.path)
		case replace:
			text := diff.Diff("a/"+e.path, e.old, "b/"+e.path, e.data)
			d.Changed = append(d.Changed, Change{Path: e.path, Diff: string(text)})
		}
	}
	for _, s := range inv.stale {
		d.Stale = append(d.Stale, s.path)
	}
	return d, nil
}

// Empty reports whether the disk matches the plan.
func (d Drift) Empty() bool {
	return len(d.Changed) == 0 && len(d.Missing) == 0 && len(d.Stale) == 0
}

// item is one line of a drift report.
type item struct {
	kind, path, diff string
}

// items lists the drift sorted by path.
func (d Drift) items() []item {
	var items []item
	for _, c := range d.Changed {
		items = append(items, item{"changed", c.Path, c.Diff})
	}
	for _, p := range d.Missing {
		items = append(items, item{"missing", p, ""})
	}
	for _, p := range d.Stale {
		items = append(items, item{"stale", p, ""})
	}
	slices.SortStableFunc(items, func(a, b item) int { return strings.Compare(a.path, b.path) })
	return items
}

// WriteText writes the drift for people, one file after another in path
// order: "changed: <path>" followed by its diff, "missing: <path>", or
// "stale: <path>". It writes nothing if the drift is empty.
func (d Drift) WriteText(w io.Writer) {
	for _, it := range d.items() {
		fmt.Fprintf(w, "%s: %s\n", it.kind, it.path)
		if it.diff != "" {
			io.WriteString(w, it.diff)
			if !strings.HasSuffix(it.diff, "\n") {
				io.WriteString(w, "\n")
			}
		}
	}
}

// WriteGitHub writes the drift as GitHub Actions error annotations, one
// line per changed, missing or stale file in path order:
//
//	::error file=<path>,title=graphdoc check::<path> is out of date; run graphdoc generate
//
// The path is made relative to $GITHUB_WORKSPACE (or, outside GitHub
// Actions, the working directory) when the file is inside it, so that
// GitHub can attach the annotation to the file. Values are escaped as
// GitHub's workflow commands require.
func (d Drift) WriteGitHub(w io.Writer) {
	for _, it := range d.items() {
		p := d.repoPath(it.path)
		fmt.Fprintf(w, "::error file=%s,title=%s::%s\n",
			escapeProperty(p), escapeProperty("graphdoc check"),
			escapeData(p+" is out of date; run graphdoc generate"))
	}
}

// repoPath returns the slash-separated path of rel, a path under d.Root,
// relative to the GitHub workspace or working directory if it is inside.
func (d Drift) repoPath(rel string) string {
	full, err := filepath.Abs(filepath.Join(d.Root, filepath.FromSlash(rel)))
	if err != nil {
		return rel
	}
	base := os.Getenv("GITHUB_WORKSPACE")
	if base == "" {
		if base, err = os.Getwd(); err != nil {
			return filepath.ToSlash(full)
		}
	}
	if r, err := filepath.Rel(base, full); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(full)
}

// escapeData escapes the message of a GitHub workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a GitHub workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
