package attach

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"regexp"
	"strings"
	"sync"
	"time"

	"sekisho/backend/i18n"
)

// EventsPath is the engine's event stream (server-sent events) under its
// admin URL.
const EventsPath = "api/events"

// Link is the window's connection to an engine. As an http.Handler it
// forwards the admin UI's API calls (POST /api/<Service>.<Method>, same
// origin for the page) to the engine with the admin token added; Follow
// passes the engine's events on. When the engine stops answering or
// refuses the token, the Link finds it again in its folder (a restarted
// service may listen elsewhere, or have a new token).
type Link struct {
	finder Finder
	log    *slog.Logger
	proxy  *httputil.ReverseProxy
	// stream makes the event stream's requests: no overall timeout.
	stream *http.Client

	mu          sync.Mutex
	eng         Engine
	lastRefresh time.Time
}

// NewLink returns the Link to eng, found by finder.
func NewLink(eng Engine, finder Finder, log *slog.Logger) *Link {
	if log == nil {
		log = slog.Default()
	}
	l := &Link{finder: finder, log: log, eng: eng, stream: &http.Client{Transport: newTransport()}}
	l.proxy = &httputil.ReverseProxy{
		Rewrite:        l.rewrite,
		Transport:      newTransport(),
		ModifyResponse: l.modifyResponse,
		ErrorHandler:   l.proxyError,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	return l
}

// Engine is the engine the Link reaches now.
func (l *Link) Engine() Engine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.eng
}

// apiPath is what the window forwards: the admin API's method calls only.
var apiPath = regexp.MustCompile(`^/api/[A-Za-z][A-Za-z0-9]*\.[A-Za-z][A-Za-z0-9]*$`)

// ServeHTTP forwards POST /api/<Service>.<Method> to the engine; anything
// else is 404.
func (l *Link) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !apiPath.MatchString(r.URL.Path) {
		http.NotFound(w, r)
		return
	}
	l.proxy.ServeHTTP(w, r)
}

func (l *Link) rewrite(pr *httputil.ProxyRequest) {
	eng := l.Engine()
	out := pr.Out
	out.URL = eng.base.JoinPath(pr.In.URL.Path)
	out.Host = eng.base.Host
	// The page's credentials and origin mean nothing to the engine; the
	// window's token is what signs the call.
	for _, h := range []string{"Authorization", "Proxy-Authorization", "Cookie", "Origin", "Referer"} {
		out.Header.Del(h)
	}
	out.Header.Set("Authorization", "Bearer "+eng.token)
}

func (l *Link) modifyResponse(resp *http.Response) error {
	resp.Header.Del("Set-Cookie")
	if resp.StatusCode == http.StatusUnauthorized {
		// The token changed (a new admin.token): find it again for the
		// next call.
		go l.Refresh(context.Background())
	}
	return nil
}

// proxyError answers a call the engine did not take, in the admin API's
// error shape with the client-side code "network".
func (l *Link) proxyError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the page went away
	}
	eng := l.Engine()
	l.log.Warn("the engine did not answer", "url", eng.URL, "call", r.URL.Path, "err", err)
	go l.Refresh(context.Background())
	lang, ok := i18n.Parse(r.Header.Get("Accept-Language"))
	if !ok {
		lang = i18n.JA
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusBadGateway)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{
		"code": "network", "message": i18n.T(lang, "console.engine_unreachable", map[string]any{"url": eng.URL}),
	}})
}

// refreshEvery bounds how often Refresh looks for the engine again.
const refreshEvery = time.Second

// Refresh finds the engine in its folder again and reports whether it did
// (at most once a second; otherwise false).
func (l *Link) Refresh(ctx context.Context) bool {
	l.mu.Lock()
	dir := l.eng.Dir
	if time.Since(l.lastRefresh) < refreshEvery {
		l.mu.Unlock()
		return false
	}
	l.lastRefresh = time.Now()
	l.mu.Unlock()
	eng, err := l.finder.Find(ctx, dir)
	if err != nil {
		l.log.Debug("find the engine again", "dir", dir, "err", err)
		return false
	}
	l.mu.Lock()
	moved := eng.URL != l.eng.URL || eng.PID != l.eng.PID || eng.token != l.eng.token
	l.eng = eng
	l.mu.Unlock()
	if moved {
		l.log.Info("found the engine again", "url", eng.URL, "pid", eng.PID)
	}
	return true
}

// Call calls method ("Service.Method") on the engine with req and decodes
// its result into res (nil: the result is dropped), for what the window's
// Go side itself needs to know.
func (l *Link) Call(ctx context.Context, method string, req, res any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	eng := l.Engine()
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, eng.endpoint("api/"+method), bytes.NewReader(body))
	if err != nil {
		return err
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+eng.token)
	resp, err := l.finder.client().Do(r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", method, resp.Status)
	}
	if res == nil {
		return nil
	}
	return json.NewDecoder(io.LimitReader(resp.Body, maxEventBytes)).Decode(res)
}

// Event is one event of the engine's stream.
type Event struct {
	Name string
	Data json.RawMessage
}

// Timings of Follow.
const (
	// streamIdle: the engine sends a comment every 20 s; a stream silent
	// for longer than this is dead (a sleeping laptop, a lost peer).
	streamIdle   = 60 * time.Second
	pauseFirst   = time.Second
	pauseLongest = 15 * time.Second
)

// Follow reads the engine's event stream until ctx ends, calling event for
// each event and connected whenever the stream goes up or down (it starts
// up: Find has just reached the engine). Between attempts it waits, up to
// 15 s, and finds the engine again.
func (l *Link) Follow(ctx context.Context, event func(Event), connected func(bool)) {
	up := true
	set := func(v bool) {
		if v != up {
			up = v
			if connected != nil {
				connected(v)
			}
		}
	}
	pause := pauseFirst
	for ctx.Err() == nil {
		err := l.follow(ctx, func() { set(true); pause = pauseFirst }, event)
		if ctx.Err() != nil {
			return
		}
		set(false)
		l.log.Warn("the engine's event stream ended", "err", err, "retry", pause)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, pauseLongest)
		l.Refresh(ctx)
	}
}

// follow reads one connection of the stream until it ends.
func (l *Link) follow(ctx context.Context, opened func(), event func(Event)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	eng := l.Engine()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, eng.endpoint(EventsPath), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+eng.token)
	resp, err := l.stream.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		if resp.StatusCode == http.StatusUnauthorized {
			l.lastRefreshReset()
		}
		return fmt.Errorf("%s: %s", EventsPath, resp.Status)
	}
	opened()
	idle := time.AfterFunc(streamIdle, cancel)
	defer idle.Stop()
	return readEvents(resp.Body, func() { idle.Reset(streamIdle) }, event)
}

// lastRefreshReset lets the next Refresh run at once.
func (l *Link) lastRefreshReset() {
	l.mu.Lock()
	l.lastRefresh = time.Time{}
	l.mu.Unlock()
}

// maxEventBytes bounds one event's data.
const maxEventBytes = 1 << 20

// readEvents parses a text/event-stream body (the subset the engine
// writes: "event:" and "data:" fields, comments, blank-line dispatch),
// calling alive for every line.
func readEvents(body io.Reader, alive func(), event func(Event)) error {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 4096), maxEventBytes)
	var name string
	var data []string
	for sc.Scan() {
		alive()
		line := sc.Text()
		switch {
		case line == "":
			if len(data) > 0 && event != nil {
				if name == "" {
					name = "message"
				}
				event(Event{Name: name, Data: json.RawMessage(strings.Join(data, "\n"))})
			}
			name, data = "", nil
		case strings.HasPrefix(line, ":"):
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				name = value
			case "data":
				data = append(data, value)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return io.EOF
}
