package store

import (
	"context"
	"database/sql"
	"errors"

	"sekisho/backend/model"
)

// ErrNoCA is returned by LoadCA before the CA exists.
var ErrNoCA = errors.New("store: no CA yet")

// LoadCA returns the CA certificate (PEM) and its sealed private key.
func (d *DB) LoadCA(ctx context.Context) (certPEM string, keySealed []byte, err error) {
	err = d.db.QueryRowContext(ctx, `SELECT cert_pem, key_sealed FROM ca WHERE id = 1`).Scan(&certPEM, &keySealed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, ErrNoCA
	}
	if err != nil {
		return "", nil, model.Internalf("load CA: %w", err)
	}
	return certPEM, keySealed, nil
}

// SaveCA stores the CA once; a second call fails, so a CA is never replaced
// by accident.
func (d *DB) SaveCA(ctx context.Context, certPEM string, keySealed []byte) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ca (id, cert_pem, key_sealed, created_at) VALUES (1, ?, ?, ?)`,
			certPEM, keySealed, d.Now().Unix()); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, "system", "ca.create", "ca", "", "")
	})
}
