package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServiceRun runs `sekisho service run` in the foreground as the service
// manager would, from outside: serve's lines, the portal, the admin API with
// the token from DATA/admin.token (0600, its path printed but never the
// token), and SIGTERM → exit 0.
func TestServiceRun(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stops it with SIGTERM")
	}
	bin := sekishoBinary(t)
	data := filepath.Join(t.TempDir(), "data") // run makes it
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "service", "run", "--data", data, "--admin", "127.0.0.1:0",
		"--portal", "127.0.0.1:0", "--gateway", "127.0.0.1:0", "--download", "127.0.0.1:0", "--public-host", "127.0.0.1")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SEKISHO_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "LANG=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if sc.Text() == "ready" {
			break
		}
		name, url, _ := strings.Cut(sc.Text(), " ")
		lines[name] = url
	}
	go io.Copy(io.Discard, stdout)
	if !strings.HasPrefix(lines["admin"], "http://127.0.0.1:") || !strings.HasPrefix(lines["portal"], "https://127.0.0.1:") ||
		!strings.HasPrefix(lines["gateway"], "https://127.0.0.1:") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("start-up lines = %q; stderr:\n%s", lines, stderr.String())
	}

	insecure := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := insecure.Get(lines["portal"] + "cacert.pem")
	if err != nil {
		t.Fatal(err)
	}
	pem, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(pem, []byte("BEGIN CERTIFICATE")) {
		t.Errorf("portal /cacert.pem: %d %.80q", resp.StatusCode, pem)
	}

	tokenPath := filepath.Join(data, "admin.token")
	b, err := os.ReadFile(tokenPath)
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(b))
	req, _ := http.NewRequest("POST", lines["admin"]+"api/Users.List", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("Users.List with the token from %s: %v %v", tokenPath, err, resp)
	}
	if resp != nil {
		resp.Body.Close()
	}

	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v, want 0; stderr:\n%s", err, stderr.String())
	}
	if st, err := os.Stat(tokenPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("admin.token: %v %v, want mode 0600", st.Mode(), err)
	}
	if !strings.Contains(stderr.String(), "admin token: in "+tokenPath) || strings.Contains(stderr.String(), token) {
		t.Errorf("stderr should say where the token is, never the token:\n%s", stderr.String())
	}
}

// TestServiceCommands checks the service commands that need no service
// manager: --help, unit, status, and install refused without the rights.
func TestServiceCommands(t *testing.T) {
	bin := sekishoBinary(t)

	out, err := exec.Command(bin, "service", "--help").Output()
	if err != nil || !strings.HasPrefix(string(out), "Usage: sekisho service COMMAND") || !strings.Contains(string(out), "install") {
		t.Errorf("service --help: %v\n%s", err, out)
	}

	if runtime.GOOS == "linux" {
		out, err = exec.Command(bin, "service", "unit", "--public-host", "gw.lan").Output()
		if err != nil || !strings.Contains(string(out), "\nExecStart="+bin+" service run --data /var/lib/sekisho --public-host gw.lan\n") {
			t.Errorf("service unit: %v\n%s", err, out)
		}
	}

	// The answer depends on the machine; its form does not.
	out, err = exec.Command(bin, "service", "status").Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	switch got := strings.TrimSpace(string(out)); {
	case got == "not installed" && code == 4, (got == "running" || got == "stopped") && code == 0:
	default:
		t.Errorf("service status = %q, exit %d", got, code)
	}

	t.Run("install without the rights", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("needs a non-elevated Windows prompt")
		}
		for _, tc := range []struct{ lang, want string }{
			{"C", "needs root: run it with sudo"},
			{"ja_JP.UTF-8", "root 権限が必要です"},
		} {
			cmd := unprivileged(t, bin, "service", "install", "--public-host", "gw.lan")
			cmd.Env = append(os.Environ(), "LANG="+tc.lang, "LC_ALL=", "LC_MESSAGES=")
			out, err := cmd.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), tc.want) {
				t.Errorf("LANG=%s %s: %v\n%s\nwant exit 1 and %q", tc.lang, cmd, err, out, tc.want)
			}
		}
	})
}

// unprivileged returns a command that runs bin as an ordinary user: this
// user when it is one, or nobody through setpriv or runuser when root.
func unprivileged(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	if os.Geteuid() != 0 {
		return exec.Command(bin, args...)
	}
	// nobody must reach the binary: a folder open to all, off the test's
	// private temporary folders.
	dir, err := os.MkdirTemp("", "sekisho-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	copyBin := filepath.Join(dir, "sekisho")
	if err := os.WriteFile(copyBin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := exec.LookPath("setpriv"); err == nil {
		return exec.Command(p, append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", copyBin}, args...)...)
	}
	if p, err := exec.LookPath("runuser"); err == nil {
		return exec.Command(p, append([]string{"-u", "nobody", "--", copyBin}, args...)...)
	}
	t.Skip("running as root, and neither setpriv nor runuser can drop that")
	return nil
}
