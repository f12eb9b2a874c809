package httpapi_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"sekisho/app"
	"sekisho/backend/config"
	"sekisho/backend/engine"
)

// TestSystemRestore: over both transports, a new engine says it is fresh;
// a wrong passphrase, a damaged file and bad base64 are refused on the
// right field and change nothing; the backup of another engine then gives
// its CA and users, the engine is no longer fresh, and a second restore is
// refused with 409 naming `sekisho restore --force`.
func TestSystemRestore(t *testing.T) {
	const pass = "kaisha-no-backup-2026"
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			small := func(_ *config.Config, o *engine.Options) { o.BackupWorkFactor = 10 }
			old := newFixtureWith(t, small)
			must(t, transports(old)[tr], "Users.Create", `{"code":"000419","name":"安井 徳彦"}`, nil)
			var b app.BackupResult
			must(t, transports(old)[tr], "System.Backup", `{"passphrase":"`+pass+`"}`, &b)

			f := newFixtureWith(t, small)
			call := transports(f)[tr]
			var info app.SystemInfo
			must(t, call, "System.Info", `{}`, &info)
			if !info.Fresh {
				t.Fatal("a new engine is not fresh")
			}
			before := info.CAFingerprint

			wantInvalid(t, f, tr, "System.Restore", `{"dataBase64":"`+b.DataBase64+`","passphrase":"wrong horse battery"}`, "passphrase")
			wantInvalid(t, f, tr, "System.Restore", `{"dataBase64":"`+b.DataBase64+`"}`, "passphrase")
			wantInvalid(t, f, tr, "System.Restore", `{"dataBase64":"not base64!","passphrase":"`+pass+`"}`, "dataBase64")
			raw, _ := base64.StdEncoding.DecodeString(b.DataBase64)
			raw[len(raw)/2] ^= 1
			e := wantInvalid(t, f, tr, "System.Restore", `{"dataBase64":"`+base64.StdEncoding.EncodeToString(raw)+`","passphrase":"`+pass+`"}`, "dataBase64")
			if !strings.Contains(e.Message, "Nothing was changed") {
				t.Errorf("damaged: %q", e.Message)
			}
			must(t, call, "System.Info", `{}`, &info)
			if !info.Fresh || info.CAFingerprint != before {
				t.Fatalf("a refused restore changed the engine: %+v", info)
			}

			var res app.RestoreResult
			must(t, call, "System.Restore", `{"dataBase64":"`+b.DataBase64+`","passphrase":"`+pass+`"}`, &res)
			if res.CAFingerprint != old.env.CA().Fingerprint() || res.Users != 1 {
				t.Errorf("restored %+v", res)
			}
			must(t, call, "System.Info", `{}`, &info)
			if info.Fresh || info.CAFingerprint != old.env.CA().Fingerprint() {
				t.Errorf("after the restore: %+v", info)
			}
			var users app.UserPage
			must(t, call, "Users.List", `{}`, &users)
			if users.Total != 1 || users.Items[0].Code != "000419" {
				t.Errorf("users after the restore: %+v", users)
			}
			e = callErr(t, f, tr, "System.Restore", `{"dataBase64":"`+b.DataBase64+`","passphrase":"`+pass+`"}`)
			if e.Code != "conflict" || (tr == "http" && e.Status != 409) || !strings.Contains(e.Message, "--force") {
				t.Errorf("second restore: %+v", e)
			}

			// Starting afresh instead.
			g := newFixture(t)
			must(t, transports(g)[tr], "System.StartFresh", `{}`, nil)
			must(t, transports(g)[tr], "System.Info", `{}`, &info)
			if info.Fresh {
				t.Error("still fresh after StartFresh")
			}
		})
	}
}
