// Package smtptest runs a small SMTP server on 127.0.0.1 for tests, as
// net/http/httptest does for HTTP: EHLO, STARTTLS, implicit TLS, AUTH PLAIN
// and LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT. It keeps every message it
// accepts, with how it arrived (over TLS or not, signed in as whom).
package smtptest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options shape the server.
type Options struct {
	// TLS is the server's certificate (NewTLS makes one). With it the
	// server offers STARTTLS, unless ImplicitTLS, when it speaks TLS from
	// the first byte.
	TLS         *tls.Config
	ImplicitTLS bool
	// Username and Password, when set, are the only sign-in accepted, and
	// MAIL needs it. AUTH is offered only over TLS.
	Username string
	Password string
	// Reject maps a recipient address to the reply RCPT TO gets ("550
	// 5.1.1 no such user").
	Reject map[string]string
	// MaxPerConnection, when > 0, closes a connection right after it
	// accepted that many messages (as servers that limit messages per
	// connection do).
	MaxPerConnection int
	// Silent accepts connections and never says a word (for timeouts).
	Silent bool
}

// Message is an accepted message.
type Message struct {
	From string
	To   []string
	// Data is the message as sent (headers and body, CRLF line ends).
	Data []byte
	// TLS says whether the connection was encrypted when it arrived, and
	// StartTLS whether STARTTLS made it so.
	TLS      bool
	StartTLS bool
	// User is who signed in ("" for nobody).
	User string
	// Conn numbers the connection it came on (1, 2, …).
	Conn int
}

// Credentials is one AUTH attempt.
type Credentials struct {
	Mechanism, Username, Password string
	OK                            bool
}

// Server is a running test server.
type Server struct {
	// Addr is host:port; Host and Port its parts.
	Addr string
	Host string
	Port int

	opts Options
	ln   net.Listener
	wg   sync.WaitGroup

	mu    sync.Mutex
	msgs  []Message
	auths []Credentials
	conns int
	open  map[net.Conn]bool
}

// Start runs a server on 127.0.0.1 with a free port until the test ends.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	a := ln.Addr().(*net.TCPAddr)
	s := &Server{Addr: a.String(), Host: "127.0.0.1", Port: a.Port, opts: opts, ln: ln, open: map[net.Conn]bool{}}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server and ends its connections.
func (s *Server) Close() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.open {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Messages returns the accepted messages, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Auths returns the AUTH attempts, in order.
func (s *Server) Auths() []Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Credentials(nil), s.auths...)
}

// Connections returns how many connections the server accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns++
		n := s.conns
		s.open[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.open, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serve(c, n)
		}()
	}
}

// session is one connection's state.
type session struct {
	conn     net.Conn
	r        *textproto.Reader
	w        *bufio.Writer
	tls      bool
	startTLS bool
	user     string
	from     string
	to       []string
	n        int
	accepted int
}

func (s *Server) serve(c net.Conn, n int) {
	if s.opts.Silent {
		io.Copy(io.Discard, c)
		return
	}
	ss := &session{conn: c, n: n}
	if s.opts.ImplicitTLS {
		tc := tls.Server(c, s.opts.TLS)
		if err := tc.Handshake(); err != nil {
			return
		}
		ss.conn, ss.tls = tc, true
	}
	ss.rw()
	ss.reply("220 smtptest ESMTP ready")
	for {
		line, err := ss.r.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ext := []string{"smtptest greets " + arg, "8BITMIME", "ENHANCEDSTATUSCODES"}
			if s.opts.TLS != nil && !ss.tls {
				ext = append(ext, "STARTTLS")
			}
			if s.opts.Username != "" && ss.tls {
				ext = append(ext, "AUTH PLAIN LOGIN")
			}
			for i, e := range ext {
				sep := "-"
				if i == len(ext)-1 {
					sep = " "
				}
				ss.w.WriteString("250" + sep + e + "\r\n")
			}
			ss.w.Flush()
		case "HELO":
			ss.reply("250 smtptest")
		case "STARTTLS":
			if s.opts.TLS == nil || ss.tls {
				ss.reply("502 5.5.1 STARTTLS not offered")
				continue
			}
			ss.reply("220 2.0.0 go ahead")
			tc := tls.Server(ss.conn, s.opts.TLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			// RFC 3207: everything learnt before TLS is forgotten.
			ss.conn, ss.tls, ss.startTLS, ss.user, ss.from, ss.to = tc, true, true, "", "", nil
			ss.rw()
		case "AUTH":
			s.auth(ss, arg)
		case "MAIL":
			if s.opts.Username != "" && ss.user == "" {
				ss.reply("530 5.7.0 Authentication required")
				continue
			}
			addr, ok := path(arg, "FROM:")
			if !ok {
				ss.reply("501 5.5.4 Syntax: MAIL FROM:<address>")
				continue
			}
			ss.from, ss.to = addr, nil
			ss.reply("250 2.1.0 OK")
		case "RCPT":
			addr, ok := path(arg, "TO:")
			if !ok || ss.from == "" {
				ss.reply("503 5.5.1 MAIL first")
				continue
			}
			if r, bad := s.opts.Reject[addr]; bad {
				ss.reply(r)
				continue
			}
			ss.to = append(ss.to, addr)
			ss.reply("250 2.1.5 OK")
		case "DATA":
			if len(ss.to) == 0 {
				ss.reply("503 5.5.1 RCPT first")
				continue
			}
			ss.reply("354 End data with <CR><LF>.<CR><LF>")
			data, err := ss.r.ReadDotBytes()
			if err != nil {
				return
			}
			// ReadDotBytes turns CRLF into LF: put them back, as sent.
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			s.mu.Lock()
			s.msgs = append(s.msgs, Message{From: ss.from, To: ss.to, Data: data, TLS: ss.tls, StartTLS: ss.startTLS, User: ss.user, Conn: ss.n})
			s.mu.Unlock()
			ss.from, ss.to = "", nil
			ss.accepted++
			ss.reply("250 2.0.0 queued")
			if s.opts.MaxPerConnection > 0 && ss.accepted >= s.opts.MaxPerConnection {
				return
			}
		case "RSET":
			ss.from, ss.to = "", nil
			ss.reply("250 2.0.0 OK")
		case "NOOP":
			ss.reply("250 2.0.0 OK")
		case "QUIT":
			ss.reply("221 2.0.0 bye")
			return
		default:
			ss.reply("502 5.5.2 command not recognized")
		}
	}
}

func (ss *session) rw() {
	ss.r = textproto.NewReader(bufio.NewReader(ss.conn))
	ss.w = bufio.NewWriter(ss.conn)
}

func (ss *session) reply(line string) {
	ss.w.WriteString(line + "\r\n")
	ss.w.Flush()
}

// path reads "FROM:<a@b> PARAMS" into a@b.
func path(arg, prefix string) (string, bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimSpace(arg[len(prefix):])
	if !strings.HasPrefix(rest, "<") {
		return "", false
	}
	end := strings.Index(rest, ">")
	if end < 0 {
		return "", false
	}
	return rest[1:end], true
}

func (s *Server) auth(ss *session, arg string) {
	if s.opts.Username == "" || !ss.tls {
		ss.reply("502 5.5.1 AUTH not offered")
		return
	}
	mech, initial, _ := strings.Cut(arg, " ")
	read := func(prompt string) (string, bool) {
		ss.reply("334 " + prompt)
		line, err := ss.r.ReadLine()
		if err != nil || line == "*" {
			return "", false
		}
		b, err := base64.StdEncoding.DecodeString(line)
		return string(b), err == nil
	}
	var user, pass string
	switch strings.ToUpper(mech) {
	case "PLAIN":
		resp := initial
		if resp == "" {
			line, ok := read("")
			if !ok {
				ss.reply("501 5.5.2 cannot decode")
				return
			}
			resp = base64.StdEncoding.EncodeToString([]byte(line))
		}
		b, err := base64.StdEncoding.DecodeString(resp)
		parts := strings.Split(string(b), "\x00")
		if err != nil || len(parts) != 3 {
			ss.reply("501 5.5.2 cannot decode")
			return
		}
		user, pass = parts[1], parts[2]
	case "LOGIN":
		var ok1, ok2 bool
		user, ok1 = read(base64.StdEncoding.EncodeToString([]byte("Username:")))
		pass, ok2 = read(base64.StdEncoding.EncodeToString([]byte("Password:")))
		if !ok1 || !ok2 {
			ss.reply("501 5.5.2 cannot decode")
			return
		}
	default:
		ss.reply("504 5.5.4 mechanism not supported")
		return
	}
	ok := user == s.opts.Username && pass == s.opts.Password
	s.mu.Lock()
	s.auths = append(s.auths, Credentials{Mechanism: strings.ToUpper(mech), Username: user, Password: pass, OK: ok})
	s.mu.Unlock()
	if !ok {
		ss.reply("535 5.7.8 Authentication credentials invalid")
		return
	}
	ss.user = user
	ss.reply("235 2.7.0 Authentication successful")
}

// Parse reads the message's headers and body: Header decodes RFC 2047
// encoded words, Body undoes the transfer encoding.
func (m Message) Parse() (Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return Parsed{}, err
	}
	raw, err := io.ReadAll(msg.Body)
	if err != nil {
		return Parsed{}, err
	}
	var body []byte
	switch strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
	case "base64":
		body, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
	default:
		body = raw
	}
	if err != nil {
		return Parsed{}, err
	}
	return Parsed{Header: msg.Header, Body: strings.ReplaceAll(string(body), "\r\n", "\n")}, nil
}

// Parsed is a parsed message.
type Parsed struct {
	Header mail.Header
	// Body is the decoded text, with LF line ends.
	Body string
}

// Decoded returns a header with its encoded words decoded.
func (p Parsed) Decoded(name string) (string, error) {
	return new(mime.WordDecoder).DecodeHeader(p.Header.Get(name))
}

// NewTLS makes a self-signed certificate for 127.0.0.1 and localhost: the
// server's config, and the pool a client trusts it with.
func NewTLS(tb testing.TB) (*tls.Config, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}, pool
}

// String describes the server, for test logs.
func (s *Server) String() string { return fmt.Sprintf("smtptest %s", s.Addr) }
