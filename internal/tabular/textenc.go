package tabular

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// peekSize is how much of a CSV file is examined to tell its encoding.
const peekSize = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText returns the file as UTF-8 text. Chinese Excel saves "CSV" in
// GB18030 (GBK) and "CSV UTF-8" with a BOM; both are common, so the
// encoding is told from the first 64 KiB: a BOM or valid UTF-8 means UTF-8,
// otherwise GB18030 if it decodes cleanly. The bool reports UTF-8 input,
// whose later cells the caller still checks, since only the start was seen.
func decodeText(r io.Reader) (io.Reader, bool, error) {
	br := bufio.NewReaderSize(r, peekSize)
	head, err := br.Peek(peekSize)
	complete := err == io.EOF
	if err != nil && !complete && err != bufio.ErrBufferFull {
		return nil, false, fmt.Errorf("reading the CSV file: %w", err)
	}
	switch {
	case len(head) == 0:
		return nil, false, fileErrorf(0, "the file is empty")
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = br.Discard(len(utf8BOM))
		return br, true, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return nil, false, fileErrorf(0, "the file is UTF-16 text (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" instead")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return nil, false, fileErrorf(0, "not a text file: it looks like an XLSX workbook or another zip archive; send a workbook as xlsx")
	case binary(head):
		return nil, false, fileErrorf(0, "not a text file; send a CSV file saved as UTF-8 or GB18030")
	case validUTF8(head, complete):
		return br, true, nil
	case validGB18030(head, complete):
		return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), false, nil
	}
	return nil, false, fileErrorf(0, "the file is neither UTF-8 nor GB18030 text; save it as \"CSV UTF-8\"")
}

// binary reports control bytes that no text encoding we accept produces:
// NUL, and the C0 controls other than tab, line feed, form feed and
// carriage return. GB18030 and UTF-8 never use them inside a character.
func binary(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' {
			return true
		}
	}
	return false
}

// validUTF8 checks b, allowing the last character to be cut by the peek.
func validUTF8(b []byte, complete bool) bool {
	if !complete {
		b = trimCutRune(b)
	}
	return utf8.Valid(b)
}

func trimCutRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}

// validGB18030 decodes b and reports whether every byte sequence was valid:
// the decoder replaces invalid ones with U+FFFD, which real text does not
// hold. A sequence cut by the peek is not an error.
func validGB18030(b []byte, complete bool) bool {
	dst := make([]byte, 2*len(b)+utf8.UTFMax)
	n, _, err := simplifiedchinese.GB18030.NewDecoder().Transform(dst, b, complete)
	if err != nil && err != transform.ErrShortSrc {
		return false
	}
	return !bytes.Contains(dst[:n], []byte("\uFFFD"))
}
