// Package build runs graphdoc's whole pipeline for one configuration:
// read the docs, build and marshal the spec, generate the Go package, and
// return every output file in one plan. `graphdoc generate` writes the
// plan; `graphdoc check` compares it with the disk. Both run exactly this
// code, so what check compares is what generate writes.
package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/graphdoc/graphdoc/generator"
	"github.com/graphdoc/graphdoc/internal/config"
	"github.com/graphdoc/graphdoc/internal/fsx"
	"github.com/graphdoc/graphdoc/spec"
	"github.com/graphdoc/graphdoc/spec/openapi"
)

// Output is what one configuration produces.
type Output struct {
	Config *config.Config
	Result *spec.Result
	Spec   []byte // the marshalled spec
	Plan   fsx.Plan
}

// Run builds everything in memory. It writes nothing.
func Run(cfg *config.Config, progress func()) (*Output, error) {
	res, err := spec.Load(cfg.DocPaths(), spec.Options{Include: cfg.Include, Paths: cfg.Paths, Progress: progress})
	if err != nil {
		return nil, err
	}
	data, err := openapi.Marshal(res.Doc, openapi.Format(cfg.SpecFormat))
	if err != nil {
		return nil, err
	}
	out := &Output{Config: cfg, Result: res, Spec: data}
	type abs struct {
		path string
		data []byte
	}
	var all []abs
	var managed []string
	if cfg.Spec != "" {
		all = append(all, abs{absPath(cfg.Path(cfg.Spec)), data})
	}
	if cfg.Go != nil {
		dir := absPath(cfg.Path(cfg.Go.Output))
		gofiles, err := generator.Generate(data, generator.Options{Package: cfg.Go.Package, Parts: cfg.Go.Parts, Layout: cfg.Go.Layout, ImportPath: importPath(dir)})
		if err != nil {
			return nil, err
		}
		// the split layout's sub-packages are graphdoc's too: a file left
		// there by another layout is stale
		managed = append(managed, dir, filepath.Join(dir, "client"), filepath.Join(dir, "server"))
		for _, f := range gofiles {
			all = append(all, abs{filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data})
		}
	}
	dirs := []string{absPath(cfg.Dir)}
	for _, f := range all {
		dirs = append(dirs, filepath.Dir(f.path))
	}
	root := commonDir(dirs)
	out.Plan.Root = root
	for _, f := range all {
		rel, err := filepath.Rel(root, f.path)
		if err != nil {
			return nil, fmt.Errorf("output %s: %w", f.path, err)
		}
		out.Plan.Files = append(out.Plan.Files, fsx.File{Path: filepath.ToSlash(rel), Data: f.data})
	}
	for _, m := range managed {
		rel, _ := filepath.Rel(root, m)
		out.Plan.ManagedDirs = append(out.Plan.ManagedDirs, filepath.ToSlash(rel))
	}
	out.Plan.Files.Sort()
	return out, nil
}

// importPath returns the Go import path of a folder: the module path of
// the nearest go.mod above it, joined with the folder's path below that
// module's root; "" outside a module.
func importPath(dir string) string {
	for d := dir; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mod := modulePath(data)
			if mod == "" {
				return ""
			}
			rel, err := filepath.Rel(d, dir)
			if err != nil {
				return ""
			}
			if rel == "." {
				return mod
			}
			return mod + "/" + filepath.ToSlash(rel)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// modulePath reads the module directive of a go.mod file.
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	return a
}

// commonDir returns the deepest folder holding all of dirs.
func commonDir(dirs []string) string {
	common := dirs[0]
	for _, d := range dirs[1:] {
		for !within(d, common) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	return common
}

func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}
