// Package accesslog writes the gateway's decisions to the database in
// batches, off the request path: a request only appends its entry to a
// bounded buffer. When the buffer is full the entry is dropped and counted,
// never waited for; a clean shutdown writes everything buffered.
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
//
// A request appends its entry to a buffer under a mutex (no channel send,
// no goroutine woken per request). The writer goroutine takes the whole
// buffer every interval, or as soon as it holds a batch, and stores it in
// transactions of at most txSize entries, yielding the processor between
// them: on a single core a large backlog is written in slices of a few
// hundred microseconds instead of one stall of several milliseconds that
// every request in flight would wait behind.
type Writer struct {
	mu      sync.Mutex
	closed  bool
	buf     []store.AccessEntry
	size    int           // most entries buffered; more are dropped
	kick    chan struct{} // a batch is ready
	flushed chan chan struct{}
	stop    chan struct{}
	sink    Sink
	log     *slog.Logger
	done    chan struct{}
	dropped atomic.Int64
	written atomic.Int64
	failed  atomic.Int64

	// batchSize and interval bound how long an entry waits.
	batchSize int
	interval  time.Duration
	txSize    int
}

// New starts a writer that buffers up to size entries.
func New(sink Sink, size int, log *slog.Logger) *Writer {
	w := &Writer{size: size, kick: make(chan struct{}, 1), flushed: make(chan chan struct{}), stop: make(chan struct{}), sink: sink, log: log,
		done: make(chan struct{}), batchSize: 1000, interval: 100 * time.Millisecond, txSize: 500}
	go w.run()
	return w
}

// Log buffers an entry without blocking; a full buffer drops it (counted).
func (w *Writer) Log(e store.AccessEntry) {
	w.mu.Lock()
	if w.closed || len(w.buf) >= w.size {
		w.mu.Unlock()
		w.dropped.Add(1)
		return
	}
	w.buf = append(w.buf, e)
	ready := len(w.buf) == w.batchSize
	w.mu.Unlock()
	if ready {
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
}

// Stats reports what happened to the entries so far.
type Stats struct {
	Written, Dropped, Failed int64
	Queued                   int
}

// Stats returns the counters.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	queued := len(w.buf)
	w.mu.Unlock()
	return Stats{Written: w.written.Load(), Dropped: w.dropped.Load(), Failed: w.failed.Load(), Queued: queued}
}

func (w *Writer) run() {
	defer close(w.done)
	var spare []store.AccessEntry
	t := time.NewTicker(w.interval)
	defer t.Stop()
	flush := func(final bool) {
		w.mu.Lock()
		batch := w.buf
		w.buf = spare[:0]
		w.mu.Unlock()
		for start := 0; start < len(batch); start += w.txSize {
			part := batch[start:min(start+w.txSize, len(batch))]
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if final {
				ctx = store.WithoutPauses(ctx)
			}
			err := w.sink(ctx, part)
			cancel()
			if err != nil {
				// The database is not taking writes (locked, full disk):
				// the rest of this flush would fail the same way, one
				// timeout at a time.
				rest := len(batch) - start
				w.failed.Add(int64(rest))
				w.log.Error("access log write failed", "entries", rest, "err", err)
				break
			}
			w.written.Add(int64(len(part)))
			if !final {
				time.Sleep(30 * time.Microsecond) // let waiting requests run (see store.InsertAccess)
			}
		}
		clear(batch) // drop the strings for the GC; the array is reused
		spare = batch[:0]
	}
	for {
		select {
		case <-w.stop:
			flush(true)
			return
		case ack := <-w.flushed:
			flush(false)
			close(ack)
			continue
		case <-w.kick:
		case <-t.C:
		}
		flush(false)
	}
}

// Flush writes everything buffered now, and returns once it is written
// (or failed, counted), when the writer has closed, or when ctx ends.
func (w *Writer) Flush(ctx context.Context) error {
	ack := make(chan struct{})
	select {
	case w.flushed <- ack:
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-ack:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops accepting entries and writes everything buffered, until ctx
// ends.
func (w *Writer) Close(ctx context.Context) error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.stop)
	}
	w.mu.Unlock()
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
