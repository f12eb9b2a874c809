package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"sekisho/backend/model"
	"sekisho/backend/store"
)

// TestCopyTo: the copy is a database of its own, as of one moment, made
// while another connection writes; it refuses to overwrite a file.
func TestCopyTo(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustCreate(t, db, "000419", "安井", "経理")
	if _, err := db.SaveIPRule(ctx, "test", 0, model.IPRuleInput{Name: "本社", Address: "192.168.10.0/24"}, true); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		batch := make([]store.AccessEntry, 10)
		for i := range batch {
			batch[i] = store.AccessEntry{At: time.Now(), ClientIP: "192.168.10.23", Decision: "allow"}
		}
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.InsertAccess(ctx, batch); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	err := db.CopyTo(ctx, path)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("copy: %v, mode %v", err, fi.Mode().Perm())
	}
	if err := db.CopyTo(ctx, path); err == nil {
		t.Error("CopyTo over an existing file succeeded")
	}

	cp, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if err := cp.Check(ctx); err != nil {
		t.Error(err)
	}
	c, err := cp.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.Counts{Users: 1, IPRules: 1}); c != want {
		t.Errorf("Counts = %+v, want %+v", c, want)
	}
	var n int
	if err := cp.SQL().QueryRow(`SELECT COUNT(*) FROM access_log`).Scan(&n); err != nil || n%10 != 0 {
		t.Errorf("access log rows in the copy: %d (%v), want whole batches of 10", n, err)
	}
	if v, _ := cp.Version(ctx); v == 0 {
		t.Error("no schema version in the copy")
	}
	if latest, err := store.LatestVersion(); err != nil || latest < 6 {
		t.Errorf("LatestVersion = %d, %v", latest, err)
	}
	if cp.Dir() != dir {
		t.Errorf("Dir = %q, want %q", cp.Dir(), dir)
	}
}
