package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The binary the tests run, built once (as the contract says: no tags, no
// cgo) into a folder TestMain removes.
var built struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// sekishoBinary builds the binary once, with extra go build arguments
// ldflags (none for the shared one).
func sekishoBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "sekisho-main-test-"); built.err != nil {
			return
		}
		built.path, built.err = goBuild(built.dir, "sekisho")
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

func goBuild(dir, name string, args ...string) (string, error) {
	bin := filepath.Join(dir, name)
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", append(append([]string{"build"}, args...), "-o", bin, ".")...)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// TestServeContract builds the binary the way the contract says (no tags, no
// cgo) and checks serve mode from outside: the printed lines, /healthz, the
// token, a non-loopback --admin refused, SIGTERM → exit 0, and the log in
// DATA/logs/sekisho.log.
func TestServeContract(t *testing.T) {
	bin := sekishoBinary(t)

	out, err := exec.Command(bin, "serve", "--data", t.TempDir(), "--admin", "0.0.0.0:0").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "loopback") {
		t.Errorf("non-loopback --admin: err=%v out=%s", err, out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	data := t.TempDir()
	cmd := exec.CommandContext(ctx, bin, "serve", "--data", data, "--admin", "127.0.0.1:0",
		"--portal", "127.0.0.1:0", "--gateway", "127.0.0.1:0", "--download", "127.0.0.1:0", "--public-host", "127.0.0.1")
	cmd.Env = append(os.Environ(), "SEKISHO_ADMIN_TOKEN=contract-token")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if sc.Text() == "ready" {
			break
		}
	}
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "admin http://127.0.0.1:") || !strings.HasSuffix(lines[0], "/") ||
		!strings.HasPrefix(lines[1], "portal https://127.0.0.1:") || !strings.HasPrefix(lines[2], "gateway https://127.0.0.1:") ||
		!strings.HasPrefix(lines[3], "download http://127.0.0.1:") || lines[4] != "ready" {
		t.Fatalf("start-up lines = %q", lines)
	}
	admin := strings.TrimPrefix(lines[0], "admin ")
	resp, err := http.Get(admin + "healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, resp)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("POST", admin+"api/Users.List", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer contract-token")
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("Users.List with token: %v %v", err, resp)
	}
	resp.Body.Close()
	// The gateway speaks TLS 1.2+ only.
	gw := strings.TrimSuffix(strings.TrimPrefix(lines[2], "gateway https://"), "/")
	if c, err := tls.Dial("tcp", gw, &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS11}); err == nil {
		c.Close()
		t.Error("gateway accepted TLS 1.1")
	}

	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v, want 0", err)
	}

	// The log, in a private folder, from start to stop.
	logs := filepath.Join(data, "logs")
	b, err := os.ReadFile(filepath.Join(logs, "sekisho.log"))
	if err != nil {
		t.Fatalf("the log file: %v", err)
	}
	for _, want := range []string{"msg=starting version=0.0.0-dev pid=" + strconv.Itoa(cmd.Process.Pid), "msg=stopped"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the log file lacks %q:\n%s", want, b)
		}
	}
	if runtime.GOOS != "windows" {
		for path, want := range map[string]os.FileMode{logs: 0o700, filepath.Join(logs, "sekisho.log"): 0o600} {
			if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
				t.Errorf("%s: %v %v, want mode %04o", path, st.Mode(), err, want)
			}
		}
	}
}

// startServe starts `sekisho serve` on data with free ports and waits for
// "ready"; stop sends SIGTERM and waits.
func startServe(t *testing.T, bin, data string) (cmd *exec.Cmd, stop func()) {
	t.Helper()
	cmd = exec.Command(bin, "serve", "--data", data, "--admin", "127.0.0.1:0",
		"--portal", "127.0.0.1:0", "--gateway", "127.0.0.1:0", "--download", "127.0.0.1:0", "--public-host", "127.0.0.1")
	cmd.Env = append(os.Environ(), "SEKISHO_ADMIN_TOKEN=contract-token")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "ready" {
				ready <- true
				break
			}
		}
		io.Copy(io.Discard, stdout)
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatal("sekisho serve exited before ready")
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("sekisho serve: no ready within 60 s")
	}
	return cmd, func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}
}

// runFor runs bin with args for at most limit; the result, what it
// printed, and how long it took.
func runFor(t *testing.T, limit time.Duration, bin string, args ...string) (stdout, stderr string, took time.Duration, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "SEKISHO_ADMIN_TOKEN=contract-token")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("still running after %v (killed)", limit)
	}
	return out.String(), errOut.String(), time.Since(start), err
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestOneEnginePerDataFolder: a second serve on a folder in use exits
// non-zero within 10 s, names the first one's PID on stderr, and leaves the
// database as it was.
func TestOneEnginePerDataFolder(t *testing.T) {
	bin := sekishoBinary(t)
	data := t.TempDir()
	first, stop := startServe(t, bin, data)
	defer stop()
	before := databaseFiles(t, data)

	stdout, stderr, took, err := runFor(t, 10*time.Second, bin, "serve", "--data", data, "--admin", "127.0.0.1:0",
		"--portal", "127.0.0.1:0", "--gateway", "127.0.0.1:0", "--download", "127.0.0.1:0", "--public-host", "127.0.0.1")
	if code := exitCode(err); code <= 0 {
		t.Fatalf("second serve on the same folder: %v (exit %d) after %v, want a non-zero exit within 10 s\nstdout: %s\nstderr: %s", err, code, took, stdout, stderr)
	}
	pid := "PID " + strconv.Itoa(first.Process.Pid)
	if !strings.Contains(stderr, "in use") || !strings.Contains(stderr, pid) {
		t.Errorf("stderr = %q, want a line that says the folder is in use by %s", stderr, pid)
	}
	if strings.Contains(stdout, "ready") {
		t.Errorf("the second serve said ready: %q", stdout)
	}
	if after := databaseFiles(t, data); !maps.Equal(before, after) {
		t.Errorf("the second serve changed the database:\nbefore %v\nafter  %v", before, after)
	}
}

// databaseFiles returns the size, modification time and SHA-256 of each of
// the database's files in data.
func databaseFiles(t *testing.T, data string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"sekisho.db", "sekisho.db-wal", "sekisho.db-shm"} {
		path := filepath.Join(data, name)
		st, err := os.Stat(path)
		if err != nil {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = fmt.Sprintf("%d bytes, %v, %x", st.Size(), st.ModTime().UnixNano(), sha256.Sum256(b))
	}
	if _, ok := out["sekisho.db"]; !ok {
		t.Fatalf("no database in %s", data)
	}
	return out
}

func TestVersion(t *testing.T) {
	bin := sekishoBinary(t)
	stamped, err := goBuild(t.TempDir(), "sekisho", "-ldflags", "-X main.version=9.8.7-test")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		bin  string
		args []string
		want string
	}{
		{bin, []string{"version"}, "sekisho 0.0.0-dev\n"},
		{bin, []string{"--version"}, "sekisho 0.0.0-dev\n"},
		{stamped, []string{"version"}, "sekisho 9.8.7-test\n"},
		{stamped, []string{"--version"}, "sekisho 9.8.7-test\n"},
	}
	for _, tc := range tests {
		stdout, stderr, _, err := runFor(t, 10*time.Second, tc.bin, tc.args...)
		if err != nil || stdout != tc.want || stderr != "" {
			t.Errorf("%s %q: %v, stdout %q, stderr %q; want exit 0 and %q", filepath.Base(filepath.Dir(tc.bin)), tc.args, err, stdout, stderr, tc.want)
		}
	}
}

func TestHelp(t *testing.T) {
	bin := sekishoBinary(t)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"Usage:", "sekisho serve", "sekisho version", "--data DIR", "--portal ADDR"}},
		{[]string{"-h"}, []string{"Usage:"}},
		{[]string{"help"}, []string{"Usage:"}},
		{[]string{"serve", "--help"}, []string{"Usage: sekisho serve", "--gateway ADDR"}},
		{[]string{"version", "--help"}, []string{"Usage: sekisho version"}},
	}
	for _, tc := range tests {
		stdout, stderr, _, err := runFor(t, 10*time.Second, bin, tc.args...)
		if err != nil || stderr != "" {
			t.Errorf("%q: %v, stderr %q; want exit 0 with the help on stdout", tc.args, err, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%q: stdout lacks %q:\n%s", tc.args, w, stdout)
			}
		}
	}
	// A wrong flag: exit 2, one line on stderr, nothing on stdout.
	stdout, stderr, _, err := runFor(t, 10*time.Second, bin, "serve", "--nope")
	if exitCode(err) != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--help") {
		t.Errorf("serve --nope: %v, stdout %q, stderr %q; want exit 2 and one line pointing at --help", err, stdout, stderr)
	}
}

// TestPortInUse: a taken port stops the start with a message that names
// the flag that sets it.
func TestPortInUse(t *testing.T) {
	bin := sekishoBinary(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for _, flag := range []string{"--admin", "--portal", "--gateway"} {
		t.Run(flag, func(t *testing.T) {
			addrs := map[string]string{"--admin": "127.0.0.1:0", "--portal": "127.0.0.1:0", "--gateway": "127.0.0.1:0"}
			addrs[flag] = taken.Addr().String()
			args := []string{"serve", "--data", t.TempDir(), "--public-host", "127.0.0.1"}
			for f, a := range addrs {
				args = append(args, f, a)
			}
			stdout, stderr, _, err := runFor(t, 60*time.Second, bin, args...)
			if exitCode(err) <= 0 {
				t.Fatalf("%v; stdout %q, stderr %q; want a non-zero exit", err, stdout, stderr)
			}
			if want := "sekisho: " + flag + " " + taken.Addr().String() + ": the address is already in use"; !strings.Contains(stderr, want) {
				t.Errorf("stderr = %q, want a line starting %q", stderr, want)
			}
		})
	}
}

// TestNoWindow: the tagless binary, asked for the window, points at serve
// instead of failing obscurely; and the desktop build's display check.
func TestNoWindow(t *testing.T) {
	bin := sekishoBinary(t)
	_, stderr, _, err := runFor(t, 10*time.Second, bin, "--data", t.TempDir())
	if exitCode(err) <= 0 || !strings.Contains(stderr, `"sekisho serve"`) {
		t.Errorf("sekisho (tagless): %v, stderr %q; want a non-zero exit that points at sekisho serve", err, stderr)
	}

	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		goos string
		env  map[string]string
		fail bool
	}{
		{"linux", nil, true},
		{"linux", map[string]string{"DISPLAY": ":0"}, false},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, false},
		{"windows", nil, false},
		{"darwin", nil, false},
	}
	for _, tc := range tests {
		err := noDisplay(tc.goos, env(tc.env))
		if (err != nil) != tc.fail || (err != nil && !strings.Contains(err.Error(), "sekisho serve")) {
			t.Errorf("noDisplay(%s, %v) = %v, want failure %v naming sekisho serve", tc.goos, tc.env, err, tc.fail)
		}
	}
}
