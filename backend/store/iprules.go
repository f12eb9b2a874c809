package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"sekisho/backend/model"
)

const ruleColumns = `id, name, description, address, enabled`

func scanRule(s scanner) (model.IPRule, error) {
	var r model.IPRule
	err := s.Scan(&r.ID, &r.Name, &r.Description, &r.Address, &r.Enabled)
	if err == nil {
		// Stored addresses were validated and normalized on save.
		r.Prefix, _ = model.ParseRuleAddress(r.Address)
	}
	return r, err
}

// ListIPRules returns every rule, in creation order.
func (d *DB) ListIPRules(ctx context.Context) ([]model.IPRule, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+ruleColumns+` FROM ip_rules ORDER BY id`)
	if err != nil {
		return nil, model.Internalf("list ip rules: %w", err)
	}
	defer rows.Close()
	out := []model.IPRule{}
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetIPRule returns one rule.
func (d *DB) GetIPRule(ctx context.Context, id int64) (model.IPRule, error) {
	r, err := scanRule(d.db.QueryRowContext(ctx, `SELECT `+ruleColumns+` FROM ip_rules WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, model.NotFound("rule.not_found")
	}
	if err != nil {
		return r, model.Internalf("get ip rule: %w", err)
	}
	return r, nil
}

// SaveIPRule creates (id 0) or replaces a rule.
func (d *DB) SaveIPRule(ctx context.Context, actor Actor, id int64, in model.IPRuleInput, enabled bool) (model.IPRule, error) {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		now := d.Now().Unix()
		action := "rule.update"
		if id == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO ip_rules (name, description, address, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				in.Name, in.Description, in.Address, enabled, now, now)
			if err != nil {
				return err
			}
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
			action = "rule.create"
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE ip_rules SET name = ?, description = ?, address = ?, enabled = ?, updated_at = ? WHERE id = ?`,
				in.Name, in.Description, in.Address, enabled, now, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return model.NotFound("rule.not_found")
			}
		}
		return d.addHistory(ctx, tx, actor, action, "rule", in.Name, fmt.Sprintf("%s enabled=%s", in.Address, onOff(enabled)))
	})
	if err != nil {
		return model.IPRule{}, asPublic(err, "save ip rule")
	}
	return d.GetIPRule(ctx, id)
}

// DeleteIPRule deletes a rule.
func (d *DB) DeleteIPRule(ctx context.Context, actor Actor, id int64) error {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var name, addr string
		err := tx.QueryRowContext(ctx, `SELECT name, address FROM ip_rules WHERE id = ?`, id).Scan(&name, &addr)
		if errors.Is(err, sql.ErrNoRows) {
			return model.NotFound("rule.not_found")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM ip_rules WHERE id = ?`, id); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "rule.delete", "rule", name, addr)
	})
	return asPublic(err, "delete ip rule")
}
