package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"sekisho/app"
	"sekisho/backend/attach"
	"sekisho/backend/model"
	"sekisho/backend/secret"
)

// The window is a console (SPEC section 8): when an engine runs on this
// machine, as a service or `sekisho serve`, the window attaches to it over
// the loopback admin API and closing the window leaves it running; when
// none runs, the window runs one itself (portable mode) and says so. This
// file holds what of that needs no Wails; desktop.go wires it in.

// console is the window's side of it: the mode, decided once at start, and
// the link to an attached engine.
type console struct {
	ready     chan struct{} // closed once the mode is decided (or failed)
	readyOnce sync.Once
	mu        sync.Mutex
	state     app.ConsoleState
	err       error
	link      atomic.Pointer[attach.Link]
}

func newConsole() *console {
	return &console{ready: make(chan struct{})}
}

// stateWait bounds how long the frontend waits for the mode: the engine's
// start (database, CA) or the checks of a running one.
const stateWait = 2 * time.Minute

// State is app.Console's State: it waits until the mode is decided.
func (c *console) State() (app.ConsoleState, error) {
	select {
	case <-c.ready:
	case <-time.After(stateWait):
		return app.ConsoleState{}, &app.Error{Code: model.CodeInternal, Message: "the window is still starting its engine"}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state, c.err
}

// decide sets the mode; the first call releases State's waiters.
func (c *console) decide(s app.ConsoleState) {
	c.mu.Lock()
	c.state = s
	c.mu.Unlock()
	c.readyOnce.Do(func() { close(c.ready) })
}

// fail makes State return err (the window is about to exit).
func (c *console) fail(err error) {
	c.mu.Lock()
	c.err = err
	c.mu.Unlock()
	c.readyOnce.Do(func() { close(c.ready) })
}

// setConnected records whether the attached engine is heard, and returns
// the new state.
func (c *console) setConnected(v bool) app.ConsoleState {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state.Connected = v
	return c.state
}

// current is the state as it is now (zero before the mode is decided).
func (c *console) current() app.ConsoleState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// attached reports whether the window is an attached engine's console.
func (c *console) attached() bool {
	return c.link.Load() != nil
}

// ServeHTTP is the window's AssetServer handler, which gets what the
// embedded UI does not hold: attached, the page's admin API calls go to the
// engine through the link (same origin for the page, the token added on
// this side); otherwise there is nothing here.
func (c *console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if l := c.link.Load(); l != nil {
		l.ServeHTTP(w, r)
		return
	}
	http.NotFound(w, r)
}

// serviceFolderError is findEngine's error when the service's data folder
// exists but does not lead to its engine: this user may not read it, or
// holds no token it accepts.
type serviceFolderError struct {
	Dir string
	Err error
}

func (e *serviceFolderError) Error() string { return e.Err.Error() }
func (e *serviceFolderError) Unwrap() error { return e.Err }

// findEngine looks for a running engine for the window: in its own data
// folder, then, when serviceDir is not "" (the window was started without
// --data), in the service's folder. No engine anywhere is an error that
// wraps attach.ErrNoEngine: the window then runs its own. An engine on its
// own folder that it cannot reach returns Find's error; a service folder
// it cannot use, a *serviceFolderError, rather than a silent second engine
// on another folder.
func findEngine(ctx context.Context, f attach.Finder, own, serviceDir string) (attach.Engine, error) {
	eng, err := f.Find(ctx, own)
	if err == nil || !errors.Is(err, attach.ErrNoEngine) {
		return eng, err
	}
	if serviceDir == "" || sameDir(own, serviceDir) {
		return attach.Engine{}, err
	}
	eng, serr := f.Find(ctx, serviceDir)
	switch {
	case serr == nil:
		return eng, nil
	case errors.Is(serr, attach.ErrNoEngine):
		return attach.Engine{}, err
	}
	return attach.Engine{}, &serviceFolderError{Dir: serviceDir, Err: serr}
}

// waitEngine retries Find on dir until it succeeds or wait has passed: an
// engine that holds the folder may still be starting (engine.json comes
// once its listeners are up).
func waitEngine(ctx context.Context, f attach.Finder, dir string, wait time.Duration) (attach.Engine, error) {
	deadline := time.Now().Add(wait)
	for {
		eng, err := f.Find(ctx, dir)
		if err == nil || !errors.Is(err, attach.ErrNoEngine) || time.Now().After(deadline) {
			return eng, err
		}
		select {
		case <-ctx.Done():
			return eng, err
		case <-time.After(300 * time.Millisecond):
		}
	}
}

func sameDir(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if a == b {
		return true
	}
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

// openFolder shows dir in the OS's file manager (Explorer, Finder, or the
// desktop's through xdg-open) without waiting for it.
func openFolder(goos, dir string) error {
	name, args := folderOpener(goos, dir)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	go cmd.Wait() // reap it
	return nil
}

// folderOpener is the command that shows dir on goos.
func folderOpener(goos, dir string) (string, []string) {
	switch goos {
	case "windows":
		return "explorer.exe", []string{dir}
	case "darwin":
		return "open", []string{dir}
	}
	return "xdg-open", []string{dir}
}

// saveTo writes a file the admin chose in the save dialog, readable by the
// admin only: it may be a backup, a PKCS#12 or a CSV of passphrases (the
// admin can share it on purpose; nobody else on the machine reads it by
// default).
func saveTo(path string, data []byte) error {
	return secret.WriteFileAtomic(path, data, 0o600)
}
