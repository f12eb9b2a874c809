package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// CopyTo writes a consistent copy of the database to path, a file that must
// not exist yet (it is created 0600). It uses SQLite's VACUUM INTO: one read
// transaction, so the copy is the database as of one moment, while other
// connections go on writing (WAL mode lets them). Never copy the file itself:
// a live database is the main file plus its -wal, changing underneath.
func (d *DB) CopyTo(ctx context.Context, path string) error {
	// VACUUM INTO wants an absent or empty file; making it here first gives
	// it this user's permissions only.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("database copy: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("database copy: %w", err)
	}
	if _, err := d.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("database copy (VACUUM INTO): %w", err)
	}
	return nil
}

// Counts are the numbers of the rows an admin cares about, for a backup's
// manifest and for checking a restore.
type Counts struct {
	Users        int `json:"users"`
	Certificates int `json:"certificates"` // not deleted
	Revocations  int `json:"revocations"`  // revoked certificates, deleted ones included (as in the CRL)
	IPRules      int `json:"ipRules"`
	Routes       int `json:"routes"`
	Devices      int `json:"devices"`
}

// Counts returns the row counts, read in one statement (one snapshot).
func (d *DB) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := d.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM users),
		(SELECT COUNT(*) FROM certs WHERE deleted_at = 0),
		(SELECT COUNT(*) FROM certs WHERE revoked_at <> 0),
		(SELECT COUNT(*) FROM ip_rules),
		(SELECT COUNT(*) FROM routes),
		(SELECT COUNT(*) FROM devices)`).Scan(&c.Users, &c.Certificates, &c.Revocations, &c.IPRules, &c.Routes, &c.Devices)
	if err != nil {
		return c, fmt.Errorf("count rows: %w", err)
	}
	return c, nil
}

// ErrCorrupt is returned by Check when SQLite finds the database damaged.
var ErrCorrupt = errors.New("store: the database is damaged")

// Check runs SQLite's quick integrity check (PRAGMA quick_check).
func (d *DB) Check(ctx context.Context) error {
	rows, err := d.db.QueryContext(ctx, `PRAGMA quick_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		if s != "ok" && len(problems) < 5 {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %q", ErrCorrupt, problems)
	}
	return nil
}

// LatestVersion is the schema version this build migrates to: a database
// (or a backup of one) with a higher version was made by a newer Sekisho.
func LatestVersion() (int, error) {
	ms, err := Migrations()
	if err != nil {
		return 0, err
	}
	return len(ms), nil
}
