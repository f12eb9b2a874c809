package service

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"sekisho/backend/secret"
)

// TokenFile is the name of the admin token's file in the data folder: the
// service has no one to show a generated token to, so it keeps it there for
// an administrator (or the desktop console) on the same machine.
const TokenFile = "admin.token"

// LoadOrCreateToken returns the admin token kept in path. When there is none
// it makes one and writes it readable by the owner only (0600; on Windows
// the data folder's access list applies). The file appears whole or not at
// all, and never replaces one that another process wrote in the meantime.
func LoadOrCreateToken(path string) (string, error) {
	tok, err := readToken(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return tok, err
	}
	tok, err = secret.Token(24)
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.WriteString(tok + "\n")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	// A hard link, unlike a rename, fails when the name exists: two first
	// starts at once end up with the same token.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readToken(path)
		}
		return "", err
	}
	return tok, nil
}

func readToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < 16 || strings.ContainsFunc(tok, func(r rune) bool { return r <= ' ' || r > '~' }) {
		return "", fmt.Errorf("the admin token file %s is damaged: delete it and start again for a new token", path)
	}
	if runtime.GOOS != "windows" {
		// Someone loosened it: a token readable by others opens the CA.
		if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path, 0o600); err != nil {
				return "", fmt.Errorf("the admin token file %s is readable by others and cannot be narrowed: %w", path, err)
			}
		}
	}
	return tok, nil
}
