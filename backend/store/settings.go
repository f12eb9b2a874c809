package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"sekisho/backend/model"
)

// GetSetting decodes the JSON value stored under key into v; ok is false when
// the key was never set (v is then untouched).
func (d *DB) GetSetting(ctx context.Context, key string, v any) (ok bool, err error) {
	var raw string
	err = d.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, model.Internalf("get setting %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return false, model.Internalf("decode setting %s: %w", key, err)
	}
	return true, nil
}

// PutSettings stores several settings in one transaction, with one history
// entry listing the keys that changed.
func (d *DB) PutSettings(ctx context.Context, actor Actor, values map[string]any) error {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var changed []string
		for _, k := range keys {
			b, err := json.Marshal(values[k])
			if err != nil {
				return err
			}
			var old string
			err = tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, k).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if old == string(b) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, string(b)); err != nil {
				return err
			}
			if strings.HasSuffix(k, "Sealed") {
				// A sealed secret: the history says it changed, not to what.
				changed = append(changed, k+"=(sealed)")
			} else {
				changed = append(changed, fmt.Sprintf("%s=%s", k, b))
			}
		}
		if len(changed) == 0 {
			return nil
		}
		return d.addHistory(ctx, tx, actor, "settings.update", "settings", strings.Join(keys, ", "), strings.Join(changed, "; "))
	})
	if err != nil {
		return model.Internalf("put settings: %w", err)
	}
	return nil
}

// PutSettingsQuiet stores several settings in one transaction without a
// history entry: the engine's own records (the last scheduled backup's
// result), not an admin's change.
func (d *DB) PutSettingsQuiet(ctx context.Context, values map[string]any) error {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		for k, v := range values {
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, string(b)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return model.Internalf("put settings: %w", err)
	}
	return nil
}
