package boot

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"sekisho/app"
	"sekisho/backend/ca"
	"sekisho/backend/config"
	"sekisho/backend/dirlock"
	"sekisho/backend/i18n"
	"sekisho/backend/logfile"
	"sekisho/backend/secret"
	"sekisho/backend/server"
	"sekisho/backend/store"
)

func testConfig(dir string) config.Config {
	return config.Config{Serve: true, DataDir: dir, Admin: "127.0.0.1:0", Portal: "127.0.0.1:0", Gateway: "127.0.0.1:0", Download: "127.0.0.1:0",
		PublicHost: "127.0.0.1", AdminToken: "tok"}
}

func mustStart(t *testing.T, cfg config.Config) *Runtime {
	t.Helper()
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	rt, err := Start(context.Background(), cfg, env, app.NewServices(env), StartOptions{UI: fstest.MapFS{"index.html": {Data: []byte("ui")}}})
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestStartServesAndPersistsCA(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	rt := mustStart(t, cfg)
	if len(rt.Lines) != 4 || !strings.HasPrefix(rt.Lines[0], "admin http://127.0.0.1:") ||
		!strings.HasPrefix(rt.Lines[1], "portal https://127.0.0.1:") || !strings.HasPrefix(rt.Lines[2], "gateway https://127.0.0.1:") ||
		!strings.HasPrefix(rt.Lines[3], "download http://127.0.0.1:") {
		t.Fatalf("lines = %q", rt.Lines)
	}
	fp := rt.CA.Fingerprint()
	portal := strings.TrimPrefix(rt.Lines[1], "portal ")
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: rt.CA.Pool()}}}
	for _, host := range []string{portal, strings.Replace(portal, "127.0.0.1", "localhost", 1)} {
		resp, err := client.Get(host + "cacert.pem")
		if err != nil {
			t.Fatalf("GET %scacert.pem verified against the CA: %v", host, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if b, _ := pem.Decode(body); b == nil || b.Type != "CERTIFICATE" {
			t.Errorf("cacert.pem = %q", body)
		}
		if resp.TLS.PeerCertificates[0].NotAfter.Sub(time.Now()) > 398*24*time.Hour {
			t.Error("server certificate valid longer than Apple accepts")
		}
	}
	if err := rt.Close(context.Background()); err != nil {
		t.Fatal(err)
	}

	// The CA key is sealed at rest: the stored blob is not a parseable key,
	// and only master.key opens it, into the key that matches the CA.
	db, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	certPEM, sealed, err := db.LoadCA(context.Background())
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x509.ParsePKCS8PrivateKey(sealed); err == nil {
		t.Fatal("the stored CA key parses as a plain PKCS#8 key")
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "sekisho.db"))
	if strings.Contains(string(raw), "PRIVATE KEY") {
		t.Error("database contains a PEM private key")
	}
	mk, err := secret.LoadOrCreateKeyFile(filepath.Join(dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := secret.Open(mk, sealed, []byte("sekisho/ca-key/v1"))
	if err != nil {
		t.Fatalf("master.key does not open the sealed CA key: %v", err)
	}
	if _, err := ca.Load([]byte(certPEM), keyDER); err != nil {
		t.Fatalf("unsealed key does not match the CA: %v", err)
	}

	// A restart keeps the same CA.
	rt2 := mustStart(t, cfg)
	if rt2.CA.Fingerprint() != fp {
		t.Error("CA changed across restarts")
	}
	rt2.Close(context.Background())

	// A wrong sealing key refuses to start rather than making a new CA.
	bad := cfg
	bad.MasterKey = strings.Repeat("ab", 32)
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	if _, err := Start(context.Background(), bad, env, app.NewServices(env), StartOptions{UI: fstest.MapFS{}}); err == nil {
		t.Fatal("Start with the wrong master key succeeded")
	}
}

func TestPortAlreadyInUse(t *testing.T) {
	cfg := testConfig(t.TempDir())
	rt := mustStart(t, cfg)
	defer rt.Close(context.Background())
	cfg2 := testConfig(t.TempDir())
	cfg2.Portal = strings.TrimPrefix(strings.TrimSuffix(rt.Lines[1], "/"), "portal https://")
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	_, err := Start(context.Background(), cfg2, env, app.NewServices(env), StartOptions{UI: fstest.MapFS{}})
	var le *server.ListenError
	if !errors.As(err, &le) || !le.InUse() || !strings.HasPrefix(err.Error(), "--portal "+cfg2.Portal+": ") {
		t.Fatalf("err = %v, want an in-use error that names --portal", err)
	}
	// The failed start let its data folder go.
	rt2 := mustStart(t, testConfig(cfg2.DataDir))
	rt2.Close(context.Background())
}

// TestOneEnginePerDataFolder: a second Start on a held folder fails at
// once with the holder's PID and does not touch the database.
func TestOneEnginePerDataFolder(t *testing.T) {
	dir := t.TempDir()
	rt := mustStart(t, testConfig(dir))
	before := dbFiles(t, dir)
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	_, err := Start(context.Background(), testConfig(dir), env, app.NewServices(env), StartOptions{UI: fstest.MapFS{}})
	var busy *dirlock.BusyError
	if !errors.As(err, &busy) || busy.PID != os.Getpid() {
		rt.Close(context.Background())
		t.Fatalf("second Start = %v, want a BusyError naming PID %d", err, os.Getpid())
	}
	if after := dbFiles(t, dir); !maps.Equal(before, after) {
		t.Errorf("the second Start changed the database files:\nbefore %v\nafter  %v", before, after)
	}
	if err := rt.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	rt2 := mustStart(t, testConfig(dir)) // released by Close
	rt2.Close(context.Background())
}

// TestLockBeforeDatabase: with the folder held, Start creates no database.
func TestLockBeforeDatabase(t *testing.T) {
	dir := t.TempDir()
	held, err := dirlock.Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	if _, err := Start(context.Background(), testConfig(dir), env, app.NewServices(env), StartOptions{UI: fstest.MapFS{}}); err == nil {
		t.Fatal("Start on a held folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != dirlock.FileName {
			t.Errorf("Start on a held folder created %s", e.Name())
		}
	}
}

// dbFiles returns the size, modification time and hash of the database's
// files.
func dbFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{store.FileName, store.FileName + "-wal", store.FileName + "-shm"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = fmt.Sprintf("%d %v %x", st.Size(), st.ModTime().UnixNano(), sha256.Sum256(b))
	}
	if len(out) == 0 {
		t.Fatal("no database files")
	}
	return out
}

func TestLogFile(t *testing.T) {
	dir := t.TempDir()
	var stderr lockedBuffer
	sink := logfile.New(&stderr)
	env := app.NewEnv(slog.New(slog.NewTextHandler(sink, nil)), app.ModeServe, i18n.EN)
	rt, err := Start(context.Background(), testConfig(dir), env, app.NewServices(env), StartOptions{Version: "1.2.3", Log: sink})
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	env.Log.Info("after close")
	b, err := os.ReadFile(logfile.Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	for _, want := range []string{"msg=starting version=1.2.3 pid=" + strconv.Itoa(os.Getpid()), "msg=stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("log file lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "after close") {
		t.Error("the log file was still written after Close")
	}
	if !strings.Contains(stderr.String(), "msg=starting") || !strings.Contains(stderr.String(), "after close") {
		t.Errorf("stderr lacks the log:\n%s", stderr.String())
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestOSLanguage(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want i18n.Lang
	}{
		{map[string]string{"LANG": "ja_JP.UTF-8"}, i18n.JA},
		{map[string]string{"LANG": "en_US.UTF-8"}, i18n.EN},
		{map[string]string{"LC_ALL": "en_GB", "LANG": "ja_JP.UTF-8"}, i18n.EN},
		{map[string]string{"LANG": "C.UTF-8"}, i18n.EN},
		{map[string]string{}, i18n.JA},
	}
	for _, tc := range tests {
		if got := OSLanguage(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("OSLanguage(%v) = %s, want %s", tc.env, got, tc.want)
		}
	}
}
