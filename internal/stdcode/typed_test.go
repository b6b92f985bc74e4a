package stdcode

import "testing"

func TestParseTyped(t *testing.T) {
	cases := []struct {
		in, normalized, undated, editions string
	}{
		{"DB33T537", "DB33/T 537", "DB33/T 537", "DB33/T 537-"},
		{"db33t537-2019", "DB33/T 537-2019", "DB33/T 537", "DB33/T 537-"},
		{"gbt19001", "GB/T 19001", "GB/T 19001", "GB/T 19001-"},
		{"ＧＢＴ１９００１—２０１６", "GB/T 19001-2016", "GB/T 19001", "GB/T 19001-"},
		{"GB17761", "GB 17761", "GB 17761", "GB 17761-"},
		{"jbt10001", "JB/T 10001", "JB/T 10001", "JB/T 10001-"},
		{"DB3301T12", "DB3301/T 12", "DB3301/T 12", "DB3301/T 12-"},
		{"GB/T 20000.1-2014", "GB/T 20000.1-2014", "GB/T 20000.1", "GB/T 20000.1-"},
		{"ISO 9001:2015", "ISO 9001:2015", "ISO 9001", "ISO 9001:"},
		{"iso 4210-2", "ISO 4210-2", "ISO 4210-2", "ISO 4210-2:"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			c, err := ParseTyped(tc.in)
			if err != nil {
				t.Fatalf("ParseTyped(%q): %v", tc.in, err)
			}
			if c.Normalized != tc.normalized || c.Undated() != tc.undated || c.EditionPrefix() != tc.editions {
				t.Errorf("ParseTyped(%q) = %q, undated %q, editions %q; want %q, %q, %q",
					tc.in, c.Normalized, c.Undated(), c.EditionPrefix(), tc.normalized, tc.undated, tc.editions)
			}
		})
	}
	for _, in := range []string{"茶叶", "GBT", "GB19001T", "DB33T537-19", "12345", ""} {
		if c, err := ParseTyped(in); err == nil {
			t.Errorf("ParseTyped(%q) = %q, want an error", in, c.Normalized)
		}
	}
}
