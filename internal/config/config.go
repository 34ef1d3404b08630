// Package config reads graphdoc.yaml, the configuration of `graphdoc
// generate` and `graphdoc check`. Paths in it are relative to the file.
// Unknown keys and bad values are errors that name the file, line and key.
package config

import (
	"fmt"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DefaultFile is the config file `graphdoc generate` reads by default.
const DefaultFile = "graphdoc.yaml"

// Config is one graphdoc.yaml.
type Config struct {
	// File is the config file's path; Dir its folder, which relative paths
	// are resolved against.
	File, Dir string
	// Docs are the pages or folders to read.
	Docs []string
	// Include keeps only pages whose file name matches one of these globs.
	Include []string
	// Spec is where the OpenAPI document is written ("" for nowhere), and
	// SpecFormat its format (yaml or json).
	Spec       string
	SpecFormat string
	// Paths, when set, keeps only the OpenAPI paths that start with one
	// of these prefixes (each starts with "/"), to generate a slice of a
	// large docs checkout.
	Paths []string
	// Go configures the generated Go package; nil means no Go code.
	Go *Go
}

// Go configures the generated Go package.
type Go struct {
	Package string // package name
	Output  string // folder of the package
	// Parts are the parts of the package to generate, in the order of
	// AllParts; every part when the config does not say.
	Parts []string
	// Layout is how the code is laid out: "single" (one package), "split"
	// (models in the package, the client and the server in
	// sub-packages client and server, compiled in parallel), or "" (auto:
	// split for a slice of more than 200 operations).
	Layout string
}

// The parts of a generated Go package that go.generate can list.
const (
	PartModels     = "models"     // types for the schemas
	PartClient     = "client"     // the HTTP client
	PartServer     = "server"     // the Handler interface's router and body checks
	PartValidators = "validators" // Validate methods and request validation
	PartFake       = "fake"       // an in-memory fake of the API
)

// AllParts lists every part in a fixed order.
var AllParts = []string{PartModels, PartClient, PartServer, PartValidators, PartFake}

// Has reports whether the part is to be generated.
func (g *Go) Has(part string) bool { return g != nil && slices.Contains(g.Parts, part) }

// keys lists the known keys per mapping, for messages.
var (
	topKeys = []string{"docs", "include", "paths", "spec", "spec-format", "go"}
	goKeys  = []string{"package", "output", "generate", "layout"}
)

// Load reads and checks a config file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("no config file %s; create one (see `graphdoc generate -h`) or pass -config", path)
		}
		return nil, err
	}
	return Parse(path, data)
}

// Parse checks config data read from path.
func Parse(file string, data []byte) (*Config, error) {
	c := &Config{File: file, Dir: filepath.Dir(file)}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty; it needs at least docs: and go: or spec:", file)
	}
	root := doc.Content[0]
	p := parser{file: file}
	var goNode *yaml.Node
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root, "the file must be a mapping of keys (%s)", strings.Join(topKeys, ", "))
	}
	err := p.mapping(root, topKeys, func(key string, v *yaml.Node) error {
		var err error
		switch key {
		case "docs":
			c.Docs, err = p.strings(v, key)
		case "include":
			c.Include, err = p.strings(v, key)
			for _, g := range c.Include {
				if _, merr := path.Match(g, ""); err == nil && merr != nil {
					err = p.errorf(v, "include: %q is not a valid glob (%v); use *, ? and [...] as in path.Match", g, merr)
				}
			}
		case "paths":
			var nodes []*yaml.Node
			nodes, err = p.list(v, key)
			for _, n := range nodes {
				if err != nil {
					break
				}
				var s string
				if s, err = p.str(n, key); err == nil && !strings.HasPrefix(s, "/") {
					err = p.errorf(n, "paths: %q is not an OpenAPI path prefix; it must start with \"/\", e.g. /deviceManagement/userPfxCertificates", s)
				}
				c.Paths = append(c.Paths, s)
			}
		case "spec":
			c.Spec, err = p.str(v, key)
		case "spec-format":
			c.SpecFormat, err = p.str(v, key)
			if err == nil && c.SpecFormat != "yaml" && c.SpecFormat != "json" {
				err = p.errorf(v, "spec-format: want yaml or json, got %q", c.SpecFormat)
			}
		case "go":
			c.Go = &Go{}
			goNode = v
			if v.Kind != yaml.MappingNode {
				return p.errorf(v, "go: want a mapping with package and output")
			}
			err = p.mapping(v, goKeys, func(k string, v *yaml.Node) error {
				var err error
				switch k {
				case "package":
					c.Go.Package, err = p.str(v, "go.package")
					if err == nil && !token.IsIdentifier(c.Go.Package) {
						err = p.errorf(v, "go.package: %q is not a Go package name (want a lower-case identifier such as userpfx)", c.Go.Package)
					}
				case "output":
					c.Go.Output, err = p.str(v, "go.output")
				case "generate":
					c.Go.Parts, err = p.parts(v)
				case "layout":
					c.Go.Layout, err = p.str(v, "go.layout")
					if err == nil && c.Go.Layout != "single" && c.Go.Layout != "split" && c.Go.Layout != "auto" {
						err = p.errorf(v, "go.layout: want single, split or auto, got %q", c.Go.Layout)
					}
					if c.Go.Layout == "auto" {
						c.Go.Layout = ""
					}
				}
				return err
			})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	switch {
	case len(c.Docs) == 0:
		return nil, fmt.Errorf("%s: docs is missing; list the pages or folders to read, e.g. docs: [docs]", file)
	case c.Go == nil && c.Spec == "":
		return nil, fmt.Errorf("%s: nothing to generate; set spec: (the OpenAPI file) and/or go: (package and output)", file)
	case c.Go != nil && c.Go.Package == "":
		return nil, p.errorf(goNode, "go: package is missing; name the Go package, e.g. package: userpfx")
	case c.Go != nil && c.Go.Output == "":
		return nil, p.errorf(goNode, "go: output is missing; name the package's folder, relative to this file, e.g. output: userpfx")
	}
	if c.Go != nil && c.Go.Parts == nil {
		c.Go.Parts = slices.Clone(AllParts)
	}
	if c.SpecFormat == "" {
		c.SpecFormat = "yaml"
		if strings.HasSuffix(c.Spec, ".json") {
			c.SpecFormat = "json"
		}
	}
	return c, nil
}

// Path resolves a path from the config against its folder.
func (c *Config) Path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// DocPaths returns the docs paths resolved against the config's folder.
func (c *Config) DocPaths() []string {
	out := make([]string, len(c.Docs))
	for i, d := range c.Docs {
		out[i] = c.Path(d)
	}
	return out
}

// parser reports errors at a node's line.
type parser struct{ file string }

func (p parser) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d:%d: %s", p.file, n.Line, n.Column, fmt.Sprintf(format, args...))
}

// mapping walks a mapping node, rejecting unknown and repeated keys.
func (p parser) mapping(m *yaml.Node, known []string, fn func(key string, v *yaml.Node) error) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if !slices.Contains(known, k.Value) {
			return p.errorf(k, "unknown key %q (known keys here: %s)", k.Value, strings.Join(known, ", "))
		}
		if seen[k.Value] {
			return p.errorf(k, "key %q appears twice", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

func (p parser) str(v *yaml.Node, key string) (string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return "", p.errorf(v, "%s: want a string", key)
	}
	return v.Value, nil
}

// list returns the elements of a sequence node (or the node itself if it
// is a scalar), so that errors can name each element's line.
func (p parser) list(v *yaml.Node, key string) ([]*yaml.Node, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		return []*yaml.Node{v}, nil
	case yaml.SequenceNode:
		return v.Content, nil
	}
	return nil, p.errorf(v, "%s: want a list of strings", key)
}

// parts reads go.generate: a non-empty list of known parts, each once,
// returned in the order of AllParts.
func (p parser) parts(v *yaml.Node) ([]string, error) {
	nodes, err := p.list(v, "go.generate")
	if err != nil {
		return nil, err
	}
	if len(nodes) == 0 {
		return nil, p.errorf(v, "go.generate: the list is empty; list some of %s, or remove the key to generate every part", strings.Join(AllParts, ", "))
	}
	seen := map[string]bool{}
	for _, n := range nodes {
		s, err := p.str(n, "go.generate")
		if err != nil {
			return nil, err
		}
		if !slices.Contains(AllParts, s) {
			return nil, p.errorf(n, "go.generate: unknown part %q; want some of %s", s, strings.Join(AllParts, ", "))
		}
		if seen[s] {
			return nil, p.errorf(n, "go.generate: part %q is listed twice", s)
		}
		seen[s] = true
	}
	var out []string
	for _, part := range AllParts {
		if seen[part] {
			out = append(out, part)
		}
	}
	return out, nil
}

// strings accepts a list of strings or a single string.
func (p parser) strings(v *yaml.Node, key string) ([]string, error) {
	if v.Kind == yaml.ScalarNode {
		s, err := p.str(v, key)
		return []string{s}, err
	}
	if v.Kind != yaml.SequenceNode {
		return nil, p.errorf(v, "%s: want a list of strings", key)
	}
	var out []string
	for _, e := range v.Content {
		s, err := p.str(e, key)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
