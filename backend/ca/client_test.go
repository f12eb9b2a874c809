package ca

import (
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
				const pass = "abcde-fghij-kmnpq"
				p12, err := c.PKCS12(key, cert, pass, compat)
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
				opensslReads(t, p12, pass)
			})
		}
	}
	if _, err := c.PKCS12(nil, nil, "", CompatLegacy); err == nil {
		t.Error("empty passphrase accepted")
	}
}

// opensslReads checks that the openssl binary (OpenSSL 3, no -legacy) opens
// the file with the passphrase and finds the key, the certificate and the CA.
func opensslReads(t *testing.T, p12 []byte, pass string) {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	f := filepath.Join(t.TempDir(), "c.p12")
	os.WriteFile(f, p12, 0o600)
	out, err := exec.Command(openssl, "pkcs12", "-in", f, "-passin", "pass:"+pass, "-nodes").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl pkcs12: %v\n%s", err, out)
	}
	s := string(out)
	if strings.Count(s, "BEGIN CERTIFICATE") != 2 || !strings.Contains(s, "PRIVATE KEY") {
		t.Errorf("openssl output lacks key or chain:\n%s", s)
	}
	if out, err := exec.Command(openssl, "pkcs12", "-in", f, "-passin", "pass:nope", "-nodes").CombinedOutput(); err == nil {
		t.Errorf("openssl opened it with a wrong passphrase:\n%s", out)
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
