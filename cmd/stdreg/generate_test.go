package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateCommand runs `stdreg generate` on SQLite: it migrates a fresh
// database, fills it, says so, and refuses to fill it twice.
func TestGenerateCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	vars := env(map[string]string{"STDREG_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stdreg.db")})
	stderrR, stderrW := io.Pipe()
	logs := collectLogs(stderrR)
	if err := run(ctx, []string{"generate", "--standards", "300", "--organizations", "40", "--seed", "3"}, vars, io.Discard, stderrW); err != nil {
		t.Fatalf("generate: %v", err)
	}
	stderrW.Close()
	done := logs.wait(t, "generated the registry")
	if done["standards"] != float64(300) || done["organizations"] != float64(40) {
		t.Errorf("logged %v, want 300 standards and 40 organizations", done)
	}
	if tr, _ := done["transitions"].(float64); tr < 4*300 || tr > 6*300 {
		t.Errorf("logged %v transitions, want about five per standard", done["transitions"])
	}
	if _, i := logs.find("migration applied"); i < 0 {
		t.Error("generate did not migrate the fresh database first")
	}

	err := run(ctx, []string{"generate", "--standards", "10"}, vars, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "already holds 300 standards") {
		t.Errorf("a second generate: %v, want a refusal", err)
	}
	for _, args := range [][]string{
		{"generate"},                        // --standards is required
		{"generate", "--standards", "0"},    // nothing to do
		{"generate", "--standards", "many"}, // not a number
	} {
		if err := run(ctx, args, vars, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: want an error", args)
		}
	}
}
