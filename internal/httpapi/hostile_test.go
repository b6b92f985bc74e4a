package httpapi_test

// The hostile-input sweep of issue 12: every operation of the OpenAPI
// document, every parameter it lists and every field of its JSON body,
// sent values a careless or malicious client sends, by an anonymous
// caller, an editor of another organization and an admin, on both
// databases. Whatever the answer, it is never a 5xx, always one the
// document describes (do validates it), a refusal stores nothing, and no
// answer to a caller who may not see the private draft names it. The
// finer tests of each rule are in untrusted_input_test.go (text, days,
// strict JSON), visibility_test.go (what may not be seen) and
// import_test.go (files that cost more to read than to send).

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// hostileParams are query and path values: controls, bytes that are not
// UTF-8, impossible and distant days, numbers past every type, markup,
// SQL, LIKE patterns, bidirectional overrides and sheer length.
var hostileParams = []string{
	"\x00", "%00", "\xff\xfe", "\u202e茶叶", "\u200b", " ", "",
	"0000-01-01", "9999-12-31", "2026-02-30", "-1", "0", "99999999999999999999", "1e309", "NaN",
	"'; DROP TABLE standards; --", "%", "_", "\\", "*", "<script>alert(1)</script>",
	"../../etc/passwd", "DB33/T 1234—2026\x00", "茶叶,,,,", strings.Repeat("茶", 5000),
}

// hostileJSON are JSON values put in a body's fields, raw so that what
// json.Marshal would repair (a lone surrogate, bytes that are not UTF-8)
// is sent as it is.
var hostileJSON = []string{
	`"\u0000"`, `"\ud800"`, "\"\xff\"", `"\u202e"`, `"\u200b\ufeff"`, `""`, `null`, `true`, `-1`, `1e400`,
	`99999999999999999999`, `[]`, `{}`, `[null]`, `[{}]`, `{"":""}`, `"0000-01-01"`, `"9999-12-31"`,
	`"` + strings.Repeat("茶", 20000) + `"`, strings.Repeat("[", 5000) + strings.Repeat("]", 5000),
}

// hostileIfMatch are If-Match values that match no version.
var hostileIfMatch = []string{`"0"`, `"-1"`, `"99999999999999999999"`, `W/"1"x`, "garbage", "\"1\x00\""}

func TestHostileInputSweep(t *testing.T) {
	t.Parallel()
	// Each caller sweeps a world of its own, so the callers' sweeps run
	// side by side and a write one of them is allowed cannot move the
	// state another is watching.
	for _, caller := range []string{anonymous, editorOther, admin} {
		t.Run(caller, func(t *testing.T) {
			t.Parallel()
			each(t, func(t *testing.T, c *client) {
				w := newWorld(t, c)
				bodies := w.hostileBases(t)
				ids := map[string][]string{
					"/api/v1/standards/{id}":             {w.standardID, w.draftID},
					"/api/v1/standards/{id}/cycle":       {w.standardID, w.draftID},
					"/api/v1/standards/{id}/transitions": {w.standardID, w.draftID},
					"/api/v1/organizations/{id}":         {w.owner},
					"/api/v1/keys/{id}":                  {w.freshKey(t)},
					"/api/v1/projects/{id}":              {w.record(t, "/api/v1/projects", w.projectBody())},
					"/api/v1/pilots/{id}":                {w.record(t, "/api/v1/pilots", w.pilotBody())},
					"/api/v1/technical-bodies/{id}":      {w.record(t, "/api/v1/technical-bodies", w.bodyBody())},
				}
				s := sweep{t: t, w: w, raw: w.raw, caller: caller, c: c.as(w.keys[caller])}
				s.known = s.state()
				for _, op := range apiOperations(t) {
					s.operation(op, ids[op.path], bodies[op.method+" "+op.path])
				}
				t.Logf("%d requests", s.sent)
				if s.sent < 300 {
					t.Errorf("the sweep sent %d requests; the document lost its operations?", s.sent)
				}
			})
		})
	}
}

// operation is one method on one path of the document.
type operation struct {
	method, path string
	query        []string // its query parameters
	required     map[string]string
	jsonBody     bool
}

// apiOperations lists the document's /api/ operations, in a stable order.
func apiOperations(t *testing.T) []operation {
	openAPIRouter(t) // loads specDoc
	var ops []operation
	for path, item := range specDoc.Paths.Map() {
		if !strings.HasPrefix(path, "/api/") {
			continue
		}
		for method, op := range item.Operations() {
			o := operation{method: method, path: path, required: map[string]string{}}
			for _, p := range op.Parameters {
				if p.Value.In != openapi3.ParameterInQuery {
					continue
				}
				o.query = append(o.query, p.Value.Name)
				if p.Value.Required {
					o.required[p.Value.Name] = "DB33/T 1234—2026" // lookup's and parse's code
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json") != nil {
				o.jsonBody = true
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].path+ops[i].method < ops[j].path+ops[j].method })
	return ops
}

// sweep sends one caller's hostile requests and checks every answer.
type sweep struct {
	t      *testing.T
	w      *world
	raw    *sql.DB
	caller string
	c      *client
	sent   int
	known  string // the stored state after the last request
}

// hostileIDs are path ids no record has: a request naming one is
// refused before its query or body is read, so each is sent once per
// operation rather than with every hostile query and body.
var hostileIDs = []string{"\x00", "%00", "0190d2c4-0000-7000-8000-00000000000g", "-1", strings.Repeat("a", 5000), "'"}

func (s *sweep) operation(op operation, realIDs []string, base map[string]json.RawMessage) {
	required := url.Values{}
	for name, v := range op.required {
		required.Set(name, v)
	}
	paths := []string{op.path}
	if strings.Contains(op.path, "{id}") {
		paths = nil
		for _, id := range hostileIDs {
			var body []byte
			if base != nil {
				body = encodeFields(base, sortedNames(base), "", "")
			}
			s.send(op, strings.Replace(op.path, "{id}", url.PathEscape(id), 1), required, body, "If-Match", `"1"`)
		}
		for _, id := range realIDs {
			paths = append(paths, strings.Replace(op.path, "{id}", url.PathEscape(id), 1))
		}
	}
	for _, path := range paths {
		switch {
		case op.method == http.MethodDelete || (op.method == http.MethodPatch && base == nil):
			for _, ifMatch := range hostileIfMatch {
				s.send(op, path, required, nil, "If-Match", ifMatch)
			}
		case base != nil:
			for _, body := range hostileBodies(base) {
				s.send(op, path, required, body)
			}
		}
		if op.method == http.MethodPost && op.path == "/api/v1/imports" {
			continue // files are swept in import_test.go and untrusted_input_test.go
		}
		mine := s.readShare(op, path, required)
		k := 0
		for _, name := range op.query {
			for _, v := range hostileParams {
				k++
				if !mine(k) {
					continue
				}
				q := url.Values{}
				for k, vs := range required {
					q[k] = vs
				}
				q.Set(name, v)
				s.send(op, path, q, nil)
			}
		}
	}
}

// sweepers are the callers that sweep, each in a world of its own.
var sweepers = []string{anonymous, editorOther, admin}

// readShare says which of a read's hostile queries (numbered from 1) this
// sweep sends. A read changes nothing, so the sweepers share its queries
// rather than each sending all of them: the callers the read admits (a
// bare request is not refused with 401 or 403) take turns, and each
// query still reaches the handler, on each database, once. A caller the
// read refuses sends a turn of its own, to see the refusal come first.
// Anything but a read is sent by every sweeper.
func (s *sweep) readShare(op operation, path string, required url.Values) func(k int) bool {
	if op.method != http.MethodGet {
		return func(int) bool { return true }
	}
	target := path
	if len(required) > 0 {
		target += "?" + required.Encode()
	}
	var admitted []string
	for _, caller := range sweepers {
		if r := s.c.as(s.w.keys[caller]).do(op.method, target, nil); r.Code != http.StatusUnauthorized && r.Code != http.StatusForbidden {
			admitted = append(admitted, caller)
		}
	}
	turn, turns := slices.Index(admitted, s.caller), len(admitted)
	if turn < 0 {
		turn, turns = slices.Index(sweepers, s.caller), len(sweepers)
	}
	return func(k int) bool { return k%turns == turn }
}

// send sends one request and checks its answer.
func (s *sweep) send(op operation, path string, query url.Values, body []byte, headers ...string) {
	t := s.t
	t.Helper()
	target := path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	// A read changes nothing whatever it is sent, so only writes pay for
	// reading the state before and after.
	write := op.method != http.MethodGet
	var payload any
	if body != nil {
		payload = body
	}
	if op.method == http.MethodPatch {
		headers = append(headers, "Content-Type", "application/merge-patch+json")
	}
	if op.method != http.MethodGet && op.method != http.MethodDelete && payload == nil && op.jsonBody {
		payload = []byte("{}")
	}
	r := s.c.do(op.method, target, payload, headers...) // fails the test on an undocumented answer
	s.sent++
	what := fmt.Sprintf("%s %s as %s (body %.120q)", op.method, target, s.caller, body)
	if r.Code >= 500 {
		t.Fatalf("%s: %d %s", what, r.Code, r.Body)
	}
	// Only this sweep writes to its database, so the state before a write
	// is the state known after the last one.
	if write {
		before, after := s.known, s.state()
		if r.Code >= 400 && after != before {
			t.Fatalf("%s: refused with %d, yet the stored data changed", what, r.Code)
		}
		s.known = after
	}
	if s.caller != admin && !strings.Contains(target, s.w.draftID) && strings.Contains(string(r.Body), s.w.draftID) {
		t.Fatalf("%s: the answer names the private draft %s: %s", what, s.w.draftID, r.Body)
	}
}

// state is the stored state (storedState) of the sweep's database.
func (s *sweep) state() string {
	return storedState(s.t, s.raw)
}

// hostileBases are valid bodies of the JSON operations, the fields of
// which the sweep replaces one at a time.
func (w *world) hostileBases(t *testing.T) map[string]map[string]json.RawMessage {
	bases := map[string]map[string]any{
		"post /api/v1/standards": {"code": "DB33/T 9901—2026", "kind": "local", "stage": "published",
			"title_zh": "茶叶加工技术规程", "title_en": "Code of practice for tea processing", "organization_id": w.owner,
			"drafting_units": []string{"浙江省农业科学院茶叶研究所"}, "ics": []string{"67.140.10"}, "region": "330000",
			"designations": []any{map[string]any{"type": "zhejiang_standard", "year": 2026}},
			"approved_on":  "2025-03-01", "published_on": "2026-06-30"},
		"patch /api/v1/standards/{id}":            {"title_zh": "西湖龙井茶 加工技术规程", "technical_committee": "ZJ/TC 12"},
		"post /api/v1/standards/{id}/transitions": {"to": "periodic_review", "occurred_on": "2026-11-01", "note": "复审"},
		"post /api/v1/organizations":              {"name": "杭州市标准化研究院", "kind": "institute", "region": "330100", "credit_code": "12330100470001234X"},
		"patch /api/v1/organizations/{id}":        {"name": "浙江省标准化研究院（浙江省TBT研究中心）"},
		"post /api/v1/keys":                       {"role": "auditor", "name": "审计 临时"},
		"post /api/v1/projects": {"name": "海洋牧场 生态监测 应用示范", "programme": "领雁", "category": "application",
			"organization_id": w.owner, "started_on": "2023-04-01", "accepted_on": "2025-10-01", "standard_ids": []string{w.standardID}},
		"patch /api/v1/projects/{id}": {"programme": "尖兵", "accepted_on": "2025-06-30", "standard_ids": []string{w.standardID}},
		"post /api/v1/pilots": {"name": "衢州市 标准化试点", "kind": "county", "level": "city", "region": "330802",
			"organization_id": w.owner, "approved_on": "2023-05-01", "accepted_on": "2025-05-01", "status": "accepted"},
		"patch /api/v1/pilots/{id}": {"status": "revoked", "region": "330503"},
		"post /api/v1/technical-bodies": {"code": "SAC/TC 46/SC 1", "name": "全国茶叶标准化技术委员会 分技术委员会", "level": "national",
			"secretariat_organization_id": w.owner, "settled_on": "2024-09-01"},
		"patch /api/v1/technical-bodies/{id}": {"name": "浙江省茶叶标准化技术委员会（第二届）", "settled_on": "2024-03-02"},
	}
	out := map[string]map[string]json.RawMessage{}
	for op, body := range bases {
		fields := map[string]json.RawMessage{}
		for k, v := range body {
			raw, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			fields[k] = raw
		}
		method, path, _ := strings.Cut(op, " ")
		out[strings.ToUpper(method)+" "+path] = fields
	}
	return out
}

// hostileBodies are base with each field, and a field of another case or
// a name given twice, set to each hostile value in turn.
func hostileBodies(base map[string]json.RawMessage) [][]byte {
	names := sortedNames(base)
	var bodies [][]byte
	for _, name := range append(names, "ID", "version", strings.ToUpper(names[0])) {
		for _, v := range hostileJSON {
			bodies = append(bodies, encodeFields(base, names, name, v))
		}
	}
	// The first field given twice, the second time with another value.
	dup := encodeFields(base, names, "", "")
	bodies = append(bodies, append(dup[:len(dup)-1], []byte(`,"`+names[0]+`":"另一个"}`)...))
	return bodies
}

// sortedNames are base's field names in order.
func sortedNames(base map[string]json.RawMessage) []string {
	names := make([]string, 0, len(base))
	for k := range base {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// encodeFields writes base's fields in names' order, with field set to
// the raw value v (added when base lacks it).
func encodeFields(base map[string]json.RawMessage, names []string, field, v string) []byte {
	var b strings.Builder
	b.WriteString("{")
	seen := false
	for i, k := range names {
		if i > 0 {
			b.WriteString(",")
		}
		value := string(base[k])
		if k == field {
			value, seen = v, true
		}
		fmt.Fprintf(&b, "%q:%s", k, value)
	}
	if field != "" && !seen {
		fmt.Fprintf(&b, ",%q:%s", field, v)
	}
	b.WriteString("}")
	return []byte(b.String())
}
