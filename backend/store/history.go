package store

import (
	"context"
	"strconv"
	"strings"

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
	if err := rows.Err(); err != nil {
		return nil, 0, model.Internalf("list history: %w", err)
	}
	rows.Close()
	for i := range items {
		items[i].Target = d.oldTarget(ctx, items[i])
	}
	return items, total, nil
}

// oldTarget names the target of an entry written before the history named
// devices and links: those entries hold ids ("4, 7"), which are looked up
// now (a device or link deleted since keeps its "#id").
func (d *DB) oldTarget(ctx context.Context, h model.HistoryEntry) string {
	if h.TargetType != "device" && h.TargetType != "link" || h.Target == "" {
		return h.Target
	}
	parts := strings.Split(h.Target, ", ")
	ids := make([]int64, len(parts))
	for i, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return h.Target // a name already
		}
		ids[i] = id
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "#" + strconv.FormatInt(id, 10)
		var err error
		var name string
		if h.TargetType == "device" {
			var dev, code string
			err = d.db.QueryRowContext(ctx, `SELECT d.device_name, u.code FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?`, id).Scan(&dev, &code)
			name = deviceLabel(dev, code)
		} else {
			err = d.db.QueryRowContext(ctx, `SELECT c.name FROM links l JOIN certs c ON c.id = l.cert_id WHERE l.id = ?`, id).Scan(&name)
		}
		if err == nil {
			out[i] = name
		}
	}
	return strings.Join(out, ", ")
}
