// Package store keeps all of Sekisho's state in one SQLite database
// (modernc.org/sqlite, pure Go). Every connection runs in WAL mode with
// foreign keys on and a busy timeout; the schema is a list of embedded,
// numbered migrations applied each in its own transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// FileName is the database's file name inside the data folder.
const FileName = "sekisho.db"

// DB is the open database.
type DB struct {
	db  *sql.DB
	dir string
	// Now is the clock; tests replace it.
	Now func() time.Time

	accessMu    sync.Mutex
	accessStmts [accessPerStmt + 1]*sql.Stmt // INSERT … VALUES with n rows, prepared once
}

// Migration is one numbered schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration %q: want NNNN_name.sql", name)
		}
		b, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: version %d, want %d", m.Name, m.Version, i+1)
		}
	}
	return ms, nil
}

// DSN returns the connection string for path. The pragmas go in the DSN so
// that every pooled connection gets them, not just the first one.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Write transactions take the write lock at BEGIN, so two writers never
	// deadlock upgrading a read lock (SQLITE_BUSY with no retry).
	q.Set("_txlock", "immediate")
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Open opens (creating if needed) the database in dir and applies every
// pending migration.
func Open(ctx context.Context, dir string) (*DB, error) {
	return OpenTo(ctx, dir, -1)
}

// OpenTo is Open, migrating only up to version target (-1: all). It exists for
// the upgrade test.
func OpenTo(ctx context.Context, dir string, target int) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// Create the file readable by this user only; SQLite gives the -wal and
	// -shm files the same permissions.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err == nil {
		f.Close()
	}
	sqldb, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, err
	}
	d := &DB{db: sqldb, dir: dir, Now: time.Now}
	if err := d.migrate(ctx, target); err != nil {
		sqldb.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the database, checkpointing the WAL.
func (d *DB) Close() error {
	d.accessMu.Lock()
	for i, st := range d.accessStmts {
		if st != nil {
			st.Close()
			d.accessStmts[i] = nil
		}
	}
	d.accessMu.Unlock()
	_, _ = d.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return d.db.Close()
}

// Dir is the folder the database file is in (the data folder).
func (d *DB) Dir() string { return d.dir }

// SQL exposes the handle for tests and maintenance.
func (d *DB) SQL() *sql.DB { return d.db }

// Version returns the schema version.
func (d *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := d.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

func (d *DB) migrate(ctx context.Context, target int) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	ms, err := Migrations()
	if err != nil {
		return err
	}
	cur, err := d.Version(ctx)
	if err != nil {
		return err
	}
	if cur > len(ms) {
		return fmt.Errorf("the database is version %d, newer than this program (%d): use a newer Sekisho", cur, len(ms))
	}
	for _, m := range ms {
		if m.Version <= cur || (target >= 0 && m.Version > target) {
			continue
		}
		err := d.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, d.Now().Unix())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// tx runs fn in a transaction, committing on nil and rolling back otherwise.
func (d *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// isUnique reports whether err is a UNIQUE constraint violation.
func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

func unixOrZero(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}
