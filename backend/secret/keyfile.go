package secret

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// LoadOrCreateKeyFile returns the sealing key kept in path, creating it
// (0600, written atomically) when absent. The file holds the key as hex.
//
// Why a file: Sekisho runs unattended as a desktop app and must start its LAN
// server without asking for a passphrase. The key file lives in the per-user
// data folder, readable only by that user, and never inside the database, so
// a copied database (or backup) does not carry the means to open the CA key.
// docs/security.md describes the alternatives (SEKISHO_MASTER_KEY).
func LoadOrCreateKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		key, err := hex.DecodeString(string(bytes.TrimSpace(b)))
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("key file %s is damaged (want %d hex bytes)", path, KeySize)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	key, err := NewKey()
	if err != nil {
		return nil, err
	}
	if err := WriteFileAtomic(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, err
	}
	return key, nil
}

// ParseKey decodes a hex sealing key (for SEKISHO_MASTER_KEY).
func ParseKey(s string) ([]byte, error) {
	key, err := hex.DecodeString(string(bytes.TrimSpace([]byte(s))))
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("want %d bytes as hex (%d characters)", KeySize, 2*KeySize)
	}
	return key, nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// folder, synced and renamed over the target, so a crash leaves the old file
// or the new one, never a torn one.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
