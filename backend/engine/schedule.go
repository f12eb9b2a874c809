package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"sekisho/backend/backup"
	"sekisho/backend/secret"
)

// backupPassphrasePurpose binds the sealed scheduled-backup passphrase to
// its use: the CA key's seal does not open it, nor it the CA key's.
const backupPassphrasePurpose = "sekisho scheduled backup passphrase v1"

// DefaultBackupCheckInterval is how often the schedule is checked.
const DefaultBackupCheckInterval = time.Minute

// backupRetryAfter is how long a failed scheduled backup waits before the
// next attempt (at most the interval): a missing USB drive is not retried
// every minute, each try taking scrypt's memory.
const backupRetryAfter = time.Hour

// backupFilePattern matches the names backup.FileName produces: the only
// files the schedule ever deletes.
var backupFilePattern = regexp.MustCompile(`^sekisho-[0-9]{8}-[0-9]{6}` + regexp.QuoteMeta(backup.Ext) + `$`)

// BackupStatus is the schedule and its last run.
type BackupStatus struct {
	Enabled       bool
	Folder        string
	IntervalHours int
	Keep          int
	PassphraseSet bool
	// LastAt is the last attempt's time (zero: never); LastOk its result,
	// LastError its error, LastFile the file it wrote (a base name).
	LastAt    time.Time
	LastOk    bool
	LastError string
	LastFile  string
	// LastSuccessAt is the last successful backup's time (zero: never).
	LastSuccessAt time.Time
	// Due: the last success is older than the interval, or there is none.
	Due bool
}

// SealBackupPassphrase seals the scheduled backups' passphrase with the
// seal key (read again here and cleared at once, as Backup does), for the
// setting SettingBackupPassphraseSealed.
func (e *Engine) SealBackupPassphrase(passphrase string) ([]byte, error) {
	if err := backup.CheckPassphrase(passphrase); err != nil {
		return nil, err
	}
	key, err := e.sealKey()
	if err != nil {
		return nil, fmt.Errorf("read the seal key: %w", err)
	}
	defer clear(key)
	return secret.Seal(key, []byte(passphrase), []byte(backupPassphrasePurpose))
}

func (e *Engine) openBackupPassphrase(sealed []byte) (string, error) {
	key, err := e.sealKey()
	if err != nil {
		return "", fmt.Errorf("read the seal key: %w", err)
	}
	defer clear(key)
	b, err := secret.Open(key, sealed, []byte(backupPassphrasePurpose))
	if err != nil {
		return "", fmt.Errorf("open the stored backup passphrase (set it again in Settings): %w", err)
	}
	defer clear(b)
	return string(b), nil
}

// BackupStatus reads the schedule and its last run.
func (e *Engine) BackupStatus(ctx context.Context) (BackupStatus, error) {
	set, err := LoadSettings(ctx, e.DB)
	if err != nil {
		return BackupStatus{}, err
	}
	b := set.Backup
	st := BackupStatus{Enabled: b.Enabled, Folder: b.Folder, IntervalHours: b.IntervalHours, Keep: b.Keep, PassphraseSet: len(b.PassphraseSealed) > 0}
	for key, dst := range map[string]any{
		SettingBackupLastAt: &st.LastAt, SettingBackupLastOk: &st.LastOk, SettingBackupLastError: &st.LastError,
		SettingBackupLastFile: &st.LastFile, SettingBackupLastSuccessAt: &st.LastSuccessAt,
	} {
		if _, err := e.DB.GetSetting(ctx, key, dst); err != nil {
			return BackupStatus{}, err
		}
	}
	st.Due = st.LastSuccessAt.IsZero() || !e.now().Before(st.LastSuccessAt.Add(time.Duration(st.IntervalHours)*time.Hour))
	return st, nil
}

// keepBackedUp runs the backup schedule until ctx ends, checking it every
// interval.
func (e *Engine) keepBackedUp(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := e.scheduledBackup(ctx); err != nil && ctx.Err() == nil {
				e.Log.Error("scheduled backup failed", "err", err)
			}
		}
	}
}

// scheduledBackup writes a backup into the schedule's folder when the
// schedule is on and one is due, then deletes the oldest backups beyond
// the number kept. It records the attempt (time, result, error, file) in
// the settings. ran is false when nothing was due.
func (e *Engine) scheduledBackup(ctx context.Context) (ran bool, err error) {
	st, err := e.BackupStatus(ctx)
	if err != nil {
		return false, err
	}
	if !st.Enabled || !st.Due {
		return false, nil
	}
	now := e.now()
	if !st.LastAt.IsZero() && !st.LastOk {
		wait := min(backupRetryAfter, time.Duration(st.IntervalHours)*time.Hour)
		if now.Before(st.LastAt.Add(wait)) {
			return false, nil
		}
	}
	file, err := e.writeScheduledBackup(ctx, now)
	if ctx.Err() != nil {
		return true, ctx.Err() // stopping: not a failure to record
	}
	rec := map[string]any{SettingBackupLastAt: now, SettingBackupLastOk: err == nil, SettingBackupLastError: "", SettingBackupLastFile: file}
	if err != nil {
		rec[SettingBackupLastError] = err.Error()
		rec[SettingBackupLastFile] = ""
	} else {
		rec[SettingBackupLastSuccessAt] = now
	}
	if rerr := e.DB.PutSettingsQuiet(ctx, rec); rerr != nil {
		err = errors.Join(err, rerr)
	}
	return true, err
}

// writeScheduledBackup writes backup.FileName(now) into the folder
// atomically (a temporary file renamed, 0600) and prunes the old ones.
func (e *Engine) writeScheduledBackup(ctx context.Context, now time.Time) (string, error) {
	set, err := LoadSettings(ctx, e.DB)
	if err != nil {
		return "", err
	}
	b := set.Backup
	switch {
	case b.Folder == "" || !filepath.IsAbs(b.Folder):
		return "", errors.New("no backup folder is set")
	case len(b.PassphraseSealed) == 0:
		return "", errors.New("no backup passphrase is set")
	}
	if fi, err := os.Stat(b.Folder); err != nil {
		return "", fmt.Errorf("backup folder: %w", err)
	} else if !fi.IsDir() {
		return "", fmt.Errorf("backup folder %s is not a folder", b.Folder)
	}
	pass, err := e.openBackupPassphrase(b.PassphraseSealed)
	if err != nil {
		return "", err
	}
	name := backup.FileName(now.Local())
	tmp, err := os.CreateTemp(b.Folder, ".sekisho-backup-*.tmp")
	if err != nil {
		return "", fmt.Errorf("write in the backup folder: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return "", fmt.Errorf("write in the backup folder: %w", err)
	}
	if _, err := e.Backup(ctx, tmp, pass); err != nil {
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("write the backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("write the backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(b.Folder, name)); err != nil {
		os.Remove(tmp.Name())
		done = true
		return "", fmt.Errorf("write the backup: %w", err)
	}
	done = true
	e.Log.Info("scheduled backup written", "file", filepath.Join(b.Folder, name))
	if err := pruneBackups(b.Folder, b.Keep); err != nil {
		// The backup itself is there: a leftover old file is only logged.
		e.Log.Warn("delete old scheduled backups", "folder", b.Folder, "err", err)
	}
	return name, nil
}

// pruneBackups deletes the oldest backups in dir beyond keep: only regular
// files named as backup.FileName names them, oldest by name (the name is
// the time).
func pruneBackups(dir string, keep int) error {
	if keep < 1 {
		keep = 1
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, ent := range entries {
		if ent.Type().IsRegular() && backupFilePattern.MatchString(ent.Name()) {
			names = append(names, ent.Name())
		}
	}
	sort.Strings(names)
	var errs []error
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
		names = names[1:]
	}
	return errors.Join(errs...)
}
