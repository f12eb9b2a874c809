package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"sekisho/app"
)

// TestCertsRenewCA: over both transports, Certs.RenewCA refuses a bad mode
// and an overlap out of range (400 on the field), asks for confirmation
// saying what changes (409), then renews with the same key (a new
// fingerprint, the old one listed as renewed with the same key) and changes
// to a new key (the old one trusted for the overlap), each recorded in the
// history.
func TestCertsRenewCA(t *testing.T) {
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[tr]
			var st app.CAStatus
			must(t, call, "Certs.CAStatus", `{}`, &st)
			if st.Active.Fingerprint != f.env.CA().Fingerprint() || len(st.Previous) != 0 || st.Active.DaysLeft < 7000 ||
				st.MinOverlapDays != 1 || st.MaxOverlapDays != 5*365 {
				t.Fatalf("status %+v", st)
			}
			first := st.Active.Fingerprint

			wantInvalid(t, f, tr, "Certs.RenewCA", `{"mode":"sideways","confirm":true}`, "mode")
			wantInvalid(t, f, tr, "Certs.RenewCA", `{"mode":"newKey","overlapDays":0,"confirm":true}`, "overlapDays")
			e := wantInvalid(t, f, tr, "Certs.RenewCA", fmt.Sprintf(`{"mode":"newKey","overlapDays":%d,"confirm":true}`, st.MaxOverlapDays+1), "overlapDays")
			if !strings.Contains(e.Message, fmt.Sprint(st.MaxOverlapDays)) {
				t.Errorf("overlap message %q does not give the range", e.Message)
			}
			e = callErr(t, f, tr, "Certs.RenewCA", `{"mode":"newKey","overlapDays":90}`)
			if e.Code != "confirm" || (tr == "http" && e.Status != 409) || !strings.Contains(e.Message, "90 days") {
				t.Errorf("new key without confirm: %+v", e)
			}
			e = callErr(t, f, tr, "Certs.RenewCA", `{"mode":"sameKey"}`)
			if e.Code != "confirm" || !strings.Contains(e.Message, "keeps working") {
				t.Errorf("same key without confirm: %+v", e)
			}
			must(t, call, "Certs.CAStatus", `{}`, &st)
			if st.Active.Fingerprint != first || len(st.Previous) != 0 {
				t.Fatalf("a refused renewal changed the CA: %+v", st)
			}

			must(t, call, "Certs.RenewCA", `{"mode":"sameKey","confirm":true}`, &st)
			renewed := st.Active.Fingerprint
			if renewed == first || len(st.Previous) != 1 || !st.Previous[0].SameKey || st.Previous[0].Fingerprint != first || !st.Previous[0].Trusted {
				t.Errorf("after the same-key renewal: %+v", st)
			}
			if f.env.CA().Fingerprint() != renewed {
				t.Error("the engine does not issue from the renewed CA")
			}

			must(t, call, "Certs.RenewCA", `{"mode":"newKey","overlapDays":30,"confirm":true}`, &st)
			if st.Active.Fingerprint == renewed || st.Active.Subject == "" || len(st.Previous) != 2 || st.Previous[0].SameKey ||
				st.Previous[0].Fingerprint != renewed || !st.Previous[0].Trusted || st.Previous[0].TrustedUntil == "" {
				t.Errorf("after the change of key: %+v", st)
			}
			var hist app.HistoryPage
			must(t, call, "History.List", `{"targetType":"ca"}`, &hist)
			if len(hist.Items) < 2 || hist.Items[0].Action != "ca.rotate" || hist.Items[1].Action != "ca.renew" {
				t.Errorf("history %+v", hist.Items)
			}
		})
	}
}
