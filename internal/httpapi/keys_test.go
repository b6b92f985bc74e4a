package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/httpapi"
	"stdreg/internal/store/storetest"
)

// keyShape is every key: the recognizable prefix, then 52 base32
// characters (260 bits, 256 of them random).
var keyShape = regexp.MustCompile(`^stdreg_[a-z2-7]{52}$`)

// createKey asks for a key as c and fails the test unless it is made.
func createKey(t *testing.T, c *client, body map[string]any) (httpapi.NewKeyResponse, response) {
	t.Helper()
	r := c.do(http.MethodPost, "/api/v1/keys", body)
	if r.Code != http.StatusCreated {
		t.Fatalf("create key %v: %d %s", body, r.Code, r.Body)
	}
	var k httpapi.NewKeyResponse
	r.decode(t, &k)
	return k, r
}

// getKey reads a key's record and fails unless it is 200.
func getKey(t *testing.T, c *client, id string) (httpapi.KeyResponse, response) {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/keys/"+id, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("get key %s: %d %s", id, r.Code, r.Body)
	}
	var k httpapi.KeyResponse
	r.decode(t, &k)
	return k, r
}

// keyIDOf finds the id of the key whose secret is secret by its prefix.
func keyIDOf(t *testing.T, c *client, secret string) string {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/keys?page_size=200", nil)
	if r.Code != http.StatusOK {
		t.Fatalf("list keys: %d %s", r.Code, r.Body)
	}
	var page httpapi.KeyList
	r.decode(t, &page)
	id := ""
	for _, k := range page.Items {
		if k.Prefix != "" && strings.HasPrefix(secret, k.Prefix) {
			if id != "" {
				t.Fatalf("two keys have the prefix %s", k.Prefix)
			}
			id = k.ID
		}
	}
	if id == "" {
		t.Fatalf("no key has the prefix of %.12s", secret)
	}
	return id
}

// leaks reports whether body holds secret, whole or its random tail.
func leaks(body []byte, secret string) bool {
	return bytes.Contains(body, []byte(secret)) || bytes.Contains(body, []byte(secret[len(secret)-20:]))
}

// placeholder1 is the first bind parameter in the test database's syntax.
func placeholder1(c *client) string {
	if c.db.Config.Driver == config.DriverPostgres {
		return "$1"
	}
	return "?"
}

// rawRows reads a query through a plain connection, past the store, each
// row a map from column to its value as text.
func rawRows(t *testing.T, c *client, query string, args ...any) []map[string]string {
	t.Helper()
	rows, err := c.db.Raw(t).QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		row := map[string]string{}
		for i, col := range cols {
			switch v := vals[i].(type) {
			case nil:
				row[col] = ""
			case []byte:
				row[col] = string(v)
			case time.Time:
				row[col] = v.Format(time.RFC3339Nano)
			default:
				row[col] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// TestCreateKeyForEachRole: an admin makes a key of each role; the answer
// shows the key once, with its record, Location and ETag, and the key works
// at once with the role it was given.
func TestCreateKeyForEachRole(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute())
		for _, tc := range []struct {
			role, name, wantName string
			organization         string
			works                func(t *testing.T, k *client)
		}{
			{"admin", "浙江省市场监督管理局 标准化处", "浙江省市场监督管理局 标准化处", "", func(t *testing.T, k *client) {
				mustDo(t, k, 201, http.MethodPost, "/api/v1/organizations", hangzhouBureau())
			}},
			{"editor", "  浙江省标准化研究院 录入  ", "浙江省标准化研究院 录入", org.ID, func(t *testing.T, k *client) {
				r := mustDo(t, k, 201, http.MethodPost, "/api/v1/standards", map[string]any{"kind": "local", "title_zh": "茶叶 绿茶加工技术规程", "stage": "proposal", "region": "330100"})
				var st httpapi.StandardResponse
				r.decode(t, &st)
				if st.OrganizationID == nil || *st.OrganizationID != org.ID {
					t.Errorf("the editor's draft belongs to %v, want its organization %s", deref(st.OrganizationID), org.ID)
				}
				mustDo(t, k, 200, http.MethodGet, "/api/v1/standards/"+st.ID, nil) // its own draft
			}},
			{"auditor", "", "auditor key", "", func(t *testing.T, k *client) {
				mustDo(t, k, 200, http.MethodGet, "/api/v1/audit-events", nil)
				mustDo(t, k, 200, http.MethodGet, "/api/v1/keys", nil)
			}},
		} {
			t.Run(tc.role, func(t *testing.T) {
				body := map[string]any{"role": tc.role}
				if tc.name != "" {
					body["name"] = tc.name
				}
				if tc.organization != "" {
					body["organization_id"] = tc.organization
				}
				k, r := createKey(t, c, body)
				if !keyShape.MatchString(k.Key) {
					t.Errorf("key %q does not have the shape stdreg_ + 52 base32 characters", k.Key)
				}
				if len(k.Prefix) <= len("stdreg_") || len(k.Prefix) >= len(k.Key)/2 || !strings.HasPrefix(k.Key, k.Prefix) {
					t.Errorf("prefix %q is not a short start of the key", k.Prefix)
				}
				if got, want := r.Header.Get("Location"), "/api/v1/keys/"+k.ID; got != want {
					t.Errorf("Location = %q, want %q", got, want)
				}
				if got := r.Header.Get("ETag"); got != `"1"` {
					t.Errorf("ETag = %q, want \"1\"", got)
				}
				if k.Role != tc.role || k.Name != tc.wantName || deref(k.OrganizationID) != tc.organization {
					t.Errorf("record: role %q name %q organization %q, want %q %q %q", k.Role, k.Name, deref(k.OrganizationID), tc.role, tc.wantName, tc.organization)
				}
				if !k.CreatedAt.Equal(today) || k.LastUsedAt != nil || k.RevokedAt != nil {
					t.Errorf("times: created %s, last used %v, revoked %v; want %s, null, null", k.CreatedAt, k.LastUsedAt, k.RevokedAt, today)
				}
				read, rr := getKey(t, c, k.ID)
				if !cmp.Equal(read, k.KeyResponse) || rr.Header.Get("ETag") != `"1"` {
					t.Errorf("GET answers %+v (ETag %s), want %+v", read, rr.Header.Get("ETag"), k.KeyResponse)
				}
				tc.works(t, c.as(k.Key))
			})
		}
		t.Run("each key is new", func(t *testing.T) {
			seen := map[string]bool{}
			for range 5 {
				k, _ := createKey(t, c, map[string]any{"role": "auditor"})
				if seen[k.Key] || seen[k.Prefix] {
					t.Fatalf("key %.12s… given twice", k.Key)
				}
				seen[k.Key], seen[k.Prefix] = true, true
			}
		})
		t.Run("a name of 100 characters", func(t *testing.T) {
			name := strings.Repeat("浙", 100)
			if k, _ := createKey(t, c, map[string]any{"role": "auditor", "name": name}); k.Name != name {
				t.Errorf("name %q, want the 100 characters sent", k.Name)
			}
		})
	})
}

// TestKeySecretIsShownOnlyOnce: after its creation the key appears in no
// answer: not in the list, not in its record, not when revoked.
func TestKeySecretIsShownOnlyOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute())
		editor, created := createKey(t, c, map[string]any{"role": "editor", "organization_id": org.ID})
		if !leaks(created.Body, editor.Key) {
			t.Fatal("the creation's answer does not hold the key") // so the searches below can find it
		}
		auditor := c.as(c.newKey(access.RoleAuditor, ""))
		c.as(editor.Key).do(http.MethodGet, "/api/v1/standards", nil) // used, so last_used_at is set
		var answers []response
		for _, as := range []*client{c, auditor} {
			answers = append(answers,
				as.do(http.MethodGet, "/api/v1/keys", nil),
				as.do(http.MethodGet, "/api/v1/keys/"+editor.ID, nil),
				as.do(http.MethodGet, "/api/v1/audit-events", nil))
		}
		answers = append(answers, c.do(http.MethodDelete, "/api/v1/keys/"+editor.ID, nil), c.do(http.MethodGet, "/api/v1/keys/"+editor.ID, nil))
		for i, r := range answers {
			if r.Code != http.StatusOK {
				t.Fatalf("answer %d: %d %s", i, r.Code, r.Body)
			}
			if !bytes.Contains(r.Body, []byte(editor.Prefix)) {
				t.Errorf("answer %d does not mention the key at all: %s", i, r.Body)
			}
			for _, secret := range []string{editor.Key, c.key, auditor.key} {
				if leaks(r.Body, secret) {
					t.Errorf("answer %d holds a key's secret: %s", i, r.Body)
				}
			}
		}
		var page httpapi.KeyList
		answers[0].decode(t, &page)
		if len(page.Items) != 3 {
			t.Errorf("%d keys listed, want 3 (the tests' admin, the editor, the auditor)", len(page.Items))
		}
		for i := 1; i < len(page.Items); i++ {
			if page.Items[i-1].ID < page.Items[i].ID {
				t.Errorf("keys are not listed newest first: %s before %s", page.Items[i-1].ID, page.Items[i].ID)
			}
		}
	})
}

// TestKeyLastUsed: last_used_at is null until the key is first used, and
// then the time of that use.
func TestKeyLastUsed(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		k, _ := createKey(t, c, map[string]any{"role": "auditor", "name": "省局 审计"})
		if read, _ := getKey(t, c, k.ID); read.LastUsedAt != nil {
			t.Fatalf("last_used_at %v before any use, want null", read.LastUsedAt)
		}
		// Another key's use, an anonymous request and a wrong key do not count.
		c.as("").do(http.MethodGet, "/api/v1/standards", nil)
		c.as(k.Prefix+strings.Repeat("a", len(k.Key)-len(k.Prefix))).do(http.MethodGet, "/api/v1/standards", nil)
		if read, _ := getKey(t, c, k.ID); read.LastUsedAt != nil {
			t.Fatalf("last_used_at %v though the key was not used, want null", read.LastUsedAt)
		}
		mustDo(t, c.as(k.Key), 200, http.MethodGet, "/api/v1/standards", nil)
		read, _ := getKey(t, c, k.ID)
		if read.LastUsedAt == nil || !read.LastUsedAt.Equal(today) {
			t.Errorf("last_used_at %v after a request with the key, want %s", read.LastUsedAt, today)
		}
		if read.CreatedAt != k.CreatedAt || read.RevokedAt != nil {
			t.Errorf("using the key changed its record: %+v", read)
		}
	})
}

// TestCreateKeyRejectsBadInput: each bad input is a 400 naming the field,
// and makes no key.
func TestCreateKeyRejectsBadInput(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute())
		before := c.do(http.MethodGet, "/api/v1/keys", nil)
		var keysBefore httpapi.KeyList
		before.decode(t, &keysBefore)
		eventsBefore := allAuditEvents(t, c)
		for _, tc := range []struct {
			name  string
			body  any
			field string
		}{
			{"unknown role", map[string]any{"role": "superuser"}, "role"},
			{"role in capitals", map[string]any{"role": "ADMIN"}, "role"},
			{"no role", map[string]any{"name": "省局 审计"}, "role"},
			{"role not a string", map[string]any{"role": 1}, "role"},
			{"editor without organization", map[string]any{"role": "editor", "name": "浙江省标准化研究院 录入"}, "organization_id"},
			{"admin with organization", map[string]any{"role": "admin", "organization_id": org.ID}, "organization_id"},
			{"auditor with organization", map[string]any{"role": "auditor", "organization_id": org.ID}, "organization_id"},
			{"organization that does not exist", map[string]any{"role": "editor", "organization_id": "0193a1b2-0000-7000-8000-000000000000"}, "organization_id"},
			{"organization id that cannot exist", map[string]any{"role": "editor", "organization_id": "浙江省标准化研究院"}, "organization_id"},
			{"unknown field", map[string]any{"role": "admin", "scope": "all"}, "scope"},
			{"the key itself", map[string]any{"role": "admin", "key": "stdreg_" + strings.Repeat("a", 52)}, "key"},
			{"name over 100 characters", map[string]any{"role": "auditor", "name": strings.Repeat("浙", 101)}, "name"},
			{"not JSON", "role=admin", ""},
			{"JSON array", `[{"role": "admin"}]`, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantFieldError(t, c.do(http.MethodPost, "/api/v1/keys", tc.body), tc.field)
			})
		}
		t.Run("not JSON at all", func(t *testing.T) {
			if r := c.do(http.MethodPost, "/api/v1/keys", "role: admin", "Content-Type", "text/plain"); r.Code != http.StatusUnsupportedMediaType {
				t.Errorf("%d, want 415", r.Code)
			}
		})
		var keysAfter httpapi.KeyList
		c.do(http.MethodGet, "/api/v1/keys", nil).decode(t, &keysAfter)
		if len(keysAfter.Items) != len(keysBefore.Items) {
			t.Errorf("refused requests made %d keys", len(keysAfter.Items)-len(keysBefore.Items))
		}
		if n := len(allAuditEvents(t, c)) - len(eventsBefore); n != 0 {
			t.Errorf("refused requests recorded %d events", n)
		}
	})
}

// TestRevokeKey: a revoked key stops working at once, for reads as for
// writes; its record stays; revoking it again is a conflict.
func TestRevokeKey(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute())
		editor, _ := createKey(t, c, map[string]any{"role": "editor", "organization_id": org.ID, "name": "浙江省标准化研究院 录入"})
		e := c.as(editor.Key)
		r := mustDo(t, e, 201, http.MethodPost, "/api/v1/standards", map[string]any{"kind": "local", "title_zh": "茶叶 绿茶加工技术规程", "stage": "proposal"})
		var draft httpapi.StandardResponse
		r.decode(t, &draft)

		r = mustDo(t, c, 200, http.MethodDelete, "/api/v1/keys/"+editor.ID, nil)
		var revoked httpapi.KeyResponse
		r.decode(t, &revoked)
		if revoked.RevokedAt == nil || !revoked.RevokedAt.Equal(today) {
			t.Errorf("revoked_at %v, want %s", revoked.RevokedAt, today)
		}
		if revoked.ID != editor.ID || revoked.Role != "editor" || revoked.Name != editor.Name || !revoked.CreatedAt.Equal(editor.CreatedAt) {
			t.Errorf("revocation answers %+v, want the editor's key", revoked)
		}
		if r.Header.Get("ETag") != `"2"` {
			t.Errorf("ETag after revocation %q, want \"2\"", r.Header.Get("ETag"))
		}
		read, rr := getKey(t, c, editor.ID)
		if !cmp.Equal(read, revoked) || rr.Header.Get("ETag") != `"2"` {
			t.Errorf("record after revocation %+v (ETag %s), want %+v", read, rr.Header.Get("ETag"), revoked)
		}

		for _, tc := range []struct {
			name         string
			method, path string
			body         any
			headers      []string
		}{
			{"list standards", http.MethodGet, "/api/v1/standards", nil, nil},
			{"read a public record", http.MethodGet, "/api/v1/organizations/" + org.ID, nil, nil},
			{"read its own draft", http.MethodGet, "/api/v1/standards/" + draft.ID, nil, nil},
			{"register a standard", http.MethodPost, "/api/v1/standards", map[string]any{"kind": "local", "title_zh": "茶叶 红茶加工技术规程", "stage": "proposal"}, nil},
			{"change its draft", http.MethodPatch, "/api/v1/standards/" + draft.ID, `{"title_zh": "改"}`, []string{"Content-Type", mergePatchJSON}},
			{"delete its draft", http.MethodDelete, "/api/v1/standards/" + draft.ID, nil, nil},
		} {
			t.Run("revoked key may not "+tc.name, func(t *testing.T) {
				r := e.do(tc.method, tc.path, tc.body, tc.headers...)
				if r.Code != http.StatusUnauthorized {
					t.Fatalf("%d, want 401: %s", r.Code, r.Body)
				}
				if got := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
				}
				if p := r.problem(t); p.Status != 401 || leaks(r.Body, editor.Key) {
					t.Errorf("problem %+v", p)
				}
			})
		}
		var still httpapi.StandardResponse
		mustDo(t, c, 200, http.MethodGet, "/api/v1/standards/"+draft.ID, nil).decode(t, &still)
		if still.TitleZH != "茶叶 绿茶加工技术规程" || still.UpdatedAt != draft.UpdatedAt {
			t.Errorf("the revoked key changed its draft: %+v", still)
		}

		t.Run("again is a conflict", func(t *testing.T) {
			r := c.do(http.MethodDelete, "/api/v1/keys/"+editor.ID, nil)
			if r.Code != http.StatusConflict {
				t.Fatalf("%d, want 409: %s", r.Code, r.Body)
			}
			if read, _ := getKey(t, c, editor.ID); !cmp.Equal(read, revoked) {
				t.Errorf("the second revocation changed the record: %+v", read)
			}
		})
		t.Run("unknown key", func(t *testing.T) {
			for _, id := range []string{"0193a1b2-0000-7000-8000-000000000000", "not-a-uuid"} {
				if r := c.do(http.MethodDelete, "/api/v1/keys/"+id, nil); r.Code != http.StatusNotFound {
					t.Errorf("%s: %d, want 404", id, r.Code)
				}
				if r := c.do(http.MethodGet, "/api/v1/keys/"+id, nil); r.Code != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404", id, r.Code)
				}
			}
		})
		t.Run("the record stays in the list", func(t *testing.T) {
			var page httpapi.KeyList
			c.do(http.MethodGet, "/api/v1/keys", nil).decode(t, &page)
			found := false
			for _, k := range page.Items {
				if k.ID == editor.ID {
					found = k.RevokedAt != nil
				}
			}
			if !found {
				t.Errorf("the revoked key is not listed with revoked_at: %+v", page.Items)
			}
		})
		t.Run("other keys still work", func(t *testing.T) {
			mustDo(t, c, 200, http.MethodGet, "/api/v1/keys", nil)
		})
		t.Run("its organization cannot be deleted", func(t *testing.T) {
			mustDo(t, c, 204, http.MethodDelete, "/api/v1/standards/"+draft.ID, nil)
			r := c.do(http.MethodDelete, "/api/v1/organizations/"+org.ID, nil)
			if r.Code != http.StatusConflict {
				t.Errorf("deleting the organization a key belongs to: %d, want 409: %s", r.Code, r.Body)
			}
		})
	})
}

// TestRevokeKeyHonoursIfMatch: API.md says DELETE honours If-Match (412 on
// a mismatch), and a key's record has an ETag; revoking with a stale tag
// must change nothing.
func TestRevokeKeyHonoursIfMatch(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		k, _ := createKey(t, c, map[string]any{"role": "auditor"})
		r := c.do(http.MethodDelete, "/api/v1/keys/"+k.ID, nil, "If-Match", `"2"`)
		if r.Code != http.StatusPreconditionFailed {
			t.Errorf("stale If-Match: %d, want 412: %s", r.Code, r.Body)
		}
		if read, _ := getKey(t, c, k.ID); read.RevokedAt != nil {
			t.Errorf("a revocation with a stale If-Match revoked the key")
		}
		if r := c.do(http.MethodDelete, "/api/v1/keys/"+k.ID, nil, "If-Match", `"1"`); r.Code != http.StatusOK {
			t.Errorf("matching If-Match: %d, want 200", r.Code)
		}
	})
}

// TestKeysAreStoredOnlyAsHashes reads api_keys past the store: no column of
// any row holds a key, and hash is the hex SHA-256 of the key.
func TestKeysAreStoredOnlyAsHashes(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute())
		secrets := map[string]string{keyIDOf(t, c, c.key): c.key} // id → key
		for _, body := range []map[string]any{
			{"role": "admin", "name": "省局 管理员"},
			{"role": "editor", "organization_id": org.ID},
			{"role": "auditor"},
		} {
			k, _ := createKey(t, c, body)
			c.as(k.Key).do(http.MethodGet, "/api/v1/standards", nil)
			secrets[k.ID] = k.Key
		}
		rows := rawRows(t, c, "SELECT * FROM api_keys")
		if len(rows) != len(secrets) {
			t.Fatalf("api_keys has %d rows, want %d", len(rows), len(secrets))
		}
		for _, row := range rows {
			if len(row) < 5 {
				t.Fatalf("api_keys row has only the columns %v", row)
			}
			for column, value := range row {
				for _, secret := range secrets {
					if strings.Contains(value, secret) || strings.Contains(value, secret[len("stdreg_"):]) || strings.Contains(value, secret[len(secret)-20:]) {
						t.Errorf("api_keys.%s holds a key in clear: %q", column, value)
					}
				}
			}
		}
		for id, secret := range secrets {
			hashes := rawRows(t, c, "SELECT hash, prefix FROM api_keys WHERE id = "+placeholder1(c), id)
			if len(hashes) != 1 {
				t.Fatalf("key %s: %d rows", id, len(hashes))
			}
			sum := sha256.Sum256([]byte(secret))
			if got, want := hashes[0]["hash"], hex.EncodeToString(sum[:]); got != want {
				t.Errorf("key %s: hash %q, want the hex SHA-256 of the key %q", id, got, want)
			}
			if p := hashes[0]["prefix"]; !strings.HasPrefix(secret, p) || len(p) > 12 {
				t.Errorf("key %s: prefix %q is more than the key's start", id, p)
			}
		}
	})
}

// TestMalformedCredentials: whatever is wrong with the Authorization header,
// the answer is 401 with a Bearer challenge, says nothing of what was sent,
// and does not tell a malformed key from an unknown or revoked one.
func TestMalformedCredentials(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		k, _ := createKey(t, c, map[string]any{"role": "auditor"})
		revoked, _ := createKey(t, c, map[string]any{"role": "auditor"})
		mustDo(t, c, 200, http.MethodDelete, "/api/v1/keys/"+revoked.ID, nil)
		flipped := []byte(k.Key)
		if flipped[len(flipped)-1] == 'a' {
			flipped[len(flipped)-1] = 'b'
		} else {
			flipped[len(flipped)-1] = 'a'
		}
		unknown := "stdreg_" + strings.Repeat("q", 52)
		bearerDetail := ""
		for _, tc := range []struct {
			name, header, sent string
			bearer             bool // a Bearer credential: refused in the same words as any other
		}{
			{"Basic", "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:"+k.Key)), base64.StdEncoding.EncodeToString([]byte("admin:" + k.Key)), false},
			{"Basic with the key", "Basic " + k.Key, k.Key, false},
			{"Token scheme", "Token " + k.Key, k.Key, false},
			{"no scheme", k.Key, k.Key, false},
			{"Bearer without a key", "Bearer", "", true},
			{"Bearer and spaces", "Bearer    ", "", true},
			{"wrong last character", "Bearer " + string(flipped), string(flipped), true},
			{"truncated", "Bearer " + k.Key[:40], k.Key[:40], true},
			{"one character more", "Bearer " + k.Key + "a", k.Key + "a", true},
			{"in capitals", "Bearer " + strings.ToUpper(k.Key), strings.ToUpper(k.Key), true},
			{"two keys", "Bearer " + k.Key + " " + k.Key, k.Key, true},
			{"garbage", "Bearer ' OR 1=1 --", "' OR 1=1 --", true},
			{"Chinese", "Bearer 浙江省标准化研究院", "浙江省标准化研究院", true},
			{"well-formed but unknown", "Bearer " + unknown, unknown, true},
			{"revoked", "Bearer " + revoked.Key, revoked.Key, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for _, req := range []struct{ method, path string }{
					{http.MethodGet, "/api/v1/standards"},
					{http.MethodGet, "/api/v1/audit-events"},
					{http.MethodPost, "/api/v1/organizations"},
				} {
					var body any
					if req.method == http.MethodPost {
						body = hangzhouBureau()
					}
					r := c.do(req.method, req.path, body, "Authorization", tc.header)
					if r.Code != http.StatusUnauthorized {
						t.Fatalf("%s %s: %d, want 401: %s", req.method, req.path, r.Code, r.Body)
					}
					if got := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
						t.Errorf("%s %s: WWW-Authenticate = %q, want a Bearer challenge", req.method, req.path, got)
					}
					p := r.problem(t)
					if p.Status != 401 || !strings.HasSuffix(p.Type, "/unauthorized") || p.Detail == "" {
						t.Errorf("%s %s: problem %+v", req.method, req.path, p)
					}
					if len(tc.sent) >= 8 && bytes.Contains(r.Body, []byte(tc.sent)) || leaks(r.Body, k.Key) {
						t.Errorf("%s %s: the problem echoes the credential: %s", req.method, req.path, r.Body)
					}
					if tc.bearer {
						if bearerDetail == "" {
							bearerDetail = p.Detail
						} else if p.Detail != bearerDetail {
							t.Errorf("%s %s: detail %q differs from another refused key's %q; it tells refusals apart", req.method, req.path, p.Detail, bearerDetail)
						}
					}
				}
			})
		}
		var orgs httpapi.OrganizationList
		c.do(http.MethodGet, "/api/v1/organizations", nil).decode(t, &orgs)
		if len(orgs.Items) != 0 {
			t.Errorf("refused credentials registered %d organizations", len(orgs.Items))
		}
		t.Run("the scheme is case-insensitive", func(t *testing.T) {
			mustDo(t, c, 200, http.MethodGet, "/api/v1/audit-events", nil, "Authorization", "bearer "+k.Key)
		})
	})
}

// syncBuffer is a bytes.Buffer safe for a logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

// TestKeysNeverReachTheLog: every line the server logs, at every level,
// while keys are made, used, mistyped and revoked, holds no key.
func TestKeysNeverReachTheLog(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		var logged syncBuffer
		log := slog.New(slog.NewJSONHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c := newClientOn(t, db, clientConfig{log: log})
		org := createOrganization(t, c, zjInstitute())
		editor, _ := createKey(t, c, map[string]any{"role": "editor", "organization_id": org.ID})
		e := c.as(editor.Key)
		mustDo(t, e, 201, http.MethodPost, "/api/v1/standards", map[string]any{"kind": "local", "title_zh": "茶叶 绿茶加工技术规程", "stage": "proposal"})
		e.do(http.MethodGet, "/api/v1/audit-events", nil) // 403
		c.do(http.MethodGet, "/api/v1/standards", nil, "Authorization", "Basic "+editor.Key)
		c.do(http.MethodGet, "/api/v1/standards", nil, "Authorization", "Bearer "+editor.Key[:40])
		c.do(http.MethodGet, "/api/v1/standards", nil, "Authorization", "Bearer "+editor.Key+"a")
		c.do(http.MethodPost, "/api/v1/keys", map[string]any{"role": "admin", "key": editor.Key})
		mustDo(t, c, 200, http.MethodDelete, "/api/v1/keys/"+editor.ID, nil)
		e.do(http.MethodGet, "/api/v1/standards", nil) // 401

		lines := logged.Bytes()
		if bytes.Count(lines, []byte(`"msg":"request"`)) < 9 {
			t.Fatalf("the log holds too few request lines to mean anything:\n%s", lines)
		}
		for _, secret := range []string{editor.Key, c.key} {
			if leaks(lines, secret) {
				t.Errorf("the log holds a key:\n%s", lines)
			}
		}
	})
}

// TestKeyIDFormsAnswerAlikeOnBothDatabases: a key id written otherwise than
// in its canonical form (capitals, braces, no hyphens, a urn:uuid: prefix)
// gets the same answer from PostgreSQL as from SQLite, and never a 500.
func TestKeyIDFormsAnswerAlikeOnBothDatabases(t *testing.T) {
	t.Parallel()
	forms := []struct {
		name string
		form func(id string) string
	}{
		{"capitals", strings.ToUpper},
		{"braces", func(id string) string { return "{" + id + "}" }},
		{"no hyphens", func(id string) string { return strings.ReplaceAll(id, "-", "") }},
		{"urn", func(id string) string { return "urn:uuid:" + id }},
	}
	type answers map[string]int // request → status
	got := map[string]map[config.Driver]answers{}
	for _, driver := range storetest.Drivers {
		c := newClient(t, storetest.New(t, driver))
		admin := keyIDOf(t, c, c.key)
		for _, f := range forms {
			name, form := f.name, f.form
			k, _ := createKey(t, c, map[string]any{"role": "auditor"}) // written by the admin's key
			a := answers{}
			for _, req := range []struct{ label, method, path string }{
				{"GET key", http.MethodGet, "/api/v1/keys/" + form(k.ID)},
				{"audit actor", http.MethodGet, "/api/v1/audit-events?actor=" + form(admin)},
				{"DELETE key", http.MethodDelete, "/api/v1/keys/" + form(k.ID)},
			} {
				_, r := c.send(req.method, req.path, nil)
				if req.label == "audit actor" && r.Code == http.StatusOK {
					var page httpapi.AuditEventList
					r.decode(t, &page)
					a[req.label+" finds events"] = len(page.Items)
				}
				a[req.label] = r.Code
			}
			if got[name] == nil {
				got[name] = map[config.Driver]answers{}
			}
			got[name][driver] = a
		}
	}
	for _, f := range forms {
		name := f.name
		t.Run(name, func(t *testing.T) {
			pg, lite := got[name][config.DriverPostgres], got[name][config.DriverSQLite]
			for req, status := range pg {
				if req != "audit actor finds events" && (status >= 500 || lite[req] >= 500) {
					t.Errorf("%s: PostgreSQL %d, SQLite %d; want no 500", req, status, lite[req])
				}
			}
			if !cmp.Equal(pg, lite) {
				t.Errorf("the databases answer differently: PostgreSQL %v, SQLite %v", pg, lite)
			}
		})
	}
}
