package strictjson

import (
	"testing"
)

type designation struct {
	Type string `json:"type"`
	Year int    `json:"year,omitempty"`
}

type input struct {
	Code         string        `json:"code,omitempty"`
	Stage        string        `json:"stage,omitempty"`
	TitleZH      string        `json:"title_zh"`
	ICS          []string      `json:"ics,omitempty"`
	Designations []designation `json:"designations,omitempty"`
	EffectiveOn  *string       `json:"effective_on,omitempty"`
}

func TestUnmarshalAcceptsTheAPIsJSON(t *testing.T) {
	var in input
	body := `{"code":"DB33/T 1234—2026","stage":"published","title_zh":"茶叶加工技术规程\u0000","ics":["67.140.10"],` +
		`"designations":[{"type":"zhejiang_standard","year":2026}],"effective_on":null}` + " \r\n"
	if err := Unmarshal([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	// NUL is JSON; the domain's text rule refuses it, not the decoder.
	if in.Code != "DB33/T 1234—2026" || in.TitleZH != "茶叶加工技术规程\x00" || in.Designations[0].Year != 2026 || in.EffectiveOn != nil {
		t.Errorf("decoded %+v", in)
	}
}

// TestExplain pins what each refusal is called and where, including the
// two v2 reports that have no sentinel error (invalid UTF-8, a lone
// surrogate): an upgrade that rewords them fails here.
func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		kind       Kind
		field      string
		message    string
	}{
		{"a miscased name beside the real one", `{"stage":"proposal","Stage":"published"}`, UnknownName, "Stage", "is not a field of this resource"},
		{"an upper-case name", `{"TITLE_ZH":"茶叶加工技术规程"}`, UnknownName, "TITLE_ZH", "is not a field of this resource"},
		{"an unknown name in a list item", `{"designations":[{"type":"zhejiang_standard","TYPE":"forerunner"}]}`, UnknownName, "designations[0].TYPE", "is not a field of this resource"},
		{"a name given twice", `{"stage":"proposal","stage":"published"}`, Duplicate, "stage", "is given twice; a field may appear once"},
		{"a name given twice in a list item", `{"designations":[{"type":"a"},{"type":"a","type":"b"}]}`, Duplicate, "designations[1].type", "is given twice; a field may appear once"},
		{"invalid UTF-8", "{\"title_zh\":\"茶叶\xff加工\"}", NotUTF8, "title_zh", "is not valid UTF-8 text"},
		{"GB18030 bytes", "{\"title_zh\":\"\xb2\xe8\xd2\xb6\"}", NotUTF8, "title_zh", "is not valid UTF-8 text"},
		{"a lone surrogate", `{"title_zh":"\ud800茶"}`, NotUTF8, "title_zh", "holds a \\u escape of half a surrogate pair, which is not a character"},
		{"a string for an integer", `{"designations":[{"type":"a","year":"二〇二四"}]}`, WrongType, "designations[0].year", "must be an integer, not string"},
		{"a fraction for an integer", `{"designations":[{"type":"a","year":2024.5}]}`, WrongType, "designations[0].year", "must be an integer, not number 2024.5"},
		{"a string for a list", `{"ics":"67.140.10"}`, WrongType, "ics", "must be an array, not string"},
		{"a number for a string", `{"title_zh":42}`, WrongType, "title_zh", "must be a string, not number"},
		{"a number for a nullable string", `{"effective_on":20260101}`, WrongType, "effective_on", "must be a string, not number"},
		{"an array for the object", `[]`, NotAnObject, "", "must be a JSON object, not array"},
		{"a string for the object", `"x"`, NotAnObject, "", "must be a JSON object, not string"},
		{"two values", `{"title_zh":"茶叶"} {}`, Trailing, "", "holds more than one JSON value"},
		{"trailing text", `{"title_zh":"茶叶"} x`, Trailing, "", "holds more than one JSON value"},
		{"not JSON", `code=DB33/T+1234`, Malformed, "", "is not well-formed JSON"},
		{"cut short", `{"title_zh":"茶`, Malformed, "", "is not well-formed JSON"},
		{"empty", ``, Malformed, "", "is not well-formed JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in input
			err := Unmarshal([]byte(tc.body), &in)
			if err == nil {
				t.Fatalf("%s decoded as %+v", tc.body, in)
			}
			got := Explain(err)
			if got.Kind != tc.kind || got.Field != tc.field || got.Message.String() != tc.message {
				t.Errorf("Explain(%v) = %v %q %q, want %v %q %q", err, got.Kind, got.Field, got.Message, tc.kind, tc.field, tc.message)
			}
		})
	}
}

func TestUnmarshalIntoAMapChecksNestedValues(t *testing.T) {
	for _, body := range []string{
		`{"designations":[{"type":"a","type":"b"}]}`,
		"{\"adopts\":[{\"code\":\"ISO\xff\"}]}",
		`{"title_zh":"\udc00"}`,
	} {
		var m map[string]any
		if err := Unmarshal([]byte(body), &m); err == nil {
			t.Errorf("%q decoded into a map: %v", body, m)
		}
	}
}
