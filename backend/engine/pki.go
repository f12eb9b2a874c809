package engine

import (
	"context"
	"fmt"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"sekisho/backend/ca"
)

// pki is the certificate authority in use, with the CRL it publishes.
type pki struct {
	ca  *ca.CA
	crl atomic.Pointer[[]byte]
	mu  sync.Mutex // serializes CRL signing
}

// CRL returns the current signed CRL (PEM).
func (e *Engine) CRL() []byte {
	if p := e.pki.crl.Load(); p != nil {
		return *p
	}
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
	if ok && !force && now.Sub(signedAt) < ca.CRLRefresh {
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
	out, err := p.ca.CRL(entries, number+1, now)
	if err != nil {
		return err
	}
	if err := e.DB.SaveCRL(ctx, string(out), number+1, now); err != nil {
		return err
	}
	p.crl.Store(&out)
	return nil
}

// keepCRLFresh re-signs the CRL before it lapses until ctx ends. An expired
// CRL makes nginx refuse every client, so this never waits for a revocation.
func (e *Engine) keepCRLFresh(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := e.RefreshCRL(ctx, false); err != nil {
				e.Log.Error("refresh CRL", "err", err)
			}
		}
	}
}
