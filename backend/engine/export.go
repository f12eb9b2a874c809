package engine

import (
	"context"
	"fmt"

	"sekisho/backend/ca"
)

// ExportCA returns the CA certificate and its private key as a PKCS#12
// encrypted under passphrase (ca.ExportSealed: AES-256, at least
// ca.MinExportPassphrase characters), for an admin who moves to another
// PKI. The key is opened from the sealed copy in the database with the seal
// key read again (SEKISHO_MASTER_KEY or DATA/master.key, as at Start); both
// are cleared before ExportCA returns, and nothing is written to disk.
// Errors wrap ca.ErrShortExportPassphrase, or secret.ErrOpen when the seal
// key does not open the CA key.
func (e *Engine) ExportCA(ctx context.Context, passphrase string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	certPEM, sealed, err := e.DB.LoadCA(ctx)
	if err != nil {
		return nil, err
	}
	key, err := e.sealKey()
	if err != nil {
		return nil, fmt.Errorf("export CA: read the seal key: %w", err)
	}
	defer clear(key)
	p12, err := ca.ExportSealed([]byte(certPEM), sealed, key, passphrase)
	if err != nil {
		return nil, err
	}
	e.Log.Warn("CA exported with its private key (encrypted PKCS#12)", "caFingerprint", e.CA().Fingerprint())
	return p12, nil
}
