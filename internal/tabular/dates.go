package tabular

import (
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// parseDate reads a day as people write it in spreadsheets: 2021-06-20,
// 2021/6/20, 2021.06.20, 2021年6月20日 and 20210620. A time after the day
// (2021-06-20 00:00, 2021-06-20T00:00:00Z) is ignored: the registry keeps
// days. "" is no date. A day outside the registry's calendar
// (standard.Date.Check) is an error, as in a body.
func parseDate(s string) (standard.Date, error) {
	if s == "" {
		return standard.Date{}, nil
	}
	if d, ok := scanDate(narrowDigits(s)); ok {
		if err := d.Check(); err != nil {
			return standard.Date{}, err
		}
		return d, nil
	}
	return standard.Date{}, fault.Msg("%q is not a date; write it as YYYY-MM-DD", s)
}

// scanDate parses by hand rather than with time.Parse per layout: every
// date cell of a large import goes through it.
func scanDate(s string) (standard.Date, bool) {
	if len(s) == 8 && allDigits(s) { // 20210620
		return validDate(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]))
	}
	if len(s) < 8 || !allDigits(s[:4]) {
		return standard.Date{}, false
	}
	y, rest := atoi(s[:4]), s[4:]
	sep, rest, ok := cutSeparator(rest, "")
	if !ok {
		return standard.Date{}, false
	}
	m, rest, ok := cutNumber(rest)
	if !ok {
		return standard.Date{}, false
	}
	want := sep
	if sep == "年" {
		want = "月"
	}
	if _, rest, ok = cutSeparator(rest, want); !ok {
		return standard.Date{}, false
	}
	d, rest, ok := cutNumber(rest)
	if !ok {
		return standard.Date{}, false
	}
	if sep == "年" && len(rest) >= len("日") && rest[:len("日")] == "日" {
		rest = rest[len("日"):]
	}
	if rest != "" && rest[0] != ' ' && rest[0] != 'T' { // a time of day may follow
		return standard.Date{}, false
	}
	return validDate(y, m, d)
}

// cutSeparator removes one date separator; with want set, only that one.
func cutSeparator(s, want string) (string, string, bool) {
	for _, sep := range []string{"-", "/", ".", "年", "月"} {
		if (want == "" && sep != "月" || sep == want) && len(s) >= len(sep) && s[:len(sep)] == sep {
			return sep, s[len(sep):], true
		}
	}
	return "", s, false
}

// cutNumber removes a one- or two-digit month or day.
func cutNumber(s string) (int, string, bool) {
	n := 0
	for n < len(s) && n < 2 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return 0, s, false
	}
	return atoi(s[:n]), s[n:], true
}

// validDate rejects days that do not exist (2021-02-29, 2021-13-01).
func validDate(y, m, d int) (standard.Date, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1000 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return standard.Date{}, false
	}
	return standard.DateOf(t), true
}

// excelSerialDate reads a date cell of a workbook, which holds the number of
// days since 1899-12-30 (or 1904-01-01) whatever format Excel displays it
// in. Only serials from 10000 (1927-05-18) to the year 9999 count: a
// smaller number in a date column is a year or a slip (2021 would be a day
// in 1905), and a day written as digits (20210620) is longer.
func excelSerialDate(s string, date1904 bool) (standard.Date, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 10000 || f >= 2958466 || !allDigitsOrDot(s) {
		return standard.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(f, date1904)
	if err != nil {
		return standard.Date{}, false
	}
	return standard.DateOf(t), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func allDigitsOrDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}

// atoi converts digits already checked by the caller.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// narrowDigits turns full-width digits and separators (２０２１－０６－２０,
// as an input method in full-width mode types them) into ASCII.
func narrowDigits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= '\uff01' && r <= '\uff5e' }) {
		return s
	}
	return width.Narrow.String(s)
}
