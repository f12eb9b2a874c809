package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/term"

	"sekisho/backend/backup"
	"sekisho/backend/config"
	"sekisho/backend/dirlock"
	"sekisho/backend/engine"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// backupMain runs `sekisho backup ARGS` or `sekisho restore ARGS` (args[0]
// is the command) and returns the exit code.
func backupMain(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runBackupCommand(ctx, args, backupEnv{
		Getenv:         os.Getenv,
		Stdout:         os.Stdout,
		Stderr:         os.Stderr,
		ReadPassphrase: terminalPassphrase,
		Now:            time.Now,
	})
}

// backupEnv is what the backup commands use of the outside world.
type backupEnv struct {
	Getenv         func(string) string
	Stdout, Stderr io.Writer
	// ReadPassphrase asks for a passphrase without echo, showing prompt.
	ReadPassphrase func(prompt string) (string, error)
	Now            func() time.Time
	// WorkFactor is the scrypt work factor of backups written (0: the
	// default); tests lower it.
	WorkFactor int
}

// Exit codes: 0 done, 1 failed (nothing changed), 2 bad command line.
func runBackupCommand(ctx context.Context, args []string, env backupEnv) int {
	cfg, err := config.ParseBackup(args, env.Getenv, env.Stdout)
	if errors.Is(err, config.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "sekisho:", err)
		return 2
	}
	if cfg.Command == config.CommandBackup {
		err = runBackup(ctx, cfg, env)
	} else {
		err = runRestore(ctx, cfg, env)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "sekisho:", err)
		return 1
	}
	return 0
}

// runBackup writes a backup of the stopped data folder cfg.DataDir.
func runBackup(ctx context.Context, cfg config.BackupConfig, env backupEnv) error {
	dir := cfg.DataDir
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no database in %s: nothing to back up (is --data right?)", dir)
		}
		return err
	}
	// Held for the whole backup: no engine may start on the folder
	// meanwhile.
	lock, err := dirlock.Acquire(dir)
	var busy *dirlock.BusyError
	if errors.As(err, &busy) {
		who := "another process"
		if busy.PID > 0 {
			who = fmt.Sprintf("PID %d", busy.PID)
		}
		return fmt.Errorf("a Sekisho engine (%s) is running on %s: take the backup from its admin UI instead (Settings → Backup), or stop it and run this again", who, dir)
	}
	if err != nil {
		return err
	}
	defer lock.Close()

	sealKey, err := sealKey(cfg)
	if err != nil {
		return err
	}
	defer clear(sealKey)
	pass, err := backupPassphrase(cfg, env, true)
	if err != nil {
		return err
	}

	db, err := store.Open(ctx, dir)
	if err != nil {
		return fmt.Errorf("open the database: %w", err)
	}
	defer db.Close()
	now := env.Now()
	out := cfg.File
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		out = filepath.Join(out, backup.FileName(now))
	}
	var m backup.Manifest
	size, err := writeFileAtomic(out, func(w io.Writer) error {
		var err error
		m, err = backup.Write(ctx, w, backup.Source{DB: db, SealKey: sealKey, AppVersion: version, WorkFactor: env.WorkFactor}, pass, now)
		return err
	})
	if errors.Is(err, backup.ErrSealKey) {
		return fmt.Errorf("%w: the CA key in %s is sealed with another key", err, dir)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written: %s (%d bytes)\n", out, size)
	printManifest(env.Stdout, m)
	fmt.Fprintln(env.Stdout, "Keep the passphrase apart from the file: without it the backup cannot be opened.")
	return nil
}

// runRestore restores cfg.File into cfg.DataDir.
func runRestore(ctx context.Context, cfg config.BackupConfig, env backupEnv) error {
	f, err := os.Open(cfg.File)
	if err != nil {
		return fmt.Errorf("open the backup: %w", err)
	}
	defer f.Close()
	pass, err := backupPassphrase(cfg, env, false)
	if err != nil {
		return err
	}
	var kept string
	m, err := backup.Restore(ctx, f, pass, cfg.DataDir, backup.RestoreOptions{
		Force: cfg.Force, Now: env.Now, Replaced: func(p string) { kept = p }})
	if err != nil {
		return restoreError(err, cfg)
	}
	fmt.Fprintf(env.Stdout, "restored into %s\n", cfg.DataDir)
	if kept != "" {
		fmt.Fprintf(env.Stdout, "the folder's previous contents are in %s\n", kept)
	}
	printManifest(env.Stdout, m)
	// The backup may come from a machine with other addresses: links must
	// not name the old one.
	if host, err := engine.ClearForeignPublicHost(ctx, cfg.DataDir); err != nil {
		fmt.Fprintf(env.Stdout, "note: could not check the public host setting: %v\n", err)
	} else if host != "" {
		fmt.Fprintf(env.Stdout, "the public host %s is not an address of this machine: links and QR codes now use this machine's address (Settings → LAN server to change it)\n", host)
	}
	if env.Getenv("SEKISHO_MASTER_KEY") != "" {
		fmt.Fprintf(env.Stdout, "note: SEKISHO_MASTER_KEY is set, but the restored CA key is sealed with %s: start the engine without it\n",
			filepath.Join(cfg.DataDir, backup.KeyFileName))
	}
	return nil
}

// restoreError words Restore's errors for the terminal. Each says that the
// data folder was not changed, since Restore guarantees it.
func restoreError(err error, cfg config.BackupConfig) error {
	unchanged := fmt.Sprintf("nothing was restored; %s is as it was", cfg.DataDir)
	switch {
	case errors.Is(err, backup.ErrPassphrase):
		return fmt.Errorf("wrong passphrase for %s: %s", cfg.File, unchanged)
	case errors.Is(err, backup.ErrNotEmpty):
		return fmt.Errorf("%s is not empty: restore into a new folder, or add --force to replace it (its contents are kept beside it)", cfg.DataDir)
	case errors.Is(err, backup.ErrBusy):
		return fmt.Errorf("a Sekisho engine is running on %s: stop it first (%v); %s", cfg.DataDir, err, unchanged)
	}
	return fmt.Errorf("%w; %s", err, unchanged)
}

func printManifest(w io.Writer, m backup.Manifest) {
	fmt.Fprintf(w, "taken %s by Sekisho %s\n", m.Created.Local().Format("2006-01-02 15:04:05"), m.AppVersion)
	if m.CAFingerprint != "" {
		fmt.Fprintf(w, "CA fingerprint (SHA-256): %s\n", m.CAFingerprint)
	} else {
		fmt.Fprintln(w, "no CA yet")
	}
	c := m.Counts
	fmt.Fprintf(w, "users %d, certificates %d (revoked %d), IP rules %d, routes %d, devices %d\n",
		c.Users, c.Certificates, c.Revocations, c.IPRules, c.Routes, c.Devices)
}

// sealKey returns the key that seals the CA key, as the engine finds it:
// SEKISHO_MASTER_KEY, else DATA/master.key (which a backup never creates);
// nil when neither exists (a folder without a CA yet).
func sealKey(cfg config.BackupConfig) ([]byte, error) {
	if cfg.MasterKey != "" {
		k, err := secret.ParseKey(cfg.MasterKey)
		if err != nil {
			return nil, fmt.Errorf("SEKISHO_MASTER_KEY: %w", err)
		}
		return k, nil
	}
	path := filepath.Join(cfg.DataDir, backup.KeyFileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	k, err := secret.ParseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// errNoTerminal: no SEKISHO_BACKUP_PASSPHRASE and no terminal to ask on.
var errNoTerminal = errors.New("standard input is not a terminal")

// backupPassphrase returns SEKISHO_BACKUP_PASSPHRASE, or asks on the
// terminal: twice for a new backup.
func backupPassphrase(cfg config.BackupConfig, env backupEnv, confirm bool) (string, error) {
	pass := cfg.Passphrase
	if pass == "" {
		var err error
		pass, err = env.ReadPassphrase("Backup passphrase: ")
		if errors.Is(err, errNoTerminal) {
			return "", fmt.Errorf("no passphrase: set %s, or run this on a terminal", config.PassphraseEnv)
		}
		if err != nil {
			return "", fmt.Errorf("read the passphrase: %w", err)
		}
		if confirm {
			// Checked before it is typed again, so that a short one is
			// not typed twice for nothing.
			if err := backup.CheckPassphrase(pass); err != nil {
				return "", err
			}
			again, err := env.ReadPassphrase("The same passphrase again: ")
			if err != nil {
				return "", fmt.Errorf("read the passphrase: %w", err)
			}
			if again != pass {
				return "", errors.New("the two passphrases differ: nothing was written")
			}
		}
	}
	return pass, nil
}

// terminalPassphrase reads a line from the terminal without echo, the
// prompt on standard error.
func terminalPassphrase(prompt string) (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errNoTerminal
	}
	fmt.Fprint(os.Stderr, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	return string(b), err
}

// writeFileAtomic writes path (0600) through a temporary file in the same
// folder, synced and renamed over it: path is the old file or the complete
// new one, never a part. It returns the size written.
func writeFileAtomic(path string, write func(io.Writer) error) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return 0, fmt.Errorf("create %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // fails once renamed
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return 0, err
	}
	cw := &countWriter{w: f}
	if err := write(cw); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
