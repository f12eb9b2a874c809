package httpapi_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"sekisho/app"
	"sekisho/backend/engine"
)

// TestConnsPerAddressSetting: the per-address connection limit is a
// setting (default 100) that takes effect at once, survives a restart, and
// refuses bad input with a clear message, changing nothing.
func TestConnsPerAddressSetting(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			var s app.SettingsData
			must(t, call, "Settings.Get", `{}`, &s)
			if s.MaxConnectionsPerAddress != 100 || f.env.ConnsPerAddress() != 100 {
				t.Fatalf("default = %d (in force %d), want 100", s.MaxConnectionsPerAddress, f.env.ConnsPerAddress())
			}
			must(t, call, "Settings.Update", `{"maxConnectionsPerAddress":250}`, &s)
			if s.MaxConnectionsPerAddress != 250 || f.env.ConnsPerAddress() != 250 {
				t.Fatalf("after update = %d (in force %d), want 250", s.MaxConnectionsPerAddress, f.env.ConnsPerAddress())
			}
			for _, bad := range []string{`9`, `0`, `-1`, `10001`, `"100"`, `1.5`} {
				expect(t, call, "Settings.Update", `{"organizationName":"変わらない","maxConnectionsPerAddress":`+bad+`}`, "invalid")
			}
			must(t, call, "Settings.Get", `{}`, &s)
			if s.MaxConnectionsPerAddress != 250 || f.env.ConnsPerAddress() != 250 || s.OrganizationName == "変わらない" {
				t.Errorf("a refused update changed something: %d (in force %d), org %q", s.MaxConnectionsPerAddress, f.env.ConnsPerAddress(), s.OrganizationName)
			}
			// What an engine reads at its next start.
			if set, err := engine.LoadSettings(context.Background(), f.db); err != nil || set.ConnsPerAddress != 250 {
				t.Errorf("stored = %d (%v), want 250", set.ConnsPerAddress, err)
			}
		})
	}

	f := newFixture(t)
	for _, tc := range []struct{ lang, want string }{
		{"ja", "1つのアドレスからの同時接続数は10〜10000の数値で指定してください。変更は保存されていません。"},
		{"en", "Set connections per address to a number from 10 to 10000. Nothing was changed."},
	} {
		must(t, f.http, "Settings.Update", `{"language":"`+tc.lang+`"}`, nil)
		status, body := f.post(t, "Settings.Update", `{"maxConnectionsPerAddress":5}`, token, "")
		var e struct {
			Error struct{ Code, Message, Field string } `json:"error"`
		}
		json.Unmarshal(body, &e)
		if status != 400 || e.Error.Field != "maxConnectionsPerAddress" || !strings.Contains(e.Error.Message, tc.want) {
			t.Errorf("%s: %d %+v, want 400 on maxConnectionsPerAddress with %q", tc.lang, status, e.Error, tc.want)
		}
	}
}
