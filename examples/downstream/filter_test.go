package downstream_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"

	"example.com/downstream/sprockets"
)

// TestFakeFilters: the generated fake answers OData queries as Graph does,
// so code that filters is tested on filtered answers. Over HTTP here; the
// same holds for a Fake called in-process.
func TestFakeFilters(t *testing.T) {
	srv := httptest.NewServer(sprockets.NewFakeHandler())
	defer srv.Close()
	client := sprockets.NewClient(srv.URL)
	ctx := context.Background()
	for _, s := range []struct {
		name   string
		teeth  int32
		finish sprockets.SprocketFinish
	}{
		{"Rear cog 14T", 14, sprockets.SprocketFinishBlackOxide},
		{"Rear cog 11T", 11, sprockets.SprocketFinishBlackOxide},
		{"Chainring 42T", 42, sprockets.SprocketFinishZincPlated},
		{"Chainring 34T", 34, sprockets.SprocketFinishBlackOxide},
	} {
		if _, err := client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{DisplayName: &s.name, ToothCount: &s.teeth, Finish: &s.finish}); err != nil {
			t.Fatal(err)
		}
	}

	names := func(params *sprockets.WorkshopSprocketsListParams) []string {
		t.Helper()
		var out []string
		for s, err := range client.WorkshopSprocketsListAll(ctx, params) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, *s.DisplayName)
		}
		return out
	}
	filter := func(f string) *sprockets.WorkshopSprocketsListParams {
		return &sprockets.WorkshopSprocketsListParams{Filter: &f}
	}

	if got := names(filter("toothCount ge 14 and finish eq 'blackOxide'")); !slices.Equal(got, []string{"Rear cog 14T", "Chainring 34T"}) {
		t.Errorf("ge + enum eq: %q", got)
	}
	if got := names(filter("startswith(displayName,'Chainring') or toothCount lt 12")); !slices.Equal(got, []string{"Rear cog 11T", "Chainring 42T", "Chainring 34T"}) {
		t.Errorf("startswith or lt: %q", got)
	}
	if got := names(filter("not (finish in ('blackOxide'))")); !slices.Equal(got, []string{"Chainring 42T"}) {
		t.Errorf("not in: %q", got)
	}
	// $top pages through the filtered set.
	top := sprockets.Top(1)
	p := filter("finish eq 'blackOxide'")
	p.Top = &top
	if got := names(p); len(got) != 3 {
		t.Errorf("$top=1 over 3 matches: %q", got)
	}

	// A query the fake cannot answer is Graph's 400, not a full list.
	for _, bad := range []string{"toothCount eq 'many'", "colour eq 'red'", "toothCount ge"} {
		_, err := client.WorkshopSprocketsList(ctx, filter(bad))
		var gerr *graphrt.Error
		if !errors.As(err, &gerr) || gerr.StatusCode != http.StatusBadRequest || !strings.Contains(gerr.Message, "$filter") {
			t.Errorf("$filter=%s: err = %v, want a 400 naming $filter", bad, err)
		}
	}
}
