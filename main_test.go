package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeContract builds the binary the way the contract says (no tags, no
// cgo) and checks serve mode from outside: the printed lines, /healthz, the
// token, a non-loopback --admin refused, and SIGTERM → exit 0.
func TestServeContract(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "sekisho")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	out, err := exec.Command(bin, "serve", "--data", t.TempDir(), "--admin", "0.0.0.0:0").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "loopback") {
		t.Errorf("non-loopback --admin: err=%v out=%s", err, out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--data", t.TempDir(), "--admin", "127.0.0.1:0",
		"--portal", "127.0.0.1:0", "--gateway", "127.0.0.1:0", "--public-host", "127.0.0.1")
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
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "admin http://127.0.0.1:") || !strings.HasSuffix(lines[0], "/") ||
		!strings.HasPrefix(lines[1], "portal https://127.0.0.1:") || !strings.HasPrefix(lines[2], "gateway https://127.0.0.1:") {
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
}
