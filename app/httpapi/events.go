package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"sekisho/backend/model"
)

// Limits of the event stream.
const (
	// maxEventStreams bounds the open streams: a desktop window holds one.
	maxEventStreams = 16
	// eventBuffer is how many events a slow stream may lag behind before
	// it loses the next ones.
	eventBuffer = 32
	// eventPing is the interval of the keep-alive comment, by which a
	// reader tells a quiet stream from a dead one.
	eventPing = 20 * time.Second
)

// events fans the app's events (env.Notify) out to the open streams of
// GET /api/events.
type events struct {
	mu     sync.Mutex
	subs   map[*stream]struct{}
	closed bool
}

type stream struct {
	ch   chan []byte   // one encoded event each
	done chan struct{} // closed when the API stops streaming
}

// Publish sends an event to every open stream of GET /api/events (in the
// server-sent events format: "event: NAME", "data: JSON"). A stream that
// lags eventBuffer events behind misses it. Boot makes it env.Notify in
// serve mode.
func (a *API) Publish(event string, data any) {
	b, err := json.Marshal(data)
	if err != nil {
		a.log.Error("event data", "event", event, "err", err)
		return
	}
	msg := []byte(fmt.Sprintf("event: %s\ndata: %s\n\n", event, b))
	ev := &a.events
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for s := range ev.subs {
		select {
		case s.ch <- msg:
		default:
			a.log.Warn("an event stream lags behind; an event was dropped", "event", event)
		}
	}
}

// CloseEvents ends every open stream and refuses new ones: the server's
// Shutdown waits for idle connections, which a stream never becomes.
func (a *API) CloseEvents() {
	ev := &a.events
	ev.mu.Lock()
	defer ev.mu.Unlock()
	ev.closed = true
	for s := range ev.subs {
		close(s.done)
		delete(ev.subs, s)
	}
}

func (ev *events) subscribe() (*stream, bool) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.closed || len(ev.subs) >= maxEventStreams {
		return nil, false
	}
	if ev.subs == nil {
		ev.subs = map[*stream]struct{}{}
	}
	s := &stream{ch: make(chan []byte, eventBuffer), done: make(chan struct{})}
	ev.subs[s] = struct{}{}
	return s, true
}

func (ev *events) unsubscribe(s *stream) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	delete(ev.subs, s)
}

// serveEvents serves GET /api/events: the events the desktop window gets
// from env.Notify (device:requested, …), as server-sent events, for as long
// as the client stays. It needs the admin token, like every API call.
func (a *API) serveEvents(w http.ResponseWriter, r *http.Request) {
	if !a.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sekisho"`)
		a.fail(w, r, http.StatusUnauthorized, &model.Error{Code: model.CodeUnauthorized, Key: "error.unauthorized"})
		return
	}
	s, ok := a.events.subscribe()
	if !ok {
		a.fail(w, r, http.StatusServiceUnavailable, &model.Error{Code: model.CodeConflict, Key: "error.event_streams"})
		return
	}
	defer a.events.unsubscribe(s)
	a.log.Info("event stream opened", "remote", r.RemoteAddr)
	defer a.log.Info("event stream closed", "remote", r.RemoteAddr)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// The first line tells the client that it is subscribed: an event
	// published from now on reaches it.
	if _, err := w.Write([]byte(": subscribed\n\n")); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(eventPing)
	defer ping.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ping.C:
			msg = []byte(": ping\n\n")
		case msg = <-s.ch:
		}
		if _, err := w.Write(msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}
