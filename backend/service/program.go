package service

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	ksvc "github.com/kardianos/service"
)

// stopWait bounds how long a stop request waits for the engine; serve gives
// its listeners 15 s to finish.
const stopWait = 30 * time.Second

// program is the engine as kardianos/service drives it: Start runs serve in
// the background, Stop cancels it and waits.
type program struct {
	serve  func(context.Context) int
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	code   int // valid once done is closed
	// stopping is set by Stop, so an end of serve that no one asked for is
	// told apart from a requested one.
	stopping atomic.Bool
	// exitOnOwnEnd makes the process exit when serve ends by itself. On
	// Windows nothing else would end the service: kardianos waits for the
	// service manager, and the manager restarts a service whose process
	// ended without being stopped (the recovery actions set at install).
	exitOnOwnEnd bool
	exit         func(int)
}

func newProgram(serve func(context.Context) int, exitOnOwnEnd bool) *program {
	ctx, cancel := context.WithCancel(context.Background())
	return &program{serve: serve, ctx: ctx, cancel: cancel, done: make(chan struct{}), exitOnOwnEnd: exitOnOwnEnd, exit: os.Exit}
}

// Start implements kardianos/service.Interface; it must not block.
func (p *program) Start(ksvc.Service) error {
	go func() {
		p.code = p.serve(p.ctx)
		close(p.done)
		if p.exitOnOwnEnd && !p.stopping.Load() {
			p.exit(p.code)
		}
	}()
	return nil
}

// Stop implements kardianos/service.Interface: the service manager's stop
// request, or the end of wait.
func (p *program) Stop(ksvc.Service) error {
	p.stopping.Store(true)
	p.cancel()
	select {
	case <-p.done:
		return nil
	case <-time.After(stopWait):
		return errors.New("the engine did not stop within 30 s")
	}
}

// wait blocks until SIGINT or SIGTERM arrives or the engine ends by itself.
// It is kardianos/service's RunWait on Unix, where the default waits for a
// signal only and would outlive an engine that failed to start.
func (p *program) wait() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	select {
	case <-sig:
	case <-p.done:
	}
}

// exitCode is serve's exit code, or 1 when it has not returned.
func (p *program) exitCode() int {
	select {
	case <-p.done:
		return p.code
	default:
		return 1
	}
}
