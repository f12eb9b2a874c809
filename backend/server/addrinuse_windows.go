package server

import (
	"errors"
	"syscall"

	"golang.org/x/sys/windows"
)

// addrInUse: on Windows the socket error is WSAEADDRINUSE, which
// syscall.EADDRINUSE (an invented value there) does not match.
func addrInUse(err error) bool {
	return errors.Is(err, windows.WSAEADDRINUSE) || errors.Is(err, syscall.EADDRINUSE)
}
