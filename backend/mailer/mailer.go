// Package mailer sends the notification mail (SPEC §5, kaonavi 通知; §7
// "SMTP") through the company's SMTP server, with
// github.com/wneessen/go-mail: one connection for a batch, STARTTLS
// (mandatory when chosen) or implicit TLS, a timeout on the connection and
// on every message. Failures come back as *Error, whose Stage says what
// went wrong so that the caller can word it for people.
package mailer

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Security is how the connection to the SMTP server is protected.
type Security string

// The choices of Security.
const (
	// SecurityStartTLS upgrades a plain connection (port 587, or 25) with
	// STARTTLS, and refuses to go on when the server does not offer it
	// (RFC 3207; no silent fallback to plain text).
	SecurityStartTLS Security = "starttls"
	// SecurityTLS speaks TLS from the first byte (port 465, RFC 8314).
	SecurityTLS Security = "tls"
	// SecurityNone sends in the clear: a relay inside the office only.
	SecurityNone Security = "none"
)

// Valid reports whether s is one of the choices.
func (s Security) Valid() bool {
	return s == SecurityStartTLS || s == SecurityTLS || s == SecurityNone
}

// DefaultTimeout bounds connecting (TCP, greeting, TLS, AUTH) and then each
// message: a server that stops answering fails the send instead of hanging
// the admin's screen.
const DefaultTimeout = 20 * time.Second

// Config is where and how to send.
type Config struct {
	Host string
	Port int
	// Username and Password sign in (SMTP AUTH; the strongest mechanism the
	// server offers over TLS). No sign-in when Username is "".
	Username string
	Password string
	// From is the sender: an address, optionally with a display name
	// ("関所 <it@example.co.jp>").
	From     string
	Security Security
	// Timeout replaces DefaultTimeout when > 0.
	Timeout time.Duration
	// RootCAs verifies the server's certificate (nil: the system's roots).
	RootCAs *x509.CertPool
	// Now is the clock for the Date header (time.Now when nil).
	Now func() time.Time
}

// Message is one plain-text mail to one person.
type Message struct {
	// ToName is the recipient's display name ("" for none).
	ToName  string
	To      string
	Subject string
	Body    string
}

// Stage says where a send failed.
type Stage string

// The stages.
const (
	// StageConnect: the server could not be reached, or did not greet.
	StageConnect Stage = "connect"
	// StageTimeout: the server stopped answering within the timeout.
	StageTimeout Stage = "timeout"
	// StageTLS: the TLS handshake failed (a certificate the system does
	// not trust or for another name, or TLS against a plain port).
	StageTLS Stage = "tls"
	// StageNoStartTLS: the server does not offer STARTTLS.
	StageNoStartTLS Stage = "no_starttls"
	// StageAuth: the server refused the user name and password, or offers
	// no sign-in that can be used here.
	StageAuth Stage = "auth"
	// StageAddress: the recipient's address cannot be used.
	StageAddress Stage = "address"
	// StageSender: the server refused the sender (MAIL FROM).
	StageSender Stage = "sender"
	// StageRecipient: the server refused the recipient (RCPT TO).
	StageRecipient Stage = "recipient"
	// StageData: the server refused the message or the connection broke
	// while it was sent.
	StageData Stage = "data"
)

// Error is a failed send.
type Error struct {
	Stage Stage
	// Reply is the server's reply or the network error, as they came
	// (untranslated; for the admin and the history).
	Reply string
	Err   error
}

// Error returns the stage and the reply.
func (e *Error) Error() string { return "smtp " + string(e.Stage) + ": " + e.Reply }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Session is one connection to the SMTP server, for a batch of messages.
// It is not safe for concurrent use.
type Session struct {
	cfg       Config
	client    *gomail.Client
	connected bool
	domain    string
}

// Dial connects, says EHLO, starts TLS as configured and signs in.
func Dial(ctx context.Context, cfg Config) (*Session, error) {
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, &Error{Stage: StageSender, Reply: err.Error(), Err: err}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	opts := []gomail.Option{
		gomail.WithPort(cfg.Port),
		gomail.WithTimeout(cfg.Timeout),
		gomail.WithTLSConfig(&tls.Config{ServerName: cfg.Host, RootCAs: cfg.RootCAs, MinVersion: tls.VersionTLS12}),
	}
	switch cfg.Security {
	case SecurityTLS:
		opts = append(opts, gomail.WithSSL())
	case SecurityNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case SecurityStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		err := fmt.Errorf("unknown security %q", cfg.Security)
		return nil, &Error{Stage: StageConnect, Reply: err.Error(), Err: err}
	}
	if cfg.Username != "" {
		// Auto-discovery picks the strongest mechanism offered, and never
		// PLAIN or LOGIN on a connection without TLS.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, &Error{Stage: StageConnect, Reply: err.Error(), Err: err}
	}
	s := &Session{cfg: cfg, client: c, domain: from.Address[strings.LastIndex(from.Address, "@")+1:]}
	if err := s.dial(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Session) dial(ctx context.Context) error {
	if err := s.client.DialWithContext(ctx); err != nil {
		return dialError(err)
	}
	s.connected = true
	return nil
}

// Send sends one message on the session's connection. When the server has
// closed the connection meanwhile (a limit of messages per connection, an
// idle timeout), it connects again once and sends there; an *Error whose
// Stage is a connection stage then means the server is gone for the rest
// of the batch too.
func (s *Session) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	if !s.connected {
		if err := s.dial(ctx); err != nil {
			return err
		}
	}
	err = s.client.Send(msg)
	var se *gomail.SendError
	if err != nil && errors.As(err, &se) && se.Reason == gomail.ErrConnCheck {
		s.connected = false
		_ = s.client.Close()
		if err := s.dial(ctx); err != nil {
			return err
		}
		err = s.client.Send(msg)
	}
	if err == nil || msg.IsDelivered() {
		// Delivered: a failed RSET afterwards is the next message's
		// concern (it finds the connection gone and reconnects).
		return nil
	}
	return sendError(err)
}

// Close says QUIT and closes the connection. Every message has its
// result by then: a QUIT that fails (the server closed the connection
// first) changes none, and is not reported.
func (s *Session) Close() {
	if s.connected {
		s.connected = false
		_ = s.client.Close()
	}
}

// build makes the MIME message: UTF-8 text, quoted-printable, the subject
// and names as RFC 2047 encoded words.
func (s *Session) build(m Message) (*gomail.Msg, error) {
	to, err := netmail.ParseAddress(m.To)
	if err != nil || to.Address != m.To || strings.ContainsAny(m.To, "\r\n") {
		if err == nil {
			err = fmt.Errorf("not a bare address: %q", m.To)
		}
		return nil, &Error{Stage: StageAddress, Reply: err.Error(), Err: err}
	}
	msg := gomail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return nil, &Error{Stage: StageSender, Reply: err.Error(), Err: err}
	}
	if err := msg.To((&netmail.Address{Name: m.ToName, Address: m.To}).String()); err != nil {
		return nil, &Error{Stage: StageAddress, Reply: err.Error(), Err: err}
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	msg.SetDateWithValue(s.cfg.Now())
	msg.SetMessageIDWithValue(randomID() + "@" + s.domain)
	msg.SetUserAgent("Sekisho")
	return msg, nil
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// dialError names the stage at which connecting failed. go-mail returns
// the errors of net, crypto/tls and its SMTP client as they are, so the
// stage is read from their types (and, for the two go-mail errors that
// have no type, from their fixed text).
func dialError(err error) *Error {
	e := &Error{Stage: StageConnect, Reply: err.Error(), Err: err}
	var (
		ne     net.Error
		verify *tls.CertificateVerificationError
		header tls.RecordHeaderError
		alert  tls.AlertError
		unk    x509.UnknownAuthorityError
		host   x509.HostnameError
		inv    x509.CertificateInvalidError
	)
	msg := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		e.Stage = StageTimeout
	case errors.As(err, &verify) || errors.As(err, &header) || errors.As(err, &alert) ||
		errors.As(err, &unk) || errors.As(err, &host) || errors.As(err, &inv) || strings.HasPrefix(msg, "tls: "):
		e.Stage = StageTLS
	case strings.Contains(msg, "does not support STARTTLS"):
		e.Stage = StageNoStartTLS
	case strings.Contains(msg, "SMTP AUTH") || errors.Is(err, gomail.ErrNoSupportedAuthDiscovered):
		e.Stage = StageAuth
	}
	return e
}

// sendError names the stage at which a message failed and keeps the
// server's reply.
func sendError(err error) *Error {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return &Error{Stage: StageData, Reply: err.Error(), Err: err}
	}
	e := &Error{Stage: StageData, Reply: serverReply(se), Err: err}
	switch se.Reason {
	case gomail.ErrGetSender, gomail.ErrSMTPMailFrom:
		e.Stage = StageSender
	case gomail.ErrGetRcpts:
		e.Stage = StageAddress
	case gomail.ErrSMTPRcptTo:
		e.Stage = StageRecipient
	case gomail.ErrConnCheck:
		e.Stage = StageConnect
	}
	return e
}

// serverReply is what a SendError says after its reason ("sending SMTP
// RCPT TO command: 550 5.1.1 no such user, affected recipient(s): …"):
// the server's reply, without go-mail's own words. SendError keeps its
// causes unexported, so they are cut out of its text.
func serverReply(se *gomail.SendError) string {
	s := strings.TrimPrefix(se.Error(), se.Reason.String())
	s = strings.TrimPrefix(s, ":")
	if i := strings.Index(s, ", affected "); i >= 0 {
		s = s[:i]
	}
	if s = strings.TrimSpace(s); s == "" {
		return se.Reason.String()
	}
	// net/textproto writes a reply as `550 "5.1.1 no such user"`.
	if code, text, ok := strings.Cut(s, " "); ok && len(code) == 3 {
		if u, err := strconv.Unquote(text); err == nil {
			return code + " " + u
		}
	}
	return s
}
