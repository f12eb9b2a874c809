// Package ca is Sekisho's certificate authority: it makes the CA, loads it
// back from its sealed form, and issues the LAN server's TLS certificate. It
// is pure: no store, no network.
package ca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strings"
	"time"
)

// CA is a loaded certificate authority.
type CA struct {
	Cert    *x509.Certificate
	CertPEM []byte
	key     crypto.Signer
	// Also are other roots devices must trust for now (the previous CA
	// during a change of CA): configuration profiles carry them too.
	Also []*x509.Certificate
	// ProfileSeed, when set, is what configuration profiles' identifiers
	// derive from instead of Cert.Raw: the first certificate of a CA
	// renewed with the same key, so a profile issued after the renewal
	// replaces the one issued before.
	ProfileSeed []byte
}

// CAValidity is how long a new CA is valid. Clients install the root once;
// replacing it means reinstalling on every phone, so it is long.
const CAValidity = 20 * 365 * 24 * time.Hour

// New makes a new CA for organization org. The key is ECDSA P-256: every
// platform Sekisho targets accepts it, and signing is fast enough to issue a
// thousand certificates in about a second.
func New(org string, now time.Time) (*CA, []byte, error) {
	return newCA(org, now, nil)
}

// NewSuccessor makes a new CA, with a new key, to replace prev: its name
// carries the time as well as the date, so it differs from prev's and from
// any earlier one's (devices and the gateway find a certificate's issuer by
// name).
func NewSuccessor(org string, prev *x509.Certificate, now time.Time) (*CA, []byte, error) {
	return newCA(org, now, prev)
}

func newCA(org string, now time.Time, prev *x509.Certificate) (*CA, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	cn := fmt.Sprintf("%s Sekisho CA %s", org, now.Format("2006-01-02"))
	if org == "" {
		org, cn = "Sekisho", "Sekisho CA "+now.Format("2006-01-02")
	}
	if prev != nil {
		// Another name than every CA before it that may still be
		// trusted: devices and the gateway find an issuer by name.
		cn += " " + now.Format("15:04:05")
	}
	serial, err := Serial()
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			// iOS shows and trusts roots by CN; keep one (mkcert#47).
			CommonName:   cn,
			Organization: []string{org},
		},
		// Backdated so that phones with a skewed clock, and certificates
		// whose window starts earlier today, still chain.
		NotBefore:             now.Add(-48 * time.Hour),
		NotAfter:              now.Add(CAValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		SubjectKeyId:          skid(&key.PublicKey),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	c, err := Load(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), keyDER)
	return c, keyDER, err
}

// Load rebuilds a CA from its PEM certificate and PKCS#8 private key, and
// checks that the two belong together.
func Load(certPEM, keyPKCS8 []byte) (*CA, error) {
	cert, err := ParseCertificatePEM(certPEM)
	if err != nil {
		return nil, fmt.Errorf("ca: parse certificate: %w", err)
	}
	k, err := x509.ParsePKCS8PrivateKey(keyPKCS8)
	if err != nil {
		return nil, fmt.Errorf("ca: parse key: %w", err)
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("ca: key cannot sign")
	}
	pub, ok := signer.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(cert.PublicKey) {
		return nil, errors.New("ca: key does not match certificate")
	}
	if !cert.IsCA {
		return nil, errors.New("ca: certificate is not a CA")
	}
	return &CA{Cert: cert, CertPEM: certPEM, key: signer}, nil
}

// Fingerprint returns the CA certificate's SHA-256 fingerprint as colon-
// separated upper-case hex, as Windows, macOS and phones display it.
func (c *CA) Fingerprint() string { return Fingerprint(c.Cert) }

// Fingerprint returns cert's SHA-256 fingerprint, colon-separated.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// Thumbprint returns cert's SHA-1 hash as Windows shows it (拇印, the
// root certificate's installation warning): upper-case hex in groups of
// eight. It identifies the certificate to a person comparing; nothing
// relies on SHA-1 for security.
func Thumbprint(cert *x509.Certificate) string {
	sum := sha1.Sum(cert.Raw)
	h := fmt.Sprintf("%X", sum[:])
	var groups []string
	for i := 0; i < len(h); i += 8 {
		groups = append(groups, h[i:i+8])
	}
	return strings.Join(groups, " ")
}

// Serial returns a random 128-bit positive serial number (CA/B Forum
// guidance: at least 64 bits of randomness).
func Serial() (*big.Int, error) {
	limit := new(big.Int).Lsh(big.NewInt(1), 128)
	for {
		n, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return nil, err
		}
		if n.Sign() > 0 {
			return n, nil
		}
	}
}

// skid is the SubjectKeyId: SHA-1 of the public key bits (RFC 5280 4.2.1.2).
func skid(pub crypto.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil
	}
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &spki); err != nil {
		return nil
	}
	sum := sha1.Sum(spki.PublicKey.Bytes)
	return sum[:]
}

// ServerValidity is the LAN server certificate's validity. Apple platforms
// reject TLS server certificates valid for more than 825 days; the server
// certificate is reissued at every start and renewed while running, 30 days
// before it ends.
const ServerValidity = 397 * 24 * time.Hour

// IssueServer issues a TLS server certificate naming hosts (each classified
// as an IP address or a DNS name) and returns it ready for tls.Config.
func (c *CA) IssueServer(hosts []string, now time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := Serial()
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "Sekisho LAN server", Organization: c.Cert.Subject.Organization},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(ServerValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		SubjectKeyId: skid(&key.PublicKey),
	}
	seen := map[string]bool{}
	for _, h := range hosts {
		h = strings.TrimSpace(h)
		if h == "" || seen[strings.ToLower(h)] {
			continue
		}
		seen[strings.ToLower(h)] = true
		if ip := net.ParseIP(strings.Trim(h, "[]")); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	if len(tmpl.IPAddresses)+len(tmpl.DNSNames) == 0 {
		return tls.Certificate{}, errors.New("ca: server certificate needs at least one name")
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.Cert, &key.PublicKey, c.key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, c.Cert.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

// Pool returns a pool holding only this CA, for verifying client and server
// certificates it issued.
func (c *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(c.Cert)
	return p
}

// Certificate returns the CA certificate.
func (c *CA) Certificate() *x509.Certificate { return c.Cert }

// CertificatePEM returns the CA certificate in PEM.
func (c *CA) CertificatePEM() []byte { return c.CertPEM }
