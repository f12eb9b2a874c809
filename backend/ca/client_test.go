package ca

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"software.sslmate.com/src/go-pkcs12"
)

func testCA(t testing.TB) *CA {
	t.Helper()
	c, _, err := New("関所商事", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIssueClientAndPKCS12(t *testing.T) {
	c := testCA(t)
	for _, algo := range []KeyAlgo{RSA2048, ECDSAP256} {
		for _, compat := range []Compat{CompatLegacy, CompatModern} {
			t.Run(string(algo)+"/"+string(compat), func(t *testing.T) {
				key, err := NewKey(algo)
				if err != nil {
					t.Fatal(err)
				}
				nb := time.Now().Add(-24 * time.Hour).Truncate(24 * time.Hour)
				cert, err := c.IssueClient(ClientRequest{CommonName: "000419", OrganizationalUnit: "personal", Email: "y@example.co.jp",
					NotBefore: nb, NotAfter: nb.AddDate(1, 0, 0), Key: key})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := cert.Verify(x509.VerifyOptions{Roots: c.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, CurrentTime: time.Now()}); err != nil {
					t.Fatalf("verify: %v", err)
				}
				if cert.Subject.CommonName != "000419" || cert.EmailAddresses[0] != "y@example.co.jp" {
					t.Errorf("subject %v", cert.Subject)
				}
				const pass, name = "abcde-fghij-kmnpq", "山田 太郎"
				p12, err := c.PKCS12(key, cert, name, pass, compat)
				if err != nil {
					t.Fatal(err)
				}
				gotKey, gotCert, chain, err := pkcs12.DecodeChain(p12, pass)
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if !gotCert.Equal(cert) || len(chain) != 1 || !chain[0].Equal(c.Cert) {
					t.Error("decoded certificate or chain differs")
				}
				switch k := gotKey.(type) {
				case *rsa.PrivateKey:
					if algo != RSA2048 || !k.Equal(key) {
						t.Error("rsa key differs")
					}
				case *ecdsa.PrivateKey:
					if algo != ECDSAP256 || !k.Equal(key) {
						t.Error("ecdsa key differs")
					}
				}
				if _, _, _, err := pkcs12.DecodeChain(p12, "wrong"); err == nil {
					t.Error("decoded with a wrong passphrase")
				}
				if got := friendlyNames(t, p12, pass); len(got) != 2 || got[0] != name || got[1] != name {
					t.Errorf("friendly names %q, want %q on the key and the certificate", got, name)
				}
				opensslReads(t, p12, pass, name)
			})
		}
	}
	if _, err := c.PKCS12(nil, nil, "x", "", CompatLegacy); err == nil {
		t.Error("empty passphrase accepted")
	}
}

// opensslReads checks that the openssl binary (OpenSSL 3, no -legacy) opens
// the file with the passphrase and finds the key, the certificate and the CA,
// and that it prints the friendly name for the key and the certificate.
func opensslReads(t *testing.T, p12 []byte, pass, name string) {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	f := filepath.Join(t.TempDir(), "c.p12")
	os.WriteFile(f, p12, 0o600)
	out, err := exec.Command(openssl, "pkcs12", "-info", "-in", f, "-passin", "pass:"+pass, "-nodes").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl pkcs12: %v\n%s", err, out)
	}
	s := string(out)
	if strings.Count(s, "BEGIN CERTIFICATE") != 2 || !strings.Contains(s, "PRIVATE KEY") {
		t.Errorf("openssl output lacks key or chain:\n%s", s)
	}
	checkOpenSSLFriendlyNames(t, s, name, 2)
	if out, err := exec.Command(openssl, "pkcs12", "-in", f, "-passin", "pass:nope", "-nodes").CombinedOutput(); err == nil {
		t.Errorf("openssl opened it with a wrong passphrase:\n%s", out)
	}
}

// checkOpenSSLFriendlyNames checks that the output of "openssl pkcs12 -info"
// has n friendlyName lines, all for name. OpenSSL (3.0 at least) prints a
// BMPString friendlyName one byte per UTF-16 unit, its low byte
// (apps/pkcs12.c: OPENSSL_uni2asc), so "山田 太郎" is printed as "q0 *\xce";
// either that or the name itself is accepted.
func checkOpenSSLFriendlyNames(t *testing.T, out, name string, n int) {
	t.Helper()
	low := make([]byte, 0, len(name))
	for _, u := range utf16.Encode([]rune(name)) {
		low = append(low, byte(u))
	}
	var got []string
	for _, line := range strings.Split(out, "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "friendlyName") {
			got = append(got, line)
		}
	}
	if len(got) != n {
		t.Fatalf("openssl printed %d friendlyName lines, want %d:\n%s", len(got), n, out)
	}
	for _, line := range got {
		if line != "friendlyName: "+name && line != "friendlyName: "+string(low) {
			t.Errorf("openssl printed %q, want %q (or %q)", line, "friendlyName: "+name, "friendlyName: "+string(low))
		}
	}
}

// friendlyNames returns the friendlyName of each bag of p12 that has one,
// as go-pkcs12 decodes them.
func friendlyNames(t *testing.T, p12 []byte, pass string) []string {
	t.Helper()
	blocks, err := pkcs12.ToPEM(p12, pass)
	if err != nil {
		t.Fatalf("ToPEM: %v", err)
	}
	var names []string
	for _, b := range blocks {
		if v, ok := b.Headers["friendlyName"]; ok {
			names = append(names, v)
		}
	}
	return names
}

// TestPKCS12FriendlyName: the friendly name goes on the key and the client
// certificate (not on the CA certificate); a character a BMPString cannot
// hold becomes U+FFFD instead of failing the issuance; no name, no
// attribute.
func TestPKCS12FriendlyName(t *testing.T) {
	c := testCA(t)
	key, _ := NewKey(ECDSAP256)
	cert, err := c.IssueClient(ClientRequest{CommonName: "u1", NotBefore: time.Now(), NotAfter: time.Now().AddDate(1, 0, 0), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	const pass = "pass-word-12345"
	for _, tc := range []struct{ name, in, want string }{
		{"ok/ascii", "Reception iPad", "Reception iPad"},
		{"ok/japanese", "受付 共用", "受付 共用"},
		{"ok/outside-bmp", "\U00020BB7田 太郎", "\uFFFD田 太郎"},
		{"ok/empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, compat := range []Compat{CompatLegacy, CompatModern} {
				p12, err := c.PKCS12(key, cert, tc.in, pass, compat)
				if err != nil {
					t.Fatalf("%s: %v", compat, err)
				}
				blocks, err := pkcs12.ToPEM(p12, pass)
				if err != nil {
					t.Fatal(err)
				}
				for _, b := range blocks {
					got, ok := b.Headers["friendlyName"]
					isCA := b.Type == "CERTIFICATE" && bytes.Equal(b.Bytes, c.Cert.Raw)
					switch {
					case isCA || tc.want == "":
						if ok {
							t.Errorf("%s: %s has friendlyName %q, want none", compat, b.Type, got)
						}
					case got != tc.want:
						t.Errorf("%s: %s friendlyName = %q, want %q", compat, b.Type, got, tc.want)
					}
				}
			}
		})
	}
}

// TestFriendlyName: what a BMPString cannot hold becomes U+FFFD, the rest
// (full-width and other BMP characters) is kept.
func TestFriendlyName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"山田 太郎", "山田 太郎"},
		{"Ａ～ｚ①㈱", "Ａ～ｚ①㈱"},
		{"\U0001F600 smile", "\uFFFD smile"},
		{"\U00020BB7\U00020BB7", "\uFFFD\uFFFD"},
		{"", ""},
	} {
		if got := friendlyName(tc.in); got != tc.want {
			t.Errorf("friendlyName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIssueClientDates(t *testing.T) {
	c := testCA(t)
	key, _ := NewKey(ECDSAP256)
	early := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	late := time.Date(9999, 12, 30, 23, 59, 59, 0, time.UTC)
	cert, err := c.IssueClient(ClientRequest{CommonName: "x", NotBefore: early, NotAfter: late, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if !cert.NotBefore.Equal(early) || !cert.NotAfter.Equal(late) {
		t.Errorf("dates %v %v", cert.NotBefore, cert.NotAfter)
	}
	if _, err := c.IssueClient(ClientRequest{CommonName: "x", NotBefore: late, NotAfter: early, Key: key}); err == nil {
		t.Error("reversed window accepted")
	}
}

func TestCRL(t *testing.T) {
	c := testCA(t)
	now := time.Now()
	revoked := []Revoked{{Serial: big.NewInt(0xabcdef), RevokedAt: now.Add(-time.Hour)}, {Serial: big.NewInt(42), RevokedAt: now}}
	p, err := c.CRL(revoked, 7, now)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(p)
	if block == nil || block.Type != "X509 CRL" {
		t.Fatalf("not a PEM CRL: %q", p)
	}
	crl, err := x509.ParseRevocationList(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if err := crl.CheckSignatureFrom(c.Cert); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if crl.Number.Int64() != 7 || len(crl.RevokedCertificateEntries) != 2 || crl.NextUpdate.Sub(now) < 29*24*time.Hour {
		t.Errorf("crl number=%v entries=%d next=%v", crl.Number, len(crl.RevokedCertificateEntries), crl.NextUpdate)
	}
	other := testCA(t)
	if err := crl.CheckSignatureFrom(other.Cert); err == nil {
		t.Error("CRL verifies against a foreign CA")
	}
	if openssl, err := exec.LookPath("openssl"); err == nil {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "crl.pem"), p, 0o644)
		os.WriteFile(filepath.Join(dir, "ca.pem"), c.CertPEM, 0o644)
		out, err := exec.Command(openssl, "crl", "-in", filepath.Join(dir, "crl.pem"), "-CAfile", filepath.Join(dir, "ca.pem"), "-noout", "-text").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "ABCDEF") {
			t.Errorf("openssl crl: %v\n%s", err, out)
		}
	}
}
