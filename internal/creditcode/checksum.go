package creditcode

import "strings"

// alphabet holds the 31 characters a code may use, in the order that gives
// each its numeric value (the value of a character is its index). GB
// 32100-2015 leaves out I, O, S, V and Z because they are easily confused
// with 1, 0, 5, U and 2 when written by hand or read by OCR.
const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// modulus is the size of the alphabet. Because 31 is prime and no weight is a
// multiple of it, the check character catches every single-character
// substitution and every swap of two neighbouring characters in the first 17
// positions (their weights differ by a factor of 3, so the swap changes the
// sum).
const modulus = len(alphabet)

// weights[i] is the weight of the character at position i+1, 3^i mod 31, as
// tabulated in GB 32100-2015. A test recomputes the powers so a typo here
// cannot go unnoticed.
var weights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// value returns the numeric value of r, or -1 if r is not in the alphabet.
func value(r rune) int {
	if r >= 0x80 {
		return -1 // keeps IndexByte from matching a truncated rune
	}
	return strings.IndexByte(alphabet, byte(r))
}

// checkChar computes the check character for the first 17 characters of a
// code. Every character of body must be in the alphabet.
func checkChar(body []rune) rune {
	sum := 0
	for i, r := range body[:len(weights)] {
		sum += value(r) * weights[i]
	}
	// check = 31 - (sum mod 31), where a result of 31 is written as 0.
	return rune(alphabet[(modulus-sum%modulus)%modulus])
}
