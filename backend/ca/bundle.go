package ca

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"howett.net/plist"
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
// encoding. The key and the certificate carry name as their friendlyName,
// which the Windows certificate store, macOS Keychain, Android and Java
// keytool list the entry by (none when name is empty); see friendlyName for
// the characters it cannot carry.
func (c *CA) PKCS12(key crypto.Signer, cert *x509.Certificate, name, passphrase string, compat Compat) ([]byte, error) {
	if passphrase == "" {
		return nil, errors.New("ca: PKCS#12 needs a passphrase")
	}
	enc := pkcs12.LegacyDES
	if compat == CompatModern {
		enc = pkcs12.Modern2023
	}
	return enc.EncodeWithFriendlyName(key, cert, []*x509.Certificate{c.Cert}, passphrase, friendlyName(name))
}

// friendlyName returns name as a PKCS#12 friendlyName can hold it: the
// attribute is a BMPString (UCS-2, RFC 7292 appendix B.1), so each
// character outside the Basic Multilingual Plane (an emoji, or a rare kanji
// such as 𠮷, U+20BB7) becomes U+FFFD instead of failing the whole
// issuance.
func friendlyName(name string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return utf8.RuneError
		}
		return r
	}, name)
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

// mobilePayload is one payload of a configuration profile (Apple's
// Configuration Profile Reference): plist writes []byte as <data> and int as
// <integer>.
type mobilePayload struct {
	PayloadCertificateFileName string `plist:"PayloadCertificateFileName"`
	PayloadContent             []byte `plist:"PayloadContent"`
	PayloadDescription         string `plist:"PayloadDescription"`
	PayloadDisplayName         string `plist:"PayloadDisplayName"`
	PayloadIdentifier          string `plist:"PayloadIdentifier"`
	PayloadType                string `plist:"PayloadType"`
	PayloadUUID                string `plist:"PayloadUUID"`
	PayloadVersion             int    `plist:"PayloadVersion"`
}

// mobileProfile is the top level of a configuration profile.
type mobileProfile struct {
	PayloadContent           []mobilePayload `plist:"PayloadContent"`
	PayloadDescription       string          `plist:"PayloadDescription"`
	PayloadDisplayName       string          `plist:"PayloadDisplayName"`
	PayloadIdentifier        string          `plist:"PayloadIdentifier"`
	PayloadOrganization      string          `plist:"PayloadOrganization"`
	PayloadRemovalDisallowed bool            `plist:"PayloadRemovalDisallowed"`
	PayloadType              string          `plist:"PayloadType"`
	PayloadUUID              string          `plist:"PayloadUUID"`
	PayloadVersion           int             `plist:"PayloadVersion"`
}

// MobileConfig returns an unsigned iOS/macOS configuration profile holding
// the PKCS#12 identity (without its password: iOS asks for it) and the root
// CA (application/x-apple-aspen-config). The plist encoder writes it, so any
// text (the organisation's name, a person's name) is escaped as XML needs,
// and a character XML cannot carry becomes U+FFFD instead of breaking the
// whole profile; the settings refuse such characters in the first place.
func (c *CA) MobileConfig(p12 []byte, filename string, owner ProfileOwner) ([]byte, error) {
	base := "jp.sekisho." + shortHash(c.profileSeed()) + "." + shortHash([]byte(owner.Key))
	org := owner.Org
	if org == "" {
		org = "Sekisho"
	}
	roots := make([]mobilePayload, 0, len(c.Also))
	for _, r := range c.Also {
		roots = append(roots, mobilePayload{
			PayloadCertificateFileName: "cacert-" + shortHash(r.Raw) + ".cer",
			PayloadContent:             r.Raw,
			PayloadDescription:         "Root certificate (previous, trusted for now) / ルート証明書（以前の CA、移行期間中）",
			PayloadDisplayName:         r.Subject.CommonName,
			PayloadIdentifier:          base + ".root." + shortHash(r.Raw),
			PayloadType:                "com.apple.security.root",
			PayloadUUID:                uuidFrom(base+".root."+shortHash(r.Raw), r.Raw),
			PayloadVersion:             1,
		})
	}
	p := mobileProfile{
		PayloadContent: []mobilePayload{{
			PayloadCertificateFileName: filename,
			PayloadContent:             p12,
			PayloadDescription:         "Client certificate / クライアント証明書",
			PayloadDisplayName:         owner.DisplayName,
			PayloadIdentifier:          base + ".identity",
			PayloadType:                "com.apple.security.pkcs12",
			PayloadUUID:                uuidFrom(base+".identity", p12),
			PayloadVersion:             1,
		}, {
			PayloadCertificateFileName: "cacert.cer",
			PayloadContent:             c.Cert.Raw,
			PayloadDescription:         "Root certificate / ルート証明書",
			PayloadDisplayName:         c.Cert.Subject.CommonName,
			PayloadIdentifier:          base + ".root",
			PayloadType:                "com.apple.security.root",
			PayloadUUID:                uuidFrom(base+".root", c.Cert.Raw),
			PayloadVersion:             1,
		}},
		PayloadDescription:       org + " — Sekisho",
		PayloadDisplayName:       org + " " + owner.DisplayName,
		PayloadIdentifier:        base,
		PayloadOrganization:      org,
		PayloadRemovalDisallowed: false,
		PayloadType:              "Configuration",
		PayloadUUID:              uuidFrom(base, p12),
		PayloadVersion:           1,
	}
	p.PayloadContent = append(p.PayloadContent, roots...)
	out, err := plist.MarshalIndent(p, plist.XMLFormat, "\t")
	if err != nil {
		return nil, fmt.Errorf("ca: configuration profile: %w", err)
	}
	return append(out, '\n'), nil
}

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

// RootProfile returns an unsigned iOS/macOS configuration profile that
// installs the root certificate (and, during a change of CA, the previous
// roots in Also). iOS then still needs full trust switched on for it
// (Settings → General → About → Certificate Trust Settings).
func (c *CA) RootProfile() ([]byte, error) {
	base := "jp.sekisho." + shortHash(c.profileSeed()) + ".ca"
	org := c.Cert.Subject.Organization
	name := "Sekisho"
	if len(org) > 0 && org[0] != "" {
		name = org[0]
	}
	var payloads []mobilePayload
	for _, r := range append([]*x509.Certificate{c.Cert}, c.Also...) {
		id := base + ".root." + shortHash(r.Raw)
		payloads = append(payloads, mobilePayload{
			PayloadCertificateFileName: "cacert.cer",
			PayloadContent:             r.Raw,
			PayloadDescription:         "Root certificate / ルート証明書",
			PayloadDisplayName:         r.Subject.CommonName,
			PayloadIdentifier:          id,
			PayloadType:                "com.apple.security.root",
			PayloadUUID:                uuidFrom(id, r.Raw),
			PayloadVersion:             1,
		})
	}
	p := mobileProfile{
		PayloadContent:      payloads,
		PayloadDescription:  name + " — Sekisho root certificate / ルート証明書",
		PayloadDisplayName:  name + " ルート証明書 (Sekisho CA)",
		PayloadIdentifier:   base,
		PayloadOrganization: name,
		PayloadType:         "Configuration",
		PayloadUUID:         uuidFrom(base, c.Cert.Raw),
		PayloadVersion:      1,
	}
	out, err := plist.MarshalIndent(p, plist.XMLFormat, "\t")
	if err != nil {
		return nil, fmt.Errorf("ca: root profile: %w", err)
	}
	return append(out, '\n'), nil
}
