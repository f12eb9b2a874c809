package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/config"
	"sekisho/backend/engine"
	"sekisho/backend/mailer/smtptest"
)

const (
	smtpUser = "sekisho@example.co.jp"
	smtpPass = "Kaisha-SMTP-pass 2026!"
)

// mailFixture is a fixture whose engine trusts the test SMTP server's
// certificate, and its data folder.
func mailFixture(t *testing.T) (*fixture, string, *smtptest.Server) {
	t.Helper()
	var dir string
	f := newFixtureWith(t, func(c *config.Config, _ *engine.Options) { dir = c.DataDir })
	srvTLS, roots := smtptest.NewTLS(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: srvTLS, Username: smtpUser, Password: smtpPass,
		Reject: map[string]string{"gone@example.co.jp": "550 5.1.1 <gone@example.co.jp>: Recipient address rejected"}})
	f.env.SMTPRootCAs = roots
	f.env.SMTPTimeout = 5 * time.Second
	return f, dir, srv
}

func jsonString(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestSMTPSettings: the SMTP settings' defaults and each field's
// validation, on both transports; the password is write-only (never in
// Settings.Get or Update's result), kept when omitted or empty, removable,
// and stored sealed: not in the clear anywhere in the data folder.
func TestSMTPSettings(t *testing.T) {
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f, dir, srv := mailFixture(t)
			call := transports(f)[tr]
			var got app.SettingsData
			must(t, call, "Settings.Get", `{}`, &got)
			if got.SMTPHost != "" || got.SMTPPort != 587 || got.SMTPSecurity != "starttls" || got.SMTPUsername != "" || got.SMTPFrom != "" || got.SMTPPasswordSet {
				t.Errorf("defaults: %+v", got)
			}

			for _, c := range []struct{ req, field string }{
				{`{"smtpHost":"smtp://mail.example.co.jp"}`, "smtpHost"},
				{`{"smtpHost":"mail.example.co.jp:587"}`, "smtpHost"},
				{`{"smtpPort":0}`, "smtpPort"},
				{`{"smtpPort":65536}`, "smtpPort"},
				{`{"smtpFrom":"not an address"}`, "smtpFrom"},
				{`{"smtpFrom":"it@localhost"}`, "smtpFrom"},
				{`{"smtpFrom":"a@example.co.jp, b@example.co.jp"}`, "smtpFrom"},
				{`{"smtpSecurity":"ssl"}`, "smtpSecurity"},
				{`{"smtpUsername":"a\nb","smtpPassword":"x"}`, "smtpUsername"},
				{`{"smtpUsername":"` + strings.Repeat("u", 257) + `","smtpPassword":"x"}`, "smtpUsername"},
				{`{"smtpPassword":"a\u0000b"}`, "smtpPassword"},
				{`{"smtpPassword":"` + strings.Repeat("p", 257) + `"}`, "smtpPassword"},
				{`{"smtpPassword":"x","smtpPasswordClear":true}`, "smtpPassword"},
				// A user name needs a password; none (plain text) takes no sign-in.
				{`{"smtpUsername":"someone"}`, "smtpPassword"},
				{`{"smtpUsername":"someone","smtpPassword":"x","smtpSecurity":"none"}`, "smtpSecurity"},
			} {
				e := wantInvalid(t, f, tr, "Settings.Update", c.req, c.field)
				if strings.Contains(e.Message, "settings.") || strings.Contains(e.Message, "field.") {
					t.Errorf("%s: raw catalog key in %q", c.req, e.Message)
				}
			}
			if tr == "http" {
				_, ja := f.post(t, "Settings.Update", `{"smtpHost":"smtp://x"}`, token, "ja")
				if !strings.Contains(string(ja), "ホスト名") {
					t.Errorf("Japanese error %s", ja)
				}
				_, ja = f.post(t, "Settings.Update", `{"smtpUsername":"someone","smtpPassword":"x","smtpSecurity":"none"}`, token, "ja")
				if !strings.Contains(string(ja), "平文") {
					t.Errorf("Japanese error %s", ja)
				}
			}
			must(t, call, "Settings.Get", `{}`, &got)
			if got.SMTPHost != "" || got.SMTPUsername != "" || got.SMTPPasswordSet || got.SMTPSecurity != "starttls" {
				t.Errorf("a refused update changed the settings: %+v", got)
			}

			update := `{"smtpHost":" 127.0.0.1 ","smtpPort":` + strconv.Itoa(srv.Port) + `,"smtpUsername":"` + smtpUser + `","smtpPassword":` +
				jsonString(smtpPass) + `,"smtpFrom":"関所 <it@example.co.jp>","smtpSecurity":"starttls"}`
			_, raw := call(t, "Settings.Update", update)
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatalf("update: %s", raw)
			}
			if got.SMTPHost != "127.0.0.1" || got.SMTPPort != srv.Port || got.SMTPUsername != smtpUser || got.SMTPFrom != "関所 <it@example.co.jp>" || !got.SMTPPasswordSet {
				t.Errorf("after the update: %s", raw)
			}
			_, get := call(t, "Settings.Get", `{}`)
			for _, out := range [][]byte{raw, get} {
				if bytes.Contains(out, []byte(smtpPass)) || bytes.Contains(out, []byte(`"smtpPassword"`)) || bytes.Contains(out, []byte("Sealed")) {
					t.Errorf("the settings return the password: %s", out)
				}
			}
			// Omitted or empty: the password stays.
			must(t, call, "Settings.Update", `{"smtpPort":`+strconv.Itoa(srv.Port)+`,"smtpPassword":""}`, &got)
			if !got.SMTPPasswordSet {
				t.Error("an empty password removed the stored one")
			}
			// Pointing the host or the user elsewhere needs the password
			// typed again: the stored one never follows to another server.
			for _, req := range []string{`{"smtpHost":"mail.attacker.example"}`, `{"smtpUsername":"other"}`} {
				e := wantInvalid(t, f, tr, "Settings.Update", req, "smtpPassword")
				if strings.Contains(e.Message, "settings.") {
					t.Errorf("%s: raw key %q", req, e.Message)
				}
			}
			must(t, call, "Settings.Get", `{}`, &got)
			if got.SMTPHost != "127.0.0.1" || got.SMTPUsername != smtpUser {
				t.Errorf("a refused move changed the settings: %+v", got)
			}
			var sealed []byte
			if ok, err := f.db.GetSetting(context.Background(), engine.SettingSMTPPasswordSealed, &sealed); !ok || err != nil || len(sealed) == 0 {
				t.Fatalf("sealed password: ok %v, err %v, %d bytes", ok, err, len(sealed))
			}
			p, err := f.env.OpenSMTPPassword(sealed)
			if err != nil || p != smtpPass {
				t.Errorf("the stored password opens to %q (%v)", p, err)
			}
			// Not in the clear in the database (nor its WAL) or anywhere else
			// in the data folder; the history says only that it changed.
			files := 0
			filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return nil // a lock file held open elsewhere
				}
				files++
				if bytes.Contains(b, []byte(smtpPass)) {
					t.Errorf("%s holds the SMTP password in the clear", path)
				}
				return nil
			})
			if files == 0 {
				t.Fatal("read no file of the data folder")
			}
			var hist app.HistoryPage
			must(t, call, "History.List", `{"targetType":"settings"}`, &hist)
			if len(hist.Items) == 0 || !strings.Contains(hist.Items[0].Detail+hist.Items[len(hist.Items)-1].Detail, "smtpPasswordSealed=(sealed)") {
				t.Errorf("history %+v", hist.Items)
			}

			// Removing the password needs the user name gone too.
			wantInvalid(t, f, tr, "Settings.Update", `{"smtpPasswordClear":true}`, "smtpPassword")
			must(t, call, "Settings.Update", `{"smtpUsername":"","smtpPasswordClear":true}`, &got)
			if got.SMTPPasswordSet || got.SMTPUsername != "" {
				t.Errorf("after removing: %+v", got)
			}
		})
	}
}

// TestMessagesSend: Messages.Send over STARTTLS with AUTH to a real SMTP
// server on 127.0.0.1, on both transports (POST /api/Messages.Send): each
// user's message as Render fills it, one connection for the batch; a user
// without an address and one the server refuses are failures in the
// result while the others go; the retry of the failed items; SMTP not set
// up, and a refused sign-in, fail the call with nothing sent; every send
// is in the history.
func TestMessagesSend(t *testing.T) {
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f, _, srv := mailFixture(t)
			call := transports(f)[tr]
			var yasui, noMail, gone app.User
			must(t, call, "Users.Create", `{"code":"000419","name":"安井 徳彦","email":"yasui@example.co.jp"}`, &yasui)
			must(t, call, "Users.Create", `{"code":"000420","name":"佐藤 花子"}`, &noMail)
			must(t, call, "Users.Create", `{"code":"000421","name":"高橋 健","email":"gone@example.co.jp"}`, &gone)
			items := `{"items":[{"userId":"` + yasui.ID + `","url":"https://192.0.2.10:7080/d/abc"},{"userId":"` + noMail.ID + `"},{"userId":"` + gone.ID + `"}]}`

			// Nothing set up: a 400 that names the settings.
			e := callErr(t, f, tr, "Messages.Send", items)
			if e.Code != "invalid" || (tr == "http" && e.Status != 400) || !strings.Contains(e.Message, "smtpHost") || !strings.Contains(e.Message, "smtpFrom") {
				t.Errorf("not configured: %+v", e)
			}
			if tr == "http" {
				_, ja := f.post(t, "Messages.Send", items, token, "ja")
				if !strings.Contains(string(ja), "設定 → メール送信") {
					t.Errorf("Japanese error %s", ja)
				}
			}
			wantInvalid(t, f, tr, "Messages.Send", `{"items":[]}`, "items")

			// A wrong password: the call fails, naming the sign-in and the
			// server's reply; nothing is sent.
			must(t, call, "Settings.Update", `{"smtpHost":"127.0.0.1","smtpPort":`+strconv.Itoa(srv.Port)+`,"smtpUsername":"`+smtpUser+
				`","smtpPassword":"wrong","smtpFrom":"関所 <it@example.co.jp>"}`, nil)
			e = callErr(t, f, tr, "Messages.Send", items)
			if e.Code != "invalid" || !strings.Contains(e.Message, "535") || !strings.Contains(e.Message, "user name and password") {
				t.Errorf("wrong password: %+v", e)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Fatalf("%d messages sent with a refused sign-in", n)
			}
			wantInvalid(t, f, tr, "Messages.Send", `{"items":[{"userId":"abc"}]}`, "items[0].userId")

			must(t, call, "Settings.Update", `{"smtpPassword":`+jsonString(smtpPass)+`}`, nil)
			var rendered app.MessageList
			must(t, call, "Messages.Render", items, &rendered)
			var res app.MessageSendResult
			must(t, call, "Messages.Send", items, &res)
			if res.Sent != 1 || len(res.Failed) != 2 {
				t.Fatalf("result %+v, want 1 sent and 2 failed", res)
			}
			if f0 := res.Failed[0]; f0.Index != 1 || f0.UserID != noMail.ID || f0.Code != "000420" || !strings.Contains(f0.Message, "no e-mail address") {
				t.Errorf("user without an address: %+v", f0)
			}
			if f1 := res.Failed[1]; f1.Index != 2 || f1.UserID != gone.ID || f1.Email != "gone@example.co.jp" ||
				!strings.Contains(f1.Message, "550 5.1.1 <gone@example.co.jp>: Recipient address rejected") {
				t.Errorf("refused recipient: %+v", f1)
			}
			msgs := srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("%d messages delivered", len(msgs))
			}
			m := msgs[0]
			if !m.TLS || !m.StartTLS || m.User != smtpUser {
				t.Errorf("delivered over TLS %v, STARTTLS %v, signed in as %q", m.TLS, m.StartTLS, m.User)
			}
			if a := srv.Auths(); len(a) != 2 || a[1].Username != smtpUser || a[1].Password != smtpPass || !a[1].OK {
				t.Errorf("auth attempts %+v", a)
			}
			if len(m.To) != 1 || m.To[0] != "yasui@example.co.jp" || m.From != "it@example.co.jp" {
				t.Errorf("envelope %s → %v", m.From, m.To)
			}
			p, err := m.Parse()
			if err != nil {
				t.Fatal(err)
			}
			want := rendered.Items[0]
			if subj, _ := p.Decoded("Subject"); subj != want.Subject || subj != app.DefaultMessageSubject {
				t.Errorf("Subject %q, want %q", subj, want.Subject)
			}
			if raw := p.Header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
				t.Errorf("raw Subject %q is not MIME-encoded", raw)
			}
			if to, err := p.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Name != "安井 徳彦" || to[0].Address != "yasui@example.co.jp" {
				t.Errorf("To %v (%v)", to, err)
			}
			// (DATA ends the text with a line break.)
			if strings.TrimSuffix(p.Body, "\n") != want.Body || !strings.Contains(p.Body, "安井 徳彦 様") || !strings.Contains(p.Body, "https://192.0.2.10:7080/d/abc") {
				t.Errorf("body %q, want %q", p.Body, want.Body)
			}
			// The failed recipients took no extra connection (2: the refused
			// sign-in, then this batch).
			if n := srv.Connections(); n != 2 {
				t.Errorf("%d connections, want 2", n)
			}

			// 失敗した宛先に再送: the failed items again, once the user has an address.
			must(t, call, "Users.Update", `{"id":"`+noMail.ID+`","email":"sato@example.co.jp"}`, nil)
			retry := `{"items":[{"userId":"` + noMail.ID + `"},{"userId":"` + gone.ID + `"}]}`
			must(t, call, "Messages.Send", retry, &res)
			if res.Sent != 1 || len(res.Failed) != 1 || res.Failed[0].Index != 1 || res.Failed[0].UserID != gone.ID {
				t.Errorf("retry %+v", res)
			}
			if msgs = srv.Messages(); len(msgs) != 2 || msgs[1].To[0] != "sato@example.co.jp" {
				t.Errorf("delivered %+v", msgs)
			}
			if tr == "http" {
				status, body := f.post(t, "Messages.Send", `{"kind":"login","items":[{"userId":"`+gone.ID+`"}]}`, token, "ja")
				if status != 200 || !strings.Contains(string(body), `"sent":0`) || !strings.Contains(string(body), "宛先 gone@example.co.jp を受け付けませんでした") {
					t.Errorf("POST /api/Messages.Send: %d %s", status, body)
				}
			}

			// The history has each send, sent or failed, and no password.
			var hist app.HistoryPage
			must(t, call, "History.List", `{"targetType":"mail","pageSize":100}`, &hist)
			count := map[string]int{}
			for _, h := range hist.Items {
				count[h.Action+" "+h.Target]++
				if strings.Contains(h.Detail, smtpPass) {
					t.Errorf("history holds the password: %+v", h)
				}
			}
			wantGone := 2
			if tr == "http" {
				wantGone = 3
			}
			if count["message.send 000419"] != 1 || count["message.send 000420"] != 1 || count["message.send_failed 000420"] != 1 ||
				count["message.send_failed 000421"] != wantGone || count["message.send_failed 000419, 000421"] != 1 {
				t.Errorf("history %v", count)
			}

			// テスト送信.
			wantInvalid(t, f, tr, "Messages.SendTest", `{"to":"not an address"}`, "to")
			wantInvalid(t, f, tr, "Messages.SendTest", `{"to":""}`, "to")
			must(t, call, "Messages.SendTest", `{"to":"admin@example.co.jp"}`, nil)
			msgs = srv.Messages()
			last := msgs[len(msgs)-1]
			if lp, err := last.Parse(); err != nil || last.To[0] != "admin@example.co.jp" {
				t.Errorf("test message %+v (%v)", last, err)
			} else if s, _ := lp.Decoded("Subject"); s != "[Sekisho] Test message" || !strings.Contains(lp.Body, "127.0.0.1:"+strconv.Itoa(srv.Port)) {
				t.Errorf("test message %q %q", s, lp.Body)
			}
		})
	}
}

// TestMessagesSendServerGone: a server that stops listening mid-way fails
// the call when nothing could be sent (400, naming the server), and a
// security the server does not offer is refused before anything is sent.
func TestMessagesSendServerGone(t *testing.T) {
	f, _, srv := mailFixture(t)
	call := transports(f)["http"]
	var u app.User
	must(t, call, "Users.Create", `{"code":"000419","name":"安井 徳彦","email":"yasui@example.co.jp"}`, &u)
	plain := smtptest.Start(t, smtptest.Options{})
	must(t, call, "Settings.Update", `{"smtpHost":"127.0.0.1","smtpPort":`+strconv.Itoa(plain.Port)+`,"smtpFrom":"it@example.co.jp"}`, nil)
	e := callErr(t, f, "http", "Messages.Send", `{"items":[{"userId":"`+u.ID+`"}]}`)
	if e.Status != 400 || !strings.Contains(e.Message, "STARTTLS") {
		t.Errorf("no STARTTLS: %+v", e)
	}
	srv.Close()
	must(t, call, "Settings.Update", `{"smtpPort":`+strconv.Itoa(srv.Port)+`}`, nil)
	e = callErr(t, f, "http", "Messages.Send", `{"items":[{"userId":"`+u.ID+`"}]}`)
	if e.Status != 400 || !strings.Contains(e.Message, "127.0.0.1:"+strconv.Itoa(srv.Port)) || !strings.Contains(e.Message, "connect") {
		t.Errorf("server gone: %+v", e)
	}
	if len(plain.Messages()) != 0 {
		t.Error("sent in the clear")
	}
}
