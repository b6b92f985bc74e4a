package store_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/store"
)

// TestDecodeStringsAsJSON: a stored list of strings reads as
// encoding/json reads it, whether read by hand or not, and the lists the
// store writes are read by hand.
func TestDecodeStringsAsJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text string
		byHand     bool
	}{
		{"empty", `[]`, true},
		{"one ICS class", `["67.140.10"]`, true},
		{"drafting units", `["杭州市农业科学研究院","浙江大学","浙江省标准化研究院"]`, true},
		{"replaced numbers", `["DB33/T 1234—2019","GB/T 2014—2005"]`, true},
		{"an empty item", `["",""]`, true},
		{"a comma in an item", `["浙江大学, 宁波分校","温州医科大学"]`, true},
		{"an escaped quote", `["宁波\"舟山\"港"]`, false},
		{"an escaped ampersand", `["R\u0026D 中心"]`, false},
		{"spaces between items", `["a", "b"]`, false},
		{"a space inside the brackets", `[ "a"]`, false},
		{"not closed", `["a","b"`, false},
		{"a number", `[1]`, false},
		{"null", `null`, false},
		{"invalid UTF-8", "[\"\xff\"]", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			wantErr := json.Unmarshal([]byte(tc.text), &want)
			got, byHand, err := store.DecodeStrings(tc.text)
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("err %v, encoding/json's %v", err, wantErr)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-encoding/json +decodeStrings):\n%s", diff)
			}
			if byHand != tc.byHand {
				t.Errorf("read by hand: %v, want %v", byHand, tc.byHand)
			}
		})
	}
}
