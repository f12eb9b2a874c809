package engine

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/gateway"
)

// pki is the certificate authority in use, what else is trusted during a
// change of CA, and the CRL it publishes.
type pki struct {
	cur atomic.Pointer[trust]
	crl atomic.Pointer[[]byte]
	mu  sync.Mutex // serializes CRL signing
	rmu sync.Mutex // serializes CA renewals and trust reloads
}

// trust is one state of the CA: read whole, replaced whole.
type trust struct {
	// active issues client certificates and signs the CRL. Its Also
	// holds the previous CAs' certificates while they are trusted, so
	// configuration profiles install them too.
	active *ca.CA
	// server signs the LAN server certificate: the oldest previous CA
	// still trusted during a change of key (every device enrolled before
	// trusts it, and new ones get both roots), else active.
	server *ca.CA
	// previous are the replaced CAs with another key that are trusted
	// until their until, newest first.
	previous []trustedCA
	// clientCAs are what the gateway accepts client certificates from.
	clientCAs *gateway.ClientCAs
}

// trustedCA is a previous CA in its overlap.
type trustedCA struct {
	ca    *ca.CA
	until time.Time
}

// CA returns the CA in use (it issues certificates and signs the CRL).
func (e *Engine) CA() *ca.CA { return e.pki.cur.Load().active }

// ClientCAs returns the CAs whose client certificates the gateway accepts.
func (e *Engine) ClientCAs() *gateway.ClientCAs { return e.pki.cur.Load().clientCAs }

// CRL returns the current signed CRL (PEM): the CA's, followed during a
// change of key by one signed by each previous CA still trusted.
func (e *Engine) CRL() []byte {
	if p := e.pki.crl.Load(); p != nil {
		return *p
	}
	return nil
}

// loadTrust makes active (the CA in use, as stored) and the previous CAs
// in the database the engine's: the previous CAs with another key are
// opened with sealKey while they are trusted at now.
func (e *Engine) loadTrust(ctx context.Context, active *ca.CA, sealKey []byte, now time.Time) error {
	prevs, err := e.DB.PreviousCAs(ctx)
	if err != nil {
		return err
	}
	t := &trust{}
	for _, p := range prevs {
		cert, err := ca.ParseCertificatePEM([]byte(p.CertPEM))
		if err != nil {
			return fmt.Errorf("a previous CA in the database: %w", err)
		}
		if ca.SameKey(cert, active.Cert) {
			// Renewed with the same key: the first certificate names the
			// configuration profiles (newest first, so the last wins).
			active.ProfileSeed = cert.Raw
			continue
		}
		if p.SameKey || !p.TrustedUntil.After(now) {
			continue
		}
		pc, err := ca.LoadSealed([]byte(p.CertPEM), p.KeySealed, sealKey)
		if err != nil {
			return fmt.Errorf("open a previous CA's key: %w", err)
		}
		t.previous = append(t.previous, trustedCA{ca: pc, until: p.TrustedUntil})
	}
	cas := []gateway.ClientCA{{Cert: active.Cert}}
	t.server = active
	for _, p := range t.previous {
		active.Also = append(active.Also, p.ca.Cert)
		cas = append(cas, gateway.ClientCA{Cert: p.ca.Cert, Until: p.until})
		t.server = p.ca
	}
	t.active = active
	t.clientCAs = gateway.NewClientCAs(e.now, cas...)
	e.pki.cur.Store(t)
	return nil
}

// RefreshCRL re-signs the CRL when force is set, when none exists, or when
// the stored one is older than ca.CRLRefresh, and publishes it.
func (e *Engine) RefreshCRL(ctx context.Context, force bool) error {
	p := &e.pki
	p.mu.Lock()
	defer p.mu.Unlock()
	pemText, number, signedAt, ok, err := e.DB.LoadCRL(ctx)
	if err != nil {
		return err
	}
	now := e.now()
	t := p.cur.Load()
	// One CRL per CA trusted now: a stored file of another set (an overlap
	// ended while the engine was stopped) is signed again.
	sameCAs := strings.Count(pemText, "-----BEGIN X509 CRL-----") == 1+len(t.previous)
	if ok && !force && sameCAs && now.Sub(signedAt) < ca.CRLRefresh {
		b := []byte(pemText)
		p.crl.Store(&b)
		return nil
	}
	revoked, err := e.DB.RevokedSerials(ctx)
	if err != nil {
		return err
	}
	entries := make([]ca.Revoked, 0, len(revoked))
	for _, r := range revoked {
		n, ok := new(big.Int).SetString(r.Serial, 16)
		if !ok {
			return fmt.Errorf("bad serial %q in the database", r.Serial)
		}
		entries = append(entries, ca.Revoked{Serial: n, RevokedAt: r.RevokedAt})
	}
	out, err := t.active.CRL(entries, number+1, now)
	if err != nil {
		return err
	}
	// During a change of key the previous CA signs the same list (serials
	// are random 128-bit numbers: one CA's never names another's
	// certificate), so a proxy loading this file checks both.
	for _, prev := range t.previous {
		more, err := prev.ca.CRL(entries, number+1, now)
		if err != nil {
			return err
		}
		out = append(out, more...)
	}
	if err := e.DB.SaveCRL(ctx, string(out), number+1, now); err != nil {
		return err
	}
	p.crl.Store(&out)
	return nil
}

// keepCRLFresh re-signs the CRL before it lapses until ctx ends, and ends
// a previous CA's overlap when its time comes. An expired CRL makes nginx
// refuse every client, so this never waits for a revocation.
func (e *Engine) keepCRLFresh(ctx context.Context) {
	for {
		// Hourly, or just after the next overlap ends (the gateway
		// refuses its CA's certificates at that moment by itself; this
		// switches the server certificate and the CRL).
		wait := time.Hour
		for _, p := range e.pki.cur.Load().previous {
			if d := p.until.Sub(e.now()) + time.Second; d < wait {
				wait = max(d, time.Second)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
			if err := e.endOverlaps(ctx); err != nil {
				e.Log.Error("end a previous CA's overlap", "err", err)
			}
			if err := e.RefreshCRL(ctx, false); err != nil {
				e.Log.Error("refresh CRL", "err", err)
			}
		}
	}
}

// endOverlaps stops trusting the previous CAs whose overlap has ended: the
// gateway refuses what they issued from the next handshake on, the server
// certificate is reissued by the CA in use, and the CRL is signed without
// them.
func (e *Engine) endOverlaps(ctx context.Context) error {
	now := e.now()
	ended := false
	for _, p := range e.pki.cur.Load().previous {
		ended = ended || !p.until.After(now)
	}
	if !ended {
		return nil
	}
	if err := e.reloadTrust(ctx, "a previous CA's overlap ended"); err != nil {
		return err
	}
	// Nothing needs an ended CA's key any more: it leaves the database
	// (and the backups).
	return e.DB.ForgetEndedCAKeys(ctx, now)
}

// reloadTrust reads the CA state from the database again and applies it:
// the gateway's CAs, the CRL and the server certificate.
func (e *Engine) reloadTrust(ctx context.Context, why string) error {
	e.pki.rmu.Lock()
	defer e.pki.rmu.Unlock()
	return e.reloadTrustLocked(ctx, why)
}

func (e *Engine) reloadTrustLocked(ctx context.Context, why string) error {
	key, err := e.sealKey()
	if err != nil {
		return err
	}
	defer clear(key)
	before := e.pki.cur.Load()
	certPEM, sealed, err := e.DB.LoadCA(ctx)
	if err != nil {
		return err
	}
	active, err := ca.LoadSealed([]byte(certPEM), sealed, key)
	if err != nil {
		return fmt.Errorf("open the CA key: %w", err)
	}
	if err := e.loadTrust(ctx, active, key, e.now()); err != nil {
		return err
	}
	if err := e.RefreshCRL(ctx, true); err != nil {
		return fmt.Errorf("sign the CRL: %w", err)
	}
	after := e.pki.cur.Load()
	if before == nil || !bytes.Equal(before.server.Cert.Raw, after.server.Cert.Raw) {
		e.lmu.Lock()
		err := e.issueServerCert(e.publicHost, e.now())
		e.lmu.Unlock()
		if err != nil {
			return err
		}
	}
	e.setInfo(e.Info().StartedAt)
	e.Log.Info("CA state reloaded", "why", why, "ca", after.active.Fingerprint(), "previousTrusted", len(after.previous))
	return nil
}
