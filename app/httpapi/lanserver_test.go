package httpapi_test

import (
	"context"
	"crypto/tls"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/config"
	"sekisho/backend/engine"
	"sekisho/backend/store"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestLANServerSettings: the portal's and gateway's ports and the public
// host are settings that move the running listeners; bad values, a busy
// port, a flag-fixed value and connected devices are each answered
// specifically and change nothing until confirmed.
func TestLANServerSettings(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixtureWith(t, func(c *config.Config, o *engine.Options) {
				c.Portal, c.Gateway, c.Download, c.PublicHost = "", "", "", "" // no flags: the settings decide
				o.BindHost = "127.0.0.1"
				// The defaults (7443, 8443) may be taken on this machine:
				// start on free ports stored as settings.
				db, err := store.Open(context.Background(), c.DataDir)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if err := db.PutSettings(context.Background(), "test", map[string]any{engine.SettingPortalPort: freePort(t), engine.SettingGatewayPort: freePort(t), engine.SettingDownloadPort: freePort(t)}); err != nil {
					t.Fatal(err)
				}
			})
			call := transports(f)[name]
			var s app.SettingsData
			must(t, call, "Settings.Get", `{}`, &s)
			if len(s.LANServer.Fixed) != 0 || s.LogFolder == "" || !strings.HasSuffix(s.LogFolder, "logs") {
				t.Fatalf("settings = %+v", s)
			}
			gw := freePort(t)
			must(t, call, "Settings.Update", `{"gatewayPort":`+strconv.Itoa(gw)+`,"publicHost":"sekisho.test"}`, &s)
			if s.GatewayPort != gw || s.PublicHost != "sekisho.test" || s.LANServer.GatewayURL != "https://sekisho.test:"+strconv.Itoa(gw)+"/" {
				t.Fatalf("after the move: %+v", s)
			}
			conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", "127.0.0.1:"+strconv.Itoa(gw),
				&tls.Config{RootCAs: f.env.CA().Pool(), ServerName: "sekisho.test"})
			if err != nil {
				t.Fatalf("the gateway on its new port: %v", err)
			}
			conn.Close()

			before := s
			for _, tc := range []struct{ req, field string }{
				{`{"gatewayPort":0}`, "gatewayPort"},
				{`{"portalPort":65536}`, "portalPort"},
				{`{"portalPort":` + strconv.Itoa(gw) + `}`, "gatewayPort"},
				{`{"publicHost":"https://x"}`, "publicHost"},
				{`{"publicHost":"a b"}`, "publicHost"},
				{`{"organizationName":"変わらない","publicHost":"x:1"}`, "publicHost"},
			} {
				e := wantInvalid(t, f, name, "Settings.Update", tc.req, tc.field)
				if e.Message == "" {
					t.Errorf("%s: no message", tc.req)
				}
			}
			busy, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer busy.Close()
			bp := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
			e := wantInvalid(t, f, name, "Settings.Update", `{"organizationName":"変わらない","portalPort":`+bp+`}`, "portalPort")
			if !strings.Contains(e.Message, bp) {
				t.Errorf("busy port message %q does not name port %s", e.Message, bp)
			}
			// Devices seen lately: the gateway's move needs a confirmation.
			f.env.Clients = func() []netip.Addr { return []netip.Addr{netip.MustParseAddr("192.168.1.30")} }
			gw2 := freePort(t)
			expect(t, call, "Settings.Update", `{"gatewayPort":`+strconv.Itoa(gw2)+`}`, "confirm")
			must(t, call, "Settings.Get", `{}`, &s)
			if s.GatewayPort != before.GatewayPort || s.OrganizationName == "変わらない" || f.env.Listening("gateway").Port != gw {
				t.Fatalf("a refused change changed something: %+v (gateway on %d)", s, f.env.Listening("gateway").Port)
			}
			must(t, call, "Settings.Update", `{"gatewayPort":`+strconv.Itoa(gw2)+`,"confirm":true}`, &s)
			if f.env.Listening("gateway").Port != gw2 {
				t.Errorf("gateway on %d after a confirmed change, want %d", f.env.Listening("gateway").Port, gw2)
			}
			if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(gw2), time.Second); err != nil {
				t.Errorf("new gateway port: %v", err)
			} else {
				c.Close()
			}
			// A download link still usable names the portal: moving the
			// portal asks first too, and says how many links.
			f.env.Clients = nil
			var sh app.IssuedCert
			must(t, call, "Certs.IssueShared", `{"name":"Sales1","enabled":true}`, &sh)
			must(t, call, "Links.Create", `{"certId":"`+sh.Cert.ID+`"}`, nil)
			p2 := freePort(t)
			ce := callErr(t, f, name, "Settings.Update", `{"portalPort":`+strconv.Itoa(p2)+`}`)
			if ce.Code != "confirm" || !strings.Contains(ce.Message, "1 download links") {
				t.Errorf("portal move with a live link: %+v", ce)
			}
			if f.env.Listening("portal").Port == p2 {
				t.Error("the portal moved before the confirmation")
			}
			must(t, call, "Settings.Update", `{"portalPort":`+strconv.Itoa(p2)+`,"confirm":true}`, &s)
			if f.env.Listening("portal").Port != p2 {
				t.Errorf("portal on %d after a confirmed change, want %d", f.env.Listening("portal").Port, p2)
			}
			// A log folder opens in the window only.
			expect(t, call, "System.OpenLogFolder", `{}`, "unsupported")
		})
	}
	t.Run("ports fixed by flags, public host set here", func(t *testing.T) {
		// Both ports are 127.0.0.1:0 by flag: a new public host must not
		// read as the two listeners sharing a port.
		f := newFixtureWith(t, func(c *config.Config, _ *engine.Options) { c.PublicHost = "" })
		var s app.SettingsData
		must(t, f.http, "Settings.Update", `{"publicHost":"sekisho.local"}`, &s)
		if s.PublicHost != "sekisho.local" || !strings.HasPrefix(s.LANServer.GatewayURL, "https://sekisho.local:") {
			t.Fatalf("after the change: %+v", s.LANServer)
		}
		e := wantInvalid(t, f, "http", "Settings.Update", `{"portalPort":8080}`, "portalPort")
		if !strings.Contains(e.Message, "--portal") {
			t.Errorf("message %q does not name the flag", e.Message)
		}
	})
	t.Run("fixed by flags", func(t *testing.T) {
		f := newFixture(t)
		var s app.SettingsData
		must(t, f.http, "Settings.Get", `{}`, &s)
		if s.LANServer.Fixed["portalPort"] != "--portal" || s.LANServer.Fixed["gatewayPort"] != "--gateway" || s.LANServer.Fixed["publicHost"] != "--public-host" {
			t.Fatalf("fixed = %v", s.LANServer.Fixed)
		}
		e := wantInvalid(t, f, "http", "Settings.Update", `{"gatewayPort":9999}`, "gatewayPort")
		if !strings.Contains(e.Message, "--gateway") {
			t.Errorf("message %q does not name the flag", e.Message)
		}
	})
}
