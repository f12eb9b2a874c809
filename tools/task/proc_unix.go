//go:build unix

package main

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

// newProcessGroup makes cmd the leader of a new process group, so that the
// whole tree it starts can be signalled at once and a Ctrl-C on the terminal
// reaches only the runner, which then stops the tree in order.
func newProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// stopTree sends SIGTERM to the process group led by p and SIGKILL after
// grace to whatever of it is left.
func stopTree(p *os.Process, grace time.Duration) error {
	if p == nil {
		return nil
	}
	_ = syscall.Kill(-p.Pid, syscall.SIGTERM)
	time.AfterFunc(grace, func() { _ = syscall.Kill(-p.Pid, syscall.SIGKILL) })
	return nil
}

// killTree sends SIGKILL to the process group led by p.
func killTree(p *os.Process) {
	if p != nil {
		_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	}
}

// terminate asks p alone to exit (SIGTERM); the program cleans up its own
// children.
func terminate(p *os.Process) error {
	return p.Signal(syscall.SIGTERM)
}

// forward passes a signal the runner received on to p.
func forward(p *os.Process, sig os.Signal) error {
	return p.Signal(sig)
}
