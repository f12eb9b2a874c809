package httpapi_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"sekisho/app"
	"sekisho/backend/store"

	"howett.net/plist"
	"software.sslmate.com/src/go-pkcs12"
)

func TestCertsBothTransports(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			// ECDSA keeps the test fast; RSA is covered in backend/ca.
			must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256"}`, nil)

			var is app.IssuedCert
			must(t, call, "Certs.IssueShared", `{"name":"Sales1","enabled":true}`, &is)
			if is.Cert.Kind != "shared" || is.Cert.State != "valid" || len(is.Passphrase) < 25 || is.Cert.Serial != strings.ToLower(is.Cert.Serial) {
				t.Fatalf("issued %+v", is)
			}
			today := time.Now().Format("2006-01-02")
			if is.Cert.NotBefore != today || is.Cert.NotAfter != time.Now().AddDate(1, 0, -1).Format("2006-01-02") {
				t.Errorf("default window %s..%s", is.Cert.NotBefore, is.Cert.NotAfter)
			}
			expect(t, call, "Certs.IssueShared", `{"name":"sales1","enabled":true}`, "conflict")
			expect(t, call, "Certs.IssueShared", `{"name":"営業部","enabled":true}`, "invalid")
			expect(t, call, "Certs.IssueShared", `{"name":"ABCDEFGHIJKLMNOPQRSTU","enabled":true}`, "invalid")
			expect(t, call, "Certs.IssueShared", `{"name":"X1","notBefore":"1899-12-31","enabled":true}`, "invalid")
			expect(t, call, "Certs.IssueShared", `{"name":"X1","notAfter":"9999-12-31","enabled":true}`, "invalid")
			expect(t, call, "Certs.IssueShared", `{"name":"X1","notBefore":"2026-02-30","enabled":true}`, "invalid")
			expect(t, call, "Certs.IssueShared", `{"name":"X1","notBefore":"2027-01-01","notAfter":"2026-01-01","enabled":true}`, "invalid")

			// The stored file opens with the shown passphrase, and only with it.
			var file app.FileResult
			must(t, call, "Certs.Download", `{"id":"`+is.Cert.ID+`","format":"p12"}`, &file)
			p12, _ := base64.StdEncoding.DecodeString(file.DataBase64)
			if _, cert, _, err := pkcs12.DecodeChain(p12, is.Passphrase); err != nil || cert.Subject.CommonName != "Sales1" {
				t.Fatalf("stored p12: %v", err)
			}
			must(t, call, "Certs.Download", `{"id":"`+is.Cert.ID+`","format":"mobileconfig"}`, &file)
			if !strings.HasSuffix(file.Filename, ".mobileconfig") {
				t.Errorf("filename %s", file.Filename)
			}
			expect(t, call, "Certs.Download", `{"id":"`+is.Cert.ID+`","format":"pdf"}`, "invalid")

			// Narrow, disable, refuse to widen.
			var c app.Cert
			must(t, call, "Certs.Update", `{"id":"`+is.Cert.ID+`","notAfter":"`+time.Now().AddDate(0, 1, 0).Format("2006-01-02")+`","enabled":false}`, &c)
			if c.State != "disabled" || c.Enabled {
				t.Errorf("after update %+v", c)
			}
			expect(t, call, "Certs.Update", `{"id":"`+is.Cert.ID+`","notAfter":"`+time.Now().AddDate(2, 0, 0).Format("2006-01-02")+`"}`, "invalid")

			// Renew: a shared successor needs its own name.
			var renewed app.IssuedCert
			expect(t, call, "Certs.Renew", `{"id":"`+is.Cert.ID+`"}`, "invalid")
			must(t, call, "Certs.Renew", `{"id":"`+is.Cert.ID+`","name":"Sales2"}`, &renewed)
			if renewed.Cert.PredecessorID != is.Cert.ID || renewed.Cert.NotBefore > c.NotAfter {
				t.Errorf("renewed %+v", renewed.Cert)
			}
			must(t, call, "Certs.Get", `{"id":"`+is.Cert.ID+`"}`, &c)
			if c.SuccessorID != renewed.Cert.ID {
				t.Errorf("successor %q, want %q", c.SuccessorID, renewed.Cert.ID)
			}

			// Revoke asks for confirmation, then lands in the CRL.
			expect(t, call, "Certs.Revoke", `{"id":"`+is.Cert.ID+`","reason":"lost"}`, "confirm")
			must(t, call, "Certs.Revoke", `{"id":"`+is.Cert.ID+`","reason":"lost","confirm":true}`, &c)
			if c.State != "revoked" || c.RevokeReason != "lost" {
				t.Errorf("revoked %+v", c)
			}
			expect(t, call, "Certs.Revoke", `{"id":"`+is.Cert.ID+`","confirm":true}`, "conflict")
			crlHas(t, f, is.Cert.Serial)

			expect(t, call, "Certs.Delete", `{"id":"`+renewed.Cert.ID+`"}`, "confirm")
			must(t, call, "Certs.Delete", `{"id":"`+renewed.Cert.ID+`","confirm":true}`, nil)
			expect(t, call, "Certs.Get", `{"id":"`+renewed.Cert.ID+`"}`, "not_found")
			crlHas(t, f, renewed.Cert.Serial)

			var page app.CertPage
			must(t, call, "Certs.List", `{"state":"revoked"}`, &page)
			if page.Total != 1 {
				t.Errorf("revoked list total %d (deleted certs must not be listed)", page.Total)
			}
			expect(t, call, "Certs.List", `{"state":"broken"}`, "invalid")
			var info app.CAInfo
			must(t, call, "Certs.CA", `{}`, &info)
			if !strings.Contains(info.PEM, "BEGIN CERTIFICATE") || len(info.Fingerprint) != 95 {
				t.Errorf("CA %+v", info)
			}
		})
	}
}

func crlHas(t *testing.T, f *fixture, serial string) {
	t.Helper()
	block, _ := pem.Decode(f.env.CRL())
	crl, err := x509.ParseRevocationList(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if err := crl.CheckSignatureFrom(f.env.CA().Cert); err != nil {
		t.Fatal(err)
	}
	for _, e := range crl.RevokedCertificateEntries {
		if fmt.Sprintf("%x", e.SerialNumber) == strings.TrimLeft(serial, "0") {
			return
		}
	}
	t.Errorf("serial %s not in the CRL", serial)
}

func TestIssuePersonalBulk(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256"}`, nil)
			var ids []string
			for i := 0; i < 5; i++ {
				var u app.User
				must(t, call, "Users.Create", fmt.Sprintf(`{"code":"u%d","name":"User %d","email":"u%d@example.co.jp"}`, i, i, i), &u)
				ids = append(ids, `"`+u.ID+`"`)
			}
			req := `{"userIds":[` + strings.Join(ids, ",") + `],"enabled":true}`
			var res app.IssuedPersonal
			must(t, call, "Certs.IssuePersonal", req, &res)
			if len(res.Items) != 5 {
				t.Fatalf("items %d", len(res.Items))
			}
			zipData, _ := base64.StdEncoding.DecodeString(res.Zip)
			zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, zf := range zr.File {
				rc, _ := zf.Open()
				files[zf.Name], _ = io.ReadAll(rc)
				rc.Close()
			}
			for i, it := range res.Items {
				code := fmt.Sprintf("u%d", i)
				if it.Cert.UserCode != code || it.Cert.Kind != "personal" {
					t.Errorf("item %d = %+v", i, it.Cert)
				}
				if raw := string(files[code+"/password.txt"]); !strings.HasSuffix(raw, "\n") || strings.Contains(raw, "\r") {
					t.Errorf("%s: password.txt %q: want one line ending in LF", code, raw)
				}
				pass := strings.TrimSpace(string(files[code+"/password.txt"]))
				if pass != it.Passphrase {
					t.Errorf("%s: password.txt %q, want %q", code, pass, it.Passphrase)
				}
				if _, cert, _, err := pkcs12.DecodeChain(files[code+"/"+code+".p12"], pass); err != nil || cert.Subject.CommonName != code || cert.EmailAddresses[0] != code+"@example.co.jp" {
					t.Errorf("%s: p12 in zip: %v", code, err)
				}
			}
			// Reissue with revocation of the existing ones.
			must(t, call, "Certs.IssuePersonal", `{"userIds":[`+ids[0]+`],"enabled":true,"revokeExisting":true}`, &res)
			var page app.CertPage
			must(t, call, "Certs.List", `{"kind":"personal","state":"revoked"}`, &page)
			if page.Total != 1 {
				t.Errorf("revoked after reissue: %d", page.Total)
			}
			expect(t, call, "Certs.IssuePersonal", `{"userIds":["999"],"enabled":true}`, "not_found")
			expect(t, call, "Certs.IssuePersonal", `{"userIds":[],"enabled":true}`, "invalid")
		})
	}
}

// TestIssueCancel cancels a bulk RSA issuance midway: nothing is stored.
func TestIssueCancel(t *testing.T) {
	f := newFixture(t)
	var ids []string
	for i := 0; i < 40; i++ {
		u, err := f.services.Users.Create(app.UserCreateRequest{Code: fmt.Sprintf("c%d", i), Name: "C"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	done := make(chan error, 1)
	go func() {
		_, err := f.services.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: ids, Enabled: true, KeyAlgorithm: "rsa2048", JobID: "job-1"})
		done <- err
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		p, _ := f.services.Certs.Progress(app.JobRequest{JobID: "job-1"})
		if p.Known && p.Done > 0 {
			if p.Total != 40 {
				t.Errorf("total %d", p.Total)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no progress")
		}
		time.Sleep(5 * time.Millisecond)
	}
	f.services.Certs.Cancel(app.JobRequest{JobID: "job-1"})
	err := <-done
	if err == nil || !strings.Contains(err.Error(), `"code":"conflict"`) {
		t.Fatalf("cancelled issuance returned %v", err)
	}
	_, total, _ := f.db.ListCerts(context.Background(), store.CertFilter{})
	if total != 0 {
		t.Errorf("%d certificates stored by a cancelled issuance", total)
	}
	p, _ := f.services.Certs.Progress(app.JobRequest{JobID: "job-1"})
	if !p.Finished {
		t.Error("job not marked finished")
	}
}

// TestIssuedFriendlyNames: every PKCS#12 Sekisho issues carries a friendly
// name on the key and the client certificate, the name the Windows
// certificate store, macOS Keychain, Android and keytool list it by: the
// user's name for a personal certificate, the certificate's name for a shared
// one. With pkcs12Compat "modern" the 3DES copy in the iOS profile has it
// too, and so have the bulk zip's files and a renewal's.
func TestIssuedFriendlyNames(t *testing.T) {
	f := newFixture(t)
	call := transports(f)["wails"]
	must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256","pkcs12Compat":"modern"}`, nil)
	var u app.User
	must(t, call, "Users.Create", `{"code":"000419","name":"山田 太郎","email":"yamada@example.co.jp"}`, &u)

	var bulk app.IssuedPersonal
	must(t, call, "Certs.IssuePersonal", `{"userIds":["`+u.ID+`"],"enabled":true}`, &bulk)
	zipData, _ := base64.StdEncoding.DecodeString(bulk.Zip)
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, ".p12") {
			rc, _ := zf.Open()
			p12, _ := io.ReadAll(rc)
			rc.Close()
			checkFriendlyName(t, "zip "+zf.Name, p12, bulk.Items[0].Passphrase, "山田 太郎")
		}
	}
	checkDownloads(t, call, bulk.Items[0], "山田 太郎")

	var renewed app.IssuedCert
	must(t, call, "Certs.Renew", `{"id":"`+bulk.Items[0].Cert.ID+`"}`, &renewed)
	checkDownloads(t, call, renewed, "山田 太郎")

	var shared app.IssuedCert
	must(t, call, "Certs.IssueShared", `{"name":"Sales1","enabled":true}`, &shared)
	checkDownloads(t, call, shared, "Sales1")
}

// checkDownloads checks the friendly name of a certificate's .p12 and of
// the PKCS#12 inside its configuration profile (the 3DES one for iOS).
func checkDownloads(t *testing.T, call transport, is app.IssuedCert, want string) {
	t.Helper()
	var file app.FileResult
	must(t, call, "Certs.Download", `{"id":"`+is.Cert.ID+`","format":"p12"}`, &file)
	p12, _ := base64.StdEncoding.DecodeString(file.DataBase64)
	checkFriendlyName(t, is.Cert.Name+".p12", p12, is.Passphrase, want)

	must(t, call, "Certs.Download", `{"id":"`+is.Cert.ID+`","format":"mobileconfig"}`, &file)
	data, _ := base64.StdEncoding.DecodeString(file.DataBase64)
	var profile struct {
		PayloadContent []struct {
			PayloadType    string
			PayloadContent []byte
		}
	}
	if _, err := plist.Unmarshal(data, &profile); err != nil {
		t.Fatalf("%s.mobileconfig: %v", is.Cert.Name, err)
	}
	found := false
	for _, p := range profile.PayloadContent {
		if p.PayloadType == "com.apple.security.pkcs12" {
			found = true
			checkFriendlyName(t, is.Cert.Name+".mobileconfig", p.PayloadContent, is.Passphrase, want)
		}
	}
	if !found {
		t.Errorf("%s.mobileconfig holds no PKCS#12", is.Cert.Name)
	}
}

// checkFriendlyName checks that the key and the certificate of p12 carry
// the friendly name want and the CA certificate none, as go-pkcs12 reads
// them and as "openssl pkcs12 -info" prints them (when openssl is
// installed). OpenSSL (3.0 at least) prints a BMPString one byte per UTF-16
// unit, its low byte, so "山田 太郎" comes out as "q0 *\xce"; that form is
// accepted as well as the name itself.
func checkFriendlyName(t *testing.T, what string, p12 []byte, pass, want string) {
	t.Helper()
	blocks, err := pkcs12.ToPEM(p12, pass)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var names []string
	for _, b := range blocks {
		if v, ok := b.Headers["friendlyName"]; ok {
			names = append(names, b.Type+": "+v)
		}
	}
	if wantNames := []string{"CERTIFICATE: " + want, "PRIVATE KEY: " + want}; strings.Join(names, "\n") != strings.Join(wantNames, "\n") {
		t.Errorf("%s: friendly names %q, want %q", what, names, wantNames)
	}
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		return
	}
	file := filepath.Join(t.TempDir(), "c.p12")
	if err := os.WriteFile(file, p12, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(openssl, "pkcs12", "-info", "-nodes", "-in", file, "-passin", "pass:"+pass).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: openssl pkcs12 -info: %v\n%s", what, err, out)
	}
	low := make([]byte, 0, len(want))
	for _, u := range utf16.Encode([]rune(want)) {
		low = append(low, byte(u))
	}
	var printed []string
	for _, line := range strings.Split(string(out), "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "friendlyName") {
			printed = append(printed, line)
		}
	}
	if len(printed) != 2 {
		t.Errorf("%s: openssl printed %q, want 2 friendlyName lines", what, printed)
	}
	for _, line := range printed {
		if line != "friendlyName: "+want && line != "friendlyName: "+string(low) {
			t.Errorf("%s: openssl printed %q, want %q (or %q)", what, line, "friendlyName: "+want, "friendlyName: "+string(low))
		}
	}
}
