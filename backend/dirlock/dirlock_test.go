package dirlock_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sekisho/backend/dirlock"
)

// The helper process: with DIRLOCK_HOLD=DIR it takes the lock on DIR, says
// "held", and waits to be killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv("DIRLOCK_HOLD"); dir != "" {
		if _, err := dirlock.Acquire(dir); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("held")
		select {}
	}
	os.Exit(m.Run())
}

func mustAcquire(t *testing.T, dir string) *dirlock.Lock {
	t.Helper()
	l, err := dirlock.Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire(%s) = %v, want the lock", dir, err)
	}
	return l
}

func wantBusy(t *testing.T, dir string, pid int) {
	t.Helper()
	l, err := dirlock.Acquire(dir)
	if err == nil {
		l.Close()
		t.Fatal("Acquire on a held folder succeeded")
	}
	var busy *dirlock.BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("Acquire = %v, want a *BusyError", err)
	}
	if busy.PID != pid || busy.Dir != dir {
		t.Errorf("BusyError = %+v, want PID %d in %s", busy, pid, dir)
	}
	msg := err.Error()
	if !strings.Contains(msg, "in use") || !strings.Contains(msg, "PID "+strconv.Itoa(pid)) {
		t.Errorf("message %q does not say the folder is in use by PID %d", msg, pid)
	}
}

func TestAcquire(t *testing.T) {
	dir := t.TempDir()
	l := mustAcquire(t, dir)
	b, err := os.ReadFile(filepath.Join(dir, dirlock.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), fmt.Sprintf("%d\n", os.Getpid()); got != want {
		t.Errorf("lock file = %q, want %q", got, want)
	}
	if l.Path() != filepath.Join(dir, dirlock.FileName) {
		t.Errorf("Path() = %q", l.Path())
	}
	if st, err := os.Stat(l.Path()); err == nil && os.PathSeparator == '/' && st.Mode().Perm() != 0o600 {
		t.Errorf("lock file mode = %v, want 0600", st.Mode().Perm())
	}

	// A second lock, even in this process, is refused and names the holder.
	wantBusy(t, dir, os.Getpid())
	if got := dirlock.HolderPID(dir); got != os.Getpid() {
		t.Errorf("HolderPID = %d, want %d", got, os.Getpid())
	}

	// Close releases; Close again is harmless.
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if got := dirlock.HolderPID(dir); got != 0 {
		t.Errorf("HolderPID after Close = %d, want 0", got)
	}
	if got := dirlock.HolderPID(t.TempDir()); got != 0 {
		t.Errorf("HolderPID of a folder without a lock file = %d, want 0", got)
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	l2 := mustAcquire(t, dir)
	defer l2.Close()
}

func TestOtherFoldersAreIndependent(t *testing.T) {
	a, b := mustAcquire(t, t.TempDir()), mustAcquire(t, t.TempDir())
	a.Close()
	b.Close()
}

func TestStaleFileDoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	// A lock file left with a PID that holds nothing.
	if err := os.WriteFile(filepath.Join(dir, dirlock.FileName), []byte("999999\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l := mustAcquire(t, dir)
	defer l.Close()
	b, _ := os.ReadFile(l.Path())
	if got, want := string(b), fmt.Sprintf("%d\n", os.Getpid()); got != want {
		t.Errorf("lock file = %q, want %q (the stale PID replaced)", got, want)
	}
}

func TestMissingFolder(t *testing.T) {
	_, err := dirlock.Acquire(filepath.Join(t.TempDir(), "nope"))
	var busy *dirlock.BusyError
	if err == nil || errors.As(err, &busy) {
		t.Fatalf("Acquire(missing folder) = %v, want an error that is not BusyError", err)
	}
}

// TestOtherProcessAndKill: another process's lock is refused with its PID,
// and once that process is killed (SIGKILL: no chance to clean up) the
// folder is free although its PID is still in the file.
func TestOtherProcessAndKill(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DIRLOCK_HOLD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Scan()
		line <- sc.Text()
	}()
	select {
	case got := <-line:
		if got != "held" {
			t.Fatalf("helper said %q", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the helper did not take the lock")
	}
	wantBusy(t, dir, cmd.Process.Pid)

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	b, _ := os.ReadFile(filepath.Join(dir, dirlock.FileName))
	if got := strings.TrimSpace(string(b)); got != strconv.Itoa(cmd.Process.Pid) {
		t.Errorf("after the kill the lock file holds %q, want the dead PID %d", got, cmd.Process.Pid)
	}
	l := mustAcquire(t, dir)
	l.Close()
}

func TestHolderWithoutPID(t *testing.T) {
	dir := t.TempDir()
	l := mustAcquire(t, dir)
	defer l.Close()
	if err := os.Truncate(l.Path(), 0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := dirlock.Acquire(dir)
	var busy *dirlock.BusyError
	if !errors.As(err, &busy) || busy.PID != 0 || !strings.Contains(err.Error(), "PID unknown") {
		t.Fatalf("Acquire = %v, want a BusyError with PID unknown", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Acquire waited %v for the PID", d)
	}
}
