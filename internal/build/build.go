// Package build runs graphdoc's whole pipeline for one configuration:
// read the docs, build and marshal the spec, generate the Go package, and
// return every output file in one plan. `graphdoc generate` writes the
// plan; `graphdoc check` compares it with the disk. Both run exactly this
// code, so what check compares is what generate writes.
package build

import (
	"fmt"
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
		gofiles, err := generator.Generate(data, generator.Options{Package: cfg.Go.Package, Parts: cfg.Go.Parts})
		if err != nil {
			return nil, err
		}
		dir := absPath(cfg.Path(cfg.Go.Output))
		managed = append(managed, dir)
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
