package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"stdreg/api"
	"stdreg/internal/access"
	"stdreg/internal/httpapi"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// The OpenAPI document every response of these tests is validated against,
// so the document cannot drift from the code.
var (
	specOnce   sync.Once
	specDoc    *openapi3.T
	specRouter routers.Router
	specErr    error
)

func openAPIRouter(t *testing.T) routers.Router {
	t.Helper()
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromData(api.OpenAPI)
		if specErr != nil {
			return
		}
		if specErr = specDoc.Validate(context.Background()); specErr != nil {
			return
		}
		specDoc.Servers = nil // match paths as the tests send them
		// Files (exports, templates) are validated as the bytes they are.
		for _, contentType := range []string{"text/csv", "application/x-ndjson", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
			openapi3filter.RegisterBodyDecoder(contentType, openapi3filter.FileBodyDecoder)
		}
		specRouter, specErr = legacy.NewRouter(specDoc)
	})
	if specErr != nil {
		t.Fatalf("api/openapi.json: %v", specErr)
	}
	return specRouter
}

// client sends requests through the real router to a real database, with
// an API key (an admin's unless the test says otherwise).
type client struct {
	t       *testing.T
	handler http.Handler
	router  routers.Router
	svc     *registry.Service
	db      storetest.Database
	key     string // "" sends no Authorization header
}

// today is the fixed "now" of the HTTP tests, so date rules are repeatable.
var today = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

func newClient(t *testing.T, db storetest.Database) *client {
	t.Helper()
	return newClientOn(t, db, clientConfig{})
}

// newClientWith builds the handler with the options given (rate limits,
// CORS).
func newClientWith(t *testing.T, db storetest.Database, opts httpapi.Options) *client {
	t.Helper()
	return newClientOn(t, db, clientConfig{http: opts})
}

// clientConfig is what a test may set about the service; zero fields take
// the tests' defaults.
type clientConfig struct {
	now   func() time.Time     // default: always today
	log   *slog.Logger         // default: discarded
	rules *standard.CycleRules // default: standard.DefaultCycleRules
	http  httpapi.Options      // body limit, page token key and document are the tests' own
}

// newClientOn builds the service as `stdreg serve` does, from cfg, with an
// admin key for the client.
func newClientOn(t *testing.T, db storetest.Database, cfg clientConfig) *client {
	t.Helper()
	if cfg.now == nil {
		cfg.now = func() time.Time { return today }
	}
	if cfg.log == nil {
		cfg.log = storetest.Logger()
	}
	rules := standard.DefaultCycleRules()
	if cfg.rules != nil {
		rules = *cfg.rules
	}
	svc := registry.New(db.Store, cfg.now, rules)
	cfg.http.BodyLimit, cfg.http.PageTokenKey, cfg.http.OpenAPI = 1<<20, []byte("test key"), api.OpenAPI
	h := httpapi.New(svc, db.Store.Ping, cfg.log, cfg.http)
	c := &client{t: t, handler: h, router: openAPIRouter(t), svc: svc, db: db}
	c.key = c.newKey(access.RoleAdmin, "")
	return c
}

// newKey makes a key the way `stdreg keys create` does.
func (c *client) newKey(role access.Role, organization string) string {
	c.t.Helper()
	ctx := access.WithCaller(context.Background(), access.Operator())
	_, secret, err := c.svc.CreateKey(ctx, access.Key{Role: role, OrganizationID: organization, Name: string(role) + " for tests"})
	if err != nil {
		c.t.Fatalf("create %s key: %v", role, err)
	}
	return secret
}

// as returns a client that sends key instead ("" for an anonymous caller).
func (c *client) as(key string) *client {
	other := *c
	other.key = key
	return &other
}

type response struct {
	Code   int
	Header http.Header
	Body   []byte
}

// decode reads the JSON body into v.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem reads the body as a problem.
func (r response) problem(t *testing.T) httpapi.Problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("want a problem, got %d %s: %s", r.Code, ct, r.Body)
	}
	var p httpapi.Problem
	r.decode(t, &p)
	return p
}

// do sends a request and validates the response against the OpenAPI
// document: its status must be documented for the operation, and its
// headers and body must match the schema. body is sent as is when it is a
// string or []byte, and as JSON otherwise. headers are name, value pairs.
func (c *client) do(method, path string, body any, headers ...string) response {
	c.t.Helper()
	req, resp := c.send(method, path, body, headers...)
	c.validate(req, resp)
	return resp
}

// validate fails the test unless the document describes resp as an answer
// to req: a documented status, and headers and body of the schema.
func (c *client) validate(req *http.Request, resp response) {
	c.t.Helper()
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Fatalf("%s %s is not in api/openapi.json: %v", req.Method, req.URL, err)
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 resp.Code,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(resp.Body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		c.t.Fatalf("%s %s answered %d, which api/openapi.json does not describe: %v\nbody: %s", req.Method, req.URL, resp.Code, err, resp.Body)
	}
}

// send sends a request without validating the answer, for paths the
// document rightly does not describe.
func (c *client) send(method, path string, body any, headers ...string) (*http.Request, response) {
	c.t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		reader = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, reader)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	res := rec.Result()
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	// The validator reads the request's body again; give it a fresh copy.
	req = httptest.NewRequest(method, path, nil)
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req, response{Code: res.StatusCode, Header: res.Header, Body: raw}
}

// each runs test against a fresh database of each kind, side by side.
func each(t *testing.T, test func(t *testing.T, c *client)) {
	t.Helper()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		test(t, newClient(t, db))
	})
}
