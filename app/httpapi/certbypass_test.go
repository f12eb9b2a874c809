package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"sekisho/app"
	"sekisho/backend/engine"
)

// TestCertBypassesIPRulesSetting: certBypassesIpRules (CONTRACT "Settings
// added") is off by default (cyzen: the IP rules apply to everyone), round
// trips through Settings.Get and Settings.Update on both transports, reaches
// the gateway's policy snapshot at once, is stored for the next start, and
// leaves an admin history entry; a value that is not a boolean changes
// nothing.
func TestCertBypassesIPRulesSetting(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			var s app.SettingsData
			must(t, call, "Settings.Get", `{}`, &s)
			if s.CertBypassesIPRules || f.env.Snapshot().CertBypassesIPRules() {
				t.Fatalf("default on (snapshot %v), want off", f.env.Snapshot().CertBypassesIPRules())
			}

			must(t, call, "Settings.Update", `{"certBypassesIpRules":true}`, &s)
			if !s.CertBypassesIPRules || !f.env.Snapshot().CertBypassesIPRules() {
				t.Fatalf("after turning it on: %v (snapshot %v)", s.CertBypassesIPRules, f.env.Snapshot().CertBypassesIPRules())
			}
			var got map[string]any
			must(t, call, "Settings.Get", `{}`, &got)
			if got["certBypassesIpRules"] != true {
				t.Errorf("Settings.Get sends certBypassesIpRules = %v", got["certBypassesIpRules"])
			}
			if set, err := engine.LoadSettings(context.Background(), f.db); err != nil || !set.CertBypassesIPRules {
				t.Errorf("stored = %v (%v), want true", set.CertBypassesIPRules, err)
			}
			var hist app.HistoryPage
			must(t, call, "History.List", `{"targetType":"settings"}`, &hist)
			if len(hist.Items) == 0 || hist.Items[0].Action != "settings.update" || !strings.Contains(hist.Items[0].Detail, "certBypassesIpRules=true") {
				t.Errorf("history after turning it on: %+v", hist.Items)
			}

			// Another setting leaves it as it is; a bad value changes nothing.
			must(t, call, "Settings.Update", `{"organizationName":"関所商事"}`, &s)
			if !s.CertBypassesIPRules {
				t.Error("an update without the field turned it off")
			}
			expect(t, call, "Settings.Update", `{"organizationName":"変わらない","certBypassesIpRules":"no"}`, "invalid")
			must(t, call, "Settings.Get", `{}`, &s)
			if !s.CertBypassesIPRules || s.OrganizationName != "関所商事" {
				t.Errorf("a refused update changed something: %v, org %q", s.CertBypassesIPRules, s.OrganizationName)
			}

			must(t, call, "Settings.Update", `{"certBypassesIpRules":false}`, &s)
			if s.CertBypassesIPRules || f.env.Snapshot().CertBypassesIPRules() {
				t.Errorf("after turning it off: %v (snapshot %v)", s.CertBypassesIPRules, f.env.Snapshot().CertBypassesIPRules())
			}
			must(t, call, "History.List", `{"targetType":"settings"}`, &hist)
			if len(hist.Items) == 0 || !strings.Contains(hist.Items[0].Detail, "certBypassesIpRules=false") {
				t.Errorf("history after turning it off: %+v", hist.Items)
			}
		})
	}
}
