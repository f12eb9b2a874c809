package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// command is one external program run by the task runner.
type command struct {
	name    string
	args    []string
	dir     string        // working directory; "" is the repository root
	env     []string      // KEY=VALUE added to (and overriding) the runner's environment
	timeout time.Duration // 0 means 10 minutes
	// interactive connects the terminal's stdin and keeps the program in the
	// runner's process group, for prompts such as sudo's password.
	interactive bool
	quiet       bool      // do not echo the command line
	stdout      io.Writer // nil means os.Stdout
	stderr      io.Writer // nil means os.Stderr
}

// defaultTimeout bounds commands that set none.
const defaultTimeout = 10 * time.Minute

// String renders the command line the way it is echoed before it runs.
func (c command) String() string {
	parts := []string{c.name}
	for _, a := range c.args {
		if a == "" || strings.ContainsAny(a, " \t\"'$") {
			a = fmt.Sprintf("%q", a)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// prepare builds the exec.Cmd: working directory, environment, stdio,
// process group and what cancellation does.
func (c command) prepare(ctx context.Context, env *environment) *exec.Cmd {
	cmd := exec.CommandContext(ctx, c.name, c.args...)
	cmd.Dir = env.root
	if c.dir != "" {
		cmd.Dir = c.dir
	}
	cmd.Env = mergeEnv(os.Environ(), c.env)
	cmd.Stdout, cmd.Stderr = c.stdout, c.stderr
	if cmd.Stdout == nil {
		cmd.Stdout = os.Stdout
	}
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	if c.interactive {
		cmd.Stdin = os.Stdin
	} else {
		// Its own process group, so that cancelling stops the whole tree
		// (npm → node → chromium, the app → WebKit helpers).
		newProcessGroup(cmd)
		cmd.Cancel = func() error { return stopTree(cmd.Process, 5*time.Second) }
	}
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// run runs c to completion, streaming its output, and explains a failure:
// not found, timed out, interrupted or a non-zero exit.
func (c command) run(ctx context.Context, log *logger, env *environment) error {
	timeout := c.timeout
	if timeout == 0 {
		timeout = defaultTimeout
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if !c.quiet {
		where := ""
		if c.dir != "" && c.dir != env.root {
			where = " (in " + env.rel(c.dir) + ")"
		}
		log.cmd(c.String() + where)
	}
	err := c.prepare(ctx, env).Run()
	return c.explain(parent, ctx, err, timeout)
}

// output runs c and returns its standard output; standard error is kept for
// the error message.
func (c command) output(ctx context.Context, env *environment) (string, error) {
	timeout := c.timeout
	if timeout == 0 {
		timeout = defaultTimeout
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var out, errOut bytes.Buffer
	c.stdout, c.stderr = &out, &errOut
	err := c.prepare(ctx, env).Run()
	if err = c.explain(parent, ctx, err, timeout); err != nil {
		if msg := strings.TrimSpace(errOut.String()); msg != "" {
			err = fmt.Errorf("%w\n%s", err, msg)
		}
	}
	return out.String(), err
}

// explain turns the error of a finished command into a message: ctx is the
// command's own context (with its timeout), parent the caller's.
func (c command) explain(parent, ctx context.Context, err error, timeout time.Duration) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, exec.ErrNotFound):
		return fmt.Errorf("%s: not found in PATH", c.name)
	case parent.Err() != nil:
		return fmt.Errorf("%s: stopped (%w)", c, context.Cause(parent))
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%s: timed out after %s", c, timeout)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return fmt.Errorf("%s: %s", c, exit.ProcessState)
	}
	return fmt.Errorf("%s: %w", c, err)
}

// mergeEnv returns base with the KEY=VALUE entries of extra added, replacing
// entries of the same key (case-insensitively on Windows).
func mergeEnv(base, extra []string) []string {
	key := func(kv string) string {
		k, _, _ := strings.Cut(kv, "=")
		if runtime.GOOS == "windows" {
			k = strings.ToUpper(k)
		}
		return k
	}
	override := make(map[string]bool, len(extra))
	for _, kv := range extra {
		override[key(kv)] = true
	}
	out := make([]string, 0, len(base)+len(extra))
	for _, kv := range base {
		if !override[key(kv)] {
			out = append(out, kv)
		}
	}
	return append(out, extra...)
}

// environment is what the steps share: where things are and how the runner
// was started.
type environment struct {
	root        string // repository root
	goos        string // runtime.GOOS
	ci          bool   // CI=true (or any non-empty value but "false"/"0")
	interactive bool   // stdin is a terminal and not CI: questions may be asked
}

// newEnvironment describes the machine the runner is on.
func newEnvironment(root string) *environment {
	ci := os.Getenv("CI")
	isCI := ci != "" && ci != "false" && ci != "0"
	return &environment{
		root:        root,
		goos:        runtime.GOOS,
		ci:          isCI,
		interactive: !isCI && stdinIsTerminal(),
	}
}

func (e *environment) frontendDir() string { return filepath.Join(e.root, "frontend") }
func (e *environment) e2eDir() string      { return filepath.Join(e.root, "e2e") }

// desktopBinary is where the desktop build is written (as wails build does).
func (e *environment) desktopBinary() string {
	return filepath.Join(e.root, "build", "bin", e.exe("sekisho"))
}

// exe adds ".exe" on Windows.
func (e *environment) exe(name string) string {
	if e.goos == "windows" {
		return name + ".exe"
	}
	return name
}

// rel shortens a path below the repository root for messages.
func (e *environment) rel(path string) string {
	if r, err := filepath.Rel(e.root, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

// stdinIsTerminal reports whether standard input is an interactive terminal.
func stdinIsTerminal() bool {
	fi, err := os.Stdin.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// logger prints the runner's own messages, distinguishable from the output
// of the programs it runs.
type logger struct {
	w io.Writer
}

func newLogger(w io.Writer) *logger { return &logger{w: w} }

// section starts a part of the output.
func (l *logger) section(format string, a ...any) {
	fmt.Fprintf(l.w, "\n==> %s\n", fmt.Sprintf(format, a...))
}

// cmd echoes a command line about to run.
func (l *logger) cmd(line string) { fmt.Fprintf(l.w, "$ %s\n", line) }

// info prints a remark.
func (l *logger) info(format string, a ...any) {
	fmt.Fprintf(l.w, "    %s\n", fmt.Sprintf(format, a...))
}

// ok reports success.
func (l *logger) ok(format string, a ...any) {
	fmt.Fprintf(l.w, "ok: %s\n", fmt.Sprintf(format, a...))
}

// notice reports something skipped or degraded that is not a failure.
func (l *logger) notice(format string, a ...any) {
	fmt.Fprintf(l.w, "NOTICE: %s\n", fmt.Sprintf(format, a...))
}

// fail reports a failure.
func (l *logger) fail(format string, a ...any) {
	fmt.Fprintf(l.w, "FAIL: %s\n", fmt.Sprintf(format, a...))
}

// ask puts a yes/no question on the terminal; the default is no.
func (l *logger) ask(format string, a ...any) bool {
	fmt.Fprintf(l.w, "%s [y/N] ", fmt.Sprintf(format, a...))
	var answer string
	if _, err := fmt.Fscanln(os.Stdin, &answer); err != nil {
		return false
	}
	answer = strings.ToLower(strings.TrimSpace(answer))
	return answer == "y" || answer == "yes"
}
