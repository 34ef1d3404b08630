package config

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"testing"
)

// TestSchemaMatchesParser keeps schema.json in step with the keys and parts
// the parser knows.
func TestSchemaMatchesParser(t *testing.T) {
	data, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties map[string]struct {
			Properties map[string]struct {
				OneOf []struct {
					Enum  []string `json:"enum"`
					Items struct {
						Enum []string `json:"enum"`
					} `json:"items"`
				} `json:"oneOf"`
			} `json:"properties"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("schema.json: %v", err)
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	top := map[string]any{}
	for k := range s.Properties {
		top[k] = nil
	}
	goProps := map[string]any{}
	for k := range s.Properties["go"].Properties {
		goProps[k] = nil
	}
	if got, want := keys(top), sorted(topKeys); !slices.Equal(got, want) {
		t.Errorf("schema keys %v, parser keys %v", got, want)
	}
	if got, want := keys(goProps), sorted(goKeys); !slices.Equal(got, want) {
		t.Errorf("schema go keys %v, parser go keys %v", got, want)
	}
	for _, alt := range s.Properties["go"].Properties["generate"].OneOf {
		enum := alt.Enum
		if enum == nil {
			enum = alt.Items.Enum
		}
		if !slices.Equal(enum, AllParts) {
			t.Errorf("schema parts %v, AllParts %v", enum, AllParts)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}
