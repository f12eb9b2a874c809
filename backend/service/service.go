// Package service runs Sekisho's engine (admin API, portal, gateway, access
// log) as an OS service that starts at boot with no one logged in: a Windows
// service, a macOS LaunchDaemon or a systemd unit, through
// github.com/kardianos/service. It implements `sekisho service
// install|uninstall|start|stop|status|run|unit`.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	ksvc "github.com/kardianos/service"

	"sekisho/backend/config"
	"sekisho/backend/i18n"
)

// The service's names.
const (
	Name        = "sekisho"
	DisplayName = "Sekisho"
	Description = "Sekisho gatekeeper: admin API, certificate portal and mTLS gateway."
)

// ExitNotInstalled is the exit code of `status` when there is no service, as
// `systemctl status` has for an unknown unit. Running and stopped exit 0.
const ExitNotInstalled = 4

// ServeFunc runs serve mode with cfg until ctx ends or SIGINT/SIGTERM
// arrives, printing serve's lines, and returns the exit code.
type ServeFunc func(ctx context.Context, cfg config.Config) int

// Env is what the command takes from the program around it.
type Env struct {
	Serve          ServeFunc
	Lang           i18n.Lang // for messages; the OS's language
	Getenv         func(string) string
	Stdout, Stderr io.Writer
	Argv0          string // how the program was called, for the messages' examples
}

// command is one run of `sekisho service`; the fields beyond Env let tests
// stand in for the machine.
type command struct {
	Env
	goos     string
	elevated func() bool
	exe      func() (string, error)
	platform func() string // kardianos/service's chosen system
}

// Main runs `sekisho service ARGS` and returns the exit code.
func Main(args []string, env Env) int {
	c := &command{Env: env, goos: runtime.GOOS, elevated: elevated, exe: executable, platform: ksvc.Platform}
	if l, ok := uiLanguage(); ok && !langInEnv(env.Getenv) {
		c.Lang = l
	}
	return c.main(args)
}

func (c *command) main(args []string) int {
	if len(args) == 0 {
		c.usage(c.Stderr)
		return 2
	}
	sub, rest := args[0], args[1:]
	if isHelp(sub) || (len(rest) > 0 && isHelp(rest[0])) {
		c.usage(c.Stdout)
		return 0
	}
	switch sub {
	case "install":
		return c.install(rest)
	case "uninstall", "start", "stop":
		if len(rest) > 0 {
			return c.usageError("%s takes no arguments", sub)
		}
		return c.control(sub)
	case "status":
		if len(rest) > 0 {
			return c.usageError("status takes no arguments")
		}
		return c.status()
	case "run":
		return c.run(rest)
	case "unit":
		return c.unit(rest)
	}
	return c.usageError("unknown command %q", sub)
}

// usage writes `sekisho service --help`, kept with the other commands' help
// in package config.
func (c *command) usage(w io.Writer) {
	config.WriteHelp(w, "service")
}

func (c *command) usageError(format string, args ...any) int {
	fmt.Fprintf(c.Stderr, "sekisho service: "+format+"\n\n", args...)
	c.usage(c.Stderr)
	return 2
}

// fail prints msg and returns exit code 1.
func (c *command) fail(msg string) int {
	fmt.Fprintln(c.Stderr, "sekisho:", msg)
	return 1
}

// parse reads the serve flags of install, run and unit. It returns the
// configuration and the arguments the service manager is to start the
// program with: "service run" and the flags, with --data absolute and
// defaulting to the service's data folder.
func (c *command) parse(args []string) (config.Config, []string, error) {
	data, rest := takeData(args)
	if data == "" {
		data = DataDir(c.goos, c.Getenv)
	} else if abs, err := filepath.Abs(data); err == nil {
		data = abs // the service starts in another working directory
	}
	// Parse writes only help, and that of serve: flagError shows ours.
	cfg, err := config.Parse(append([]string{"serve", "--data", data}, rest...), c.Getenv, io.Discard)
	if err != nil {
		return cfg, nil, err
	}
	return cfg, append([]string{"service", "run", "--data", data}, rest...), nil
}

// takeData removes --data (in any of the flag package's spellings) from args
// and returns its value.
func takeData(args []string) (string, []string) {
	var data string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "data" || a == "--" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				rest = append(rest, a) // config.Parse reports the missing value
				continue
			}
			i++
			value = args[i]
		}
		data = value
	}
	return data, rest
}

// DataDir is the service's data folder on goos: %ProgramData%\Sekisho,
// /Library/Application Support/Sekisho, or /var/lib/sekisho.
func DataDir(goos string, getenv func(string) string) string {
	switch goos {
	case "windows":
		base := getenv("ProgramData")
		if base == "" {
			base = `C:\ProgramData`
		}
		return strings.TrimRight(base, `\`) + `\Sekisho`
	case "darwin":
		return "/Library/Application Support/Sekisho"
	}
	return LinuxDataDir
}

// definition returns what install gives kardianos/service on this OS.
func (c *command) definition(exe string, runArgs []string, cfg config.Config) (*ksvc.Config, string, error) {
	conf := &ksvc.Config{
		Name: Name, DisplayName: DisplayName, Description: Description,
		Executable: exe, Arguments: runArgs, Option: ksvc.KeyValue{},
	}
	var text string
	var err error
	switch c.goos {
	case "linux":
		if filepath.Clean(cfg.DataDir) != LinuxDataDir {
			return nil, "", errors.New(i18n.T(c.Lang, "service.linux_data", map[string]any{"dir": LinuxDataDir}))
		}
		text, err = Unit(exe, runArgs)
		conf.Option["SystemdScript"] = text
	case "darwin":
		text, err = Plist(exe, runArgs, cfg.DataDir)
		conf.Option["LaunchdConfig"] = text
	case "windows":
		text = WindowsSummary(exe, runArgs, cfg.DataDir)
		conf.Option["StartType"] = "automatic"
		conf.Option["OnFailure"] = "restart"
		conf.Option["OnFailureDelayDuration"] = "10s"
		conf.Option["OnFailureResetPeriod"] = 24 * 60 * 60
	default:
		return nil, "", errors.New(i18n.T(c.Lang, "service.unsupported", map[string]any{"os": c.goos}))
	}
	return conf, text, err
}

func (c *command) unit(args []string) int {
	cfg, runArgs, err := c.parse(args)
	if err != nil {
		return c.flagError(err)
	}
	exe, err := c.exe()
	if err != nil {
		return c.fail(err.Error())
	}
	_, text, err := c.definition(exe, runArgs, cfg)
	if err != nil {
		return c.fail(err.Error())
	}
	fmt.Fprint(c.Stdout, text)
	if c.goos == "linux" {
		if err := systemdCanRun(exe); err != nil {
			fmt.Fprintln(c.Stderr, "sekisho:", i18n.T(c.Lang, "service.exe_unreachable", map[string]any{"path": exe, "reason": err}))
		}
	}
	return 0
}

func (c *command) flagError(err error) int {
	if errors.Is(err, config.ErrHelp) {
		c.usage(c.Stdout)
		return 0
	}
	fmt.Fprintln(c.Stderr, "sekisho:", err)
	return 2
}

// needRights returns the exit code and message for a command that needs an
// administrator, or 0 when this process is one. On Unix the message shows
// the command again, with sudo.
func (c *command) needRights(sub string, args ...string) int {
	if c.elevated() {
		return 0
	}
	if c.goos == "windows" {
		return c.fail(i18n.T(c.Lang, "service.need_admin", nil))
	}
	argv0 := c.Argv0
	if argv0 == "" {
		argv0 = "sekisho"
	}
	words := []string{shellQuote(argv0), "service", sub}
	for _, a := range args {
		words = append(words, shellQuote(a))
	}
	return c.fail(i18n.T(c.Lang, "service.need_root", map[string]any{"command": strings.Join(words, " ")}))
}

// supported returns why this machine's service manager cannot be used, or nil.
func (c *command) supported() error {
	switch c.goos {
	case "windows", "darwin":
		return nil
	case "linux":
		if c.platform() == "linux-systemd" {
			return nil
		}
		return errors.New(i18n.T(c.Lang, "service.no_systemd", nil))
	}
	return errors.New(i18n.T(c.Lang, "service.unsupported", map[string]any{"os": c.goos}))
}

func (c *command) install(args []string) int {
	cfg, runArgs, err := c.parse(args)
	if err != nil {
		return c.flagError(err)
	}
	if code := c.needRights("install", args...); code != 0 {
		return code
	}
	if err := c.supported(); err != nil {
		return c.fail(err.Error())
	}
	exe, err := c.exe()
	if err != nil {
		return c.fail(err.Error())
	}
	if c.goos == "linux" {
		if err := systemdCanRun(exe); err != nil {
			return c.fail(i18n.T(c.Lang, "service.exe_unreachable", map[string]any{"path": exe, "reason": err}))
		}
	}
	conf, _, err := c.definition(exe, runArgs, cfg)
	if err != nil {
		return c.fail(err.Error())
	}
	s, err := ksvc.New(idle{}, conf)
	if err != nil {
		return c.failed("install", err)
	}
	if _, err := s.Status(); !errors.Is(err, ksvc.ErrNotInstalled) {
		return c.fail(i18n.T(c.Lang, "service.already_installed", nil))
	}
	// systemd makes /var/lib/sekisho itself (StateDirectory=); elsewhere
	// the folder must exist, private, before the first start.
	if c.goos != "linux" {
		if err := secureDataDir(cfg.DataDir); err != nil {
			return c.failed("install", err)
		}
	}
	if c.goos == "darwin" {
		if err := os.MkdirAll(MacLogDir, 0o750); err != nil {
			return c.failed("install", err)
		}
	}
	if err := s.Install(); err != nil {
		return c.failed("install", err)
	}
	if err := afterInstall(); err != nil {
		fmt.Fprintln(c.Stderr, "sekisho: warning:", err)
	}
	argv0 := c.Argv0
	if argv0 == "" {
		argv0 = "sekisho"
	}
	fmt.Fprintln(c.Stdout, i18n.T(c.Lang, "service.installed", map[string]any{
		"command": argv0 + " service start", "data": cfg.DataDir, "token": filepath.Join(cfg.DataDir, TokenFile)}))
	return 0
}

// control runs uninstall, start or stop.
func (c *command) control(sub string) int {
	if code := c.needRights(sub); code != 0 {
		return code
	}
	if err := c.supported(); err != nil {
		return c.fail(err.Error())
	}
	s, err := ksvc.New(idle{}, &ksvc.Config{Name: Name})
	if err != nil {
		return c.failed(sub, err)
	}
	if _, err := s.Status(); errors.Is(err, ksvc.ErrNotInstalled) {
		if sub == "uninstall" {
			fmt.Fprintln(c.Stdout, i18n.T(c.Lang, "service.not_installed", nil))
			return 0
		}
		return c.fail(i18n.T(c.Lang, "service.not_installed", nil))
	}
	switch sub {
	case "start":
		err = s.Start()
	case "stop":
		err = s.Stop()
	case "uninstall":
		_ = s.Stop() // removing a running service would leave it running
		err = s.Uninstall()
	}
	if err != nil {
		return c.failed(sub, err)
	}
	switch sub {
	case "start":
		fmt.Fprintln(c.Stdout, i18n.T(c.Lang, "service.started", nil))
	case "stop":
		fmt.Fprintln(c.Stdout, i18n.T(c.Lang, "service.stopped", nil))
	case "uninstall":
		fmt.Fprintln(c.Stdout, i18n.T(c.Lang, "service.uninstalled", nil))
	}
	return 0
}

func (c *command) failed(sub string, err error) int {
	return c.fail(i18n.T(c.Lang, "service.failed", map[string]any{"command": sub, "detail": err}))
}

func (c *command) status() int {
	if err := c.supported(); err != nil {
		fmt.Fprintln(c.Stdout, "not installed")
		fmt.Fprintln(c.Stderr, "sekisho:", err)
		return ExitNotInstalled
	}
	s, err := ksvc.New(idle{}, &ksvc.Config{Name: Name})
	if err != nil {
		return c.failed("status", err)
	}
	st, err := s.Status()
	switch {
	case errors.Is(err, ksvc.ErrNotInstalled):
		fmt.Fprintln(c.Stdout, "not installed")
		return ExitNotInstalled
	case err != nil && strings.Contains(err.Error(), "failed state"):
		// systemd: it stopped with an error (and gave up restarting).
		fmt.Fprintln(c.Stdout, "stopped")
		fmt.Fprintln(c.Stderr, "sekisho:", i18n.T(c.Lang, "service.failed_state", nil))
		return 0
	case err != nil:
		return c.failed("status", err)
	case st == ksvc.StatusRunning:
		fmt.Fprintln(c.Stdout, "running")
	default:
		fmt.Fprintln(c.Stdout, "stopped")
		if c.goos == "darwin" && !c.elevated() {
			// launchctl shows a user only their own domain, not the daemons.
			fmt.Fprintln(c.Stderr, "sekisho:", i18n.T(c.Lang, "service.status_needs_root", nil))
		}
	}
	return 0
}

// run is what the service manager starts, and works in the foreground too.
func (c *command) run(args []string) int {
	cfg, _, err := c.parse(args)
	if err != nil {
		return c.flagError(err)
	}
	if err := c.makeDataDir(cfg.DataDir); err != nil {
		return c.fail(err.Error())
	}
	if cfg.AdminToken == "" {
		path := filepath.Join(cfg.DataDir, TokenFile)
		tok, err := LoadOrCreateToken(path)
		if err != nil {
			return c.fail(err.Error())
		}
		cfg.AdminToken = tok
		// Where, not what: a service's output ends up in log files.
		fmt.Fprintln(c.Stderr, i18n.T(c.Lang, "service.token_file", map[string]any{"path": path}))
	}
	p := newProgram(func(ctx context.Context) int { return c.Serve(ctx, cfg) }, c.goos == "windows")
	s, err := ksvc.New(p, &ksvc.Config{Name: Name, Option: ksvc.KeyValue{"RunWait": p.wait}})
	if err != nil {
		// No service manager known here (a bare container): the
		// foreground needs none.
		p.Start(nil)
		p.wait()
		if err := p.Stop(nil); err != nil {
			fmt.Fprintln(c.Stderr, "sekisho:", err)
		}
		return p.exitCode()
	}
	if err := s.Run(); err != nil {
		fmt.Fprintln(c.Stderr, "sekisho:", err)
		if code := p.exitCode(); code != 0 {
			return code
		}
		return 1
	}
	return p.exitCode()
}

// makeDataDir creates the data folder for run. On Windows a new folder
// gets the service's access list when this process may set it (the service
// itself, or an administrator's prompt); otherwise it would inherit
// %ProgramData%'s, under which every user may read.
func (c *command) makeDataDir(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if c.goos == "windows" && c.elevated() {
		return secureDataDir(dir)
	}
	return os.MkdirAll(dir, 0o700)
}

// idle stands for the engine where kardianos/service wants one but nothing
// runs: install, control and status.
type idle struct{}

func (idle) Start(ksvc.Service) error { return nil }
func (idle) Stop(ksvc.Service) error  { return nil }

// shellQuote writes s for a POSIX shell.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsFunc(s, needsQuote) && !strings.ContainsAny(s, "$%[]") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func isHelp(s string) bool {
	return s == "-h" || s == "-help" || s == "--help" || s == "help"
}

// langInEnv reports whether the environment names a language (as on Unix),
// which then wins over the Windows UI language.
func langInEnv(getenv func(string) string) bool {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if getenv(k) != "" {
			return true
		}
	}
	return false
}

// executable is this program's path with symbolic links resolved, so the
// service keeps working when a link is moved.
func executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return exe, nil
}

// systemdCanRun reports why systemd could not start exe as the unit's
// dynamic user, or nil: home and temporary folders are hidden from it
// (ProtectHome=, PrivateTmp=), and the file and every folder above it must
// be open to other users.
func systemdCanRun(exe string) error {
	for _, hidden := range []string{"/home/", "/root/", "/run/user/", "/tmp/", "/var/tmp/", "/dev/shm/"} {
		if strings.HasPrefix(exe, hidden) {
			return fmt.Errorf("%s is hidden from the service", strings.TrimSuffix(hidden, "/"))
		}
	}
	return openToOthers(exe)
}

// openToOthers reports the first of path and the folders above it that other
// users may not enter or run.
func openToOthers(path string) error {
	for p := path; ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		if st.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("%s is not open to other users (chmod o+x)", p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}
