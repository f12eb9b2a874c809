// Package accesslog writes the gateway's decisions to the database in
// batches, off the request path: a request only puts its entry on a bounded
// queue. When the queue is full the entry is dropped and counted, never
// waited for; a clean shutdown drains the queue.
package accesslog

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"sekisho/backend/store"
)

// Sink stores a batch.
type Sink func(ctx context.Context, batch []store.AccessEntry) error

// Writer is the asynchronous writer.
type Writer struct {
	mu      sync.RWMutex // guards closing ch against concurrent Log calls
	closed  bool
	ch      chan store.AccessEntry
	sink    Sink
	log     *slog.Logger
	done    chan struct{}
	dropped atomic.Int64
	written atomic.Int64
	failed  atomic.Int64

	// BatchSize and Interval bound how long an entry waits.
	batchSize int
	interval  time.Duration
}

// New starts a writer with a queue of size entries.
func New(sink Sink, size int, log *slog.Logger) *Writer {
	w := &Writer{ch: make(chan store.AccessEntry, size), sink: sink, log: log, done: make(chan struct{}), batchSize: 1000, interval: 250 * time.Millisecond}
	go w.run()
	return w
}

// Log queues an entry without blocking; a full queue drops it (counted).
func (w *Writer) Log(e store.AccessEntry) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		w.dropped.Add(1)
		return
	}
	select {
	case w.ch <- e:
	default:
		w.dropped.Add(1)
	}
}

// Stats reports what happened to the entries so far.
type Stats struct {
	Written, Dropped, Failed int64
	Queued                   int
}

// Stats returns the counters.
func (w *Writer) Stats() Stats {
	return Stats{Written: w.written.Load(), Dropped: w.dropped.Load(), Failed: w.failed.Load(), Queued: len(w.ch)}
}

func (w *Writer) run() {
	defer close(w.done)
	batch := make([]store.AccessEntry, 0, w.batchSize)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	flush := func() {
		if len(batch) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := w.sink(ctx, batch)
		cancel()
		if err != nil {
			w.failed.Add(int64(len(batch)))
			w.log.Error("access log write failed", "entries", len(batch), "err", err)
		} else {
			w.written.Add(int64(len(batch)))
		}
		batch = batch[:0]
	}
	for {
		select {
		case e, ok := <-w.ch:
			if !ok {
				flush()
				return
			}
			batch = append(batch, e)
			if len(batch) >= w.batchSize {
				flush()
			}
		case <-t.C:
			flush()
		}
	}
}

// Close stops accepting entries and writes everything queued, until ctx ends.
func (w *Writer) Close(ctx context.Context) error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.ch)
	}
	w.mu.Unlock()
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
