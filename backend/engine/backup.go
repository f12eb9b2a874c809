package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"sekisho/backend/backup"
)

// Backup writes a backup of the running engine's data to w (a
// .sekisho-backup, package backup), encrypted under passphrase, and returns
// its manifest. The database is copied consistently while the gateway and
// the admin go on writing to it. The key that seals the CA key is read
// again for the backup (SEKISHO_MASTER_KEY or DATA/master.key, as at Start)
// and cleared before Backup returns. Backups run one at a time: each takes
// scrypt's memory (256 MiB by default). Errors wrap backup's sentinel
// errors (backup.ErrShortPassphrase, backup.ErrSealKey).
func (e *Engine) Backup(ctx context.Context, w io.Writer, passphrase string) (backup.Manifest, error) {
	if err := backup.CheckPassphrase(passphrase); err != nil {
		return backup.Manifest{}, err
	}
	e.backupMu.Lock()
	defer e.backupMu.Unlock()
	if err := ctx.Err(); err != nil {
		return backup.Manifest{}, err
	}
	key, err := e.sealKey()
	if errors.Is(err, fs.ErrNotExist) {
		return backup.Manifest{}, fmt.Errorf("backup: %w (%w)", err, backup.ErrSealKey)
	}
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("backup: read the seal key: %w", err)
	}
	defer clear(key)
	src := backup.Source{DB: e.DB, SealKey: key, AppVersion: e.version, WorkFactor: e.backupWorkFactor}
	m, err := backup.Write(ctx, w, src, passphrase, e.now())
	if err != nil {
		return backup.Manifest{}, err
	}
	e.Log.Info("backup written", "caFingerprint", m.CAFingerprint, "users", m.Counts.Users, "certificates", m.Counts.Certificates)
	return m, nil
}
