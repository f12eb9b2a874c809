package ca

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"time"
)

// Renew returns a new certificate for the same CA: the same subject and the
// same key, new dates (CAValidity from now) and a new serial. Every
// certificate the CA issued before still chains to it (its issuer name and
// signature are unchanged), and a device that trusts the old certificate
// trusts what the renewed one signs, so nothing has to be reinstalled before
// the old certificate's own end.
func (c *CA) Renew(now time.Time) (*CA, error) {
	serial, err := Serial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		// The exact bytes of the old subject: issued certificates name
		// their issuer by them.
		RawSubject:            c.Cert.RawSubject,
		NotBefore:             now.Add(-48 * time.Hour),
		NotAfter:              now.Add(CAValidity),
		KeyUsage:              c.Cert.KeyUsage,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		SubjectKeyId:          c.Cert.SubjectKeyId,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, c.key.Public(), c.key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), key: c.key, ProfileSeed: c.profileSeed()}, nil
}

// SameKey reports whether a and b are the same CA under two certificates
// (a renewal): the same subject and the same public key.
func SameKey(a, b *x509.Certificate) bool {
	if a == nil || b == nil || !bytes.Equal(a.RawSubject, b.RawSubject) {
		return false
	}
	pub, ok := a.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(b.PublicKey)
}

// ParseCertificatePEM parses one PEM certificate.
func ParseCertificatePEM(b []byte) (*x509.Certificate, error) {
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("ca: certificate is not PEM")
	}
	return x509.ParseCertificate(block.Bytes)
}

// profileSeed is what configuration profiles' identifiers derive from.
func (c *CA) profileSeed() []byte {
	if len(c.ProfileSeed) > 0 {
		return c.ProfileSeed
	}
	return c.Cert.Raw
}
