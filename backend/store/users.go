package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sekisho/backend/model"
)

const userColumns = `id, code, name, email, phone, grp, suspended, require_cert, require_device,
	COALESCE((SELECT c.name FROM certs c WHERE c.id = users.last_auth_cert_id), last_auth_cert_name),
	COALESCE((SELECT c.deleted_at <> 0 FROM certs c WHERE c.id = users.last_auth_cert_id), 0),
	last_auth_at, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanUser(s scanner) (model.User, error) {
	var u model.User
	var lastAuth, created, updated int64
	err := s.Scan(&u.ID, &u.Code, &u.Name, &u.Email, &u.Phone, &u.Group, &u.Suspended, &u.RequireCert,
		&u.RequireDevice, &u.LastAuthCertName, &u.LastAuthCertDeleted, &lastAuth, &created, &updated)
	u.LastAuthAt, u.CreatedAt, u.UpdatedAt = unixOrZero(lastAuth), unixOrZero(created), unixOrZero(updated)
	return u, err
}

// Actor names who performs an admin change, for the admin history.
type Actor string

// The history's own record of a change.
func (d *DB) addHistory(ctx context.Context, tx *sql.Tx, actor Actor, action, targetType, target, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO admin_history (at, actor, action, target_type, target, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		d.Now().Unix(), string(actor), action, targetType, target, detail)
	return err
}

// RecordAction adds an admin action that changes no row to the admin
// history (a backup taken, the CA exported).
func (d *DB) RecordAction(ctx context.Context, actor Actor, action, targetType, target, detail string) error {
	return d.tx(ctx, func(tx *sql.Tx) error { return d.addHistory(ctx, tx, actor, action, targetType, target, detail) })
}

// GetUser returns one user.
func (d *DB) GetUser(ctx context.Context, id int64) (model.User, error) {
	u, err := scanUser(d.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, model.NotFound("user.not_found")
	}
	if err != nil {
		return u, model.Internalf("get user: %w", err)
	}
	return u, nil
}

// GetUserByCode returns one user by code (case-insensitive).
func (d *DB) GetUserByCode(ctx context.Context, code string) (model.User, error) {
	u, err := scanUser(d.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return u, model.NotFound("user.not_found")
	}
	if err != nil {
		return u, model.Internalf("get user by code: %w", err)
	}
	return u, nil
}

// CreateUser inserts a validated user.
func (d *DB) CreateUser(ctx context.Context, actor Actor, in model.UserInput) (model.User, error) {
	var id int64
	err := d.tx(ctx, func(tx *sql.Tx) error {
		now := d.Now().Unix()
		res, err := tx.ExecContext(ctx, `INSERT INTO users (code, name, email, phone, grp, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			in.Code, in.Name, in.Email, in.Phone, in.Group, now, now)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "user.create", "user", in.Code, in.Name)
	})
	if isUnique(err) {
		return model.User{}, model.Conflict("code", "user.code.taken", map[string]any{"code": in.Code})
	}
	if err != nil {
		return model.User{}, model.Internalf("create user: %w", err)
	}
	return d.GetUser(ctx, id)
}

// UpdateUser replaces the editable fields of a user.
func (d *DB) UpdateUser(ctx context.Context, actor Actor, id int64, in model.UserInput) (model.User, error) {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		old, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return model.NotFound("user.not_found")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET code = ?, name = ?, email = ?, phone = ?, grp = ?, updated_at = ? WHERE id = ?`,
			in.Code, in.Name, in.Email, in.Phone, in.Group, d.Now().Unix(), id); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "user.update", "user", in.Code, describeChanges(old, in))
	})
	if isUnique(err) {
		return model.User{}, model.Conflict("code", "user.code.taken", map[string]any{"code": in.Code})
	}
	if err != nil {
		var pe *model.Error
		if errors.As(err, &pe) {
			return model.User{}, pe
		}
		return model.User{}, model.Internalf("update user: %w", err)
	}
	return d.GetUser(ctx, id)
}

// describeChanges lists the fields an edit changed, as "field: old → new".
func describeChanges(old model.User, in model.UserInput) string {
	var parts []string
	add := func(name, a, b string) {
		if a != b {
			parts = append(parts, fmt.Sprintf("%s: %s → %s", name, a, b))
		}
	}
	add("code", old.Code, in.Code)
	add("name", old.Name, in.Name)
	add("email", old.Email, in.Email)
	add("phone", old.Phone, in.Phone)
	add("group", old.Group, in.Group)
	return strings.Join(parts, "; ")
}

// codesOf returns the codes of the given ids that exist, in id order; missing
// ids make a not-found error so a bulk action never half-applies.
func (d *DB) codesOf(ctx context.Context, tx *sql.Tx, ids []int64) ([]string, error) {
	if len(ids) == 0 {
		return nil, model.Invalid("ids", "field.ids_required", nil)
	}
	rows, err := tx.QueryContext(ctx, `SELECT code FROM users WHERE id IN (`+placeholders(len(ids))+`) ORDER BY id`, int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		codes = append(codes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(codes) != len(model.UniqueIDs(ids)) {
		return nil, model.NotFound("user.not_found")
	}
	return codes, nil
}

// bulk runs one UPDATE/DELETE over ids in a transaction with one history
// entry naming the affected users, and returns how many rows changed.
func (d *DB) bulk(ctx context.Context, actor Actor, ids []int64, action, stmt string, args []any, check func(tx *sql.Tx) error) (int, error) {
	var changed int
	err := d.tx(ctx, func(tx *sql.Tx) error {
		codes, err := d.codesOf(ctx, tx, ids)
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, stmt+` AND id IN (`+placeholders(len(ids))+`)`, append(args, int64Args(ids)...)...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		changed = int(n)
		if changed == 0 {
			return nil
		}
		detail := ""
		if len(codes) > 1 {
			detail = strconv.Itoa(changed)
		}
		return d.addHistory(ctx, tx, actor, action, "user", strings.Join(codes, ", "), detail)
	})
	if err != nil {
		var pe *model.Error
		if errors.As(err, &pe) {
			return 0, pe
		}
		return 0, model.Internalf("%s: %w", action, err)
	}
	return changed, nil
}

// DeleteUsers deletes users; it returns how many were deleted.
func (d *DB) DeleteUsers(ctx context.Context, actor Actor, ids []int64) (int, error) {
	return d.bulk(ctx, actor, ids, "user.delete", `DELETE FROM users WHERE 1 = 1`, nil, nil)
}

// SetSuspended suspends or resumes users; it returns how many changed state.
func (d *DB) SetSuspended(ctx context.Context, actor Actor, ids []int64, suspended bool) (int, error) {
	action := "user.resume"
	if suspended {
		action = "user.suspend"
	}
	return d.bulk(ctx, actor, ids, action, `UPDATE users SET suspended = ?, updated_at = ? WHERE suspended <> ?`,
		[]any{suspended, d.Now().Unix(), suspended}, nil)
}

// SetRequireCert turns the certificate requirement on or off. Turning it on
// for a user with device designation is refused (SPEC section 4).
func (d *DB) SetRequireCert(ctx context.Context, actor Actor, ids []int64, on bool) (int, error) {
	var check func(*sql.Tx) error
	if on {
		check = d.exclusiveCheck(ctx, ids, "require_device", "user.exclusive.device")
	}
	return d.bulk(ctx, actor, ids, "user.require_cert."+onOff(on), `UPDATE users SET require_cert = ?, updated_at = ? WHERE require_cert <> ?`,
		[]any{on, d.Now().Unix(), on}, check)
}

// SetRequireDevice turns device designation on or off; turning it on for a
// user who requires a certificate is refused.
func (d *DB) SetRequireDevice(ctx context.Context, actor Actor, ids []int64, on bool) (int, error) {
	var check func(*sql.Tx) error
	if on {
		check = d.exclusiveCheck(ctx, ids, "require_cert", "user.exclusive.cert")
	}
	return d.bulk(ctx, actor, ids, "user.require_device."+onOff(on), `UPDATE users SET require_device = ?, updated_at = ? WHERE require_device <> ?`,
		[]any{on, d.Now().Unix(), on}, check)
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// exclusiveCheck refuses when any of ids has column set, naming up to five of
// those users.
func (d *DB) exclusiveCheck(ctx context.Context, ids []int64, column, otherKey string) func(*sql.Tx) error {
	return func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT code FROM users WHERE `+column+` = 1 AND id IN (`+placeholders(len(ids))+`) ORDER BY code LIMIT 6`, int64Args(ids)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var codes []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			codes = append(codes, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(codes) == 0 {
			return nil
		}
		if len(codes) > 5 {
			codes = append(codes[:5], "…")
		}
		return &model.Error{Code: model.CodeConflict, Key: "user.exclusive",
			Params: map[string]any{"codes": strings.Join(codes, ", "), "other": model.MessageRef(otherKey)}}
	}
}

// SetPasswordHash stores a new password hash for a user.
func (d *DB) SetPasswordHash(ctx context.Context, actor Actor, id int64, hash string) error {
	_, err := d.bulk(ctx, actor, []int64{id}, "user.password_reset", `UPDATE users SET password_hash = ?, updated_at = ? WHERE 1 = 1`,
		[]any{hash, d.Now().Unix()}, nil)
	return err
}

// PasswordHash returns the stored password hash of a user ("" if none).
func (d *DB) PasswordHash(ctx context.Context, id int64) (string, error) {
	var h string
	err := d.db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, id).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", model.NotFound("user.not_found")
	}
	return h, err
}

// userWhere builds the WHERE clause for a filter.
func userWhere(f model.UserFilter) (string, []any) {
	var conds []string
	var args []any
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + escapeLike(q) + "%"
		conds = append(conds, `(name LIKE ? ESCAPE '\' OR code LIKE ? ESCAPE '\')`)
		args = append(args, like, like)
	}
	if f.Group != "" {
		conds = append(conds, `grp = ?`)
		args = append(args, f.Group)
	}
	switch f.State {
	case model.UserStateActive:
		conds = append(conds, `suspended = 0`)
	case model.UserStateSuspended:
		conds = append(conds, `suspended = 1`)
	}
	if f.RequireCert != nil {
		conds = append(conds, `require_cert = ?`)
		args = append(args, *f.RequireCert)
	}
	if f.CertName != "" {
		conds = append(conds, `COALESCE((SELECT c.name FROM certs c WHERE c.id = users.last_auth_cert_id), last_auth_cert_name) = ?`)
		args = append(args, f.CertName)
	}
	if f.WithoutValidCert {
		conds = append(conds, `NOT EXISTS (SELECT 1 FROM certs c WHERE c.id = users.last_auth_cert_id AND c.deleted_at = 0
			AND c.revoked_at = 0 AND c.enabled = 1 AND c.not_before <= ? AND c.not_after > ?)`)
		now := f.Now.Unix()
		args = append(args, now, now)
	}
	if f.CertState != model.UserCertAny {
		now := f.Now.Unix()
		// personal(states) is true when the user has a live personal
		// certificate in one of states (model.Cert.State at now).
		personal := func(states ...model.CertState) string {
			in := make([]string, len(states))
			for i, s := range states {
				in[i] = "'" + string(s) + "'"
			}
			args = append(args, now, now)
			return `EXISTS (SELECT 1 FROM certs c WHERE c.user_id = users.id AND c.kind = 'personal' AND c.deleted_at = 0
				AND (` + stateSQL + `) IN (` + strings.Join(in, ", ") + `))`
		}
		switch f.CertState {
		case model.UserCertNone:
			conds = append(conds, `NOT EXISTS (SELECT 1 FROM certs c WHERE c.user_id = users.id AND c.kind = 'personal' AND c.deleted_at = 0)`)
		case model.UserCertValid:
			conds = append(conds, personal(model.CertValid))
		case model.UserCertExpired:
			conds = append(conds, personal(model.CertExpired)+` AND NOT `+personal(model.CertValid))
		case model.UserCertRevoked:
			conds = append(conds, personal(model.CertRevoked)+` AND NOT `+personal(model.CertValid, model.CertExpired))
		default:
			conds = append(conds, `0`) // refused by the caller; match nothing
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListUsers returns one page of users matching f, ordered by code, and the
// total number matching.
func (d *DB) ListUsers(ctx context.Context, f model.UserFilter) ([]model.User, int, error) {
	where, args := userWhere(f)
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, model.Internalf("list users: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`+where, args...).Scan(&total); err != nil {
		return nil, 0, model.Internalf("count users: %w", err)
	}
	q := `SELECT ` + userColumns + ` FROM users` + where + ` ORDER BY code`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, model.Internalf("list users: %w", err)
	}
	defer rows.Close()
	users := []model.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, model.Internalf("scan user: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, model.Internalf("list users: %w", err)
	}
	return users, total, nil
}

// Groups returns the distinct non-empty groups, sorted.
func (d *DB) Groups(ctx context.Context) ([]string, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT DISTINCT grp FROM users WHERE grp <> '' ORDER BY grp`)
	if err != nil {
		return nil, model.Internalf("groups: %w", err)
	}
	defer rows.Close()
	groups := []string{}
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return nil, model.Internalf("groups: %w", err)
		}
		groups = append(groups, g)
	}
	return groups, rows.Err()
}

// ImportRow is one validated line of a user import.
type ImportRow struct {
	Line  int
	Input model.UserInput
	// Suspended is nil when the file has no state column (state unchanged for
	// existing users, active for new ones).
	Suspended *bool
	// KeepEmail, KeepPhone and KeepGroup leave an existing user's field as it
	// is (the file has no such column).
	KeepEmail, KeepPhone, KeepGroup bool
}

// ExistingCodes returns which of codes already exist (keyed by lower case).
func (d *DB) ExistingCodes(ctx context.Context, codes []string) (map[string]bool, error) {
	out := make(map[string]bool)
	const chunk = 500
	for start := 0; start < len(codes); start += chunk {
		part := codes[start:min(start+chunk, len(codes))]
		args := make([]any, len(part))
		for i, c := range part {
			args[i] = c
		}
		rows, err := d.db.QueryContext(ctx, `SELECT code FROM users WHERE code IN (`+placeholders(len(part))+`)`, args...)
		if err != nil {
			return nil, model.Internalf("existing codes: %w", err)
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, model.Internalf("existing codes: %w", err)
			}
			out[strings.ToLower(c)] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, model.Internalf("existing codes: %w", err)
		}
	}
	return out, nil
}

// ImportUsers creates or updates (by code) every row in one transaction: all
// rows are written, or none.
func (d *DB) ImportUsers(ctx context.Context, actor Actor, rows []ImportRow) (created, updated int, err error) {
	err = d.tx(ctx, func(tx *sql.Tx) error {
		now := d.Now().Unix()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO users (code, name, email, phone, grp, suspended, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name,
				email = CASE WHEN ? THEN users.email ELSE excluded.email END,
				phone = CASE WHEN ? THEN users.phone ELSE excluded.phone END,
				grp = CASE WHEN ? THEN users.grp ELSE excluded.grp END,
				suspended = CASE WHEN ? THEN excluded.suspended ELSE users.suspended END,
				updated_at = excluded.updated_at`)
		if err != nil {
			return err
		}
		defer ins.Close()
		exists, err := tx.PrepareContext(ctx, `SELECT COUNT(*) FROM users WHERE code = ?`)
		if err != nil {
			return err
		}
		defer exists.Close()
		for _, r := range rows {
			in := r.Input
			susp, hasState := false, r.Suspended != nil
			if hasState {
				susp = *r.Suspended
			}
			var n int
			if err := exists.QueryRowContext(ctx, in.Code).Scan(&n); err != nil {
				return err
			}
			if _, err := ins.ExecContext(ctx, in.Code, in.Name, in.Email, in.Phone, in.Group, susp, now, now,
				r.KeepEmail, r.KeepPhone, r.KeepGroup, hasState); err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
			if n == 0 {
				created++
			} else {
				updated++
			}
		}
		return d.addHistory(ctx, tx, actor, "user.import", "user", "", fmt.Sprintf("created=%d updated=%d", created, updated))
	})
	if err != nil {
		return 0, 0, model.Internalf("import users: %w", err)
	}
	return created, updated, nil
}

// CountUsers returns the number of users in a state.
func (d *DB) CountUsers(ctx context.Context, state model.UserState) (int, error) {
	where, args := userWhere(model.UserFilter{State: state})
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`+where, args...).Scan(&n)
	return n, err
}

// UserIDs returns the ids of every user matching f (paging ignored).
func (d *DB) UserIDs(ctx context.Context, f model.UserFilter) ([]int64, error) {
	where, args := userWhere(f)
	rows, err := d.db.QueryContext(ctx, `SELECT id FROM users`+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, model.Internalf("user ids: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CountNeverAuthenticated counts, among ids, the users whose last
// authentication did not use a certificate valid at now.
func (d *DB) CountNeverAuthenticated(ctx context.Context, ids []int64, now time.Time) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	n := 0
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		where, args := userWhere(model.UserFilter{WithoutValidCert: true, Now: now})
		var c int
		err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`+where+` AND id IN (`+placeholders(len(part))+`)`,
			append(args, int64Args(part)...)...).Scan(&c)
		if err != nil {
			return 0, model.Internalf("count never authenticated: %w", err)
		}
		n += c
	}
	return n, nil
}

// AuthRecord is one user's latest authentication.
type AuthRecord struct {
	UserID   int64
	CertID   int64 // 0: none
	CertName string
	At       time.Time
}

// RecordAuths stores users' latest authentications in one transaction. The
// gateway collects them in memory and writes them in batches, never on the
// request path.
func (d *DB) RecordAuths(ctx context.Context, recs []AuthRecord) error {
	if len(recs) == 0 {
		return nil
	}
	err := d.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE users SET last_auth_cert_id = NULLIF(?, 0), last_auth_cert_name = ?, last_auth_at = ?
			WHERE id = ? AND last_auth_at <= ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range recs {
			if _, err := stmt.ExecContext(ctx, r.CertID, r.CertName, r.At.Unix(), r.UserID, r.At.Unix()); err != nil {
				return err
			}
		}
		return nil
	})
	return asPublic(err, "record auths")
}

// CountRequireDevice counts users with device designation.
func (d *DB) CountRequireDevice(ctx context.Context) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE require_device = 1`).Scan(&n)
	return n, asPublic(err, "count designation")
}
