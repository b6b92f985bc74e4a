package tabular

import "testing"

func TestFormatOf(t *testing.T) {
	for _, tc := range []struct {
		param, contentType string
		want               Format
	}{
		{"csv", "", CSV},
		{" XLSX ", "text/csv", XLSX},
		{"ndjson", "", NDJSON},
		{"jsonl", "", NDJSON},
		{"", "text/csv", CSV},
		{"", "text/csv; charset=GB18030", CSV},
		{"", "application/csv", CSV},
		{"", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XLSX},
		{"", "application/x-ndjson", NDJSON},
		{"", "application/jsonl", NDJSON},
		{"", "application/ndjson; charset=utf-8", NDJSON},
		{"", "标准目录.xlsx", XLSX},
		{"", `C:\导出\standards.CSV`, CSV},
	} {
		got, err := FormatOf(tc.param, tc.contentType)
		if err != nil || got != tc.want {
			t.Errorf("FormatOf(%q, %q) = %q, %v; want %q", tc.param, tc.contentType, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ param, contentType, fragment string }{
		{"xls", "", `unknown format "xls"`},
		{"", "", "not given"},
		{"", "application/json", "unsupported content type"},
		{"", "application/vnd.ms-excel", "ambiguous"},
	} {
		_, err := FormatOf(tc.param, tc.contentType)
		wantFileError(t, err, 0, tc.fragment)
	}
}

func TestFormatOfPath(t *testing.T) {
	for path, want := range map[string]Format{"a.csv": CSV, "dir/b.XLSX": XLSX, "c.ndjson": NDJSON, "d.jsonl": NDJSON} {
		if got, err := FormatOfPath(path); err != nil || got != want {
			t.Errorf("FormatOfPath(%q) = %q, %v; want %q", path, got, err, want)
		}
	}
	_, err := FormatOfPath("旧目录.xls")
	wantFileError(t, err, 0, ".xls")
	_, err = FormatOfPath("notes.txt")
	wantFileError(t, err, 0, "cannot tell")
}

func TestFormatMetadata(t *testing.T) {
	for _, tc := range []struct {
		f           Format
		contentType string
		ext         string
	}{
		{CSV, "text/csv; charset=utf-8", ".csv"},
		{XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
		{NDJSON, "application/x-ndjson", ".ndjson"},
	} {
		if got := tc.f.ContentType(); got != tc.contentType {
			t.Errorf("%s.ContentType() = %q", tc.f, got)
		}
		if got := tc.f.Extension(); got != tc.ext {
			t.Errorf("%s.Extension() = %q", tc.f, got)
		}
		if back, err := FormatOf("", tc.f.ContentType()); err != nil || back != tc.f {
			t.Errorf("FormatOf(ContentType of %s) = %q, %v", tc.f, back, err)
		}
	}
}
