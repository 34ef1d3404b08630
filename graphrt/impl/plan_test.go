package impl_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/impl"
)

// The fixtures below are shaped like generated models (json tags, graph
// tags, enums with Valid and EnumValues, a family with its interface, Any
// wrapper and registration), without generated methods: the plans alone
// decode and check them.

type ptLevel string

func (l ptLevel) Valid() bool        { return l == "low" || l == "high" }
func (ptLevel) EnumValues() []string { return []string{"low", "high"} }

// ptMood is an enum without EnumValues.
type ptMood string

func (m ptMood) Valid() bool { return m == "calm" }

type ptItem struct {
	Name  *string  `json:"name,omitempty"`
	Level *ptLevel `json:"level,omitempty"`
	Count int32    `json:"count"`
}

type ptDoc struct {
	ID       *string            `graph:"ro" json:"id,omitempty"`
	Title    string             `json:"title"`
	Level    ptLevel            `json:"level"`
	LevelP   *ptLevel           `json:"levelP,omitempty"`
	Mood     *ptMood            `json:"mood,omitempty"`
	Levels   *[]ptLevel         `json:"levels,omitempty"`
	Opens    *string            `graph:"time" json:"opens,omitempty"`
	Closes   []string           `graph:"time" json:"closes"`
	Item     ptItem             `json:"item"`
	ItemP    *ptItem            `json:"itemP,omitempty"`
	Items    []ptItem           `json:"items"`
	ItemsP   *[]ptItem          `json:"itemsP,omitempty"`
	Ptrs     []*ptItem          `json:"ptrs,omitempty"`
	When     *time.Time         `graph:"ro" json:"when,omitempty"`
	Day      *graphrt.Date      `json:"day,omitempty"`
	Dur      graphrt.Duration   `json:"dur"`
	UUID     *uuid.UUID         `json:"uuid,omitempty"`
	Blob     *[]byte            `json:"blob,omitempty"`
	Small    *int8              `json:"small,omitempty"`
	Byte     uint8              `json:"byte"`
	Float    *float32           `json:"float,omitempty"`
	Open     map[string]any     `json:"open,omitempty"`
	Anything interface{}        `json:"anything,omitempty"`
	Extra    *map[string]string `json:"extra,omitempty"`
	Skipped  string             `json:"-"`
	Dash     string             `json:"-,"`
	Untagged string
	hidden   string
}

// A family: an abstract base with its members.
type ptAnimalKind interface {
	ODataType() string
	isAnimal()
}

type ptAnimalAny struct {
	Value ptAnimalKind
}

type ptAnimal struct {
	OdataType *string `json:"@odata.type,omitempty"`
	ID        *string `graph:"ro" json:"id,omitempty"`
	Name      *string `json:"name,omitempty"`
}

type ptCat struct {
	OdataType *string  `json:"@odata.type,omitempty"`
	ID        *string  `graph:"ro" json:"id,omitempty"`
	Name      *string  `json:"name,omitempty"`
	Lives     *int32   `json:"lives,omitempty"`
	Mood      *ptLevel `json:"mood,omitempty"`
}

type ptDog struct {
	OdataType *string `json:"@odata.type,omitempty"`
	ID        *string `graph:"ro" json:"id,omitempty"`
	Name      *string `json:"name,omitempty"`
	Good      bool    `json:"good"`
}

func (*ptAnimal) ODataType() string { return "#microsoft.graph.animal" }
func (*ptCat) ODataType() string    { return "#microsoft.graph.cat" }
func (*ptDog) ODataType() string    { return "#microsoft.graph.dog" }
func (*ptAnimal) isAnimal()         {}
func (*ptCat) isAnimal()            {}
func (*ptDog) isAnimal()            {}

type ptZoo struct {
	Star    ptAnimalKind    `json:"star,omitempty"`
	Animals []ptAnimalKind  `json:"animals"`
	More    *[]ptAnimalKind `json:"more,omitempty"`
	Cat     *ptCat          `json:"cat,omitempty"`
}

func init() {
	impl.RegisterFamily[ptAnimalKind](true,
		impl.Member[ptAnimal]("#microsoft.graph.animal"),
		impl.Member[ptCat]("#microsoft.graph.cat"),
		impl.Member[ptDog]("#microsoft.graph.dog"))
}

// fieldErrors returns the fields of a *graphrt.ValidationError as
// "path: message" lines, or the error's text for another error.
func fieldErrors(err error) []string {
	if err == nil {
		return nil
	}
	var ve *graphrt.ValidationError
	if !errors.As(err, &ve) {
		return []string{fmt.Sprintf("%T: %v", err, err)}
	}
	var out []string
	for _, f := range ve.Fields {
		if f.Path == "" {
			out = append(out, f.Message)
		} else {
			out = append(out, f.Path+": "+f.Message)
		}
	}
	return out
}

func wantFields(t *testing.T, what string, err error, want ...string) {
	t.Helper()
	if got := fieldErrors(err); !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

func TestPlanExactNames(t *testing.T) {
	type role struct {
		Role *string `json:"role,omitempty"`
	}
	var v role
	if err := impl.Unmarshal([]byte(`{"role":"a","ROLE":"b","Role":"c"}`), &v); err != nil || *v.Role != "a" {
		t.Fatalf("got %v %v, want the member named exactly role", v.Role, err)
	}
	// encoding/json would take ROLE too
	var std struct {
		Role *string `json:"role"`
	}
	json.Unmarshal([]byte(`{"role":"a","ROLE":"b"}`), &std)
	if *std.Role != "b" {
		t.Logf("encoding/json gives %q", *std.Role)
	}
}

func TestPlanDecodeErrors(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{`{"title":1}`, []string{"title: want string, got number"}},
		{`{"title":null}`, []string{"title: want string, got null"}},
		{`{"level":true,"levelP":[],"mood":{}}`, []string{"level: want string, got boolean", "levelP: want string, got array", "mood: want string, got object"}},
		{`{"item":{"name":1,"count":1.5},"itemP":{"count":"x"}}`, []string{"item.name: want string, got number", "item.count: cannot decode number 1.5 as int32", "itemP.count: want number, got string"}},
		{`{"items":[{"count":1},{"name":false},{"count":2147483648}]}`, []string{"items[1].name: want string, got boolean", "items[2].count: cannot decode number 2147483648 as int32"}},
		{`{"itemsP":[{},{"level":2}]}`, []string{"itemsP[1].level: want string, got number"}},
		{`{"levels":["low",1,"x"],"closes":[true]}`, []string{"levels[1]: want string, got number", "closes[0]: want string, got boolean"}},
		{`{"when":"yesterday"}`, []string{`when: "yesterday" is not an RFC 3339 date-time (e.g. 2021-03-14T09:26:53Z)`}},
		{`{"day":"2021-02-30","dur":"1h","uuid":"x"}`, []string{`day: "2021-02-30" is not a valid graphrt.Date`, `dur: "1h" is not a valid graphrt.Duration`, `uuid: "x" is not a valid uuid.UUID`}},
		{`{"blob":"%%%"}`, []string{`blob: "%%%" is not standard base64`}},
		{`{"byte":-1,"float":1e39}`, []string{"byte: cannot decode number -1 as uint8", "float: cannot decode number 1e39 as float32"}},
		// a refused int8 is left unread, so the member after it is still read
		{`{"small":128,"byte":-1}`, []string{"small: cannot decode number 128 as int8", "byte: cannot decode number -1 as uint8"}},
		{`{"small":1.5}`, []string{"small: cannot decode number 1.5 as int8"}},
		{`{"open":[],"extra":{"a":1}}`, []string{"open: json: cannot unmarshal array into Go value of type map[string]interface {}", "extra: json: cannot unmarshal number into Go value of type string"}},
		{`{"unknown":1,"Untagged":2}`, []string{"Untagged: want string, got number"}},
	} {
		var v ptDoc
		wantFields(t, c.in, impl.Unmarshal([]byte(c.in), &v), c.want...)
	}
	// the encoding/json fallback words its messages itself, at the
	// member's path, as generated code's impl.JSON did
}

func TestPlanDecodeValues(t *testing.T) {
	in := `{"id":"i","title":"t","level":"mid","levelP":"low","levels":["low","x"],"opens":"09:00:00","closes":[],` +
		`"item":{"name":"n","count":3},"itemP":{"level":"high"},"items":[{"count":1},null],"ptrs":[{"count":2},null],` +
		`"when":"2021-03-14T09:26:53Z","day":"2021-03-14","dur":"PT1M","uuid":"5f0b4d2e-8c3a-4b7e-9f1d-2a6c8e0b4f7a",` +
		`"blob":"AAE=","small":-5,"byte":200,"float":0.5,"open":{"a":[1]},"anything":"x","extra":{"k":"v"},` +
		`"Skipped":"no","-":"dash","Untagged":"u","hidden":"no"}`
	var v ptDoc
	if err := impl.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2021, 3, 14, 9, 26, 53, 0, time.UTC)
	want := ptDoc{ID: ptr("i"), Title: "t", Level: "mid", LevelP: ptr[ptLevel]("low"), Levels: &[]ptLevel{"low", "x"},
		Opens: ptr("09:00:00"), Closes: []string{}, Item: ptItem{Name: ptr("n"), Count: 3}, ItemP: &ptItem{Level: ptr[ptLevel]("high")},
		Items: []ptItem{{Count: 1}, {}}, Ptrs: []*ptItem{{Count: 2}, nil}, When: &when, Day: &graphrt.Date{Year: 2021, Month: 3, Day: 14},
		Dur: graphrt.Duration{Minutes: 1}, UUID: ptr(uuid.MustParse("5f0b4d2e-8c3a-4b7e-9f1d-2a6c8e0b4f7a")), Blob: ptr([]byte{0, 1}),
		Small: ptr[int8](-5), Byte: 200, Float: ptr[float32](0.5), Open: map[string]any{"a": []any{1.0}}, Anything: "x",
		Extra: &map[string]string{"k": "v"}, Dash: "dash", Untagged: "u"}
	if d := diffValues(reflect.ValueOf(want), reflect.ValueOf(v), ""); d != "" {
		t.Errorf("decoded value differs at %s", d)
	}
}

func TestPlanNull(t *testing.T) {
	v := ptDoc{Title: "keep", Item: ptItem{Count: 7}, ItemP: &ptItem{}, Items: []ptItem{{}}, Levels: &[]ptLevel{}, Open: map[string]any{"a": 1.0}}
	// a struct's null leaves it as it is
	if err := impl.Unmarshal([]byte(`null`), &v); err != nil || v.Title != "keep" {
		t.Fatalf("null document: %v %+v", err, v)
	}
	if err := impl.Unmarshal([]byte(`{"item":null}`), &v); err != nil || v.Item.Count != 7 {
		t.Fatalf("null struct member: %v %+v", err, v.Item)
	}
	// optional members, slices and maps become nil
	if err := impl.Unmarshal([]byte(`{"itemP":null,"items":null,"levels":null,"open":null}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.ItemP != nil || v.Items != nil || v.Levels != nil || v.Open != nil {
		t.Errorf("null members not nil: %+v", v)
	}
	// an empty array is an empty slice, not nil
	if err := impl.Unmarshal([]byte(`{"items":[],"levels":[]}`), &v); err != nil || v.Items == nil || v.Levels == nil || len(*v.Levels) != 0 {
		t.Errorf("empty arrays: %v %#v %#v", err, v.Items, v.Levels)
	}
	// a required scalar's null is a bad value, and leaves its zero value
	wantFields(t, "null title", impl.Unmarshal([]byte(`{"title":null}`), &v), "title: want string, got null")
	if v.Title != "" {
		t.Errorf("title %q after a bad value", v.Title)
	}
}

func TestPlanStopsOnMalformedJSON(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{`{"title":"x",}`, "*graphrt.SyntaxError: invalid JSON at offset 13: expected string for object key"},
		{`{"title":"x"} x`, "*graphrt.SyntaxError: invalid JSON at offset 14: unexpected data after top-level value"},
		{`{"items":[{"count":1}`, "*graphrt.SyntaxError: invalid JSON at offset 21: unexpected end of input, expected ',' or ']' after array element"},
		// a struct's value that is not an object stops decoding, as in
		// the generated decodeJSON
		{`{"title":1,"item":"x"}`, "*graphrt.TypeError: expected object, got string"},
		{`[]`, "*graphrt.TypeError: expected object, got array"},
	} {
		var v ptDoc
		wantFields(t, c.in, impl.Unmarshal([]byte(c.in), &v), c.want)
	}
}

func TestPlanValidate(t *testing.T) {
	v := ptDoc{
		Level:  "mid",
		LevelP: ptr[ptLevel]("x"),
		Mood:   ptr[ptMood]("angry"),
		Levels: &[]ptLevel{"low", "lower", "high", ""},
		Opens:  ptr("9"),
		Closes: []string{"10:00:00", "25:00:00"},
		Item:   ptItem{Level: ptr[ptLevel]("up")},
		ItemP:  &ptItem{Level: ptr[ptLevel]("down")},
		Items:  []ptItem{{}, {Level: ptr[ptLevel]("left")}},
		ItemsP: &[]ptItem{{Level: ptr[ptLevel]("right")}},
		Ptrs:   []*ptItem{{Level: ptr[ptLevel]("never checked: []*T")}},
	}
	wantFields(t, "Validate", impl.Validate(&v),
		`level: unknown value "mid"; want one of low, high`,
		`levelP: unknown value "x"; want one of low, high`,
		`mood: unknown value "angry"; want one of the documented members`,
		`levels[1]: unknown value "lower"; want one of low, high`,
		`levels[3]: unknown value ""; want one of low, high`,
		`opens: "9" is not a time of day (hh:mm:ss)`,
		`closes[1]: "25:00:00" is not a time of day (hh:mm:ss)`,
		`item.level: unknown value "up"; want one of low, high`,
		`itemP.level: unknown value "down"; want one of low, high`,
		`items[1].level: unknown value "left"; want one of low, high`,
		`itemsP[0].level: unknown value "right"; want one of low, high`,
	)
	ok := ptDoc{Level: "low", Closes: []string{"23:59:59"}}
	if err := impl.Validate(&ok); err != nil {
		t.Errorf("valid value: %v", err)
	}
	// a value, not a pointer, is checked too
	if err := impl.Validate(ptDoc{Level: "x"}); err == nil {
		t.Error("Validate(value) found nothing")
	}
	if err := impl.Validate((*ptDoc)(nil)); err != nil {
		t.Errorf("Validate(nil) = %v", err)
	}
}

func TestPlanFamilies(t *testing.T) {
	in := `{"star":{"@odata.type":"#microsoft.graph.cat","lives":9,"name":"Tom"},` +
		`"animals":[{"@odata.type":"microsoft.graph.dog","good":true},{"name":"generic"},{"@odata.type":"#microsoft.graph.unicorn"},null,{"@odata.type":5}],` +
		`"more":[{"@odata.type":"#microsoft.graph.cat","lives":"x"}],"cat":{"@odata.type":"#microsoft.graph.dog","good":true}}`
	var z ptZoo
	wantFields(t, "Unmarshal", impl.Unmarshal([]byte(in), &z), "animals[4].@odata.type: want string, got number", "more[0].lives: want number, got string")
	if c, ok := z.Star.(*ptCat); !ok || *c.Lives != 9 || *c.Name != "Tom" {
		t.Errorf("star: %#v", z.Star)
	}
	types := []string{}
	for _, a := range z.Animals {
		types = append(types, fmt.Sprintf("%T", a))
	}
	if got := strings.Join(types, " "); got != "*impl_test.ptDog *impl_test.ptAnimal *impl_test.ptAnimal <nil> *impl_test.ptAnimal" {
		t.Errorf("animals: %s", got)
	}
	// a member field is decoded as its own type, whatever @odata.type says
	if z.Cat == nil || *z.Cat.OdataType != "#microsoft.graph.dog" {
		t.Errorf("cat: %#v", z.Cat)
	}
	wantFields(t, "Validate", impl.Validate(&z),
		`animals[1].@odata.type: microsoft.graph.animal is abstract: @odata.type must name a type derived from it`,
		`animals[2].@odata.type: "#microsoft.graph.unicorn" is not microsoft.graph.animal or a type derived from it`,
		`animals[4].@odata.type: microsoft.graph.animal is abstract: @odata.type must name a type derived from it`,
		`cat.@odata.type: "#microsoft.graph.dog" is not microsoft.graph.cat or a type derived from it`,
	)

	// the base allows every member, with or without "#"
	for _, s := range []string{"#microsoft.graph.cat", "microsoft.graph.dog"} {
		if err := impl.Validate(&ptAnimal{OdataType: ptr(s)}); err != nil {
			t.Errorf("animal %s: %v", s, err)
		}
	}
	wantFields(t, "base", impl.Validate(&ptAnimal{OdataType: ptr("microsoft.graph.animal")}),
		`@odata.type: microsoft.graph.animal is abstract: @odata.type must name a type derived from it`)
	if err := impl.Validate(&ptCat{}); err != nil {
		t.Errorf("a member without @odata.type: %v", err)
	}
	wantFields(t, "member", impl.Validate(&ptCat{OdataType: ptr("#microsoft.graph.animal"), Mood: ptr[ptLevel]("x")}),
		`@odata.type: "#microsoft.graph.animal" is not microsoft.graph.cat or a type derived from it`,
		`mood: unknown value "x"; want one of low, high`)

	// whole documents: the Any wrapper, the interface, UnmarshalFamily
	var a ptAnimalAny
	if err := impl.Unmarshal([]byte(`{"@odata.type":"#microsoft.graph.dog","good":true}`), &a); err != nil {
		t.Fatal(err)
	}
	if d, ok := a.Value.(*ptDog); !ok || !d.Good {
		t.Errorf("Any: %#v", a.Value)
	}
	if err := impl.Unmarshal([]byte(`null`), &a); err != nil || a.Value != nil {
		t.Errorf("Any null: %v %#v", err, a.Value)
	}
	var k ptAnimalKind
	if err := impl.Unmarshal([]byte(`{"@odata.type":"#microsoft.graph.cat","mood":"x"}`), &k); err != nil {
		t.Fatal(err)
	}
	wantFields(t, "interface", impl.Validate(&k), `mood: unknown value "x"; want one of low, high`)
	wantFields(t, "interface value", impl.Validate(k), `mood: unknown value "x"; want one of low, high`)
	k, err := impl.UnmarshalFamily[ptAnimalKind]([]byte(`{"name":"n","lives":1}`))
	if _, ok := k.(*ptAnimal); !ok || err != nil {
		t.Errorf("UnmarshalFamily: %#v %v", k, err)
	}
	k, err = impl.UnmarshalFamily[ptAnimalKind]([]byte(`{"@odata.type":"#microsoft.graph.cat","lives":true}`))
	if _, ok := k.(*ptCat); !ok {
		t.Errorf("UnmarshalFamily with a bad value: %#v", k)
	}
	wantFields(t, "UnmarshalFamily", err, "lives: want number, got boolean")
	if _, err := impl.UnmarshalFamily[fmt.Stringer]([]byte(`{}`)); err == nil || !strings.Contains(err.Error(), "not a registered family") {
		t.Errorf("UnmarshalFamily of an unregistered interface: %v", err)
	}
}

func TestPlanValidateBody(t *testing.T) {
	v := ptDoc{ID: ptr("x"), When: &time.Time{}, Level: "low"}
	wantFields(t, "write", impl.ValidateRequestBody(&v, []string{"title", "levelP", "items", "item", "nope", "id"}, true),
		"id: read-only property: the service sets it, a request may not",
		"when: read-only property: the service sets it, a request may not",
		"levelP: required property is missing",
		"items: required property is missing",
		"nope: required property is missing",
	)
	if err := impl.ValidateRequestBody(&v, nil, false); err != nil {
		t.Errorf("no write: %v", err)
	}
	// Validate's problems come first
	v.Level = "x"
	wantFields(t, "validate first", impl.ValidateRequestBody(&v, []string{"levelP"}, false),
		`level: unknown value "x"; want one of low, high`, "levelP: required property is missing")

	// a family body: the concrete value's members; @odata.type is never read-only
	a := ptAnimalAny{Value: &ptCat{OdataType: ptr("#microsoft.graph.cat"), ID: ptr("1"), Mood: ptr[ptLevel]("x")}}
	wantFields(t, "family", impl.ValidateRequestBody(&a, []string{"name", "lives", "good"}, true),
		`mood: unknown value "x"; want one of low, high`,
		"id: read-only property: the service sets it, a request may not",
		"name: required property is missing",
		"lives: required property is missing",
		"good: required property is missing")
	wantFields(t, "family value", impl.ValidateRequestBody(a.Value, []string{"lives"}, false),
		`mood: unknown value "x"; want one of low, high`, "lives: required property is missing")
	wantFields(t, "dog", impl.ValidateRequestBody(&ptAnimalAny{Value: &ptDog{}}, []string{"good"}, true))
	wantFields(t, "empty", impl.ValidateRequestBody(&ptAnimalAny{}, []string{"name"}, true), "a request body is required")
	wantFields(t, "nil", impl.ValidateRequestBody((*ptDoc)(nil), nil, true), "a request body is required")
}

// ptCustom decodes itself, keeping what the plan cannot see: the plans
// leave it to its UnmarshalJSON, as generated code left custom types to
// encoding/json.
type ptCustom struct {
	A                    *string        `json:"a,omitempty"`
	AdditionalProperties map[string]any `json:"-"`
}

func (c *ptCustom) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if a, ok := m["a"].(string); ok {
		c.A = &a
		delete(m, "a")
	}
	c.AdditionalProperties = m
	return nil
}

type ptWithCustom struct {
	C  ptCustom   `json:"c"`
	CP *ptCustom  `json:"cp,omitempty"`
	CS []ptCustom `json:"cs,omitempty"`
	// a struct with its own UnmarshalJSON but nothing hidden is decoded
	// by its plan (generated types have UnmarshalJSON methods)
	Doc ptNoHidden `json:"doc"`
}

type ptNoHidden struct {
	X *ptLevel `json:"x,omitempty"`
}

func (*ptNoHidden) UnmarshalJSON([]byte) error { return errors.New("not called") }

func TestPlanCustomTypes(t *testing.T) {
	var v ptWithCustom
	err := impl.Unmarshal([]byte(`{"c":{"a":"x","b":1},"cp":{"z":true},"cs":[{"a":"y"}],"doc":{"x":"y"}}`), &v)
	if err != nil {
		t.Fatal(err)
	}
	if *v.C.A != "x" || v.C.AdditionalProperties["b"] != 1.0 || v.CP.AdditionalProperties["z"] != true || *v.CS[0].A != "y" || *v.Doc.X != "y" {
		t.Errorf("got %+v", v)
	}
	wantFields(t, "custom", impl.Unmarshal([]byte(`{"c":[]}`), &v), "c: json: cannot unmarshal array into Go value of type map[string]interface {}")
	wantFields(t, "checks", impl.Validate(&v), `doc.x: unknown value "y"; want one of low, high`)
}

type ptBase struct {
	Name  *string  `json:"name,omitempty"`
	Level *ptLevel `json:"level,omitempty"`
}

type ptEmbeds struct {
	ptBase
	Own  *string `json:"own,omitempty"`
	Name *string `json:"-"` // hides nothing: ptBase's name is promoted
}

func TestPlanEmbeddedStructs(t *testing.T) {
	var v ptEmbeds
	if err := impl.Unmarshal([]byte(`{"name":"n","own":"o","level":"x"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.ptBase.Name == nil || *v.ptBase.Name != "n" || *v.Own != "o" {
		t.Errorf("got %+v", v)
	}
	wantFields(t, "promoted", impl.Validate(&v), `level: unknown value "x"; want one of low, high`)
}

// TestPlanByteSlices: []uint8 is []byte, base64 (as encoding/json has
// it); the generated code read a []uint8 member (Collection(Edm.Byte)) as
// an array of numbers, which its MarshalJSON (encoding/json) did not
// write.
func TestPlanByteSlices(t *testing.T) {
	var v struct {
		B  []uint8    `json:"b"`
		BS [][]byte   `json:"bs"`
		BP *[]uint8   `json:"bp"`
		BB *[][]uint8 `json:"bb"`
	}
	if err := impl.Unmarshal([]byte(`{"b":"AAE=","bs":["AQ==",""],"bp":"Ag==","bb":null}`), &v); err != nil {
		t.Fatal(err)
	}
	if string(v.B) != "\x00\x01" || len(v.BS) != 2 || string(v.BS[0]) != "\x01" || string(*v.BP) != "\x02" || v.BB != nil {
		t.Errorf("got %+v", v)
	}
	wantFields(t, "array", impl.Unmarshal([]byte(`{"b":[1]}`), &v), "b: want string, got array")

	// a byte slice with its own UnmarshalJSON decodes itself
	var r struct {
		R  json.RawMessage    `json:"r"`
		RP *json.RawMessage   `json:"rp"`
		RS []json.RawMessage  `json:"rs"`
		RM *[]json.RawMessage `json:"rm"`
	}
	if err := impl.Unmarshal([]byte(`{"r":[1, 2],"rp":{"a":1},"rs":[true,"x"],"rm":[null]}`), &r); err != nil {
		t.Fatal(err)
	}
	if string(r.R) != "[1, 2]" || string(*r.RP) != `{"a":1}` || len(r.RS) != 2 || string(r.RS[1]) != `"x"` || string((*r.RM)[0]) != "null" {
		t.Errorf("raw messages: %s %s %s %s", r.R, *r.RP, r.RS, *r.RM)
	}
}

func TestPlanRoots(t *testing.T) {
	var items []ptItem
	wantFields(t, "slice", impl.Unmarshal([]byte(`[{"count":1},{"count":"x"}]`), &items), "[1].count: want number, got string")
	if len(items) != 2 || items[0].Count != 1 {
		t.Errorf("items %+v", items)
	}
	items[1].Level = ptr[ptLevel]("x")
	wantFields(t, "slice check", impl.Validate(&items), `[1].level: unknown value "x"; want one of low, high`)
	var p *ptItem
	if err := impl.Unmarshal([]byte(`{"count":3}`), &p); err != nil || p.Count != 3 {
		t.Errorf("pointer: %v %+v", err, p)
	}
	var s string
	wantFields(t, "string", impl.Unmarshal([]byte(`1`), &s), "want string, got number")
	var l ptLevel
	if err := impl.Unmarshal([]byte(`"z"`), &l); err != nil || l != "z" {
		t.Errorf("enum: %v %q", err, l)
	}
	wantFields(t, "enum check", impl.Validate(&l), `unknown value "z"; want one of low, high`)
	var m map[string]int
	if err := impl.Unmarshal([]byte(`{"a":1}`), &m); err != nil || m["a"] != 1 {
		t.Errorf("map: %v %v", err, m)
	}
	var v ptItem
	for _, target := range []any{v, nil, (*ptItem)(nil)} {
		var iue *json.InvalidUnmarshalError
		if err := impl.Unmarshal([]byte(`{}`), target); !errors.As(err, &iue) {
			t.Errorf("Unmarshal(%T) = %v, want a *json.InvalidUnmarshalError", target, err)
		}
	}
}

// ptTree is recursive, through a slice and a pointer.
type ptTree struct {
	Level *ptLevel `json:"level,omitempty"`
	Kids  []ptTree `json:"kids"`
	Next  *ptTree  `json:"next,omitempty"`
}

// ptFlat is recursive too but has nothing to check: Validate never walks it.
type ptFlat struct {
	Name *string `json:"name,omitempty"`
	Kids []ptFlat
}

func TestPlanRecursiveTypes(t *testing.T) {
	var v ptTree
	if err := impl.Unmarshal([]byte(`{"kids":[{"kids":[{"level":"x"}]},{"next":{"level":"y","kids":null}}]}`), &v); err != nil {
		t.Fatal(err)
	}
	wantFields(t, "tree", impl.Validate(&v),
		`kids[0].kids[0].level: unknown value "x"; want one of low, high`,
		`kids[1].next.level: unknown value "y"; want one of low, high`)
	f := ptFlat{Kids: make([]ptFlat, 1000)}
	if n := testing.AllocsPerRun(10, func() { impl.Validate(&f) }); n != 0 && !raceEnabled {
		t.Errorf("validating a value that cannot fail: %v allocations", n)
	}
}

// The late family is registered only once a plan of a type holding it
// exists: the plan uses the registration from then on.
type ptLateKind interface{ isLate() }
type ptLate struct {
	OdataType *string `json:"@odata.type,omitempty"`
	N         int32   `json:"n"`
}
type ptLater struct {
	OdataType *string `json:"@odata.type,omitempty"`
	M         int32   `json:"m"`
}
type ptLateHolder struct {
	L ptLateKind `json:"l"`
}

func (*ptLate) isLate()  {}
func (*ptLater) isLate() {}

func TestPlanLateRegistration(t *testing.T) {
	var h ptLateHolder
	err := impl.Unmarshal([]byte(`{"l":{"n":1}}`), &h)
	wantFields(t, "before", err, "l: json: cannot unmarshal object into Go value of type impl_test.ptLateKind")
	if err := impl.Validate(&ptLate{OdataType: ptr("#x")}); err != nil {
		t.Errorf("no family yet: %v", err)
	}
	impl.RegisterFamily[ptLateKind](false, impl.Member[ptLate]("#microsoft.graph.late"), impl.Member[ptLater]("#microsoft.graph.later"))
	if err := impl.Unmarshal([]byte(`{"l":{"@odata.type":"#microsoft.graph.later","m":2}}`), &h); err != nil {
		t.Fatal(err)
	}
	if l, ok := h.L.(*ptLater); !ok || l.M != 2 {
		t.Errorf("after: %#v", h.L)
	}
	h.L = &ptLate{OdataType: ptr("#x")}
	wantFields(t, "after", impl.Validate(&h), `l.@odata.type: "#x" is not microsoft.graph.late or a type derived from it`)
}

type ptNotMember struct{}

func TestRegisterFamilyMisuse(t *testing.T) {
	for name, f := range map[string]func(){
		"not an interface": func() { impl.RegisterFamily[ptAnimal](false, impl.Member[ptAnimal]("#a")) },
		"no members":       func() { impl.RegisterFamily[ptAnimalKind](false) },
		"not a member":     func() { impl.RegisterFamily[ptAnimalKind](false, impl.Member[ptNotMember]("#a")) },
		"not a struct":     func() { impl.RegisterFamily[fmt.Stringer](false, impl.Member[time.Duration]("#a")) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestPlanConcurrentFirstUse builds plans from many goroutines at once
// (run with -race).
func TestPlanConcurrentFirstUse(t *testing.T) {
	type a struct {
		X *ptLevel `json:"x"`
		Y []struct {
			Z *ptLevel `json:"z"`
		} `json:"y"`
	}
	type b struct {
		A  a   `json:"a"`
		AS []a `json:"as"`
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			var v b
			in := fmt.Sprintf(`{"a":{"x":"l%d"},"as":[{"y":[{"z":"q"}]}]}`, i)
			if err := impl.Unmarshal([]byte(in), &v); err != nil {
				t.Error(err)
			}
			if got := fieldErrors(impl.Validate(&v)); len(got) != 2 {
				t.Errorf("got %q", got)
			}
			var z ptZoo
			if err := impl.Unmarshal([]byte(`{"animals":[{"@odata.type":"#microsoft.graph.cat"}]}`), &z); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

var sink any

// TestPlanAllocations: the plans allocate no more than the generated code
// did for the bundled example's request body, in a value on the heap (as
// a server's body is: the plans' value always is).
func TestPlanAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocations are not counted under the race detector")
	}
	body := updateBody(t)
	gen := testing.AllocsPerRun(100, func() {
		v := new(UserPFXCertificate)
		v.UnmarshalJSON(body)
		v.Validate()
		sink = v
	})
	pln := testing.AllocsPerRun(100, func() {
		v := new(UserPFXCertificate)
		impl.Unmarshal(body, v)
		impl.Validate(v)
		sink = v
	})
	if pln > gen {
		t.Errorf("plan: %v allocations, generated code: %v", pln, gen)
	}
}
