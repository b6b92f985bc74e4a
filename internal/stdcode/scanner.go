package stdcode

// scanner walks folded text (see fold) one byte at a time. Every method is
// safe at the end of the text, so no input can make the parser index out of
// range.
type scanner struct {
	s string
	i int
}

func (sc *scanner) eof() bool { return sc.i >= len(sc.s) }

// peek returns the next byte, or 0 at the end.
func (sc *scanner) peek() byte {
	if sc.eof() {
		return 0
	}
	return sc.s[sc.i]
}

// accept consumes c if it is next.
func (sc *scanner) accept(c byte) bool {
	if sc.peek() == c && c != 0 {
		sc.i++
		return true
	}
	return false
}

// run consumes the longest run of bytes satisfying ok.
func (sc *scanner) run(ok func(byte) bool) string {
	start := sc.i
	for !sc.eof() && ok(sc.s[sc.i]) {
		sc.i++
	}
	return sc.s[start:sc.i]
}

func (sc *scanner) letters() string { return sc.run(isLetter) }
func (sc *scanner) digits() string  { return sc.run(isDigit) }
func (sc *scanner) alnums() string  { return sc.run(isAlnum) }

// done is the text consumed so far, for error messages.
func (sc *scanner) done() string { return shown(sc.s[:sc.i]) }

// rest is the text not yet consumed, for error messages.
func (sc *scanner) rest() string { return shown(sc.s[sc.i:]) }
