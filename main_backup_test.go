package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"sekisho/backend/backup"
	"sekisho/backend/ca"
	"sekisho/backend/config"
	"sekisho/backend/dirlock"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

const cliPassphrase = "二十四の瞳 and twelve+"

// cliRun runs `sekisho ARGS` (backup or restore) in-process, with env as the
// environment and answers as what is typed at the terminal (none: no
// terminal).
type cliRun struct {
	env     map[string]string
	answers []string
	asked   int
}

func (c *cliRun) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runBackupCommand(context.Background(), args, backupEnv{
		Getenv: func(k string) string { return c.env[k] },
		Stdout: &out, Stderr: &errb,
		ReadPassphrase: func(string) (string, error) {
			if c.answers == nil {
				return "", errNoTerminal
			}
			c.asked++
			if len(c.answers) == 0 {
				return "", errors.New("asked once too often")
			}
			a := c.answers[0]
			c.answers = c.answers[1:]
			return a, nil
		},
		Now:        func() time.Time { return time.Date(2026, 12, 3, 10, 45, 0, 0, time.Local) },
		WorkFactor: 10,
	})
	return code, out.String(), errb.String()
}

func withPassphrase() *cliRun {
	return &cliRun{env: map[string]string{config.PassphraseEnv: cliPassphrase}}
}

// stoppedFolder makes a data folder as a stopped engine leaves it: a
// database with a user and a CA, and master.key. It returns the CA's
// fingerprint.
func stoppedFolder(t *testing.T, dir string) (fingerprint string, sealKey []byte) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sealKey, _ = secret.NewKey()
	c, keyDER, err := ca.New("関所商事", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := secret.Seal(sealKey, keyDER, []byte(ca.SealPurpose))
	if err := db.SaveCA(ctx, string(c.CertPEM), sealed); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "test", model.UserInput{Code: "000419", Name: "安井"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, backup.KeyFileName), []byte(hex.EncodeToString(sealKey)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return c.Fingerprint(), sealKey
}

func TestBackupCommand(t *testing.T) {
	data := t.TempDir()
	fp, _ := stoppedFolder(t, data)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "office.sekisho-backup")

	t.Run("ok", func(t *testing.T) {
		code, stdout, stderr := withPassphrase().run(t, "backup", "--data", data, "--out", out)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"backup written: " + out, fp, "users 1,", "Keep the passphrase apart"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, stdout)
			}
		}
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", fi.Mode().Perm())
		}
		f, _ := os.Open(out)
		defer f.Close()
		if m, err := backup.Inspect(f, cliPassphrase); err != nil || m.CAFingerprint != fp || m.Counts.Users != 1 {
			t.Errorf("Inspect = %+v, %v", m, err)
		}
		// The folder's lock was released; the engine may start again.
		lock, err := dirlock.Acquire(data)
		if err != nil {
			t.Fatalf("lock after backup: %v", err)
		}
		lock.Close()
	})
	t.Run("ok/again over the same file", func(t *testing.T) {
		before, _ := os.ReadFile(out)
		if code, _, stderr := withPassphrase().run(t, "backup", "--data", data, "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if after, _ := os.ReadFile(out); bytes.Equal(before, after) {
			t.Error("the file was not replaced")
		}
		if got := strings.Join(names(t, outDir), " "); got != "office.sekisho-backup" {
			t.Errorf("the output folder holds %q", got)
		}
	})
	t.Run("ok/into a folder", func(t *testing.T) {
		dir := t.TempDir()
		if code, _, stderr := withPassphrase().run(t, "backup", "--data", data, "--out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if got := strings.Join(names(t, dir), " "); got != "sekisho-20261203-104500.sekisho-backup" {
			t.Errorf("folder holds %q", got)
		}
	})
	t.Run("ok/asked twice on the terminal", func(t *testing.T) {
		c := &cliRun{answers: []string{cliPassphrase, cliPassphrase}}
		target := filepath.Join(t.TempDir(), "b"+backup.Ext)
		if code, _, stderr := c.run(t, "backup", "--data", data, "--out", target); code != 0 || c.asked != 2 {
			t.Fatalf("exit %d, asked %d times: %s", code, c.asked, stderr)
		}
	})
	t.Run("ok/SEKISHO_MASTER_KEY", func(t *testing.T) {
		dir := t.TempDir()
		stoppedFolder(t, dir)
		os.Remove(filepath.Join(dir, backup.KeyFileName))
		// The folder's CA sealed with a key given in the environment.
		fp2, key2 := stoppedFolderKey(t, dir)
		c := withPassphrase()
		c.env["SEKISHO_MASTER_KEY"] = hex.EncodeToString(key2)
		target := filepath.Join(t.TempDir(), "b"+backup.Ext)
		code, stdout, stderr := c.run(t, "backup", "--data", dir, "--out", target)
		if code != 0 || !strings.Contains(stdout, fp2) {
			t.Fatalf("exit %d: %s%s", code, stdout, stderr)
		}
	})

	fails := []struct {
		name    string
		run     *cliRun
		args    []string
		code    int
		stderr  string
		prepare func(t *testing.T) func()
	}{
		{"no --out", withPassphrase(), []string{"backup", "--data", data}, 2, "--out FILE is required", nil},
		{"--force is restore's", withPassphrase(), []string{"backup", "--data", data, "--out", "x", "--force"}, 2, "flag provided but not defined", nil},
		{"stray argument", withPassphrase(), []string{"backup", "--data", data, "--out", "x", "now"}, 2, "unexpected argument", nil},
		{"short passphrase", &cliRun{env: map[string]string{config.PassphraseEnv: "elevenchars"}}, []string{"backup", "--data", data, "--out", "OUT"}, 1, "at least 12 characters", nil},
		{"short passphrase asked once", &cliRun{answers: []string{"short"}}, []string{"backup", "--data", data, "--out", "OUT"}, 1, "at least 12 characters", nil},
		{"passphrases differ", &cliRun{answers: []string{cliPassphrase, cliPassphrase + "x"}}, []string{"backup", "--data", data, "--out", "OUT"}, 1, "differ", nil},
		{"no terminal", &cliRun{}, []string{"backup", "--data", data, "--out", "OUT"}, 1, config.PassphraseEnv, nil},
		{"no database", withPassphrase(), []string{"backup", "--data", filepath.Join(t.TempDir(), "none"), "--out", "OUT"}, 1, "no database", nil},
		{"wrong master key", &cliRun{env: map[string]string{config.PassphraseEnv: cliPassphrase, "SEKISHO_MASTER_KEY": strings.Repeat("ab", 32)}},
			[]string{"backup", "--data", data, "--out", "OUT"}, 1, "does not open the CA key", nil},
		{"engine running", withPassphrase(), []string{"backup", "--data", data, "--out", "OUT"}, 1, "admin UI", func(t *testing.T) func() {
			lock, err := dirlock.Acquire(data)
			if err != nil {
				t.Fatal(err)
			}
			return func() { lock.Close() }
		}},
	}
	for _, tc := range fails {
		t.Run("fail/"+tc.name, func(t *testing.T) {
			if tc.prepare != nil {
				defer tc.prepare(t)()
			}
			dir := t.TempDir()
			for i, a := range tc.args {
				if a == "OUT" {
					tc.args[i] = filepath.Join(dir, "b"+backup.Ext)
				}
			}
			code, stdout, stderr := tc.run.run(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr, tc.code, tc.stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			if left := names(t, dir); len(left) != 0 {
				t.Errorf("left behind: %q", left)
			}
		})
	}
}

// stoppedFolderKey replaces dir's CA by one sealed with a new key, which it
// returns with the fingerprint (as a folder run with SEKISHO_MASTER_KEY).
func stoppedFolderKey(t *testing.T, dir string) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, _ := secret.NewKey()
	c, keyDER, _ := ca.New("", time.Now())
	sealed, _ := secret.Seal(key, keyDER, []byte(ca.SealPurpose))
	if _, err := db.SQL().Exec(`UPDATE ca SET cert_pem = ?, key_sealed = ? WHERE id = 1`, string(c.CertPEM), sealed); err != nil {
		t.Fatal(err)
	}
	return c.Fingerprint(), key
}

func TestRestoreCommand(t *testing.T) {
	src := t.TempDir()
	fp, sealKey := stoppedFolder(t, src)
	file := filepath.Join(t.TempDir(), "b"+backup.Ext)
	if code, _, stderr := withPassphrase().run(t, "backup", "--data", src, "--out", file); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	target := filepath.Join(t.TempDir(), "new-machine")

	t.Run("fail/wrong passphrase", func(t *testing.T) {
		c := &cliRun{env: map[string]string{config.PassphraseEnv: cliPassphrase + "?"}}
		code, _, stderr := c.run(t, "restore", "--data", target, "--in", file)
		if code != 1 || !strings.Contains(stderr, "wrong passphrase") || !strings.Contains(stderr, "as it was") {
			t.Errorf("exit %d: %s", code, stderr)
		}
		if _, err := os.Stat(target); !os.IsNotExist(err) {
			t.Error("the target was created")
		}
	})
	t.Run("fail/damaged", func(t *testing.T) {
		b, _ := os.ReadFile(file)
		cut := filepath.Join(t.TempDir(), "cut"+backup.Ext)
		os.WriteFile(cut, b[:len(b)-100], 0o600)
		code, _, stderr := withPassphrase().run(t, "restore", "--data", target, "--in", cut)
		if code != 1 || !strings.Contains(stderr, "damaged") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("fail/no such file", func(t *testing.T) {
		if code, _, stderr := withPassphrase().run(t, "restore", "--data", target, "--in", file+".nope"); code != 1 {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("ok/asked once on the terminal", func(t *testing.T) {
		c := &cliRun{answers: []string{cliPassphrase}}
		code, stdout, stderr := c.run(t, "restore", "--data", target, "--in", file)
		if code != 0 || c.asked != 1 {
			t.Fatalf("exit %d, asked %d: %s", code, c.asked, stderr)
		}
		if !strings.Contains(stdout, "restored into "+target) || !strings.Contains(stdout, fp) {
			t.Errorf("stdout:\n%s", stdout)
		}
		ctx := context.Background()
		db, err := store.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.GetUserByCode(ctx, "000419"); err != nil {
			t.Errorf("user: %v", err)
		}
		key, err := secret.LoadOrCreateKeyFile(filepath.Join(target, backup.KeyFileName))
		if err != nil || !bytes.Equal(key, sealKey) {
			t.Fatalf("master.key: %v", err)
		}
		certPEM, sealed, err := db.LoadCA(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c, err := ca.LoadSealed([]byte(certPEM), sealed, key); err != nil || c.Fingerprint() != fp {
			t.Errorf("CA: %v", err)
		}
	})
	t.Run("fail/not empty", func(t *testing.T) {
		code, _, stderr := withPassphrase().run(t, "restore", "--data", target, "--in", file)
		if code != 1 || !strings.Contains(stderr, "--force") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("ok/--force keeps the old folder", func(t *testing.T) {
		c := withPassphrase()
		c.env["SEKISHO_MASTER_KEY"] = strings.Repeat("ab", 32)
		code, stdout, stderr := c.run(t, "restore", "--data", target, "--in", file, "--force")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		kept := target + ".replaced-20261203-104500"
		if !strings.Contains(stdout, "previous contents are in "+kept) || !strings.Contains(stdout, "start the engine without it") {
			t.Errorf("stdout:\n%s", stdout)
		}
		if _, err := os.Stat(filepath.Join(kept, store.FileName)); err != nil {
			t.Error(err)
		}
	})
	t.Run("help", func(t *testing.T) {
		code, stdout, _ := withPassphrase().run(t, "restore", "--help")
		if code != 0 || !strings.Contains(stdout, "Usage: sekisho restore --in FILE [flags]") {
			t.Errorf("exit %d:\n%s", code, stdout)
		}
	})
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
