package logfile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"sekisho/backend/logfile"
)

func TestSink(t *testing.T) {
	data := t.TempDir()
	var stderr bytes.Buffer
	s := logfile.New(&stderr)
	s.Write([]byte("before\n"))
	if err := s.Open(data); err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("during\n"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("after\n"))

	if got, want := stderr.String(), "before\nduring\nafter\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	b, err := os.ReadFile(logfile.Path(data))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), "during\n"; got != want {
		t.Errorf("log file = %q, want %q", got, want)
	}
	if logfile.Path(data) != filepath.Join(data, "logs", "sekisho.log") {
		t.Errorf("Path = %s", logfile.Path(data))
	}
}

func TestPrivateModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("mode bits do not apply")
	}
	data := t.TempDir()
	// Made earlier with wider modes: narrowed.
	os.Mkdir(filepath.Join(data, "logs"), 0o755)
	os.WriteFile(logfile.Path(data), []byte("old\n"), 0o644)
	os.Chmod(filepath.Join(data, "logs"), 0o755)
	os.Chmod(logfile.Path(data), 0o644)
	s := logfile.New(&bytes.Buffer{})
	if err := s.Open(data); err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("new\n"))
	defer s.Close()
	for path, want := range map[string]os.FileMode{filepath.Join(data, "logs"): 0o700, logfile.Path(data): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %04o, want %04o", path, got, want)
		}
	}
	if b, _ := os.ReadFile(logfile.Path(data)); string(b) != "old\nnew\n" {
		t.Errorf("log file = %q, want the old lines kept and the new appended", b)
	}
}

func TestFailingFileKeepsStderr(t *testing.T) {
	var stderr bytes.Buffer
	s := logfile.New(&stderr)
	// A data folder that is a file: the log folder cannot be made.
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o600)
	if err := s.Open(f); err == nil {
		t.Fatal("Open under a file succeeded")
	}
	if n, err := s.Write([]byte("x\n")); n != 2 || err != nil || !strings.Contains(stderr.String(), "x") {
		t.Errorf("Write = %d, %v; stderr %q", n, err, stderr.String())
	}
}

func TestRotation(t *testing.T) {
	data := t.TempDir()
	s := logfile.New(&discard{})
	if err := s.Open(data); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	line := bytes.Repeat([]byte("x"), 64<<10)
	line[len(line)-1] = '\n'
	for range logfile.MaxSizeMB*16 + 2 {
		s.Write(line)
	}
	entries, err := os.ReadDir(filepath.Join(data, "logs"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("logs/ holds %d files, want the log and one rotated file", len(entries))
	}
	for _, e := range entries {
		info, _ := e.Info()
		if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", e.Name(), info.Mode().Perm())
		}
		if e.Name() != "sekisho.log" && !strings.HasPrefix(e.Name(), "sekisho-") {
			t.Errorf("unexpected file %s", e.Name())
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
