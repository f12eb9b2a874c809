package app

import (
	"context"
	"encoding/base64"
	"strings"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/model"
)

// System describes the running program and offers platform helpers.
type System struct{ base }

// SystemInfo describes the running program.
type SystemInfo struct {
	Version       string `json:"version"`
	Mode          Mode   `json:"mode"`
	DataDir       string `json:"dataDir"`
	AdminURL      string `json:"adminUrl"`
	PortalURL     string `json:"portalUrl"`
	GatewayURL    string `json:"gatewayUrl"`
	CAFingerprint string `json:"caFingerprint"`
	// CAThumbprint is the CA's SHA-1 hash as Windows shows it when the
	// root is installed (拇印).
	CAThumbprint string   `json:"caThumbprint"`
	Language     Language `json:"language"`
	// Fresh: a new engine (no users, certificates, rules, routes or
	// devices) whose admin has not chosen to start afresh yet: the window
	// offers to restore a backup (System.Restore) or start
	// (System.StartFresh).
	Fresh bool `json:"fresh"`
}

// Info returns what the program is running and where.
func (s *System) Info(Empty) (SystemInfo, error) {
	info := SystemInfo{Mode: s.env.Mode, Language: Language(s.env.Lang())}
	if ri := s.env.Info(); ri.StartedAt != (time.Time{}) {
		info.Version, info.DataDir, info.AdminURL = ri.Version, ri.DataDir, ri.AdminURL
		info.PortalURL, info.GatewayURL, info.CAFingerprint = ri.PortalURL, ri.GatewayURL, ri.CAFingerprint
		fresh, err := s.env.Fresh(context.Background())
		if err != nil {
			return SystemInfo{}, s.fail(err)
		}
		info.Fresh = fresh
		info.CAThumbprint = ca.Thumbprint(s.env.CA().Cert)
	}
	return info, nil
}

// SaveFileRequest is a file for the desktop to save.
type SaveFileRequest struct {
	Filename   string `json:"filename"`
	DataBase64 string `json:"dataBase64"`
}

// SaveFileResult says where the file went; Saved is false when the admin
// cancelled the dialog.
type SaveFileResult struct {
	Saved bool   `json:"saved"`
	Path  string `json:"path"`
}

// SaveFile asks the admin where to save a file (desktop only; in the browser
// the page downloads it itself).
func (s *System) SaveFile(req SaveFileRequest) (SaveFileResult, error) {
	if s.env.SaveFile == nil {
		return SaveFileResult{}, s.fail(&model.Error{Code: model.CodeUnsupported, Key: "error.unsupported"})
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(req.DataBase64))
	if err != nil {
		return SaveFileResult{}, s.fail(model.Invalid("dataBase64", "field.base64", nil))
	}
	path, err := s.env.SaveFile(req.Filename, data)
	if err != nil {
		return SaveFileResult{}, s.fail(err)
	}
	return SaveFileResult{Saved: path != "", Path: path}, nil
}

// OpenLogFolder shows the engine's log folder in the file manager (desktop
// only: in the browser, Settings shows the folder's path to copy).
func (s *System) OpenLogFolder(Empty) (Empty, error) {
	if s.env.OpenLogFolder == nil {
		return Empty{}, s.fail(&model.Error{Code: model.CodeUnsupported, Key: "error.unsupported"})
	}
	return Empty{}, s.fail(s.env.OpenLogFolder())
}
