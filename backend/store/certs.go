package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"sekisho/backend/model"
)

// certColumns reads a certificate with its owner and the derived counts.
const certColumns = `c.id, c.name, c.kind, COALESCE(c.user_id, 0), c.user_code, COALESCE(u.name, ''), c.serial, c.key_algo,
	c.x509_not_before, c.x509_not_after, c.not_before, c.not_after, c.enabled, c.revoked_at, c.revoke_reason,
	c.deleted_at <> 0, COALESCE(c.predecessor_id, 0),
	COALESCE((SELECT s.id FROM certs s WHERE s.predecessor_id = c.id AND s.deleted_at = 0 ORDER BY s.id DESC LIMIT 1), 0),
	c.created_at, c.cert_der,
	(SELECT COUNT(*) FROM users a WHERE a.last_auth_cert_id = c.id)`

const certFrom = ` FROM certs c LEFT JOIN users u ON u.id = c.user_id`

func scanCert(s scanner) (model.Cert, error) {
	var c model.Cert
	var xnb, xna, nb, na, rev, created int64
	err := s.Scan(&c.ID, &c.Name, &c.Kind, &c.UserID, &c.UserCode, &c.UserName, &c.Serial, &c.KeyAlgo,
		&xnb, &xna, &nb, &na, &c.Enabled, &rev, &c.RevokeReason, &c.Deleted, &c.PredecessorID, &c.SuccessorID,
		&created, &c.DER, &c.AuthenticatedUsers)
	c.X509NotBefore, c.X509NotAfter = time.Unix(xnb, 0).UTC(), time.Unix(xna, 0).UTC()
	c.NotBefore, c.NotAfter = time.Unix(nb, 0).UTC(), time.Unix(na, 0).UTC()
	c.RevokedAt, c.CreatedAt = unixOrZero(rev), unixOrZero(created)
	return c, err
}

// NewCert is a certificate to store.
type NewCert struct {
	Cert model.Cert
	P12  []byte
	// P12IOS is the 3DES encoding for iOS profiles when P12 is AES (nil
	// otherwise).
	P12IOS []byte
}

// InsertCerts stores issued certificates in one transaction. With
// revokeUsers, the existing live personal certificates of those users are
// revoked in the same transaction (発行済みのクライアント証明書を無効にして再発行).
func (d *DB) InsertCerts(ctx context.Context, actor Actor, certs []NewCert, revokeUsers []int64, reason string) ([]int64, error) {
	ids := make([]int64, 0, len(certs))
	err := d.tx(ctx, func(tx *sql.Tx) error {
		now := d.Now().Unix()
		if len(revokeUsers) > 0 {
			live := `kind = 'personal' AND revoked_at = 0 AND deleted_at = 0 AND user_id IN (` + placeholders(len(revokeUsers)) + `)`
			// The history names the revoked certificates, not how many.
			var revoked []string
			rows, err := tx.QueryContext(ctx, `SELECT name FROM certs WHERE `+live+` ORDER BY id`, int64Args(revokeUsers)...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var name string
				if err := rows.Scan(&name); err != nil {
					rows.Close()
					return err
				}
				revoked = append(revoked, name)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE certs SET revoked_at = ?, revoke_reason = ? WHERE `+live,
				append([]any{now, reason}, int64Args(revokeUsers)...)...); err != nil {
				return err
			}
			if len(revoked) > 0 {
				if err := d.addHistory(ctx, tx, actor, "cert.revoke", "cert", joinNames(revoked), reason); err != nil {
					return err
				}
			}
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO certs (name, name_key, kind, user_id, user_code, serial, key_algo, x509_not_before, x509_not_after,
			not_before, not_after, enabled, predecessor_id, cert_der, p12, p12_ios, created_at) VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		var names []string
		for _, nc := range certs {
			c := nc.Cert
			res, err := stmt.ExecContext(ctx, c.Name, model.CertNameKey(c.Name), c.Kind, c.UserID, c.UserCode, c.Serial, c.KeyAlgo, c.X509NotBefore.Unix(), c.X509NotAfter.Unix(),
				c.NotBefore.Unix(), c.NotAfter.Unix(), c.Enabled, c.PredecessorID, c.DER, nc.P12, nc.P12IOS, now)
			if err != nil {
				if isUnique(err) {
					return model.Conflict("name", "cert.name.taken", map[string]any{"name": c.Name})
				}
				return err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			ids = append(ids, id)
			names = append(names, c.Name)
		}
		action := "cert.issue"
		if len(certs) == 1 && certs[0].Cert.PredecessorID != 0 {
			action = "cert.renew"
		}
		detail := ""
		if len(names) > 10 {
			detail = fmt.Sprintf("%d", len(names))
		}
		return d.addHistory(ctx, tx, actor, action, "cert", joinNames(names), detail)
	})
	if err != nil {
		var pe *model.Error
		if errors.As(err, &pe) {
			return nil, pe
		}
		return nil, model.Internalf("insert certs: %w", err)
	}
	return ids, nil
}

// joinNames lists names for a history target: the first ten, then "…".
func joinNames(names []string) string {
	if len(names) > 10 {
		names = append(names[:10:10], "…")
	}
	return strings.Join(names, ", ")
}

// GetCert returns one certificate that has not been deleted.
func (d *DB) GetCert(ctx context.Context, id int64) (model.Cert, error) {
	c, err := scanCert(d.db.QueryRowContext(ctx, `SELECT `+certColumns+certFrom+` WHERE c.id = ? AND c.deleted_at = 0`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, model.NotFound("cert.not_found")
	}
	if err != nil {
		return c, model.Internalf("get cert: %w", err)
	}
	return c, nil
}

// CertFilter selects certificates.
type CertFilter struct {
	Query  string // name or user code/name
	Kind   model.CertKind
	State  model.CertState
	UserID int64
	Offset int
	Limit  int
}

// stateSQL is the SQL form of model.Cert.State, with ? = now.
const stateSQL = `CASE WHEN c.revoked_at <> 0 OR c.deleted_at <> 0 THEN 'revoked' WHEN c.enabled = 0 THEN 'disabled'
	WHEN ? >= c.not_after THEN 'expired' WHEN ? < c.not_before THEN 'notYetValid' ELSE 'valid' END`

// ListCerts returns one page of live (not deleted) certificates, newest
// first, and the total.
func (d *DB) ListCerts(ctx context.Context, f CertFilter) ([]model.Cert, int, error) {
	conds := []string{"c.deleted_at = 0"}
	var args []any
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + escapeLike(q) + "%"
		conds = append(conds, `(c.name LIKE ? ESCAPE '\' OR c.user_code LIKE ? ESCAPE '\' OR COALESCE(u.name, '') LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like)
	}
	if f.Kind != "" {
		conds = append(conds, "c.kind = ?")
		args = append(args, f.Kind)
	}
	if f.UserID != 0 {
		conds = append(conds, "c.user_id = ?")
		args = append(args, f.UserID)
	}
	if f.State != "" {
		now := d.Now().Unix()
		conds = append(conds, "("+stateSQL+") = ?")
		args = append(args, now, now, f.State)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, model.Internalf("list certs: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+certFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, model.Internalf("count certs: %w", err)
	}
	q := `SELECT ` + certColumns + certFrom + where + ` ORDER BY c.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, model.Internalf("list certs: %w", err)
	}
	defer rows.Close()
	out := []model.Cert{}
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, 0, model.Internalf("scan cert: %w", err)
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// CertUpdate changes a certificate's flag and window.
type CertUpdate struct {
	Enabled   *bool
	NotBefore *time.Time
	NotAfter  *time.Time
	// Loc is the time zone the refusal names the X.509 dates in (the
	// admin's); nil means UTC.
	Loc *time.Location
}

// UpdateCert applies u. The window may take any dates inside the X.509
// validity, wider or narrower than before; beyond it the signed certificate
// itself is not valid, so only a renewal (更新) goes further.
func (d *DB) UpdateCert(ctx context.Context, actor Actor, id int64, u CertUpdate) (model.Cert, error) {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		c, err := scanCert(tx.QueryRowContext(ctx, `SELECT `+certColumns+certFrom+` WHERE c.id = ? AND c.deleted_at = 0`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return model.NotFound("cert.not_found")
		}
		if err != nil {
			return err
		}
		if !c.RevokedAt.IsZero() {
			return model.Conflict("", "cert.revoked", map[string]any{"name": c.Name})
		}
		var changes []string
		if u.Enabled != nil && *u.Enabled != c.Enabled {
			c.Enabled = *u.Enabled
			changes = append(changes, "enabled="+onOff(c.Enabled))
		}
		nb, na := c.NotBefore, c.NotAfter
		if u.NotBefore != nil {
			nb = *u.NotBefore
		}
		if u.NotAfter != nil {
			na = *u.NotAfter
		}
		loc := u.Loc
		if loc == nil {
			loc = time.UTC
		}
		if nb.Before(c.X509NotBefore) {
			return model.Invalid("notBefore", "cert.window.before_x509", map[string]any{"date": c.X509NotBefore.In(loc).Format(model.DateLayout)})
		}
		// X509NotAfter is the last second of the last day (RFC 5280's
		// notAfter is inclusive); the window ends one second later.
		if na.After(c.X509NotAfter.Add(time.Second)) {
			return model.Invalid("notAfter", "cert.window.after_x509", map[string]any{"date": c.X509NotAfter.In(loc).Format(model.DateLayout)})
		}
		if !nb.Before(na) {
			return model.Invalid("notAfter", "cert.window.order", nil)
		}
		if !nb.Equal(c.NotBefore) || !na.Equal(c.NotAfter) {
			changes = append(changes, fmt.Sprintf("window=%s..%s", nb.Format(time.RFC3339), na.Format(time.RFC3339)))
		}
		if len(changes) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE certs SET enabled = ?, not_before = ?, not_after = ? WHERE id = ?`,
			c.Enabled, nb.Unix(), na.Unix(), id); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "cert.update", "cert", c.Name, strings.Join(changes, "; "))
	})
	if err != nil {
		return model.Cert{}, asPublic(err, "update cert")
	}
	return d.GetCert(ctx, id)
}

// RevokeCert revokes a certificate permanently.
func (d *DB) RevokeCert(ctx context.Context, actor Actor, id int64, reason string) (model.Cert, error) {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var name string
		var revoked int64
		err := tx.QueryRowContext(ctx, `SELECT name, revoked_at FROM certs WHERE id = ? AND deleted_at = 0`, id).Scan(&name, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return model.NotFound("cert.not_found")
		}
		if err != nil {
			return err
		}
		if revoked != 0 {
			return model.Conflict("", "cert.revoked", map[string]any{"name": name})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE certs SET revoked_at = ?, revoke_reason = ? WHERE id = ?`, d.Now().Unix(), reason, id); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "cert.revoke", "cert", name, reason)
	})
	if err != nil {
		return model.Cert{}, asPublic(err, "revoke cert")
	}
	return d.GetCert(ctx, id)
}

// DeleteCert deletes a certificate: it is revoked (so it stays in the CRL),
// its PKCS#12 is erased, and it leaves every list; users who authenticated
// with it still see its name, marked as deleted.
func (d *DB) DeleteCert(ctx context.Context, actor Actor, id int64) error {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM certs WHERE id = ? AND deleted_at = 0`, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return model.NotFound("cert.not_found")
		}
		if err != nil {
			return err
		}
		now := d.Now().Unix()
		if _, err := tx.ExecContext(ctx, `UPDATE certs SET deleted_at = ?, p12 = NULL, p12_ios = NULL,
			revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END,
			revoke_reason = CASE WHEN revoked_at = 0 THEN 'deleted' ELSE revoke_reason END WHERE id = ?`, now, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE links SET revoked_at = ? WHERE cert_id = ? AND revoked_at = 0`, now, id); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "cert.delete", "cert", name, "")
	})
	return asPublic(err, "delete cert")
}

// CertP12 returns the stored passphrase-encrypted PKCS#12 of a live
// certificate; forIOS, the encoding iOS opens (3DES) when the stored one is
// AES.
func (d *DB) CertP12(ctx context.Context, id int64, forIOS bool) ([]byte, error) {
	var p []byte
	col := "p12"
	if forIOS {
		col = "COALESCE(p12_ios, p12)"
	}
	err := d.db.QueryRowContext(ctx, `SELECT `+col+` FROM certs WHERE id = ? AND deleted_at = 0 AND p12 IS NOT NULL`, id).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.NotFound("cert.not_found")
	}
	if err != nil {
		return nil, model.Internalf("cert p12: %w", err)
	}
	return p, nil
}

// RevokedSerial is a revoked certificate for the CRL.
type RevokedSerial struct {
	Serial    string
	RevokedAt time.Time
}

// RevokedSerials lists every revoked certificate (deleted ones included).
func (d *DB) RevokedSerials(ctx context.Context) ([]RevokedSerial, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT serial, revoked_at FROM certs WHERE revoked_at <> 0 ORDER BY revoked_at`)
	if err != nil {
		return nil, model.Internalf("revoked serials: %w", err)
	}
	defer rows.Close()
	var out []RevokedSerial
	for rows.Next() {
		var r RevokedSerial
		var at int64
		if err := rows.Scan(&r.Serial, &at); err != nil {
			return nil, err
		}
		r.RevokedAt = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// LoadCRL returns the stored CRL (ok false if none yet).
func (d *DB) LoadCRL(ctx context.Context) (pem string, number int64, signedAt time.Time, ok bool, err error) {
	var at int64
	err = d.db.QueryRowContext(ctx, `SELECT pem, number, signed_at FROM crl WHERE id = 1`).Scan(&pem, &number, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, time.Time{}, false, nil
	}
	if err != nil {
		return "", 0, time.Time{}, false, model.Internalf("load crl: %w", err)
	}
	return pem, number, time.Unix(at, 0).UTC(), true, nil
}

// SaveCRL stores a newly signed CRL.
func (d *DB) SaveCRL(ctx context.Context, pem string, number int64, signedAt time.Time) error {
	_, err := d.db.ExecContext(ctx, `INSERT INTO crl (id, number, pem, signed_at) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET number = excluded.number, pem = excluded.pem, signed_at = excluded.signed_at`,
		number, pem, signedAt.Unix())
	if err != nil {
		return model.Internalf("save crl: %w", err)
	}
	return nil
}

// asPublic passes public errors through and wraps the rest as internal.
func asPublic(err error, what string) error {
	if err == nil {
		return nil
	}
	var pe *model.Error
	if errors.As(err, &pe) {
		return pe
	}
	return model.Internalf("%s: %w", what, err)
}

// CertWindow is a live certificate's window, for the coverage timeline.
type CertWindow struct {
	ID, UserID, PredID int64
	Name, Kind         string
	UserCode           string
	Enabled            bool
	From, Until        time.Time
}

// CertWindows lists the windows of live, unrevoked certificates of kind
// ("" for all) that have not ended before since, soonest end first.
func (d *DB) CertWindows(ctx context.Context, kind model.CertKind, since time.Time) ([]CertWindow, error) {
	q := `SELECT id, COALESCE(user_id, 0), COALESCE(predecessor_id, 0), name, kind, user_code, enabled, not_before, not_after
		FROM certs WHERE deleted_at = 0 AND revoked_at = 0 AND not_after > ?`
	args := []any{since.Unix()}
	if kind != "" {
		q += ` AND kind = ?`
		args = append(args, kind)
	}
	rows, err := d.db.QueryContext(ctx, q+` ORDER BY not_after, id`, args...)
	if err != nil {
		return nil, model.Internalf("cert windows: %w", err)
	}
	defer rows.Close()
	var out []CertWindow
	for rows.Next() {
		var w CertWindow
		var from, until int64
		if err := rows.Scan(&w.ID, &w.UserID, &w.PredID, &w.Name, &w.Kind, &w.UserCode, &w.Enabled, &from, &until); err != nil {
			return nil, err
		}
		w.From, w.Until = time.Unix(from, 0).UTC(), time.Unix(until, 0).UTC()
		out = append(out, w)
	}
	return out, rows.Err()
}

// CountValidCerts counts certificates valid at now.
func (d *DB) CountValidCerts(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM certs WHERE deleted_at = 0 AND revoked_at = 0 AND enabled = 1
		AND not_before <= ? AND not_after > ?`, now.Unix(), now.Unix()).Scan(&n)
	if err != nil {
		return 0, model.Internalf("count valid certs: %w", err)
	}
	return n, nil
}

// CertsByIDs returns live certificates by id, in the order of ids.
func (d *DB) CertsByIDs(ctx context.Context, ids []int64) ([]model.Cert, error) {
	byID := make(map[int64]model.Cert, len(ids))
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		rows, err := d.db.QueryContext(ctx, `SELECT `+certColumns+certFrom+` WHERE c.deleted_at = 0 AND c.id IN (`+placeholders(len(part))+`)`, int64Args(part)...)
		if err != nil {
			return nil, model.Internalf("certs by ids: %w", err)
		}
		for rows.Next() {
			c, err := scanCert(rows)
			if err != nil {
				rows.Close()
				return nil, model.Internalf("scan cert: %w", err)
			}
			byID[c.ID] = c
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, model.Internalf("certs by ids: %w", err)
		}
	}
	out := make([]model.Cert, len(ids))
	for i, id := range ids {
		c, ok := byID[id]
		if !ok {
			return nil, model.NotFound("cert.not_found")
		}
		out[i] = c
	}
	return out, nil
}

// LineageFirstName returns the name of the first certificate of c's
// renewals (following predecessors, deleted ones too; c's own name when it
// renews none).
func (d *DB) LineageFirstName(ctx context.Context, c model.Cert) (string, error) {
	name, pred := c.Name, c.PredecessorID
	for i := 0; pred != 0 && i < 1000; i++ {
		err := d.db.QueryRowContext(ctx, `SELECT name, COALESCE(predecessor_id, 0) FROM certs WHERE id = ?`, pred).Scan(&name, &pred)
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return "", model.Internalf("certificate lineage: %w", err)
		}
	}
	return name, nil
}
