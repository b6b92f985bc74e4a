package tabular

import (
	"strings"
	"testing"
)

// TestHeaderBelowTitleRows: a listing may open with its title and a note,
// and head its columns over two rows (日期 above 发布日期 and 实施日期).
func TestHeaderBelowTitleRows(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		firstRow   int
		published  string
		ignored    []string
	}{
		{"title and a note", "浙江省地方标准目录,,,\r\n更新日期：2024-05-01,,,\r\n序号,标准号,标准名称,发布日期\r\n1,DB33/T 2349—2021,数字化改革 术语定义,2021-06-20\r\n",
			4, "2021-06-20", []string{"序号"}},
		{"two header rows", "序号,标准号,标准名称,日期,\r\n,,,发布日期,实施日期\r\n1,DB33/T 2349—2021,数字化改革 术语定义,2021-06-20,2021-07-20\r\n",
			3, "2021-06-20", []string{"序号"}},
		{"one header row, the data right below", "标准号,标准名称,发布日期\r\nDB33/T 2349—2021,数字化改革 术语定义,2021-06-20\r\n",
			2, "2021-06-20", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tc.file), CSV)
			if err != nil {
				t.Fatal(err)
			}
			row, err := r.Next()
			if err != nil || row.Err != nil {
				t.Fatalf("first row: %v %v", err, row.Err)
			}
			if row.Number != tc.firstRow || row.Standard.Code != "DB33/T 2349—2021" || row.Standard.PublishedOn.String() != tc.published {
				t.Errorf("first row %d: %q published %s; want row %d, published %s", row.Number, row.Standard.Code, row.Standard.PublishedOn, tc.firstRow, tc.published)
			}
			if d := diff(tc.ignored, r.IgnoredColumns()); d != "" && len(tc.ignored)+len(r.IgnoredColumns()) > 0 {
				t.Errorf("ignored columns (-want +got):\n%s", d)
			}
		})
	}
}
