//go:build windows

package main

import (
	"os"
	"os/exec"
	"strconv"
	"time"
)

// newProcessGroup does nothing on Windows: a console Ctrl-C reaches every
// process attached to the console, the children included.
func newProcessGroup(cmd *exec.Cmd) {}

// stopTree ends p and its child processes (Windows has no SIGTERM).
func stopTree(p *os.Process, grace time.Duration) error {
	if p == nil {
		return nil
	}
	return exec.Command("taskkill", "/T", "/F", "/PID", strconv.Itoa(p.Pid)).Run()
}

// killTree ends p and its child processes.
func killTree(p *os.Process) { _ = stopTree(p, 0) }

// terminate ends p and its child processes.
func terminate(p *os.Process) error { return stopTree(p, 0) }

// forward does nothing on Windows: the child got the console's Ctrl-C itself.
func forward(p *os.Process, sig os.Signal) error { return nil }
