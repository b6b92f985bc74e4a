package tabular

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// day builds a fixture date.
func day(y int, m time.Month, d int) standard.Date { return standard.Date{Year: y, Month: m, Day: d} }

var created = time.Date(2024, 3, 1, 2, 30, 0, 0, time.UTC)

// richStandards are real standards with every kind of field filled, as a
// registry export would hold them.
func richStandards() []standard.Standard {
	return []standard.Standard{
		{
			ID: "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e", Code: "DB33/T 2349—2021", NormalizedCode: "DB33/T 2349-2021",
			Kind: standard.KindLocal, Nature: standard.NatureRecommended,
			TitleZH: "茶叶加工技术规程", TitleEN: "Technical code of practice for tea processing",
			Stage: standard.StagePublished, ICS: []string{"67.140.10"}, CCS: "X55",
			Designations: []standard.Designation{{Type: standard.DesignationZhejiangStandard, Year: 2022, Reference: "浙市监标〔2022〕5号"}},
			ZhejiangRole: standard.RoleLead, OrganizationID: "01936f3e-0000-7000-8000-000000000001",
			DraftingUnits:      []string{"浙江省农业科学院", "浙江省标准化研究院"},
			TechnicalCommittee: "浙江省茶叶标准化技术委员会", Region: "330000",
			ApprovedOn: day(2020, 3, 1), SubmittedOn: day(2021, 3, 15), PublishedOn: day(2021, 6, 20), EffectiveOn: day(2021, 7, 20),
			CreatedAt: created, UpdatedAt: created.Add(time.Hour), Version: 3,
		},
		{
			ID: "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5f", Code: "GB 17761—2018", NormalizedCode: "GB 17761-2018",
			Kind: standard.KindNational, Nature: standard.NatureMandatory,
			TitleZH: "电动自行车安全技术规范", TitleEN: "Safety technical specification for electric bicycle",
			Stage: standard.StagePublished, ICS: []string{"43.150"}, CCS: "Y14",
			Replaces: []string{"GB 17761—1999"}, ZhejiangRole: standard.RoleParticipant,
			DraftingUnits:      []string{"天津市自行车研究院", "浙江省产品质量安全科学研究院"},
			TechnicalCommittee: "全国自行车标准化技术委员会",
			PublishedOn:        day(2018, 5, 15), EffectiveOn: day(2019, 4, 15),
			CreatedAt: created, UpdatedAt: created, Version: 1,
		},
		{
			ID: "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d60", Code: "T/ZZB 0123—2019", NormalizedCode: "T/ZZB 0123-2019",
			Kind: standard.KindGroup, TitleZH: "电动自行车用锂离子电池组",
			Stage: standard.StagePublished, ICS: []string{"29.220.20", "43.150"},
			Designations: []standard.Designation{{Type: standard.DesignationMadeInZhejiang, Year: 2019}},
			ZhejiangRole: standard.RoleLead, DraftingUnits: []string{"浙江省品牌建设联合会"},
			Region: "330100", PublishedOn: day(2019, 9, 30), EffectiveOn: day(2019, 10, 31),
			CreatedAt: created, UpdatedAt: created, Version: 1,
		},
		{
			ID: "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d61", Code: "GB/T 19001—2016", NormalizedCode: "GB/T 19001-2016",
			Kind: standard.KindNational, Nature: standard.NatureRecommended,
			TitleZH: "质量管理体系 要求", TitleEN: "Quality management systems—Requirements",
			Stage: standard.StageWithdrawn, ICS: []string{"03.120.10"}, CCS: "A00",
			Replaces: []string{"GB/T 19001—2008"}, Adopts: []standard.Adoption{{Code: "ISO 9001:2015", Degree: standard.DegreeIdentical}},
			ZhejiangRole: standard.RoleNone, TechnicalCommittee: "SAC/TC 151",
			PublishedOn: day(2016, 12, 30), EffectiveOn: day(2017, 7, 1), WithdrawnOn: day(2025, 1, 1),
			CreatedAt: created, UpdatedAt: created, Version: 7,
		},
		{
			// A draft whose texts start like formulas: exports must neutralise
			// them and imports restore them exactly.
			ID: "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d62", Kind: standard.KindEnterprise,
			TitleZH: "=HYPERLINK(\"http://evil\",\"点击\")", TitleEN: "+86 hotline; -40 °C test",
			Stage:              standard.StageProposal,
			Designations:       []standard.Designation{{Type: standard.DesignationForerunner, Reference: "领跑者〔2023〕1号"}},
			DraftingUnits:      []string{"@浙江某某电器有限公司", "'=already quoted"},
			TechnicalCommittee: "-", Region: "330282",
			CreatedAt: created, UpdatedAt: created, Version: 1,
		},
	}
}

// asImported is what a reader gives back for s: the id moves to Row.ID and
// the read-only fields are dropped.
func asImported(s standard.Standard) standard.Standard {
	s.ID, s.NormalizedCode = "", ""
	s.CreatedAt, s.UpdatedAt, s.Version = time.Time{}, time.Time{}, 0
	return s
}

// readAll reads every row of a file, failing the test on any error.
func readAll(t *testing.T, data []byte, f Format) []Row {
	t.Helper()
	rows, err := tryReadAll(data, f)
	if err != nil {
		t.Fatalf("reading %s: %v", f, err)
	}
	return rows
}

// tryReadAll reads every row, returning the first error.
func tryReadAll(data []byte, f Format) ([]Row, error) {
	r, err := NewReader(bytes.NewReader(data), f)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

// writeAll writes standards in format f.
func writeAll(t testing.TB, f Format, ss []standard.Standard) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, f)
	if err != nil {
		t.Fatalf("NewWriter(%s): %v", f, err)
	}
	for _, s := range ss {
		if err := w.Write(s); err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return buf.Bytes()
}

// fieldErrors returns the field errors of a row, field -> message.
func fieldErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *fault.Error
	if !errors.As(err, &e) || e.Code != fault.CodeInvalid {
		t.Fatalf("row error %T %v is not a fault.Invalid error", err, err)
	}
	m := map[string]string{}
	for _, f := range e.Fields {
		m[f.Field] = f.Message.String()
	}
	return m
}

// wantFileError checks that err is a *FileError at row whose reason holds
// each of the given fragments.
func wantFileError(t *testing.T, err error, row int, fragments ...string) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("got error %T %v, want a *FileError", err, err)
	}
	if fe.Row != row {
		t.Errorf("FileError.Row = %d, want %d (%s)", fe.Row, row, fe.Reason)
	}
	for _, f := range fragments {
		if !bytes.Contains([]byte(fe.Reason.String()), []byte(f)) {
			t.Errorf("FileError reason %q does not mention %q", fe.Reason, f)
		}
	}
}

func diff(want, got any) string { return cmp.Diff(want, got) }

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
