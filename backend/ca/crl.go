package ca

import (
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"time"
)

// Revoked is one revoked certificate for the CRL.
type Revoked struct {
	Serial    *big.Int
	RevokedAt time.Time
}

// CRLValidity is how far ahead a CRL's nextUpdate lies. Proxies such as
// nginx refuse every client once the CRL has expired, so the CRL is long
// lived and re-signed well before it lapses (see CRLRefresh).
const CRLValidity = 30 * 24 * time.Hour

// CRLRefresh is the age after which a CRL is re-signed even without a new
// revocation.
const CRLRefresh = 24 * time.Hour

// CRL signs a CRL (PEM) listing revoked, numbered number.
func (c *CA) CRL(revoked []Revoked, number int64, now time.Time) ([]byte, error) {
	entries := make([]x509.RevocationListEntry, len(revoked))
	for i, r := range revoked {
		entries[i] = x509.RevocationListEntry{SerialNumber: r.Serial, RevocationTime: r.RevokedAt.UTC()}
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		RevokedCertificateEntries: entries,
		Number:                    big.NewInt(number),
		ThisUpdate:                now.Add(-5 * time.Minute).UTC(), // tolerate slightly slow client clocks
		NextUpdate:                now.Add(CRLValidity).UTC(),
	}, c.Cert, c.key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der}), nil
}
