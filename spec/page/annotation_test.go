package page

import (
	"testing"
)

func TestParseAnnotation(t *testing.T) {
	cases := []struct {
		in                          string
		strict, repaired, isAnnot   bool
		blockType, odataType, name  string
		truncated, collection, abst bool
	}{
		{`<!-- { "blockType": "ignored" } -->`, true, false, true, "ignored", "", "", false, false, false},
		{"<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"update_x\"\n}\n-->", true, false, true, "request", "", "update_x", false, false, false},
		// trailing comma
		{"<!-- {\n  \"blockType\": \"response\",\n  \"@odata.type\": \"microsoft.graph.accessReview\",\n} -->", false, true, true, "response", "microsoft.graph.accessReview", "", false, false, false},
		// unquoted key and string booleans
		{"<!-- {\n  \"blockType\": \"response\",\n  \"@odata.type\": \"microsoft.graph.mailTips\",\n  isCollection: true,\n  \"truncated\": \"true\"\n} -->", false, true, true, "response", "microsoft.graph.mailTips", "", true, true, false},
		// raw newline inside a string
		{"<!-- {\n  \"blockType\": \"request\",\n  \"description\": \"User delete teamsAppInstallations,\n more\"\n} -->", false, true, true, "request", "", "", false, false, false},
		// missing opening quote: scraped
		{"<!-- {\n  \"type\": \"#page.annotation\",\n  \"description\": translationLanguageOverride resource\",\n  \"section\": \"documentation\"\n} -->", false, false, true, "", "", "", false, false, false},
		{`<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.entity", "abstract": "true" } -->`, true, false, true, "resource", "microsoft.graph.entity", "", false, false, true},
		{`<!-- markdownlint-disable MD024 -->`, false, false, false, "", "", "", false, false, false},
		{`<!-- uuid: 16cd6b66-4b1a-43a1-adaf-3a886856ed98 -->`, false, false, false, "", "", "", false, false, false},
	}
	for _, c := range cases {
		a := ParseAnnotation(c.in, 0)
		if (a != nil) != c.isAnnot {
			t.Errorf("ParseAnnotation(%q) = %v", c.in, a)
			continue
		}
		if a == nil {
			continue
		}
		if a.Strict != c.strict || a.Repaired != c.repaired || a.BlockType != c.blockType || a.ODataType != c.odataType ||
			a.Name != c.name || a.Truncated != c.truncated || a.IsCollection != c.collection || a.Abstract != c.abst {
			t.Errorf("ParseAnnotation(%q) = %+v", c.in, a)
		}
	}
}
