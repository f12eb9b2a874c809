package boot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"sekisho/app"
	"sekisho/backend/attach"
	"sekisho/backend/i18n"
)

// TestWindowAttachesToServeEngine is the engine's side of the window as a
// console: serve mode publishes engine.json (replacing a killed engine's),
// a window finds it with the token, its calls go through the link, a device
// request made at the gateway reaches it over the event stream, and a
// clean stop removes engine.json without waiting on the open stream.
func TestWindowAttachesToServeEngine(t *testing.T) {
	dir := t.TempDir()
	// A killed engine's leftovers: its engine.json names a dead address.
	if err := attach.Publish(dir, attach.Info{AdminURL: "http://127.0.0.1:1/", PID: 999999}); err != nil {
		t.Fatal(err)
	}
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	services := app.NewServices(env)
	rt, err := Start(context.Background(), testConfig(dir), env, services, StartOptions{UI: fstest.MapFS{"index.html": {Data: []byte("ui")}}})
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			rt.Close(context.Background())
		}
	}()
	info, err := attach.Read(dir, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	if info.AdminURL != rt.AdminURL || info.PID != os.Getpid() || info.DataDir == "" {
		t.Fatalf("engine.json = %+v, want %s and PID %d", info, rt.AdminURL, os.Getpid())
	}

	finder := attach.Finder{Token: "tok"} // testConfig's token (no admin.token: it came from the environment)
	eng, err := finder.Find(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	link := attach.NewLink(eng, finder, nil)
	page := httptest.NewServer(link)
	defer page.Close()
	resp, err := http.Post(page.URL+"/api/Users.Create", "application/json", strings.NewReader(`{"code":"dev1","name":"端末 太郎"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"code":"dev1"`) {
		t.Fatalf("Users.Create through the link: %d %s", resp.StatusCode, body)
	}
	var user app.User
	json.Unmarshal(body, &user)
	if _, err := services.Users.SetRequireDevice(app.SetFlagRequest{IDs: []string{user.ID}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	pw, err := services.Users.ResetPassword(app.IDRequest{ID: user.ID})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := make(chan attach.Event, 4)
	state := make(chan bool, 4)
	followed := make(chan struct{})
	go func() {
		link.Follow(ctx, func(ev attach.Event) { events <- ev }, func(up bool) { state <- up })
		close(followed)
	}()
	// The stream is open once the engine has a subscriber: wait for it
	// by publishing a probe until it arrives.
	deadline := time.Now().Add(10 * time.Second)
probe:
	for {
		rt.Engine.Publish("probe", map[string]any{})
		select {
		case ev := <-events:
			if ev.Name == "probe" {
				break probe
			}
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("the event stream did not open")
		}
	}

	// A person asks for a device at the gateway.
	c := newClient(t, rt, nil, nil)
	if st, _ := c.login("dev1", pw.Password); st != 303 {
		t.Fatalf("sign-in: %d", st)
	}
	_, _, page2 := c.do("GET", "/_sekisho/device", nil, nil)
	m := csrfRe.FindStringSubmatch(page2)
	if m == nil {
		t.Fatalf("no device form:\n%s", page2)
	}
	if st, _, body := c.do("POST", "/_sekisho/device", url.Values{"deviceName": {"iPhone 15"}, "phone": {""}, "csrf": {m[1]}}, nil); st != 303 {
		t.Fatalf("device request: %d\n%s", st, body)
	}
	for {
		select {
		case ev := <-events:
			if ev.Name == "probe" {
				continue
			}
			var data map[string]any
			if ev.Name != app.EventDeviceRequested || json.Unmarshal(ev.Data, &data) != nil || data["userCode"] != "dev1" || data["deviceName"] != "iPhone 15" {
				t.Fatalf("event %s %s", ev.Name, ev.Data)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the device request did not reach the window")
		}
		break
	}

	// A clean stop with the stream open: quick, and engine.json is gone.
	start := time.Now()
	if err := rt.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	closed = true
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v with an event stream open", d)
	}
	if _, err := os.Stat(filepath.Join(dir, attach.FileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("engine.json after Close: %v", err)
	}
	select {
	case up := <-state:
		if up {
			t.Error("the link says up after the engine stopped")
		}
	case <-time.After(10 * time.Second):
		t.Error("the link did not notice the engine's stop")
	}
	if _, err := finder.Find(context.Background(), dir); !errors.Is(err, attach.ErrNoEngine) {
		t.Errorf("Find after the stop = %v, want ErrNoEngine", err)
	}
	cancel()
	<-followed
}

// TestWindowEngineRemovesStaleFile: the window's own engine (portable
// mode, no admin API) removes a killed engine's engine.json and publishes
// none.
func TestWindowEngineRemovesStaleFile(t *testing.T) {
	dir := t.TempDir()
	if err := attach.Publish(dir, attach.Info{AdminURL: "http://127.0.0.1:1/", PID: 999999}); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(dir)
	cfg.Serve, cfg.AdminToken = false, ""
	env := app.NewEnv(nil, app.ModeDesktop, i18n.EN)
	rt, err := Start(context.Background(), cfg, env, app.NewServices(env), StartOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close(context.Background())
	if _, err := os.Stat(filepath.Join(dir, attach.FileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("engine.json with the window's own engine: %v", err)
	}
}
