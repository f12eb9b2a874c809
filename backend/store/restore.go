package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	"modernc.org/sqlite"
)

// ReplaceFrom replaces this database's whole content with the database in
// dir (a restored backup, at the same schema version), in place and in one
// SQLite transaction (the online backup API run the other way): other
// connections see the old content or the new, and a crash leaves the old.
func (d *DB) ReplaceFrom(ctx context.Context, dir string) error {
	src := filepath.Join(dir, FileName)
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("replace the database: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(srcUri string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("the SQLite driver cannot restore (%T)", dc)
		}
		b, err := r.NewRestore(src)
		if err != nil {
			return err
		}
		// -1: every page in one step, one transaction.
		if _, err := b.Step(-1); err != nil {
			b.Finish()
			return err
		}
		return b.Finish()
	})
	if err != nil {
		return fmt.Errorf("replace the database from %s: %w", src, err)
	}
	return nil
}

// ResealCA passes every sealed CA key (the CA in use's and the previous
// CAs' not yet forgotten) through reseal and stores what it returns, in one transaction.
func (d *DB) ResealCA(ctx context.Context, reseal func(sealed []byte) ([]byte, error)) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		type row struct {
			table string
			id    int64
			key   []byte
		}
		var rows []row
		for _, table := range []string{"ca", "ca_previous"} {
			rs, err := tx.QueryContext(ctx, `SELECT id, key_sealed FROM `+table)
			if err != nil {
				return err
			}
			for rs.Next() {
				r := row{table: table}
				if err := rs.Scan(&r.id, &r.key); err != nil {
					rs.Close()
					return err
				}
				rows = append(rows, r)
			}
			rs.Close()
			if err := rs.Err(); err != nil {
				return err
			}
		}
		for _, r := range rows {
			if len(r.key) == 0 {
				continue // an ended CA's key, forgotten
			}
			k, err := reseal(r.key)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+r.table+` SET key_sealed = ? WHERE id = ?`, k, r.id); err != nil {
				return err
			}
		}
		return nil
	})
}
