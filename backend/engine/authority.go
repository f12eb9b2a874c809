package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// OpenCA loads the CA from the database, creating it on first start. The
// private key is stored only sealed with sealKey (AES-256-GCM); the sealing
// key is kept outside the database (docs/security.md).
func OpenCA(ctx context.Context, db *store.DB, sealKey []byte, org string, now time.Time) (*ca.CA, error) {
	certPEM, sealed, err := db.LoadCA(ctx)
	if errors.Is(err, store.ErrNoCA) {
		c, keyDER, err := ca.New(org, now)
		if err != nil {
			return nil, fmt.Errorf("create CA: %w", err)
		}
		sealed, err := secret.Seal(sealKey, keyDER, []byte(ca.SealPurpose))
		clear(keyDER)
		if err != nil {
			return nil, fmt.Errorf("seal CA key: %w", err)
		}
		if err := db.SaveCA(ctx, string(c.CertPEM), sealed); err != nil {
			return nil, fmt.Errorf("save CA: %w", err)
		}
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	c, err := ca.LoadSealed([]byte(certPEM), sealed, sealKey)
	if errors.Is(err, secret.ErrOpen) {
		return nil, fmt.Errorf("open the CA key: %w (is this the data folder's own master.key, or the right SEKISHO_MASTER_KEY?)", err)
	}
	return c, err
}
