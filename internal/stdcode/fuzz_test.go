package stdcode

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks the parser's promises on any input: it never panics, a
// failure is a *ParseError with a reason, and a success reads back the same
// from its own Normalized and Display forms, so a stored number is always
// found again. Seeds live in testdata/fuzz/FuzzParse as well.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"GB 17761—2018", "GB/T 1.1—2020", "GB/Z 20000.1—2014", "JB/T 10000—2018", "YY 0505—2012",
		"DB33/T 2349—2021", "DB33/ 1234-2020", "DB3301/T 0001—2022", "T/ZZB 0001—2018", "T/AB12 0001-2018",
		"Q/XYZ 0001S—2020", "ISO 4210-2:2015", "IEC 60335-1-2020", "ISO/IEC TR 20000-11:2015",
		"GB/T 19001—2016/ISO 9001:2015", "GB/T 19001-2016(ISO 9001:2015,IDT)", "ＧＢ／Ｔ　１９００１－２０１６",
		"GB / T 1.1 -- 2020", "gb 1234-89", "", "GB 17761-3025", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error is %T, want *ParseError", s, err)
			}
			if pe.Reason.IsZero() || pe.Input != s {
				t.Fatalf("Parse(%q) gave a bad ParseError %+v", s, pe)
			}
			return
		}
		checkCode(t, s, c)
		if c.Adopted != nil {
			if c.Adopted.Kind != KindInternational || c.Adopted.Adopted != nil {
				t.Fatalf("Parse(%q) adopted %+v, want one international number", s, c.Adopted)
			}
			checkCode(t, s, *c.Adopted)
		}

		// The normalized form is the Chinese (or international) number alone.
		n, err := Parse(c.Normalized)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its Normalized %q fails: %v", s, c.Normalized, err)
		}
		if n.Normalized != c.Normalized || n.Kind != c.Kind || n.Nature != c.Nature ||
			n.Prefix != c.Prefix || n.Number != c.Number || n.Year != c.Year || n.Adopted != nil {
			t.Fatalf("Parse(%q) = %+v\nbut Parse(Normalized %q) = %+v", s, c, c.Normalized, n)
		}

		// The display form keeps a double number whole and reads back the same.
		d, err := Parse(c.Display)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its Display %q fails: %v", s, c.Display, err)
		}
		if d.Normalized != c.Normalized || d.Display != c.Display {
			t.Fatalf("Parse(%q) = %q / %q\nbut Parse(Display) = %q / %q", s, c.Normalized, c.Display, d.Normalized, d.Display)
		}
		if (d.Adopted == nil) != (c.Adopted == nil) || d.Adopted != nil && d.Adopted.Normalized != c.Adopted.Normalized {
			t.Fatalf("Parse(%q) adopted %+v, but Parse(Display %q) adopted %+v", s, c.Adopted, c.Display, d.Adopted)
		}
	})
}

// checkCode checks what must hold of any parsed number on its own.
func checkCode(t *testing.T, in string, c Code) {
	t.Helper()
	if !c.Kind.Valid() {
		t.Fatalf("Parse(%q): invalid kind %q", in, c.Kind)
	}
	hasNature := c.Kind == KindNational || c.Kind == KindIndustry || c.Kind == KindLocal
	if hasNature != (c.Nature != "") {
		t.Fatalf("Parse(%q): kind %s with nature %q", in, c.Kind, c.Nature)
	}
	if c.Prefix == "" || c.Number == "" || c.Display == "" {
		t.Fatalf("Parse(%q): empty part in %+v", in, c)
	}
	if c.Year != 0 && (c.Year < minYear || c.Year > maxYear) {
		t.Fatalf("Parse(%q): year %d", in, c.Year)
	}
	for i := 0; i < len(c.Normalized); i++ {
		if b := c.Normalized[i]; b < ' ' || b > '~' || b == longDash {
			t.Fatalf("Parse(%q): normalized %q is not plain ASCII", in, c.Normalized)
		}
	}
	if strings.Contains(c.Normalized, "  ") || strings.TrimSpace(c.Normalized) != c.Normalized {
		t.Fatalf("Parse(%q): normalized %q has stray spaces", in, c.Normalized)
	}
	if !strings.HasPrefix(c.Normalized, c.Prefix+" "+c.Number) {
		t.Fatalf("Parse(%q): normalized %q does not start with prefix and number", in, c.Normalized)
	}
}
