package ca

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"strings"

	"software.sslmate.com/src/go-pkcs12"
)

// Compat selects the PKCS#12 encryption.
type Compat string

// PKCS#12 encodings. Legacy (3DES + SHA-1 MAC) is the default because AES
// PKCS#12 fails with a misleading "wrong password" on Android ≤13, iOS ≤17,
// macOS 12–14 and Windows before 10 1709 (BUILD-NOTES.md); Modern is
// AES-256-CBC with PBKDF2-SHA256 for fleets that are all current.
const (
	CompatLegacy Compat = "legacy"
	CompatModern Compat = "modern"
)

// Valid reports whether c is a known encoding.
func (c Compat) Valid() bool { return c == CompatLegacy || c == CompatModern }

// PKCS12 encodes key and cert, with the CA certificate, encrypted with
// passphrase. An empty passphrase is refused: macOS and iOS disagree on its
// encoding.
func (c *CA) PKCS12(key crypto.Signer, cert *x509.Certificate, passphrase string, compat Compat) ([]byte, error) {
	if passphrase == "" {
		return nil, errors.New("ca: PKCS#12 needs a passphrase")
	}
	enc := pkcs12.LegacyDES
	if compat == CompatModern {
		enc = pkcs12.Modern2023
	}
	return enc.Encode(key, cert, []*x509.Certificate{c.Cert}, passphrase)
}

// ProfileOwner names who a configuration profile belongs to: a renewal for the
// same owner gets the same PayloadIdentifier, so iOS replaces the old profile
// instead of installing a second one.
type ProfileOwner struct {
	// Key is stable per owner: "user:<code>" or "shared:<name>".
	Key         string
	DisplayName string
	Org         string
}

// MobileConfig returns an unsigned iOS/macOS configuration profile holding
// the PKCS#12 identity (without its password: iOS asks for it) and the root
// CA (application/x-apple-aspen-config).
func (c *CA) MobileConfig(p12 []byte, filename string, owner ProfileOwner) []byte {
	base := "jp.sekisho." + shortHash(c.Cert.Raw) + "." + shortHash([]byte(owner.Key))
	org := owner.Org
	if org == "" {
		org = "Sekisho"
	}
	rootName := c.Cert.Subject.CommonName
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadCertificateFileName</key>
			<string>` + esc(filename) + `</string>
			<key>PayloadContent</key>
			<data>` + base64.StdEncoding.EncodeToString(p12) + `</data>
			<key>PayloadDescription</key>
			<string>Client certificate / クライアント証明書</string>
			<key>PayloadDisplayName</key>
			<string>` + esc(owner.DisplayName) + `</string>
			<key>PayloadIdentifier</key>
			<string>` + base + `.identity</string>
			<key>PayloadType</key>
			<string>com.apple.security.pkcs12</string>
			<key>PayloadUUID</key>
			<string>` + uuidFrom(base+".identity", p12) + `</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
		<dict>
			<key>PayloadCertificateFileName</key>
			<string>cacert.cer</string>
			<key>PayloadContent</key>
			<data>` + base64.StdEncoding.EncodeToString(c.Cert.Raw) + `</data>
			<key>PayloadDescription</key>
			<string>Root certificate / ルート証明書</string>
			<key>PayloadDisplayName</key>
			<string>` + esc(rootName) + `</string>
			<key>PayloadIdentifier</key>
			<string>` + base + `.root</string>
			<key>PayloadType</key>
			<string>com.apple.security.root</string>
			<key>PayloadUUID</key>
			<string>` + uuidFrom(base+".root", c.Cert.Raw) + `</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
	</array>
	<key>PayloadDescription</key>
	<string>` + esc(org) + ` — Sekisho</string>
	<key>PayloadDisplayName</key>
	<string>` + esc(org+" "+owner.DisplayName) + `</string>
	<key>PayloadIdentifier</key>
	<string>` + base + `</string>
	<key>PayloadOrganization</key>
	<string>` + esc(org) + `</string>
	<key>PayloadRemovalDisallowed</key>
	<false/>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>` + uuidFrom(base, p12) + `</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
`)
	return []byte(b.String())
}

func esc(s string) string { return html.EscapeString(s) }

func shortHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// uuidFrom derives a version-4-shaped UUID from name and content, so the same
// file always carries the same UUIDs.
func uuidFrom(name string, content []byte) string {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write(content)
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x40
	s[8] = s[8]&0x3f | 0x80
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16]))
}
