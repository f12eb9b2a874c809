package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"sekisho/backend/config"
	"sekisho/backend/server"
	"sekisho/backend/store"
)

func testConfig(dir string) config.Config {
	return config.Config{DataDir: dir, Portal: "127.0.0.1:0", Gateway: "127.0.0.1:0", Download: "127.0.0.1:0", PublicHost: "127.0.0.1"}
}

func mustStart(t *testing.T, cfg config.Config, opt Options) *Engine {
	t.Helper()
	e, err := Start(context.Background(), cfg, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(context.Background()) })
	return e
}

// freePort returns a port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// served is the certificate the listener at addr presents.
func served(t *testing.T, e *Engine, addr string) *tls.ConnectionState {
	t.Helper()
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: e.CA().Pool(), ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	st := conn.ConnectionState()
	return &st
}

// TestServerCertRenewedWhileRunning: a server certificate near its end is
// replaced without a restart; new connections get the new one.
func TestServerCertRenewedWhileRunning(t *testing.T) {
	e := mustStart(t, testConfig(t.TempDir()), Options{})
	gw := e.Listening("gateway").String()
	now := time.Now()
	start := served(t, e, gw).PeerCertificates[0]
	if d := start.NotAfter.Sub(start.NotBefore); d > 398*24*time.Hour {
		t.Errorf("server certificate valid for %v, want at most 397 days", d)
	}
	if renewed, err := e.renewServerCertIfDue(now); err != nil || renewed {
		t.Fatalf("a fresh certificate was renewed (%v, %v)", renewed, err)
	}
	// A certificate issued 380 days ago has 17 days left: due.
	if err := e.issueServerCert("127.0.0.1", now.Add(-380*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	old := served(t, e, gw).PeerCertificates[0]
	if old.NotAfter.Sub(now) > ServerRenewBefore {
		t.Fatalf("setup: old certificate ends %v", old.NotAfter)
	}
	renewed, err := e.renewServerCertIfDue(now)
	if err != nil || !renewed {
		t.Fatalf("renewal due but not done (%v, %v)", renewed, err)
	}
	got := served(t, e, gw).PeerCertificates[0]
	if got.SerialNumber.Cmp(old.SerialNumber) == 0 || got.NotAfter.Sub(now) < 390*24*time.Hour {
		t.Errorf("after renewal the gateway serves serial %x ending %v", got.SerialNumber, got.NotAfter)
	}
}

// TestLifecycle: start with the listeners where the settings put them,
// move them by changing the settings (the old ports close, the new ones
// answer, the server certificate names the new public host, the URLs
// follow), refuse a busy port without changing anything, stop, and start
// again on the same folder where the settings left them.
func TestLifecycle(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	// No flags: the settings decide.
	cfg := config.Config{DataDir: dir}
	p1, g1 := freePort(t), freePort(t)
	func() {
		db, err := store.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.PutSettings(ctx, "test", map[string]any{SettingPortalPort: p1, SettingGatewayPort: g1, SettingPublicHost: "127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
	}()
	e, err := Start(ctx, cfg, Options{BindHost: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Listening("gateway").Port; got != g1 {
		t.Fatalf("gateway on %d, want the setting's %d", got, g1)
	}
	if want := "https://127.0.0.1:" + strconv.Itoa(p1) + "/"; e.Info().PortalURL != want {
		t.Errorf("portal URL %q, want %q", e.Info().PortalURL, want)
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: e.CA().Pool()}}}
	get := func(url string) error {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return errors.New(resp.Status)
		}
		return nil
	}
	if err := get("https://127.0.0.1:" + strconv.Itoa(p1) + "/cacert.pem"); err != nil {
		t.Fatalf("portal: %v", err)
	}

	// Move the gateway and the public host; the portal stays.
	g2 := freePort(t)
	set, err := LoadSettings(ctx, e.DB)
	if err != nil {
		t.Fatal(err)
	}
	set.GatewayPort, set.PublicHost = g2, "sekisho.test"
	if err := e.Relisten(ctx, set); err != nil {
		t.Fatal(err)
	}
	if got := e.Listening("gateway").Port; got != g2 {
		t.Fatalf("gateway on %d after the change, want %d", got, g2)
	}
	if got := e.Listening("portal").Port; got != p1 {
		t.Errorf("portal moved to %d though its setting did not change", got)
	}
	if want := "https://sekisho.test:" + strconv.Itoa(g2) + "/"; e.Info().GatewayURL != want {
		t.Errorf("gateway URL %q, want %q", e.Info().GatewayURL, want)
	}
	conn, err := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(g2), &tls.Config{RootCAs: e.CA().Pool(), ServerName: "sekisho.test"})
	if err != nil {
		t.Fatalf("the new gateway's certificate does not name the new public host: %v", err)
	}
	conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(g1), time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the old gateway port still accepts connections")
		}
		time.Sleep(50 * time.Millisecond)
	}

	// A busy port: an error that names the flag and the setting, and
	// nothing moves.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	set.PortalPort = busy.Addr().(*net.TCPAddr).Port
	err = e.Relisten(ctx, set)
	var le *server.ListenError
	if !errors.As(err, &le) || !le.InUse() || !strings.Contains(err.Error(), "--portal") || !strings.Contains(err.Error(), "portal port") {
		t.Fatalf("busy port: %v", err)
	}
	if got := e.Listening("portal").Port; got != p1 {
		t.Errorf("portal moved to %d after a failed change", got)
	}
	if err := get("https://127.0.0.1:" + strconv.Itoa(p1) + "/cacert.pem"); err != nil {
		t.Errorf("portal after a failed change: %v", err)
	}

	// Stored settings survive a restart.
	if err := e.DB.PutSettings(ctx, "test", map[string]any{SettingGatewayPort: g2}); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(ctx); err != nil {
		t.Fatalf("a second Close: %v", err)
	}
	e2 := mustStart(t, cfg, Options{BindHost: "127.0.0.1"})
	if got := e2.Listening("gateway").Port; got != g2 {
		t.Errorf("after a restart the gateway is on %d, want %d", got, g2)
	}
}

// TestFlagsWinOverSettings: a flag given on the command line decides the
// address, whatever the settings say, and the plan says which flag.
func TestFlagsWinOverSettings(t *testing.T) {
	lan := func() []netip.Addr { return []netip.Addr{netip.MustParseAddr("192.0.2.7")} }
	for _, tc := range []struct {
		name string
		cfg  config.Config
		set  Settings
		want Plan
	}{
		{"defaults", config.Config{}, Settings{}, Plan{Portal: ":7443", Gateway: ":8443", PublicHost: "192.0.2.7", Fixed: map[string]string{}}},
		{"settings", config.Config{}, Settings{PortalPort: 9443, GatewayPort: 10443, PublicHost: "gw.example"},
			Plan{Portal: ":9443", Gateway: ":10443", PublicHost: "gw.example", Fixed: map[string]string{}}},
		{"flags", config.Config{Portal: "127.0.0.1:1", Gateway: ":2", PublicHost: "h"}, Settings{PortalPort: 9443, GatewayPort: 10443, PublicHost: "gw.example"},
			Plan{Portal: "127.0.0.1:1", Gateway: ":2", PublicHost: "h", Fixed: map[string]string{"portal": "--portal", "gateway": "--gateway", "publicHost": "--public-host"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := PlanFor(tc.cfg, tc.set, "", lan)
			if got.Portal != tc.want.Portal || got.Gateway != tc.want.Gateway || got.PublicHost != tc.want.PublicHost || len(got.Fixed) != len(tc.want.Fixed) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			for k, v := range tc.want.Fixed {
				if got.Fixed[k] != v {
					t.Errorf("Fixed[%s] = %q, want %q", k, got.Fixed[k], v)
				}
			}
		})
	}
}

// TestCloseStopsMovedListeners: a listener moved away while a request is
// still open on it is stopped by Close like the others, before the
// database closes and the folder is released.
func TestCloseStopsMovedListeners(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	err = db.PutSettings(ctx, "test", map[string]any{SettingPortalPort: freePort(t), SettingGatewayPort: freePort(t)})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	e, err := Start(ctx, config.Config{DataDir: dir}, Options{BindHost: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	old := e.Listening("gateway").String()
	conn, err := tls.Dial("tcp", old, &tls.Config{RootCAs: e.CA().Pool(), ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")); err != nil { // half a request
		t.Fatal(err)
	}
	set, err := LoadSettings(ctx, e.DB)
	if err != nil {
		t.Fatal(err)
	}
	set.GatewayPort = freePort(t)
	if err := e.Relisten(ctx, set); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	e.Close(cctx) // the open request outlasts cctx: an error is expected
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 1)
	if _, err := conn.Read(buf); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after Close the moved listener still holds the connection (read: %v)", err)
	}
}

// TestDownloadListenerPortTaken: when the download listener's port (from
// the setting, not a flag) is taken at start, the engine runs without it
// and says why; links then use the portal. Asked for by --download, the
// same port stops the start, naming the flag.
func TestDownloadListenerPortTaken(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutSettings(context.Background(), "test", map[string]any{SettingDownloadPort: port}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cfg := testConfig(dir)
	cfg.Download = "" // the setting decides; the portal's flag pins the host (127.0.0.1)
	e := mustStart(t, cfg, Options{})
	if e.Listening("download") != nil || e.Info().DownloadURL != "" || !strings.Contains(e.DownloadError(), strconv.Itoa(port)) {
		t.Errorf("download listener %v, URL %q, error %q", e.Listening("download"), e.Info().DownloadURL, e.DownloadError())
	}
	for _, l := range e.Lines() {
		if strings.HasPrefix(l, "download ") {
			t.Errorf("line %q for a listener that does not run", l)
		}
	}
	e.Close(context.Background())

	cfg.Download = "127.0.0.1:" + strconv.Itoa(port)
	if _, err := Start(context.Background(), cfg, Options{}); err == nil || !strings.Contains(err.Error(), "--download") {
		t.Errorf("a taken --download address: %v", err)
	}
}
