package httpapi_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
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
			var hist app.HistoryPage
			must(t, call, "History.List", `{"targetType":"ca"}`, &hist)
			if len(hist.Items) == 0 || hist.Items[0].Action != "backup.create" || hist.Items[0].Target != res.Filename {
				t.Errorf("history after the backup: %+v", hist.Items)
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

// TestBackupScheduleSettings: the schedule's settings over both transports
// refuse a relative folder, a missing one, a file, a short passphrase, out
// of range numbers and a schedule turned on without a folder or a
// passphrase (in the caller's language); a good schedule is stored with the
// passphrase sealed, which Settings.Get never returns (only that it is
// set); Dashboard.backup shows it on and due.
func TestBackupScheduleSettings(t *testing.T) {
	const pass = "kaisha-no-backup-2026"
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f := newFixtureWith(t, func(_ *config.Config, o *engine.Options) { o.BackupWorkFactor = 10 })
			call := transports(f)[tr]
			folder := t.TempDir()
			file := filepath.Join(folder, "a-file.txt")
			if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}

			var got app.SettingsData
			must(t, call, "Settings.Get", `{}`, &got)
			if got.BackupScheduleEnabled || got.BackupFolder != "" || got.BackupIntervalHours != 24 || got.BackupKeep != 7 || got.BackupPassphraseSet {
				t.Errorf("defaults: enabled %v folder %q interval %d keep %d passphraseSet %v",
					got.BackupScheduleEnabled, got.BackupFolder, got.BackupIntervalHours, got.BackupKeep, got.BackupPassphraseSet)
			}

			wantInvalid(t, f, tr, "Settings.Update", `{"backupFolder":"backups/sekisho"}`, "backupFolder")
			e := wantInvalid(t, f, tr, "Settings.Update", `{"backupFolder":`+q(filepath.Join(folder, "gone"))+`}`, "backupFolder")
			if !strings.Contains(e.Message, "gone") {
				t.Errorf("missing folder: message %q does not name it", e.Message)
			}
			wantInvalid(t, f, tr, "Settings.Update", `{"backupFolder":`+q(file)+`}`, "backupFolder")
			e = wantInvalid(t, f, tr, "Settings.Update", `{"backupPassphrase":"elevenchars"}`, "backupPassphrase")
			if !strings.Contains(e.Message, "12") {
				t.Errorf("short passphrase: message %q does not give the minimum", e.Message)
			}
			wantInvalid(t, f, tr, "Settings.Update", `{"backupIntervalHours":0}`, "backupIntervalHours")
			wantInvalid(t, f, tr, "Settings.Update", `{"backupIntervalHours":721}`, "backupIntervalHours")
			wantInvalid(t, f, tr, "Settings.Update", `{"backupKeep":366}`, "backupKeep")
			wantInvalid(t, f, tr, "Settings.Update", `{"backupScheduleEnabled":true,"backupPassphrase":"`+pass+`"}`, "backupFolder")
			e = wantInvalid(t, f, tr, "Settings.Update", `{"backupScheduleEnabled":true,"backupFolder":`+q(folder)+`}`, "backupPassphrase")
			if tr == "http" {
				_, ja := f.post(t, "Settings.Update", `{"backupScheduleEnabled":true,"backupFolder":`+q(folder)+`}`, token, "ja")
				if !strings.Contains(string(ja), "パスフレーズ") {
					t.Errorf("Japanese error %s", ja)
				}
				_, ja = f.post(t, "Settings.Update", `{"backupFolder":"relative"}`, token, "ja")
				if !strings.Contains(string(ja), "絶対パス") {
					t.Errorf("Japanese error %s", ja)
				}
			}
			// Nothing of the refused requests was stored.
			must(t, call, "Settings.Get", `{}`, &got)
			if got.BackupScheduleEnabled || got.BackupFolder != "" || got.BackupPassphraseSet {
				t.Errorf("a refused update changed the settings: %+v", got)
			}

			_, raw := call(t, "Settings.Update", `{"backupScheduleEnabled":true,"backupFolder":`+q(folder)+`,"backupIntervalHours":12,"backupKeep":3,"backupPassphrase":"`+pass+`"}`)
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatalf("update: %s", raw)
			}
			if !got.BackupScheduleEnabled || got.BackupFolder != folder || got.BackupIntervalHours != 12 || got.BackupKeep != 3 || !got.BackupPassphraseSet {
				t.Errorf("after the update: %s", raw)
			}
			_, get := call(t, "Settings.Get", `{}`)
			for _, out := range [][]byte{raw, get} {
				if bytes.Contains(out, []byte(pass)) || bytes.Contains(out, []byte("Sealed")) {
					t.Errorf("the settings return the passphrase: %s", out)
				}
			}
			var sealed []byte
			if ok, err := f.db.GetSetting(context.Background(), engine.SettingBackupPassphraseSealed, &sealed); !ok || err != nil || bytes.Contains(sealed, []byte(pass)) {
				t.Errorf("stored passphrase: ok %v, err %v, in clear %v", ok, err, bytes.Contains(sealed, []byte(pass)))
			}
			// Turning it off keeps the folder and passphrase; clearing the
			// folder while on is refused.
			wantInvalid(t, f, tr, "Settings.Update", `{"backupFolder":""}`, "backupFolder")
			must(t, call, "Settings.Update", `{"backupScheduleEnabled":false}`, &got)
			if got.BackupScheduleEnabled || !got.BackupPassphraseSet || got.BackupFolder != folder {
				t.Errorf("turned off: %+v", got)
			}
			must(t, call, "Settings.Update", `{"backupScheduleEnabled":true}`, nil)

			var d app.Dashboard
			must(t, call, "System.Dashboard", `{}`, &d)
			if !d.Backup.Enabled || !d.Backup.Due || d.Backup.LastAt != "" {
				t.Errorf("dashboard backup %+v, want on, due, never run", d.Backup)
			}
		})
	}
}
