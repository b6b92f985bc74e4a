package standard

import "testing"

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e":          true,
		"01936F3E-7A52-7CC1-8D1E-9F1A2B3C4D5E":          false,
		"{01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e}":        false,
		"urn:uuid:01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e": false,
		"01936f3e7a527cc18d1e9f1a2b3c4d5e":              false,
		"浙江省标准化研究院":                                     false,
		"":                                              false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
		}
	}
}
