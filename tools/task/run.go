package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"syscall"
	"time"
)

// readyTimeout bounds how long `sekisho serve` may take to print "ready"
// (the first start creates the CA and the database).
const readyTimeout = 90 * time.Second

// stopTimeout is how long the app gets to shut down after a forwarded signal.
const stopTimeout = 20 * time.Second

// cmdRun implements "task run". It returns the process exit code.
func cmdRun(ctx context.Context, log *logger, root string, args []string) int {
	fset := flag.NewFlagSet("run", flag.ContinueOnError)
	forceServe := fset.Bool("serve", false, "start serve mode and the browser even where a window could open")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	appArgs := fset.Args() // after "--"
	env := newEnvironment(root)

	// Catch the signals before anything long starts: they go to the app.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	log.section("frontend")
	v, err := checkNode(ctx, env)
	if err != nil {
		log.fail("%v", err)
		return 1
	}
	log.info("%s", v)
	if err := npmInstall(ctx, log, env, env.frontendDir(), false); err != nil {
		log.fail("%v", err)
		return 1
	}
	if err := frontendBuild(ctx, log, env); err != nil {
		log.fail("%v", err)
		return 1
	}

	desktop := !*forceServe && canOpenWindow(ctx, log, env)
	if desktop {
		log.section("desktop app")
		bin := env.desktopBinary()
		if err = buildDesktop(ctx, log, env, bin); err == nil {
			err = runDesktop(log, env, bin, appArgs, sigs)
		}
	} else {
		log.section("serve mode")
		bin := filepath.Join(env.root, "build", "bin", env.exe("sekisho-serve"))
		if err = buildServe(ctx, log, env, bin); err == nil {
			err = runServe(log, env, bin, appArgs, sigs)
		}
	}
	if err != nil {
		log.fail("%v", err)
		return 1
	}
	return 0
}

// canOpenWindow decides between the desktop window and serve mode. Windows
// and macOS always have a window. Linux needs a display and WebKitGTK 4.1;
// when only the latter is missing, it may be installed on request.
func canOpenWindow(ctx context.Context, log *logger, env *environment) bool {
	if env.goos != "linux" {
		return true
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		log.notice("no display (DISPLAY and WAYLAND_DISPLAY are unset): starting serve mode instead of the window")
		return false
	}
	if err := ensureLinuxPackages(ctx, log, env, webkitRequirements); err != nil {
		log.notice("the desktop window cannot be built: %v", err)
		log.notice("starting serve mode instead; the admin UI opens in the browser")
		return false
	}
	return true
}

// runDesktop starts the desktop binary and waits for it to exit, passing
// Ctrl-C and SIGTERM on to it.
func runDesktop(log *logger, env *environment, bin string, args []string, sigs <-chan os.Signal) error {
	c := command{name: bin, args: args}
	log.cmd(c.String())
	cmd := c.prepare(context.Background(), env)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", bin, err)
	}
	return supervise(log, cmd, sigs)
}

// runServe starts `sekisho serve` with an admin token, waits for "ready",
// opens the admin UI in the default browser, and then waits for the server
// to exit, passing Ctrl-C and SIGTERM on to it.
func runServe(log *logger, env *environment, bin string, args []string, sigs <-chan os.Signal) error {
	token := os.Getenv("SEKISHO_ADMIN_TOKEN")
	if token == "" {
		var err error
		if token, err = randomToken(); err != nil {
			return err
		}
	}
	c := command{
		name: bin,
		args: append([]string{"serve"}, args...),
		env:  []string{"SEKISHO_ADMIN_TOKEN=" + token},
	}
	log.cmd("SEKISHO_ADMIN_TOKEN=… " + c.String())
	cmd := c.prepare(context.Background(), env)
	cmd.Stdout = nil // read through the pipe below
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", bin, err)
	}
	ready := make(chan string, 1) // the admin URL
	go watchServeOutput(stdout, os.Stdout, ready)

	select {
	case admin, ok := <-ready:
		if !ok {
			// Output ended before "ready": the server is exiting.
			err := supervise(log, cmd, sigs)
			return fmt.Errorf("sekisho serve stopped before it was ready (%v)", err)
		}
		url := admin + "#token=" + token
		fmt.Printf("\nSekisho admin UI: %s\n", url)
		fmt.Println("(the admin token is in the link; press Ctrl-C to stop)")
		openBrowser(log, env, url)
	case sig := <-sigs:
		_ = forward(cmd.Process, sig)
		return supervise(log, cmd, sigs)
	case <-time.After(readyTimeout):
		killTree(cmd.Process)
		_ = cmd.Wait()
		return fmt.Errorf("sekisho serve printed no \"ready\" within %s", readyTimeout)
	}
	return supervise(log, cmd, sigs)
}

// adminLineRE matches the admin listener line of `sekisho serve`.
var adminLineRE = regexp.MustCompile(`^admin (http://\S+/)\s*$`)

// watchServeOutput copies the server's stdout to w line by line and sends
// the admin URL on ready once the "ready" line arrives. ready is closed if
// the output ends first.
func watchServeOutput(r io.Reader, w io.Writer, ready chan<- string) {
	sc := bufio.NewScanner(r)
	admin, sent := "", false
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(w, line)
		if m := adminLineRE.FindStringSubmatch(line); m != nil {
			admin = m[1]
		}
		if !sent && trimLine(line) == "ready" && admin != "" {
			ready <- admin
			sent = true
		}
	}
	// Keep draining after an error so the child never blocks on a full pipe.
	_, _ = io.Copy(w, r)
	if !sent {
		close(ready)
	}
}

// supervise waits for cmd to exit. The first signal is passed on to it and
// it gets stopTimeout to exit; a second signal, or the timeout, kills it.
// A program that exits 0, or that ends because of the forwarded signal, is
// a success.
func supervise(log *logger, cmd *exec.Cmd, sigs <-chan os.Signal) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return exitError(err, false)
	case sig := <-sigs:
		log.info("passing %v on to sekisho; waiting up to %s for it to stop", sig, stopTimeout)
		_ = forward(cmd.Process, sig)
	}
	select {
	case err := <-done:
		return exitError(err, true)
	case <-sigs:
		log.info("second interrupt: killing sekisho")
	case <-time.After(stopTimeout):
		log.info("sekisho did not stop within %s: killing it", stopTimeout)
	}
	killTree(cmd.Process)
	<-done
	return errors.New("sekisho had to be killed")
}

// exitError turns a Wait error into the runner's result; after a forwarded
// signal, being ended by that signal is not a failure.
func exitError(err error, signalled bool) error {
	if err == nil {
		return nil
	}
	var exit *exec.ExitError
	if signalled && errors.As(err, &exit) && !exit.Exited() {
		return nil
	}
	return fmt.Errorf("sekisho: %w", err)
}

// randomToken makes an admin token for one run.
func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// openBrowser opens url in the default browser if one can be started; the
// URL has been printed in any case.
func openBrowser(log *logger, env *environment, url string) {
	var name string
	var args []string
	switch env.goos {
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	case "darwin":
		name, args = "open", []string{url}
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			log.info("no display here: open the URL above in a browser (from another machine, forward the port: ssh -L)")
			return
		}
		name, args = "xdg-open", []string{url}
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		log.info("could not open a browser (%v): open the URL above yourself", err)
		return
	}
	// Some openers wait for the browser; do not wait for them.
	go func() { _ = cmd.Wait() }()
}
