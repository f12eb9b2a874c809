package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"strings"
	"time"

	"sekisho/backend/model"
	"sekisho/backend/policy"
)

// PolicyUsers loads every user for the gateway's snapshot.
func (d *DB) PolicyUsers(ctx context.Context) ([]*policy.User, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, code, suspended, require_cert, require_device FROM users`)
	if err != nil {
		return nil, model.Internalf("policy users: %w", err)
	}
	defer rows.Close()
	var out []*policy.User
	for rows.Next() {
		u := &policy.User{}
		if err := rows.Scan(&u.ID, &u.Code, &u.Suspended, &u.RequireCert, &u.RequireDevice); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// PolicyCerts loads every certificate (revoked and deleted ones included, so
// they are recognized and refused) keyed by lower-case hex serial.
func (d *DB) PolicyCerts(ctx context.Context) (map[string]*policy.Cert, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, serial, name, kind, COALESCE(user_id, 0), enabled, revoked_at <> 0, deleted_at <> 0,
		not_before, not_after, cert_der FROM certs`)
	if err != nil {
		return nil, model.Internalf("policy certs: %w", err)
	}
	defer rows.Close()
	out := map[string]*policy.Cert{}
	for rows.Next() {
		c := &policy.Cert{}
		var serial, kind string
		var der sql.RawBytes
		if err := rows.Scan(&c.ID, &serial, &c.Name, &kind, &c.UserID, &c.Enabled, &c.Revoked, &c.Deleted, &c.From, &c.Until, &der); err != nil {
			return nil, err
		}
		c.SHA256 = sha256.Sum256(der)
		c.Shared = kind == string(model.CertShared)
		out[strings.ToLower(serial)] = c
	}
	return out, rows.Err()
}

// Session is a gateway sign-in.
type Session struct {
	TokenHash string
	UserID    int64
	Expires   time.Time
}

// CreateSession stores a new session.
func (d *DB) CreateSession(ctx context.Context, s Session) error {
	_, err := d.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.UserID, d.Now().Unix(), s.Expires.Unix())
	return asPublic(err, "create session")
}

// DeleteSession ends one session.
func (d *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := d.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return asPublic(err, "delete session")
}

// DeleteUserSessions ends every session of the users (suspension, password
// reset) and returns their token hashes.
func (d *DB) DeleteUserSessions(ctx context.Context, userIDs []int64) ([]string, error) {
	if len(userIDs) == 0 {
		return nil, nil
	}
	var hashes []string
	err := d.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT token_hash FROM sessions WHERE user_id IN (`+placeholders(len(userIDs))+`)`, int64Args(userIDs)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return err
			}
			hashes = append(hashes, h)
		}
		rows.Close()
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id IN (`+placeholders(len(userIDs))+`)`, int64Args(userIDs)...)
		return err
	})
	return hashes, asPublic(err, "delete user sessions")
}

// LiveSessions loads the sessions that have not expired.
func (d *DB) LiveSessions(ctx context.Context) ([]Session, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT token_hash, user_id, expires_at FROM sessions WHERE expires_at > ?`, d.Now().Unix())
	if err != nil {
		return nil, model.Internalf("sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var s Session
		var exp int64
		if err := rows.Scan(&s.TokenHash, &s.UserID, &exp); err != nil {
			return nil, err
		}
		s.Expires = time.Unix(exp, 0)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Device is a device request.
type Device struct {
	ID          int64
	UserID      int64
	UserCode    string
	UserName    string
	TokenHash   string
	Name, Phone string
	OS          string
	Status      string
	Designated  bool // the user's device designation
	RequestedAt time.Time
	ProcessedAt time.Time
}

const deviceColumns = `d.id, d.user_id, u.code, u.name, d.token_hash, d.device_name, d.phone, d.os, d.status, u.require_device,
	d.requested_at, d.processed_at`

func scanDevice(s scanner) (Device, error) {
	var v Device
	var req, proc int64
	err := s.Scan(&v.ID, &v.UserID, &v.UserCode, &v.UserName, &v.TokenHash, &v.Name, &v.Phone, &v.OS, &v.Status, &v.Designated, &req, &proc)
	v.RequestedAt, v.ProcessedAt = unixOrZero(req), unixOrZero(proc)
	return v, err
}

// CreateDevice stores a pending device request.
func (d *DB) CreateDevice(ctx context.Context, v Device) (Device, error) {
	res, err := d.db.ExecContext(ctx, `INSERT INTO devices (user_id, token_hash, device_name, phone, os, status, requested_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
		v.UserID, v.TokenHash, v.Name, v.Phone, v.OS, d.Now().Unix())
	if err != nil {
		return Device{}, asPublic(err, "create device")
	}
	id, _ := res.LastInsertId()
	return d.GetDevice(ctx, id)
}

// RequestDevice stores a pending device request in place of the user's
// pending requests for the same device: the one whose token hash is
// replaceHash (the device cookie the browser still holds), and any with the
// same device name and OS (the same device asked again without its cookie).
// So the admin sees one pending row per user and device, however often the
// person asks. Approved and rejected rows are history and stay. It returns
// the new row and how many pending rows it replaced.
func (d *DB) RequestDevice(ctx context.Context, v Device, replaceHash string) (Device, int, error) {
	var id int64
	var replaced int
	err := d.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM devices WHERE user_id = ? AND status = 'pending' AND (token_hash = ? OR (device_name = ? AND os = ?))`,
			v.UserID, replaceHash, v.Name, v.OS)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		replaced = int(n)
		res, err = tx.ExecContext(ctx, `INSERT INTO devices (user_id, token_hash, device_name, phone, os, status, requested_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
			v.UserID, v.TokenHash, v.Name, v.Phone, v.OS, d.Now().Unix())
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return Device{}, 0, asPublic(err, "request device")
	}
	dev, err := d.GetDevice(ctx, id)
	return dev, replaced, err
}

// GetDevice returns one device.
func (d *DB) GetDevice(ctx context.Context, id int64) (Device, error) {
	v, err := scanDevice(d.db.QueryRowContext(ctx, `SELECT `+deviceColumns+` FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, model.NotFound("device.not_found")
	}
	if err != nil {
		return v, model.Internalf("get device: %w", err)
	}
	return v, nil
}

// DeviceFilter selects devices.
type DeviceFilter struct {
	Status     string
	UserID     int64
	OS         string
	Name       string // substring of the device name
	Query      string // substring of the user's code or name, or the device name
	Designated *bool
	From, To   time.Time // requested_at range
	PFrom, PTo time.Time // processed_at range
	Offset     int
	Limit      int
}

// ListDevices returns devices matching f, newest request first, and the total.
func (d *DB) ListDevices(ctx context.Context, f DeviceFilter) ([]Device, int, error) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if f.Status != "" {
		add("d.status = ?", f.Status)
	}
	if f.UserID != 0 {
		add("d.user_id = ?", f.UserID)
	}
	if f.OS != "" {
		add("d.os = ?", f.OS)
	}
	if f.Name != "" {
		add(`d.device_name LIKE ? ESCAPE '\'`, "%"+escapeLike(f.Name)+"%")
	}
	if f.Query != "" {
		like := "%" + escapeLike(f.Query) + "%"
		add(`(u.code LIKE ? ESCAPE '\' OR u.name LIKE ? ESCAPE '\' OR d.device_name LIKE ? ESCAPE '\')`, like, like, like)
	}
	if f.Designated != nil {
		add("u.require_device = ?", *f.Designated)
	}
	if !f.From.IsZero() {
		add("d.requested_at >= ?", f.From.Unix())
	}
	if !f.To.IsZero() {
		add("d.requested_at < ?", f.To.Unix())
	}
	if !f.PFrom.IsZero() {
		add("d.processed_at >= ?", f.PFrom.Unix())
	}
	if !f.PTo.IsZero() {
		add("d.processed_at <> 0 AND d.processed_at < ?", f.PTo.Unix())
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	from := ` FROM devices d JOIN users u ON u.id = d.user_id`
	var total int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*)`+from+where, args...).Scan(&total); err != nil {
		return nil, 0, model.Internalf("count devices: %w", err)
	}
	q := `SELECT ` + deviceColumns + from + where + ` ORDER BY d.requested_at DESC, d.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, model.Internalf("list devices: %w", err)
	}
	defer rows.Close()
	out := []Device{}
	for rows.Next() {
		v, err := scanDevice(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// SetDeviceStatus approves or rejects devices; it returns how many changed.
func (d *DB) SetDeviceStatus(ctx context.Context, actor Actor, ids []int64, status string) (int, error) {
	if len(ids) == 0 {
		return 0, model.Invalid("ids", "field.ids_required", nil)
	}
	var n int
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM devices WHERE id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...).Scan(&count); err != nil {
			return err
		}
		if count != len(model.UniqueIDs(ids)) {
			return model.NotFound("device.not_found")
		}
		// The history names the devices ("Pixel 8 (tanaka)"), not their ids.
		names, err := deviceNames(ctx, tx, `d.status <> ? AND d.id IN (`+placeholders(len(ids))+`)`, append([]any{status}, int64Args(ids)...))
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE devices SET status = ?, processed_at = ? WHERE status <> ? AND id IN (`+placeholders(len(ids))+`)`,
			append([]any{status, d.Now().Unix(), status}, int64Args(ids)...)...)
		if err != nil {
			return err
		}
		c, _ := res.RowsAffected()
		n = int(c)
		if n == 0 {
			return nil
		}
		return d.addHistory(ctx, tx, actor, "device."+status, "device", strings.Join(names, ", "), "")
	})
	return n, asPublic(err, "set device status")
}

// deviceNames returns "device name (user code)" of the devices matching
// where (over devices d joined with users u), in id order.
func deviceNames(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, where string, args []any) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.device_name, u.code FROM devices d JOIN users u ON u.id = d.user_id WHERE `+where+` ORDER BY d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var id int64
		var name, code string
		if err := rows.Scan(&id, &name, &code); err != nil {
			return nil, err
		}
		names = append(names, deviceLabel(name, code))
	}
	return names, rows.Err()
}

func deviceLabel(name, code string) string { return name + " (" + code + ")" }

// AccessEntry is one gateway decision.
type AccessEntry struct {
	At       time.Time
	ClientIP string
	UserCode string
	CertName string
	Device   string
	Route    string
	Method   string
	Path     string
	Decision string
	Reason   string
}

// InsertAccess writes a batch of decisions in one transaction, several rows
// per INSERT statement (one statement per row costs several times more with
// the pure-Go SQLite), with statements prepared once and reused. After each
// slice of about accessSlice of work it pauses, so a large batch never holds
// up the requests waiting to be served for longer than that, even on a
// single core. A pause, not runtime.Gosched: the scheduler would run a
// yielded goroutine again before it looks for connections that have become
// readable, and so would a goroutine whose timer is already due: the pause
// must be long enough for the scheduler to find the timer not yet expired
// and poll the network (tens of microseconds).
func (d *DB) InsertAccess(ctx context.Context, batch []AccessEntry) error {
	return asPublic(d.tx(ctx, func(tx *sql.Tx) error {
		args := make([]any, 0, accessPerStmt*10)
		slice := time.Now()
		pause := ctx.Value(noPauses{}) == nil
		for start := 0; start < len(batch); start += accessPerStmt {
			if pause && time.Since(slice) >= accessSlice {
				time.Sleep(accessPause)
				slice = time.Now()
			}
			part := batch[start:min(start+accessPerStmt, len(batch))]
			args = args[:0]
			for _, e := range part {
				args = append(args, e.At.UnixMilli(), e.ClientIP, e.UserCode, e.CertName, e.Device, e.Route, e.Method, e.Path, e.Decision, e.Reason)
			}
			stmt, err := d.accessStmt(ctx, len(part))
			if err != nil {
				return err
			}
			if _, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, args...); err != nil {
				return err
			}
		}
		return nil
	}), "insert access")
}

const (
	accessPerStmt = 10
	accessSlice   = 50 * time.Microsecond
	accessPause   = 30 * time.Microsecond
)

type noPauses struct{}

// WithoutPauses marks ctx so that InsertAccess writes without pausing (at
// shutdown, when nothing waits to be served and the flush should be quick).
func WithoutPauses(ctx context.Context) context.Context {
	return context.WithValue(ctx, noPauses{}, true)
}

// accessStmt returns the prepared INSERT for n rows.
func (d *DB) accessStmt(ctx context.Context, n int) (*sql.Stmt, error) {
	d.accessMu.Lock()
	defer d.accessMu.Unlock()
	if st := d.accessStmts[n]; st != nil {
		return st, nil
	}
	q := `INSERT INTO access_log (at, client_ip, user_code, cert_name, device, route, method, path, decision, reason) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", n), ", ")
	st, err := d.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	d.accessStmts[n] = st
	return st, nil
}

// AccessFilter selects access log entries.
type AccessFilter struct {
	Decision string
	UserCode string
	Reason   string
	ClientIP string
	Route    string
	From, To time.Time
	Offset   int
	Limit    int

	// ExceptReasons leaves these reasons out.
	ExceptReasons []string
}

// ListAccess returns access log entries, newest first, and the total.
func (d *DB) ListAccess(ctx context.Context, f AccessFilter) ([]AccessEntry, int, error) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if f.Decision != "" {
		add("decision = ?", f.Decision)
	}
	if f.UserCode != "" {
		add("user_code = ?", f.UserCode)
	}
	if f.Reason != "" {
		add("reason = ?", f.Reason)
	}
	if len(f.ExceptReasons) > 0 {
		add("reason NOT IN ("+placeholders(len(f.ExceptReasons))+")", stringArgs(f.ExceptReasons)...)
	}
	if f.ClientIP != "" {
		add("client_ip = ?", f.ClientIP)
	}
	if f.Route != "" {
		add("route = ?", f.Route)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UnixMilli())
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM access_log`+where, args...).Scan(&total); err != nil {
		return nil, 0, model.Internalf("count access: %w", err)
	}
	q := `SELECT at, client_ip, user_code, cert_name, device, route, method, path, decision, reason FROM access_log` + where + ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, model.Internalf("list access: %w", err)
	}
	defer rows.Close()
	out := []AccessEntry{}
	for rows.Next() {
		var e AccessEntry
		var at int64
		if err := rows.Scan(&at, &e.ClientIP, &e.UserCode, &e.CertName, &e.Device, &e.Route, &e.Method, &e.Path, &e.Decision, &e.Reason); err != nil {
			return nil, 0, err
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// PurgeAccess deletes entries older than before.
func (d *DB) PurgeAccess(ctx context.Context, before time.Time) (int64, error) {
	res, err := d.db.ExecContext(ctx, `DELETE FROM access_log WHERE at < ?`, before.UnixMilli())
	if err != nil {
		return 0, model.Internalf("purge access: %w", err)
	}
	return res.RowsAffected()
}

// DenialBucket counts denials in one hour.
type DenialBucket struct {
	Hour  time.Time
	Count int
}

// DenialsByHour counts denials per hour since since, leaving out the
// reasons in except.
func (d *DB) DenialsByHour(ctx context.Context, since time.Time, except ...string) ([]DenialBucket, error) {
	q := `SELECT at / 3600000, COUNT(*) FROM access_log WHERE decision = 'deny' AND at >= ?`
	args := []any{since.UnixMilli()}
	if len(except) > 0 {
		q += ` AND reason NOT IN (` + placeholders(len(except)) + `)`
		args = append(args, stringArgs(except)...)
	}
	rows, err := d.db.QueryContext(ctx, q+` GROUP BY 1 ORDER BY 1`, args...)
	if err != nil {
		return nil, model.Internalf("denials by hour: %w", err)
	}
	defer rows.Close()
	var out []DenialBucket
	for rows.Next() {
		var h int64
		var b DenialBucket
		if err := rows.Scan(&h, &b.Count); err != nil {
			return nil, err
		}
		b.Hour = time.Unix(h*3600, 0).UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// CountDenials counts the denials with each of reasons since since.
func (d *DB) CountDenials(ctx context.Context, since time.Time, reasons ...string) (map[string]int, error) {
	out := make(map[string]int, len(reasons))
	if len(reasons) == 0 {
		return out, nil
	}
	rows, err := d.db.QueryContext(ctx, `SELECT reason, COUNT(*) FROM access_log WHERE decision = 'deny' AND at >= ? AND reason IN (`+
		placeholders(len(reasons))+`) GROUP BY reason`, append([]any{since.UnixMilli()}, stringArgs(reasons)...)...)
	if err != nil {
		return nil, model.Internalf("count denials: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r string
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			return nil, err
		}
		out[r] = n
	}
	return out, rows.Err()
}

func stringArgs(ss []string) []any {
	args := make([]any, len(ss))
	for i, s := range ss {
		args[i] = s
	}
	return args
}

// CountDevices counts devices in a state.
func (d *DB) CountDevices(ctx context.Context, status string) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM devices WHERE status = ?`, status).Scan(&n)
	return n, asPublic(err, "count devices")
}

// PurgeSessions deletes sessions that have ended.
func (d *DB) PurgeSessions(ctx context.Context) error {
	_, err := d.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, d.Now().Unix())
	return asPublic(err, "purge sessions")
}

// UnrequestedUsers lists users with device designation who have no device
// request at all (未申請), matching query, ordered by code, and the total.
func (d *DB) UnrequestedUsers(ctx context.Context, query string, offset, limit int) ([]model.User, int, error) {
	where := ` WHERE require_device = 1 AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.user_id = users.id)`
	var args []any
	if q := strings.TrimSpace(query); q != "" {
		like := "%" + escapeLike(q) + "%"
		where += ` AND (code LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	var total int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`+where, args...).Scan(&total); err != nil {
		return nil, 0, model.Internalf("count unrequested: %w", err)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users`+where+` ORDER BY code LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, model.Internalf("unrequested: %w", err)
	}
	defer rows.Close()
	out := []model.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}
