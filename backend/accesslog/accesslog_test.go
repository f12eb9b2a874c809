package accesslog

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"sekisho/backend/store"
)

func TestWriterBatchesAndDrains(t *testing.T) {
	var mu sync.Mutex
	var got []store.AccessEntry
	batches := 0
	w := New(func(ctx context.Context, b []store.AccessEntry) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, b...)
		batches++
		return nil
	}, 10000, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for i := 0; i < 2500; i++ {
		w.Log(store.AccessEntry{Decision: "allow", At: time.Now()})
	}
	if err := w.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2500 || batches < 3 {
		t.Errorf("wrote %d entries in %d batches, want 2500 in ≥3", len(got), batches)
	}
	w.Log(store.AccessEntry{})
	if s := w.Stats(); s.Written != 2500 || s.Dropped != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestWriterNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	w := New(func(ctx context.Context, b []store.AccessEntry) error { <-release; return nil }, 10, slog.New(slog.NewTextHandler(io.Discard, nil)))
	done := make(chan struct{})
	go func() {
		for i := 0; i < 10000; i++ {
			w.Log(store.AccessEntry{})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Log blocked on a stalled database")
	}
	if w.Stats().Dropped == 0 {
		t.Error("nothing counted as dropped with a full queue")
	}
	close(release)
	w.Close(context.Background())
}

// A backlog is written in transactions of bounded size, so a burst never
// turns into one long transaction that requests would wait behind.
func TestWriterBoundsTransactions(t *testing.T) {
	var mu sync.Mutex
	var sizes []int
	total := 0
	w := New(func(ctx context.Context, b []store.AccessEntry) error {
		mu.Lock()
		defer mu.Unlock()
		sizes = append(sizes, len(b))
		total += len(b)
		return nil
	}, 100000, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for i := 0; i < 12345; i++ {
		w.Log(store.AccessEntry{Decision: "allow"})
	}
	if err := w.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, n := range sizes {
		if n > w.txSize {
			t.Errorf("a transaction of %d entries (limit %d)", n, w.txSize)
		}
	}
	if total != 12345 || w.Stats().Written != 12345 {
		t.Errorf("wrote %d (stats %+v), want 12345", total, w.Stats())
	}
}

// A database that refuses writes fails the whole flush at once (counted),
// instead of one timeout per transaction.
func TestWriterStopsAFlushAtTheFirstFailure(t *testing.T) {
	calls := 0
	w := New(func(ctx context.Context, b []store.AccessEntry) error {
		calls++
		return errors.New("database is locked")
	}, 100000, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for i := 0; i < 950; i++ {
		w.Log(store.AccessEntry{})
	}
	if err := w.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := w.Stats(); s.Failed != 950 || s.Written != 0 || calls > 2 { // 2: a tick may split the entries
		t.Errorf("stats %+v after %d calls, want 950 failed in one call per flush", s, calls)
	}
}
