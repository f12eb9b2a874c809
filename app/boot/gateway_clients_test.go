package boot

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sekisho/app"
)

// gatewayWith starts a runtime with one route to handler and a user who
// requires a certificate, holding a personal one; a shared certificate keeps
// fail-open out of the way.
func gatewayWith(t *testing.T, handler http.Handler) (*Runtime, *app.Services, app.IssuedCert, tls.Certificate) {
	t.Helper()
	rt, s, _ := startWithServices(t)
	up := &http.Server{Handler: handler}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go up.Serve(ln)
	t.Cleanup(func() { up.Close() })
	steps := []error{}
	_, err = s.Settings.Update(app.SettingsUpdate{KeyAlgorithm: ptr(app.KeyAlgorithm("ecdsa-p256"))})
	steps = append(steps, err)
	_, err = s.Routes.Create(app.RouteCreateRequest{Name: "up", Upstream: "http://" + ln.Addr().String(), Enabled: true})
	steps = append(steps, err)
	_, err = s.Certs.IssueShared(app.IssueSharedRequest{Name: "Office", Enabled: true})
	steps = append(steps, err)
	u, err := s.Users.Create(app.UserCreateRequest{Code: "cli01", Name: "CLI"})
	steps = append(steps, err)
	for _, e := range steps {
		if e != nil {
			t.Fatal(e)
		}
	}
	if _, err := s.Users.SetRequireCert(app.SetFlagRequest{IDs: []string{u.ID}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	is, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{u.ID}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	return rt, s, is.Items[0], clientCert(t, s, is.Items[0])
}

func TestGatewayWebSocketAndStreaming(t *testing.T) {
	rt, _, _, cert := gatewayWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ws":
			// A minimal upgrade: after 101 the connection echoes lines.
			if r.Header.Get("Upgrade") != "websocket" || r.Header.Get("X-Sekisho-User") != "cli01" {
				http.Error(w, "bad upgrade", 400)
				return
			}
			conn, buf, _ := w.(http.Hijacker).Hijack()
			defer conn.Close()
			buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
			buf.Flush()
			for {
				line, err := buf.ReadString('\n')
				if err != nil {
					return
				}
				buf.WriteString("echo " + line)
				buf.Flush()
			}
		case "/stream":
			// Three events, each flushed, a moment apart.
			for i := 0; i < 3; i++ {
				fmt.Fprintf(w, "data: %d\n\n", i)
				w.(http.Flusher).Flush()
				time.Sleep(150 * time.Millisecond)
			}
		}
	}))
	addr := strings.TrimSuffix(strings.TrimPrefix(rt.Lines[2], "gateway https://"), "/")
	cfg := &tls.Config{RootCAs: rt.CA.Pool(), Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}}

	conn, err := tls.Dial("tcp", addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET /ws HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", addr)
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 101 {
		t.Fatalf("upgrade through the gateway: %v %v", err, resp)
	}
	for _, msg := range []string{"hello\n", "関所\n"} {
		conn.Write([]byte(msg))
		got, err := br.ReadString('\n')
		if err != nil || got != "echo "+msg {
			t.Fatalf("echo %q, %v", got, err)
		}
	}

	// Streaming: the first event arrives before the upstream has finished.
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
	start := time.Now()
	sresp, err := client.Get("https://" + addr + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer sresp.Body.Close()
	first, err := bufio.NewReader(sresp.Body).ReadString('\n')
	if err != nil || first != "data: 0\n" {
		t.Fatalf("first event %q %v", first, err)
	}
	if d := time.Since(start); d > 300*time.Millisecond {
		t.Errorf("first event after %v: the gateway buffered the stream", d)
	}
}

// TestRevocationWithCurlAndOpenSSL drives the gateway with clients nobody here
// wrote: curl with a certificate, and openssl s_client resuming a TLS 1.2
// session after the certificate was revoked.
func TestRevocationWithCurlAndOpenSSL(t *testing.T) {
	curl, err1 := exec.LookPath("curl")
	openssl, err2 := exec.LookPath("openssl")
	if err1 != nil || err2 != nil {
		t.Skip("curl and openssl are needed")
	}
	rt, s, is, cert := gatewayWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s\n", r.Header.Get("X-Sekisho-User"))
	}))
	dir := t.TempDir()
	write := func(name string, blocks ...*pem.Block) string {
		var b strings.Builder
		for _, bl := range blocks {
			b.Write(pem.EncodeToMemory(bl))
		}
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(b.String()), 0o600)
		return p
	}
	certFile := write("c.pem", &pem.Block{Type: "CERTIFICATE", Bytes: cert.Leaf.Raw})
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := write("k.pem", &pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	caFile := write("ca.pem", &pem.Block{Type: "CERTIFICATE", Bytes: rt.CA.Cert.Raw})
	gw := strings.TrimPrefix(rt.Lines[2], "gateway ")
	addr := strings.TrimSuffix(strings.TrimPrefix(gw, "https://"), "/")

	curlGet := func() (string, string) {
		out, err := exec.Command(curl, "-sS", "--cacert", caFile, "--cert", certFile, "--key", keyFile, "-D", "-", gw+"x").CombinedOutput()
		if err != nil {
			t.Fatalf("curl: %v\n%s", err, out)
		}
		return string(out), headerOf(string(out), "X-Sekisho-Deny")
	}
	if out, deny := curlGet(); !strings.Contains(out, "hello cli01") || deny != "" {
		t.Fatalf("curl before revocation:\n%s", out)
	}

	// openssl: a full TLS 1.2 handshake saving the session, then revoke, then
	// a resumed handshake on a new connection.
	sess := filepath.Join(dir, "sess.pem")
	sclient := func(extra ...string) string {
		args := append([]string{"s_client", "-connect", addr, "-tls1_2", "-CAfile", caFile, "-cert", certFile, "-key", keyFile, "-ign_eof", "-quiet"}, extra...)
		cmd := exec.Command(openssl, args...)
		cmd.Stdin = strings.NewReader("GET /x HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n")
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	if out := sclient("-sess_out", sess); !strings.Contains(out, "hello cli01") {
		t.Fatalf("openssl before revocation:\n%s", out)
	}
	if _, err := s.Certs.Revoke(app.RevokeRequest{ID: is.Cert.ID, Confirm: true}); err != nil {
		t.Fatal(err)
	}
	resumed := exec.Command(openssl, "s_client", "-connect", addr, "-tls1_2", "-CAfile", caFile, "-cert", certFile, "-key", keyFile, "-sess_in", sess, "-ign_eof")
	resumed.Stdin = strings.NewReader("GET /x HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n")
	rout, _ := resumed.CombinedOutput()
	if !strings.Contains(string(rout), "Reused, TLSv1.2") {
		t.Fatalf("the session was not resumed:\n%s", rout)
	}
	if !strings.Contains(string(rout), "X-Sekisho-Deny: certificate_revoked") || strings.Contains(string(rout), "hello cli01") {
		t.Fatalf("a resumed session got past the revocation:\n%s", rout)
	}
	if out, deny := curlGet(); deny != "certificate_revoked" {
		t.Fatalf("curl after revocation:\n%s", out)
	}
}

func headerOf(resp, name string) string {
	for _, line := range strings.Split(resp, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
