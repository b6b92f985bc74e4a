package creditcode

import (
	"strings"
	"testing"
)

func TestWeightsArePowersOfThree(t *testing.T) {
	w := 1
	for i := range weights {
		if weights[i] != w {
			t.Errorf("weights[%d] = %d, want 3^%d mod 31 = %d", i, weights[i], i, w)
		}
		w = w * 3 % 31
	}
}

func TestAlphabet(t *testing.T) {
	if len(alphabet) != 31 {
		t.Fatalf("alphabet has %d characters, want 31", len(alphabet))
	}
	for _, c := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		excluded := strings.ContainsRune("IOSVZ", c)
		if got := value(c) >= 0; got == excluded {
			t.Errorf("value(%q) >= 0 is %v, want %v", c, got, !excluded)
		}
	}
	for i := 1; i < len(alphabet); i++ {
		if alphabet[i-1] >= alphabet[i] {
			t.Errorf("alphabet is not in ascending order at %d", i)
		}
	}
	for _, r := range []rune{'a', '-', ' ', 'Ａ', '\u0139'} {
		if v := value(r); v != -1 {
			t.Errorf("value(%q) = %d, want -1", r, v)
		}
	}
}
