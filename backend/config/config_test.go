package config

import (
	"bytes"
	"errors"
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
			if c.Serve || c.Admin != DefaultAdmin || c.Portal != "" || c.AdminToken != "t0k" {
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
		{"ok/version", []string{"version"}, "", func(t *testing.T, c Config) {
			if c.Command != CommandVersion || c.Serve {
				t.Errorf("%+v", c)
			}
		}},
		{"ok/--version", []string{"--version"}, "", func(t *testing.T, c Config) {
			if c.Command != CommandVersion {
				t.Errorf("%+v", c)
			}
		}},
		{"ok/serve --version", []string{"serve", "--version"}, "", func(t *testing.T, c Config) {
			if c.Command != CommandVersion || c.Serve {
				t.Errorf("%+v", c)
			}
		}},
		{"ok/serve sets the command", []string{"serve", "--data", "/tmp/x"}, "", func(t *testing.T, c Config) {
			if c.Command != CommandServe {
				t.Errorf("%+v", c)
			}
		}},
		{"fail/stray argument", []string{"serv"}, "unexpected argument", nil},
		{"fail/version takes no flags", []string{"version", "--data", "/tmp/x"}, "flag provided but not defined", nil},
		{"fail/version takes no arguments", []string{"version", "x"}, "unexpected argument", nil},
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

func TestHelp(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		command string
		want    []string
		notWant []string
	}{
		{"top", []string{"--help"}, "", []string{"Usage:", "sekisho serve [flags]", "sekisho version", "--data DIR", "--portal ADDR", "SEKISHO_ADMIN_TOKEN", "logs/sekisho.log", "sekisho.lock"}, nil},
		{"top -h", []string{"-h"}, "", []string{"Usage:"}, nil},
		{"help", []string{"help"}, "", []string{"Usage:", "sekisho serve [flags]"}, nil},
		{"serve", []string{"serve", "--help"}, "serve", []string{"Usage: sekisho serve [flags]", "ready", "--admin ADDR", "logs/sekisho.log"}, []string{"sekisho version"}},
		{"help serve", []string{"help", "serve"}, "serve", []string{"Usage: sekisho serve [flags]"}, nil},
		{"version", []string{"version", "--help"}, "version", []string{"Usage: sekisho version", "sekisho --version"}, []string{"--data"}},
		{"help unknown", []string{"help", "nope"}, "nope", []string{"Usage:", "sekisho serve [flags]"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			c, err := Parse(tc.args, func(string) string { return "" }, &out)
			if !errors.Is(err, ErrHelp) {
				t.Fatalf("err = %v, want ErrHelp", err)
			}
			if c.Command != tc.command {
				t.Errorf("Command = %q, want %q", c.Command, tc.command)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("help lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(out.String(), w) {
					t.Errorf("help has %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// TestParseWritesNothing: errors are returned, not printed (main prints
// them once).
func TestParseWritesNothing(t *testing.T) {
	var out bytes.Buffer
	if _, err := Parse([]string{"--nope"}, func(string) string { return "" }, &out); err == nil || out.Len() != 0 {
		t.Errorf("err = %v, output %q", err, out.String())
	}
}
