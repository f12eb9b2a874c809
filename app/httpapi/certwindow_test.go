package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"sekisho/app"
)

// TestCertWindowInsideX509 (issue 12): the usable window may be widened or
// narrowed anywhere inside the signed certificate's own dates; beyond them the
// refusal names the last (or first) allowed day in the admin's time zone and
// says that only a renewal (更新) goes further.
func TestCertWindowInsideX509(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			// East of UTC, the X.509 start (local midnight) falls on the day
			// before in UTC; the dates shown must stay the admin's.
			f.env.Loc = time.FixedZone("JST", 9*60*60)
			call := transports(f)[name]
			must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256"}`, nil)
			var is app.IssuedCert
			must(t, call, "Certs.IssueShared", `{"name":"Win1","enabled":true,"notBefore":"2030-01-01","notAfter":"2030-12-31"}`, &is)
			if is.Cert.AllowedFrom != "2030-01-01" || is.Cert.AllowedUntil != "2030-12-31" {
				t.Fatalf("allowed %s..%s, want 2030-01-01..2030-12-31", is.Cert.AllowedFrom, is.Cert.AllowedUntil)
			}
			id := is.Cert.ID
			var c app.Cert
			must(t, call, "Certs.Update", `{"id":"`+id+`","notBefore":"2030-02-01","notAfter":"2030-06-30"}`, &c)
			if c.NotBefore != "2030-02-01" || c.NotAfter != "2030-06-30" {
				t.Fatalf("narrowed to %s..%s", c.NotBefore, c.NotAfter)
			}
			// Widen again, up to the X.509 dates on both sides.
			must(t, call, "Certs.Update", `{"id":"`+id+`","notBefore":"2030-01-01","notAfter":"2030-12-31"}`, &c)
			if c.NotBefore != "2030-01-01" || c.NotAfter != "2030-12-31" || c.AllowedUntil != "2030-12-31" {
				t.Fatalf("widened to %s..%s (allowed until %s)", c.NotBefore, c.NotAfter, c.AllowedUntil)
			}
			must(t, call, "Certs.Update", `{"id":"`+id+`","notBefore":"2030-03-01"}`, &c)
			must(t, call, "Certs.Update", `{"id":"`+id+`","notBefore":"2030-01-15"}`, &c)
			if c.NotBefore != "2030-01-15" {
				t.Fatalf("start widened to %s", c.NotBefore)
			}
			expect(t, call, "Certs.Update", `{"id":"`+id+`","notAfter":"2031-01-01"}`, "invalid")
			expect(t, call, "Certs.Update", `{"id":"`+id+`","notBefore":"2029-12-31"}`, "invalid")
			must(t, call, "Certs.Get", `{"id":"`+id+`"}`, &c)
			if c.NotBefore != "2030-01-15" || c.NotAfter != "2030-12-31" {
				t.Errorf("a refused change moved the window to %s..%s", c.NotBefore, c.NotAfter)
			}
		})
	}

	f := newFixture(t)
	f.env.Loc = time.FixedZone("JST", 9*60*60)
	call := transports(f)["http"]
	must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256"}`, nil)
	var is app.IssuedCert
	must(t, call, "Certs.IssueShared", `{"name":"Win2","enabled":true,"notBefore":"2030-01-01","notAfter":"2030-12-31"}`, &is)
	for _, tc := range []struct {
		name, req, lang, field string
		want                   []string
	}{
		{"fail/end ja", `"notAfter":"2031-01-01"`, "ja", "notAfter", []string{"2030-12-31", "更新", "期限切れ"}},
		{"fail/end en", `"notAfter":"2031-01-01"`, "en", "notAfter", []string{"2030-12-31", "renew", "expires"}},
		{"fail/start ja", `"notBefore":"2029-12-31"`, "ja", "notBefore", []string{"2030-01-01"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.post(t, "Certs.Update", `{"id":"`+is.Cert.ID+`",`+tc.req+`}`, token, tc.lang)
			var e struct {
				Error struct{ Code, Message, Field string } `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil || status != 400 {
				t.Fatalf("status %d, body %s", status, body)
			}
			if e.Error.Field != tc.field {
				t.Errorf("field %q, want %q", e.Error.Field, tc.field)
			}
			for _, w := range tc.want {
				if !strings.Contains(e.Error.Message, w) {
					t.Errorf("message %q does not say %q", e.Error.Message, w)
				}
			}
		})
	}
}
