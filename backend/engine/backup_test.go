package engine

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"sekisho/backend/backup"
	"sekisho/backend/model"
	"sekisho/backend/secret"
)

// testBackupWorkFactor keeps scrypt to about a millisecond in tests.
const testBackupWorkFactor = 10

const testBackupPassphrase = "correct horse battery"

// TestBackupRestoreStart: a backup of a running engine (while the admin
// goes on adding users), restored into a new folder, starts an engine on
// other ports with the same CA and the rows the manifest counted. With the
// seal key in master.key and in SEKISHO_MASTER_KEY.
func TestBackupRestoreStart(t *testing.T) {
	for _, masterKey := range []bool{false, true} {
		t.Run(fmt.Sprintf("masterKey=%v", masterKey), func(t *testing.T) {
			ctx := context.Background()
			cfg := testConfig(t.TempDir())
			if masterKey {
				k, err := secret.NewKey()
				if err != nil {
					t.Fatal(err)
				}
				cfg.MasterKey = hex.EncodeToString(k)
			}
			e := mustStart(t, cfg, Options{BackupWorkFactor: testBackupWorkFactor})
			if _, err := e.DB.CreateUser(ctx, "test", model.UserInput{Code: "000419", Name: "安井 徳彦"}); err != nil {
				t.Fatal(err)
			}

			// Writes go on during the backup.
			stop, started := make(chan struct{}), make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := e.DB.CreateUser(ctx, "test", model.UserInput{Code: fmt.Sprintf("w%05d", i), Name: "W"}); err != nil {
						t.Error(err)
						if i <= 5 {
							close(started)
						}
						return
					}
					if i == 5 {
						close(started)
					}
				}
			}()
			<-started
			var buf bytes.Buffer
			m, err := e.Backup(ctx, &buf, testBackupPassphrase)
			close(stop)
			wg.Wait()
			if err != nil {
				t.Fatal(err)
			}
			if m.CAFingerprint != e.CA().Fingerprint() || m.AppVersion != e.Version() || m.Counts.Users < 1 {
				t.Errorf("manifest %+v; the engine's CA is %s", m, e.CA().Fingerprint())
			}
			for _, leak := range []string{"SQLite format 3", "PRIVATE KEY", "000419"} {
				if bytes.Contains(buf.Bytes(), []byte(leak)) {
					t.Errorf("the backup contains %q in clear", leak)
				}
			}

			dir := filepath.Join(t.TempDir(), "restored")
			if _, err := backup.Restore(ctx, bytes.NewReader(buf.Bytes()), testBackupPassphrase, dir, backup.RestoreOptions{}); err != nil {
				t.Fatal(err)
			}
			// The restored folder holds its own master.key: no
			// SEKISHO_MASTER_KEY on the new machine.
			e2 := mustStart(t, testConfig(dir), Options{})
			if got, want := e2.CA().Fingerprint(), e.CA().Fingerprint(); got != want {
				t.Errorf("restored CA %s, want %s", got, want)
			}
			if e2.Listening("gateway").Port == e.Listening("gateway").Port {
				t.Error("the restored engine shares the gateway's port")
			}
			counts, err := e2.DB.Counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if counts != m.Counts {
				t.Errorf("restored counts %+v, manifest %+v", counts, m.Counts)
			}
			if _, err := e2.DB.GetUserByCode(ctx, "000419"); err != nil {
				t.Errorf("the user made before the backup: %v", err)
			}
		})
	}
}

// TestBackupRefuses: a short passphrase writes nothing; a master.key that
// does not open the CA key fails with ErrSealKey.
func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t.TempDir())
	e := mustStart(t, cfg, Options{BackupWorkFactor: testBackupWorkFactor})
	var buf bytes.Buffer
	if _, err := e.Backup(ctx, &buf, "short"); !errors.Is(err, backup.ErrShortPassphrase) || buf.Len() > 0 {
		t.Errorf("short passphrase: %v, %d bytes written", err, buf.Len())
	}
	// Another key in master.key since the engine started.
	k, err := secret.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := secret.WriteFileAtomic(filepath.Join(cfg.DataDir, backup.KeyFileName), []byte(hex.EncodeToString(k)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Backup(ctx, &buf, testBackupPassphrase); !errors.Is(err, backup.ErrSealKey) {
		t.Errorf("another master.key: %v, want ErrSealKey", err)
	}
}
