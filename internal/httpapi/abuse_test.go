package httpapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/httpapi"
	"stdreg/internal/store/storetest"
)

// limits are small enough to reach in a test: 2 anonymous requests at once
// per address, 3 per key, 4 per reader's key, then one a second.
var limits = httpapi.Options{KeyRate: 1, KeyBurst: 3, ReaderRate: 1, ReaderBurst: 4, AnonymousRate: 1, AnonymousBurst: 2}

// limitedClient is a client on a fresh SQLite database with opts.
func limitedClient(t *testing.T, opts httpapi.Options) *client {
	t.Helper()
	return newClientWith(t, storetest.New(t, config.DriverSQLite), opts)
}

// doFrom sends a GET from the client address addr ("host:port") and
// validates the answer against the OpenAPI document, as do does.
func (c *client) doFrom(addr, path string, headers ...string) response {
	c.t.Helper()
	build := func() *http.Request {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = addr
		if c.key != "" {
			req.Header.Set("Authorization", "Bearer "+c.key)
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return req
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, build())
	res := rec.Result()
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	resp := response{Code: res.StatusCode, Header: res.Header, Body: raw}
	c.validate(build(), resp)
	return resp
}

// wantStatuses sends the GETs from addr and checks each answer's status in
// turn; a 429 must be a problem with a positive whole Retry-After.
func wantStatuses(t *testing.T, c *client, addr, path string, statuses []int, headers ...string) {
	t.Helper()
	for i, want := range statuses {
		r := c.doFrom(addr, path, headers...)
		if r.Code != want {
			t.Fatalf("request %d from %s: %d, want %d: %s", i+1, addr, r.Code, want, r.Body)
		}
		if want == http.StatusTooManyRequests {
			wantTooManyRequests(t, r)
		}
	}
}

func wantTooManyRequests(t *testing.T, r response) {
	t.Helper()
	if n, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("Retry-After = %q, want a positive whole number of seconds", r.Header.Get("Retry-After"))
	}
	if p := r.problem(t); p.Status != 429 || !strings.HasSuffix(p.Type, "/too-many-requests") || p.Detail == "" {
		t.Errorf("problem %+v", p)
	}
}

const (
	addrA = "192.0.2.1:1234" // httptest's default
	addrB = "198.51.100.7:40000"
	proxy = "10.0.0.2:443" // a reverse proxy on the private network
)

var (
	ok2  = []int{200, 200}
	ok3  = []int{200, 200, 200}
	then = func(s []int, more ...int) []int { return append(append([]int{}, s...), more...) }
)

func TestAnonymousRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	c := limitedClient(t, limits)
	anon := c.as("")
	wantStatuses(t, anon, addrA, "/api/v1/standards", then(ok2, 429, 429))
	t.Run("another address has its own bucket", func(t *testing.T) {
		wantStatuses(t, anon, addrB, "/api/v1/standards", then(ok2, 429))
		wantStatuses(t, anon, "[2001:db8::7]:443", "/api/v1/organizations", then(ok2, 429))
	})
	t.Run("the bucket is the address's, whatever the port", func(t *testing.T) {
		wantStatuses(t, anon, "192.0.2.1:55555", "/api/v1/organizations", []int{429})
	})
	t.Run("forwarding headers do not give a new bucket", func(t *testing.T) {
		for _, h := range [][]string{
			{"X-Forwarded-For", "203.0.113.9"},
			{"X-Forwarded-For", "203.0.113.9, 198.51.100.200"},
			{"X-Real-IP", "203.0.113.9"},
			{"Forwarded", "for=203.0.113.9"},
		} {
			wantStatuses(t, anon, addrA, "/api/v1/standards", []int{429}, h...)
		}
	})
	t.Run("health, readiness and the document are never limited", func(t *testing.T) {
		for range 5 {
			for _, path := range []string{"/healthz", "/readyz", "/openapi.json"} {
				if r := anon.doFrom(addrA, path); r.Code != http.StatusOK {
					t.Fatalf("%s from a limited address: %d, want 200", path, r.Code)
				}
			}
		}
		if r := anon.doFrom(addrA, "/healthz", "Authorization", "Bearer stdreg_"+strings.Repeat("a", 52)); r.Code != http.StatusOK {
			t.Errorf("/healthz with a bad key from a limited address: %d, want 200", r.Code)
		}
	})
}

// TestRateLimitHeaders: every limited answer states the caller's policy
// and what remains of it (draft-ietf-httpapi-ratelimit-headers), the
// anonymous address's and the key's apart; a 429 states it too.
func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	c := limitedClient(t, limits)
	key, readerKey := c.newKey(access.RoleAuditor, ""), c.newKey(access.RoleReader, "")
	cases := []struct {
		name, key, addr string
		policy          string
		remaining       []string // RateLimit of the requests in turn
		statuses        []int
	}{
		{"anonymous", "", "198.51.100.30:1000", `"anonymous";q=2;w=2`,
			[]string{`"anonymous";r=1;t=1`, `"anonymous";r=0;t=2`, `"anonymous";r=0;t=2`}, []int{200, 200, 429}},
		{"a key", key, "198.51.100.31:1000", `"key";q=3;w=3`,
			[]string{`"key";r=2;t=1`, `"key";r=1;t=2`, `"key";r=0;t=3`, `"key";r=0;t=3`}, []int{200, 200, 200, 429}},
		{"a reader's key: an application's, with a limit of its own", readerKey, "198.51.100.31:1000", `"reader";q=4;w=4`,
			[]string{`"reader";r=3;t=1`, `"reader";r=2;t=2`, `"reader";r=1;t=3`, `"reader";r=0;t=4`, `"reader";r=0;t=4`}, []int{200, 200, 200, 200, 429}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			as := c.as(tc.key)
			for i, want := range tc.statuses {
				r := as.doFrom(tc.addr, "/api/v1/standards")
				if r.Code != want {
					t.Fatalf("request %d: %d, want %d", i+1, r.Code, want)
				}
				if got := r.Header.Get("RateLimit-Policy"); got != tc.policy {
					t.Errorf("request %d: RateLimit-Policy %q, want %q", i+1, got, tc.policy)
				}
				if got := r.Header.Get("RateLimit"); got != tc.remaining[i] {
					t.Errorf("request %d: RateLimit %q, want %q", i+1, got, tc.remaining[i])
				}
			}
		})
	}
	t.Run("no limits, no headers", func(t *testing.T) {
		r := c.as("").doFrom("198.51.100.32:1000", "/healthz")
		if r.Header.Get("RateLimit") != "" || r.Header.Get("RateLimit-Policy") != "" {
			t.Errorf("/healthz, which is never limited, states a limit: %v", r.Header)
		}
	})
}

func TestTrustProxy(t *testing.T) {
	t.Parallel()
	t.Run("off: the proxy's address is the bucket", func(t *testing.T) {
		anon := limitedClient(t, limits).as("")
		wantStatuses(t, anon, proxy, "/api/v1/standards", ok2, "X-Forwarded-For", "203.0.113.9")
		wantStatuses(t, anon, proxy, "/api/v1/standards", []int{429}, "X-Forwarded-For", "203.0.113.10")
	})
	t.Run("on: each client behind the proxy has its own bucket", func(t *testing.T) {
		opts := limits
		opts.TrustProxy = true
		anon := limitedClient(t, opts).as("")
		wantStatuses(t, anon, proxy, "/api/v1/standards", then(ok2, 429), "X-Forwarded-For", "203.0.113.9")
		wantStatuses(t, anon, proxy, "/api/v1/standards", then(ok2, 429), "X-Forwarded-For", "203.0.113.10")
		// A client cannot pick a new bucket by adding addresses in front of its own.
		wantStatuses(t, anon, proxy, "/api/v1/standards", []int{429}, "X-Forwarded-For", "198.51.100.99, 203.0.113.9")
		// Nor can a caller that is not behind the proxy: its own address counts.
		wantStatuses(t, anon, addrA, "/api/v1/standards", then(ok2, 429), "X-Forwarded-For", "203.0.113.11")
		wantStatuses(t, anon, addrA, "/api/v1/standards", []int{429}, "X-Forwarded-For", "203.0.113.12")
	})
}

func TestKeyRateLimit(t *testing.T) {
	t.Parallel()
	c := limitedClient(t, limits)
	// The key's bucket is the key's, from whichever address it calls.
	for i, addr := range []string{addrA, addrB, "203.0.113.5:80"} {
		if r := c.doFrom(addr, "/api/v1/standards"); r.Code != http.StatusOK {
			t.Fatalf("request %d with the key: %d, want 200", i+1, r.Code)
		}
	}
	r := c.doFrom("203.0.113.6:80", "/api/v1/keys")
	if r.Code != http.StatusTooManyRequests {
		t.Fatalf("4th request with the key: %d, want 429", r.Code)
	}
	wantTooManyRequests(t, r)
	if r.Header.Get("Vary") == "" || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("a 429 to a key: Vary %q, Cache-Control %q", r.Header.Get("Vary"), r.Header.Get("Cache-Control"))
	}
	t.Run("another key has its own bucket", func(t *testing.T) {
		wantStatuses(t, c.as(c.newKey(access.RoleAuditor, "")), addrA, "/api/v1/audit-events", then(ok3, 429))
	})
	t.Run("anonymous callers at the same address are not limited by it", func(t *testing.T) {
		wantStatuses(t, c.as(""), addrA, "/api/v1/standards", then(ok2, 429))
	})
	t.Run("a key is not limited by its address's anonymous bucket", func(t *testing.T) {
		wantStatuses(t, c.as(c.newKey(access.RoleAdmin, "")), addrA, "/api/v1/standards", then(ok3, 429))
	})
}

func TestRefusedKeysCountAgainstTheAddress(t *testing.T) {
	t.Parallel()
	c := limitedClient(t, limits)
	bad := c.as("stdreg_" + strings.Repeat("a", 52))
	wantStatuses(t, bad, addrA, "/api/v1/standards", []int{401, 401, 429})
	t.Run("while refused keys fill the bucket, no key from there is checked, not even a good one", func(t *testing.T) {
		wantStatuses(t, c, addrA, "/api/v1/standards", []int{429})
		for _, header := range []string{"Basic YWRtaW46YWRtaW4=", "Bearer x"} {
			wantStatuses(t, c.as(""), addrA, "/api/v1/standards", []int{429}, "Authorization", header)
		}
	})
	t.Run("anonymous requests from there have their own bucket", func(t *testing.T) {
		wantStatuses(t, c.as(""), addrA, "/api/v1/standards", ok2)
	})
	t.Run("other addresses are not affected", func(t *testing.T) {
		wantStatuses(t, bad, addrB, "/api/v1/standards", []int{401})
		wantStatuses(t, c, addrB, "/api/v1/standards", []int{200})
	})
}

// preflight sends a CORS preflight from origin for method with the
// request headers named.
func preflight(c *client, path, origin, method, headers string) response {
	_, r := c.as("").send(http.MethodOptions, path, nil,
		"Origin", origin, "Access-Control-Request-Method", method, "Access-Control-Request-Headers", headers)
	return r
}

// headerList splits a comma-separated header into lower-cased names.
func headerList(h http.Header, name string) []string {
	var out []string
	for _, v := range h.Values(name) {
		for _, part := range strings.Split(v, ",") {
			if part = strings.ToLower(strings.TrimSpace(part)); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func TestCORS(t *testing.T) {
	t.Parallel()
	const origin = "https://biaozhun.zj.gov.cn"
	c := limitedClient(t, httpapi.Options{CORSOrigins: []string{origin}})
	st := create(t, c, db33())
	t.Run("preflight from the allowed origin", func(t *testing.T) {
		for _, tc := range []struct{ path, method string }{
			{"/api/v1/standards/" + st.ID, http.MethodPatch},
			{"/api/v1/standards/" + st.ID, http.MethodDelete},
			{"/api/v1/standards", http.MethodPost},
			{"/api/v1/keys", http.MethodPost},
		} {
			r := preflight(c, tc.path, origin, tc.method, "authorization, if-match, content-type")
			if r.Code != http.StatusNoContent && r.Code != http.StatusOK {
				t.Errorf("%s %s: %d, want 204", tc.method, tc.path, r.Code)
			}
			if got := r.Header.Get("Access-Control-Allow-Origin"); got != origin {
				t.Errorf("%s %s: Access-Control-Allow-Origin %q, want %q", tc.method, tc.path, got, origin)
			}
			allowed := headerList(r.Header, "Access-Control-Allow-Headers")
			for _, h := range []string{"authorization", "if-match", "content-type"} {
				if !containsString(allowed, h) {
					t.Errorf("%s %s: Access-Control-Allow-Headers %v lacks %s", tc.method, tc.path, allowed, h)
				}
			}
			if methods := headerList(r.Header, "Access-Control-Allow-Methods"); !containsString(methods, strings.ToLower(tc.method)) {
				t.Errorf("%s %s: Access-Control-Allow-Methods %v", tc.method, tc.path, methods)
			}
			if r.Header.Get("Access-Control-Allow-Credentials") != "" {
				t.Errorf("credentials allowed; keys are sent as headers, cookies never")
			}
		}
	})
	t.Run("a request from the allowed origin exposes ETag and X-Request-ID", func(t *testing.T) {
		for _, as := range []*client{c, c.as("")} {
			r := as.do(http.MethodGet, "/api/v1/standards/"+st.ID, nil, "Origin", origin)
			if r.Code != http.StatusOK || r.Header.Get("Access-Control-Allow-Origin") != origin {
				t.Fatalf("%d with Access-Control-Allow-Origin %q", r.Code, r.Header.Get("Access-Control-Allow-Origin"))
			}
			exposed := headerList(r.Header, "Access-Control-Expose-Headers")
			for _, h := range []string{"etag", "x-request-id", "location", "retry-after"} {
				if !containsString(exposed, h) {
					t.Errorf("Access-Control-Expose-Headers %v lacks %s", exposed, h)
				}
			}
			if vary := headerList(r.Header, "Vary"); !containsString(vary, "origin") {
				t.Errorf("Vary %v lacks Origin", vary)
			}
		}
		// The browser application can read a refusal too.
		r := c.as("stdreg_"+strings.Repeat("a", 52)).do(http.MethodGet, "/api/v1/standards", nil, "Origin", origin)
		if r.Code != http.StatusUnauthorized || r.Header.Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("a 401 from the allowed origin: %d with Access-Control-Allow-Origin %q", r.Code, r.Header.Get("Access-Control-Allow-Origin"))
		}
	})
	for _, other := range []string{"https://evil.example", "http://biaozhun.zj.gov.cn", "https://biaozhun.zj.gov.cn.evil.example", "https://x.biaozhun.zj.gov.cn", "null"} {
		t.Run("another origin "+other, func(t *testing.T) {
			r := preflight(c, "/api/v1/standards/"+st.ID, other, http.MethodPatch, "authorization")
			for _, h := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods"} {
				if got := r.Header.Get(h); got != "" {
					t.Errorf("preflight: %s %q", h, got)
				}
			}
			g := c.as("").do(http.MethodGet, "/api/v1/standards/"+st.ID, nil, "Origin", other)
			if g.Code != http.StatusOK || g.Header.Get("Access-Control-Allow-Origin") != "" || g.Header.Get("Access-Control-Expose-Headers") != "" {
				t.Errorf("GET: %d with Access-Control-Allow-Origin %q", g.Code, g.Header.Get("Access-Control-Allow-Origin"))
			}
		})
	}
	t.Run("without CORSOrigins no CORS headers", func(t *testing.T) {
		plain := limitedClient(t, httpapi.Options{})
		plainSt := create(t, plain, db33())
		r := preflight(plain, "/api/v1/standards/"+plainSt.ID, origin, http.MethodPatch, "authorization, if-match")
		g := plain.do(http.MethodGet, "/api/v1/standards/"+plainSt.ID, nil, "Origin", origin)
		for _, resp := range []response{r, g} {
			for name := range resp.Header {
				if strings.HasPrefix(strings.ToLower(name), "access-control-") {
					t.Errorf("%s: %q", name, resp.Header.Get(name))
				}
			}
		}
		if g.Code != http.StatusOK {
			t.Errorf("GET: %d", g.Code)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	c := limitedClient(t, httpapi.Options{})
	st := create(t, c, db33())
	for _, tc := range []struct {
		name         string
		as           *client
		method, path string
		body         any
		status       int
	}{
		{"a standard, with a key", c, http.MethodGet, "/api/v1/standards/" + st.ID, nil, 200},
		{"a list, anonymous", c.as(""), http.MethodGet, "/api/v1/standards", nil, 200},
		{"not found", c.as(""), http.MethodGet, "/api/v1/standards/0193a1b2-0000-7000-8000-000000000000", nil, 404},
		{"invalid", c, http.MethodGet, "/api/v1/audit-events?action=x", nil, 400},
		{"unauthorized", c.as(""), http.MethodPost, "/api/v1/organizations", zjInstitute(), 401},
		{"a write", c, http.MethodPost, "/api/v1/organizations", zjInstitute(), 201},
		{"health", c.as(""), http.MethodGet, "/healthz", nil, 200},
		{"the document", c.as(""), http.MethodGet, "/openapi.json", nil, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.as.do(tc.method, tc.path, tc.body)
			if r.Code != tc.status {
				t.Fatalf("%d, want %d: %s", r.Code, tc.status, r.Body)
			}
			for name, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"X-Frame-Options":        "DENY",
				"Referrer-Policy":        "no-referrer",
			} {
				if got := r.Header.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			csp := r.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("Content-Security-Policy = %q, want default-src 'none' and frame-ancestors 'none'", csp)
			}
			if !strings.HasPrefix(tc.path, "/api/") {
				return
			}
			if vary := headerList(r.Header, "Vary"); !containsString(vary, "authorization") {
				t.Errorf("Vary %v lacks Authorization", vary)
			}
			if cc := r.Header.Get("Cache-Control"); (tc.as.key != "") != (cc == "private, no-store") {
				t.Errorf("Cache-Control = %q for a request with key %v; want private, no-store exactly when a key is sent", cc, tc.as.key != "")
			}
		})
	}
	t.Run("Swagger UI may run its scripts", func(t *testing.T) {
		_, r := c.send(http.MethodGet, "/docs/index.html", nil)
		if r.Code != http.StatusOK {
			t.Fatalf("/docs/index.html: %d", r.Code)
		}
		if csp := r.Header.Get("Content-Security-Policy"); csp != "" {
			t.Errorf("Content-Security-Policy %q on Swagger UI would block it", csp)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("Swagger UI lacks nosniff or DENY: %v", r.Header)
		}
	})
}

func TestBodyLimitOnEveryWrite(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("浙", (2<<20)/3+1) // 2 MiB of text
	each(t, func(t *testing.T, c *client) {
		st := create(t, c, db33())
		for _, tc := range []struct {
			name         string
			method, path string
			body         any
			headers      []string
		}{
			{"POST /api/v1/organizations", http.MethodPost, "/api/v1/organizations", map[string]any{"name": huge, "kind": "institute"}, nil},
			{"PATCH /api/v1/standards/{id}", http.MethodPatch, "/api/v1/standards/" + st.ID, map[string]any{"title_en": huge}, []string{"Content-Type", mergePatchJSON}},
			{"POST /api/v1/keys", http.MethodPost, "/api/v1/keys", map[string]any{"role": "auditor", "name": huge}, nil},
			{"POST /api/v1/standards", http.MethodPost, "/api/v1/standards", map[string]any{"kind": "local", "title_zh": huge, "stage": "proposal"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.do(tc.method, tc.path, tc.body, tc.headers...)
				if r.Code != http.StatusRequestEntityTooLarge {
					t.Fatalf("%d, want 413", r.Code)
				}
				if p := r.problem(t); p.Status != 413 || !strings.HasSuffix(p.Type, "/too-large") {
					t.Errorf("problem %+v", p)
				}
			})
		}
		t.Run("without a Content-Length", func(t *testing.T) {
			body := io.MultiReader(strings.NewReader(`{"kind": "institute", "name": "`), strings.NewReader(huge), strings.NewReader(`"}`))
			req := httptest.NewRequest(http.MethodPost, "/api/v1/organizations", body)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+c.key)
			if req.ContentLength != -1 {
				t.Fatalf("ContentLength %d, want unknown", req.ContentLength)
			}
			rec := httptest.NewRecorder()
			c.handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusRequestEntityTooLarge {
				t.Errorf("streamed 2 MiB: %d, want 413: %.300s", rec.Code, rec.Body)
			}
		})
		var orgs httpapi.OrganizationList
		c.do(http.MethodGet, "/api/v1/organizations", nil).decode(t, &orgs)
		var keys httpapi.KeyList
		c.do(http.MethodGet, "/api/v1/keys", nil).decode(t, &keys)
		var read httpapi.StandardResponse
		r := c.do(http.MethodGet, "/api/v1/standards/"+st.ID, nil)
		r.decode(t, &read)
		if len(orgs.Items) != 0 || len(keys.Items) != 1 || r.Header.Get("ETag") != `"1"` || read.TitleEN != "" {
			t.Errorf("bodies over the limit changed the registry: %d organizations, %d keys, standard at %s", len(orgs.Items), len(keys.Items), r.Header.Get("ETag"))
		}
	})
}
