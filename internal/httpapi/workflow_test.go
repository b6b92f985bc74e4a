package httpapi_test

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// move posts a stage move and fails the test unless it answers want.
func move(t *testing.T, c *client, id, to, on string, want int, headers ...string) response {
	t.Helper()
	r := c.do(http.MethodPost, "/api/v1/standards/"+id+"/transitions", map[string]any{"to": to, "occurred_on": on, "note": "测试"}, headers...)
	if r.Code != want {
		t.Fatalf("move %s to %s on %s: %d, want %d: %s", id, to, on, r.Code, want, r.Body)
	}
	return r
}

// draftOf registers a local draft in proposal.
func draftOf(t *testing.T, c *client, title string) string {
	t.Helper()
	return create(t, c, map[string]any{"kind": "local", "title_zh": title, "stage": "proposal", "region": "330100"}).ID
}

func TestMovesAlongTheProcedure(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		id := draftOf(t, c, "西湖龙井茶 加工技术规程")
		r := move(t, c, id, "drafting", "2023-03-15", http.StatusCreated)
		var tr httpapi.TransitionResponse
		r.decode(t, &tr)
		if deref(tr.From) != "proposal" || tr.To != "drafting" || deref(tr.OccurredOn) != "2023-03-15" || tr.Note != "测试" || tr.Actor != "admin for tests" {
			t.Errorf("transition %+v", tr)
		}
		if r.Header.Get("ETag") != `"2"` {
			t.Errorf("ETag after the move %q, want \"2\"", r.Header.Get("ETag"))
		}
		var st httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/"+id, nil).decode(t, &st)
		if st.Stage != "drafting" || st.StageCode != "20" || deref(st.ApprovedOn) != "2023-03-15" {
			t.Errorf("after 立项: stage %s (%s), approved_on %v", st.Stage, st.StageCode, deref(st.ApprovedOn))
		}

		for _, bad := range []struct {
			name, to, on string
			status       int
		}{
			{"skipping a stage", "review", "2023-05-01", 409},
			{"back to proposal", "proposal", "2023-05-01", 409},
			{"to the same stage", "drafting", "2023-05-01", 409},
			{"withdrawing a draft", "withdrawn", "2023-05-01", 409},
			{"in the future", "consultation", "2026-11-29", 400},
			{"before the previous move", "consultation", "2023-03-14", 400},
			{"no such day", "consultation", "2023-02-30", 400},
			{"unknown stage", "done", "2023-05-01", 400},
		} {
			t.Run(bad.name, func(t *testing.T) {
				move(t, c, id, bad.to, bad.on, bad.status)
			})
		}
		for _, body := range []string{`{"to": "consultation"}`, `{"occurred_on": "2023-05-01"}`, `{"to": "consultation", "occurred_on": "2023-05-01", "by": "me"}`, `[]`} {
			if r := c.do(http.MethodPost, "/api/v1/standards/"+id+"/transitions", body); r.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", body, r.Code)
			}
		}
		var unchanged httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/"+id, nil).decode(t, &unchanged)
		if diff := cmp.Diff(st, unchanged); diff != "" {
			t.Errorf("refused moves changed the standard:\n%s", diff)
		}

		// Rework, then on to publication with a number.
		for _, m := range [][2]string{{"consultation", "2023-09-01"}, {"review", "2023-12-01"}, {"drafting", "2023-12-20"}, {"consultation", "2024-01-10"}, {"review", "2024-02-01"}, {"approval", "2024-03-01"}} {
			move(t, c, id, m[0], m[1], http.StatusCreated)
		}
		move(t, c, id, "published", "2024-06-15", http.StatusBadRequest) // no number yet
		c.do(http.MethodPatch, "/api/v1/standards/"+id, `{"code": "DB33/T 2600—2024"}`, "Content-Type", "application/merge-patch+json")
		move(t, c, id, "published", "2024-06-15", http.StatusCreated)
		move(t, c, id, "terminated", "2024-07-01", http.StatusConflict) // too late to terminate
		c.do(http.MethodGet, "/api/v1/standards/"+id, nil).decode(t, &st)
		if st.Stage != "published" || deref(st.PublishedOn) != "2024-06-15" || deref(st.ApprovedOn) != "2023-03-15" || deref(st.SubmittedOn) != "2024-03-01" {
			t.Errorf("after publication: %s published %v approved %v submitted %v", st.Stage, deref(st.PublishedOn), deref(st.ApprovedOn), deref(st.SubmittedOn))
		}

		var history httpapi.TransitionList
		c.do(http.MethodGet, "/api/v1/standards/"+id+"/transitions", nil).decode(t, &history)
		var steps []string
		for _, h := range history.Items {
			steps = append(steps, deref(h.From)+"→"+h.To+"@"+deref(h.OccurredOn))
		}
		want := []string{"→proposal@", "proposal→drafting@2023-03-15", "drafting→consultation@2023-09-01", "consultation→review@2023-12-01",
			"review→drafting@2023-12-20", "drafting→consultation@2024-01-10", "consultation→review@2024-02-01", "review→approval@2024-03-01", "approval→published@2024-06-15"}
		if diff := cmp.Diff(want, steps); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}

		var cycle httpapi.CycleResponse
		c.do(http.MethodGet, "/api/v1/standards/"+id+"/cycle", nil).decode(t, &cycle)
		wantStages := []httpapi.StageDaysBody{{Stage: "drafting", Days: 170 + 21}, {Stage: "consultation", Days: 91 + 22}, {Stage: "review", Days: 19 + 29}, {Stage: "approval", Days: 106}}
		if cycle.EndsWith != "published" || deref(cycle.EndedOn) != "2024-06-15" || deref(cycle.Months) != 15 || deref(cycle.TargetMonths) != 15 || !deref(cycle.WithinTarget) {
			t.Errorf("cycle %+v", cycle)
		}
		if diff := cmp.Diff(wantStages, cycle.Stages); diff != "" {
			t.Errorf("stage days (-want +got):\n%s", diff)
		}

		// The audit log has every move, with the values before and after.
		var events httpapi.AuditEventList
		c.do(http.MethodGet, "/api/v1/audit-events?action=standard.move&resource_id="+id+"&page_size=200", nil).decode(t, &events)
		if len(events.Items) != 8 || !strings.Contains(string(events.Items[0].After), `"stage":"published"`) || !strings.Contains(string(events.Items[0].Before), `"stage":"approval"`) {
			t.Errorf("%d move events; newest %s → %s", len(events.Items), events.Items[0].Before, events.Items[0].After)
		}
	})
}

func TestMovesOfPrivateDraftsAndOthersStandards(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newWorld(t, c)
		for caller, want := range map[string]int{anonymous: 401, editorOther: 404, auditor: 403, revoked: 401, editorOwner: 201} {
			t.Run(caller, func(t *testing.T) {
				id := w.draft(t, "")
				move(t, c.as(w.keys[caller]), id, "drafting", "2024-01-02", want)
			})
		}
	})
}

// TestConcurrentMovesOneWins: moves of one standard at once are serialized;
// the same move twice succeeds once (the second is no longer allowed), and
// different moves made against the same version with If-Match succeed once.
func TestConcurrentMovesOneWins(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, tc := range []struct {
			name     string
			targets  []string
			ifMatch  bool
			loserWan int
		}{
			{"the same move", []string{"consultation", "consultation", "consultation", "consultation", "consultation", "consultation"}, false, http.StatusConflict},
			{"different moves from one version", []string{"consultation", "terminated", "consultation", "terminated", "consultation", "terminated"}, true, http.StatusPreconditionFailed},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := draftOf(t, c, "数字乡村 建设指南")
				move(t, c, id, "drafting", "2024-01-02", http.StatusCreated)
				codes := make([]int, len(tc.targets))
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i, to := range tc.targets {
					wg.Add(1)
					go func() {
						defer wg.Done()
						req := httptest.NewRequest(http.MethodPost, "/api/v1/standards/"+id+"/transitions",
							strings.NewReader(`{"to": "`+to+`", "occurred_on": "2024-05-01"}`))
						req.Header.Set("Content-Type", "application/json")
						req.Header.Set("Authorization", "Bearer "+c.key)
						if tc.ifMatch {
							req.Header.Set("If-Match", `"2"`)
						}
						rec := httptest.NewRecorder()
						<-start
						c.handler.ServeHTTP(rec, req)
						codes[i] = rec.Code
					}()
				}
				close(start)
				wg.Wait()
				won := 0
				for _, code := range codes {
					switch code {
					case http.StatusCreated:
						won++
					case tc.loserWan, http.StatusConflict:
					default:
						t.Errorf("unexpected status %d", code)
					}
				}
				if won != 1 {
					t.Errorf("%d moves won (statuses %v), want exactly 1", won, codes)
				}
				var history httpapi.TransitionList
				c.do(http.MethodGet, "/api/v1/standards/"+id+"/transitions", nil).decode(t, &history)
				if len(history.Items) != 3 {
					t.Errorf("history has %d entries, want registration and two moves", len(history.Items))
				}
				if n := countEvents(t, c, id); n != 3 {
					t.Errorf("%d audit events for the standard, want 3 (create and two moves)", n)
				}
			})
		}
	})
}

func countEvents(t *testing.T, c *client, id string) int {
	t.Helper()
	var events httpapi.AuditEventList
	c.do(http.MethodGet, "/api/v1/audit-events?page_size=200&resource_id="+id, nil).decode(t, &events)
	return len(events.Items)
}

func TestCycleOfDrafts(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		proposal := draftOf(t, c, "海岛 旅游 服务规范")
		var cy httpapi.CycleResponse
		c.do(http.MethodGet, "/api/v1/standards/"+proposal+"/cycle", nil).decode(t, &cy)
		if cy.Months != nil || cy.ApprovedOn != nil || cy.WithinTarget != nil || len(cy.Stages) != 0 || cy.AsOf != "2026-11-28" {
			t.Errorf("a proposal has no cycle yet: %+v", cy)
		}
		running := draftOf(t, c, "海岛 民宿 服务规范")
		move(t, c, running, "drafting", "2025-06-01", http.StatusCreated)
		move(t, c, running, "consultation", "2026-01-15", http.StatusCreated)
		c.do(http.MethodGet, "/api/v1/standards/"+running+"/cycle", nil).decode(t, &cy)
		// 2025-06-01 to 2026-11-28: 17 months to 2026-11-01, 27 days of the 30 to 2026-12-01.
		if math.Abs(deref(cy.Months)-(17+27.0/30)) > 1e-9 || cy.EndedOn != nil || cy.WithinTarget == nil || *cy.WithinTarget {
			t.Errorf("a running draft past 15 months: %+v months %v", cy, deref(cy.Months))
		}
		if diff := cmp.Diff([]httpapi.StageDaysBody{{Stage: "drafting", Days: 228}, {Stage: "consultation", Days: 317}}, cy.Stages); diff != "" {
			t.Errorf("stage days (-want +got):\n%s", diff)
		}
	})
}
