package httpapi_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/store"
)

func TestUserAuthSettings(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256"}`, nil)
			var users []app.User
			for i := 0; i < 4; i++ {
				var u app.User
				must(t, call, "Users.Create", fmt.Sprintf(`{"code":"u%d","name":"User %d"}`, i, i), &u)
				users = append(users, u)
			}
			// No certificate at all: fail-open.
			var chk app.RequireCertCheck
			must(t, call, "Users.RequireCertCheck", `{"all":true}`, &chk)
			if chk.Total != 4 || chk.NeverAuthenticated != 4 || !chk.FailOpen {
				t.Fatalf("check before any cert = %+v", chk)
			}
			var cov app.Coverage
			must(t, call, "Certs.Coverage", `{}`, &cov)
			if !cov.FailOpen || cov.ValidCount != 0 {
				t.Errorf("coverage fail-open = %v valid %d", cov.FailOpen, cov.ValidCount)
			}
			var sh app.IssuedCert
			must(t, call, "Certs.IssueShared", `{"name":"Office","enabled":true}`, &sh)
			// u0 and u1 authenticated with it; u2 with a certificate that was deleted since.
			var old app.IssuedCert
			must(t, call, "Certs.IssueShared", `{"name":"Old","enabled":true}`, &old)
			now := time.Now()
			recs := []store.AuthRecord{
				{UserID: mustID(t, users[0].ID), CertID: mustID(t, sh.Cert.ID), CertName: "Office", At: now},
				{UserID: mustID(t, users[1].ID), CertID: mustID(t, sh.Cert.ID), CertName: "Office", At: now},
				{UserID: mustID(t, users[2].ID), CertID: mustID(t, old.Cert.ID), CertName: "Old", At: now},
			}
			if err := f.db.RecordAuths(context.Background(), recs); err != nil {
				t.Fatal(err)
			}
			must(t, call, "Certs.Delete", `{"id":"`+old.Cert.ID+`","confirm":true}`, nil)

			var page app.UserPage
			must(t, call, "Users.List", `{"certName":"Office"}`, &page)
			if page.Total != 2 || page.Items[0].LastAuthCertName != "Office" || page.Items[0].LastAuthAt == "" {
				t.Errorf("certName filter = %+v", page)
			}
			must(t, call, "Users.List", `{"withoutValidCert":true}`, &page)
			if page.Total != 2 || page.Items[0].Code != "u2" || page.Items[0].LastAuthCertName != "Old (削除済み)" || !page.Items[0].LastAuthCertDeleted {
				t.Errorf("withoutValidCert = %+v", page.Items)
			}
			must(t, call, "Users.RequireCertCheck", `{"ids":["`+users[0].ID+`","`+users[3].ID+`"]}`, &chk)
			if chk.Total != 2 || chk.NeverAuthenticated != 1 || chk.FailOpen {
				t.Errorf("check = %+v", chk)
			}
			var ch app.Changed
			must(t, call, "Users.SetRequireCertMatching", `{"certName":"Office","enabled":true}`, &ch)
			if ch.Changed != 2 {
				t.Errorf("matching changed %d", ch.Changed)
			}
			must(t, call, "Users.List", `{"requireCert":"on"}`, &page)
			if page.Total != 2 {
				t.Errorf("requireCert on = %d", page.Total)
			}
			must(t, call, "Users.List", `{"requireCert":"off","withoutValidCert":true}`, &page)
			if page.Total != 2 {
				t.Errorf("off and without valid = %d", page.Total)
			}
			expect(t, call, "Users.List", `{"requireCert":"maybe"}`, "invalid")
			// Device designation for a user who requires a certificate: refused.
			expect(t, call, "Users.SetRequireDevice", `{"ids":["`+users[0].ID+`"],"enabled":true}`, "conflict")

			// Coverage: one shared certificate → fewer than two overlap.
			must(t, call, "Certs.Coverage", `{"kind":"shared"}`, &cov)
			if cov.FailOpen || cov.ValidCount != 1 || len(cov.Items) != 1 || cov.Items[0].Name != "Office" {
				t.Fatalf("coverage = %+v", cov)
			}
			if len(cov.Warnings) != 1 || cov.Warnings[0].Kind != "lowOverlap" || cov.Warnings[0].Count != 1 {
				t.Errorf("warnings = %+v", cov.Warnings)
			}
			expect(t, call, "Certs.Coverage", `{"kind":"other"}`, "invalid")
		})
	}
}

func TestMessages(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256","messageSubject":"証明書のご案内 【氏名】"}`, nil)
			var u app.User
			must(t, call, "Users.Create", `{"code":"000419","name":"安井 徳彦","email":"yasui@example.co.jp"}`, &u)
			var res app.IssuedPersonal
			must(t, call, "Certs.IssuePersonal", `{"userIds":["`+u.ID+`"],"enabled":true}`, &res)
			it := res.Items[0]
			var msgs app.MessageList
			req := `{"items":[{"certId":"` + it.Cert.ID + `","url":"https://192.0.2.1:7443/d/tok","password":"` + it.Passphrase + `","expiresAt":"2026-11-24T00:00:00Z"}]}`
			must(t, call, "Messages.Render", req, &msgs)
			m := msgs.Items[0]
			if m.Code != "000419" || m.Email != "yasui@example.co.jp" || !strings.Contains(m.Body, "安井 徳彦 様") ||
				!strings.Contains(m.Body, it.Passphrase) || !strings.Contains(m.Body, "https://192.0.2.1:7443/d/tok") || m.Subject != "証明書のご案内 安井 徳彦" {
				t.Errorf("message = %+v", m)
			}
			mu, err := url.Parse(m.Mailto)
			if err != nil || mu.Opaque != "yasui@example.co.jp" || !strings.Contains(mu.Query().Get("body"), it.Passphrase) {
				t.Errorf("mailto %q: %v", m.Mailto, err)
			}
			// Without a password the tag says it comes separately.
			must(t, call, "Messages.Render", `{"template":"PW: {password}","items":[{"userId":"`+u.ID+`"}]}`, &msgs)
			if msgs.Items[0].Body != "PW: （別途お知らせします）" && msgs.Items[0].Body != "PW: (sent separately)" {
				t.Errorf("missing password body %q", msgs.Items[0].Body)
			}
			var file app.FileResult
			must(t, call, "Messages.ExportCSV", req, &file)
			data, _ := base64.StdEncoding.DecodeString(file.DataBase64)
			if !strings.Contains(string(data), it.Passphrase) || !strings.HasSuffix(file.Filename, ".csv") {
				t.Errorf("csv %s", data)
			}
			var sh app.IssuedCert
			must(t, call, "Certs.IssueShared", `{"name":"Sales1","enabled":true}`, &sh)
			must(t, call, "Messages.Render", `{"template":"【氏名】 様","items":[{"certId":"`+sh.Cert.ID+`"}]}`, &msgs)
			if msgs.Items[0].Body != "Sales1 様" {
				t.Errorf("shared certificate message %q", msgs.Items[0].Body)
			}
			// ログイン案内: the sign-in password and the gateway's sign-in URL.
			gwURL := f.env.Info().GatewayURL
			var pw app.PasswordResult
			must(t, call, "Users.ResetPassword", `{"id":"`+u.ID+`"}`, &pw)
			must(t, call, "Messages.Render", `{"kind":"login","items":[{"userId":"`+u.ID+`","password":"`+pw.Password+`"}]}`, &msgs)
			lm := msgs.Items[0]
			if lm.Subject != "【関所】ログインのご案内" || gwURL == "" || !strings.Contains(lm.Body, "ログインURL: "+gwURL+"_sekisho/login") ||
				!strings.Contains(lm.Body, "パスワード: "+pw.Password) || !strings.Contains(lm.Body, "ログインID: 000419") {
				t.Errorf("login guidance = %+v", lm)
			}
			expect(t, call, "Messages.Render", `{"kind":"sms","items":[{"userId":"`+u.ID+`"}]}`, "invalid")
			expect(t, call, "Messages.Render", `{"items":[]}`, "invalid")
			expect(t, call, "Messages.Render", `{"items":[{"userId":"999"}]}`, "not_found")
			expect(t, call, "Messages.Render", `{"items":[{"userId":"`+u.ID+`","expiresAt":"tomorrow"}]}`, "invalid")
		})
	}
}

// TestMessageTags: 【有効期限】 is the certificate's last usable day (the
// day before the exclusive NotAfter), 【リンク有効期限】 the link's expiry,
// both in the one date format of the screens; 【パスワード再発行】 says how to
// get a new sign-in password; the default template uses 【】 tags, and
// templates saved with the old {name} tags still fill.
func TestMessageTags(t *testing.T) {
	f := newFixture(t)
	call := transports(f)["http"]
	must(t, call, "Settings.Update", `{"language":"ja"}`, nil)
	var u app.User
	must(t, call, "Users.Create", `{"code":"000419","name":"安井 徳彦"}`, &u)
	var res app.IssuedPersonal
	must(t, call, "Certs.IssuePersonal", `{"userIds":["`+u.ID+`"],"notBefore":"2026-01-01","notAfter":"2026-12-31","enabled":true}`, &res)
	certID := res.Items[0].Cert.ID
	linkAt := time.Date(2026, 3, 9, 9, 5, 0, 0, f.env.Loc)
	var msgs app.MessageList
	must(t, call, "Messages.Render", `{"template":"【有効期限】|【リンク有効期限】|{expiry}|{linkExpiry}|【パスワード再発行】","items":[{"certId":"`+certID+`","expiresAt":"`+linkAt.Format(time.RFC3339)+`"}]}`, &msgs)
	gw := f.env.Info().GatewayURL
	want := "2026/12/31|2026/03/09 09:05|2026/12/31|2026/03/09 09:05|パスワードを忘れた場合は管理者に再発行を依頼してください（ログインURL: " + gw + "_sekisho/login）"
	if gw == "" || msgs.Items[0].Body != want {
		t.Errorf("body = %q, want %q", msgs.Items[0].Body, want)
	}
	// Old {name}-style tags in a saved template keep working.
	must(t, call, "Messages.Render", `{"template":"{name} 様 {loginId}","items":[{"userId":"`+u.ID+`"}]}`, &msgs)
	if got := msgs.Items[0].Body; got != "安井 徳彦 様 000419" {
		t.Errorf("old tags: %q", got)
	}
	// The default template has no {…} tags left, and every 【…】 in it fills.
	if strings.Contains(app.DefaultMessageTemplate, "{") {
		t.Errorf("default template still has {…} tags:\n%s", app.DefaultMessageTemplate)
	}
	must(t, call, "Messages.Render", `{"items":[{"certId":"`+certID+`","url":"https://192.0.2.1/d/x","password":"pw-1","expiresAt":"`+linkAt.Format(time.RFC3339)+`"}]}`, &msgs)
	body := msgs.Items[0].Body
	for _, s := range []string{"安井 徳彦 様", "000419", "https://192.0.2.1/d/x", "pw-1", "2026/12/31", "2026/03/09 09:05"} {
		if !strings.Contains(body, s) {
			t.Errorf("default message lacks %q:\n%s", s, body)
		}
	}
	if strings.Contains(body, "【") && strings.Contains(body, "】") && !strings.Contains(body, "【関所】") {
		t.Errorf("a tag was left unfilled:\n%s", body)
	}
}
