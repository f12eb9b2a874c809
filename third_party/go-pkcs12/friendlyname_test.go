// Sekisho fork: tests for EncodeWithFriendlyName (see FORK.md).

package pkcs12

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// friendlyNameChain returns a leaf key and certificate signed by a CA
// certificate, also returned.
func friendlyNameChain(t *testing.T) (crypto.Signer, *x509.Certificate, *x509.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "000419"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert, caCert
}

// TestEncodeWithFriendlyName: the key bag and the leaf certificate bag carry
// the name, the CA certificate bag does not, DecodeChain still reads the
// file, and openssl (when installed) prints the name for both bags.
func TestEncodeWithFriendlyName(t *testing.T) {
	key, cert, caCert := friendlyNameChain(t)
	const password = "pass-word-12345"
	encoders := []struct {
		name string
		enc  *Encoder
	}{{"LegacyRC2", LegacyRC2}, {"LegacyDES", LegacyDES}, {"Modern2023", Modern2023}}
	for _, e := range encoders {
		for _, name := range []string{"Sekisho test", "山田 太郎", "関所商事 Sekisho CA 2026-12-03"} {
			t.Run(e.name+"/"+name, func(t *testing.T) {
				pfx, err := e.enc.EncodeWithFriendlyName(key, cert, []*x509.Certificate{caCert}, password, name)
				if err != nil {
					t.Fatal(err)
				}
				gotKey, gotCert, gotCAs, err := DecodeChain(pfx, password)
				if err != nil {
					t.Fatalf("DecodeChain: %v", err)
				}
				if !gotCert.Equal(cert) || len(gotCAs) != 1 || !gotCAs[0].Equal(caCert) || !key.Public().(*ecdsa.PublicKey).Equal(gotKey.(*ecdsa.PrivateKey).Public()) {
					t.Error("DecodeChain gave back another key, certificate or chain")
				}
				bags, _, err := getSafeContents(pfx, mustBMP(t, password), 2, 2)
				if err != nil {
					t.Fatal(err)
				}
				want := bmpDER(name)
				named := 0
				for _, bag := range bags {
					isCA := bag.Id.Equal(oidCertBag) && bytes.Contains(bag.Value.Bytes, caCert.Raw)
					var got [][]byte
					for _, a := range bag.Attributes {
						if a.Id.Equal(oidFriendlyName) {
							got = append(got, a.Value.Bytes)
						}
					}
					switch {
					case isCA && len(got) > 0:
						t.Errorf("the CA certificate bag has friendlyName % x", got)
					case isCA:
					case len(got) != 1 || !bytes.Equal(got[0], want):
						t.Errorf("bag %v: friendlyName % x, want one: % x", bag.Id, got, want)
					default:
						named++
					}
				}
				if named != 2 {
					t.Errorf("%d bags carry the name, want 2 (key and leaf certificate)", named)
				}
				blocks, err := ToPEM(pfx, password)
				if err != nil {
					t.Fatalf("ToPEM: %v", err)
				}
				for _, b := range blocks {
					if got, ok := b.Headers["friendlyName"]; ok && got != name {
						t.Errorf("ToPEM: %s friendlyName = %q, want %q", b.Type, got, name)
					}
				}
				if e.enc != LegacyRC2 { // OpenSSL 3 opens RC2 only with -legacy
					opensslFriendlyNames(t, key, cert, pfx, password, name)
				}
			})
		}
	}
}

func mustBMP(t *testing.T, s string) []byte {
	t.Helper()
	b, err := bmpStringZeroTerminated(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bmpDER is the content of a friendlyName attribute's SET: name as a DER
// BMPString, UTF-16BE with no zero terminator, as EncodeTrustStoreEntries and
// OpenSSL write it.
func bmpDER(name string) []byte {
	var units []byte
	for _, u := range utf16.Encode([]rune(name)) {
		units = append(units, byte(u>>8), byte(u))
	}
	return append([]byte{0x1e, byte(len(units))}, units...) // short lengths only
}

// opensslFriendlyNames checks that "openssl pkcs12 -info" prints
// "friendlyName: ..." for the certificate bag and the key bag of pfx, and
// prints the same as for a file that openssl itself wrote with
// "pkcs12 -export -name", whose friendlyName attributes must also hold the
// very bytes EncodeWithFriendlyName wrote.
//
// OpenSSL up to at least 3.0 prints a BMPString friendlyName one byte per
// UTF-16 unit, the unit's low byte (apps/pkcs12.c print_attribs calls
// OPENSSL_uni2asc): "山田 太郎" comes out as "q0 *\xce". So the printed
// name is either the name or those low bytes.
func opensslFriendlyNames(t *testing.T, key crypto.Signer, cert *x509.Certificate, pfx []byte, password, name string) {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Log("openssl is not installed: skipping its check")
		return
	}
	dir := t.TempDir()
	info := func(file string) []string {
		t.Helper()
		out, err := exec.Command(openssl, "pkcs12", "-info", "-nodes", "-in", file, "-passin", "pass:"+password).CombinedOutput()
		if err != nil {
			t.Fatalf("openssl pkcs12 -info: %v\n%s", err, out)
		}
		var names []string
		for _, line := range strings.Split(string(out), "\n") {
			if line = strings.TrimSpace(line); strings.HasPrefix(line, "friendlyName") {
				names = append(names, line)
			}
		}
		return names
	}
	ours := filepath.Join(dir, "ours.p12")
	if err := os.WriteFile(ours, pfx, 0o600); err != nil {
		t.Fatal(err)
	}
	got := info(ours)
	lowBytes := make([]byte, 0, len(name))
	for _, u := range utf16.Encode([]rune(name)) {
		lowBytes = append(lowBytes, byte(u))
	}
	if len(got) != 2 || got[0] != got[1] || (got[0] != "friendlyName: "+name && got[0] != "friendlyName: "+string(lowBytes)) {
		t.Errorf("openssl printed %q, want twice %q (or its low bytes %q)", got, "friendlyName: "+name, "friendlyName: "+string(lowBytes))
	}
	t.Logf("openssl printed %q for %q", got, name)

	// The reference: the same key and certificate exported by openssl.
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyFile, certFile, ref := filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "ref.p12")
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600)
	if out, err := exec.Command(openssl, "pkcs12", "-export", "-in", certFile, "-inkey", keyFile, "-name", name,
		"-passout", "pass:"+password, "-out", ref).CombinedOutput(); err != nil {
		t.Fatalf("openssl pkcs12 -export: %v\n%s", err, out)
	}
	if want := info(ref); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("openssl printed %q for our file, %q for its own", got, want)
	}
	refPFX, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	bags, _, err := getSafeContents(refPFX, mustBMP(t, password), 1, 2)
	if err != nil {
		t.Fatalf("reading openssl's file: %v", err)
	}
	for _, bag := range bags {
		for _, a := range bag.Attributes {
			if a.Id.Equal(oidFriendlyName) && !bytes.Equal(a.Value.Bytes, bmpDER(name)) {
				t.Errorf("openssl wrote friendlyName % x, we write % x", a.Value.Bytes, bmpDER(name))
			}
		}
	}
}

// TestEncodeWithFriendlyNameEmpty: an empty name adds no attribute, and
// Encode is EncodeWithFriendlyName with an empty name.
func TestEncodeWithFriendlyNameEmpty(t *testing.T) {
	key, cert, caCert := friendlyNameChain(t)
	const password = "pass-word-12345"
	for _, encode := range []func() ([]byte, error){
		func() ([]byte, error) {
			return Modern2023.EncodeWithFriendlyName(key, cert, []*x509.Certificate{caCert}, password, "")
		},
		func() ([]byte, error) { return Modern2023.Encode(key, cert, []*x509.Certificate{caCert}, password) },
	} {
		pfx, err := encode()
		if err != nil {
			t.Fatal(err)
		}
		blocks, err := ToPEM(pfx, password)
		if err != nil {
			t.Fatal(err)
		}
		if len(blocks) != 3 {
			t.Fatalf("%d PEM blocks, want 3", len(blocks))
		}
		for _, b := range blocks {
			if v, ok := b.Headers["friendlyName"]; ok {
				t.Errorf("%s bag: friendlyName %q without a name", b.Type, v)
			}
		}
		if _, ok := blocks[0].Headers["localKeyId"]; !ok {
			t.Error("the leaf certificate lost its localKeyId")
		}
	}
}

// TestEncodeWithFriendlyNameOutsideBMP: a BMPString cannot hold a character
// outside the Basic Multilingual Plane (U+20BB7 here), so such a name is an
// error, as in EncodeTrustStoreEntries.
func TestEncodeWithFriendlyNameOutsideBMP(t *testing.T) {
	key, cert, _ := friendlyNameChain(t)
	if _, err := Modern2023.EncodeWithFriendlyName(key, cert, nil, "pass-word-12345", "\U00020BB7田 太郎"); err == nil {
		t.Error("a name outside the BMP was encoded")
	}
}
