package httpapi_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"sekisho/app"
	"sekisho/backend/backup"
	"sekisho/backend/config"
	"sekisho/backend/engine"
)

// TestSystemBackup: System.Backup over both transports refuses a short
// passphrase (in the caller's language) and one with a control character;
// a good one gives a .sekisho-backup with nothing readable in it, which the
// passphrase opens to a manifest naming the running CA and its rows.
func TestSystemBackup(t *testing.T) {
	const pass = "kaisha-no-backup-2026"
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f := newFixtureWith(t, func(_ *config.Config, o *engine.Options) { o.BackupWorkFactor = 10 })
			call := transports(f)[tr]
			must(t, call, "Users.Create", `{"code":"000419","name":"安井 徳彦"}`, nil)

			e := wantInvalid(t, f, tr, "System.Backup", `{"passphrase":"elevenchars"}`, "passphrase")
			if !strings.Contains(e.Message, "12") {
				t.Errorf("short passphrase: message %q does not give the minimum", e.Message)
			}
			wantInvalid(t, f, tr, "System.Backup", `{}`, "passphrase")
			wantInvalid(t, f, tr, "System.Backup", `{"passphrase":"twelve chars\nand more"}`, "passphrase")
			if tr == "http" {
				_, ja := f.post(t, "System.Backup", `{"passphrase":"short"}`, token, "ja")
				if !strings.Contains(string(ja), "12文字以上") {
					t.Errorf("Japanese error %s", ja)
				}
			}

			var res app.BackupResult
			must(t, call, "System.Backup", `{"passphrase":"`+pass+`"}`, &res)
			if !strings.HasPrefix(res.Filename, "sekisho-") || !strings.HasSuffix(res.Filename, backup.Ext) {
				t.Errorf("filename %q", res.Filename)
			}
			data, err := base64.StdEncoding.DecodeString(res.DataBase64)
			if err != nil || len(data) == 0 {
				t.Fatalf("dataBase64: %d bytes, %v", len(data), err)
			}
			for _, leak := range []string{"SQLite format 3", "PRIVATE KEY", "000419", "安井"} {
				if bytes.Contains(data, []byte(leak)) {
					t.Errorf("the backup contains %q in clear", leak)
				}
			}
			m, err := backup.Inspect(bytes.NewReader(data), pass)
			if err != nil {
				t.Fatal(err)
			}
			if m.CAFingerprint == "" || m.CAFingerprint != f.env.CA().Fingerprint() {
				t.Errorf("backup of CA %q, the engine's is %q", m.CAFingerprint, f.env.CA().Fingerprint())
			}
			if m.Counts.Users != 1 {
				t.Errorf("manifest counts %+v, want the one user", m.Counts)
			}
			if _, err := backup.Inspect(bytes.NewReader(data), pass+"x"); err == nil {
				t.Error("another passphrase opened the backup")
			}
			// The whole file restores (Inspect reads only the manifest).
			if _, err := backup.Restore(context.Background(), bytes.NewReader(data), pass, t.TempDir(), backup.RestoreOptions{}); err != nil {
				t.Errorf("restore: %v", err)
			}
		})
	}
}
