package config

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParseBackup(t *testing.T) {
	env := map[string]string{PassphraseEnv: "twelve chars!", "SEKISHO_MASTER_KEY": "ab"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name    string
		args    []string
		wantErr string
		want    BackupConfig
	}{
		{"ok/backup", []string{"backup", "--data", "/d", "--out", "/b.sekisho-backup"}, "",
			BackupConfig{Command: CommandBackup, DataDir: "/d", File: "/b.sekisho-backup", Passphrase: "twelve chars!", MasterKey: "ab"}},
		{"ok/restore", []string{"restore", "--in", "/b", "--data", "/d"}, "",
			BackupConfig{Command: CommandRestore, DataDir: "/d", File: "/b", Passphrase: "twelve chars!"}},
		{"ok/restore --force", []string{"restore", "--in", "/b", "--data", "/d", "--force"}, "",
			BackupConfig{Command: CommandRestore, DataDir: "/d", File: "/b", Force: true, Passphrase: "twelve chars!"}},
		{"fail/backup without --out", []string{"backup", "--data", "/d"}, "--out FILE is required", BackupConfig{}},
		{"fail/restore without --in", []string{"restore", "--data", "/d"}, "--in FILE is required", BackupConfig{}},
		{"fail/backup --in", []string{"backup", "--in", "/b"}, "flag provided but not defined: -in", BackupConfig{}},
		{"fail/backup --force", []string{"backup", "--out", "/b", "--force"}, "flag provided but not defined: -force", BackupConfig{}},
		{"fail/engine flag", []string{"restore", "--in", "/b", "--portal", ":1"}, "flag provided but not defined", BackupConfig{}},
		{"fail/stray argument", []string{"backup", "--out", "/b", "now"}, "unexpected argument", BackupConfig{}},
		{"fail/not a backup command", []string{"serve"}, "want backup or restore", BackupConfig{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			c, err := ParseBackup(tc.args, getenv, &out)
			if out.Len() != 0 {
				t.Errorf("wrote %q", out.String())
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || c != tc.want {
				t.Fatalf("ParseBackup = %+v, %v\nwant %+v", c, err, tc.want)
			}
		})
	}
	t.Run("ok/default data folder", func(t *testing.T) {
		c, err := ParseBackup([]string{"backup", "--out", "/b"}, getenv, nil)
		if err != nil || c.DataDir == "" {
			t.Fatalf("%+v, %v", c, err)
		}
	})
}

func TestBackupHelp(t *testing.T) {
	for _, cmd := range []string{CommandBackup, CommandRestore} {
		var out bytes.Buffer
		_, err := ParseBackup([]string{cmd, "--help"}, func(string) string { return "" }, &out)
		if !errors.Is(err, ErrHelp) || !strings.HasPrefix(out.String(), "Usage: sekisho "+cmd+" --") || !strings.Contains(out.String(), PassphraseEnv) {
			t.Errorf("%s --help: %v\n%s", cmd, err, out.String())
		}
		out.Reset()
		if _, err := Parse([]string{"help", cmd}, func(string) string { return "" }, &out); !errors.Is(err, ErrHelp) || !strings.Contains(out.String(), "--data DIR") {
			t.Errorf("help %s: %v\n%s", cmd, err, out.String())
		}
	}
	var out bytes.Buffer
	Parse([]string{"--help"}, func(string) string { return "" }, &out)
	for _, want := range []string{"sekisho backup --out FILE", "sekisho restore --in FILE", PassphraseEnv} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("sekisho --help lacks %q", want)
		}
	}
}
