package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"

	"sekisho/backend/backup"
	"sekisho/backend/model"
)

// BackupRequest asks for a backup now.
type BackupRequest struct {
	// Passphrase encrypts the backup: at least backup.MinPassphrase
	// characters. Without it the backup cannot be restored.
	Passphrase string `json:"passphrase"`
}

// BackupResult is the backup: one .sekisho-backup file for the admin to
// save (the desktop's save dialog, or a download in the browser).
type BackupResult struct {
	// Filename is the suggested name, e.g.
	// sekisho-20261203-104500.sekisho-backup (the admin's local time).
	Filename   string `json:"filename"`
	DataBase64 string `json:"dataBase64"`
}

// Backup takes a backup of everything needed to carry on on another
// machine — the database (users, certificates, revocations, rules, routes,
// devices, settings), the CA and its key — consistent while the engine
// runs, encrypted under the passphrase (SPEC section 9, CONTRACT "Backup
// and restore"). `sekisho restore` reads it.
func (s *System) Backup(req BackupRequest) (BackupResult, error) {
	short := model.Invalid("passphrase", "backup.passphrase.short", map[string]any{"min": backup.MinPassphrase})
	if backup.CheckPassphrase(req.Passphrase) != nil {
		return BackupResult{}, s.fail(short)
	}
	// It is typed again at a terminal to restore: no control characters.
	if err := model.CheckLine("passphrase", req.Passphrase); err != nil {
		return BackupResult{}, s.fail(err)
	}
	var buf bytes.Buffer
	m, err := s.env.Backup(context.Background(), &buf, req.Passphrase)
	switch {
	case errors.Is(err, backup.ErrShortPassphrase):
		return BackupResult{}, s.fail(short)
	case errors.Is(err, backup.ErrSealKey):
		return BackupResult{}, s.fail(&model.Error{Code: model.CodeInternal, Key: "backup.seal_key", Err: err})
	case err != nil:
		return BackupResult{}, s.fail(model.Internalf("backup: %w", err))
	}
	name := backup.FileName(m.Created.In(s.env.Loc))
	if err := s.env.DB.RecordAction(context.Background(), s.env.Actor, "backup.create", "ca", name, m.CAFingerprint); err != nil {
		s.env.Log.Error("record the backup in the history", "err", err)
	}
	return BackupResult{Filename: name, DataBase64: base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}
