package httpapi_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Versions of the generators a third-party developer would use.
const (
	oapiCodegen       = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2"
	openapiTypescript = "openapi-typescript@7.13.0"
	typescript        = "typescript@5.9.3"
)

// TestGeneratedClients generates a Go client (oapi-codegen) and TypeScript
// types (openapi-typescript) from api/openapi.json, compiles both, and
// calls a running server through the Go client on both databases:
// register, move, look up, list (testdata/clients). It fetches the
// generators, so it runs in CI (CI=true) or when STDREG_CLIENT_TESTS is
// set, and is skipped otherwise to keep the local suite fast.
func TestGeneratedClients(t *testing.T) {
	if os.Getenv("CI") != "true" && os.Getenv("STDREG_CLIENT_TESTS") == "" {
		t.Skip("generated clients are tested under CI=true or STDREG_CLIENT_TESTS=1")
	}
	t.Parallel()
	document, err := filepath.Abs("../../api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("go", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		copyFile(t, "testdata/clients/main.go.txt", filepath.Join(dir, "main.go"))
		runIn(t, dir, nil, "go", "mod", "init", "stdreg.example/clientcheck")
		runIn(t, dir, nil, "go", "run", oapiCodegen, "-generate", "types,client", "-package", "main", "-o", "client.gen.go", document)
		runIn(t, dir, nil, "go", "mod", "tidy")
		runIn(t, dir, nil, "go", "build", "-o", "clientcheck", ".")
		each(t, func(t *testing.T, c *client) {
			server := httptest.NewServer(c.handler)
			defer server.Close()
			out := runIn(t, dir, nil, filepath.Join(dir, "clientcheck"), server.URL, c.key)
			if !strings.Contains(out, "looked up DB33/T 1401—2026, listed 1") {
				t.Errorf("the Go client's calls: %s", out)
			}
		})
	})
	t.Run("typescript", func(t *testing.T) {
		t.Parallel()
		if _, err := exec.LookPath("npx"); err != nil {
			t.Fatalf("npx (Node.js) is needed to generate TypeScript: %v", err)
		}
		dir := t.TempDir()
		copyFile(t, "testdata/clients/check.ts", filepath.Join(dir, "check.ts"))
		npm := []string{"npm_config_yes=true", "npm_config_update_notifier=false", "npm_config_fund=false"}
		runIn(t, dir, npm, "npx", "--yes", openapiTypescript, document, "-o", "schema.d.ts")
		runIn(t, dir, npm, "npx", "--yes", "-p", typescript, "tsc", "--strict", "--noEmit", "--target", "es2020",
			"--module", "es2020", "--moduleResolution", "node", "check.ts")
		schema, err := os.ReadFile(filepath.Join(dir, "schema.d.ts"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(schema), "operations = Record<string, never>") {
			t.Errorf("openapi-typescript found no named operations")
		}
	})
}

// runIn runs a command in dir and fails the test with its output if it fails.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
