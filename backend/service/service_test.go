package service

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"sekisho/backend/config"
	"sekisho/backend/i18n"
)

// testCommand is a command on a pretend machine: goos, rights, executable
// and service manager are the test's.
func testCommand(goos string, elevated bool, serve ServeFunc) (*command, *bytes.Buffer, *bytes.Buffer) {
	var stdout, stderr bytes.Buffer
	env := map[string]string{"ProgramData": `D:\PD`}
	c := &command{
		Env: Env{Serve: serve, Lang: i18n.EN, Getenv: func(k string) string { return env[k] },
			Stdout: &stdout, Stderr: &stderr, Argv0: "./sekisho"},
		goos:     goos,
		elevated: func() bool { return elevated },
		exe:      func() (string, error) { return "/usr/local/bin/sekisho", nil },
		platform: func() string { return "unix-systemv" },
	}
	return c, &stdout, &stderr
}

func TestParse(t *testing.T) {
	cwd, _ := os.Getwd()
	tests := []struct {
		name     string
		goos     string
		args     []string
		wantData string
		wantRun  []string
		wantErr  string
	}{
		{"ok/linux default", "linux", nil, LinuxDataDir, []string{"service", "run", "--data", LinuxDataDir}, ""},
		{"ok/darwin default", "darwin", []string{"--portal", ":443"}, "/Library/Application Support/Sekisho",
			[]string{"service", "run", "--data", "/Library/Application Support/Sekisho", "--portal", ":443"}, ""},
		{"ok/windows default", "windows", nil, `D:\PD\Sekisho`, []string{"service", "run", "--data", `D:\PD\Sekisho`}, ""},
		{"ok/relative data made absolute", "linux", []string{"--data", "rel", "--public-host", "gw.lan"}, filepath.Join(cwd, "rel"),
			[]string{"service", "run", "--data", filepath.Join(cwd, "rel"), "--public-host", "gw.lan"}, ""},
		{"ok/-data=", "linux", []string{"-data=/srv/s", "--admin", "127.0.0.1:7701"}, "/srv/s",
			[]string{"service", "run", "--data", "/srv/s", "--admin", "127.0.0.1:7701"}, ""},
		{"ok/--data= twice, last wins", "linux", []string{"--data=/a", "--data", "/b"}, "/b", []string{"service", "run", "--data", "/b"}, ""},
		{"fail/admin not loopback", "linux", []string{"--admin", "0.0.0.0:7700"}, "", nil, "loopback"},
		{"fail/data without value", "linux", []string{"--data"}, "", nil, "needs an argument"},
		{"fail/stray argument", "linux", []string{"now"}, "", nil, "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _, _ := testCommand(tc.goos, true, nil)
			cfg, run, err := c.parse(tc.args)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.DataDir != tc.wantData || !cfg.Serve {
				t.Errorf("cfg = %+v, want data %q", cfg, tc.wantData)
			}
			if diff := cmp.Diff(tc.wantRun, run); diff != "" {
				t.Errorf("service arguments (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDataDir(t *testing.T) {
	none := func(string) string { return "" }
	pd := func(k string) string { return map[string]string{"ProgramData": `E:\Data\`}[k] }
	for _, tc := range []struct {
		goos   string
		getenv func(string) string
		want   string
	}{
		{"windows", pd, `E:\Data\Sekisho`},
		{"windows", none, `C:\ProgramData\Sekisho`},
		{"darwin", none, "/Library/Application Support/Sekisho"},
		{"linux", none, "/var/lib/sekisho"},
	} {
		if got := DataDir(tc.goos, tc.getenv); got != tc.want {
			t.Errorf("DataDir(%s) = %q, want %q", tc.goos, got, tc.want)
		}
	}
}

func TestHelpAndUsage(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"install", "--help"}, {"run", "-h"}, {"install", "--public-host", "gw.lan", "--help"}} {
		c, stdout, stderr := testCommand("linux", false, nil)
		if code := c.main(args); code != 0 || !strings.Contains(stdout.String(), "Usage: sekisho service") || stderr.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	for _, args := range [][]string{nil, {"instal"}, {"status", "now"}, {"install", "--nope"}} {
		c, stdout, stderr := testCommand("linux", true, nil)
		if code := c.main(args); code != 2 || stdout.Len() != 0 || stderr.Len() == 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and a message", args, code, stdout, stderr)
		}
	}
}

func TestNeedsRights(t *testing.T) {
	tests := []struct {
		goos, sub string
		lang      i18n.Lang
		want      string
	}{
		{"linux", "install", i18n.EN, "needs root: run it with sudo: sudo ./sekisho service install --data 'my data'"},
		{"linux", "start", i18n.JA, "root 権限が必要です"},
		{"darwin", "uninstall", i18n.EN, "sudo ./sekisho service uninstall"},
		{"windows", "stop", i18n.EN, `"Run as administrator"`},
		{"windows", "install", i18n.JA, "管理者として実行"},
	}
	for _, tc := range tests {
		t.Run(tc.goos+"/"+tc.sub, func(t *testing.T) {
			c, stdout, stderr := testCommand(tc.goos, false, nil)
			c.Lang = tc.lang
			args := []string{tc.sub}
			if tc.sub == "install" {
				args = append(args, "--data", "my data")
			}
			if code := c.main(args); code != 1 || !strings.Contains(stderr.String(), tc.want) || stdout.Len() != 0 {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tc.want)
			}
		})
	}
}

func TestWithoutSystemd(t *testing.T) {
	c, stdout, stderr := testCommand("linux", false, nil)
	if code := c.main([]string{"status"}); code != ExitNotInstalled || stdout.String() != "not installed\n" || !strings.Contains(stderr.String(), "systemd") {
		t.Errorf("status: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	c, _, stderr = testCommand("linux", true, nil)
	if code := c.main([]string{"install"}); code != 1 || !strings.Contains(stderr.String(), "systemd is not running") {
		t.Errorf("install: exit %d, stderr %q", code, stderr)
	}
}

func TestUnitCommand(t *testing.T) {
	c, stdout, stderr := testCommand("linux", false, nil)
	if code := c.main([]string{"unit", "--public-host", "gw.example.lan", "--gateway", ":443"}); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "\nExecStart=/usr/local/bin/sekisho service run --data /var/lib/sekisho --public-host gw.example.lan --gateway :443\n"
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("unit lacks %q:\n%s", want, stdout)
	}
	c, stdout, stderr = testCommand("linux", false, nil)
	if code := c.main([]string{"unit", "--data", "/srv/sekisho"}); code != 1 || !strings.Contains(stderr.String(), "/var/lib/sekisho") || stdout.Len() != 0 {
		t.Errorf("--data on Linux: exit %d, stderr %q", code, stderr)
	}
	c, stdout, _ = testCommand("darwin", false, nil)
	if code := c.main([]string{"unit"}); code != 0 || !strings.Contains(stdout.String(), "<string>/Library/Application Support/Sekisho</string>") {
		t.Errorf("darwin: exit %d:\n%s", code, stdout)
	}
	c, stdout, _ = testCommand("windows", false, nil)
	if code := c.main([]string{"unit"}); code != 0 || !strings.Contains(stdout.String(), `--data D:\PD\Sekisho`) {
		t.Errorf("windows: exit %d:\n%s", code, stdout)
	}
}

func TestSystemdCanRun(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permissions")
	}
	for _, p := range []string{"/home/ann/sekisho", "/root/go/bin/sekisho", "/tmp/sekisho"} {
		if err := systemdCanRun(p); err == nil || !strings.Contains(err.Error(), "hidden") {
			t.Errorf("systemdCanRun(%s) = %v, want hidden", p, err)
		}
	}
	if tr, err := exec.LookPath("true"); err == nil {
		tr, _ = filepath.EvalSymlinks(tr)
		if err := systemdCanRun(tr); err != nil && !strings.HasPrefix(tr, "/tmp/") {
			t.Errorf("systemdCanRun(%s) = %v", tr, err)
		}
	}
	// The mode bits count, not who asks: the dynamic user is no one's.
	closed := filepath.Join(t.TempDir(), "closed")
	copyTrue(t, filepath.Join(closed, "sekisho"))
	os.Chmod(closed, 0o700)
	if err := openToOthers(filepath.Join(closed, "sekisho")); err == nil || !strings.Contains(err.Error(), closed+" is not open") {
		t.Errorf("openToOthers in a 0700 folder = %v", err)
	}
}

// TestRun runs the command the service manager starts, in-process, with an
// engine that fails at once (as on a busy port): run must end with its
// exit code instead of waiting for a signal, after making the token file.
func TestRun(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	var got config.Config
	c, stdout, stderr := testCommand(runtime.GOOS, false, func(ctx context.Context, cfg config.Config) int {
		got = cfg
		return 3
	})
	done := make(chan int)
	go func() { done <- c.main([]string{"run", "--data", data, "--admin", "127.0.0.1:0"}) }()
	select {
	case code := <-done:
		if code != 3 {
			t.Errorf("exit %d, want 3 (the engine's); stderr %q", code, stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not end with the engine")
	}
	b, err := os.ReadFile(filepath.Join(data, TokenFile))
	if err != nil || strings.TrimSpace(string(b)) != got.AdminToken || got.AdminToken == "" || got.DataDir != data {
		t.Errorf("token file %q (%v), cfg %+v", b, err, got)
	}
	if !strings.Contains(stderr.String(), "admin token: in "+filepath.Join(data, TokenFile)) || strings.Contains(stderr.String()+stdout.String(), got.AdminToken) {
		t.Errorf("stderr %q: want where the token is, never the token", stderr)
	}

	// The environment's token wins; no file is made.
	data2 := filepath.Join(t.TempDir(), "data")
	c, _, _ = testCommand(runtime.GOOS, false, func(ctx context.Context, cfg config.Config) int { got = cfg; return 0 })
	c.Getenv = func(k string) string { return map[string]string{"SEKISHO_ADMIN_TOKEN": "from-env-token-123"}[k] }
	if code := c.main([]string{"run", "--data", data2}); code != 0 || got.AdminToken != "from-env-token-123" {
		t.Errorf("exit %d, token %q", code, got.AdminToken)
	}
	if _, err := os.Stat(filepath.Join(data2, TokenFile)); !os.IsNotExist(err) {
		t.Errorf("token file made although SEKISHO_ADMIN_TOKEN is set: %v", err)
	}
}

func TestProgramStop(t *testing.T) {
	started := make(chan struct{})
	p := newProgram(func(ctx context.Context) int {
		close(started)
		<-ctx.Done()
		return 0
	}, true)
	exited := false
	p.exit = func(int) { exited = true }
	p.Start(nil)
	<-started
	if err := p.Stop(nil); err != nil || p.exitCode() != 0 || exited {
		t.Errorf("Stop = %v, code %d, exited %v; want a clean stop without exit", err, p.exitCode(), exited)
	}

	// An engine that ends by itself ends the process where nothing else
	// would (Windows), with its code.
	exitCode := make(chan int, 1)
	p = newProgram(func(context.Context) int { return 5 }, true)
	p.exit = func(code int) { exitCode <- code }
	p.Start(nil)
	if code := <-exitCode; code != 5 {
		t.Errorf("exit(%d), want 5", code)
	}
	p.wait() // returns at once: the engine is done
}

func TestToken(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, TokenFile)
	tok, err := LoadOrCreateToken(path)
	if err != nil || len(tok) < 32 {
		t.Fatalf("token %q, %v", tok, err)
	}
	if st, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o600) {
		t.Errorf("token file: %v %v, want mode 0600", st.Mode(), err)
	}
	if again, err := LoadOrCreateToken(path); err != nil || again != tok {
		t.Errorf("second load = %q, %v; want %q", again, err, tok)
	}
	if runtime.GOOS != "windows" {
		os.Chmod(path, 0o644)
		if _, err := LoadOrCreateToken(path); err != nil {
			t.Fatal(err)
		}
		if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
			t.Errorf("loosened token file left at %v", st.Mode())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("data folder holds %d files, want only the token (no temporary left)", len(entries))
	}

	os.WriteFile(path, []byte("short\n"), 0o600)
	if _, err := LoadOrCreateToken(path); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damaged token: %v", err)
	}

	// First starts at once agree on one token.
	path = filepath.Join(t.TempDir(), TokenFile)
	var wg sync.WaitGroup
	toks := make([]string, 8)
	for i := range toks {
		wg.Go(func() {
			var err error
			if toks[i], err = LoadOrCreateToken(path); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, tok := range toks {
		if tok != toks[0] {
			t.Fatalf("tokens differ: %q", toks)
		}
	}
}

// TestCrossCompiles type-checks and compiles this package, tests included,
// for Windows and macOS: their code paths (the access list, the elevated
// token, launchd) build only there.
func TestCrossCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet for two other systems")
	}
	for _, goos := range []string{"windows", "darwin"} {
		cmd := exec.Command("go", "vet", ".")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GOOS=%s go vet: %v\n%s", goos, err, out)
		}
	}
}

func TestInstallCommands(t *testing.T) {
	hidden := func(string) error { return os.ErrPermission }
	fine := func(string) error { return nil }
	tests := []struct {
		name, goos, exe string
		canRun          func(string) error
		want            []string
	}{
		{"ok/linux-installed", "linux", "/usr/local/bin/sekisho", fine,
			[]string{"sudo /usr/local/bin/sekisho service install", "sudo /usr/local/bin/sekisho service start"}},
		{"ok/linux-from-home", "linux", "/home/a b/sekisho", hidden, []string{
			"sudo install -m 0755 '/home/a b/sekisho' /usr/local/bin/sekisho",
			"sudo /usr/local/bin/sekisho service install",
			"sudo /usr/local/bin/sekisho service start"}},
		{"ok/darwin", "darwin", "/Applications/Sekisho.app/Contents/MacOS/sekisho", hidden, []string{
			"sudo /Applications/Sekisho.app/Contents/MacOS/sekisho service install",
			"sudo /Applications/Sekisho.app/Contents/MacOS/sekisho service start"}},
		{"ok/windows", "windows", `C:\Program Files\Sekisho\sekisho.exe`, fine, []string{
			`"C:\Program Files\Sekisho\sekisho.exe" service install`,
			`"C:\Program Files\Sekisho\sekisho.exe" service start`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, installCommands(tc.goos, tc.exe, tc.canRun)); diff != "" {
				t.Errorf("installCommands (-want +got):\n%s", diff)
			}
		})
	}
}
