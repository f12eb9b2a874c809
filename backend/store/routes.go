package store

import (
	"context"
	"database/sql"
	"errors"

	"sekisho/backend/model"
)

const routeColumns = `id, name, host, path_prefix, upstream, require_sign_in, require_cert, enabled`

func scanRoute(s scanner) (model.Route, error) {
	var r model.Route
	err := s.Scan(&r.ID, &r.Name, &r.Host, &r.PathPrefix, &r.Upstream, &r.RequireSignIn, &r.RequireCert, &r.Enabled)
	return r, err
}

// ListRoutes returns every route.
func (d *DB) ListRoutes(ctx context.Context) ([]model.Route, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+routeColumns+` FROM routes ORDER BY host, path_prefix`)
	if err != nil {
		return nil, model.Internalf("list routes: %w", err)
	}
	defer rows.Close()
	out := []model.Route{}
	for rows.Next() {
		r, err := scanRoute(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetRoute returns one route.
func (d *DB) GetRoute(ctx context.Context, id int64) (model.Route, error) {
	r, err := scanRoute(d.db.QueryRowContext(ctx, `SELECT `+routeColumns+` FROM routes WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, model.NotFound("route.not_found")
	}
	if err != nil {
		return r, model.Internalf("get route: %w", err)
	}
	return r, nil
}

// SaveRoute creates (id 0) or replaces a route.
func (d *DB) SaveRoute(ctx context.Context, actor Actor, id int64, in model.RouteInput) (model.Route, error) {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		now := d.Now().Unix()
		action := "route.update"
		if id == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO routes (name, host, path_prefix, upstream, require_sign_in, require_cert, enabled, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.Name, in.Host, in.PathPrefix, in.Upstream, in.RequireSignIn, in.RequireCert, in.Enabled, now, now)
			if err != nil {
				return err
			}
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
			action = "route.create"
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE routes SET name = ?, host = ?, path_prefix = ?, upstream = ?, require_sign_in = ?, require_cert = ?,
				enabled = ?, updated_at = ? WHERE id = ?`, in.Name, in.Host, in.PathPrefix, in.Upstream, in.RequireSignIn, in.RequireCert, in.Enabled, now, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return model.NotFound("route.not_found")
			}
		}
		return d.addHistory(ctx, tx, actor, action, "route", in.Name, in.Host+in.PathPrefix+" → "+in.Upstream)
	})
	if isUnique(err) {
		return model.Route{}, model.Conflict("pathPrefix", "route.taken", map[string]any{"where": in.Host + in.PathPrefix})
	}
	if err != nil {
		return model.Route{}, asPublic(err, "save route")
	}
	return d.GetRoute(ctx, id)
}

// DeleteRoute deletes a route.
func (d *DB) DeleteRoute(ctx context.Context, actor Actor, id int64) error {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM routes WHERE id = ?`, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return model.NotFound("route.not_found")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM routes WHERE id = ?`, id); err != nil {
			return err
		}
		return d.addHistory(ctx, tx, actor, "route.delete", "route", name, "")
	})
	return asPublic(err, "delete route")
}
