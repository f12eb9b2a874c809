// Package dirlock holds a data folder for one process at a time: an OS file
// lock on DIR/sekisho.lock (flock on Unix, LockFileEx on Windows) with the
// holder's PID written inside, so that a second process can say who holds
// the folder. The OS drops the lock when the holder exits, however it exits,
// so a lock file left behind by a killed process never blocks.
package dirlock

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// FileName is the lock file's name inside the data folder.
const FileName = "sekisho.lock"

// pidWait is how long Acquire waits for a holder that has just taken the
// lock to write its PID, before reporting the PID as unknown.
const pidWait = time.Second

// Lock is a held data folder. Close releases it.
type Lock struct {
	mu   sync.Mutex
	f    *os.File
	path string
}

// BusyError is Acquire's error when another process holds the folder.
type BusyError struct {
	Dir string
	// PID is the holder's process id; 0 when the lock file does not say.
	PID int
}

// Error says the folder is in use and by which process.
func (e *BusyError) Error() string {
	who := "another process (PID unknown)"
	if e.PID > 0 {
		who = fmt.Sprintf("PID %d", e.PID)
	}
	return fmt.Sprintf("the data folder %s is in use by %s, another Sekisho engine: only one may run per data folder; stop that one first, or choose another folder with --data", e.Dir, who)
}

// Acquire takes the lock on dir (which must exist) without waiting: a
// *BusyError when another process (or another Lock in this one) holds it.
func Acquire(dir string) (*Lock, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the lock file: %w", err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !held {
		f.Close()
		return nil, &BusyError{Dir: dir, PID: holderPID(path, pidWait)}
	}
	if err := writePID(f, os.Getpid()); err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("write the lock file %s: %w", path, err)
	}
	return &Lock{f: f, path: path}, nil
}

// HolderPID returns the PID written in dir's lock file, or 0 when there is
// none (no file, or a holder that released it). It does not lock: a probe
// that took the lock, even for a moment, could make an engine starting at
// that moment fail. A holder killed without releasing leaves its PID, so
// the caller checks that the process still answers.
func HolderPID(dir string) int {
	return readPID(filepath.Join(dir, FileName))
}

// Path is the lock file's path.
func (l *Lock) Path() string { return l.path }

// Close empties the lock file and releases the lock. It may be called more
// than once. The file itself stays: removing it would let a process that
// opened the old file and one that creates a new one both "hold" the
// folder.
func (l *Lock) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	err := f.Truncate(0)
	err = errors.Join(err, unlock(f), f.Close())
	if err != nil {
		return fmt.Errorf("release %s: %w", l.path, err)
	}
	return nil
}

func writePID(f *os.File, pid int) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(pid)+"\n"), 0)
	return err
}

// holderPID reads the PID in the lock file at path. A holder writes it just
// after locking, so an empty file is read again until wait has passed.
func holderPID(path string, wait time.Duration) int {
	deadline := time.Now().Add(wait)
	for {
		if pid := readPID(path); pid > 0 || !time.Now().Before(deadline) {
			return pid
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	pid, err := strconv.Atoi(string(bytes.TrimSpace(line)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
