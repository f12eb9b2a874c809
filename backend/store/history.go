package store

import (
	"context"

	"sekisho/backend/model"
)

// ListHistory returns admin history entries, newest first, and the total.
func (d *DB) ListHistory(ctx context.Context, targetType string, offset, limit int) ([]model.HistoryEntry, int, error) {
	where, args := "", []any{}
	if targetType != "" {
		where, args = " WHERE target_type = ?", append(args, targetType)
	}
	var total int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM admin_history`+where, args...).Scan(&total); err != nil {
		return nil, 0, model.Internalf("count history: %w", err)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT id, at, actor, action, target_type, target, detail FROM admin_history`+where+
		` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, model.Internalf("list history: %w", err)
	}
	defer rows.Close()
	items := []model.HistoryEntry{}
	for rows.Next() {
		var h model.HistoryEntry
		var at int64
		if err := rows.Scan(&h.ID, &at, &h.Actor, &h.Action, &h.TargetType, &h.Target, &h.Detail); err != nil {
			return nil, 0, model.Internalf("scan history: %w", err)
		}
		h.Time = unixOrZero(at)
		items = append(items, h)
	}
	return items, total, rows.Err()
}
