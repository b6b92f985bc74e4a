package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
	"stdreg/internal/store/storetest"
)

// steppingClock moves 1.25 s each time it is read, so that every write
// happens at an instant of its own (some on whole seconds, most not) and the
// from/to filters can tell writes apart. It starts at the tests' fixed today.
type steppingClock struct {
	mu sync.Mutex
	t  time.Time
}

func newSteppingClock() *steppingClock { return &steppingClock{t: today} }

func (c *steppingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(1250 * time.Millisecond)
	return c.t
}

// eachStepping runs test on a fresh database of each kind, through a client
// whose clock moves a second at every reading.
func eachStepping(t *testing.T, test func(t *testing.T, c *client)) {
	t.Helper()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		test(t, newClientOn(t, db, clientConfig{now: newSteppingClock().now}))
	})
}

// listAuditEvents reads one page of the audit log and fails unless it is 200.
func listAuditEvents(t *testing.T, c *client, query string) (httpapi.AuditEventList, response) {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/audit-events?"+query, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("audit events ?%s: %d %s", query, r.Code, r.Body)
	}
	var page httpapi.AuditEventList
	r.decode(t, &page)
	return page, r
}

// walkAuditEvents follows next_page_token from the first page of query to
// the last, failing on a repeated event, and returns the events in order and
// the number of pages read.
func walkAuditEvents(t *testing.T, c *client, query string) (events []httpapi.AuditEventResponse, pages int) {
	t.Helper()
	seen := map[string]bool{}
	token := ""
	for {
		q := query
		if token != "" {
			q += "&page_token=" + url.QueryEscape(token)
		}
		page, _ := listAuditEvents(t, c, q)
		pages++
		for _, ev := range page.Items {
			if seen[ev.ID] {
				t.Fatalf("?%s: event %s (%s) appears on two pages", query, ev.ID, ev.Action)
			}
			seen[ev.ID] = true
			events = append(events, ev)
		}
		if page.NextPageToken == "" {
			return events, pages
		}
		if len(page.Items) == 0 {
			t.Fatalf("?%s: an empty page with a next_page_token", query)
		}
		if pages > 100 {
			t.Fatalf("?%s: more than 100 pages; the tokens do not advance", query)
		}
		token = page.NextPageToken
	}
}

// allAuditEvents is the whole audit log, newest first.
func allAuditEvents(t *testing.T, c *client) []httpapi.AuditEventResponse {
	t.Helper()
	events, _ := walkAuditEvents(t, c, "page_size=200")
	return events
}

func eventIDs(events []httpapi.AuditEventResponse) []string {
	ids := make([]string, len(events))
	for i, ev := range events {
		ids[i] = ev.ID
	}
	return ids
}

// snapshot decodes an event's before or after; nil for JSON null.
func snapshot(t *testing.T, raw json.RawMessage) map[string]any {
	t.Helper()
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("snapshot %s: %v", raw, err)
	}
	return m
}

// mustDo sends a request and fails the test unless it answers status.
func mustDo(t *testing.T, c *client, status int, method, path string, body any, headers ...string) response {
	t.Helper()
	r := c.do(method, path, body, headers...)
	if r.Code != status {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, r.Code, status, r.Body)
	}
	return r
}

// recorded is a write the test made and the event it expects for it.
type recorded struct {
	what         string
	keyID        *string // nil: the command line
	keyName      string
	action       string
	resourceType string
	resourceID   string
	requestID    string
	check        func(t *testing.T, before, after map[string]any)

	event httpapi.AuditEventResponse // the event found for it
}

// TestAuditLogRecordsEveryWrite makes one write of each kind, with two admin
// keys, and reads them back from the audit log: one event per write, newest
// first, with who, what, the request ID and the values before and after;
// then narrows the log with each filter and walks it in pages.
func TestAuditLogRecordsEveryWrite(t *testing.T) {
	t.Parallel()
	eachStepping(t, func(t *testing.T, c *client) {
		idA := keyIDOf(t, c, c.key)
		nameA := "admin for tests"
		var want []recorded
		// The command line made the first admin key: an event without a key id.
		want = append(want, recorded{what: "key made by the command line", keyName: "stdreg command line",
			action: "key.create", resourceType: "key", resourceID: idA,
			check: func(t *testing.T, before, after map[string]any) {
				prefix, _ := after["prefix"].(string)
				if before != nil || after["role"] != "admin" || prefix == "" || !strings.HasPrefix(c.key, prefix) {
					t.Errorf("before %v, after %v", before, after)
				}
			}})
		write := func(as *client, status int, method, path string, body any, headers ...string) response {
			t.Helper()
			r := mustDo(t, as, status, method, path, body, headers...)
			if r.Header.Get("X-Request-ID") == "" {
				t.Fatalf("%s %s: no X-Request-ID", method, path)
			}
			return r
		}
		expect := func(r response, keyID string, keyName, what, action, resourceType, resourceID string, check func(t *testing.T, before, after map[string]any)) {
			want = append(want, recorded{what: what, keyID: &keyID, keyName: keyName, action: action,
				resourceType: resourceType, resourceID: resourceID, requestID: r.Header.Get("X-Request-ID"), check: check})
		}

		// 1. An organization.
		r := write(c, 201, http.MethodPost, "/api/v1/organizations", zjInstitute())
		var org httpapi.OrganizationResponse
		r.decode(t, &org)
		expect(r, idA, nameA, "create organization", "organization.create", "organization", org.ID, func(t *testing.T, before, after map[string]any) {
			if before != nil || after["name"] != "浙江省标准化研究院" || after["region"] != "330100" {
				t.Errorf("before %v, after %v", before, after)
			}
		})

		// 2. A standard of it, with the caller's own request ID.
		body := db33()
		body["organization_id"] = org.ID
		r = write(c, 201, http.MethodPost, "/api/v1/standards", body, "X-Request-ID", "zj-audit-0002")
		var st httpapi.StandardResponse
		r.decode(t, &st)
		if r.Header.Get("X-Request-ID") != "zj-audit-0002" {
			t.Fatalf("X-Request-ID %q, want the caller's", r.Header.Get("X-Request-ID"))
		}
		expect(r, idA, nameA, "create standard", "standard.create", "standard", st.ID, func(t *testing.T, before, after map[string]any) {
			if before != nil || after["code"] != "DB33/T 2349—2021" || after["title_zh"] != "数字化改革 术语定义" || after["organization_id"] != org.ID {
				t.Errorf("before %v, after %v", before, after)
			}
		})

		// 3. A change of its title.
		r = write(c, 200, http.MethodPatch, "/api/v1/standards/"+st.ID, `{"title_zh": "数字化改革 术语和定义"}`,
			"Content-Type", mergePatchJSON, "If-Match", `"1"`)
		expect(r, idA, nameA, "patch standard", "standard.update", "standard", st.ID, func(t *testing.T, before, after map[string]any) {
			if before["title_zh"] != "数字化改革 术语定义" || after["title_zh"] != "数字化改革 术语和定义" {
				t.Errorf("title_zh before %v, after %v; want the old and the new title", before["title_zh"], after["title_zh"])
			}
			if before["version"] != float64(1) || after["version"] != float64(2) {
				t.Errorf("version before %v, after %v; want 1, 2", before["version"], after["version"])
			}
			if before["code"] != after["code"] || after["code"] != "DB33/T 2349—2021" {
				t.Errorf("code before %v, after %v; the patch did not change it", before["code"], after["code"])
			}
		})

		// 4. and 5. A draft, then its deletion.
		r = write(c, 201, http.MethodPost, "/api/v1/standards", map[string]any{"kind": "local", "title_zh": "茶叶 绿茶加工技术规程", "stage": "proposal", "region": "330100"})
		var draft httpapi.StandardResponse
		r.decode(t, &draft)
		expect(r, idA, nameA, "create draft", "standard.create", "standard", draft.ID, func(t *testing.T, before, after map[string]any) {
			if before != nil || after["stage"] != "proposal" {
				t.Errorf("before %v, after %v", before, after)
			}
		})
		r = write(c, 204, http.MethodDelete, "/api/v1/standards/"+draft.ID, nil, "If-Match", `"1"`)
		expect(r, idA, nameA, "delete draft", "standard.delete", "standard", draft.ID, func(t *testing.T, before, after map[string]any) {
			if before["title_zh"] != "茶叶 绿茶加工技术规程" || after != nil {
				t.Errorf("before %v, after %v; want the draft, then null", before, after)
			}
		})

		// 6. A second admin key, B.
		nameB := "浙江省市场监督管理局 标准化处"
		r = write(c, 201, http.MethodPost, "/api/v1/keys", map[string]any{"role": "admin", "name": nameB})
		var keyB httpapi.NewKeyResponse
		r.decode(t, &keyB)
		expect(r, idA, nameA, "create key B", "key.create", "key", keyB.ID, func(t *testing.T, before, after map[string]any) {
			if before != nil || after["role"] != "admin" || after["name"] != nameB || after["prefix"] != keyB.Prefix {
				t.Errorf("before %v, after %v", before, after)
			}
			if _, ok := after["hash"]; ok {
				t.Errorf("the event holds the key's hash: %v", after)
			}
		})
		b := c.as(keyB.Key)

		// 7. and 8. B makes an editor's key and revokes it.
		r = write(b, 201, http.MethodPost, "/api/v1/keys", map[string]any{"role": "editor", "organization_id": org.ID, "name": "浙江省标准化研究院 录入"})
		var keyE httpapi.NewKeyResponse
		r.decode(t, &keyE)
		expect(r, keyB.ID, nameB, "create editor key", "key.create", "key", keyE.ID, func(t *testing.T, before, after map[string]any) {
			if before != nil || after["role"] != "editor" || after["organization_id"] != org.ID {
				t.Errorf("before %v, after %v", before, after)
			}
		})
		r = write(b, 200, http.MethodDelete, "/api/v1/keys/"+keyE.ID, nil)
		expect(r, keyB.ID, nameB, "revoke editor key", "key.revoke", "key", keyE.ID, func(t *testing.T, before, after map[string]any) {
			if before == nil || before["revoked_at"] != nil || after == nil || after["revoked_at"] == nil {
				t.Errorf("revoked_at before %v, after %v; want unset, then set", before["revoked_at"], after["revoked_at"])
			}
			if before["id"] != keyE.ID || after["id"] != keyE.ID {
				t.Errorf("before %v, after %v; want the revoked key", before, after)
			}
		})

		// 9. B changes the organization.
		r = write(b, 200, http.MethodPatch, "/api/v1/organizations/"+org.ID, `{"region": "330000"}`, "Content-Type", mergePatchJSON)
		expect(r, keyB.ID, nameB, "patch organization", "organization.update", "organization", org.ID, func(t *testing.T, before, after map[string]any) {
			if before["region"] != "330100" || after["region"] != "330000" || after["name"] != "浙江省标准化研究院" {
				t.Errorf("before %v, after %v", before, after)
			}
		})

		// 10. and 11. A registers a bureau, B deletes it.
		r = write(c, 201, http.MethodPost, "/api/v1/organizations", hangzhouBureau())
		var bureau httpapi.OrganizationResponse
		r.decode(t, &bureau)
		expect(r, idA, nameA, "create bureau", "organization.create", "organization", bureau.ID, func(t *testing.T, before, after map[string]any) {
			if before != nil || after["name"] != "杭州市市场监督管理局" {
				t.Errorf("before %v, after %v", before, after)
			}
		})
		r = write(b, 204, http.MethodDelete, "/api/v1/organizations/"+bureau.ID, nil, "If-Match", `"1"`)
		expect(r, keyB.ID, nameB, "delete bureau", "organization.delete", "organization", bureau.ID, func(t *testing.T, before, after map[string]any) {
			if before["name"] != "杭州市市场监督管理局" || before["kind"] != "government" || after != nil {
				t.Errorf("before %v, after %v; want the bureau, then null", before, after)
			}
		})

		// Reads are not writes: they add nothing.
		c.do(http.MethodGet, "/api/v1/standards/"+st.ID, nil)
		c.do(http.MethodGet, "/api/v1/keys", nil)

		all := allAuditEvents(t, c)
		if len(all) != len(want) {
			t.Fatalf("%d events, want %d (one per write): %+v", len(all), len(want), all)
		}
		for i := range want {
			w := &want[len(want)-1-i] // newest first
			ev := all[i]
			w.event = ev
			t.Run(fmt.Sprintf("%d %s", len(want)-i, w.what), func(t *testing.T) {
				if !slices.Equal([]string{ev.Action, ev.ResourceType, ev.ResourceID}, []string{w.action, w.resourceType, w.resourceID}) {
					t.Fatalf("event %s %s %s, want %s %s %s (newest first)", ev.Action, ev.ResourceType, ev.ResourceID, w.action, w.resourceType, w.resourceID)
				}
				if !cmp.Equal(ev.KeyID, w.keyID) || ev.KeyName != w.keyName {
					t.Errorf("key %v %q, want %v %q", deref(ev.KeyID), ev.KeyName, deref(w.keyID), w.keyName)
				}
				if ev.RequestID != w.requestID {
					t.Errorf("request_id %q, want %q (the write's X-Request-ID)", ev.RequestID, w.requestID)
				}
				if i+1 < len(all) && !ev.OccurredAt.After(all[i+1].OccurredAt) {
					t.Errorf("occurred_at %s is not after the next (older) event's %s", ev.OccurredAt, all[i+1].OccurredAt)
				}
				if ev.OccurredAt.Location() != time.UTC {
					t.Errorf("occurred_at %s is not in UTC", ev.OccurredAt)
				}
				w.check(t, snapshot(t, ev.Before), snapshot(t, ev.After))
			})
		}

		ids := func(pick func(w recorded) bool) []string {
			var out []string
			for i := len(want) - 1; i >= 0; i-- {
				if pick(want[i]) {
					out = append(out, want[i].event.ID)
				}
			}
			return out
		}
		at := func(i int) string { return want[i].event.OccurredAt.Format(time.RFC3339Nano) }
		inChina := func(i int) string {
			return want[i].event.OccurredAt.In(time.FixedZone("CST", 8*60*60)).Format(time.RFC3339Nano)
		}
		someone := "0193a1b2-0000-7000-8000-000000000000"
		for _, tc := range []struct {
			name, query string
			want        []string
		}{
			{"resource_type standard", "resource_type=standard", ids(func(w recorded) bool { return w.resourceType == "standard" })},
			{"resource_type key", "resource_type=key", ids(func(w recorded) bool { return w.resourceType == "key" })},
			{"resource_type organization", "resource_type=organization", ids(func(w recorded) bool { return w.resourceType == "organization" })},
			{"resource_id", "resource_id=" + st.ID, ids(func(w recorded) bool { return w.resourceID == st.ID })},
			{"resource_id of a deleted draft", "resource_type=standard&resource_id=" + draft.ID, ids(func(w recorded) bool { return w.resourceID == draft.ID })},
			{"resource_id of no resource", "resource_id=" + someone, nil},
			{"actor A", "actor=" + idA, ids(func(w recorded) bool { return w.keyID != nil && *w.keyID == idA })},
			{"actor B", "actor=" + keyB.ID, ids(func(w recorded) bool { return w.keyID != nil && *w.keyID == keyB.ID })},
			{"actor that never wrote", "actor=" + keyE.ID, nil},
			{"action standard.update", "action=standard.update", ids(func(w recorded) bool { return w.action == "standard.update" })},
			{"action key.create", "action=key.create", ids(func(w recorded) bool { return w.action == "key.create" })},
			{"action key.revoke", "action=key.revoke", ids(func(w recorded) bool { return w.action == "key.revoke" })},
			{"action organization.delete", "action=organization.delete", ids(func(w recorded) bool { return w.action == "organization.delete" })},
			{"resource_id of a deleted organization", "resource_type=organization&resource_id=" + bureau.ID, ids(func(w recorded) bool { return w.resourceID == bureau.ID })},
			{"action nobody took", "action=standard.move", nil},
			{"actor and action", "actor=" + keyB.ID + "&action=key.create", ids(func(w recorded) bool {
				return w.keyID != nil && *w.keyID == keyB.ID && w.action == "key.create"
			})},
			{"from is inclusive", "from=" + url.QueryEscape(at(3)), ids(func(w recorded) bool { return !w.event.OccurredAt.Before(want[3].event.OccurredAt) })},
			{"to is exclusive", "to=" + url.QueryEscape(at(3)), ids(func(w recorded) bool { return w.event.OccurredAt.Before(want[3].event.OccurredAt) })},
			{"from and to", "from=" + url.QueryEscape(at(3)) + "&to=" + url.QueryEscape(at(6)), []string{want[5].event.ID, want[4].event.ID, want[3].event.ID}},
			{"from and to in Beijing time", "from=" + url.QueryEscape(inChina(3)) + "&to=" + url.QueryEscape(inChina(6)), []string{want[5].event.ID, want[4].event.ID, want[3].event.ID}},
			{"from after the last write", "from=" + url.QueryEscape(want[len(want)-1].event.OccurredAt.Add(time.Second).Format(time.RFC3339)), nil},
			{"window and type", "resource_type=standard&from=" + url.QueryEscape(at(3)) + "&to=" + url.QueryEscape(at(6)), []string{want[5].event.ID, want[4].event.ID, want[3].event.ID}},
		} {
			t.Run("filter "+tc.name, func(t *testing.T) {
				events, _ := walkAuditEvents(t, c, tc.query)
				got := eventIDs(events)
				if len(tc.want) == 0 && len(got) == 0 {
					return
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("?%s lists %d events %v, want %d %v", tc.query, len(got), got, len(tc.want), tc.want)
				}
			})
		}
		if len(ids(func(w recorded) bool { return w.resourceType == "standard" })) != 4 || len(ids(func(w recorded) bool { return w.keyID != nil && *w.keyID == keyB.ID })) != 4 {
			t.Fatal("the test's own expectations are wrong") // guards the filters above against vacuous truth
		}

		t.Run("pages of 2 walk everything", func(t *testing.T) {
			events, pages := walkAuditEvents(t, c, "page_size=2")
			if !slices.Equal(eventIDs(events), eventIDs(all)) {
				t.Errorf("pages of 2 list %v, want %v", eventIDs(events), eventIDs(all))
			}
			if want := (len(all) + 1) / 2; pages != want {
				t.Errorf("%d pages, want %d", pages, want)
			}
		})
		t.Run("pages of 1 under a filter", func(t *testing.T) {
			events, pages := walkAuditEvents(t, c, "resource_type=standard&page_size=1")
			wantIDs := ids(func(w recorded) bool { return w.resourceType == "standard" })
			if !slices.Equal(eventIDs(events), wantIDs) || pages != len(wantIDs) {
				t.Errorf("%d pages listing %v, want %d listing %v", pages, eventIDs(events), len(wantIDs), wantIDs)
			}
		})
		t.Run("pages stay stable while events are added", func(t *testing.T) {
			first, _ := listAuditEvents(t, c, "page_size=3")
			mustDo(t, c, 201, http.MethodPost, "/api/v1/organizations", hangzhouBureau())
			got := eventIDs(first.Items)
			for token := first.NextPageToken; token != "" && len(got) <= len(all); {
				page, _ := listAuditEvents(t, c, "page_size=3&page_token="+url.QueryEscape(token))
				got, token = append(got, eventIDs(page.Items)...), page.NextPageToken
			}
			if !slices.Equal(got, eventIDs(all)) {
				t.Errorf("a walk begun before a new write lists %v, want %v", got, eventIDs(all))
			}
		})

		t.Run("an auditor reads the same log", func(t *testing.T) {
			page, _ := listAuditEvents(t, c.as(c.newKey(access.RoleAuditor, "")), "page_size=200")
			if len(page.Items) < len(all) {
				t.Errorf("the auditor sees %d events, want at least %d", len(page.Items), len(all))
			}
		})
	})
}

// TestAuditLogHoldsNoKeySecret: neither the listed events nor the table
// itself hold any key's secret (nor its hash), though keys were made, used
// and revoked.
func TestAuditLogHoldsNoKeySecret(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute())
		secrets := []string{c.key}
		for _, body := range []map[string]any{
			{"role": "admin", "name": "省局 管理员"},
			{"role": "editor", "organization_id": org.ID, "name": "浙江省标准化研究院 录入"},
			{"role": "auditor", "name": "省局 审计"},
		} {
			r := mustDo(t, c, 201, http.MethodPost, "/api/v1/keys", body)
			var k httpapi.NewKeyResponse
			r.decode(t, &k)
			secrets = append(secrets, k.Key)
			// Use it, then revoke it: events whose before and after are the key.
			c.as(k.Key).do(http.MethodGet, "/api/v1/standards", nil)
			mustDo(t, c, 200, http.MethodDelete, "/api/v1/keys/"+k.ID, nil)
		}
		secrets = append(secrets, c.newKey(access.RoleAuditor, ""))
		auditor := c.as(secrets[len(secrets)-1])

		_, raw := listAuditEvents(t, auditor, "page_size=200")
		var page httpapi.AuditEventList
		raw.decode(t, &page)
		if n := len(page.Items); n < 8 {
			t.Fatalf("%d events; want at least the 8 writes", n)
		}
		for _, secret := range secrets {
			for _, leak := range []string{secret, secret[len(secret)-20:], access.HashSecret(secret)} {
				if bytes.Contains(raw.Body, []byte(leak)) {
					t.Errorf("GET /api/v1/audit-events holds %.12s…", leak)
				}
			}
			for _, ev := range page.Items {
				if bytes.Contains(ev.Before, []byte(secret[7:])) || bytes.Contains(ev.After, []byte(secret[7:])) {
					t.Errorf("event %s (%s) holds a key's secret", ev.ID, ev.Action)
				}
			}
		}
		for _, row := range rawRows(t, c, "SELECT * FROM audit_events") {
			for column, value := range row {
				for _, secret := range secrets {
					if strings.Contains(value, secret[7:]) || strings.Contains(value, access.HashSecret(secret)) {
						t.Errorf("audit_events.%s holds a key's secret or hash", column)
					}
				}
			}
		}
	})
}

// TestRefusedWritesLeaveNoEvent: a write that is refused — invalid, a
// duplicate, a stale If-Match, a conflict, a role that may not — changes
// nothing, so it records nothing either.
func TestRefusedWritesLeaveNoEvent(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, alibaba())
		st := create(t, c, gb17761())
		draft := create(t, c, map[string]any{"kind": "local", "title_zh": "茶叶 绿茶加工技术规程", "stage": "proposal"})
		r := mustDo(t, c, 201, http.MethodPost, "/api/v1/keys", map[string]any{"role": "editor", "organization_id": org.ID})
		var editor httpapi.NewKeyResponse
		r.decode(t, &editor)
		mustDo(t, c, 200, http.MethodDelete, "/api/v1/keys/"+editor.ID, nil)
		mustDo(t, c, 200, http.MethodPatch, "/api/v1/standards/"+st.ID, `{"title_en": "Safety technical specification for electric bicycles"}`, "Content-Type", mergePatchJSON)
		before := allAuditEvents(t, c)
		if len(before) != 7 {
			t.Fatalf("%d events after 6 writes and the command line's key, want 7", len(before))
		}
		auditor := c.as(c.newKey(access.RoleAuditor, ""))
		before = allAuditEvents(t, c) // with the auditor key's creation

		for _, tc := range []struct {
			name         string
			as           *client
			method, path string
			body         any
			status       int
			headers      []string
		}{
			{"invalid standard", c, http.MethodPost, "/api/v1/standards", map[string]any{"kind": "provincial", "title_zh": "茶叶"}, 400, nil},
			{"unknown field", c, http.MethodPost, "/api/v1/organizations", map[string]any{"name": "杭州市市场监督管理局", "kind": "government", "leader": "x"}, 400, nil},
			{"invalid key", c, http.MethodPost, "/api/v1/keys", map[string]any{"role": "owner"}, 400, nil},
			{"invalid patch", c, http.MethodPatch, "/api/v1/standards/" + st.ID, `{"stage": "withdrawn"}`, 400, []string{"Content-Type", mergePatchJSON}},
			{"duplicate number", c, http.MethodPost, "/api/v1/standards", gb17761(), 409, nil},
			{"duplicate credit code", c, http.MethodPost, "/api/v1/organizations", alibaba(), 409, nil},
			{"delete a published standard", c, http.MethodDelete, "/api/v1/standards/" + st.ID, nil, 409, nil},
			{"delete an organization with a key", c, http.MethodDelete, "/api/v1/organizations/" + org.ID, nil, 409, nil},
			{"revoke a revoked key", c, http.MethodDelete, "/api/v1/keys/" + editor.ID, nil, 409, nil},
			{"stale If-Match on a standard", c, http.MethodPatch, "/api/v1/standards/" + st.ID, `{"title_zh": "改"}`, 412, []string{"Content-Type", mergePatchJSON, "If-Match", `"1"`}},
			{"stale If-Match on a delete", c, http.MethodDelete, "/api/v1/standards/" + draft.ID, nil, 412, []string{"If-Match", `"2"`}},
			{"stale If-Match on an organization", c, http.MethodPatch, "/api/v1/organizations/" + org.ID, `{"region": "330000"}`, 412, []string{"Content-Type", mergePatchJSON, "If-Match", `"9"`}},
			{"an auditor writes", auditor, http.MethodPost, "/api/v1/organizations", hangzhouBureau(), 403, nil},
			{"a revoked key writes", c.as(editor.Key), http.MethodPost, "/api/v1/standards", map[string]any{"kind": "local", "title_zh": "茶叶", "stage": "proposal"}, 401, nil},
			{"nobody writes", c.as(""), http.MethodDelete, "/api/v1/standards/" + draft.ID, nil, 401, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := tc.as.do(tc.method, tc.path, tc.body, tc.headers...)
				if r.Code != tc.status {
					t.Fatalf("%d, want %d: %s", r.Code, tc.status, r.Body)
				}
				after := allAuditEvents(t, c)
				if !slices.Equal(eventIDs(after), eventIDs(before)) {
					t.Errorf("the refused write added %d events: %+v", len(after)-len(before), after[:len(after)-len(before)])
				}
			})
		}
	})
}

func TestListAuditEventsRejectsBadParameters(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for range 3 {
			c.newKey(access.RoleAuditor, "") // events to page through
		}
		first, _ := listAuditEvents(t, c, "page_size=2")
		if first.NextPageToken == "" {
			t.Fatal("no next_page_token on a first page of 2 out of 4")
		}
		tampered := []byte(first.NextPageToken)
		tampered[len(tampered)/2] ^= 1
		typed, _ := listAuditEvents(t, c, "resource_type=key&page_size=1")
		for _, tc := range []struct{ name, query, field string }{
			{"unknown action", "action=standard.publish", "action"},
			{"action of a read", "action=audit.read", "action"},
			{"unknown resource type", "resource_type=document", "resource_type"},
			{"actor not a uuid", "actor=浙江省标准化研究院", "actor"},
			{"actor a key's prefix", "actor=stdreg_abcde", "actor"},
			{"from a date", "from=2026-11-28", "from"},
			{"from without a zone", "from=2026-11-28T10:00:00", "from"},
			{"to in words", "to=yesterday", "to"},
			{"unknown parameter", "kind=local", "kind"},
			{"page_size 0", "page_size=0", "page_size"},
			{"page_size 201", "page_size=201", "page_size"},
			{"tampered token", "page_size=2&page_token=" + url.QueryEscape(string(tampered)), "page_token"},
			{"token of another filter", "resource_type=standard&page_size=1&page_token=" + url.QueryEscape(typed.NextPageToken), "page_token"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantFieldError(t, c.do(http.MethodGet, "/api/v1/audit-events?"+tc.query, nil), tc.field)
			})
		}
	})
}
