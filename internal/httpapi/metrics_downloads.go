package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// downloadFormats are the files a figure downloads as; "" is JSON.
var downloadFormats = []tabular.Format{tabular.CSV, tabular.XLSX}

// parseDownload reads format=csv|xlsx.
func parseDownload(params url.Values, fe *fault.FieldErrors) tabular.Format {
	return queryparam.Enum(params, fe, "format", downloadFormats)
}

// sendTable answers t as a file named name-YYYYMMDD of format f. The
// table is small (figures, not records), so it is written whole before
// the status, and a failure is still a problem.
func (s *Server) sendTable(c echo.Context, name string, f tabular.Format, t tabular.Table) error {
	var buf bytes.Buffer
	if err := tabular.WriteTable(&buf, f, t); err != nil {
		return err
	}
	file := fmt.Sprintf("%s-%s.%s", name, s.registry.Today().Time().Format("20060102"), f.Extension())
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+file+`"`)
	return c.Blob(http.StatusOK, f.ContentType(), buf.Bytes())
}

// groupColumnNames are the Chinese names of the groupings.
var groupColumnNames = map[standard.CycleGroup]string{
	standard.GroupYear: "年份", standard.GroupKind: "标准类别", standard.GroupOrganization: "组织",
	standard.GroupRegion: "行政区划", standard.GroupCity: "城市",
}

// cycleTable is the drafting-cycle figures as a table: one row per group,
// or one for the whole set when ungrouped.
func cycleTable(out DraftingCycleResponse, by []standard.CycleGroup) tabular.Table {
	t := tabular.Table{Sheet: "制定周期"}
	for _, g := range by {
		t.Columns = append(t.Columns,
			tabular.TableColumn{Name: string(g), ZH: groupColumnNames[g], Width: 14},
			tabular.TableColumn{Name: string(g) + "_name", ZH: groupColumnNames[g] + "名称", Width: 20})
	}
	t.Columns = append(t.Columns,
		tabular.TableColumn{Name: "count", ZH: "标准数"},
		tabular.TableColumn{Name: "mean_months", ZH: "平均周期（月）"},
		tabular.TableColumn{Name: "median_months", ZH: "周期中位数（月）"},
		tabular.TableColumn{Name: "p90_months", ZH: "90%分位（月）"},
		tabular.TableColumn{Name: "within_target_share", ZH: "达标比例"},
		tabular.TableColumn{Name: "target_months", ZH: "目标（月）"},
		tabular.TableColumn{Name: "target_met", ZH: "平均达标"},
		tabular.TableColumn{Name: "standards", ZH: "标准清单", Width: 60})
	figures := func(f CycleFigures, link string) []any {
		return []any{f.Count, orNil(f.MeanMonths), orNil(f.MedianMonths), orNil(f.P90Months),
			orNil(f.WithinTargetShare), orNil(f.TargetMonths), orNil(f.TargetMet), link}
	}
	if len(by) == 0 {
		t.Rows = [][]any{figures(out.CycleFigures, out.Standards)}
		return t
	}
	for _, g := range out.Groups {
		var row []any
		for _, p := range g.By {
			row = append(row, p.Key, p.Name)
		}
		t.Rows = append(t.Rows, append(row, figures(g.CycleFigures, g.Standards)...))
	}
	return t
}

// overdueSheet and overdueColumns head the overdue drafts' download.
const overdueSheet = "超期项目"

var overdueColumns = []tabular.TableColumn{
	{Name: "code", ZH: "标准号", Width: 20}, {Name: "title_zh", ZH: "标准名称", Width: 40},
	{Name: "kind", ZH: "标准类别"}, {Name: "stage", ZH: "阶段"},
	{Name: "organization_name", ZH: "组织", Width: 30}, {Name: "region", ZH: "行政区划"}, {Name: "region_name", ZH: "地区"},
	{Name: "approved_on", ZH: "立项日期"}, {Name: "deadline", ZH: "截止日期"},
	{Name: "months_elapsed", ZH: "已用时间（月）"}, {Name: "target_months", ZH: "目标（月）"},
	{Name: "ends_with", ZH: "周期终点"}, {Name: "organization_id", ZH: "组织ID", Width: 38}, {Name: "id", ZH: "记录ID", Width: 38},
}

// overdueCells is one overdue draft as a row of overdueColumns.
func overdueCells(it OverdueItem) []any {
	return []any{it.Code, it.TitleZH, it.Kind, it.Stage, orNil(it.OrganizationName), it.Region, orNil(it.RegionName),
		it.ApprovedOn, it.Deadline, it.MonthsElapsed, it.TargetMonths, it.EndsWith, orNil(it.OrganizationID), it.ID}
}

// planTable is the plan's indicators as a table.
func planTable(out PlanTargetsResponse) tabular.Table {
	t := tabular.Table{Sheet: "规划指标", Columns: []tabular.TableColumn{
		{Name: "key", ZH: "指标代码", Width: 20}, {Name: "name", ZH: "指标", Width: 30},
		{Name: "target", ZH: "目标值"}, {Name: "bound", ZH: "目标方向"}, {Name: "actual", ZH: "实际值"},
		{Name: "met", ZH: "是否达标"}, {Name: "note", ZH: "说明", Width: 60}, {Name: "standards", ZH: "标准清单", Width: 60},
	}}
	for _, ind := range out.Indicators {
		t.Rows = append(t.Rows, []any{ind.Key, ind.Name, ind.Target, ind.Bound, orNil(ind.Actual), orNil(ind.Met), ind.Note, orNil(ind.Standards)})
	}
	return t
}

// orNil is a cell of an optional value: nil (empty) when there is none.
func orNil[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
