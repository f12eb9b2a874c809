package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

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

// PreviousCA is a CA replaced by a renewal (table ca_previous).
type PreviousCA struct {
	ID        int64
	CertPEM   string
	KeySealed []byte
	// SameKey: the renewal kept the key (and the subject).
	SameKey bool
	// TrustedUntil is when the gateway stops accepting what it issued.
	TrustedUntil time.Time
	ReplacedAt   time.Time
}

// PreviousCAs returns the replaced CAs, newest first.
func (d *DB) PreviousCAs(ctx context.Context) ([]PreviousCA, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, cert_pem, key_sealed, same_key, trusted_until, replaced_at FROM ca_previous ORDER BY replaced_at DESC, id DESC`)
	if err != nil {
		return nil, model.Internalf("previous CAs: %w", err)
	}
	defer rows.Close()
	var out []PreviousCA
	for rows.Next() {
		var p PreviousCA
		var until, at int64
		if err := rows.Scan(&p.ID, &p.CertPEM, &p.KeySealed, &p.SameKey, &until, &at); err != nil {
			return nil, model.Internalf("previous CAs: %w", err)
		}
		p.TrustedUntil, p.ReplacedAt = time.Unix(until, 0), time.Unix(at, 0)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, model.Internalf("previous CAs: %w", err)
	}
	return out, nil
}

// ReplaceCA makes certPEM and keySealed the CA, keeping the one it replaces
// as prev, and records action (ca.renew, ca.rotate) for actor with detail
// in the admin history, all in one transaction. The caller re-signs the CRL
// (its number goes on).
func (d *DB) ReplaceCA(ctx context.Context, actor Actor, certPEM string, keySealed []byte, prev PreviousCA, action, detail string) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		now := d.Now()
		res, err := tx.ExecContext(ctx, `UPDATE ca SET cert_pem = ?, key_sealed = ?, created_at = ? WHERE id = 1 AND cert_pem = ?`,
			certPEM, keySealed, now.Unix(), prev.CertPEM)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return model.Internalf("replace CA: the CA changed meanwhile (%v)", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ca_previous (cert_pem, key_sealed, same_key, trusted_until, replaced_at) VALUES (?, ?, ?, ?, ?)`,
			prev.CertPEM, prev.KeySealed, prev.SameKey, prev.TrustedUntil.Unix(), now.Unix()); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, action, "ca", "", detail)
	})
}

// ForgetEndedCAKeys erases the sealed keys of previous CAs with another key
// whose overlap ended by now.
func (d *DB) ForgetEndedCAKeys(ctx context.Context, now time.Time) error {
	_, err := d.db.ExecContext(ctx, `UPDATE ca_previous SET key_sealed = X'' WHERE same_key = 0 AND trusted_until <= ? AND length(key_sealed) > 0`, now.Unix())
	if err != nil {
		return model.Internalf("forget ended CA keys: %w", err)
	}
	return nil
}
