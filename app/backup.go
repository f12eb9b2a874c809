package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"strings"

	"sekisho/backend/backup"
	"sekisho/backend/engine"
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

// RestoreRequest is a backup file to restore into this new engine.
type RestoreRequest struct {
	DataBase64 string `json:"dataBase64"`
	Passphrase string `json:"passphrase"`
}

// RestoreResult says what was restored.
type RestoreResult struct {
	// CreatedAt is when the backup was taken (RFC 3339), AppVersion by
	// which Sekisho.
	CreatedAt     string `json:"createdAt"`
	AppVersion    string `json:"appVersion"`
	CAFingerprint string `json:"caFingerprint"`
	Users         int    `json:"users"`
	Certificates  int    `json:"certificates"`
	Revocations   int    `json:"revocations"`
	IPRules       int    `json:"ipRules"`
	Routes        int    `json:"routes"`
	Devices       int    `json:"devices"`
	// PublicHostCleared is the old machine's address the restored public
	// host named ("" if none): links now use this machine's address.
	PublicHostCleared string `json:"publicHostCleared"`
	// ListenError, when set, is why the restored ports could not be taken
	// (the listeners stayed where they were).
	ListenError string `json:"listenError"`
}

// Restore restores a backup into this engine while it runs, on a new
// machine only (System.Info's fresh: no users, certificates, rules, routes
// or devices yet); else 409 conflict naming `sekisho restore --force`. A
// wrong passphrase (400 on passphrase), a damaged file or one from a newer
// Sekisho (400 on dataBase64) change nothing. After it the CA, users,
// certificates, revocations, rules, routes, devices and settings are the
// backup's, the LAN server certificate names this machine's addresses, and
// every certificate issued before keeps working.
func (s *System) Restore(req RestoreRequest) (RestoreResult, error) {
	v, err := s.restore(req)
	return v, s.fail(err)
}

func (s *System) restore(req RestoreRequest) (RestoreResult, error) {
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(req.DataBase64))
	if err != nil {
		return RestoreResult{}, model.Invalid("dataBase64", "field.base64", nil)
	}
	if len(data) == 0 {
		return RestoreResult{}, model.Invalid("dataBase64", "restore.file.missing", nil)
	}
	if req.Passphrase == "" {
		return RestoreResult{}, model.Invalid("passphrase", "restore.passphrase.missing", nil)
	}
	res, err := s.env.RestoreFresh(context.Background(), s.env.Actor, bytes.NewReader(data), req.Passphrase)
	switch {
	case errors.Is(err, engine.ErrNotFresh):
		return RestoreResult{}, &model.Error{Code: model.CodeConflict, Key: "restore.not_fresh", Params: map[string]any{"dir": s.env.DataDir()}}
	case errors.Is(err, backup.ErrPassphrase):
		return RestoreResult{}, model.Invalid("passphrase", "restore.passphrase.wrong", nil)
	case errors.Is(err, backup.ErrNewerVersion):
		return RestoreResult{}, model.Invalid("dataBase64", "restore.file.newer", nil)
	case errors.Is(err, backup.ErrDamaged):
		return RestoreResult{}, model.Invalid("dataBase64", "restore.file.damaged", nil)
	case errors.Is(err, backup.ErrSealKey):
		return RestoreResult{}, model.Invalid("dataBase64", "restore.file.damaged", nil)
	case err != nil:
		return RestoreResult{}, model.Internalf("restore: %w", err)
	}
	m := res.Manifest
	out := RestoreResult{CreatedAt: timeString(m.Created), AppVersion: m.AppVersion, CAFingerprint: m.CAFingerprint,
		Users: m.Counts.Users, Certificates: m.Counts.Certificates, Revocations: m.Counts.Revocations, IPRules: m.Counts.IPRules,
		Routes: m.Counts.Routes, Devices: m.Counts.Devices, PublicHostCleared: res.PublicHostCleared}
	if res.ListenError != nil {
		out.ListenError = res.ListenError.Error()
	}
	s.env.Publish(EventDataRestored, nil)
	return out, nil
}

// EventDataRestored tells every screen that the data was replaced.
const EventDataRestored = "data:restored"

// StartFresh records that the admin starts this new engine afresh instead
// of restoring a backup: System.Info's fresh turns false.
func (s *System) StartFresh(Empty) (Empty, error) {
	return Empty{}, s.fail(s.env.DB.PutSettings(context.Background(), s.env.Actor, map[string]any{engine.SettingFirstStartDone: true}))
}
