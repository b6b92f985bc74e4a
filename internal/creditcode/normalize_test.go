package creditcode

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"canonical unchanged", "9144030071526726XG", "9144030071526726XG"},
		{"empty", "", ""},
		{"only spaces", " \t\u3000 ", ""},
		{"ASCII spaces trimmed", "  914403001922038216 ", "914403001922038216"},
		{"tabs and line breaks trimmed", "\t914403001922038216\r\n", "914403001922038216"},
		{"ideographic spaces trimmed", "\u3000914403001922038216\u3000\u3000", "914403001922038216"},
		{"inner space kept for Validate to reject", "914403 001922038216", "914403 001922038216"},
		{"lower case upper-cased", "9144030071526726xg", "9144030071526726XG"},
		{"full-width digits folded", "９１４４０３００１９２２０３８２１６", "914403001922038216"},
		{"full-width upper-case letters folded", "９１４４０３００７１５２６７２６ＸＧ", "9144030071526726XG"},
		{"full-width lower-case letters folded and upper-cased", "９１４４０３００７１５２６７２６ｘｇ", "9144030071526726XG"},
		{"mixed widths and spaces", "\u3000９１４４０３００71526726ｘG ", "9144030071526726XG"},
		{"full-width punctuation left alone", "９１－", "91－"},
		{"non-ASCII letters not upper-cased", "ıſé", "ıſé"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Normalize(tc.in)
			if got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("Normalize is not idempotent: Normalize(%q) = %q", got, again)
			}
		})
	}
}

func TestNormalizeThenValidate(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"full width with ideographic spaces", "\u3000９１４４０３００１９２２０３８２１６\u3000"},
		{"full width with letters", "９１４４０３００７１５２６７２６ＸＧ"},
		{"lower case with spaces", " 9144030071526726xg "},
		{"full-width lower case", "１２１０００００４０００００６２４ｄ"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := Validate(tc.in); err == nil {
				t.Fatalf("Validate(%q) = nil before normalizing, want an error", tc.in)
			}
			if err := Validate(Normalize(tc.in)); err != nil {
				t.Errorf("Validate(Normalize(%q)) = %v, want nil", tc.in, err)
			}
		})
	}
}
