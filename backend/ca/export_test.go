package ca

import (
	"crypto"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"sekisho/backend/secret"
)

// TestExportSealed: the export opens with its passphrase to the CA
// certificate and the key that belongs to it; a short passphrase and a
// wrong seal key are refused.
func TestExportSealed(t *testing.T) {
	c, sealed, sealKey := sealedCA(t, "関所商事", time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC))
	const pass = "move-to-step-ca-2026"
	p12, err := ExportSealed(c.CertPEM, sealed, sealKey, pass)
	if err != nil {
		t.Fatal(err)
	}
	key, cert, _, err := pkcs12.DecodeChain(p12, pass)
	if err != nil {
		t.Fatal(err)
	}
	if Fingerprint(cert) != c.Fingerprint() {
		t.Errorf("exported certificate %s, want %s", Fingerprint(cert), c.Fingerprint())
	}
	pub, ok := key.(crypto.Signer).Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(c.Cert.PublicKey) {
		t.Error("the exported key does not match the CA certificate")
	}
	// Key stores list the import under the CA's name.
	name := c.Cert.Subject.CommonName
	if got := friendlyNames(t, p12, pass); len(got) != 2 || got[0] != name || got[1] != name {
		t.Errorf("friendly names %q, want %q on the key and the certificate", got, name)
	}
	if openssl, err := exec.LookPath("openssl"); err == nil {
		f := filepath.Join(t.TempDir(), "ca.p12")
		os.WriteFile(f, p12, 0o600)
		out, err := exec.Command(openssl, "pkcs12", "-info", "-nodes", "-in", f, "-passin", "pass:"+pass).CombinedOutput()
		if err != nil {
			t.Fatalf("openssl pkcs12: %v\n%s", err, out)
		}
		checkOpenSSLFriendlyNames(t, string(out), name, 2)
	}
	if _, _, _, err := pkcs12.DecodeChain(p12, pass+"x"); err == nil {
		t.Error("another passphrase opened the export")
	}
	if _, err := ExportSealed(c.CertPEM, sealed, sealKey, "elevenchars"); !errors.Is(err, ErrShortExportPassphrase) {
		t.Errorf("short passphrase: err = %v", err)
	}
	other, _ := secret.NewKey()
	if _, err := ExportSealed(c.CertPEM, sealed, other, pass); !errors.Is(err, secret.ErrOpen) {
		t.Errorf("another seal key: err = %v, want secret.ErrOpen", err)
	}
}
