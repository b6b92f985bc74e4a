package httpapi_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// corpusStandard is what one row of a catalogue must become: found by its
// number, or by its title when it has none.
type corpusStandard struct {
	code, title  string
	kind, stage  string
	history      string // to@day of each move, oldest first
	effective    string
	organization string // the owner's name and kind, "name/kind"; "" for none
	units        []string
	filing       string
}

// TestCatalogueCorpus imports each catalogue of testdata/catalogues, as the
// national, local, group and enterprise platforms list standards and as an
// institute keeps its plan, into an empty registry on each database, with
// create_organizations=true and mode=skip_invalid; then checks the report
// row by row, and each standard's stage, days, history and organization.
func TestCatalogueCorpus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, contentType string
		counts            [5]int // rows, created, updated, unchanged, rejected
		orgsCreated       int
		ignored           []string
		problems          []string // "row field message"
		standards         []corpusStandard
	}{
		{
			file: "national-platform.csv", contentType: csvType, counts: [5]int{6, 6, 0, 0, 0},
			ignored: []string{"序号", "主管部门", "备注"},
			standards: []corpusStandard{
				{code: "GB 17761—2018", kind: "national", stage: "published", history: "published@2018-05-15", effective: "2019-04-15"},
				{code: "GB 17761—1999", kind: "national", stage: "withdrawn", history: "published@1999-05-07 withdrawn@2019-04-15", effective: "1999-10-01"},
				{code: "GB/T 19001—2008", kind: "national", stage: "withdrawn", history: "published@2008-10-29 withdrawn@2017-07-01", effective: "2009-03-01"},
				{code: "GB/T 46001—2026", kind: "national", stage: "published", history: "published@2026-09-29", effective: "2027-04-01"},
			},
		},
		{
			file: "local-platform-gb18030.csv", contentType: csvType, counts: [5]int{4, 4, 0, 0, 0},
			ignored: []string{"序号", "备注"},
			standards: []corpusStandard{
				{code: "DB33/T 2349—2021", kind: "local", stage: "published", history: "published@2021-06-20", effective: "2021-07-20",
					units: []string{"浙江省标准化研究院", "浙江省大数据发展管理局"}, filing: "33-2021-0521"},
				{code: "DB33/T 1000—2015", kind: "local", stage: "withdrawn", history: "published@2015-04-01 withdrawn@2021-06-20", effective: "2015-05-01",
					units: []string{"浙江省茶叶研究院", "浙江大学"}, filing: "33-2015-0107"},
				{code: "DB3301/T 0001—2022", kind: "local", stage: "published", history: "published@2022-03-01", effective: "2022-04-01",
					units: []string{"杭州市数据资源管理局", "杭州市标准化研究院"}, filing: "3301-2022-0001"},
				{code: "DB33/T 2601—2026", kind: "local", stage: "published", history: "published@2026-10-20", effective: "2027-01-20",
					units: []string{"浙江省住房和城乡建设厅"}, filing: "33-2026-0733"},
			},
		},
		{
			file: "group-platform.xlsx", contentType: xlsxType, counts: [5]int{4, 4, 0, 0, 0}, orgsCreated: 3,
			ignored: []string{"序号"},
			standards: []corpusStandard{
				{code: "T/ZZB 0123—2019", kind: "group", stage: "published", history: "published@2019-05-30", effective: "2019-06-30", organization: "浙江省品牌建设联合会/association"},
				{code: "T/ZZB 2001—2023", kind: "group", stage: "published", history: "published@2023-03-01", effective: "2023-04-01", organization: "浙江省品牌建设联合会/association"},
				{code: "T/AJZC 0001—2024", kind: "group", stage: "published", history: "published@2024-01-10", effective: "2024-02-10", organization: "安吉县竹产业协会/association"},
				{code: "T/ZJCY 0005—2020", kind: "group", stage: "published", history: "published@2020-09-01", effective: "2020-10-01", organization: "浙江省茶叶产业协会/association"},
			},
		},
		{
			file: "enterprise-platform.csv", contentType: csvType, counts: [5]int{5, 3, 0, 0, 2}, orgsCreated: 2,
			ignored: []string{"公开时间"},
			problems: []string{
				"5 published_on 2030-01-01 is in the future",
				"6 organization_credit_code check character should be 'C', not 'X'",
			},
			standards: []corpusStandard{
				{code: "Q/ALB 0001—2023", kind: "enterprise", stage: "published", history: "published@2023-03-01", organization: "阿里巴巴（中国）网络技术有限公司/enterprise"},
				{code: "Q/DYRJ 0001—2022", kind: "enterprise", stage: "published", history: "published@2022-08-15", organization: "浙江德永软件股份有限公司/enterprise"},
				{code: "Q/DYRJ 0002—2020", kind: "enterprise", stage: "withdrawn", history: "published@2020-05-10 withdrawn@2024-01-01", organization: "浙江德永软件股份有限公司/enterprise"},
			},
		},
		{
			file: "institute-plan.xlsx", contentType: xlsxType, counts: [5]int{7, 6, 0, 0, 1}, orgsCreated: 1,
			ignored:  []string{"序号", "备注"},
			problems: []string{"8 published_on 2025-03-01 is before the project's approval on 2025-06-01"},
			standards: []corpusStandard{
				{title: "西湖龙井茶 加工技术规程", kind: "local", stage: "drafting", history: "proposal@ drafting@2025-03-15",
					organization: "浙江省标准化研究院/institute", units: []string{"浙江省茶叶研究院", "杭州市农业科学研究院"}},
				{title: "安吉白茶 栽培技术规程", kind: "local", stage: "consultation", history: "proposal@ drafting@2025-01-10 consultation@",
					organization: "浙江省标准化研究院/institute", units: []string{"安吉县农业农村局"}},
				{title: "竹材 碳汇计量方法", kind: "local", stage: "review", history: "proposal@ drafting@2024-11-01 consultation@ review@",
					organization: "浙江省标准化研究院/institute", units: []string{"浙江农林大学", "安吉县竹产业协会"}},
				{title: "电动自行车 充电设施 安全要求", kind: "local", stage: "approval", history: "proposal@ drafting@2024-09-01 consultation@ review@ approval@2026-03-01",
					organization: "浙江省标准化研究院/institute", units: []string{"浙江省产品质量安全科学研究院"}},
				{code: "DB33/T 2700—2026", kind: "local", stage: "published",
					history:      "proposal@ drafting@2025-02-01 consultation@ review@ approval@2026-01-10 published@2026-05-20",
					organization: "浙江省标准化研究院/institute", units: []string{"浙江省农业农村厅"}},
				{title: "城市绿道 建设规范", kind: "local", stage: "terminated", history: "proposal@ drafting@2023-04-01 terminated@",
					organization: "浙江省标准化研究院/institute", units: []string{"浙江省建设厅"}},
			},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			file, err := os.ReadFile(filepath.Join("testdata", "catalogues", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			each(t, func(t *testing.T, c *client) {
				report := importReport(t, c, "create_organizations=true&mode=skip_invalid", tc.contentType, file)
				if counts(report) != tc.counts || report.OrganizationsCreated != tc.orgsCreated || !report.Written {
					t.Errorf("report: %v, %d organizations created, written %v; want %v, %d, true",
						counts(report), report.OrganizationsCreated, report.Written, tc.counts, tc.orgsCreated)
				}
				if d := cmp.Diff(tc.ignored, report.IgnoredColumns); d != "" {
					t.Errorf("ignored_columns (-want +got):\n%s", d)
				}
				if d := cmp.Diff(tc.problems, problemLines(report)); d != "" {
					t.Errorf("problems (-want +got):\n%s", d)
				}
				for _, want := range tc.standards {
					st := corpusFind(t, c, want)
					if st.ID == "" {
						continue
					}
					got := corpusStandard{code: want.code, title: want.title, kind: st.Kind, stage: st.Stage,
						history: corpusHistory(t, c, st.ID), effective: deref(st.EffectiveOn), units: st.DraftingUnits, filing: st.FilingNumber}
					if st.Organization != nil {
						got.organization = st.Organization.Name + "/" + st.Organization.Kind
					}
					if want.units == nil {
						want.units = []string{}
					}
					if d := cmp.Diff(want, got, cmp.AllowUnexported(corpusStandard{})); d != "" {
						t.Errorf("%s%s (-want +got):\n%s", want.code, want.title, d)
					}
				}
				// The same file again changes nothing.
				again := importReport(t, c, "create_organizations=true&mode=skip_invalid", tc.contentType, file)
				if want := [5]int{tc.counts[0], 0, 0, tc.counts[1], tc.counts[4]}; counts(again) != want || again.OrganizationsCreated != 0 {
					t.Errorf("the same file again: %v, %d organizations created; want %v, 0", counts(again), again.OrganizationsCreated, want)
				}
			})
		})
	}
}

// corpusFind reads the standard a corpus row became, with its organization.
func corpusFind(t *testing.T, c *client, want corpusStandard) httpapi.StandardResponse {
	t.Helper()
	if want.code != "" {
		r := c.do(http.MethodGet, "/api/v1/standards/lookup?include=organization&code="+url.QueryEscape(want.code), nil)
		if r.Code != http.StatusOK {
			t.Errorf("%s: %d %s", want.code, r.Code, r.Body)
			return httpapi.StandardResponse{}
		}
		var st httpapi.StandardResponse
		r.decode(t, &st)
		return st
	}
	var list httpapi.StandardList
	c.do(http.MethodGet, "/api/v1/standards?include=organization&q="+url.QueryEscape(want.title), nil).decode(t, &list)
	for _, st := range list.Items {
		if st.TitleZH == want.title {
			return st
		}
	}
	t.Errorf("no standard is titled %s", want.title)
	return httpapi.StandardResponse{}
}

// corpusHistory is a standard's history as to@day of each move.
func corpusHistory(t *testing.T, c *client, id string) string {
	t.Helper()
	var history httpapi.TransitionList
	c.do(http.MethodGet, "/api/v1/standards/"+id+"/transitions", nil).decode(t, &history)
	var moves []string
	for _, m := range history.Items {
		moves = append(moves, m.To+"@"+deref(m.OccurredOn))
	}
	return strings.Join(moves, " ")
}
