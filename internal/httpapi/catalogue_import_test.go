package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
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

// institutePlan is an institute's catalogue of projects and standards at
// every stage, with the status words the platforms use and the days that
// date its history.
const institutePlan = "序号,标准号,标准名称,标准类别,标准状态,立项日期,报批日期,发布日期,实施日期,废止日期,起草单位,备注\r\n" +
	"1,,西湖龙井茶 加工技术规程,地方标准,立项,2025-03-15,,,,,浙江省茶叶研究院,\r\n" +
	"2,,安吉白茶 栽培技术规程,地方标准,征求意见,2025-01-10,,,,,安吉县农业农村局,\r\n" +
	"3,,竹材 碳汇计量方法,地方标准,审查,2024-11-01,,,,,浙江农林大学,\r\n" +
	"4,,电动自行车 充电设施 安全要求,地方标准,报批,2024-09-01,2026-03-01,,,,浙江省产品质量安全科学研究院,\r\n" +
	"5,DB33/T 2349—2021,数字化改革 术语定义,地方标准,现行,2020-03-01,2021-03-10,2021-06-20,2021-07-20,,浙江省标准化研究院,\r\n" +
	"6,DB33/T 2601—2026,未来社区 建设指南,地方标准,即将实施,2025-02-01,,2026-10-20,2027-01-20,,浙江省建设厅,\r\n" +
	"7,DB33/T 1000—2015,茶叶 贮存规范,地方标准,被代替,,,2015-04-01,2015-05-01,2021-06-20,浙江省茶叶研究院,被 DB33/T 2349—2021 代替\r\n" +
	"8,GB 17761—1999,电动自行车通用技术条件,国家标准,废止,,,1999-05-07,1999-10-01,2019-04-15,中国标准化研究院,\r\n"

func TestImportStagesAndHistories(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		report := importReport(t, c, "", csvType, []byte(institutePlan))
		if want := [5]int{8, 8, 0, 0, 0}; counts(report) != want || !report.Written {
			t.Fatalf("report %+v, want rows/created/updated/unchanged/rejected %v and written", report, want)
		}
		for _, tc := range []struct {
			q, stage string
			history  string // to@day of each move, oldest first
		}{
			{"西湖龙井茶", "drafting", "proposal@ drafting@2025-03-15"},
			{"安吉白茶", "consultation", "proposal@ drafting@2025-01-10 consultation@"},
			{"竹材 碳汇", "review", "proposal@ drafting@2024-11-01 consultation@ review@"},
			{"充电设施", "approval", "proposal@ drafting@2024-09-01 consultation@ review@ approval@2026-03-01"},
			{"数字化改革 术语定义", "published", "proposal@ drafting@2020-03-01 consultation@ review@ approval@2021-03-10 published@2021-06-20"},
			{"未来社区", "published", "proposal@ drafting@2025-02-01 consultation@ review@ approval@ published@2026-10-20"},
			{"茶叶 贮存规范", "withdrawn", "published@2015-04-01 withdrawn@2021-06-20"},
			{"电动自行车通用技术条件", "withdrawn", "published@1999-05-07 withdrawn@2019-04-15"},
		} {
			var list struct{ Items []httpapi.StandardResponse }
			c.do(http.MethodGet, "/api/v1/standards?q="+url.QueryEscape(tc.q), nil).decode(t, &list)
			if len(list.Items) != 1 {
				t.Errorf("%s: %d standards found, want 1", tc.q, len(list.Items))
				continue
			}
			st := list.Items[0]
			if st.Stage != tc.stage {
				t.Errorf("%s: stage %s, want %s", tc.q, st.Stage, tc.stage)
			}
			var history httpapi.TransitionList
			c.do(http.MethodGet, "/api/v1/standards/"+st.ID+"/transitions", nil).decode(t, &history)
			var got []string
			for _, m := range history.Items {
				day := ""
				if m.OccurredOn != nil {
					day = *m.OccurredOn
				}
				got = append(got, m.To+"@"+day)
			}
			if g := strings.Join(got, " "); g != tc.history {
				t.Errorf("%s: history\n got %s\nwant %s", tc.q, g, tc.history)
			}
		}
		// The drafting cycle is measured for the imported standard: 立项
		// 2020-03-01 to publication 2021-06-20.
		var db33 httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("DB33/T 2349—2021"), nil).decode(t, &db33)
		var cycle struct {
			Months       *float64 `json:"months"`
			WithinTarget *bool    `json:"within_target"`
		}
		c.do(http.MethodGet, "/api/v1/standards/"+db33.ID+"/cycle", nil).decode(t, &cycle)
		if cycle.Months == nil || *cycle.Months < 15.6 || *cycle.Months > 15.7 || cycle.WithinTarget == nil || *cycle.WithinTarget {
			t.Errorf("cycle of DB33/T 2349—2021: months %v within %v, want 15.6… and not within 15", cycle.Months, cycle.WithinTarget)
		}
		// Importing the file again changes nothing.
		if got, want := counts(importReport(t, c, "on_conflict=update", csvType, []byte(institutePlan))), [5]int{8, 0, 0, 8, 0}; got != want {
			t.Errorf("second run: %v, want %v", got, want)
		}
	})
}

func TestImportRefusesHistoriesTheDaysCannotSupport(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		const header = "标准号,标准名称,标准类别,标准状态,立项日期,报批日期,发布日期,废止日期\r\n"
		for _, tc := range []struct {
			name, row, field string
		}{
			{"published before approval", "DB33/T 2349—2021,数字化改革 术语定义,地方标准,现行,2021-08-01,,2021-06-20,", "published_on"},
			{"submitted before approval", ",竹材 碳汇计量方法,地方标准,报批,2025-03-01,2025-01-01,,", "submitted_on"},
			{"submitted in drafting", ",竹材 碳汇计量方法,地方标准,起草,2025-03-01,2025-05-01,,", "submitted_on"},
			{"withdrawn before publication", "DB33/T 1000—2015,茶叶 贮存规范,地方标准,废止,,,2015-04-01,2014-01-01", "withdrawn_on"},
			{"a withdrawal day in force", "DB33/T 1000—2015,茶叶 贮存规范,地方标准,现行,,,2015-04-01,2021-06-20", "withdrawn_on"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := importFile(t, c, "", csvType, []byte(header+tc.row+"\r\n"))
				if r.Code != http.StatusUnprocessableEntity {
					t.Fatalf("%d %s, want 422", r.Code, r.Body)
				}
				var refused httpapi.ImportRefused
				r.decode(t, &refused)
				if p := refused.Report.Problems; len(p) == 0 || p[0].Row != 2 || p[0].Field != tc.field {
					t.Errorf("problems %+v, want row 2, %s", p, tc.field)
				}
			})
		}
		if n := len(listCodes(t, c, "")); n != 0 {
			t.Errorf("%d standards written", n)
		}
	})
}

func TestImportSplitsListCells(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		const file = "标准号,标准名称,标准类别,标准状态,发布日期,起草单位,代替标准,国际标准分类号\r\n" +
			"T/ZZB 2001—2023,毛竹 竹笋 加工技术规范,团体标准,现行,2023-06-01,安吉县竹产业协会、浙江大学，浙江农林大学,\"T/ZZB 0999—2019, T/ZZB 0998—2019\",67.080.20；65.020.20\r\n"
		importReport(t, c, "", csvType, []byte(file))
		var st httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("T/ZZB 2001-2023"), nil).decode(t, &st)
		got := [][]string{st.DraftingUnits, st.Replaces, st.ICS}
		want := [][]string{{"安吉县竹产业协会", "浙江大学", "浙江农林大学"}, {"T/ZZB 0999—2019", "T/ZZB 0998—2019"}, {"67.080.20", "65.020.20"}}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("drafting units, replaces, ICS (-want +got):\n%s", d)
		}
	})
}

func TestExportNamesTheOrganization(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, map[string]any{"name": "阿里巴巴（中国）网络技术有限公司", "kind": "enterprise", "region": "330100", "credit_code": "91330100716105852F"})
		r := c.do(http.MethodPost, "/api/v1/standards", []byte(`{"code": "Q/ALB 0001—2023", "kind": "enterprise", "stage": "published", "title_zh": "云计算 服务规范", "published_on": "2023-03-01", "organization_id": "`+org.ID+`"}`), "Content-Type", "application/json")
		if r.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		file := string(exportOf(t, c, "csv"))
		for _, want := range []string{"organization_name", "organization_credit_code", "阿里巴巴（中国）网络技术有限公司", "91330100716105852F"} {
			if !strings.Contains(file, want) {
				t.Errorf("the export lacks %q:\n%s", want, file)
			}
		}
		// The file imports again as it is: the names are read and dropped.
		if got, want := counts(importReport(t, c, "on_conflict=update", csvType, []byte(file))), [5]int{1, 0, 0, 1, 0}; got != want {
			t.Errorf("the export imported again: %v, want %v", got, want)
		}
	})
}
