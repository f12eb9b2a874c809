package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"

	"sekisho/backend/backup"
	"sekisho/backend/ca"
	"sekisho/backend/config"
	"sekisho/backend/secret"
	"sekisho/backend/server"
	"sekisho/backend/store"
)

// SettingFirstStartDone is set once the admin chose, on a new engine, to
// start afresh instead of restoring a backup (the window's first screen).
const SettingFirstStartDone = "firstStartDone"

// ErrNotFresh: the engine already holds users, certificates, rules, routes
// or devices, so a backup is not restored over them while it runs (stop it
// and use `sekisho restore --force`, which keeps a dated copy).
var ErrNotFresh = errors.New("engine: this engine already holds data")

// Fresh reports whether the engine is new: no users, certificates,
// revocations, IP rules, routes or devices, and the admin has not chosen
// to start afresh yet.
func (e *Engine) Fresh(ctx context.Context) (bool, error) {
	c, err := e.DB.Counts(ctx)
	if err != nil || c != (store.Counts{}) {
		return false, err
	}
	var done bool
	if _, err := e.DB.GetSetting(ctx, SettingFirstStartDone, &done); err != nil {
		return false, err
	}
	return !done, nil
}

// Restored is what RestoreFresh did.
type Restored struct {
	Manifest backup.Manifest
	// PublicHostCleared is the old machine's address the restored public
	// host setting named; links now use this machine's address.
	PublicHostCleared string
	// ListenError, when set, is why the restored ports could not be
	// taken; the listeners stay where they were.
	ListenError error
}

// RestoreFresh replaces a new engine's data (Fresh's counts all zero) with
// a backup's while it runs: the backup is read, decrypted and checked in a
// temporary folder first (a wrong passphrase or a damaged file changes
// nothing); the CA keys and the stored backup passphrase are sealed again
// with this engine's seal key (master.key is not replaced); then the
// database content is replaced in one SQLite transaction and applied: the
// CA (same fingerprint as before the backup), CRL, LAN server certificate
// for this machine's addresses, policy, devices, sessions and listeners. A
// restored public host that is an address of another machine is cleared
// (links use this machine's address). Errors wrap ErrNotFresh and the
// backup package's errors.
func (e *Engine) RestoreFresh(ctx context.Context, actor store.Actor, r io.Reader, passphrase string) (Restored, error) {
	e.pki.rmu.Lock()
	defer e.pki.rmu.Unlock()
	e.backupMu.Lock()
	defer e.backupMu.Unlock()
	if c, err := e.DB.Counts(ctx); err != nil {
		return Restored{}, err
	} else if c != (store.Counts{}) {
		return Restored{}, ErrNotFresh
	}
	tmp, err := os.MkdirTemp(e.cfg.DataDir, restoreTempPattern)
	if err != nil {
		return Restored{}, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "data")
	m, err := backup.Restore(ctx, r, passphrase, dir, backup.RestoreOptions{})
	if err != nil {
		return Restored{}, err
	}
	out := Restored{Manifest: m}
	if out.PublicHostCleared, err = e.prepareRestored(ctx, dir, actor, m); err != nil {
		return Restored{}, err
	}
	// Checked again: an admin may have added something while the backup
	// was being read.
	if c, err := e.DB.Counts(ctx); err != nil {
		return Restored{}, err
	} else if c != (store.Counts{}) {
		return Restored{}, ErrNotFresh
	}
	if err := e.DB.ReplaceFrom(ctx, dir); err != nil {
		return Restored{}, err
	}
	e.Log.Warn("data restored from a backup", "backupCreated", m.Created, "caFingerprint", m.CAFingerprint, "counts", m.Counts)
	// The database is the backup's from here on: every part of the state
	// is loaded from it even when one fails (a restart loads it all).
	var errs []error
	if err := e.reloadTrustLocked(ctx, "restored from a backup"); err != nil {
		errs = append(errs, fmt.Errorf("apply the restored CA: %w", err))
	}
	e.Changed(ctx)
	for _, reload := range []func(context.Context) error{e.gw.reloadDevices, e.gw.reloadSessions} {
		if err := reload(ctx); err != nil {
			errs = append(errs, fmt.Errorf("load the restored gateway state: %w", err))
		}
	}
	if set, err := LoadSettings(ctx, e.DB); err != nil {
		errs = append(errs, err)
	} else if err := e.Relisten(ctx, set); err != nil {
		e.Log.Warn("the restored ports could not be taken; the listeners stay where they are", "err", err)
		out.ListenError = err
	}
	e.Publish(EventCA, nil)
	if err := errors.Join(errs...); err != nil {
		e.Log.Error("the restored data is stored but not all of it is in use: restart Sekisho", "err", err)
		return out, fmt.Errorf("%w (the restored data is stored: restart Sekisho to use it)", err)
	}
	return out, nil
}

// cleanRestoreLeftovers removes the temporary folders of restores a crash
// interrupted (they hold a backup's database and seal key).
func cleanRestoreLeftovers(dir string, log interface{ Warn(string, ...any) }) {
	left, _ := filepath.Glob(filepath.Join(dir, restoreTempPattern))
	for _, p := range left {
		if err := os.RemoveAll(p); err != nil {
			log.Warn("remove an interrupted restore's folder", "path", p, "err", err)
		}
	}
}

// restoreTempPattern names RestoreFresh's temporary folders in the data
// folder.
const restoreTempPattern = ".restore-*"

// prepareRestored makes the restored folder dir fit this engine before its
// database replaces the live one: the sealed secrets are sealed again with
// this engine's seal key, and a public host that is an address of another
// machine is cleared (returned).
func (e *Engine) prepareRestored(ctx context.Context, dir string, actor store.Actor, m backup.Manifest) (string, error) {
	from, err := loadSealKey(config.Config{DataDir: dir})
	if err != nil {
		return "", fmt.Errorf("the backup's seal key: %w", err)
	}
	defer clear(from)
	to, err := e.sealKey()
	if err != nil {
		return "", fmt.Errorf("read the seal key: %w", err)
	}
	defer clear(to)
	db, err := store.Open(ctx, dir)
	if err != nil {
		return "", err
	}
	defer db.Close()
	reseal := func(sealed []byte, purpose string) ([]byte, error) {
		plain, err := secret.Open(from, sealed, []byte(purpose))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", backup.ErrSealKey, err)
		}
		defer clear(plain)
		return secret.Seal(to, plain, []byte(purpose))
	}
	if err := db.ResealCA(ctx, func(b []byte) ([]byte, error) { return reseal(b, ca.SealPurpose) }); err != nil {
		return "", err
	}
	set, err := LoadSettings(ctx, db)
	if err != nil {
		return "", err
	}
	// Even a backup of an empty engine is a choice made: the first screen
	// does not come back. Written here, it is part of the one replace.
	values := map[string]any{SettingFirstStartDone: true}
	if len(set.Backup.PassphraseSealed) > 0 {
		b, err := reseal(set.Backup.PassphraseSealed, backupPassphrasePurpose)
		if err != nil {
			return "", err
		}
		values[SettingBackupPassphraseSealed] = b
	}
	var smtpSealed []byte
	if _, err := db.GetSetting(ctx, SettingSMTPPasswordSealed, &smtpSealed); err != nil {
		return "", err
	}
	if len(smtpSealed) > 0 {
		b, err := reseal(smtpSealed, smtpPasswordPurpose)
		if err != nil {
			return "", err
		}
		values[SettingSMTPPasswordSealed] = b
	}
	if err := db.PutSettingsQuiet(ctx, values); err != nil {
		return "", err
	}
	if err := db.RecordAction(ctx, actor, "backup.restore", "ca", m.Created.UTC().Format("2006-01-02T15:04:05Z"), m.CAFingerprint); err != nil {
		return "", err
	}
	stale, err := clearForeignPublicHost(ctx, db, set.PublicHost)
	if stale != "" {
		e.Log.Warn("the restored public host is another machine's address; links use this machine's address", "was", stale)
	}
	return stale, err
}

// ClearForeignPublicHost clears the public host setting of the data folder
// dir (a restored backup, no engine running on it) when it is an address of
// another machine, and returns it: links and QR codes then use this
// machine's address. `sekisho restore` calls it.
func ClearForeignPublicHost(ctx context.Context, dir string) (string, error) {
	db, err := store.Open(ctx, dir)
	if err != nil {
		return "", err
	}
	defer db.Close()
	set, err := LoadSettings(ctx, db)
	if err != nil {
		return "", err
	}
	return clearForeignPublicHost(ctx, db, set.PublicHost)
}

func clearForeignPublicHost(ctx context.Context, db *store.DB, host string) (string, error) {
	if !foreignAddress(host, server.LANAddresses()) {
		return "", nil
	}
	return host, db.PutSettingsQuiet(ctx, map[string]any{SettingPublicHost: ""})
}

// foreignAddress reports whether host is an IP address (not loopback) that
// none of this machine's addresses lan is.
func foreignAddress(host string, lan []netip.Addr) bool {
	a, err := netip.ParseAddr(host)
	if err != nil || a.IsLoopback() || a.IsUnspecified() {
		return false
	}
	for _, l := range lan {
		if l.Unmap() == a.Unmap() {
			return false
		}
	}
	return true
}
