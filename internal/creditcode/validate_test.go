package creditcode

import (
	"strings"
	"testing"
)

// realCodes are public unified social credit codes of well-known Chinese
// companies and institutions, as printed on their business licences and
// invoices and listed in public company registries. They are not derived
// from this package: each was recalled and then kept only because it passes
// both the GB 32100-2015 check character and, independently, the GB 11714
// check digit of the organization code in positions 9 to 17 (see
// TestRealCodesAreConsistent), which a mistyped code would pass by chance
// only about once in 341 tries.
var realCodes = []struct {
	name string
	code string
}{
	{"Huawei Technologies Co., Ltd. (华为技术有限公司)", "914403001922038216"},
	{"Tencent Technology (Shenzhen) Co., Ltd. (腾讯科技（深圳）有限公司)", "9144030071526726XG"},
	{"Shenzhen Tencent Computer Systems Co., Ltd. (深圳市腾讯计算机系统有限公司)", "91440300708461136T"},
	{"Alibaba (China) Network Technology Co., Ltd. (阿里巴巴（中国）网络技术有限公司)", "91330100716105852F"},
	{"Xiaomi Technology Co., Ltd. (小米科技有限责任公司)", "91110108551385082Q"},
	{"Beijing Baidu Netcom Science and Technology Co., Ltd. (北京百度网讯科技有限公司)", "91110000802100433B"},
	{"Industrial and Commercial Bank of China Ltd. (中国工商银行股份有限公司)", "91100000100003962T"},
	{"SAIC Motor Corporation Ltd. (上海汽车集团股份有限公司)", "91310000132260250X"},
	{"Tsinghua University (清华大学)", "12100000400000624D"},
	{"Beijing Institute of Technology (北京理工大学)", "12100000400009127B"},
	// A Shanghai university's code; sources disagree on whether it belongs
	// to 上海交通大学 or 复旦大学, but it is a published code and the only
	// real one here whose check character is '0', i.e. whose weighted sum is
	// a multiple of 31 (the "31 maps to 0" case).
	{"a Shanghai university (check character 0)", "1210000042500615X0"},
	{"BIT Education Foundation (北京理工大学教育基金会), a civil-affairs foundation", "53100000500021676K"},
}

func TestValidateAcceptsRealCodes(t *testing.T) {
	for _, tc := range realCodes {
		t.Run(tc.name, func(t *testing.T) {
			if err := Validate(tc.code); err != nil {
				t.Errorf("Validate(%q) = %v, want nil", tc.code, err)
			}
		})
	}
}

// TestRealCodesAreConsistent cross-checks the fixtures without using the
// package's own check-character code: a valid code satisfies
// Σ value(c_i)·3^(i-1) + value(c_18) ≡ 0 (mod 31), and its positions 9 to 17
// are a GB 11714 organization code with its own mod-11 check digit.
func TestRealCodesAreConsistent(t *testing.T) {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for _, tc := range realCodes {
		t.Run(tc.name, func(t *testing.T) {
			sum, w := 0, 1
			for i := 0; i < 17; i++ {
				sum += strings.IndexByte(chars, tc.code[i]) * w
				w = w * 3 % 31
			}
			sum += strings.IndexByte(chars, tc.code[17])
			if sum%31 != 0 {
				t.Errorf("weighted sum of %q is %d, not a multiple of 31", tc.code, sum)
			}
			if got, want := gb11714Check(tc.code[8:16]), tc.code[16]; got != want {
				t.Errorf("organization code %s has check digit %c, GB 11714 gives %c", tc.code[8:17], want, got)
			}
		})
	}
}

// gb11714Check computes the check digit of an 8-character organization code
// body (GB 11714-1997: weights 3 7 9 10 5 8 4 2, check = 11 - sum mod 11,
// with 10 written X and 11 written 0).
func gb11714Check(body string) byte {
	w := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
		}
		sum += v * w[i]
	}
	switch k := 11 - sum%11; k {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + k)
	}
}

// withChar returns code with the character at 1-based position pos replaced
// by r.
func withChar(code string, pos int, r rune) string {
	runes := []rune(code)
	runes[pos-1] = r
	return string(runes)
}

func TestValidateRejects(t *testing.T) {
	const huawei = "914403001922038216"
	const tencent = "9144030071526726XG"
	tests := []struct {
		name string
		code string
		want string
	}{
		{"empty", "", "must be 18 characters, got 0"},
		{"one character short", huawei[:17], "must be 18 characters, got 17"},
		{"one character long", huawei + "0", "must be 18 characters, got 19"},
		{"15-digit business registration number", "110108000673293", "must be 18 characters, got 15"},
		{"surrounding space not normalized", " " + huawei, "must be 18 characters, got 19"},
		{"letter I", withChar(huawei, 5, 'I'), "character 'I' at position 5 is not allowed"},
		{"letter O", withChar(huawei, 12, 'O'), "character 'O' at position 12 is not allowed"},
		{"letter S", withChar(huawei, 18, 'S'), "character 'S' at position 18 is not allowed"},
		{"letter V", withChar(huawei, 9, 'V'), "character 'V' at position 9 is not allowed"},
		{"letter Z", withChar(huawei, 1, 'Z'), "character 'Z' at position 1 is not allowed"},
		{"hyphen", withChar(huawei, 9, '-'), "character '-' at position 9 is not allowed"},
		{"lower-case check character", tencent[:17] + "g", "character 'g' at position 18 must be upper case"},
		{"lower-case letters", strings.ToLower(tencent), "character 'x' at position 17 must be upper case"},
		{"lower-case forbidden letter", withChar(huawei, 10, 'i'), "character 'i' at position 10 is not allowed"},
		{"full-width digit not normalized", withChar(huawei, 3, '４'), "character '４' at position 3 is not allowed"},
		{"ideographic space inside", withChar(huawei, 9, '\u3000'), `character '\u3000' at position 9 is not allowed`},
		{"unassigned authority 0", withChar(huawei, 1, '0'), "character '0' at position 1 is not an assigned registration authority code"},
		{"unassigned authority B", withChar(huawei, 1, 'B'), "character 'B' at position 1 is not an assigned registration authority code"},
		{"letter in division code", withChar(huawei, 4, 'A'), "character 'A' at position 4 must be a digit, as positions 3 to 8 hold the administrative division code"},
		{"letter at end of division code", withChar(tencent, 8, 'X'), "character 'X' at position 8 must be a digit, as positions 3 to 8 hold the administrative division code"},
		{"wrong check digit", withChar(huawei, 18, '7'), "check character should be '6', not '7'"},
		{"wrong check letter", withChar(tencent, 18, 'H'), "check character should be 'G', not 'H'"},
		{"check 0 written as Y", withChar("1210000042500615X0", 18, 'Y'), "check character should be '0', not 'Y'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.code)
			if err == nil {
				t.Fatalf("Validate(%q) = nil, want %q", tc.code, tc.want)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("Validate(%q) = %q, want %q", tc.code, got, tc.want)
			}
		})
	}
}

// TestValidateCatchesTypos checks the claim that the check character detects
// every single-character substitution and every swap of neighbouring
// characters in a real code.
func TestValidateCatchesTypos(t *testing.T) {
	for _, tc := range realCodes {
		t.Run(tc.name, func(t *testing.T) {
			for pos := 1; pos <= 18; pos++ {
				for _, r := range alphabet {
					if r == rune(tc.code[pos-1]) {
						continue
					}
					if typo := withChar(tc.code, pos, r); Validate(typo) == nil {
						t.Errorf("Validate(%q) = nil for a substitution at position %d", typo, pos)
					}
				}
			}
			// Swaps that involve the check character itself are not covered.
			for pos := 1; pos < 17; pos++ {
				a, b := tc.code[pos-1], tc.code[pos]
				if a == b {
					continue
				}
				swapped := withChar(withChar(tc.code, pos, rune(b)), pos+1, rune(a))
				if Validate(swapped) == nil {
					t.Errorf("Validate(%q) = nil for a swap at positions %d and %d", swapped, pos, pos+1)
				}
			}
		})
	}
}
