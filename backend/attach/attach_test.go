package attach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"sekisho/backend/service"
)

// fakeEngine stands in for an engine's admin API: /healthz, System.Info and
// Users.List with a bearer token, and the event stream.
type fakeEngine struct {
	*httptest.Server
	token  atomic.Value // string
	mu     sync.Mutex
	calls  []*http.Request // what reached it, with headers
	bodies []string
	events chan string // lines to write to an open event stream
}

func newFakeEngine(t *testing.T, token string) *fakeEngine {
	t.Helper()
	e := &fakeEngine{events: make(chan string, 8)}
	e.token.Store(token)
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.Close)
	return e
}

func (e *fakeEngine) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/healthz" {
		w.Write([]byte("ok\n"))
		return
	}
	body, _ := io.ReadAll(r.Body)
	e.mu.Lock()
	e.calls = append(e.calls, r.Clone(context.Background()))
	e.bodies = append(e.bodies, string(body))
	e.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+e.token.Load().(string) {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":{"code":"unauthorized","message":"no"}}`))
		return
	}
	switch r.URL.Path {
	case "/api/System.Info":
		w.Write([]byte(`{"version":"1.2.3","language":"en"}`))
	case "/api/Users.List":
		w.Header().Set("Set-Cookie", "x=y")
		fmt.Fprintf(w, `{"items":[],"total":0,"echo":%q}`, body)
	case "/api/events":
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(": subscribed\n\n"))
		w.(http.Flusher).Flush()
		for {
			select {
			case <-r.Context().Done():
				return
			case line := <-e.events:
				if line == "END" {
					return // the stream ends
				}
				w.Write([]byte(line))
				w.(http.Flusher).Flush()
			}
		}
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (e *fakeEngine) lastCall() (*http.Request, string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.calls) == 0 {
		return nil, ""
	}
	return e.calls[len(e.calls)-1], e.bodies[len(e.bodies)-1]
}

func (e *fakeEngine) ncalls() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.calls)
}

// folder makes a data folder whose engine.json names url and pid, and whose
// admin.token holds token ("" for none).
func folder(t *testing.T, url string, pid int, token string) string {
	t.Helper()
	dir := t.TempDir()
	if url != "" {
		if err := Publish(dir, Info{AdminURL: url, PID: pid, StartedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	if token != "" {
		if err := os.WriteFile(filepath.Join(dir, service.TokenFile), []byte(token+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// holder says the folder's lock is held by pid.
func holder(pid int) func(string) int { return func(string) int { return pid } }

func TestPublishReadRemove(t *testing.T) {
	dir := t.TempDir()
	want := Info{AdminURL: "http://127.0.0.1:7700/", PID: 42, DataDir: dir, Version: "1.0", StartedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := Publish(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := Read(dir, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
	b, _ := os.ReadFile(filepath.Join(dir, FileName))
	if strings.Contains(string(b), "token") {
		t.Errorf("engine.json mentions a token:\n%s", b)
	}
	// No temporary file is left beside it.
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d entries, want engine.json only", len(entries))
	}

	// Another PID's file stays; its own goes; gone is fine.
	if err := Remove(dir, 43); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Fatalf("Remove(other PID) removed the file: %v", err)
	}
	if err := Remove(dir, 42); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after Remove(own PID): %v", err)
	}
	if err := Remove(dir, 42); err != nil {
		t.Errorf("Remove of a missing file = %v", err)
	}
	// PID 0: whatever is there (the caller holds the folder).
	Publish(dir, want)
	if err := Remove(dir, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after Remove(0): %v", err)
	}
}

func TestFind(t *testing.T) {
	eng := newFakeEngine(t, "engine-token-0123456789")
	url := eng.URL + "/"
	// An address where nothing listens: a server started and closed.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/"
	dead.Close()
	denied := func(name string) func(string) ([]byte, error) {
		return func(p string) ([]byte, error) {
			if filepath.Base(p) == name {
				return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrPermission}
			}
			return os.ReadFile(p)
		}
	}
	tests := []struct {
		name     string
		dir      string
		finder   Finder
		wantErr  func(error) bool
		wantCall bool // the engine was asked with a token
	}{
		{name: "ok/token-file", dir: folder(t, url, 7, "engine-token-0123456789"), finder: Finder{HolderPID: holder(7)}, wantCall: true},
		{name: "ok/environment-token", dir: folder(t, url, 7, ""), finder: Finder{Token: "engine-token-0123456789", HolderPID: holder(7)}, wantCall: true},
		{name: "ok/environment-token-wrong-file-right", dir: folder(t, url, 7, "engine-token-0123456789"), finder: Finder{Token: "other-token", HolderPID: holder(7)}, wantCall: true},
		{name: "fail/no-engine-json", dir: folder(t, "", 0, "engine-token-0123456789"), finder: Finder{HolderPID: holder(0)},
			wantErr: func(err error) bool { return errors.Is(err, ErrNoEngine) }},
		{name: "fail/stale-pid-mismatch", dir: folder(t, url, 7, "engine-token-0123456789"), finder: Finder{HolderPID: holder(8)},
			wantErr: func(err error) bool { return errors.Is(err, ErrNoEngine) && strings.Contains(err.Error(), "stale") }},
		{name: "fail/stale-released", dir: folder(t, url, 7, "engine-token-0123456789"), finder: Finder{HolderPID: holder(0)},
			wantErr: func(err error) bool {
				return errors.Is(err, ErrNoEngine) && strings.Contains(err.Error(), "no process")
			}},
		{name: "fail/dead-engine", dir: folder(t, deadURL, 7, "engine-token-0123456789"), finder: Finder{HolderPID: holder(7)},
			wantErr: func(err error) bool {
				return errors.Is(err, ErrNoEngine) && strings.Contains(err.Error(), "does not answer")
			}},
		{name: "fail/not-loopback", dir: folder(t, "http://192.0.2.1:7700/", 7, "engine-token-0123456789"), finder: Finder{HolderPID: holder(7)},
			wantErr: func(err error) bool {
				return errors.Is(err, ErrNoEngine) && strings.Contains(err.Error(), "not an http address on this machine")
			}},
		{name: "fail/https-elsewhere", dir: folder(t, "https://127.0.0.1:1/", 7, "engine-token-0123456789"), finder: Finder{HolderPID: holder(7)},
			wantErr: func(err error) bool { return errors.Is(err, ErrNoEngine) }},
		{name: "fail/engine-json-denied", dir: folder(t, url, 7, "engine-token-0123456789"), finder: Finder{HolderPID: holder(7), ReadFile: denied(FileName)},
			wantErr: func(err error) bool { var d *DeniedError; return errors.As(err, &d) && d.Path != "" }},
		{name: "fail/token-denied", dir: folder(t, url, 7, "engine-token-0123456789"), finder: Finder{HolderPID: holder(7), ReadFile: denied(service.TokenFile)},
			wantErr: func(err error) bool {
				var d *DeniedError
				return errors.As(err, &d) && filepath.Base(d.Path) == service.TokenFile
			}},
		{name: "fail/no-token", dir: folder(t, url, 7, ""), finder: Finder{HolderPID: holder(7)},
			wantErr: func(err error) bool { var te *TokenError; return errors.As(err, &te) && !te.Refused }},
		{name: "fail/token-refused", dir: folder(t, url, 7, "wrong-token-0123456789"), finder: Finder{HolderPID: holder(7)},
			wantErr: func(err error) bool { var te *TokenError; return errors.As(err, &te) && te.Refused }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := eng.ncalls()
			got, err := tc.finder.Find(context.Background(), tc.dir)
			if tc.wantErr != nil {
				if err == nil || !tc.wantErr(err) {
					t.Fatalf("Find = %+v, %v; want another error", got, err)
				}
				if (got != Engine{}) {
					t.Errorf("Find returned %+v with its error", got)
				}
				if strings.HasPrefix(tc.name, "fail/not-loopback") || strings.HasPrefix(tc.name, "fail/stale") {
					if n := eng.ncalls(); n != before {
						t.Errorf("the engine was called %d times", n-before)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.URL != url || got.PID != 7 || got.Dir != tc.dir || got.Version != "1.2.3" || got.token != "engine-token-0123456789" {
				t.Errorf("Find = %+v", got)
			}
			if r, _ := eng.lastCall(); r == nil || r.URL.Path != "/api/System.Info" {
				t.Errorf("last call %v, want System.Info", r)
			}
		})
	}
}

func mustFind(t *testing.T, eng *fakeEngine, dir string) (Engine, Finder) {
	t.Helper()
	f := Finder{HolderPID: holder(7)}
	e, err := f.Find(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return e, f
}

// TestLinkForwardsWithToken: the page's call reaches the engine with the
// window's token in place of whatever the page sent, its body and language
// intact; the answer comes back without the token or cookies; only
// POST /api/<Service>.<Method> is forwarded.
func TestLinkForwardsWithToken(t *testing.T) {
	const token = "engine-token-0123456789"
	eng := newFakeEngine(t, token)
	dir := folder(t, eng.URL+"/", 7, token)
	e, f := mustFind(t, eng, dir)
	link := NewLink(e, f, nil)
	page := httptest.NewServer(link) // the window's AssetServer, as the page sees it
	defer page.Close()

	req, _ := http.NewRequest(http.MethodPost, page.URL+"/api/Users.List", strings.NewReader(`{"query":"佐藤"}`))
	req.Header.Set("Authorization", "Bearer page-token")
	req.Header.Set("Cookie", "session=page")
	req.Header.Set("Origin", "wails://wails")
	req.Header.Set("Accept-Language", "en")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"total":0`) {
		t.Fatalf("forwarded call: %d %s", resp.StatusCode, body)
	}
	r, got := eng.lastCall()
	if a := r.Header.Get("Authorization"); a != "Bearer "+token {
		t.Errorf("engine got Authorization %q, want the window's token", a)
	}
	for _, h := range []string{"Cookie", "Origin"} {
		if v := r.Header.Get(h); v != "" {
			t.Errorf("engine got %s %q", h, v)
		}
	}
	if r.Header.Get("Accept-Language") != "en" || got != `{"query":"佐藤"}` || r.URL.Path != "/api/Users.List" {
		t.Errorf("engine got %s %q lang %q", r.URL.Path, got, r.Header.Get("Accept-Language"))
	}
	if strings.Contains(string(body), token) || resp.Header.Get("Set-Cookie") != "" {
		t.Errorf("the answer carries the token or a cookie: %v %s", resp.Header, body)
	}
	for _, h := range resp.Header {
		for _, v := range h {
			if strings.Contains(v, token) {
				t.Errorf("a response header carries the token: %v", resp.Header)
			}
		}
	}

	for _, tc := range []struct{ method, path string }{
		{"GET", "/api/Users.List"}, {"POST", "/api/events"}, {"GET", "/api/events"}, {"POST", "/healthz"},
		{"POST", "/api/Users.List/../../x"}, {"POST", "/other"},
	} {
		n := eng.ncalls()
		req, _ := http.NewRequest(tc.method, page.URL+tc.path, strings.NewReader("{}"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || eng.ncalls() != n {
			t.Errorf("%s %s: %d (engine called: %v), want 404 and nothing forwarded", tc.method, tc.path, resp.StatusCode, eng.ncalls() != n)
		}
	}
}

// TestLinkEngineGone: a call the engine cannot take answers 502 in the API's
// error shape, code "network", in the page's language.
func TestLinkEngineGone(t *testing.T) {
	const token = "engine-token-0123456789"
	eng := newFakeEngine(t, token)
	dir := folder(t, eng.URL+"/", 7, token)
	e, f := mustFind(t, eng, dir)
	link := NewLink(e, f, nil)
	eng.Close()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/api/Users.List", strings.NewReader("{}"))
	req.Header.Set("Accept-Language", "ja")
	link.ServeHTTP(rec, req)
	var got struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusBadGateway || got.Error.Code != "network" ||
		!strings.Contains(got.Error.Message, "接続できません") {
		t.Fatalf("engine gone: %d %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), token) {
		t.Error("the error carries the token")
	}
}

// TestLinkRefreshesToken: after the engine refuses the token (a new
// admin.token), the link reads the folder again and the next call goes
// through.
func TestLinkRefreshesToken(t *testing.T) {
	eng := newFakeEngine(t, "first-token-0123456789")
	dir := folder(t, eng.URL+"/", 7, "first-token-0123456789")
	e, f := mustFind(t, eng, dir)
	link := NewLink(e, f, nil)
	eng.token.Store("second-token-0123456789")
	os.WriteFile(filepath.Join(dir, service.TokenFile), []byte("second-token-0123456789\n"), 0o600)
	call := func() int {
		rec := httptest.NewRecorder()
		link.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/Users.List", strings.NewReader("{}")))
		return rec.Code
	}
	if c := call(); c != http.StatusUnauthorized {
		t.Fatalf("first call with the old token: %d", c)
	}
	deadline := time.Now().Add(5 * time.Second)
	for call() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("the link never took the new token")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestFollow: events of the stream arrive in order with their data; when
// the stream ends the link says it is down, reconnects, and says it is up.
func TestFollow(t *testing.T) {
	const token = "engine-token-0123456789"
	eng := newFakeEngine(t, token)
	dir := folder(t, eng.URL+"/", 7, token)
	e, f := mustFind(t, eng, dir)
	link := NewLink(e, f, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan Event, 8)
	state := make(chan bool, 8)
	done := make(chan struct{})
	go func() {
		link.Follow(ctx, func(ev Event) { got <- ev }, func(up bool) { state <- up })
		close(done)
	}()
	eng.events <- "event: device:requested\ndata: {\"userCode\":\"001018\",\n: a comment\ndata: \"deviceName\":\"iPhone 15\"}\n\n"
	eng.events <- "event: other\ndata: 1\n\n"
	for i, want := range []Event{
		{Name: "device:requested", Data: json.RawMessage("{\"userCode\":\"001018\",\n\"deviceName\":\"iPhone 15\"}")},
		{Name: "other", Data: json.RawMessage("1")},
	} {
		select {
		case ev := <-got:
			if ev.Name != want.Name || string(ev.Data) != string(want.Data) {
				t.Errorf("event %d = %s %s, want %s %s", i, ev.Name, ev.Data, want.Name, want.Data)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("event %d did not arrive", i)
		}
	}
	// The stream ends: down, then up again, and events flow again.
	eng.events <- "END"
	for _, want := range []bool{false, true} {
		select {
		case up := <-state:
			if up != want {
				t.Errorf("state = %v, want %v", up, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no state %v after the stream's end", want)
		}
	}
	eng.events <- "event: again\ndata: {}\n\n"
	select {
	case ev := <-got:
		if ev.Name != "again" {
			t.Errorf("after reconnecting: %s", ev.Name)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no event after reconnecting")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Follow did not end with its context")
	}
}

func TestReadEvents(t *testing.T) {
	in := ": hello\n\nevent: a\ndata: 1\n\ndata: 2\n\nevent: b\n\nevent:c\ndata:3\n\n"
	var got []string
	err := readEvents(strings.NewReader(in), func() {}, func(ev Event) { got = append(got, ev.Name+"="+string(ev.Data)) })
	if !errors.Is(err, io.EOF) {
		t.Errorf("err = %v, want EOF", err)
	}
	if diff := cmp.Diff([]string{"a=1", "message=2", "c=3"}, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}
