package feed

import "testing"

// TestCursorRoundTrip: every position's cursor reads back as the
// position, the beginning is the empty cursor, and cursors keep the
// feed's order in their positions.
func TestCursorRoundTrip(t *testing.T) {
	for _, p := range []Position{{}, {1, 1}, {1, 2}, {17, 290}, {1 << 40, 1<<62 + 5}} {
		got, err := ParseCursor(p.Cursor())
		if err != nil || got != p {
			t.Errorf("ParseCursor(%q) = %+v, %v; want %+v", p.Cursor(), got, err, p)
		}
	}
	if (Position{}).Cursor() != "" {
		t.Errorf("the beginning's cursor is %q, want empty", Position{}.Cursor())
	}
	if !(Position{1, 9}).Before(Position{2, 3}) || !(Position{2, 3}).Before(Position{2, 4}) || (Position{2, 4}).Before(Position{2, 4}) {
		t.Error("Before does not order by commit, then by change")
	}
	for _, bad := range []string{"x", "YzEuMS4", "YzEuMS4x=", "YzEuMC4x", "YzEuMS4w", "YzIuMS4x", "Yz.x"} {
		if _, err := ParseCursor(bad); err == nil {
			t.Errorf("ParseCursor(%q) accepted a cursor the feed never gives", bad)
		}
	}
}
