package boot

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"testing"

	"sekisho/app"

	"software.sslmate.com/src/go-pkcs12"
)

// profileIdentifier is a configuration profile's top-level
// PayloadIdentifier (the last one in the plist).
func profileIdentifier(t *testing.T, s *app.Services, id string) string {
	t.Helper()
	f, err := s.Certs.Download(app.DownloadRequest{ID: id, Format: "mobileconfig"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := base64.StdEncoding.DecodeString(f.DataBase64)
	m := regexp.MustCompile(`<key>PayloadIdentifier</key>\s*<string>([^<]*)</string>`).FindAllSubmatch(b, -1)
	if len(m) == 0 {
		t.Fatal("no PayloadIdentifier")
	}
	return string(m[len(m)-1][1])
}

// TestRenewedSharedProfileKeepsIdentifier: a renewed shared certificate
// gets a new name, but its configuration profile keeps the first one's
// PayloadIdentifier, so iOS replaces the old profile instead of keeping
// both; another shared certificate gets another identifier.
func TestRenewedSharedProfileKeepsIdentifier(t *testing.T) {
	_, s, _ := startWithServices(t)
	first, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Sales", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	renewed, err := s.Certs.Renew(app.RenewRequest{ID: first.Cert.ID, Name: "Sales2027"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Certs.Renew(app.RenewRequest{ID: renewed.Cert.ID, Name: "Sales2028"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Office", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	id := profileIdentifier(t, s, first.Cert.ID)
	for name, c := range map[string]app.IssuedCert{"renewed": renewed, "renewed twice": again} {
		if got := profileIdentifier(t, s, c.Cert.ID); got != id {
			t.Errorf("%s: identifier %s, first %s", name, got, id)
		}
	}
	if profileIdentifier(t, s, other.Cert.ID) == id {
		t.Error("another shared certificate has the same identifier")
	}
	// The first one deleted (a usual clean-up): the renewed ones' profiles
	// still download, with the same identifier.
	if _, err := s.Certs.Delete(app.DeleteRequest{ID: first.Cert.ID, Confirm: true}); err != nil {
		t.Fatal(err)
	}
	if got := profileIdentifier(t, s, again.Cert.ID); got != id {
		t.Errorf("after deleting the first: identifier %s, want %s", got, id)
	}
}

// OIDs of the PKCS#12 encryptions, DER-encoded.
var (
	oid3DES  = []byte{0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03} // pbeWithSHAAnd3-KeyTripleDES-CBC
	oidPBES2 = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d}       // PBES2 (AES)
)

// TestModernCompatKeepsIOSProfile3DES: with pkcs12Compat "modern" the .p12
// is AES-encrypted, but the configuration profile carries a 3DES encoding
// (iOS 17 and older cannot open AES) of the same certificate, opened by the
// same passphrase.
func TestModernCompatKeepsIOSProfile3DES(t *testing.T) {
	_, s, _ := startWithServices(t)
	if _, err := s.Settings.Update(app.SettingsUpdate{PKCS12Compat: ptr(app.Pkcs12Compat("modern"))}); err != nil {
		t.Fatal(err)
	}
	is, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Modern", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Certs.Download(app.DownloadRequest{ID: is.Cert.ID, Format: "p12"})
	if err != nil {
		t.Fatal(err)
	}
	p12, _ := base64.StdEncoding.DecodeString(f.DataBase64)
	if !bytes.Contains(p12, oidPBES2) || bytes.Contains(p12, oid3DES) {
		t.Error("the .p12 is not AES-only with pkcs12Compat modern")
	}
	f, err = s.Certs.Download(app.DownloadRequest{ID: is.Cert.ID, Format: "mobileconfig"})
	if err != nil {
		t.Fatal(err)
	}
	profile, _ := base64.StdEncoding.DecodeString(f.DataBase64)
	m := regexp.MustCompile(`<key>PayloadContent</key>\s*<data>([^<]*)</data>`).FindSubmatch(profile)
	if m == nil {
		t.Fatal("no PKCS#12 in the profile")
	}
	inner, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(m[1]), nil)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(inner, oid3DES) || bytes.Contains(inner, oidPBES2) {
		t.Error("the profile's PKCS#12 is not 3DES")
	}
	_, cert, _, err := pkcs12.DecodeChain(inner, is.Passphrase)
	if err != nil || cert.Subject.CommonName != "Modern" {
		t.Errorf("the profile's PKCS#12 with the passphrase: %v", err)
	}
}
