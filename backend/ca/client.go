package ca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"time"
)

// KeyAlgo is a client key algorithm.
type KeyAlgo string

// Key algorithms. RSA-2048 is the default: it is what iOS configuration
// profiles and older Android builds handle everywhere; ECDSA P-256 is much
// faster to make and works on current platforms.
const (
	RSA2048   KeyAlgo = "rsa2048"
	ECDSAP256 KeyAlgo = "ecdsa-p256"
)

// Valid reports whether a is a known algorithm.
func (a KeyAlgo) Valid() bool { return a == RSA2048 || a == ECDSAP256 }

// NewKey makes a private key of algorithm a.
func NewKey(a KeyAlgo) (crypto.Signer, error) {
	switch a {
	case RSA2048:
		return rsa.GenerateKey(rand.Reader, 2048)
	case ECDSAP256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		return nil, fmt.Errorf("ca: unknown key algorithm %q", a)
	}
}

// ClientRequest describes a client certificate.
type ClientRequest struct {
	// CommonName is the user code (personal) or the certificate name (shared).
	CommonName string
	// OrganizationalUnit tells shared from personal certificates in the subject.
	OrganizationalUnit string
	// Email, if set, goes into the SAN (some mail and VPN clients pick
	// identities by it).
	Email     string
	NotBefore time.Time
	NotAfter  time.Time
	Key       crypto.Signer
}

// IssueClient signs a client-authentication certificate for req.Key.
func (c *CA) IssueClient(req ClientRequest) (*x509.Certificate, error) {
	if req.Key == nil || req.CommonName == "" {
		return nil, errors.New("ca: client certificate needs a key and a name")
	}
	if !req.NotAfter.After(req.NotBefore) {
		return nil, errors.New("ca: client certificate ends before it starts")
	}
	serial, err := Serial()
	if err != nil {
		return nil, err
	}
	usage := x509.KeyUsageDigitalSignature
	if _, ok := req.Key.Public().(*rsa.PublicKey); ok {
		// RSA keys also do key encipherment in TLS 1.2 RSA key exchange.
		usage |= x509.KeyUsageKeyEncipherment
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:         req.CommonName,
			Organization:       c.Cert.Subject.Organization,
			OrganizationalUnit: nonEmpty(req.OrganizationalUnit),
		},
		NotBefore:      req.NotBefore,
		NotAfter:       req.NotAfter,
		KeyUsage:       usage,
		ExtKeyUsage:    []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		SubjectKeyId:   skid(req.Key.Public()),
		AuthorityKeyId: c.Cert.SubjectKeyId,
	}
	if req.Email != "" {
		tmpl.EmailAddresses = []string{req.Email}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.Cert, req.Key.Public(), c.key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
