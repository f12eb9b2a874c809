package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"sekisho/backend/model"
	"sekisho/backend/store"
)

func mustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	fixed := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return fixed }
	tb.Cleanup(func() { db.Close() })
	return db
}

func mustCreate(tb testing.TB, db *store.DB, code, name, group string) model.User {
	tb.Helper()
	u, err := db.CreateUser(context.Background(), "test", model.UserInput{Code: code, Name: name, Group: group})
	if err != nil {
		tb.Fatalf("CreateUser(%s): %v", code, err)
	}
	return u
}

func TestOpenPragmas(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	// Each pooled connection must carry the pragmas: check several at once.
	conns := make([]interface{ Close() error }, 0, 3)
	for i := 0; i < 3; i++ {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var fk, busy int
		var mode string
		if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if fk != 1 || busy != 10000 || mode != "wal" {
			t.Errorf("conn %d: foreign_keys=%d busy_timeout=%d journal_mode=%s", i, fk, busy, mode)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

// TestUpgrade walks an empty database through every migration one at a time,
// keeping data written at the first version.
func TestUpgrade(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ms, err := store.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 2 {
		t.Fatalf("want several migrations, have %d", len(ms))
	}
	db, err := store.OpenTo(ctx, dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO users (code, name, created_at, updated_at) VALUES ('u1', 'Old', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for v := 2; v <= len(ms); v++ {
		db, err := store.OpenTo(ctx, dir, v)
		if err != nil {
			t.Fatalf("to version %d: %v", v, err)
		}
		got, _ := db.Version(ctx)
		if got != v {
			t.Errorf("version = %d, want %d", got, v)
		}
		db.Close()
	}
	db, err = store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.GetUserByCode(ctx, "U1")
	if err != nil {
		t.Fatalf("user from version 1 lost: %v", err)
	}
	if u.Name != "Old" || u.LastAuthCertName != "" {
		t.Errorf("user = %+v", u)
	}
	// Opening again applies nothing and keeps the version.
	if v, _ := db.Version(ctx); v != len(ms) {
		t.Errorf("final version %d, want %d", v, len(ms))
	}
}

func TestNewerDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO schema_migrations VALUES (999, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := store.Open(ctx, dir); err == nil {
		t.Fatal("Open of a newer database succeeded, want an error")
	}
}

func TestUserCRUD(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	u := mustCreate(t, db, "000419", "安井 徳彦", "営業部")
	if u.ID == 0 || u.Code != "000419" || u.Group != "営業部" || u.Suspended {
		t.Fatalf("created %+v", u)
	}
	t.Run("fail/duplicate code ignores case", func(t *testing.T) {
		mustCreate(t, db, "abc", "A", "")
		_, err := db.CreateUser(ctx, "test", model.UserInput{Code: "ABC", Name: "B"})
		if model.CodeOf(err) != model.CodeConflict || model.AsError(err).Field != "code" {
			t.Fatalf("err = %v, want conflict on code", err)
		}
	})
	t.Run("ok/update", func(t *testing.T) {
		got, err := db.UpdateUser(ctx, "test", u.ID, model.UserInput{Code: "000419", Name: "安井 徳彦", Email: "y@example.co.jp", Group: "総務部"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != "y@example.co.jp" || got.Group != "総務部" {
			t.Errorf("updated %+v", got)
		}
	})
	t.Run("fail/update unknown", func(t *testing.T) {
		_, err := db.UpdateUser(ctx, "test", 9999, model.UserInput{Code: "x", Name: "x"})
		if model.CodeOf(err) != model.CodeNotFound {
			t.Errorf("err = %v, want not_found", err)
		}
	})
	t.Run("fail/update to taken code", func(t *testing.T) {
		_, err := db.UpdateUser(ctx, "test", u.ID, model.UserInput{Code: "abc", Name: "x"})
		if model.CodeOf(err) != model.CodeConflict {
			t.Errorf("err = %v, want conflict", err)
		}
		got, _ := db.GetUser(ctx, u.ID)
		if got.Code != "000419" {
			t.Errorf("code changed to %s on a failed update", got.Code)
		}
	})
	t.Run("ok/delete", func(t *testing.T) {
		n, err := db.DeleteUsers(ctx, "test", []int64{u.ID})
		if err != nil || n != 1 {
			t.Fatalf("DeleteUsers = %d, %v", n, err)
		}
		if _, err := db.GetUser(ctx, u.ID); model.CodeOf(err) != model.CodeNotFound {
			t.Errorf("after delete: %v", err)
		}
	})
}

func TestBulkAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	a := mustCreate(t, db, "a", "A", "")
	b := mustCreate(t, db, "b", "B", "")
	_, err := db.SetSuspended(ctx, "test", []int64{a.ID, 424242}, true)
	if model.CodeOf(err) != model.CodeNotFound {
		t.Fatalf("err = %v, want not_found", err)
	}
	if got, _ := db.GetUser(ctx, a.ID); got.Suspended {
		t.Error("a suspended although the bulk action failed")
	}
	n, err := db.SetSuspended(ctx, "test", []int64{a.ID, b.ID}, true)
	if err != nil || n != 2 {
		t.Fatalf("SetSuspended = %d, %v", n, err)
	}
	n, err = db.SetSuspended(ctx, "test", []int64{a.ID, b.ID}, true)
	if err != nil || n != 0 {
		t.Errorf("second SetSuspended = %d, %v; want 0 changed", n, err)
	}
	if c, _ := db.CountUsers(ctx, model.UserStateActive); c != 0 {
		t.Errorf("active = %d, want 0", c)
	}
	if _, err := db.SetSuspended(ctx, "test", nil, true); model.CodeOf(err) != model.CodeInvalid {
		t.Errorf("empty ids: %v, want invalid", err)
	}
}

func TestRequireExclusive(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	a := mustCreate(t, db, "a", "A", "")
	b := mustCreate(t, db, "b", "B", "")
	if _, err := db.SetRequireCert(ctx, "test", []int64{a.ID}, true); err != nil {
		t.Fatal(err)
	}
	_, err := db.SetRequireDevice(ctx, "test", []int64{a.ID, b.ID}, true)
	e := model.AsError(err)
	if e == nil || e.Code != model.CodeConflict || e.Key != "user.exclusive" || e.Params["codes"] != "a" {
		t.Fatalf("err = %#v, want exclusive conflict naming a", err)
	}
	if got, _ := db.GetUser(ctx, b.ID); got.RequireDevice {
		t.Error("b got device designation although the bulk action was refused")
	}
	if n, err := db.SetRequireDevice(ctx, "test", []int64{b.ID}, true); err != nil || n != 1 {
		t.Errorf("SetRequireDevice(b) = %d, %v", n, err)
	}
	// Turning off is always allowed.
	if n, err := db.SetRequireCert(ctx, "test", []int64{a.ID, b.ID}, false); err != nil || n != 1 {
		t.Errorf("SetRequireCert off = %d, %v", n, err)
	}
}

func TestListUsers(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	for i := 0; i < 45; i++ {
		g := "営業部"
		if i%3 == 0 {
			g = "総務部"
		}
		mustCreate(t, db, fmt.Sprintf("u%03d", i), fmt.Sprintf("社員 %d", i), g)
	}
	mustCreate(t, db, "x_1", "100% 本物", "")
	sus := mustCreate(t, db, "sus", "停止 太郎", "営業部")
	if _, err := db.SetSuspended(ctx, "test", []int64{sus.ID}, true); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		f         model.UserFilter
		wantTotal int
		wantFirst string
		wantLen   int
	}{
		{"ok/all first page", model.UserFilter{Limit: 20}, 47, "sus", 20},
		{"ok/last page", model.UserFilter{Limit: 20, Offset: 40}, 47, "u039", 7},
		{"ok/past the end", model.UserFilter{Limit: 20, Offset: 100}, 47, "", 0},
		{"ok/query code", model.UserFilter{Query: "U04", Limit: 10}, 5, "u040", 5},
		{"ok/query name", model.UserFilter{Query: "太郎", Limit: 10}, 1, "sus", 1},
		{"ok/like chars are literal", model.UserFilter{Query: "%", Limit: 10}, 1, "x_1", 1},
		{"ok/underscore literal", model.UserFilter{Query: "_", Limit: 10}, 1, "x_1", 1},
		{"ok/group", model.UserFilter{Group: "総務部", Limit: 100}, 15, "u000", 15},
		{"ok/suspended only", model.UserFilter{State: model.UserStateSuspended, Limit: 10}, 1, "sus", 1},
		{"ok/active in group", model.UserFilter{State: model.UserStateActive, Group: "営業部", Limit: 100}, 30, "u001", 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := db.ListUsers(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if total != tc.wantTotal || len(got) != tc.wantLen {
				t.Fatalf("total=%d len=%d, want %d, %d", total, len(got), tc.wantTotal, tc.wantLen)
			}
			if tc.wantLen > 0 && got[0].Code != tc.wantFirst {
				t.Errorf("first = %s, want %s", got[0].Code, tc.wantFirst)
			}
		})
	}
	groups, err := db.Groups(ctx)
	if err != nil || len(groups) != 2 || groups[0] != "営業部" {
		t.Errorf("Groups = %v, %v", groups, err)
	}
}

func TestImportAtomicAndCounts(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustCreate(t, db, "a", "Old A", "")
	yes := true
	rows := []store.ImportRow{
		{Line: 2, Input: model.UserInput{Code: "A", Name: "New A"}, Suspended: &yes},
		{Line: 3, Input: model.UserInput{Code: "b", Name: "B"}},
	}
	c, u, err := db.ImportUsers(ctx, "test", rows)
	if err != nil || c != 1 || u != 1 {
		t.Fatalf("ImportUsers = %d, %d, %v", c, u, err)
	}
	a, _ := db.GetUserByCode(ctx, "a")
	if a.Name != "New A" || !a.Suspended || a.Code != "a" {
		t.Errorf("a = %+v", a)
	}
	// A row that breaks a constraint rolls back the whole import.
	bad := []store.ImportRow{
		{Line: 2, Input: model.UserInput{Code: "c", Name: "C"}},
		{Line: 3, Input: model.UserInput{Code: "d", Name: "D"}},
	}
	if _, err := db.SQL().ExecContext(ctx, `CREATE TRIGGER no_d BEFORE INSERT ON users WHEN NEW.code = 'd' BEGIN SELECT RAISE(ABORT, 'no d'); END`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.ImportUsers(ctx, "test", bad); err == nil {
		t.Fatal("import with a failing row succeeded")
	}
	if _, err := db.GetUserByCode(ctx, "c"); model.CodeOf(err) != model.CodeNotFound {
		t.Errorf("c was written by a failed import: %v", err)
	}
}

func TestHistoryAndSettings(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	u := mustCreate(t, db, "a", "A", "")
	if _, err := db.SetSuspended(ctx, "desktop", []int64{u.ID}, true); err != nil {
		t.Fatal(err)
	}
	items, total, err := db.ListHistory(ctx, "user", 0, 10)
	if err != nil || total != 2 {
		t.Fatalf("ListHistory = %d, %v", total, err)
	}
	if items[0].Action != "user.suspend" || items[0].Actor != "desktop" || items[0].Target != "a" {
		t.Errorf("newest = %+v", items[0])
	}
	if err := db.PutSettings(ctx, "desktop", map[string]any{"language": "en"}); err != nil {
		t.Fatal(err)
	}
	var lang string
	if ok, err := db.GetSetting(ctx, "language", &lang); !ok || err != nil || lang != "en" {
		t.Errorf("GetSetting = %v, %v, %q", ok, err, lang)
	}
	var missing string
	if ok, _ := db.GetSetting(ctx, "nope", &missing); ok {
		t.Error("unset key reported as set")
	}
	_, total, _ = db.ListHistory(ctx, "", 0, 10)
	if total != 3 {
		t.Errorf("history total %d, want 3", total)
	}
}

func TestFileInDataDir(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "nested", "data"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// BenchmarkListUsers10k measures one Users.List page over 10,000 users
// (SPEC: must stay fast with 10,000 users; target well under 50 ms).
func BenchmarkListUsers10k(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	rows := make([]store.ImportRow, 10000)
	for i := range rows {
		g := []string{"営業部", "総務部", "開発部", "関東支店"}[i%4]
		rows[i] = store.ImportRow{Line: i + 2, Input: model.UserInput{
			Code: fmt.Sprintf("%06d", i), Name: fmt.Sprintf("社員 %05d", i), Group: g,
			Email: fmt.Sprintf("user%d@example.co.jp", i), Phone: "090 1234 5678"}}
	}
	if _, _, err := db.ImportUsers(ctx, "bench", rows); err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		f    model.UserFilter
	}{
		{"first-page", model.UserFilter{Limit: 20}},
		{"last-page-100", model.UserFilter{Limit: 100, Offset: 9900}},
		{"search", model.UserFilter{Query: "社員 09", Limit: 20}},
		{"group-active", model.UserFilter{Group: "開発部", State: model.UserStateActive, Limit: 50}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := db.ListUsers(ctx, c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
