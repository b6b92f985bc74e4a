package store

import (
	"fmt"
	"sync"
)

// importPipe writes an import's batches on a goroutine of their own, in
// the order given, while the caller reads and checks the next batch: on
// PostgreSQL, storing a batch (indexes, two of them GIN) takes longer than
// reading and checking one, and the two need not wait for each other. A
// write that fails stops the rest; the caller learns it at its next step.
type importPipe struct {
	jobs chan func() error
	done chan struct{}
	mu   sync.Mutex
	err  error
}

func newImportPipe() *importPipe {
	// One batch written, one waiting: the caller is never more than a
	// batch ahead.
	p := &importPipe{jobs: make(chan func() error, 1), done: make(chan struct{})}
	go p.run()
	return p
}

func (p *importPipe) run() {
	defer close(p.done)
	for job := range p.jobs {
		if p.failure() != nil {
			continue // drain: nothing after a failure is written
		}
		if err := p.runJob(job); err != nil {
			p.mu.Lock()
			p.err = err
			p.mu.Unlock()
		}
	}
}

// runJob runs one write. A panic in it becomes the pipe's failure: on this
// goroutine nothing would recover it, and the whole server would stop.
func (p *importPipe) runJob(job func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("import write panicked: %v", v)
		}
	}()
	return job()
}

// failure is the first write's error, if any.
func (p *importPipe) failure() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// submit queues a write, or returns the failure that stopped the writes.
func (p *importPipe) submit(job func() error) error {
	if err := p.failure(); err != nil {
		return err
	}
	p.jobs <- job
	return nil
}

// finish waits for the queued writes and returns the first failure.
func (p *importPipe) finish() error {
	close(p.jobs)
	<-p.done
	return p.failure()
}
