package pages

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// auditDownload answers /audit/download: the two figures of the
// dashboard the API has no resource for, the distribution of the cycles
// and the days per stage, as CSV or XLSX, headed as the API's figure
// downloads are. It takes the dashboard's filters, and table and format.
func (p *Pages) auditDownload(c echo.Context) (view, error) {
	params := c.QueryParams()
	q, err := p.readAuditQuery(params, "table", "format")
	if err != nil {
		return view{}, err
	}
	var fe fault.FieldErrors
	format := queryparam.Enum(params, &fe, "format", []tabular.Format{tabular.CSV, tabular.XLSX})
	if format == "" {
		format = tabular.CSV
	}
	table := params.Get("table")
	if table != "histogram" && table != "stages" {
		fe.Add("table", "must be histogram or stages")
	}
	if err := fe.Err(); err != nil {
		return view{}, err
	}
	ctx := c.Request().Context()
	var t tabular.Table
	switch table {
	case "histogram":
		bars, err := p.registry.CycleHistogram(ctx, q.window)
		if err != nil {
			return view{}, err
		}
		stats, _, err := p.registry.DraftingCycle(ctx, q.window)
		if err != nil {
			return view{}, err
		}
		target, _ := stats.Target()
		t = histogramTable(fillMonths(bars), target)
	case "stages":
		stages, err := p.stages(ctx, q.window)
		if err != nil {
			return view{}, err
		}
		t = stagesTable(stages)
	}
	var buf bytes.Buffer
	if err := tabular.WriteTable(&buf, format, t); err != nil {
		return view{}, err
	}
	name := fmt.Sprintf("%s-%s.%s", table, p.registry.Today().Time().Format("20060102"), format.Extension())
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return view{}, c.Blob(http.StatusOK, format.ContentType(), buf.Bytes())
}

// histogramTable is the distribution: one row per bar.
func histogramTable(bars []standard.MonthCount, target int) tabular.Table {
	t := tabular.Table{Sheet: "周期分布", Columns: []tabular.TableColumn{
		{Name: "months_over", ZH: "超过（月）"}, {Name: "months_up_to", ZH: "至多（月）"},
		{Name: "count", ZH: "标准数"}, {Name: "within_target", ZH: "在目标内", Width: 14},
	}}
	for _, b := range bars {
		var within any
		if target > 0 {
			within = b.Months <= target
		}
		t.Rows = append(t.Rows, []any{b.Months - 1, b.Months, b.Count, within})
	}
	return t
}

// stagesTable is the days per stage: one row per stage.
func stagesTable(stages []stageFigure) tabular.Table {
	t := tabular.Table{Sheet: "各阶段用时", Columns: []tabular.TableColumn{
		{Name: "stage", ZH: "阶段代码"}, {Name: "stage_name", ZH: "阶段"},
		{Name: "count", ZH: "标准数"}, {Name: "mean_days", ZH: "平均用时（天）", Width: 16},
	}}
	for _, s := range stages {
		var mean any
		if s.Count > 0 {
			mean = round1(s.MeanDays)
		}
		t.Rows = append(t.Rows, []any{string(s.Stage), s.Name, s.Count, mean})
	}
	return t
}
