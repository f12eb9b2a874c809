// Package logfile is where Sekisho's log goes: standard error always, and,
// once the engine holds its data folder, DATA/logs/sekisho.log as well,
// rotated by size. The folder is private (0700) and the files 0600: the log
// names users, addresses and devices.
package logfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"gopkg.in/natefinch/lumberjack.v2"
)

// Where the log is written, and how much of it is kept.
const (
	DirName  = "logs"
	FileName = "sekisho.log"
	// MaxSizeMB is the size at which the file is rotated: renamed to
	// sekisho-TIME.log beside it, and a new one started.
	MaxSizeMB = 10
	// MaxBackups is how many rotated files are kept.
	MaxBackups = 5
)

// Path is the log file of the data folder dataDir.
func Path(dataDir string) string { return filepath.Join(dataDir, DirName, FileName) }

// Sink is an io.Writer for the log handler: every write goes to standard
// error and, between Open and Close, to the log file.
type Sink struct {
	mu     sync.Mutex
	stderr io.Writer
	file   *lumberjack.Logger
}

// New returns a Sink that writes to stderr until Open is called.
func New(stderr io.Writer) *Sink { return &Sink{stderr: stderr} }

// Write writes p to the file (when open) and to standard error. Failures
// are not reported: a full disk must not silence standard error, and a
// Windows GUI binary has no standard error at all.
func (s *Sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file != nil {
		s.file.Write(p)
	}
	s.stderr.Write(p)
	return len(p), nil
}

// Open starts writing to dataDir's log file as well, creating the logs
// folder (0700) and the file (0600), and narrowing either when it was made
// wider. Only the process that holds the data folder should call it: two
// processes rotating one file would lose lines.
func (s *Sink) Open(dataDir string) error {
	dir := filepath.Join(dataDir, DirName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the log folder: %w", err)
	}
	path := Path(dataDir)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open the log file: %w", err)
	}
	f.Close()
	if runtime.GOOS != "windows" { // Windows folders inherit ACLs; mode bits do not apply
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("make the log folder private: %w", err)
		}
		// lumberjack gives new files (after a rotation) the mode of the
		// one they replace.
		if err := os.Chmod(path, 0o600); err != nil {
			return fmt.Errorf("make the log file private: %w", err)
		}
	}
	l := &lumberjack.Logger{Filename: path, MaxSize: MaxSizeMB, MaxBackups: MaxBackups, LocalTime: true}
	s.mu.Lock()
	old := s.file
	s.file = l
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// Close stops writing to the log file; standard error still gets the log.
func (s *Sink) Close() error {
	s.mu.Lock()
	f := s.file
	s.file = nil
	s.mu.Unlock()
	if f == nil {
		return nil
	}
	return f.Close()
}
