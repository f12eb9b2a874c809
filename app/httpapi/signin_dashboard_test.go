package httpapi_test

import (
	"context"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/store"
)

// TestDashboardCountsFailedSignIns: failed sign-ins have their own count on
// Home and stay out of the denial chart and the recent denials, which are
// requests to the apps that the rules refused; so do the redirects to the
// sign-in page (sign_in_required, the normal way in) and the allowed
// sign-ins and self-service issues.
func TestDashboardCountsFailedSignIns(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			now := time.Now()
			var batch []store.AccessEntry
			add := func(n int, e store.AccessEntry) {
				for range n {
					batch = append(batch, e)
				}
			}
			add(7, store.AccessEntry{At: now, ClientIP: "192.0.2.66", UserCode: "000419", Path: "/_sekisho/login", Decision: "deny", Reason: "sign_in_failed"})
			add(30, store.AccessEntry{At: now, ClientIP: "192.0.2.66", UserCode: "000419", Path: "/_sekisho/login", Decision: "deny", Reason: "sign_in_throttled"})
			add(2, store.AccessEntry{At: now.Add(-25 * time.Hour), ClientIP: "192.0.2.66", Path: "/_sekisho/login", Decision: "deny", Reason: "sign_in_failed"})
			add(3, store.AccessEntry{At: now, ClientIP: "192.0.2.9", Route: "Wiki", Decision: "deny", Reason: "ip_not_allowed"})
			add(4, store.AccessEntry{At: now, ClientIP: "192.0.2.9", Route: "Wiki", Decision: "allow"})
			add(5, store.AccessEntry{At: now, ClientIP: "192.0.2.10", Route: "Wiki", Path: "/wiki/", Decision: "deny", Reason: "sign_in_required"})
			add(2, store.AccessEntry{At: now, ClientIP: "192.0.2.10", UserCode: "000419", Path: "/_sekisho/login", Decision: "allow", Reason: "signed_in"})
			add(1, store.AccessEntry{At: now, ClientIP: "192.0.2.10", UserCode: "000419", Path: "/_sekisho/me", Decision: "allow", Reason: "self_issued"})
			if err := f.db.InsertAccess(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
			var dash app.Dashboard
			must(t, call, "System.Dashboard", `{}`, &dash)
			if dash.SignIns != (app.SignInCounts{Failed: 7, Throttled: 30}) {
				t.Errorf("sign-ins %+v, want 7 failed and 30 throttled in 24 h", dash.SignIns)
			}
			total := 0
			for _, b := range dash.Denials {
				total += b.Count
			}
			if total != 3 {
				t.Errorf("denial chart counts %d, want the 3 refused app requests only", total)
			}
			if len(dash.RecentDenials) != 3 {
				t.Errorf("recent denials %+v", dash.RecentDenials)
			}
			for _, e := range dash.RecentDenials {
				if e.Reason != "ip_not_allowed" {
					t.Errorf("recent denial %+v", e)
				}
			}
			// The access log itself keeps them.
			var ap app.AccessPage
			must(t, call, "Access.List", `{"reason":"sign_in_failed"}`, &ap)
			if ap.Total != 9 {
				t.Errorf("access log has %d sign_in_failed, want 9", ap.Total)
			}
		})
	}
}
