package tabular

import (
	"fmt"
	"strconv"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// Lists are written joined by "; " and read split on the separators people
// use: ";" and "," and their full-width forms "；" and "，", the enumeration
// comma "、" (安吉县竹产业协会、浙江大学), and line breaks (one item per line).
// Items are trimmed and empty ones dropped, so a trailing separator does no
// harm. No item of a list the registry keeps (ICS classes, standard
// numbers, unit names, certificate references) contains one.
const listSep = "; "

func splitList(s string) []string {
	var out []string
	for s != "" {
		i, size := listSeparator(s)
		if item := strings.TrimSpace(s[:i]); item != "" {
			out = append(out, item)
		}
		s = s[i+size:]
	}
	return out
}

// listSeparator finds the first separator and its length in bytes, or
// len(s) and 0. A byte loop: strings.IndexAny is slow with multi-byte
// runes in its set, and every list cell of an import goes through here.
func listSeparator(s string) (int, int) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ';', ',', '\n', '\r':
			return i, 1
		case 0xEF, 0xE3: // the lead byte of "；", "，" and "、"
			for _, sep := range wideSeparators {
				if strings.HasPrefix(s[i:], sep) {
					return i, len(sep)
				}
			}
		}
	}
	return len(s), 0
}

// wideSeparators are the multi-byte list separators.
var wideSeparators = [...]string{"；", "，", "、"}

func joinList(items []string) string { return strings.Join(items, listSep) }

// Parts inside an item (a designation's type, year and reference; an
// adoption's number and degree) are separated by "|" or the full-width "｜".
// A colon cannot serve: it appears inside ISO numbers (ISO 9001:2015).
func splitParts(item string, n int) []string {
	parts := strings.SplitN(strings.ReplaceAll(item, "｜", "|"), "|", n)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// parseDesignations reads `type|year|reference` items, e.g.
// "made_in_zhejiang|2019; 浙江标准|2022|浙市监标〔2022〕5号". The type may be
// the API value or its Chinese label; year and reference are optional.
func parseDesignations(s string, fe *fault.FieldErrors) []standard.Designation {
	var out []standard.Designation
	for i, item := range splitList(s) {
		field := fmt.Sprintf("designations[%d]", i)
		parts := splitParts(item, 3)
		var d standard.Designation
		t, err := designationLabels.parse(parts[0])
		switch {
		case parts[0] == "":
			fe.Add(field+".type", "the item %q has no type before its first |", item)
		case err != nil:
			fe.Add(field+".type", "%s", err)
		}
		d.Type = standard.DesignationType(t)
		if len(parts) > 1 && parts[1] != "" {
			y, err := strconv.Atoi(strings.TrimSuffix(parts[1], "年"))
			if err != nil {
				fe.Add(field+".year", "%q is not a year such as 2023", parts[1])
			}
			d.Year = y
		}
		if len(parts) > 2 {
			d.Reference = parts[2]
		}
		out = append(out, d)
	}
	return out
}

// formatDesignations writes the shortest form that reads back the same.
func formatDesignations(ds []standard.Designation) string {
	items := make([]string, len(ds))
	for i, d := range ds {
		item := string(d.Type)
		switch {
		case d.Reference != "":
			item += "|" + yearText(d.Year) + "|" + d.Reference
		case d.Year != 0:
			item += "|" + yearText(d.Year)
		}
		items[i] = item
	}
	return joinList(items)
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// parseAdopts reads `code|degree` items, e.g. "ISO 9001:2015|IDT". A
// missing degree is left empty for the domain to report.
func parseAdopts(s string, fe *fault.FieldErrors) []standard.Adoption {
	var out []standard.Adoption
	for i, item := range splitList(s) {
		parts := splitParts(item, 2)
		a := standard.Adoption{Code: parts[0]}
		if len(parts) > 1 {
			d, err := degreeLabels.parse(parts[1])
			if err != nil {
				fe.Add(fmt.Sprintf("adopts[%d].degree", i), "%s", err)
			}
			a.Degree = standard.Degree(d)
		}
		out = append(out, a)
	}
	return out
}

func formatAdopts(as []standard.Adoption) string {
	items := make([]string, len(as))
	for i, a := range as {
		items[i] = a.Code
		if a.Degree != "" {
			items[i] += "|" + string(a.Degree)
		}
	}
	return joinList(items)
}
