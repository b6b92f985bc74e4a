package store

import (
	"errors"
	"strings"
	"testing"
)

// TestImportPipe: writes run in order; after one fails nothing more is
// written, the next submit returns that failure, and finish does too.
func TestImportPipe(t *testing.T) {
	t.Parallel()
	p := newImportPipe()
	var ran []int // appended on the pipe's goroutine, read after finish
	conflict := errors.New("duplicate key value violates unique constraint \"standards_normalized_code_key\"")
	for i := range 2 {
		if err := p.submit(func() error {
			ran = append(ran, i)
			if i == 1 {
				return conflict
			}
			return nil
		}); err != nil {
			t.Fatalf("submit %d: %v", i, err)
		}
	}
	// Later writes are queued and dropped until the failure is known,
	// then refused with it.
	var err error
	for err == nil {
		err = p.submit(func() error { ran = append(ran, 99); return nil })
	}
	if !errors.Is(err, conflict) {
		t.Errorf("submit after the failure: %v, want the failure", err)
	}
	if err := p.finish(); !errors.Is(err, conflict) {
		t.Errorf("finish: %v, want the failure", err)
	}
	if len(ran) != 2 || ran[0] != 0 || ran[1] != 1 {
		t.Errorf("ran %v, want 0 and 1 only, in order", ran)
	}
}

// TestImportPipePanic: a write that panics fails the pipe like an error,
// instead of ending the process from the pipe's goroutine.
func TestImportPipePanic(t *testing.T) {
	t.Parallel()
	p := newImportPipe()
	if err := p.submit(func() error { panic("reflect: call of Value.Interface on zero Value") }); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if err := p.finish(); err == nil || !strings.Contains(err.Error(), "zero Value") {
		t.Errorf("finish: %v, want the panic as the failure", err)
	}
}
