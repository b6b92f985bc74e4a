package httpapi_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

// The callers of the matrix.
const (
	anonymous   = "anonymous"
	admin       = "admin"
	editorOwner = "editor of the owning organization"
	editorOther = "editor of another organization"
	auditor     = "auditor"
	revoked     = "revoked key"
	reader      = "reader (an application's key)"
)

var callers = []string{anonymous, admin, editorOwner, editorOther, auditor, revoked, reader}

// world is what the matrix acts on: two organizations, a key per caller,
// and a factory of fresh targets so every case starts from the same state.
type world struct {
	c          *client
	raw        *sql.DB // the database itself, one pool for the whole world
	keys       map[string]string
	owner      string // 浙江省标准化研究院
	other      string // 宁波市标准化研究院
	serial     int
	standardID string // a published standard of the owner
	draftID    string // a proposal of the owner, numbered DB33/T 3001—2026
}

func newWorld(t *testing.T, c *client) *world {
	t.Helper()
	w := &world{c: c, raw: c.db.Raw(t), keys: map[string]string{admin: c.key, anonymous: ""}}
	w.owner = w.organization(t, "浙江省标准化研究院")
	w.other = w.organization(t, "宁波市标准化研究院")
	w.keys[editorOwner] = c.newKey(access.RoleEditor, w.owner)
	w.keys[editorOther] = c.newKey(access.RoleEditor, w.other)
	w.keys[auditor] = c.newKey(access.RoleAuditor, "")
	w.keys[reader] = c.newKey(access.RoleReader, "")
	w.keys[revoked] = c.newKey(access.RoleAdmin, "")
	var keys httpapi.KeyList
	c.do(http.MethodGet, "/api/v1/keys?page_size=200", nil).decode(t, &keys)
	for _, k := range keys.Items {
		if k.Prefix == w.keys[revoked][:len(k.Prefix)] {
			if r := c.do(http.MethodDelete, "/api/v1/keys/"+k.ID, nil); r.Code != http.StatusOK {
				t.Fatalf("revoke: %d %s", r.Code, r.Body)
			}
		}
	}
	w.standardID = w.published(t)
	w.draftID = w.draft(t, "DB33/T 3001—2026")
	return w
}

func (w *world) organization(t *testing.T, name string) string {
	t.Helper()
	var o httpapi.OrganizationResponse
	r := w.c.do(http.MethodPost, "/api/v1/organizations", map[string]any{"name": name, "kind": "institute", "region": "330100"})
	if r.Code != http.StatusCreated {
		t.Fatalf("organization: %d %s", r.Code, r.Body)
	}
	r.decode(t, &o)
	return o.ID
}

// code returns a local standard number not used before.
func (w *world) code() string {
	w.serial++
	return fmt.Sprintf("DB33/T %d—2024", 5000+w.serial)
}

func (w *world) standardBody(owner string) map[string]any {
	return map[string]any{
		"code": w.code(), "kind": "local", "title_zh": "茶园 病虫害 绿色防控技术规程", "stage": "published",
		"approved_on": "2023-01-10", "published_on": "2024-03-01", "organization_id": owner,
	}
}

func (w *world) published(t *testing.T) string {
	return create(t, w.c, w.standardBody(w.owner)).ID
}

func (w *world) draft(t *testing.T, code string) string {
	body := map[string]any{"kind": "local", "title_zh": "未来社区 建设规范", "stage": "proposal", "organization_id": w.owner}
	if code != "" {
		body["code"] = code
	}
	return create(t, w.c, body).ID
}

// projectBody, pilotBody and bodyBody are records of the owner's.
func (w *world) projectBody() map[string]any {
	return map[string]any{"name": "茶园 病虫害 绿色防控 关键技术", "programme": "尖兵", "category": "key_generic",
		"organization_id": w.owner, "standard_ids": []string{w.standardID}}
}

func (w *world) pilotBody() map[string]any {
	return map[string]any{"name": "湖州市 标准化试点", "kind": "city", "level": "provincial", "region": "330500",
		"approved_on": "2024-02-01", "status": "building", "organization_id": w.owner}
}

// bodyBody is a provincial body with a code not used before.
func (w *world) bodyBody() map[string]any {
	w.serial++
	return map[string]any{"code": fmt.Sprintf("ZJ/TC %d", w.serial), "name": "浙江省茶叶标准化技术委员会", "level": "provincial",
		"secretariat_organization_id": w.owner, "settled_on": "2024-03-01"}
}

// record registers body at path as the admin and returns its id.
func (w *world) record(t *testing.T, path string, body map[string]any) string {
	t.Helper()
	var rec struct {
		ID string `json:"id"`
	}
	mustDo(t, w.c, http.StatusCreated, http.MethodPost, path, body).decode(t, &rec)
	return rec.ID
}

func (w *world) freshKey(t *testing.T) string {
	t.Helper()
	var k httpapi.NewKeyResponse
	w.c.do(http.MethodPost, "/api/v1/keys", map[string]any{"role": "auditor", "name": "临时"}).decode(t, &k)
	return k.ID
}

// auditCount is the number of audit events, read from the table itself.
func (w *world) auditCount(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.raw.QueryRowContext(context.Background(), "SELECT count(*) FROM audit_events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// state sums what a write changes, read from the tables: to prove that
// refused requests changed nothing.
func (w *world) state(t *testing.T) string {
	t.Helper()
	return storedState(t, w.raw)
}

// storedState sums what any write changes: every write records an audit
// event, a change to a record moves its version, a revocation stamps the
// key. Reading it from the tables costs one query where reading it through
// the API cost three validated lists.
func storedState(t *testing.T, raw *sql.DB) string {
	t.Helper()
	var state string
	err := raw.QueryRowContext(context.Background(), `SELECT
		(SELECT count(*) FROM audit_events) || '/' ||
		(SELECT count(*) FROM standards) || '/' || (SELECT coalesce(sum(version), 0) FROM standards) || '/' ||
		(SELECT count(*) FROM organizations) || '/' || (SELECT coalesce(sum(version), 0) FROM organizations) || '/' ||
		(SELECT count(*) FROM api_keys) || '/' || (SELECT count(revoked_at) FROM api_keys) || '/' ||
		(SELECT count(*) FROM standard_transitions) || '/' ||
		(SELECT count(*) FROM projects) || '/' || (SELECT coalesce(sum(version), 0) FROM projects) || '/' ||
		(SELECT count(*) FROM project_standards) || '/' ||
		(SELECT count(*) FROM pilots) || '/' || (SELECT coalesce(sum(version), 0) FROM pilots) || '/' ||
		(SELECT count(*) FROM technical_bodies) || '/' || (SELECT coalesce(sum(version), 0) FROM technical_bodies)`).Scan(&state)
	if err != nil {
		t.Fatalf("read the state: %v", err)
	}
	return state
}

// matrixCase is one endpoint: how to make a request against a fresh target,
// and the status each caller gets.
type matrixCase struct {
	name    string
	request func(t *testing.T, w *world) (method, path string, body any)
	want    map[string]int
}

// statuses builds the expected statuses: everyone gets ok except where
// listed.
func statuses(ok int, except map[string]int) map[string]int {
	m := map[string]int{}
	for _, c := range callers {
		m[c] = ok
	}
	for c, s := range except {
		m[c] = s
	}
	return m
}

func staticRequest(method, path string, body any) func(*testing.T, *world) (string, string, any) {
	return func(*testing.T, *world) (string, string, any) { return method, path, body }
}

var matrix = []matrixCase{
	// Reads of public records: anyone; a revoked key is refused even there.
	{"list standards", staticRequest(http.MethodGet, "/api/v1/standards", nil), statuses(200, map[string]int{revoked: 401})},
	{"read a published standard", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodGet, "/api/v1/standards/" + w.standardID, nil
	}, statuses(200, map[string]int{revoked: 401})},
	{"look a standard up", staticRequest(http.MethodGet, "/api/v1/standards/lookup?code=db33/t5001-2024", nil), statuses(200, map[string]int{revoked: 401})},
	{"read organizations", staticRequest(http.MethodGet, "/api/v1/organizations", nil), statuses(200, map[string]int{revoked: 401})},
	{"read an organization", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodGet, "/api/v1/organizations/" + w.owner, nil
	}, statuses(200, map[string]int{revoked: 401})},
	{"parse a number", staticRequest(http.MethodGet, "/api/v1/codes/parse?code="+url.QueryEscape("GB 17761—2018"), nil), statuses(200, map[string]int{revoked: 401})},

	// An unapproved draft exists only for its owners, auditors and admins.
	{"read a draft", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodGet, "/api/v1/standards/" + w.draftID, nil
	}, statuses(200, map[string]int{anonymous: 404, editorOther: 404, reader: 404, revoked: 401})},
	{"look a draft up", staticRequest(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("DB33/T 3001-2026"), nil),
		statuses(200, map[string]int{anonymous: 404, editorOther: 404, reader: 404, revoked: 401})},

	// Standards: admins, and editors for their own organization.
	{"register a standard", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPost, "/api/v1/standards", w.standardBody(w.owner)
	}, statuses(201, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"change a standard", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPatch, "/api/v1/standards/" + w.published(t), map[string]any{"title_en": "Green control of tea garden pests"}
	}, statuses(200, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"change a draft", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPatch, "/api/v1/standards/" + w.draft(t, ""), map[string]any{"title_en": "Future community"}
	}, statuses(200, map[string]int{anonymous: 401, editorOther: 404, auditor: 403, reader: 404, revoked: 401})},
	{"give a standard to another organization", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPatch, "/api/v1/standards/" + w.published(t), map[string]any{"organization_id": w.other}
	}, statuses(200, map[string]int{anonymous: 401, editorOwner: 403, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"delete a draft", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodDelete, "/api/v1/standards/" + w.draft(t, ""), nil
	}, statuses(204, map[string]int{anonymous: 401, editorOther: 404, auditor: 403, reader: 404, revoked: 401})},

	// The plan's other registries: read by anyone; written by admins, and
	// by editors for their own organization's records.
	{"list projects", staticRequest(http.MethodGet, "/api/v1/projects", nil), statuses(200, map[string]int{revoked: 401})},
	{"register a project", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPost, "/api/v1/projects", w.projectBody()
	}, statuses(201, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"change a project", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPatch, "/api/v1/projects/" + w.record(t, "/api/v1/projects", w.projectBody()), map[string]any{"programme": "领雁"}
	}, statuses(200, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"delete a project", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodDelete, "/api/v1/projects/" + w.record(t, "/api/v1/projects", w.projectBody()), nil
	}, statuses(204, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"read a pilot", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodGet, "/api/v1/pilots/" + w.record(t, "/api/v1/pilots", w.pilotBody()), nil
	}, statuses(200, map[string]int{revoked: 401})},
	{"register a pilot", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPost, "/api/v1/pilots", w.pilotBody()
	}, statuses(201, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"revoke a pilot", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPatch, "/api/v1/pilots/" + w.record(t, "/api/v1/pilots", w.pilotBody()), map[string]any{"status": "revoked"}
	}, statuses(200, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"read technical bodies", staticRequest(http.MethodGet, "/api/v1/technical-bodies", nil), statuses(200, map[string]int{revoked: 401})},
	{"register a technical body", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPost, "/api/v1/technical-bodies", w.bodyBody()
	}, statuses(201, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},
	{"delete a technical body", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodDelete, "/api/v1/technical-bodies/" + w.record(t, "/api/v1/technical-bodies", w.bodyBody()), nil
	}, statuses(204, map[string]int{anonymous: 401, editorOther: 403, auditor: 403, reader: 403, revoked: 401})},

	// Organizations and keys: admins; the audit log and keys' records: admins and auditors.
	{"register an organization", staticRequest(http.MethodPost, "/api/v1/organizations", map[string]any{"name": "温州市标准化研究院", "kind": "institute"}),
		statuses(403, map[string]int{admin: 201, anonymous: 401, revoked: 401})},
	{"change an organization", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPatch, "/api/v1/organizations/" + w.organization(t, "湖州市标准化研究院"), map[string]any{"region": "330500"}
	}, statuses(403, map[string]int{admin: 200, anonymous: 401, revoked: 401})},
	{"change one's own organization", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodPatch, "/api/v1/organizations/" + w.owner, map[string]any{"region": "330106"}
	}, statuses(403, map[string]int{admin: 200, anonymous: 401, revoked: 401})},
	{"delete an organization", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodDelete, "/api/v1/organizations/" + w.organization(t, "嘉兴市标准化研究院"), nil
	}, statuses(403, map[string]int{admin: 204, anonymous: 401, revoked: 401})},
	{"create a key", staticRequest(http.MethodPost, "/api/v1/keys", map[string]any{"role": "auditor", "name": "省审计厅"}),
		statuses(403, map[string]int{admin: 201, anonymous: 401, revoked: 401})},
	{"list keys", staticRequest(http.MethodGet, "/api/v1/keys", nil),
		statuses(403, map[string]int{admin: 200, auditor: 200, anonymous: 401, revoked: 401})},
	{"read a key", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodGet, "/api/v1/keys/" + w.freshKey(t), nil
	}, statuses(403, map[string]int{admin: 200, auditor: 200, anonymous: 401, revoked: 401})},
	{"revoke a key", func(t *testing.T, w *world) (string, string, any) {
		return http.MethodDelete, "/api/v1/keys/" + w.freshKey(t), nil
	}, statuses(403, map[string]int{admin: 200, anonymous: 401, revoked: 401})},
	{"read the audit log", staticRequest(http.MethodGet, "/api/v1/audit-events", nil),
		statuses(403, map[string]int{admin: 200, auditor: 200, anonymous: 401, revoked: 401})},
}

// TestAccessMatrix walks every endpoint for every caller: the status, that
// a refused request changed nothing and left no audit event, and that an
// allowed write left exactly one.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newWorld(t, c)
		create(t, c, w.standardBody(w.owner)) // DB33/T 5001—2024, which the lookup case finds
		for _, mc := range matrix {
			for _, caller := range callers {
				t.Run(mc.name+"/"+caller, func(t *testing.T) {
					method, path, body := mc.request(t, w)
					beforeState, beforeEvents := w.state(t), w.auditCount(t)
					r := c.as(w.keys[caller]).do(method, path, body)
					want := mc.want[caller]
					if r.Code != want {
						t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, caller, r.Code, want, r.Body)
					}
					events := w.auditCount(t) - beforeEvents
					switch {
					case r.Code >= 400:
						if events != 0 {
							t.Errorf("a refused request left %d audit events", events)
						}
						if diff := cmp.Diff(beforeState, w.state(t)); diff != "" {
							t.Errorf("a refused request changed the registry:\n%s", diff)
						}
						if p := r.problem(t); p.Status != want {
							t.Errorf("problem status %d, want %d", p.Status, want)
						}
					case method != http.MethodGet && events != 1:
						t.Errorf("an allowed write left %d audit events, want 1", events)
					case method == http.MethodGet && events != 0:
						t.Errorf("a read left %d audit events", events)
					}
				})
			}
		}
	})
}

// TestDraftsAreAbsentFromListsOfThoseWhoMayNotSeeThem: a list shows each
// caller exactly the drafts it may see, and counts nothing else.
func TestDraftsAreAbsentFromListsOfThoseWhoMayNotSeeThem(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newWorld(t, c)
		otherDraft := create(t, c, map[string]any{"kind": "local", "title_zh": "甬江 流域 水质监测规范", "stage": "preliminary", "organization_id": w.other}).ID
		for caller, want := range map[string][]string{
			anonymous:   {w.standardID},
			editorOwner: {w.standardID, w.draftID},
			editorOther: {w.standardID, otherDraft},
			auditor:     {w.standardID, w.draftID, otherDraft},
			admin:       {w.standardID, w.draftID, otherDraft},
		} {
			t.Run(caller, func(t *testing.T) {
				for _, query := range []string{"sort=created_at", "sort=created_at&kind=local", "sort=created_at&q=" + url.QueryEscape("规范")} {
					var page httpapi.StandardList
					c.as(w.keys[caller]).do(http.MethodGet, "/api/v1/standards?"+query, nil).decode(t, &page)
					var got []string
					for _, st := range page.Items {
						if st.ID != w.standardID && st.ID != w.draftID && st.ID != otherDraft {
							continue
						}
						got = append(got, st.ID)
					}
					if query == "sort=created_at&q="+url.QueryEscape("规范") {
						want := filter(want, func(id string) bool { return id != w.standardID })
						if diff := cmp.Diff(want, got); diff != "" {
							t.Errorf("%s: (-want +got)\n%s", query, diff)
						}
						continue
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s: (-want +got)\n%s", query, diff)
					}
				}
				// The stage filter cannot be used to reach hidden drafts.
				var proposals httpapi.StandardList
				c.as(w.keys[caller]).do(http.MethodGet, "/api/v1/standards?stage=proposal", nil).decode(t, &proposals)
				for _, st := range proposals.Items {
					if !containsString(want, st.ID) {
						t.Errorf("stage=proposal showed %s a draft it may not see: %s", caller, st.ID)
					}
				}
			})
		}
	})
}

// TestEditorRegistersForItsOwnOrganization: an editor's record belongs to its
// organization without saying so, and is recorded as the editor's.
func TestEditorRegistersForItsOwnOrganization(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newWorld(t, c)
		editor := c.as(w.keys[editorOwner])
		r := editor.do(http.MethodPost, "/api/v1/standards", map[string]any{"kind": "local", "title_zh": "共同富裕 示范区 评价指南", "stage": "preliminary"})
		var st httpapi.StandardResponse
		r.decode(t, &st)
		if r.Code != http.StatusCreated || deref(st.OrganizationID) != w.owner {
			t.Fatalf("%d, organization %v; want 201 owned by %s", r.Code, st.OrganizationID, w.owner)
		}
		var events httpapi.AuditEventList
		c.do(http.MethodGet, "/api/v1/audit-events?resource_id="+st.ID, nil).decode(t, &events)
		if len(events.Items) != 1 || events.Items[0].KeyName != "editor for tests" || events.Items[0].Action != "standard.create" {
			t.Errorf("audit of the editor's registration: %+v", events.Items)
		}
	})
}

func filter(ids []string, keep func(string) bool) []string {
	var out []string
	for _, id := range ids {
		if keep(id) {
			out = append(out, id)
		}
	}
	return out
}
