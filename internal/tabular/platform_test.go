package tabular

import (
	"strings"
	"testing"
)

// nationalListing is a listing as the national standards information
// platform (std.samr.gov.cn) exports it: a serial number, the platform's
// own headers, and remarks the registry does not keep.
const nationalListing = "序号,标准号,标准中文名称,标准英文名称,标准状态,发布日期,实施日期,中国标准分类号,国际标准分类号,归口单位,主管部门,备注\r\n" +
	"1,GB 17761—2018,电动自行车安全技术规范,Safety technical specification for electric bicycle,现行,2018-05-15,2019-04-15,Y14,43.150,全国自行车标准化技术委员会,工业和信息化部,强制性国家标准\r\n"

func TestReadIgnoresUnknownColumns(t *testing.T) {
	t.Parallel()
	r, err := NewReader(strings.NewReader(nationalListing), CSV)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff([]string{"序号", "主管部门", "备注"}, r.IgnoredColumns()); d != "" {
		t.Errorf("ignored columns (-want +got):\n%s", d)
	}
	row, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if row.Err != nil {
		t.Fatalf("row refused: %v", row.Err)
	}
	s := row.Standard
	got := []string{s.Code, s.TitleZH, s.TitleEN, s.PublishedOn.String(), s.EffectiveOn.String(), s.CCS, strings.Join(s.ICS, ";"), s.TechnicalCommittee}
	want := []string{"GB 17761—2018", "电动自行车安全技术规范", "Safety technical specification for electric bicycle", "2018-05-15", "2019-04-15", "Y14", "43.150", "全国自行车标准化技术委员会"}
	if d := diff(want, got); d != "" {
		t.Errorf("the platform's columns (-want +got):\n%s", d)
	}
}
