// Package browsertest drives a headless Chromium (Debian's chromium) from
// tests, through github.com/chromedp/chromedp: a tab per test that records
// every console error, uncaught exception and browser-log error the pages
// cause, and saves screenshots where a person can look at them.
//
// A test that needs the browser calls New. Without a browser the test is
// skipped, unless CI=true, where it fails: CI installs chromium (.ci/run).
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout bounds one test's use of the browser, start included.
const Timeout = 90 * time.Second

// Tab is one browser tab; Ctx runs chromedp actions in it.
type Tab struct {
	Ctx context.Context
	t   *testing.T

	mu       sync.Mutex
	problems []string
	seen     map[string]bool // flush markers the console delivered
	flushes  int
}

// Chromium returns the path of the browser: $STDREG_CHROMIUM, else the
// first of chromium, chromium-browser, google-chrome on PATH, else "".
func Chromium() string {
	if p := os.Getenv("STDREG_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser with one tab, closed when the test ends.
// The window is 1280×900 unless the test gives another size.
func New(t *testing.T, size ...int) *Tab {
	t.Helper()
	path := Chromium()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed (apt-get install chromium); CI=true needs the browser tests")
		}
		t.Skip("chromium is not installed; the browser tests run when it is (and always under CI=true)")
	}
	width, height := 1280, 900
	if len(size) == 2 {
		width, height = size[0], size[1]
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), Timeout)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.WindowSize(width, height),
		chromedp.Flag("lang", "zh-CN"),
	)...)
	tabCtx, cancelTab := chromedp.NewContext(alloc)
	tab := &Tab{Ctx: tabCtx, t: t, seen: map[string]bool{}}
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
	})
	// Console subscribes when it returns, so nothing the first page writes
	// is lost; the loop ends when the tab's context does.
	messages := chromedp.Console(tabCtx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			tab.record(m)
		}
	}()
	if err := chromedp.Do(tabCtx); err != nil { // start the browser now, so its failure is clear
		t.Fatalf("start %s: %v", path, err)
	}
	return tab
}

const flushPrefix = "browsertest flush "

func (tab *Tab) record(m chromedp.ConsoleMessage) {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	if strings.HasPrefix(m.Text, flushPrefix) {
		tab.seen[m.Text] = true
		return
	}
	if m.Type == chromedp.ConsoleError || m.IsException() {
		where := m.URL
		if where != "" {
			where = fmt.Sprintf(" (%s:%d)", where, m.Line+1)
		}
		tab.problems = append(tab.problems, m.String()+where)
	}
}

// StepTimeout bounds one Run, so a page that never shows what a test
// waits for fails in seconds, not at Timeout.
const StepTimeout = 20 * time.Second

// Run runs actions in the tab and fails the test on an error.
func (tab *Tab) Run(what string, actions ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tab.t.Fatalf("%s: %v", what, err)
	}
}

// Eval evaluates a JavaScript expression in the page and decodes its value.
func Eval[T any](tab *Tab, expression string) T {
	tab.t.Helper()
	v, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		tab.t.Fatalf("evaluate %s: %v", expression, err)
	}
	return v
}

// ConsoleErrors returns the console errors and uncaught exceptions of
// every page the tab has shown so far. It first waits until the console
// has delivered everything written before the call.
func (tab *Tab) ConsoleErrors() []string {
	tab.t.Helper()
	tab.mu.Lock()
	tab.flushes++
	marker := fmt.Sprintf("%s%d", flushPrefix, tab.flushes)
	tab.mu.Unlock()
	if _, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[bool](fmt.Sprintf("console.debug(%q), true", marker))); err != nil {
		tab.t.Fatalf("flush the console: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		tab.mu.Lock()
		done := tab.seen[marker]
		problems := append([]string(nil), tab.problems...)
		tab.mu.Unlock()
		if done {
			return problems
		}
		if time.Now().After(deadline) {
			tab.t.Fatalf("the console did not deliver %q", marker)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// NoConsoleErrors fails the test if a page shown so far wrote an error to
// the console or threw an exception nothing caught.
func (tab *Tab) NoConsoleErrors() {
	tab.t.Helper()
	for _, p := range tab.ConsoleErrors() {
		tab.t.Errorf("console: %s", p)
	}
}

// Screenshot saves the whole page as a PNG named name.png in ScreenshotDir
// and returns its path.
func (tab *Tab) Screenshot(name string) string {
	tab.t.Helper()
	png, err := chromedp.Run(tab.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tab.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir, err := ScreenshotDir()
	if err != nil {
		tab.t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tab.t.Fatal(err)
	}
	tab.t.Logf("screenshot: %s", path)
	return path
}

// ViewportScreenshot saves what the window shows (not the whole page) as
// name.png in ScreenshotDir and returns its path: a picture small enough
// to show in the README.
func (tab *Tab) ViewportScreenshot(name string) string {
	tab.t.Helper()
	png, err := chromedp.Run(tab.Ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tab.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir, err := ScreenshotDir()
	if err != nil {
		tab.t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tab.t.Fatal(err)
	}
	tab.t.Logf("screenshot: %s (%d bytes)", path, len(png))
	return path
}

// ScreenshotDir is $STDREG_SCREENSHOTS, else stdreg-screenshots in the
// system's temporary directory: outside the tree (screenshots are never
// committed), and kept after the test so a person can look at them.
func ScreenshotDir() (string, error) {
	dir := os.Getenv("STDREG_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "stdreg-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", errors.Join(errors.New("screenshot directory"), err)
	}
	return dir, nil
}
