package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"sekisho/backend/model"
)

// Link is a download link. The token itself is never stored.
type Link struct {
	ID           int64
	CertID       int64
	ExpiresAt    time.Time
	MaxUses      int
	Uses         int
	IPRestricted bool
	RevokedAt    time.Time
	CreatedAt    time.Time
}

// LinkState is why a link does or does not work.
type LinkState string

// Link states.
const (
	LinkActive  LinkState = "active"
	LinkExpired LinkState = "expired"
	LinkUsedUp  LinkState = "usedUp"
	LinkRevoked LinkState = "revoked"
)

// State returns the link's state at now.
func (l Link) State(now time.Time) LinkState {
	switch {
	case !l.RevokedAt.IsZero():
		return LinkRevoked
	case !now.Before(l.ExpiresAt):
		return LinkExpired
	case l.Uses >= l.MaxUses:
		return LinkUsedUp
	default:
		return LinkActive
	}
}

const linkColumns = `id, cert_id, expires_at, max_uses, uses, ip_restricted, revoked_at, created_at`

func scanLink(s scanner) (Link, error) {
	var l Link
	var exp, rev, created int64
	err := s.Scan(&l.ID, &l.CertID, &exp, &l.MaxUses, &l.Uses, &l.IPRestricted, &rev, &created)
	l.ExpiresAt, l.RevokedAt, l.CreatedAt = time.Unix(exp, 0).UTC(), unixOrZero(rev), unixOrZero(created)
	return l, err
}

// CreateLink stores a link for a live certificate.
func (d *DB) CreateLink(ctx context.Context, actor Actor, tokenHash string, certID int64, expires time.Time, maxUses int, ipRestricted bool) (Link, error) {
	var id int64
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var name string
		var revoked int64
		err := tx.QueryRowContext(ctx, `SELECT name, revoked_at FROM certs WHERE id = ? AND deleted_at = 0 AND p12 IS NOT NULL`, certID).Scan(&name, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return model.NotFound("cert.not_found")
		}
		if err != nil {
			return err
		}
		if revoked != 0 {
			return model.Conflict("certId", "cert.revoked", map[string]any{"name": name})
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO links (token_hash, cert_id, expires_at, max_uses, ip_restricted, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			tokenHash, certID, expires.Unix(), maxUses, ipRestricted, d.Now().Unix())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "link.create", "cert", name, "")
	})
	if err != nil {
		return Link{}, asPublic(err, "create link")
	}
	return d.GetLink(ctx, id)
}

// GetLink returns a link by id.
func (d *DB) GetLink(ctx context.Context, id int64) (Link, error) {
	l, err := scanLink(d.db.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM links WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, model.NotFound("link.not_found")
	}
	if err != nil {
		return l, model.Internalf("get link: %w", err)
	}
	return l, nil
}

// LinkByTokenHash finds a link by its token's hash.
func (d *DB) LinkByTokenHash(ctx context.Context, hash string) (Link, error) {
	l, err := scanLink(d.db.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM links WHERE token_hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return l, model.NotFound("link.not_found")
	}
	if err != nil {
		return l, model.Internalf("link by token: %w", err)
	}
	return l, nil
}

// CountUsableLinks counts the links that still work at now: not revoked,
// not expired, uses left.
func (d *DB) CountUsableLinks(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM links WHERE revoked_at = 0 AND expires_at > ? AND uses < max_uses`, now.Unix()).Scan(&n)
	if err != nil {
		return 0, model.Internalf("count usable links: %w", err)
	}
	return n, nil
}

// ListLinks returns the links of a certificate, newest first.
func (d *DB) ListLinks(ctx context.Context, certID int64) ([]Link, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+linkColumns+` FROM links WHERE cert_id = ? ORDER BY id DESC`, certID)
	if err != nil {
		return nil, model.Internalf("list links: %w", err)
	}
	defer rows.Close()
	out := []Link{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ErrLinkUnusable is returned by TakeLinkUse when the link is expired, used
// up or revoked at that instant.
var ErrLinkUnusable = errors.New("store: link unusable")

// TakeLinkUse takes one use of a link atomically: one conditional UPDATE, so
// of two downloads racing for the last use exactly one succeeds.
func (d *DB) TakeLinkUse(ctx context.Context, id int64) error {
	res, err := d.db.ExecContext(ctx, `UPDATE links SET uses = uses + 1 WHERE id = ? AND revoked_at = 0 AND uses < max_uses AND expires_at > ?`,
		id, d.Now().Unix())
	if err != nil {
		return model.Internalf("take link use: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrLinkUnusable
	}
	return nil
}

// ReturnLinkUse gives back a use taken by TakeLinkUse when the download did
// not complete.
func (d *DB) ReturnLinkUse(ctx context.Context, id int64) error {
	_, err := d.db.ExecContext(ctx, `UPDATE links SET uses = uses - 1 WHERE id = ? AND uses > 0`, id)
	return err
}

// RevokeLink revokes a link.
func (d *DB) RevokeLink(ctx context.Context, actor Actor, id int64) error {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE links SET revoked_at = ? WHERE id = ? AND revoked_at = 0`, d.Now().Unix(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM links WHERE id = ?`, id).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				return model.NotFound("link.not_found")
			}
			return nil // already revoked: nothing to do
		}
		// The history names the link by its certificate (a link has no name).
		var cert string
		if err := tx.QueryRowContext(ctx, `SELECT c.name FROM links l JOIN certs c ON c.id = l.cert_id WHERE l.id = ?`, id).Scan(&cert); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "link.revoke", "link", cert, "")
	})
	return asPublic(err, "revoke link")
}
