package page

import (
	"reflect"
	"strings"
	"testing"
)

func TestPossibleValues(t *testing.T) {
	cases := []struct {
		desc string
		want []string
	}{
		{"Certificate purpose. Possible values are: `unassigned`, `smimeEncryption`, `smimeSigning`, `vpn`, `wifi`.", []string{"unassigned", "smimeEncryption", "smimeSigning", "vpn", "wifi"}},
		{"Access decision. Possible values are: `Approve`, `Deny`, `NotReviewed`, `DontKnow`. Required.", []string{"Approve", "Deny", "NotReviewed", "DontKnow"}},
		{"Possible values are **All**, **Selected** or **None**.", []string{"All", "Selected", "None"}},
		{"Possible values are: 'viewer', 'sharer'", []string{"viewer", "sharer"}},
		{"Risk level. One of: NONE, LOW, MEDIUM, HIGH.", []string{"NONE", "LOW", "MEDIUM", "HIGH"}},
		{"The supported values for **userFlowType** are:<br/><ul><li>`signUp`</li><li>`signIn`</li></ul>", []string{"signUp", "signIn"}},
		{"Minimum password length. Valid values 4 to 16", nil},
		{"Valid values are 0-1440.", nil},
		{"This is one of the most important settings, really.", nil},
		{"Colour. Possible values: LightBlue=0, LightGreen=1, LightOrange=2.", []string{"LightBlue", "LightGreen", "LightOrange"}},
		{"Plain description.", nil},
		{"Possible values are: `a`, `a`, `b`. Later sentence mentions `c`.", []string{"a", "b"}},
	}
	for _, c := range cases {
		if got := PossibleValues(c.desc); !reflect.DeepEqual(got, c.want) {
			t.Errorf("PossibleValues(%q) = %q, want %q", c.desc, got, c.want)
		}
	}
}

func TestFlags(t *testing.T) {
	for _, c := range []struct {
		desc               string
		readOnly, required bool
	}{
		{"Unique id. Read-only.", true, false},
		{"This property is read-only.", true, false},
		{"Read only", true, false},
		{"The name. Required.", false, true},
		{"Not required.", false, false},
		{"The name. Required", false, true},
		{"This property is required when a group is created.", false, false},
	} {
		if got := IsReadOnly(c.desc); got != c.readOnly {
			t.Errorf("IsReadOnly(%q) = %v", c.desc, got)
		}
		if got := IsRequired(c.desc); got != c.required {
			t.Errorf("IsRequired(%q) = %v", c.desc, got)
		}
	}
}

func TestInheritedFrom(t *testing.T) {
	if got, at := inheritedFrom("Key of the entity. Inherited from [deviceConfiguration](../resources/intune-deviceconfig-deviceconfiguration.md)", nil); got != "deviceConfiguration" || at != 34 {
		t.Errorf("got %q at %d", got, at)
	}
	if got, _ := inheritedFrom("Plain.", nil); got != "" {
		t.Errorf("got %q", got)
	}
}

func TestIndexFold(t *testing.T) {
	for _, c := range []struct {
		s, sub string
	}{
		{"Read-Only. The id", "read-only"}, {"The ID", "id"}, {"", "a"}, {"a", ""}, {"ABC", "abcd"},
		{"Possible Values Are: `a`", "possible values are"}, {"K\u212aelvin", "kelvin"}, {"xX", "x"},
	} {
		if got, want := indexFold(c.s, c.sub), strings.Index(LowerASCII(c.s), c.sub); got != want {
			t.Errorf("indexFold(%q, %q) = %d, want %d", c.s, c.sub, got, want)
		}
	}
}
