package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"

	"stdreg/api"
	"stdreg/internal/httpapi"
	"stdreg/internal/pages"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
	"stdreg/internal/telemetry"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := c.do(http.MethodGet, "/healthz", nil)
		if r.Code != http.StatusOK {
			t.Fatalf("healthz: %d %s", r.Code, r.Body)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
		var body map[string]any
		r.decode(t, &body)
		if len(body) != 1 || body["status"] != "ok" {
			t.Errorf("body = %s, want {\"status\":\"ok\"}", r.Body)
		}
	})
}

func TestReadyz(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := c.do(http.MethodGet, "/readyz", nil)
		if r.Code != http.StatusOK {
			t.Fatalf("readyz with the database up: %d %s", r.Code, r.Body)
		}
		var body httpapi.Health
		r.decode(t, &body)
		if body.Status != "ok" {
			t.Errorf("status = %q, want ok", body.Status)
		}
	})
}

func TestReadyzAfterTheDatabaseIsClosed(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			db := storetest.New(t, driver)
			c := newClient(t, db)
			if r := c.do(http.MethodGet, "/readyz", nil); r.Code != http.StatusOK {
				t.Fatalf("readyz before closing: %d %s", r.Code, r.Body)
			}
			if err := db.Store.Close(); err != nil {
				t.Fatal(err)
			}
			r := c.do(http.MethodGet, "/readyz", nil)
			if r.Code != http.StatusServiceUnavailable {
				t.Fatalf("readyz after closing: %d %s, want 503", r.Code, r.Body)
			}
			p := r.problem(t)
			if p.Status != 503 || !strings.HasSuffix(p.Type, "/unavailable") || p.Detail == "" {
				t.Errorf("problem %+v", p)
			}
			// Nothing internal reaches the client.
			for _, leak := range []string{"sql", "closed", "postgres", "sqlite", "ping"} {
				if strings.Contains(strings.ToLower(p.Detail), leak) {
					t.Errorf("detail %q reveals %q", p.Detail, leak)
				}
			}
			// Liveness does not depend on the database.
			if r := c.do(http.MethodGet, "/healthz", nil); r.Code != http.StatusOK {
				t.Errorf("healthz with the database closed: %d, want 200", r.Code)
			}
		})
	}
}

func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := c.do(http.MethodGet, "/openapi.json", nil)
		if r.Code != http.StatusOK {
			t.Fatalf("openapi.json: %d", r.Code)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
		if !bytes.Equal(r.Body, api.OpenAPI) {
			t.Errorf("/openapi.json answers %d bytes that differ from api.OpenAPI (%d bytes)", len(r.Body), len(api.OpenAPI))
		}
		doc, err := openapi3.NewLoader().LoadFromData(r.Body)
		if err != nil {
			t.Fatalf("the served document does not load: %v", err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Fatalf("the served document is not valid OpenAPI 3: %v", err)
		}
		if !strings.HasPrefix(doc.OpenAPI, "3.") {
			t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
		}
		if doc.Info == nil || doc.Info.Title == "" || doc.Info.Version == "" {
			t.Errorf("info lacks a title or version: %+v", doc.Info)
		}
	})
}

// TestOpenAPIDocumentForGenerators checks what a client generator relies
// on: an operationId on every operation, lowerCamel and unique; schema
// names without a Go package in them; every response object listing the
// fields it always has; and the shared enums as one named schema each.
func TestOpenAPIDocumentForGenerators(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	lowerCamel := regexp.MustCompile(`^[a-z]+(?:[A-Z][a-z0-9]*)+$`)
	seen := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			switch {
			case op.OperationID == "":
				t.Errorf("%s has no operationId", where)
			case !lowerCamel.MatchString(op.OperationID):
				t.Errorf("%s: operationId %q is not a lowerCamel verb and noun", where, op.OperationID)
			case seen[op.OperationID] != "":
				t.Errorf("%s and %s share the operationId %q", where, seen[op.OperationID], op.OperationID)
			}
			seen[op.OperationID] = where
		}
	}
	for name, s := range doc.Components.Schemas {
		if strings.ContainsAny(name, "./") {
			t.Errorf("schema %q names a Go package: give its type an @name", name)
		}
		if s.Value != nil && s.Value.Type.Is("object") && len(s.Value.Properties) > 0 && len(s.Value.Required) == 0 &&
			!strings.HasSuffix(name, "Patch") {
			t.Errorf("schema %s lists no required fields", name)
		}
	}
	for _, want := range []struct{ schema, field, enum string }{
		{"Standard", "stage", "Stage"}, {"StandardInput", "kind", "Kind"}, {"Standard", "kind", "Kind"},
		{"Organization", "kind", "OrganizationKind"}, {"Key", "role", "Role"}, {"Designation", "type", "DesignationType"},
	} {
		p := doc.Components.Schemas[want.schema].Value.Properties[want.field]
		if p == nil {
			t.Errorf("%s has no field %s", want.schema, want.field)
			continue
		}
		ref := p.Ref
		if ref == "" && p.Value != nil && len(p.Value.AllOf) == 1 {
			ref = p.Value.AllOf[0].Ref
		}
		if ref != "#/components/schemas/"+want.enum {
			t.Errorf("%s.%s refers to %q, want the named enum %s", want.schema, want.field, ref, want.enum)
		}
	}
}

// TestErrorExamplesHaveTheirOwnStatus: each documented error response
// shows a problem of its own status and type, not the 400 of the schema.
func TestErrorExamplesHaveTheirOwnStatus(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	types := map[int]string{}
	for _, pt := range httpapi.ProblemTypes() {
		types[pt.Status] = pt.Type
	}
	checked := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, resp := range op.Responses.Map() {
				media := resp.Value.Content.Get("application/problem+json")
				if media == nil || media.Schema.Ref != "#/components/schemas/Problem" {
					continue
				}
				ex, _ := media.Example.(map[string]any)
				status, _ := ex["status"].(float64)
				if code != fmt.Sprint(int(status)) || ex["type"] != types[int(status)] {
					t.Errorf("%s %s %s: example %v", method, path, code, media.Example)
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d error responses checked", checked)
	}
}

func TestSwaggerUI(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := c.do(http.MethodGet, "/docs", nil)
		if r.Code != http.StatusMovedPermanently {
			t.Fatalf("/docs: %d, want 301", r.Code)
		}
		if got := r.Header.Get("Location"); got != "/docs/index.html" {
			t.Errorf("Location = %q, want /docs/index.html", got)
		}
		_, page := c.send(http.MethodGet, "/docs/index.html", nil)
		if page.Code != http.StatusOK {
			t.Fatalf("/docs/index.html: %d", page.Code)
		}
		if ct := page.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("Content-Type = %q, want text/html", ct)
		}
		html := strings.ToLower(string(page.Body))
		if !strings.Contains(html, "swagger") {
			t.Errorf("the page does not mention swagger: %.200s", page.Body)
		}
		if !strings.Contains(html, "/openapi.json") {
			t.Errorf("Swagger UI does not load /openapi.json")
		}
		// The page lists /openapi.json alone: echo-swagger's own doc.json
		// and doc.yaml, listed first, failed with 500.
		urls := regexp.MustCompile(`(?s)urls: \[(.*?)\]`).FindStringSubmatch(string(page.Body))
		if urls == nil || strings.Count(urls[1], "url:") != 1 || !strings.Contains(urls[1], `url: "\/openapi.json"`) {
			t.Errorf("the page's list of documents: %q, want /openapi.json alone", urls)
		}
		for _, asset := range []string{"/docs/doc.json", "/docs/doc.yaml"} {
			if _, r := c.send(http.MethodGet, asset, nil); r.Code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", asset, r.Code)
			}
		}
		// Swagger UI's links carry a query string; the page still answers.
		_, linked := c.send(http.MethodGet, "/docs/index.html?urls.primaryName=%2Fopenapi.json", nil)
		if linked.Code != http.StatusOK || !strings.Contains(string(linked.Body), "swagger-ui") {
			t.Errorf("/docs/index.html?urls.primaryName=…: %d", linked.Code)
		}
		if _, js := c.send(http.MethodGet, "/docs/swagger-ui-bundle.js?v=1", nil); js.Code != http.StatusOK {
			t.Errorf("/docs/swagger-ui-bundle.js?v=1: %d", js.Code)
		}
	})
}

// TestRoutesAreTheDocumentedOperations checks that every route Echo serves
// is an operation of api/openapi.json, and every operation is served.
func TestRoutesAreTheDocumentedOperations(t *testing.T) {
	t.Parallel()
	svc := registry.New(nil, time.Now, standard.DefaultCycleRules()) // routes only: nothing reaches the store
	e := httpapi.New(svc, func(context.Context) error { return nil }, storetest.Logger(), httpapi.Options{
		BodyLimit: 1 << 20, PageTokenKey: []byte("test key"), OpenAPI: api.OpenAPI,
		Metrics: telemetry.New(), ServeMetrics: true, // as serve runs it without STDREG_METRICS_ADDR
	})
	param := regexp.MustCompile(`:([A-Za-z_][A-Za-z0-9_]*)`)
	served := map[string]bool{}
	for _, rt := range e.Routes() {
		if strings.HasPrefix(rt.Path, "/docs/") || slices.Contains(pages.Paths, rt.Path) {
			continue // Swagger UI's assets, and the pages for people
		}
		served[rt.Method+" "+param.ReplaceAllString(rt.Path, "{$1}")] = true
	}
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	if len(served) == 0 || len(documented) == 0 {
		t.Fatalf("%d routes served, %d operations documented", len(served), len(documented))
	}
	var undocumented, unserved []string
	for op := range served {
		if !documented[op] {
			undocumented = append(undocumented, op)
		}
	}
	for op := range documented {
		if !served[op] {
			unserved = append(unserved, op)
		}
	}
	slices.Sort(undocumented)
	slices.Sort(unserved)
	if len(undocumented) > 0 {
		t.Errorf("routes api/openapi.json does not document: %v", undocumented)
	}
	if len(unserved) > 0 {
		t.Errorf("operations api/openapi.json documents but no route serves: %v", unserved)
	}
}

func TestUnknownPathAndWrongMethod(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, tc := range []struct {
			name, method, path string
			status             int
			typ                string
		}{
			{"unknown path", http.MethodGet, "/api/v1/standard", http.StatusNotFound, "not-found"},
			{"unknown version", http.MethodGet, "/api/v2/standards", http.StatusNotFound, "not-found"},
			{"unknown path below a resource", http.MethodGet, "/api/v1/organizations/0193a1b2-0000-7000-8000-000000000000/members", http.StatusNotFound, "not-found"},
			{"PUT on a collection", http.MethodPut, "/api/v1/standards", http.StatusMethodNotAllowed, "method-not-allowed"},
			{"DELETE on a collection", http.MethodDelete, "/api/v1/organizations", http.StatusMethodNotAllowed, "method-not-allowed"},
			{"POST on a resource", http.MethodPost, "/api/v1/organizations/0193a1b2-0000-7000-8000-000000000000", http.StatusMethodNotAllowed, "method-not-allowed"},
			{"POST to the parser", http.MethodPost, "/api/v1/codes/parse", http.StatusMethodNotAllowed, "method-not-allowed"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, r := c.send(tc.method, tc.path, nil)
				if r.Code != tc.status {
					t.Fatalf("%s %s: %d, want %d: %s", tc.method, tc.path, r.Code, tc.status, r.Body)
				}
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
					t.Errorf("Content-Type = %q, want application/problem+json", ct)
				}
				p := r.problem(t)
				if p.Status != tc.status || !strings.HasSuffix(p.Type, "/"+tc.typ) || p.Title != http.StatusText(tc.status) || p.Instance != tc.path {
					t.Errorf("problem %+v", p)
				}
				if tc.status == http.StatusMethodNotAllowed && r.Header.Get("Allow") == "" {
					t.Errorf("a 405 must say in Allow which methods the resource has")
				}
			})
		}
	})
}

func TestRequestID(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		t.Run("every response carries one", func(t *testing.T) {
			seen := map[string]bool{}
			for _, req := range []struct {
				method, path string
				body         any
			}{
				{http.MethodGet, "/healthz", nil},
				{http.MethodGet, "/readyz", nil},
				{http.MethodGet, "/openapi.json", nil},
				{http.MethodGet, "/docs", nil},
				{http.MethodGet, "/api/v1/organizations", nil},
				{http.MethodPost, "/api/v1/organizations", zjInstitute()},
				{http.MethodPost, "/api/v1/organizations", map[string]any{"name": "浙江省标准化研究院"}},
				{http.MethodGet, "/api/v1/standards/0193a1b2-0000-7000-8000-000000000000", nil},
				{http.MethodGet, parseCodePath("DB33/T 2349—2021"), nil},
				{http.MethodGet, "/no/such/path", nil},
				{http.MethodPut, "/api/v1/standards", nil},
			} {
				_, r := c.send(req.method, req.path, req.body)
				id := r.Header.Get("X-Request-ID")
				if _, err := uuid.Parse(id); err != nil {
					t.Errorf("%s %s (%d): X-Request-ID %q is not a generated id", req.method, req.path, r.Code, id)
					continue
				}
				if seen[id] {
					t.Errorf("%s %s: X-Request-ID %s was already given to another request", req.method, req.path, id)
				}
				seen[id] = true
			}
		})
		for _, tc := range []struct {
			name, sent string
			echoed     bool
		}{
			{"plain", "abc-123", true},
			{"a UUID", "0193a1b2-0000-7000-8000-000000000000", true},
			{"dots, colons and underscores", "gateway.zj:42_7", true},
			{"64 characters", strings.Repeat("a", 64), true},
			{"with a space", "abc 123", false},
			{"with a newline", "abc-123\nlevel=ERROR msg=forged", false},
			{"with CR LF", "abc-123\r\nX-Admin: 1", false},
			{"with Chinese", "请求-123", false},
			{"65 characters", strings.Repeat("a", 65), false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, r := c.send(http.MethodGet, "/healthz", nil, "X-Request-ID", tc.sent)
				got := r.Header.Get("X-Request-ID")
				if tc.echoed {
					if got != tc.sent {
						t.Errorf("X-Request-ID = %q, want %q echoed", got, tc.sent)
					}
					return
				}
				if got == tc.sent || got == "" {
					t.Errorf("X-Request-ID %q was echoed, want it replaced", got)
				}
				if _, err := uuid.Parse(got); err != nil {
					t.Errorf("replacement X-Request-ID %q is not a generated id", got)
				}
			})
		}
		t.Run("on an error too", func(t *testing.T) {
			_, r := c.send(http.MethodGet, "/api/v1/organizations?page_size=0", nil, "X-Request-ID", "abc-123")
			if r.Code != http.StatusBadRequest || r.Header.Get("X-Request-ID") != "abc-123" {
				t.Errorf("%d with X-Request-ID %q, want 400 with abc-123", r.Code, r.Header.Get("X-Request-ID"))
			}
		})
	})
}
