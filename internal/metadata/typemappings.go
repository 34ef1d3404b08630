package metadata

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// loadTypeMappingsDir reads every *-entity-types.json, *-complex-types.json
// and *-enum-types.json in a folder.
func loadTypeMappingsDir(dir string) (*Metadata, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*-types.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("metadata: %s holds no *-entity-types.json, *-complex-types.json or *-enum-types.json", dir)
	}
	md := newMetadata(dir)
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		if err := md.addTypeMappings(filepath.Base(n), data); err != nil {
			return nil, err
		}
	}
	return md, nil
}

// addTypeMappings reads one type-mappings file; its kind comes from its
// name (entity, complex or enum).
func (md *Metadata) addTypeMappings(name string, data []byte) error {
	switch {
	case strings.Contains(name, "enum"):
		var m map[string]map[string][]string
		if err := json.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("metadata: %s: %w", name, err)
		}
		for ns, enums := range m {
			for en, members := range enums {
				q := ns + "." + en
				md.Enums[q] = &Enum{Name: q, Members: members}
			}
		}
	case strings.Contains(name, "entity"), strings.Contains(name, "complex"):
		entity := strings.Contains(name, "entity")
		var m map[string]map[string]struct {
			Properties           []string `json:"properties"`
			NavigationProperties []string `json:"navigationProperties"`
		}
		if err := json.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("metadata: %s: %w", name, err)
		}
		for ns, types := range m {
			for tn, t := range types {
				q := ns + "." + tn
				mt := &Type{Name: q, Entity: entity, Props: map[string]string{}, Nav: map[string]bool{}}
				for _, p := range t.Properties {
					mt.Props[p] = ""
				}
				for _, p := range t.NavigationProperties {
					mt.Props[p] = ""
					mt.Nav[p] = true
				}
				md.Types[q] = mt
			}
		}
	default:
		return fmt.Errorf("metadata: %s: cannot tell entity, complex or enum types from the file name", name)
	}
	return nil
}
