package apidiff

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// graphSeverity is the checked-in severity policy for Graph.
//
//go:embed graph-severity.txt
var graphSeverity []byte

// Policy returns Graph's severity overrides, rule ID to level, as read
// from graph-severity.txt. Every ID is checked against oasdiff's rules.
func Policy() (map[string]checker.Level, error) {
	return parsePolicy(graphSeverity)
}

var policy = sync.OnceValues(Policy)

// parsePolicy reads a policy file: oasdiff's severity-levels format
// (`rule-id LEVEL` per line) with # comments and blank lines allowed.
func parsePolicy(data []byte) (map[string]checker.Level, error) {
	known := checker.GetCheckLevels()
	levels := map[string]checker.Level{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fmt.Errorf("graph-severity.txt:%d: want `rule-id LEVEL`, got %q", n, line)
		}
		if _, ok := known[f[0]]; !ok {
			return nil, fmt.Errorf("graph-severity.txt:%d: %q is not an oasdiff rule ID (oasdiff %s)", n, f[0], "v1.37.0")
		}
		l, err := checker.NewLevel(f[1])
		if err != nil {
			return nil, fmt.Errorf("graph-severity.txt:%d: level %q: want ERR, WARN, INFO or NONE", n, f[1])
		}
		levels[f[0]] = l
	}
	return levels, sc.Err()
}

// breaking runs oasdiff's checker over the two (reloaded) documents and
// returns every finding at level info or above, under Graph's policy.
func breaking(base, revision *openapi3.T) (out []Finding, err error) {
	levels, err := policy()
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("oasdiff failed on these documents: %v; this is a graphdoc or oasdiff bug, please report it", p)
		}
	}()
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(),
		&load.SpecInfo{Url: "base", Spec: base},
		&load.SpecInfo{Url: "revision", Spec: revision})
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %w", err)
	}
	defaults := checker.GetCheckLevels()
	cfg := checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(levels))
	changes := checker.CheckBackwardCompatibilityUntilLevel(cfg, d, sources, checker.INFO)
	l := checker.NewDefaultLocalizer()
	for _, c := range changes {
		f := Finding{
			Level:     level(c.GetLevel()),
			Rule:      c.GetId(),
			Method:    c.GetOperation(),
			Path:      c.GetPath(),
			Operation: c.GetOperationId(),
			Section:   c.GetSection(),
			Text:      c.GetUncolorizedText(l),
		}
		// name oasdiff's own level where Graph's policy changed it
		if _, overridden := levels[f.Rule]; overridden {
			if def, ok := defaults[f.Rule]; ok && level(def) != f.Level {
				f.Default = level(def)
			}
		}
		out = append(out, f)
	}
	// oasdiff sorts by level, path, method and ID; keep that, ties by text
	slices.SortStableFunc(out, func(a, b Finding) int {
		if c := b.Level.rank() - a.Level.rank(); c != 0 {
			return c
		}
		return strings.Compare(a.Where()+"\x00"+a.Rule+"\x00"+a.Text, b.Where()+"\x00"+b.Rule+"\x00"+b.Text)
	})
	return slices.CompactFunc(out, func(a, b Finding) bool { return a == b }), nil
}

func level(l checker.Level) Level {
	switch l {
	case checker.ERR:
		return LevelError
	case checker.WARN:
		return LevelWarning
	}
	return LevelInfo
}
