package mailer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"sekisho/backend/mailer"
	"sekisho/backend/mailer/smtptest"
)

const (
	user = "sekisho@example.co.jp"
	pass = "p@ss wörd-2026"
)

func config(srv *smtptest.Server, sec mailer.Security) mailer.Config {
	return mailer.Config{Host: srv.Host, Port: srv.Port, From: "関所 <it@example.co.jp>", Security: sec, Timeout: 5 * time.Second}
}

func send(t *testing.T, cfg mailer.Config, msgs ...mailer.Message) []error {
	t.Helper()
	ctx := context.Background()
	s, err := mailer.Dial(ctx, cfg)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		errs[i] = s.Send(ctx, m)
	}
	s.Close()
	return errs
}

func stageOf(err error) mailer.Stage {
	var e *mailer.Error
	if errors.As(err, &e) {
		return e.Stage
	}
	return ""
}

var jaMessage = mailer.Message{
	ToName:  "安井 徳彦",
	To:      "yasui@example.co.jp",
	Subject: "【関所】クライアント証明書のご案内",
	Body:    "安井 徳彦 様\n\n下記のURLを開いてください。\nhttps://192.0.2.10:7080/d/abc\n",
}

// TestStartTLS: the message goes over STARTTLS, signed in with the
// configured name and password, with the Japanese subject and names as
// encoded words and the body intact.
func TestStartTLS(t *testing.T) {
	srvTLS, roots := smtptest.NewTLS(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: srvTLS, Username: user, Password: pass})
	cfg := config(srv, mailer.SecurityStartTLS)
	cfg.Username, cfg.Password, cfg.RootCAs = user, pass, roots
	for _, err := range send(t, cfg, jaMessage) {
		if err != nil {
			t.Fatal(err)
		}
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages delivered", len(msgs))
	}
	m := msgs[0]
	if !m.TLS || !m.StartTLS {
		t.Errorf("TLS %v, STARTTLS %v: want both", m.TLS, m.StartTLS)
	}
	if m.User != user {
		t.Errorf("signed in as %q", m.User)
	}
	if a := srv.Auths(); len(a) != 1 || a[0].Username != user || a[0].Password != pass || !a[0].OK {
		t.Errorf("auth attempts %+v", a)
	}
	if m.From != "it@example.co.jp" || len(m.To) != 1 || m.To[0] != "yasui@example.co.jp" {
		t.Errorf("envelope from %q to %v", m.From, m.To)
	}
	p, err := m.Parse()
	if err != nil {
		t.Fatal(err)
	}
	raw := p.Header.Get("Subject")
	if !strings.HasPrefix(raw, "=?UTF-8?") || strings.ContainsFunc(raw, func(r rune) bool { return r > 0x7f }) {
		t.Errorf("raw Subject %q: want RFC 2047 encoded words, ASCII only", raw)
	}
	if got, _ := p.Decoded("Subject"); got != jaMessage.Subject {
		t.Errorf("Subject %q, want %q", got, jaMessage.Subject)
	}
	for _, h := range []string{"To", "From"} {
		if v := p.Header.Get(h); strings.ContainsFunc(v, func(r rune) bool { return r > 0x7f }) {
			t.Errorf("raw %s %q is not ASCII", h, v)
		}
	}
	to, err := p.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "安井 徳彦" || to[0].Address != "yasui@example.co.jp" {
		t.Errorf("To %v (%v)", to, err)
	}
	from, err := p.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "関所" || from[0].Address != "it@example.co.jp" {
		t.Errorf("From %v (%v)", from, err)
	}
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "utf-8") {
		t.Errorf("Content-Type %q", ct)
	}
	if p.Body != jaMessage.Body {
		t.Errorf("body %q, want %q", p.Body, jaMessage.Body)
	}
	if id := p.Header.Get("Message-Id"); !strings.HasSuffix(id, "@example.co.jp>") {
		t.Errorf("Message-ID %q", id)
	}
	if p.Header.Get("Date") == "" {
		t.Error("no Date")
	}
}

// TestBatchOneConnection: a batch goes over one connection; a recipient
// the server refuses fails alone, with the server's reply, and the
// messages after it still go.
func TestBatchOneConnection(t *testing.T) {
	srvTLS, roots := smtptest.NewTLS(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: srvTLS, Reject: map[string]string{"gone@example.co.jp": "550 5.1.1 <gone@example.co.jp>: no such user"}})
	cfg := config(srv, mailer.SecurityStartTLS)
	cfg.RootCAs = roots
	errs := send(t, cfg,
		mailer.Message{To: "a@example.co.jp", Subject: "a", Body: "a"},
		mailer.Message{To: "gone@example.co.jp", Subject: "b", Body: "b"},
		mailer.Message{To: "c@example.co.jp", Subject: "c", Body: "c"},
		mailer.Message{To: "not an address", Subject: "d", Body: "d"},
	)
	if errs[0] != nil || errs[2] != nil {
		t.Errorf("errors %v", errs)
	}
	var e *mailer.Error
	if !errors.As(errs[1], &e) || e.Stage != mailer.StageRecipient || e.Reply != "550 5.1.1 <gone@example.co.jp>: no such user" {
		t.Errorf("refused recipient: %#v", errs[1])
	}
	if stageOf(errs[3]) != mailer.StageAddress {
		t.Errorf("bad address: %v", errs[3])
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d delivered, want 2", n)
	}
	if n := srv.Connections(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}

// TestReconnect: a server that closes the connection after each message
// gets the next one on a new connection.
func TestReconnect(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{MaxPerConnection: 1})
	errs := send(t, config(srv, mailer.SecurityNone),
		mailer.Message{To: "a@example.co.jp", Subject: "a", Body: "a"},
		mailer.Message{To: "b@example.co.jp", Subject: "b", Body: "b"},
		mailer.Message{To: "c@example.co.jp", Subject: "c", Body: "c"},
	)
	for i, err := range errs {
		if err != nil {
			t.Errorf("message %d: %v", i, err)
		}
	}
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("%d delivered, want 3", n)
	}
	if n := srv.Connections(); n != 3 {
		t.Errorf("%d connections, want 3", n)
	}
}

// TestImplicitTLS: "tls" speaks TLS from the first byte.
func TestImplicitTLS(t *testing.T) {
	srvTLS, roots := smtptest.NewTLS(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: srvTLS, ImplicitTLS: true, Username: user, Password: pass})
	cfg := config(srv, mailer.SecurityTLS)
	cfg.Username, cfg.Password, cfg.RootCAs = user, pass, roots
	if err := send(t, cfg, jaMessage)[0]; err != nil {
		t.Fatal(err)
	}
	if m := srv.Messages(); len(m) != 1 || !m[0].TLS || m[0].StartTLS || m[0].User != user {
		t.Errorf("messages %+v", m)
	}
}

// TestNone: "none" sends in the clear, even where STARTTLS is offered.
func TestNone(t *testing.T) {
	srvTLS, _ := smtptest.NewTLS(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: srvTLS})
	if err := send(t, config(srv, mailer.SecurityNone), jaMessage)[0]; err != nil {
		t.Fatal(err)
	}
	if m := srv.Messages(); len(m) != 1 || m[0].TLS {
		t.Errorf("messages %+v", m)
	}
}

// TestDialFailures: each way connecting can fail names its stage.
func TestDialFailures(t *testing.T) {
	srvTLS, roots := smtptest.NewTLS(t)
	plain := smtptest.Start(t, smtptest.Options{})
	starttls := smtptest.Start(t, smtptest.Options{TLS: srvTLS, Username: user, Password: pass})
	silent := smtptest.Start(t, smtptest.Options{Silent: true})
	closed := smtptest.Start(t, smtptest.Options{})
	closed.Close()

	tests := []struct {
		name   string
		srv    *smtptest.Server
		sec    mailer.Security
		adjust func(*mailer.Config)
		want   mailer.Stage
	}{
		{"fail/no STARTTLS offered", plain, mailer.SecurityStartTLS, nil, mailer.StageNoStartTLS},
		{"fail/untrusted certificate", starttls, mailer.SecurityStartTLS, nil, mailer.StageTLS},
		{"fail/TLS against a plain port", plain, mailer.SecurityTLS, nil, mailer.StageTLS},
		{"fail/wrong password", starttls, mailer.SecurityStartTLS, func(c *mailer.Config) {
			c.RootCAs, c.Username, c.Password = roots, user, "wrong"
		}, mailer.StageAuth},
		{"fail/nobody listens", closed, mailer.SecurityNone, nil, mailer.StageConnect},
		{"fail/silent server", silent, mailer.SecurityNone, func(c *mailer.Config) { c.Timeout = 300 * time.Millisecond }, mailer.StageTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config(tc.srv, tc.sec)
			if tc.adjust != nil {
				tc.adjust(&cfg)
			}
			start := time.Now()
			s, err := mailer.Dial(context.Background(), cfg)
			if err == nil {
				s.Close()
				t.Fatal("Dial succeeded")
			}
			if got := stageOf(err); got != tc.want {
				t.Errorf("stage %q (%v), want %q", got, err, tc.want)
			}
			if d := time.Since(start); d > 4*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	if a := starttls.Auths(); len(a) != 1 || a[0].OK || a[0].Password != "wrong" {
		t.Errorf("auth attempts %+v", a)
	}
	if len(plain.Messages())+len(starttls.Messages()) != 0 {
		t.Error("a message was delivered")
	}
}
