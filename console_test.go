package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/attach"
	"sekisho/backend/service"
)

// engineFolder makes a data folder with an engine.json naming url and PID
// 7, and an admin.token.
func engineFolder(t *testing.T, url, token string) string {
	t.Helper()
	dir := t.TempDir()
	if url != "" {
		if err := attach.Publish(dir, attach.Info{AdminURL: url, PID: 7}); err != nil {
			t.Fatal(err)
		}
	}
	if token != "" {
		os.WriteFile(filepath.Join(dir, service.TokenFile), []byte(token), 0o600)
	}
	return dir
}

// fakeAPI answers /healthz and System.Info for token.
func fakeAPI(t *testing.T, token string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Write([]byte(`{"version":"x"}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// TestFindEngine: which engine the window attaches to. Its own folder
// first; then the service's folder (when started without --data); a
// service folder this user may not read is an error of its own rather than
// a silent second engine.
func TestFindEngine(t *testing.T) {
	url := fakeAPI(t, "token-0123456789abcdef")
	running := func() string { return engineFolder(t, url, "token-0123456789abcdef") }
	empty := func() string { return t.TempDir() }
	deniedDir := engineFolder(t, url, "token-0123456789abcdef")
	finder := attach.Finder{
		HolderPID: func(string) int { return 7 },
		ReadFile: func(p string) ([]byte, error) {
			if strings.HasPrefix(p, deniedDir) {
				return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrPermission}
			}
			return os.ReadFile(p)
		},
	}
	tests := []struct {
		name       string
		own, svc   string
		want       string // the folder of the engine found
		wantErr    func(error) bool
		wantSvcErr bool
	}{
		{name: "ok/own", own: "run1", svc: "", want: "own"},
		{name: "ok/own-before-service", own: "run1", svc: "run2", want: "own"},
		{name: "ok/service", own: "empty", svc: "run2", want: "svc"},
		{name: "none/no-service-folder", own: "empty", svc: "missing", wantErr: isNoEngine},
		{name: "none/explicit-data", own: "empty", svc: "", wantErr: isNoEngine},
		{name: "none/service-folder-idle", own: "empty", svc: "empty", wantErr: isNoEngine},
		{name: "fail/service-denied", own: "empty", svc: "denied", wantSvcErr: true},
		{name: "fail/own-denied", own: "denied", svc: "", wantErr: func(err error) bool {
			var d *attach.DeniedError
			var sf *serviceFolderError
			return errors.As(err, &d) && !errors.As(err, &sf)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dirs := map[string]string{}
			pick := func(kind string) string {
				switch kind {
				case "run1", "run2":
					return running()
				case "empty":
					return empty()
				case "denied":
					return deniedDir
				case "missing":
					return filepath.Join(t.TempDir(), "nope")
				}
				return ""
			}
			dirs["own"], dirs["svc"] = pick(tc.own), pick(tc.svc)
			eng, err := findEngine(context.Background(), finder, dirs["own"], dirs["svc"])
			switch {
			case tc.wantSvcErr:
				var sf *serviceFolderError
				var d *attach.DeniedError
				if !errors.As(err, &sf) || sf.Dir != dirs["svc"] || !errors.As(err, &d) {
					t.Fatalf("findEngine = %+v, %v; want a serviceFolderError for %s", eng, err, dirs["svc"])
				}
			case tc.wantErr != nil:
				if err == nil || !tc.wantErr(err) {
					t.Fatalf("findEngine = %+v, %v", eng, err)
				}
			default:
				if err != nil || eng.Dir != dirs[tc.want] || eng.URL != url {
					t.Fatalf("findEngine = %+v, %v; want the engine of %s", eng, err, dirs[tc.want])
				}
			}
		})
	}
}

func isNoEngine(err error) bool { return errors.Is(err, attach.ErrNoEngine) }

// TestConsoleState: the frontend's Console.State waits until the mode is
// decided; the window's handler forwards nothing until it is attached.
func TestConsoleState(t *testing.T) {
	c := newConsole()
	got := make(chan app.ConsoleState, 1)
	go func() {
		s, err := app.NewConsole(c.State).State(app.Empty{})
		if err != nil {
			t.Error(err)
		}
		got <- s
	}()
	select {
	case s := <-got:
		t.Fatalf("State returned %+v before the mode was decided", s)
	case <-time.After(100 * time.Millisecond):
	}
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/Users.List", strings.NewReader("{}")))
	if rec.Code != http.StatusNotFound {
		t.Errorf("handler before attaching: %d, want 404", rec.Code)
	}
	c.decide(app.ConsoleState{Mode: app.ConsolePortable, DataDir: "/d", Connected: true})
	select {
	case s := <-got:
		if s.Mode != app.ConsolePortable || s.DataDir != "/d" {
			t.Errorf("State = %+v", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("State still waits after decide")
	}
	if s := c.setConnected(false); s.Connected || s.Mode != app.ConsolePortable {
		t.Errorf("setConnected(false) = %+v", s)
	}
}

// TestServeIsFoundByTheWindow runs `sekisho serve` without
// SEKISHO_ADMIN_TOKEN, as a person would: it keeps its token in
// DATA/admin.token (0600) and publishes engine.json, so the window's
// finder reaches it from another process; after SIGTERM engine.json is
// gone.
func TestServeIsFoundByTheWindow(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stops it with SIGTERM")
	}
	bin := sekishoBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(bin, "serve", "--data", data, "--admin", "127.0.0.1:0",
		"--portal", "127.0.0.1:0", "--gateway", "127.0.0.1:0", "--download", "127.0.0.1:0", "--public-host", "127.0.0.1")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SEKISHO_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	admin := ""
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && sc.Text() != "ready" {
		if u, ok := strings.CutPrefix(sc.Text(), "admin "); ok {
			admin = u
		}
	}
	go io.Copy(io.Discard, stdout)
	if admin == "" {
		t.Fatal("no admin line before ready")
	}
	if st, err := os.Stat(filepath.Join(data, service.TokenFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("admin.token: %v %v, want mode 0600", st, err)
	}
	eng, err := attach.Finder{}.Find(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if eng.URL != admin || eng.PID != cmd.Process.Pid {
		t.Errorf("found %s PID %d, want %s PID %d", eng.URL, eng.PID, admin, cmd.Process.Pid)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, attach.FileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("engine.json after SIGTERM: %v", err)
	}
}

// TestSaveToIsPrivate: files the window saves (backups, PKCS#12, CSVs with
// passphrases) are readable by the admin only.
func TestSaveToIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("mode bits do not apply on Windows")
	}
	path := filepath.Join(t.TempDir(), "sekisho.sekisho-backup")
	if err := saveTo(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("saved with mode %04o, want 0600", st.Mode().Perm())
	}
}
