package dirlock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockRegion is the byte range LockFileEx locks: one byte at 4 GiB, far past
// the PID text. A Windows byte-range lock is mandatory, so locking the bytes
// that hold the PID would keep a second process from reading it.
func lockRegion() *windows.Overlapped { return &windows.Overlapped{OffsetHigh: 1} }

// tryLock takes an exclusive lock on f without waiting; false when another
// handle (in any process) holds it. Windows releases the lock when the
// holder's handle closes, including when the process dies.
func tryLock(f *os.File) (bool, error) {
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, lockRegion())
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, windows.ERROR_LOCK_VIOLATION), errors.Is(err, windows.ERROR_IO_PENDING):
		return false, nil
	default:
		return false, err
	}
}

func unlock(f *os.File) error {
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, lockRegion())
}
