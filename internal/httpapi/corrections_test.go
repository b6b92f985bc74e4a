package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

// TestCorrectRegisteredDays: a local standard imported with its
// publication day typed wrong (2021-06-02 for 2021-06-20) is corrected by
// an admin, with a reason; the day, the history, the cycle and the audit
// log follow, and nothing else may correct it or put the history out of
// order.
func TestCorrectRegisteredDays(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		file := "标准号,标准名称,标准状态,立项日期,报批日期,发布日期\r\n" +
			"DB33/T 2349—2021,数字化改革 术语定义,现行,2020-03-01,2021-03-10,2021-06-02\r\n"
		if got := counts(importReport(t, c, "", csvType, []byte(file))); got != [5]int{1, 1, 0, 0, 0} {
			t.Fatalf("import: %v", got)
		}
		if r := c.do(http.MethodPost, "/api/v1/standards", []byte(`{"code": "DB33/T 2350—2021", "kind": "local", "stage": "published", "title_zh": "数字化改革 公共数据目录编制规范", "approved_on": "2020-01-05", "published_on": "2021-06-20"}`), "Content-Type", "application/json"); r.Code != http.StatusCreated {
			t.Fatalf("register: %d %s", r.Code, r.Body)
		}
		var st httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("DB33/T 2349-2021"), nil).decode(t, &st)
		var history httpapi.TransitionList
		c.do(http.MethodGet, "/api/v1/standards/"+st.ID+"/transitions", nil).decode(t, &history)
		last := history.Items[len(history.Items)-1]
		if last.To != "published" || deref(last.OccurredOn) != "2021-06-02" || last.ID == "" {
			t.Fatalf("the move into published: %+v", last)
		}
		months := func(id string) float64 {
			var cycle struct{ Months float64 }
			c.do(http.MethodGet, "/api/v1/standards/"+id+"/cycle", nil).decode(t, &cycle)
			return cycle.Months
		}
		before := months(st.ID)
		path := "/api/v1/standards/" + st.ID + "/corrections"
		correction := func(transition, on, reason string) []byte {
			b, _ := json.Marshal(map[string]string{"transition_id": transition, "occurred_on": on, "reason": reason})
			return b
		}
		reason := "发布日期录入有误，以浙江省市场监督管理局公告2021年第12号为准"
		institute := createOrganization(t, c, map[string]any{"name": "浙江省标准化研究院", "kind": "institute"})

		for _, tc := range []struct {
			name   string
			c      *client
			body   []byte
			status int
			detail string
		}{
			{"an editor", c.as(c.newKey(access.RoleEditor, institute.ID)), correction(last.ID, "2021-06-20", reason), http.StatusForbidden, ""},
			{"an auditor", c.as(c.newKey(access.RoleAuditor, "")), correction(last.ID, "2021-06-20", reason), http.StatusForbidden, ""},
			{"no reason", c, correction(last.ID, "2021-06-20", ""), http.StatusBadRequest, "reason"},
			{"before the submission", c, correction(last.ID, "2021-03-01", reason), http.StatusBadRequest, "before the previous move on 2021-03-10"},
			{"in the future", c, correction(last.ID, "2099-01-01", reason), http.StatusBadRequest, "in the future"},
			{"another standard's move", c, correction(history.Items[0].ID+"0", "2021-06-20", reason), http.StatusBadRequest, "transition_id"},
		} {
			r := tc.c.do(http.MethodPost, path, tc.body, "Content-Type", "application/json")
			if r.Code != tc.status || !strings.Contains(string(r.Body), tc.detail) {
				t.Errorf("%s: %d %s, want %d with %q", tc.name, r.Code, r.Body, tc.status, tc.detail)
			}
		}

		r := c.do(http.MethodPost, path, correction(last.ID, "2021-06-20", reason), "Content-Type", "application/json", "If-Match", fmt.Sprintf(`"%d"`, 1))
		if r.Code != http.StatusOK {
			t.Fatalf("correction: %d %s", r.Code, r.Body)
		}
		var corrected httpapi.StandardResponse
		r.decode(t, &corrected)
		if deref(corrected.PublishedOn) != "2021-06-20" || r.Header.Get("ETag") != `"2"` {
			t.Errorf("after the correction: published_on %s, ETag %s", deref(corrected.PublishedOn), r.Header.Get("ETag"))
		}
		c.do(http.MethodGet, "/api/v1/standards/"+st.ID+"/transitions", nil).decode(t, &history)
		if got := deref(history.Items[len(history.Items)-1].OccurredOn); got != "2021-06-20" {
			t.Errorf("the move into published is on %s after the correction", got)
		}
		if after := months(st.ID); after <= before || after < 15.6 {
			t.Errorf("the cycle went from %.3f to %.3f months; want it to count to 2021-06-20 (15.6…)", before, after)
		}
		// In the figures too: the 2021 local cycles now miss the target.
		var figures struct {
			Count        int     `json:"count"`
			MeanMonths   float64 `json:"mean_months"`
			WithinTarget float64 `json:"within_target_share"`
		}
		c.do(http.MethodGet, "/api/v1/metrics/drafting-cycle?kind=local&from=2021-01-01&to=2021-12-31", nil).decode(t, &figures)
		if figures.Count != 2 || figures.WithinTarget != 0 {
			t.Errorf("2021 figures after the correction: %+v", figures)
		}

		var events struct{ Items []httpapi.AuditEventResponse }
		c.do(http.MethodGet, "/api/v1/audit-events?action=standard.correct&resource_id="+st.ID, nil).decode(t, &events)
		if len(events.Items) != 1 {
			t.Fatalf("%d standard.correct events, want 1", len(events.Items))
		}
		ev := events.Items[0]
		for _, want := range []string{`"occurred_on":"2021-06-02"`, `"published_on":"2021-06-02"`} {
			if !strings.Contains(string(ev.Before), want) {
				t.Errorf("the event's before lacks %s: %s", want, ev.Before)
			}
		}
		for _, want := range []string{`"occurred_on":"2021-06-20"`, `"published_on":"2021-06-20"`, reason} {
			if !strings.Contains(string(ev.After), want) {
				t.Errorf("the event's after lacks %s: %s", want, ev.After)
			}
		}

		// A standard registered published with its approval day and no
		// move into drafting has that day corrected alone.
		var other httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("DB33/T 2350-2021"), nil).decode(t, &other)
		b, _ := json.Marshal(map[string]string{"field": "approved_on", "occurred_on": "2020-04-05", "reason": "立项日期以计划文件浙市监标〔2020〕5号为准"})
		r = c.do(http.MethodPost, "/api/v1/standards/"+other.ID+"/corrections", b, "Content-Type", "application/json")
		if r.Code != http.StatusOK {
			t.Fatalf("correction of approved_on: %d %s", r.Code, r.Body)
		}
		r.decode(t, &other)
		if deref(other.ApprovedOn) != "2020-04-05" {
			t.Errorf("approved_on after its correction: %s", deref(other.ApprovedOn))
		}
	})
}
