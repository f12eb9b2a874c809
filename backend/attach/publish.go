// Package attach links the desktop window to the Sekisho engine that runs on
// this machine, as an OS service or `sekisho serve`, so that the window is a
// console and closing it changes nothing. The engine publishes where its
// admin API listens in DATA/engine.json; the window finds it there, checks
// that it is the folder's engine and alive, takes the admin token from the
// data folder, forwards the admin UI's API calls to it with the token added
// (the token never reaches the web page), and follows its event stream.
package attach

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"sekisho/backend/secret"
)

// FileName is the name of the engine's address file in the data folder.
const FileName = "engine.json"

// Info is what an engine publishes about itself. It holds no secret: the
// admin token stays in its own file, readable by administrators only.
type Info struct {
	// AdminURL is the admin API's base URL, "http://127.0.0.1:PORT/".
	AdminURL string `json:"adminUrl"`
	// PID is the engine's process id, the one in the folder's lock file.
	PID       int       `json:"pid"`
	DataDir   string    `json:"dataDir,omitempty"`
	Version   string    `json:"version,omitempty"`
	StartedAt time.Time `json:"startedAt"`
}

// Publish writes info as dir's engine.json: whole or not at all (a reader
// never sees half a file).
func Publish(dir string, info Info) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	if err := secret.WriteFileAtomic(filepath.Join(dir, FileName), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("publish the engine's address: %w", err)
	}
	return nil
}

// Remove deletes dir's engine.json when it names pid, or whatever it names
// when pid is 0 (the caller holds the folder, so the file is stale). A
// missing file is not an error.
func Remove(dir string, pid int) error {
	path := filepath.Join(dir, FileName)
	if pid != 0 {
		info, err := Read(dir, os.ReadFile)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err == nil && info.PID != pid {
			return nil // another engine's, published since
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Read reads dir's engine.json with readFile.
func Read(dir string, readFile func(string) ([]byte, error)) (Info, error) {
	b, err := readFile(filepath.Join(dir, FileName))
	if err != nil {
		return Info{}, err
	}
	var info Info
	if err := json.Unmarshal(b, &info); err != nil {
		return Info{}, fmt.Errorf("%s: %w", filepath.Join(dir, FileName), err)
	}
	return info, nil
}
