package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// download fetches a figure as a file and fails unless it is 200 of the
// format's type.
func download(t *testing.T, c *client, path, format string) []byte {
	t.Helper()
	r := c.do(http.MethodGet, path+"&format="+format, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("%s as %s: %d %s", path, format, r.Code, r.Body)
	}
	want := map[string]string{"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[format]
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, want) {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") || !strings.HasSuffix(cd, "."+format+`"`) {
		t.Errorf("%s: Content-Disposition %q", path, cd)
	}
	return r.Body
}

func csvRows(t *testing.T, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("\ufeff")) {
		t.Error("the CSV has no BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func xlsxRows(t *testing.T, body []byte) [][]string {
	t.Helper()
	book, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestFiguresDownload(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		cycles(t, c)
		moreCycles(t, c)

		byCity := csvRows(t, download(t, c, "/api/v1/metrics/drafting-cycle?kind=local&group_by=city,year", "csv"))
		if got := strings.Join(byCity[0][:6], ","); got != "city,city_name,year,year_name,count,mean_months" {
			t.Errorf("header %q", byCity[0])
		}
		json := figures(t, c, "kind=local&group_by=city,year")
		if len(byCity) != len(json.Groups)+1 {
			t.Fatalf("%d rows for %d groups", len(byCity)-1, len(json.Groups))
		}
		hangzhou := byCity[2] // after the group without a region... found by key
		for _, row := range byCity[1:] {
			if row[0] == "330100" && row[2] == "2024" {
				hangzhou = row
			}
		}
		if hangzhou[1] != "杭州市" || hangzhou[3] != "2024年" || hangzhou[4] != "2" || hangzhou[5] != "13.5" ||
			!strings.HasPrefix(hangzhou[len(hangzhou)-1], "/api/v1/standards?city=330100&cycle_ended_from=2024-01-01") {
			t.Errorf("杭州市 2024年: %q", hangzhou)
		}

		whole := xlsxRows(t, download(t, c, "/api/v1/metrics/drafting-cycle?kind=local", "xlsx"))
		if len(whole) != 2 || whole[0][1] != "平均周期（月）\nmean_months" || whole[1][0] != "10" {
			t.Errorf("the whole set in XLSX: %q", whole)
		}

		for _, m := range [][2]string{{"drafting", "2024-01-10"}, {"drafting", "2024-02-10"}, {"drafting", "2024-03-10"}} {
			id := draftOf(t, c, "智慧 农业 "+m[1])
			move(t, c, id, m[0], m[1], http.StatusCreated)
		}
		overdue := xlsxRows(t, download(t, c, "/api/v1/metrics/overdue?page_size=1", "xlsx"))
		if len(overdue) != 4 || overdue[0][0] != "标准号\ncode" || overdue[1][1] != "智慧 农业 2024-01-10" || overdue[1][6] != "杭州市" {
			t.Errorf("overdue in XLSX, every page: %q", overdue)
		}

		plan := csvRows(t, download(t, c, "/api/v1/metrics/plan-targets?as_of=2025-12-31", "csv"))
		if len(plan) != 10 || plan[6][0] != "local_cycle_months" || plan[6][len(plan[6])-1] == "" {
			t.Errorf("plan targets in CSV: %q", plan)
		}
		for _, bad := range []string{"/api/v1/metrics/overdue?format=ndjson", "/api/v1/metrics/plan-targets?format=pdf", "/api/v1/metrics/drafting-cycle?format=json"} {
			if r := c.do(http.MethodGet, bad, nil); r.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, r.Code)
			}
		}
	})
}
