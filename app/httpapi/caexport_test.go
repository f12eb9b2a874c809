package httpapi_test

import (
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/ca"
	"sekisho/backend/config"
	"sekisho/backend/engine"
)

// TestCertsExportCA: Certs.ExportCA over both transports refuses a short
// passphrase and, without confirm, answers 409 "confirm" with the reason;
// with both it gives a PKCS#12 that openssl opens with the passphrase to the
// running CA's certificate and the private key that belongs to it, both
// named (friendlyName) after the CA.
func TestCertsExportCA(t *testing.T) {
	const pass = "move-to-step-ca-2026"
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[tr]

			e := wantInvalid(t, f, tr, "Certs.ExportCA", `{"passphrase":"elevenchars","confirm":true}`, "passphrase")
			if !strings.Contains(e.Message, "12") {
				t.Errorf("short passphrase: message %q does not give the minimum", e.Message)
			}
			wantInvalid(t, f, tr, "Certs.ExportCA", `{"confirm":true}`, "passphrase")
			wantInvalid(t, f, tr, "Certs.ExportCA", `{"passphrase":"twelve chars\nand more","confirm":true}`, "passphrase")
			e = callErr(t, f, tr, "Certs.ExportCA", `{"passphrase":"`+pass+`"}`)
			if e.Code != "confirm" || (tr == "http" && e.Status != 409) || !strings.Contains(e.Message, "every device trusts") {
				t.Errorf("without confirm: %+v, want 409 confirm saying why", e)
			}
			if tr == "http" {
				_, ja := f.post(t, "Certs.ExportCA", `{"passphrase":"`+pass+`"}`, token, "ja")
				if !strings.Contains(string(ja), "すべての端末が信頼する") {
					t.Errorf("Japanese confirm %s", ja)
				}
			}

			var res app.FileResult
			must(t, call, "Certs.ExportCA", `{"passphrase":"`+pass+`","confirm":true}`, &res)
			if !strings.HasPrefix(res.Filename, "sekisho-ca-") || !strings.HasSuffix(res.Filename, ".p12") {
				t.Errorf("filename %q", res.Filename)
			}
			// The export is an admin action in the history.
			var hist app.HistoryPage
			must(t, call, "History.List", `{"targetType":"ca"}`, &hist)
			if len(hist.Items) == 0 || hist.Items[0].Action != "ca.export" || hist.Items[0].Target != res.Filename {
				t.Errorf("history after the export: %+v", hist.Items)
			}
			data, err := base64.StdEncoding.DecodeString(res.DataBase64)
			if err != nil || len(data) == 0 {
				t.Fatalf("dataBase64: %d bytes, %v", len(data), err)
			}
			if strings.Contains(string(data), "PRIVATE KEY") {
				t.Error("the export holds a PEM key in clear")
			}
			checkWithOpenSSL(t, data, pass, f.env.CA().Fingerprint())
			// Key stores list the import under the CA's name.
			checkFriendlyName(t, "CA export", data, pass, f.env.CA().Cert.Subject.CommonName)
		})
	}
}

// checkWithOpenSSL opens p12 with the openssl command (skipped when it is
// not installed) and checks the certificate's fingerprint and that the key
// matches it.
func checkWithOpenSSL(t *testing.T, p12 []byte, pass, fingerprint string) {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	file := filepath.Join(t.TempDir(), "ca.p12")
	if err := os.WriteFile(file, p12, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "pkcs12", "-in", file, "-passin", "pass:"+pass+"x", "-nodes").CombinedOutput(); err == nil {
		t.Errorf("openssl opened the export with another passphrase: %s", out)
	}
	out, err := exec.Command(bin, "pkcs12", "-in", file, "-passin", "pass:"+pass, "-nodes").Output()
	if err != nil {
		t.Fatalf("openssl pkcs12: %v", err)
	}
	var cert *x509.Certificate
	var key crypto.Signer
	for rest := out; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		switch b.Type {
		case "CERTIFICATE":
			if cert, err = x509.ParseCertificate(b.Bytes); err != nil {
				t.Fatal(err)
			}
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			key = k.(crypto.Signer)
		}
	}
	if cert == nil || key == nil {
		t.Fatalf("openssl output has no certificate or no key:\n%s", out)
	}
	if got := ca.Fingerprint(cert); got != fingerprint {
		t.Errorf("exported certificate %s, the engine's CA is %s", got, fingerprint)
	}
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.PublicKey) {
		t.Error("the exported key does not match the CA certificate")
	}
}

// TestDashboardCAExpiry: System.Dashboard's ca gives the CA's end and the
// days left; with the clock moved to 100 days before the end, it warns.
func TestDashboardCAExpiry(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	f := newFixtureWith(t, func(_ *config.Config, o *engine.Options) {
		o.Now = func() time.Time { return time.Unix(0, clock.Load()) }
	})
	call := transports(f)["http"]
	notAfter := f.env.CA().Cert.NotAfter

	var d app.Dashboard
	must(t, call, "System.Dashboard", `{}`, &d)
	if d.CA.NotAfter != notAfter.UTC().Format(time.RFC3339) || d.CA.Warn || d.CA.DaysLeft < 7000 {
		t.Errorf("new CA: %+v (ends %s)", d.CA, notAfter)
	}

	clock.Store(notAfter.Add(-100*24*time.Hour - time.Hour).UnixNano())
	d = app.Dashboard{}
	must(t, call, "System.Dashboard", `{}`, &d)
	if !d.CA.Warn || d.CA.DaysLeft != 100 {
		t.Errorf("100 days before the end: %+v", d.CA)
	}
}

// TestDashboardCAPage: the QR code phones scan to install the root opens
// the plain-HTTP download listener (no certificate warning), or the portal
// when everything stays on HTTPS.
func TestDashboardCAPage(t *testing.T) {
	f := newFixture(t)
	call := transports(f)["http"]
	var d app.Dashboard
	must(t, call, "System.Dashboard", `{}`, &d)
	if d.Server.DownloadURL == "" || d.Server.CAPageURL != d.Server.DownloadURL || !strings.HasPrefix(d.Server.CAPageURL, "http://") || d.Server.PortalQRPng == "" {
		t.Errorf("server %+v", d.Server)
	}
	must(t, call, "Settings.Update", `{"downloadsHttpsOnly":true,"confirm":true}`, nil)
	d = app.Dashboard{}
	must(t, call, "System.Dashboard", `{}`, &d)
	if d.Server.CAPageURL != d.Server.PortalURL {
		t.Errorf("HTTPS only: the CA page is %q, want the portal %q", d.Server.CAPageURL, d.Server.PortalURL)
	}
}
