package tabular

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"stdreg/internal/standard"
)

// Records of the plan's other registries, as an export holds them.
var (
	recordTime = time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC)

	someProjects = []standard.Project{
		{ID: "0190a1b2-0000-7000-8000-000000000001", Name: "高端装备 共性关键技术 标准研制", Programme: "尖兵", Category: standard.ProjectKeyGeneric,
			OrganizationID: "0190a1b2-0000-7000-8000-0000000000aa", StartedOn: day(2023, 3, 1), AcceptedOn: day(2025, 12, 31),
			StandardIDs: []string{"0190a1b2-0000-7000-8000-0000000000s1", "0190a1b2-0000-7000-8000-0000000000s2"},
			CreatedAt:   recordTime, UpdatedAt: recordTime, Version: 3},
		{ID: "0190a1b2-0000-7000-8000-000000000002", Name: "=海洋牧场 生态监测 应用示范", Programme: "领雁", Category: standard.ProjectApplication,
			OrganizationID: "0190a1b2-0000-7000-8000-0000000000aa", StandardIDs: []string{}, CreatedAt: recordTime, UpdatedAt: recordTime, Version: 1},
	}
	somePilots = []standard.Pilot{
		{ID: "0190a1b2-0000-7000-8000-000000000003", Name: "湖州市 城市标准化试点", Kind: standard.PilotCity, Level: standard.PilotProvincial, Region: "330500",
			ApprovedOn: day(2023, 5, 18), AcceptedOn: day(2025, 11, 30), Status: standard.PilotAccepted, CreatedAt: recordTime, UpdatedAt: recordTime, Version: 2},
		{ID: "0190a1b2-0000-7000-8000-000000000004", Name: "安吉县 县域标准化试点", Kind: standard.PilotCounty, Level: standard.PilotNational, Region: "330523",
			OrganizationID: "0190a1b2-0000-7000-8000-0000000000aa", ApprovedOn: day(2024, 1, 8), Status: standard.PilotBuilding, CreatedAt: recordTime, UpdatedAt: recordTime, Version: 1},
	}
	someBodies = []standard.TechnicalBody{
		{ID: "0190a1b2-0000-7000-8000-000000000005", Code: "SAC/TC 22/SC 3", Name: "全国信息技术标准化技术委员会 信息安全分委会", Level: standard.BodyNational,
			SecretariatOrganizationID: "0190a1b2-0000-7000-8000-0000000000aa", SettledOn: day(2024, 5, 18), CreatedAt: recordTime, UpdatedAt: recordTime, Version: 1},
		{ID: "0190a1b2-0000-7000-8000-000000000006", Code: "ISO/TC 207/SC 1", Name: "环境管理体系分委会", Level: standard.BodyInternational,
			SecretariatOrganizationID: "0190a1b2-0000-7000-8000-0000000000aa", SettledOn: day(2025, 9, 1), CreatedAt: recordTime, UpdatedAt: recordTime, Version: 4},
	}
	someOrganizations = []standard.Organization{
		{ID: "0190a1b2-0000-7000-8000-0000000000aa", Name: "浙江省标准化研究院", Kind: standard.OrgInstitute, Region: "330000",
			CreditCode: "12330000470002001N", CreatedAt: recordTime, UpdatedAt: recordTime, Version: 2},
		{ID: "0190a1b2-0000-7000-8000-0000000000ab", Name: "安吉县竹产业协会", Kind: standard.OrgAssociation, Region: "330523",
			CreatedAt: recordTime, UpdatedAt: recordTime, Version: 1},
	}
)

// TestRecordsRoundTrip writes projects, pilots and technical bodies in
// every format and reads them back: the fields an import sets come back
// exactly, the id in Record.ID, and the read-only fields are ignored.
func TestRecordsRoundTrip(t *testing.T) {
	clear := func(id *string, created, updated *time.Time, version *int64) {
		*id, *created, *updated, *version = "", time.Time{}, time.Time{}, 0
	}
	roundTrip(t, Projects, someProjects, func(p standard.Project) standard.Project {
		clear(&p.ID, &p.CreatedAt, &p.UpdatedAt, &p.Version)
		if len(p.StandardIDs) == 0 {
			p.StandardIDs = nil // an empty list reads as none
		}
		return p
	})
	roundTrip(t, Pilots, somePilots, func(p standard.Pilot) standard.Pilot {
		clear(&p.ID, &p.CreatedAt, &p.UpdatedAt, &p.Version)
		return p
	})
	roundTrip(t, TechnicalBodies, someBodies, func(b standard.TechnicalBody) standard.TechnicalBody {
		clear(&b.ID, &b.CreatedAt, &b.UpdatedAt, &b.Version)
		return b
	})
	roundTrip(t, Organizations, someOrganizations, func(o standard.Organization) standard.Organization {
		clear(&o.ID, &o.CreatedAt, &o.UpdatedAt, &o.Version)
		return o
	})
}

func roundTrip[T any](t *testing.T, s Schema[T], in []T, imported func(T) T) {
	t.Helper()
	for _, f := range Formats {
		t.Run(s.s.noun.String()+"/"+string(f), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewRecordWriter(&buf, f, s)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range in {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got := readRecords(t, buf.Bytes(), f, s)
			if len(got) != len(in) {
				t.Fatalf("read %d records, wrote %d", len(got), len(in))
			}
			for i, rec := range got {
				if rec.Err != nil {
					t.Errorf("row %d: %v", rec.Number, rec.Err)
				}
				if want := s.s.id.get(&in[i]); rec.ID != want {
					t.Errorf("row %d: ID %q, want %q", rec.Number, rec.ID, want)
				}
				if d := diff(imported(in[i]), rec.Value); d != "" {
					t.Errorf("row %d (-want +got):\n%s", rec.Number, d)
				}
			}
		})
	}
}

func readRecords[T any](t *testing.T, data []byte, f Format, s Schema[T]) []Record[T] {
	t.Helper()
	r, err := NewRecordReader(bytes.NewReader(data), f, s)
	if err != nil {
		t.Fatal(err)
	}
	var out []Record[T]
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

// TestRecordsChineseFiles reads files as people make them: Chinese
// headers and labels, other columns (序号) ignored, days as people write
// them; and refuses a header without the identity columns and a label it
// does not know, naming the field.
func TestRecordsChineseFiles(t *testing.T) {
	projects := readRecords(t, []byte("序号,项目名称,科技计划,项目类别,验收日期,形成标准ID\r\n"+
		"1,智能网联汽车 数据安全 共性技术,尖兵,共性关键技术,2025年12月31日,0190a1b2-0000-7000-8000-0000000000s1、0190a1b2-0000-7000-8000-0000000000s2\r\n"+
		"2,丝绸文化 数字化 应用,领雁,重点类,2024/6/6,\r\n"), CSV, Projects)
	want := standard.Project{Name: "智能网联汽车 数据安全 共性技术", Programme: "尖兵", Category: standard.ProjectKeyGeneric, AcceptedOn: day(2025, 12, 31),
		StandardIDs: []string{"0190a1b2-0000-7000-8000-0000000000s1", "0190a1b2-0000-7000-8000-0000000000s2"}}
	if len(projects) != 2 || projects[0].Err != nil {
		t.Fatalf("projects: %+v", projects)
	}
	if d := diff(want, projects[0].Value); d != "" {
		t.Errorf("project (-want +got):\n%s", d)
	}
	if fe := fieldErrors(t, projects[1].Err); !strings.Contains(fe["category"], "重点类") {
		t.Errorf("an unknown category: %v", fe)
	}

	pilots := readRecords(t, []byte("试点名称,试点类型,级别,行政区划,批准日期,状态\r\n德清县 县域标准化试点,县域,省级,330521,2023-06-01,已撤销\r\n"), CSV, Pilots)
	if len(pilots) != 1 || pilots[0].Err != nil || pilots[0].Value != (standard.Pilot{Name: "德清县 县域标准化试点", Kind: standard.PilotCounty,
		Level: standard.PilotProvincial, Region: "330521", ApprovedOn: day(2023, 6, 1), Status: standard.PilotRevoked}) {
		t.Errorf("pilots: %+v", pilots)
	}

	bodies := readRecords(t, []byte("编号,名称,级别,落户日期\r\nSAC/TC 46,全国茶叶标准化技术委员会,全国,2023.10.20\r\n"), CSV, TechnicalBodies)
	if len(bodies) != 1 || bodies[0].Err != nil || bodies[0].Value != (standard.TechnicalBody{Code: "SAC/TC 46", Name: "全国茶叶标准化技术委员会",
		Level: standard.BodyNational, SettledOn: day(2023, 10, 20)}) {
		t.Errorf("bodies: %+v", bodies)
	}

	orgs := readRecords(t, []byte("序号,单位名称,统一社会信用代码,单位性质,所在地区\r\n1,浙江省标准化研究院,12330000470002001N,科研院所,330000\r\n2,安吉县竹产业协会,,社会团体,330523\r\n3,某某中心,,中心,\r\n"), CSV, Organizations)
	if len(orgs) != 3 || orgs[0].Err != nil || orgs[1].Err != nil ||
		orgs[0].Value != (standard.Organization{Name: "浙江省标准化研究院", CreditCode: "12330000470002001N", Kind: standard.OrgInstitute, Region: "330000"}) ||
		orgs[1].Value != (standard.Organization{Name: "安吉县竹产业协会", Kind: standard.OrgAssociation, Region: "330523"}) {
		t.Fatalf("organizations: %+v", orgs)
	}
	if fe := fieldErrors(t, orgs[2].Err); !strings.Contains(fe["kind"], "中心") {
		t.Errorf("an unknown kind: %v", fe)
	}

	for _, tc := range []struct {
		name string
		read func() error
		want string
	}{
		{"a project without its programme", func() error {
			_, err := NewRecordReader(strings.NewReader("项目名称,项目类别\r\n"), CSV, Projects)
			return err
		}, "programme (科技计划)"},
		{"a pilot without its kind", func() error {
			_, err := NewRecordReader(strings.NewReader("试点名称\r\n"), CSV, Pilots)
			return err
		}, "kind (试点类型)"},
		{"a body's line that is no object", func() error {
			r, err := NewRecordReader(strings.NewReader("[1]\n"), NDJSON, TechnicalBodies)
			if err == nil {
				_, err = r.Next()
			}
			return err
		}, `each line must hold one technical body as {"code": …}`},
	} {
		var fe *FileError
		if err := tc.read(); !errors.As(err, &fe) || !strings.Contains(fe.Error(), tc.want) {
			t.Errorf("%s: %v, want a file error with %q", tc.name, err, tc.want)
		}
	}
}

// TestRecordsXLSXHeaders: an XLSX export is headed bilingually, in
// Chinese above the API name.
func TestRecordsXLSXHeaders(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewRecordWriter(&buf, XLSX, Pilots)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := NewRecordReader(bytes.NewReader(buf.Bytes()), XLSX, Pilots)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range pilots.columns {
		want = append(want, c.name)
		if c.header() != c.zh+"\n"+c.name {
			t.Errorf("header %q", c.header())
		}
	}
	if d := diff(want, r.Columns()); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
}

// TestRecordCells: a row keeps its cells as the file holds them, by the
// API's field names, so that a report can show a problem's cell.
func TestRecordCells(t *testing.T) {
	for _, tc := range []struct {
		format Format
		file   string
	}{
		{CSV, "序号,组织名称,统一社会信用代码,组织类型\r\n1,温州市标准化研究院,9133010071610585 2G,研究院\r\n"},
		{NDJSON, `{"name": "温州市标准化研究院", "credit_code": "9133010071610585 2G", "kind": "研究院"}` + "\n"},
	} {
		rows := readRecords(t, []byte(tc.file), tc.format, Organizations)
		if len(rows) != 1 {
			t.Fatalf("%s: %d rows", tc.format, len(rows))
		}
		for field, want := range map[string]string{"name": "温州市标准化研究院", "credit_code": "9133010071610585 2G", "kind": "研究院", "region": "", "": ""} {
			if got := rows[0].Cells.Text(field); got != want {
				t.Errorf("%s: %s's cell %q, want %q", tc.format, field, got, want)
			}
		}
	}
}
