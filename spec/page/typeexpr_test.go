package page

import "testing"

func TestParseType(t *testing.T) {
	refs := map[string]string{"identityset": "identityset.md", "driverecipient": "driverecipient.md"}
	cases := []struct {
		raw        string
		name       string
		prim, coll bool
		ok         bool
	}{
		// every Graph primitive, and its spellings in the corpus
		{"String", "String", true, false, true},
		{"string", "String", true, false, true},
		{"Edm.String", "String", true, false, true},
		{"`String`", "String", true, false, true},
		{"Boolean", "Boolean", true, false, true},
		{"Edm.boolean ", "Boolean", true, false, true},
		{"bool", "Boolean", true, false, true},
		{"Int32", "Int32", true, false, true},
		{"int", "Int32", true, false, true},
		{"Integer", "Int32", true, false, true},
		{"Int64", "Int64", true, false, true},
		{"Int16", "Int16", true, false, true},
		{"Byte", "Byte", true, false, true},
		{"Double", "Double", true, false, true},
		{"number", "Double", true, false, true},
		{"Single", "Single", true, false, true},
		{"Decimal", "Decimal", true, false, true},
		{"DateTimeOffset", "DateTimeOffset", true, false, true},
		{"dateTimeOffset", "DateTimeOffset", true, false, true},
		{"`Edm.DateTimeOffset`", "DateTimeOffset", true, false, true},
		{"datetime", "DateTimeOffset", true, false, true},
		{"Date", "Date", true, false, true},
		{"TimeOfDay", "TimeOfDay", true, false, true},
		{"Edm.TimeOfDay", "TimeOfDay", true, false, true},
		{"Duration", "Duration", true, false, true},
		{"Guid", "Guid", true, false, true},
		{"GUID", "Guid", true, false, true},
		{"Binary", "Binary", true, false, true},
		{"Edm.Binary", "Binary", true, false, true},
		{"Stream", "Stream", true, false, true},
		{"Json", "Json", true, false, true},
		{"Untyped JSON object", "Json", true, false, true},
		// collections, six ways
		{"String collection", "String", true, true, true},
		{"Collection(String)", "String", true, true, true},
		{"collection(string)", "String", true, true, true},
		{"Collection of String", "String", true, true, true},
		{"[accessReviewQueryScope](../resources/accessreviewqueryscope.md) collection", "accessReviewQueryScope", false, true, true},
		{"Collection([driveRecipient][])", "driveRecipient", false, true, true},
		{"Collection([DriveRecipient](../resources/driverecipient.md))", "DriveRecipient", false, true, true},
		{"Guid collection", "Guid", true, true, true},
		{"rubricLevel collection", "rubricLevel", false, true, true},
		// links: the name is the link text, never the file name
		{"[userPfxIntendedPurpose](../resources/intune-raimportcerts-userpfxintendedpurpose.md)", "userPfxIntendedPurpose", false, false, true},
		{"[identitySet][]", "identitySet", false, false, true},
		{"[**driveItem**][driveItem]", "driveItem", false, false, true},
		{"[DateTimeOffset](https://example.com)", "DateTimeOffset", true, false, true},
		{"[teamVisibilityType](../resources/team.md) (optional)", "teamVisibilityType", false, false, true},
		{"[educationOutcome](educationOutcome.md) collection. Holds grades", "educationOutcome", false, true, true},
		// bare and decorated names
		{"userPfxIntendedPurpose", "userPfxIntendedPurpose", false, false, true},
		{"**dateTimeTimeZone**", "dateTimeTimeZone", false, false, true},
		{"microsoft.graph.ediscovery.sourceType", "microsoft.graph.ediscovery.sourceType", false, false, true},
		{"alertFeedback enum", "alertFeedback", false, false, true},
		{"(Optional) String", "String", true, false, true},
		{"string, maximum size 20", "String", true, false, true},
		{"string (url)", "String", true, false, true},
		// not types
		{"", "", false, false, false},
		{"eventual. This header and `$count` are required", "", false, false, false},
		{"(boolean or string or number) collection", "", false, true, false},
	}
	for _, c := range cases {
		got := ParseType(c.raw, refs)
		if got.OK != c.ok || (c.ok && (got.Name != c.name || got.Primitive != c.prim || got.Collection != c.coll)) {
			t.Errorf("ParseType(%q) = %+v, want name %q primitive %v collection %v ok %v", c.raw, got, c.name, c.prim, c.coll, c.ok)
		}
	}
}

func TestParseTypeUnion(t *testing.T) {
	got := ParseType("[mediaConfig](mediaconfig.md) or [appHostedMediaConfig](apphostedmediaconfig.md)", nil)
	if got.Name != "mediaConfig" || len(got.Alt) != 1 || got.Alt[0] != "appHostedMediaConfig" {
		t.Errorf("union: %+v", got)
	}
}

func TestPrimitivesComplete(t *testing.T) {
	for _, p := range Primitives {
		if got, ok := PrimitiveName(p); !ok || got != p {
			t.Errorf("PrimitiveName(%q) = %q, %v", p, got, ok)
		}
		if got, ok := PrimitiveName("Edm." + p); !ok || got != p {
			t.Errorf("PrimitiveName(Edm.%s) = %q, %v", p, got, ok)
		}
	}
}
