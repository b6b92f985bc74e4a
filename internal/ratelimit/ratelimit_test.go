package ratelimit

import (
	"testing"
	"time"
)

// clock is a hand-moved clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestBurstThenRate(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	l := New(0.5, 3, c.now) // one request every 2 s, 3 at once
	for i := range 3 {
		if ok, _ := l.Allow("key:浙江省标准化研究院"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, retry := l.Allow("key:浙江省标准化研究院")
	if ok || retry != 2 {
		t.Fatalf("fourth request: allowed %v, retry after %d s; want refused, 2 s", ok, retry)
	}
	if ok, _ := l.Allow("ip:192.0.2.7"); !ok {
		t.Error("another caller has its own bucket")
	}
	c.advance(1 * time.Second)
	if ok, retry := l.Allow("key:浙江省标准化研究院"); ok || retry != 1 {
		t.Errorf("after 1 s: allowed %v, retry %d; want refused, 1 s", ok, retry)
	}
	c.advance(1 * time.Second)
	if ok, _ := l.Allow("key:浙江省标准化研究院"); !ok {
		t.Error("after the retry delay the request must pass")
	}
}

func TestRefusedRequestsDoNotDrainTheBucket(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	l := New(1, 1, c.now)
	l.Allow("a")
	for range 100 {
		l.Allow("a") // refused; must not push the next token further away
	}
	c.advance(time.Second)
	if ok, _ := l.Allow("a"); !ok {
		t.Error("refused requests consumed tokens")
	}
}

func TestIdleBucketsAreForgotten(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	l := New(1, 1, c.now)
	for _, caller := range []string{"a", "b", "c"} {
		l.Allow(caller)
	}
	c.advance(idleAfter + 2*time.Minute)
	l.Allow("d")
	if l.Len() != 1 {
		t.Errorf("%d buckets after the idle period, want 1", l.Len())
	}
}

func TestZeroRateMeansNoLimit(t *testing.T) {
	l := New(0, 0, time.Now)
	for range 1000 {
		if ok, _ := l.Allow("x"); !ok {
			t.Fatal("a disabled limiter refused a request")
		}
	}
}

func TestPeekTakesNothing(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	l := New(0.25, 2, c.now) // one every 4 s
	if ok, _ := l.Peek("ip:192.0.2.1"); !ok {
		t.Fatal("an unknown caller has a full bucket")
	}
	l.Allow("ip:192.0.2.1")
	for range 5 {
		if ok, _ := l.Peek("ip:192.0.2.1"); !ok {
			t.Fatal("peeking used up the bucket")
		}
	}
	l.Allow("ip:192.0.2.1")
	if ok, retry := l.Peek("ip:192.0.2.1"); ok || retry != 4 {
		t.Errorf("empty bucket: ok %v retry %d, want false, 4", ok, retry)
	}
	c.advance(4 * time.Second)
	if ok, _ := l.Peek("ip:192.0.2.1"); !ok {
		t.Error("the bucket refills")
	}
}
