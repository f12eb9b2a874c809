package engine

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/portal"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// How the CA is renewed (RenewCA).
const (
	// CARenewSameKey: a new certificate for the same key and subject.
	// Nothing is reinstalled before the old certificate's own end.
	CARenewSameKey = "sameKey"
	// CARenewNewKey: a new CA with a new key. The old one stays trusted
	// for an overlap in which devices install the new root; certificates
	// it issued stop working at the gateway when the overlap ends.
	CARenewNewKey = "newKey"
)

// MinCAOverlap and MaxCAOverlap bound a change of key's overlap.
const (
	MinCAOverlap = 24 * time.Hour
	MaxCAOverlap = 5 * 365 * 24 * time.Hour
)

// ErrCAOverlap: the overlap asked for is out of bounds or outlives the
// current CA.
var ErrCAOverlap = errors.New("engine: CA overlap out of range")

// CAState describes the CA in use and the previous ones.
type CAState struct {
	Active   CACert
	Previous []PreviousCA
}

// CACert is one CA certificate.
type CACert struct {
	Subject     string
	Fingerprint string
	NotBefore   time.Time
	NotAfter    time.Time
}

// PreviousCA is a CA replaced by a renewal.
type PreviousCA struct {
	CACert
	// SameKey: renewed with the same key (its certificates are the CA
	// in use's).
	SameKey bool
	// TrustedUntil is when the gateway stops accepting what it issued
	// (a change of key), or its own end (same key).
	TrustedUntil time.Time
	ReplacedAt   time.Time
	// Trusted: accepted now.
	Trusted bool
}

func caCert(c *x509.Certificate) CACert {
	return CACert{Subject: c.Subject.CommonName, Fingerprint: ca.Fingerprint(c), NotBefore: c.NotBefore, NotAfter: c.NotAfter}
}

// CAState returns the CA in use and the previous ones, newest first.
func (e *Engine) CAState(ctx context.Context) (CAState, error) {
	st := CAState{Active: caCert(e.CA().Cert)}
	prevs, err := e.DB.PreviousCAs(ctx)
	if err != nil {
		return CAState{}, err
	}
	now := e.now()
	for _, p := range prevs {
		cert, err := ca.ParseCertificatePEM([]byte(p.CertPEM))
		if err != nil {
			return CAState{}, fmt.Errorf("a previous CA in the database: %w", err)
		}
		until := p.TrustedUntil
		trusted := until.After(now)
		if p.SameKey {
			until, trusted = cert.NotAfter, cert.NotAfter.After(now)
		}
		st.Previous = append(st.Previous, PreviousCA{CACert: caCert(cert), SameKey: p.SameKey, TrustedUntil: until, ReplacedAt: p.ReplacedAt, Trusted: trusted})
	}
	return st, nil
}

// RenewCA replaces the CA (mode CARenewSameKey or CARenewNewKey, with
// overlap for a new key) and applies it at once: new certificates, the CRL
// and the LAN server certificate come from the new state, and the gateway
// accepts the previous CA's certificates for as long as the mode says. The
// change is recorded for actor in the admin history. Errors wrap
// ErrCAOverlap for an overlap out of range.
func (e *Engine) RenewCA(ctx context.Context, actor store.Actor, mode string, overlap time.Duration) (CAState, error) {
	e.pki.rmu.Lock()
	defer e.pki.rmu.Unlock()
	key, err := e.sealKey()
	if err != nil {
		return CAState{}, fmt.Errorf("read the seal key: %w", err)
	}
	defer clear(key)
	certPEM, sealed, err := e.DB.LoadCA(ctx)
	if err != nil {
		return CAState{}, err
	}
	cur, err := ca.LoadSealed([]byte(certPEM), sealed, key)
	if err != nil {
		return CAState{}, err
	}
	now := e.now()
	prev := store.PreviousCA{CertPEM: certPEM, KeySealed: sealed}
	var next *ca.CA
	nextSealed := sealed
	action := "ca.renew"
	switch mode {
	case CARenewSameKey:
		if next, err = cur.Renew(now); err != nil {
			return CAState{}, err
		}
		prev.SameKey, prev.TrustedUntil = true, cur.Cert.NotAfter
	case CARenewNewKey:
		if overlap < MinCAOverlap || overlap > MaxCAOverlap {
			return CAState{}, fmt.Errorf("%w: %s (from %s to %s)", ErrCAOverlap, overlap, MinCAOverlap, MaxCAOverlap)
		}
		if end := now.Add(overlap); end.After(cur.Cert.NotAfter) {
			return CAState{}, fmt.Errorf("%w: it would end after the current CA (%s)", ErrCAOverlap, cur.Cert.NotAfter.Format(time.DateOnly))
		}
		set, err := LoadSettings(ctx, e.DB)
		if err != nil {
			return CAState{}, err
		}
		var keyDER []byte
		next, keyDER, err = ca.NewSuccessor(set.OrganizationName, cur.Cert, now)
		if err != nil {
			return CAState{}, err
		}
		nextSealed, err = secret.Seal(key, keyDER, []byte(ca.SealPurpose))
		clear(keyDER)
		if err != nil {
			return CAState{}, err
		}
		prev.TrustedUntil = now.Add(overlap)
		action = "ca.rotate"
	default:
		return CAState{}, fmt.Errorf("engine: unknown CA renewal %q", mode)
	}
	detail := fmt.Sprintf("%s → %s", cur.Fingerprint(), next.Fingerprint())
	if mode == CARenewNewKey {
		detail += " (" + prev.TrustedUntil.UTC().Format(time.RFC3339) + ")"
	}
	if err := e.DB.ReplaceCA(ctx, actor, string(next.CertPEM), nextSealed, prev, action, detail); err != nil {
		return CAState{}, err
	}
	e.Log.Warn("CA renewed", "mode", mode, "from", cur.Fingerprint(), "to", next.Fingerprint(), "previousTrustedUntil", prev.TrustedUntil)
	if err := e.reloadTrustLocked(ctx, "CA renewed"); err != nil {
		// Stored: the next start applies it.
		return CAState{}, fmt.Errorf("apply the renewed CA: %w", err)
	}
	e.Publish(EventCA, nil)
	return e.CAState(ctx)
}

// EventCA is published when the CA changes.
const EventCA = "ca"

// portalCA is the portal's view of the CA: always the one in use, with the
// previous roots in the PEM bundle while they are trusted.
type portalCA struct{ e *Engine }

func (p portalCA) Certificate() *x509.Certificate { return p.e.CA().Cert }

// PreviousRoots are the previous CAs still trusted, oldest first.
func (p portalCA) PreviousRoots() []portal.PreviousRoot {
	prev := p.e.pki.cur.Load().previous
	out := make([]portal.PreviousRoot, 0, len(prev))
	for i := len(prev) - 1; i >= 0; i-- {
		out = append(out, portal.PreviousRoot{Cert: prev[i].ca.Cert, Until: prev[i].until})
	}
	return out
}
func (p portalCA) Fingerprint() string          { return p.e.CA().Fingerprint() }
func (p portalCA) RootProfile() ([]byte, error) { return p.e.CA().RootProfile() }
func (p portalCA) CertificatePEM() []byte {
	c := p.e.CA()
	out := append([]byte(nil), c.CertPEM...)
	for _, r := range c.Also {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: r.Raw})...)
	}
	return out
}
