package config

import (
	"io"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	env := map[string]string{"SEKISHO_ADMIN_TOKEN": "t0k"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name    string
		args    []string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{"ok/desktop defaults", []string{"--data", "/tmp/x"}, "", func(t *testing.T, c Config) {
			if c.Serve || c.Admin != DefaultAdmin || c.Portal != DefaultPortal || c.AdminToken != "t0k" {
				t.Errorf("%+v", c)
			}
		}},
		{"ok/serve with ports 0", []string{"serve", "--data", "/tmp/x", "--admin", "127.0.0.1:0", "--portal", "127.0.0.1:0", "--gateway", ":0", "--public-host", "sekisho.lan"}, "", func(t *testing.T, c Config) {
			if !c.Serve || c.PublicHost != "sekisho.lan" || c.Gateway != ":0" {
				t.Errorf("%+v", c)
			}
		}},
		{"ok/ipv6 loopback admin", []string{"serve", "--admin", "[::1]:0", "--data", "/tmp/x"}, "", nil},
		{"ok/localhost admin", []string{"serve", "--admin", "localhost:7700", "--data", "/tmp/x"}, "", nil},
		{"ok/default data dir", []string{"serve"}, "", func(t *testing.T, c Config) {
			if c.DataDir == "" {
				t.Error("no data dir")
			}
		}},
		{"fail/admin on all interfaces", []string{"serve", "--admin", "0.0.0.0:7700"}, "loopback", nil},
		{"fail/admin on LAN", []string{"serve", "--admin", "192.168.1.5:7700"}, "loopback", nil},
		{"fail/admin without port", []string{"serve", "--admin", "127.0.0.1"}, "HOST:PORT", nil},
		{"fail/public host with scheme", []string{"--public-host", "https://x"}, "--public-host", nil},
		{"fail/stray argument", []string{"serv"}, "unexpected argument", nil},
		{"fail/unknown flag", []string{"--nope"}, "flag provided but not defined", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(tc.args, getenv, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, c)
			}
		})
	}
}
