package engine

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sekisho/backend/backup"
)

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// startScheduled starts an engine on a fake clock with the schedule on,
// writing into folder and keeping keep.
func startScheduled(t *testing.T, folder string, keep int, opt Options) (*Engine, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Now().Truncate(time.Second)}
	opt.Now = clock.Now
	opt.BackupWorkFactor = testBackupWorkFactor
	if opt.BackupCheckInterval == 0 {
		opt.BackupCheckInterval = time.Hour // the tests call scheduledBackup themselves
	}
	e := mustStart(t, testConfig(t.TempDir()), opt)
	sealed, err := e.SealBackupPassphrase(testBackupPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sealed), testBackupPassphrase) {
		t.Fatal("the sealed passphrase holds it in clear")
	}
	err = e.DB.PutSettings(context.Background(), "test", map[string]any{
		SettingBackupEnabled: true, SettingBackupFolder: folder, SettingBackupKeep: keep, SettingBackupPassphraseSealed: sealed,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e, clock
}

func backupFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ent := range entries {
		out = append(out, ent.Name())
	}
	return out
}

// TestScheduledBackupKeepsLastN: the job writes a backup when none was
// made, then again only once the interval has passed; after keep+2 runs the
// folder holds the last keep backups (0600, no temporary file), the files
// not named like a backup untouched; the last one restores with the same
// CA.
func TestScheduledBackupKeepsLastN(t *testing.T) {
	ctx := context.Background()
	folder := t.TempDir()
	const keep = 3
	others := []string{"notes.txt", "sekisho-backup.sekisho-backup", "sekisho-20200101-000000.sekisho-backup.bak", "sekisho-2020-01-01.sekisho-backup"}
	for _, name := range others {
		if err := os.WriteFile(filepath.Join(folder, name), []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A folder named like a backup is not a backup either.
	if err := os.Mkdir(filepath.Join(folder, "sekisho-20000101-000000"+backup.Ext), 0o700); err != nil {
		t.Fatal(err)
	}
	others = append(others, "sekisho-20000101-000000"+backup.Ext)
	e, clock := startScheduled(t, folder, keep, Options{})

	var written []string
	for i := range keep + 2 {
		ran, err := e.scheduledBackup(ctx)
		if err != nil || !ran {
			t.Fatalf("run %d: ran %v, %v", i, ran, err)
		}
		st, err := e.BackupStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !st.LastOk || st.LastError != "" || st.Due || !st.LastAt.Equal(clock.Now()) || !st.LastSuccessAt.Equal(clock.Now()) {
			t.Fatalf("run %d: status %+v", i, st)
		}
		if st.LastFile != backup.FileName(clock.Now().Local()) {
			t.Errorf("run %d: file %q, want %q", i, st.LastFile, backup.FileName(clock.Now().Local()))
		}
		written = append(written, st.LastFile)
		// Not again before the interval (24 hours by default).
		clock.Add(23 * time.Hour)
		if ran, err := e.scheduledBackup(ctx); ran || err != nil {
			t.Fatalf("run %d: ran again before the interval (%v)", i, err)
		}
		clock.Add(time.Hour)
	}
	got := backupFiles(t, folder)
	want := append(slices.Clone(others), written[len(written)-keep:]...)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("folder holds %q, want %q", got, want)
	}
	last := filepath.Join(folder, written[len(written)-1])
	if fi, err := os.Stat(last); err != nil {
		t.Fatal(err)
	} else if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	f, err := os.Open(last)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := backup.Restore(ctx, f, testBackupPassphrase, filepath.Join(t.TempDir(), "restored"), backup.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m.CAFingerprint != e.CA().Fingerprint() {
		t.Errorf("restored CA %s, want %s", m.CAFingerprint, e.CA().Fingerprint())
	}
}

// TestScheduledBackupFailure: a removed folder makes the run fail with the
// error recorded and the backup due; the next try waits an hour, and
// succeeds once the folder is back. A disabled schedule writes nothing.
func TestScheduledBackupFailure(t *testing.T) {
	ctx := context.Background()
	folder := filepath.Join(t.TempDir(), "usb")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	e, clock := startScheduled(t, folder, 7, Options{})
	if ran, err := e.scheduledBackup(ctx); !ran || err != nil {
		t.Fatalf("first run: %v, %v", ran, err)
	}
	if err := os.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}
	clock.Add(25 * time.Hour)
	ran, err := e.scheduledBackup(ctx)
	if !ran || err == nil {
		t.Fatalf("run into a removed folder: ran %v, err %v", ran, err)
	}
	st, err := e.BackupStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.LastOk || st.LastError == "" || !st.Due || st.LastFile != "" || !st.LastAt.Equal(clock.Now()) || st.LastSuccessAt.Equal(clock.Now()) {
		t.Errorf("status after a failure: %+v", st)
	}
	if !strings.Contains(st.LastError, "backup folder") {
		t.Errorf("error %q does not name the folder", st.LastError)
	}
	clock.Add(30 * time.Minute)
	if ran, _ := e.scheduledBackup(ctx); ran {
		t.Error("retried within the hour")
	}
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	clock.Add(30 * time.Minute)
	if ran, err := e.scheduledBackup(ctx); !ran || err != nil {
		t.Fatalf("retry: %v, %v", ran, err)
	}
	if st, _ := e.BackupStatus(ctx); !st.LastOk || st.LastError != "" || st.Due || len(backupFiles(t, folder)) != 1 {
		t.Errorf("status after the retry: %+v, files %q", st, backupFiles(t, folder))
	}

	// Off: nothing, however late.
	if err := e.DB.PutSettings(ctx, "test", map[string]any{SettingBackupEnabled: false}); err != nil {
		t.Fatal(err)
	}
	clock.Add(100 * time.Hour)
	if ran, err := e.scheduledBackup(ctx); ran || err != nil {
		t.Errorf("disabled: ran %v, %v", ran, err)
	}
}

// TestScheduledBackupJob: the engine's own job (started by Start) writes
// the backup without being called.
func TestScheduledBackupJob(t *testing.T) {
	folder := t.TempDir()
	e, _ := startScheduled(t, folder, 7, Options{BackupCheckInterval: 10 * time.Millisecond})
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := e.BackupStatus(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if st.LastOk {
			if files := backupFiles(t, folder); !slices.Equal(files, []string{st.LastFile}) {
				t.Errorf("folder holds %q, want %q", files, st.LastFile)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no scheduled backup: %+v", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
