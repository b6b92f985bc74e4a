package httpapi_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// platformListing is a listing as the national and local standards
// platforms export it: a serial number, the platforms' own headers, no
// kind column (the number says it), and columns the registry does not keep.
const platformListing = "\ufeff序号,标准号,标准中文名称,标准英文名称,标准状态,发布日期,实施日期,中国标准分类号,国际标准分类号,归口单位,主管部门,备注\r\n" +
	"1,GB 17761—2018,电动自行车安全技术规范,Safety technical specification for electric bicycle,现行,2018-05-15,2019-04-15,Y14,43.150,全国自行车标准化技术委员会,工业和信息化部,强制性国家标准\r\n" +
	"2,DB33/T 2349—2021,数字化改革 术语定义,Digital reform—Terms and definitions,现行,2021-06-20,2021-07-20,A00,01.040.35,浙江省标准化研究院,浙江省市场监督管理局,\r\n"

func TestImportPlatformListing(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		report := importReport(t, c, "", csvType, []byte(platformListing))
		if want := [5]int{2, 2, 0, 0, 0}; counts(report) != want || !report.Written {
			t.Fatalf("report %+v, want rows/created/updated/unchanged/rejected %v and written", report, want)
		}
		if want := []string{"序号", "主管部门", "备注"}; !cmp.Equal(report.IgnoredColumns, want) {
			t.Errorf("ignored_columns %q, want %q", report.IgnoredColumns, want)
		}
		var db33 httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("DB33/T 2349-2021"), nil).decode(t, &db33)
		got := []string{db33.Kind, db33.Stage, db33.TitleEN, db33.CCS, db33.TechnicalCommittee, *db33.PublishedOn}
		want := []string{"local", "published", "Digital reform—Terms and definitions", "A00", "浙江省标准化研究院", "2021-06-20"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("DB33/T 2349—2021 from the platform's columns (-want +got):\n%s", d)
		}
		// Without unknown columns the report still lists them: none.
		again := importReport(t, c, "", csvType, []byte(zhejiangCSV))
		if again.IgnoredColumns == nil || len(again.IgnoredColumns) != 0 {
			t.Errorf("ignored_columns of a file without any: %#v, want []", again.IgnoredColumns)
		}
	})
}
