package ca

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNewAndLoad(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	c, keyDER, err := New("関所商事", now)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Cert.IsCA || !c.Cert.MaxPathLenZero || c.Cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		t.Errorf("CA flags: IsCA=%v MaxPathLenZero=%v KeyUsage=%v", c.Cert.IsCA, c.Cert.MaxPathLenZero, c.Cert.KeyUsage)
	}
	if len(c.Cert.SubjectKeyId) != 20 || !strings.Contains(c.Cert.Subject.CommonName, "関所商事") {
		t.Errorf("subject %q skid %x", c.Cert.Subject.CommonName, c.Cert.SubjectKeyId)
	}
	if plain, _, _ := New("", now); plain.Cert.Subject.CommonName != "Sekisho CA 2026-11-23" {
		t.Errorf("CA name without an organization: %q", plain.Cert.Subject.CommonName)
	}
	again, err := Load(c.CertPEM, keyDER)
	if err != nil || again.Fingerprint() != c.Fingerprint() {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Fingerprint()) != 95 {
		t.Errorf("fingerprint %q", c.Fingerprint())
	}
	_, otherKey, _ := New("x", now)
	if _, err := Load(c.CertPEM, otherKey); err == nil {
		t.Error("Load with a foreign key succeeded")
	}
	if _, err := Load([]byte("garbage"), keyDER); err == nil {
		t.Error("Load of garbage succeeded")
	}
}

func TestIssueServerVerifiesAndServes(t *testing.T) {
	now := time.Now()
	c, _, err := New("Test", now)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := c.IssueServer([]string{"localhost", "127.0.0.1", "192.0.2.10", "LOCALHOST", "[::1]"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(cert.Leaf.DNSNames); got != 1 {
		t.Errorf("DNSNames = %v (duplicates must collapse)", cert.Leaf.DNSNames)
	}
	if got := len(cert.Leaf.IPAddresses); got != 3 {
		t.Errorf("IPAddresses = %v", cert.Leaf.IPAddresses)
	}
	for _, name := range []string{"localhost", "127.0.0.1", "192.0.2.10", "::1"} {
		if _, err := cert.Leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: c.Pool()}); err != nil {
			t.Errorf("verify %s: %v", name, err)
		}
	}
	if _, err := c.IssueServer(nil, now); err == nil {
		t.Error("IssueServer without names succeeded")
	}

	// A real TLS handshake, and OpenSSL's own verdict on the chain.
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				_ = conn.(*tls.Conn).Handshake()
				conn.Write([]byte("hi"))
				conn.Close()
			}()
		}
	}()
	conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: c.Pool(), ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatalf("TLS dial: %v", err)
	}
	conn.Close()

	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(caFile, c.CertPEM, 0o644)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	cmd := exec.Command(openssl, "s_client", "-connect", "127.0.0.1:"+port, "-CAfile", caFile, "-verify_return_error", "-verify_ip", "127.0.0.1", "-brief")
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Errorf("openssl s_client: %v\n%s", err, out)
	}
}
