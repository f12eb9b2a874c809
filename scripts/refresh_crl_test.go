// Package scripts tests the shell scripts in this folder.
package scripts

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"sekisho/backend/ca"
)

// TestRefreshCRL runs refresh-crl.sh with the real openssl and curl against
// CRLs Sekisho's CA code signs: a good one is installed (and the reload
// command run), and each bad one is refused with exit status 1, leaving the
// installed CRL as it was and the command not run.
func TestRefreshCRL(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the script is for the proxy host (Linux)")
	}
	for _, tool := range []string{"bash", "openssl", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is needed: %v", tool, err)
		}
	}
	now := time.Now()
	realCA, _, err := ca.New("", now)
	if err != nil {
		t.Fatal(err)
	}
	// Made the same day without an organization, the forger's CA has the
	// very subject of the real one: openssl finds the real CA as the issuer
	// and reports "verify failure" — with exit status 0 on OpenSSL 3.0.
	forger, _, err := ca.New("", now)
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := ca.New("Other Org", now)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(forger.Cert.RawSubject, realCA.Cert.RawSubject) {
		t.Fatal("the forger's CA does not share the real CA's subject")
	}

	dir := t.TempDir()
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	crl := func(c *ca.CA, number int64, at time.Time) []byte {
		t.Helper()
		b, err := c.CRL([]ca.Revoked{{Serial: realCA.Cert.SerialNumber, RevokedAt: at}}, number, at)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	caFile := write("ca.pem", realCA.CertPEM)
	installed := filepath.Join(dir, "crl.pem")
	marker := filepath.Join(dir, "reloaded")
	script, err := filepath.Abs("refresh-crl.sh")
	if err != nil {
		t.Fatal(err)
	}

	// run offers candidate (a file served as a file:// URL; nil: a URL that
	// does not exist) and returns the exit status and stderr.
	run := func(candidate []byte) (int, string) {
		t.Helper()
		os.Remove(marker)
		url := "file://" + filepath.Join(dir, "missing.pem")
		if candidate != nil {
			url = "file://" + write("candidate.pem", candidate)
		}
		cmd := exec.Command("bash", script, url, caFile, installed, "touch", marker)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0, stderr.String()
		case errors.As(err, &ee):
			return ee.ExitCode(), stderr.String()
		}
		t.Fatal(err)
		return 0, ""
	}
	reloaded := func() bool {
		_, err := os.Stat(marker)
		return err == nil
	}

	good := crl(realCA, 5, now)
	if code, stderr := run(good); code != 0 || !reloaded() {
		t.Fatalf("first install: exit %d, reloaded %v\n%s", code, reloaded(), stderr)
	}
	if got, _ := os.ReadFile(installed); !bytes.Equal(got, good) {
		t.Fatal("the good CRL was not installed")
	}
	if code, stderr := run(good); code != 0 || reloaded() {
		t.Errorf("the same CRL again: exit %d, reloaded %v (want 0, no reload)\n%s", code, reloaded(), stderr)
	}

	for _, tc := range []struct {
		name      string
		candidate []byte
		why       string
	}{
		{"fail/forged (same subject, another key)", crl(forger, 6, now), "verify failure"},
		{"fail/another CA", crl(other, 6, now), "not a CRL signed by"},
		{"fail/expired", crl(realCA, 6, now.Add(-ca.CRLValidity-time.Hour)), "expired"},
		{"fail/not valid yet", crl(realCA, 6, now.Add(2*time.Hour)), "not valid yet"},
		{"fail/older than the installed one", crl(realCA, 4, now), "older than the installed one"},
		{"fail/not a CRL", []byte("<html>portal error</html>\n"), "not a CRL signed by"},
		{"fail/download fails", nil, "could not download"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr := run(tc.candidate)
			if code != 1 || !strings.Contains(stderr, tc.why) {
				t.Errorf("exit %d, want 1 with %q\n%s", code, tc.why, stderr)
			}
			if reloaded() {
				t.Error("the reload command ran")
			}
			if got, _ := os.ReadFile(installed); !bytes.Equal(got, good) {
				t.Error("the installed CRL changed")
			}
		})
	}

	newer := crl(realCA, 7, now)
	if code, stderr := run(newer); code != 0 || !reloaded() {
		t.Fatalf("a newer CRL: exit %d, reloaded %v\n%s", code, reloaded(), stderr)
	}
	if got, _ := os.ReadFile(installed); !bytes.Equal(got, newer) {
		t.Fatal("the newer CRL was not installed")
	}
	if left, _ := filepath.Glob(installed + ".new.*"); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	if code, _ := run(nil); code != 1 {
		t.Errorf("a failed download: exit %d", code)
	}
	if out, err := exec.Command("bash", script, "only-one-argument").CombinedOutput(); err == nil || !strings.Contains(string(out), "usage:") {
		t.Errorf("wrong usage: %v %s", err, out)
	}
}

// TestOtherProxiesDocShowsTheScript: docs/other-proxies.md shows
// refresh-crl.sh verbatim, so the documented script is the tested one.
func TestOtherProxiesDocShowsTheScript(t *testing.T) {
	script, err := os.ReadFile("refresh-crl.sh")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "other-proxies.md"))
	if err != nil {
		t.Fatal(err)
	}
	crlf := []byte("\r\n")
	script, doc = bytes.ReplaceAll(script, crlf, []byte("\n")), bytes.ReplaceAll(doc, crlf, []byte("\n"))
	if !bytes.Contains(doc, []byte("```bash\n"+string(script)+"```\n")) {
		t.Error("docs/other-proxies.md does not show scripts/refresh-crl.sh verbatim (copy it into the ```bash block)")
	}
}
