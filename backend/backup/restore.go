package backup

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"filippo.io/age"

	"sekisho/backend/ca"
	"sekisho/backend/dirlock"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// Limits on the small entries, so that a crafted file cannot make Restore
// read gigabytes into memory.
const (
	maxManifest = 1 << 20
	maxKeyFile  = 4 << 10
)

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force allows a target folder that has contents. They are not
	// deleted: the folder is moved aside to DIR.replaced-YYYYMMDD-HHMMSS
	// (local time), beside it.
	Force bool
	// Now is the clock for that name; nil means time.Now.
	Now func() time.Time
	// Replaced, when set, is called with the path the replaced folder was
	// moved to.
	Replaced func(path string)
}

// Inspect decrypts the backup read from r far enough to return its
// manifest. It does not check the rest of the file (Restore does). The
// manifest is returned whenever it could be read, also with
// ErrNewerVersion.
func Inspect(r io.Reader, passphrase string) (Manifest, error) {
	tr, _, err := openBackup(context.Background(), r, passphrase)
	if err != nil {
		return Manifest{}, err
	}
	m, err := readManifest(tr)
	if err != nil {
		return m, err
	}
	return m, checkVersions(m)
}

// Restore restores the backup read from r into the data folder dir, which
// must be absent or empty (a lock file left by a stopped engine is allowed),
// unless opt.Force. It decrypts and checks everything in a temporary folder
// beside dir first: every entry against the manifest, the database's
// integrity, schema version and row counts, and that the seal key opens the
// CA key and gives the manifest's CA fingerprint. Only then does it move
// the result into place: by renaming the folder (atomic) when dir is
// absent or has to be replaced, or file by file into an existing empty dir.
// On any error dir is left as it was. Files are created 0600 and folders
// 0700. The database is left at the backup's schema version; the engine
// migrates it when it opens it.
func Restore(ctx context.Context, r io.Reader, passphrase, dir string, opt RestoreOptions) (m Manifest, err error) {
	if dir == "" {
		return Manifest{}, errors.New("backup: no target folder")
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: target folder: %w", err)
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return Manifest{}, fmt.Errorf("backup: cannot restore into %s", dir)
	}
	state, err := targetState(dir)
	if err != nil {
		return Manifest{}, err
	}
	if state == targetFull && !opt.Force {
		return Manifest{}, fmt.Errorf("%w: %s (restore into a new folder, or replace it with --force: its contents are kept beside it)", ErrNotEmpty, dir)
	}
	var lock *dirlock.Lock
	if state != targetAbsent {
		if lock, err = lockIfUsed(dir); err != nil {
			return Manifest{}, err
		}
	}
	release := func() {
		if lock != nil {
			lock.Close()
		}
	}
	defer release()

	if err := os.MkdirAll(parent, 0o700); err != nil {
		return Manifest{}, fmt.Errorf("backup: create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".restore-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: temporary folder: %w", err)
	}
	defer func() {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}()
	if m, err = unpack(ctx, r, passphrase, tmp); err != nil {
		return m, err
	}
	if err := checkRestored(ctx, tmp, m); err != nil {
		return m, err
	}
	if err := ctx.Err(); err != nil {
		return m, fmt.Errorf("backup: restore: %w", err)
	}

	// Released before the folder is moved: Windows cannot move a folder
	// with a file open in it.
	release()
	// Look again: the folder may have changed while the file was read.
	state, err = targetState(dir)
	if err != nil {
		return m, err
	}
	switch state {
	case targetAbsent:
		if err := os.Rename(tmp, dir); err != nil {
			return m, fmt.Errorf("backup: move the restored folder into place: %w", err)
		}
	case targetEmpty:
		if err := moveEntries(tmp, dir); err != nil {
			return m, err
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			return m, fmt.Errorf("backup: %w", err)
		}
		os.RemoveAll(tmp)
	case targetFull:
		if !opt.Force {
			return m, fmt.Errorf("%w: %s", ErrNotEmpty, dir)
		}
		now := time.Now
		if opt.Now != nil {
			now = opt.Now
		}
		kept, err := replacedName(dir, now())
		if err != nil {
			return m, err
		}
		if err := os.Rename(dir, kept); err != nil {
			return m, fmt.Errorf("backup: move the replaced folder aside: %w", err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			if rerr := os.Rename(kept, dir); rerr != nil {
				return m, fmt.Errorf("backup: move the restored folder into place: %w; and the replaced folder back: %v (it is at %s)", err, rerr, kept)
			}
			return m, fmt.Errorf("backup: move the restored folder into place: %w", err)
		}
		if opt.Replaced != nil {
			opt.Replaced(kept)
		}
	}
	tmp = ""
	syncDir(parent)
	return m, nil
}

// openBackup decrypts the file header and returns a tar reader on the
// plaintext and the plaintext itself (to read it to its authenticated end).
func openBackup(ctx context.Context, r io.Reader, passphrase string) (*tar.Reader, io.Reader, error) {
	if passphrase == "" {
		return nil, nil, fmt.Errorf("%w: the passphrase is empty", ErrPassphrase)
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrPassphrase, err)
	}
	id.SetMaxWorkFactor(maxWorkFactor)
	plain, err := age.Decrypt(ctxReader{ctx, r}, id)
	if err != nil {
		var nomatch *age.NoIdentityMatchError
		switch {
		case ctx.Err() != nil:
			return nil, nil, fmt.Errorf("backup: %w", ctx.Err())
		case errors.As(err, &nomatch) && slices.Contains(nomatch.StanzaTypes, "scrypt"):
			return nil, nil, ErrPassphrase
		case errors.As(err, &nomatch):
			return nil, nil, fmt.Errorf("%w: not encrypted with a passphrase", ErrDamaged)
		}
		return nil, nil, damaged(ctx, "header", err)
	}
	return tar.NewReader(plain), plain, nil
}

// damaged wraps a read error of the decrypted stream as ErrDamaged (age
// authenticates every chunk, so any error there is a damaged or truncated
// file), unless ctx ended.
func damaged(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("backup: %w", ctx.Err())
	}
	return fmt.Errorf("%w (%s: %v)", ErrDamaged, what, err)
}

func readManifest(tr *tar.Reader) (Manifest, error) {
	var m Manifest
	hdr, err := tr.Next()
	if err != nil {
		return m, damaged(context.Background(), "manifest", err)
	}
	if hdr.Name != manifestEntry || hdr.Typeflag != tar.TypeReg || hdr.Size > maxManifest {
		return m, fmt.Errorf("%w: the first entry is %q, not the manifest", ErrDamaged, hdr.Name)
	}
	b, err := io.ReadAll(io.LimitReader(tr, maxManifest))
	if err != nil {
		return m, damaged(context.Background(), "manifest", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return Manifest{}, fmt.Errorf("%w: manifest: %v", ErrDamaged, err)
	}
	if m.Format < 1 {
		return m, fmt.Errorf("%w: manifest without a format version", ErrDamaged)
	}
	return m, nil
}

// checkVersions refuses a backup this build cannot read or restore.
func checkVersions(m Manifest) error {
	if m.Format > Format {
		return fmt.Errorf("%w (file format %d; this version reads format %d: use Sekisho %s or newer)", ErrNewerVersion, m.Format, Format, orUnknown(m.AppVersion))
	}
	latest, err := store.LatestVersion()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if m.SchemaVersion > latest {
		return fmt.Errorf("%w (database schema %d; this version knows up to %d: use Sekisho %s or newer)", ErrNewerVersion, m.SchemaVersion, latest, orUnknown(m.AppVersion))
	}
	if m.SchemaVersion < 1 {
		return fmt.Errorf("%w: manifest without a schema version", ErrDamaged)
	}
	return nil
}

func orUnknown(v string) string {
	if v == "" {
		return "(unknown version)"
	}
	return v
}

// unpack decrypts the backup into dir (an empty folder), checking each
// entry against the manifest and reading the file to its authenticated end.
func unpack(ctx context.Context, r io.Reader, passphrase, dir string) (Manifest, error) {
	tr, plain, err := openBackup(ctx, r, passphrase)
	if err != nil {
		return Manifest{}, err
	}
	m, err := readManifest(tr)
	if err != nil {
		return m, err
	}
	if err := checkVersions(m); err != nil {
		return m, err
	}
	want := map[string]File{}
	for _, f := range m.Files {
		if (f.Name != dbEntry && f.Name != keyEntry) || want[f.Name].Name != "" || f.Size < 0 {
			return m, fmt.Errorf("%w: the manifest lists %q", ErrDamaged, f.Name)
		}
		want[f.Name] = f
	}
	if _, ok := want[dbEntry]; !ok {
		return m, fmt.Errorf("%w: no database in the manifest", ErrDamaged)
	}
	if _, ok := want[keyEntry]; !ok && m.CAFingerprint != "" {
		return m, fmt.Errorf("%w: a CA but no %s in the manifest", ErrDamaged, keyEntry)
	}
	got := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, damaged(ctx, "entries", err)
		}
		f, ok := want[hdr.Name]
		if !ok || got[hdr.Name] || hdr.Typeflag != tar.TypeReg || hdr.Size != f.Size || (hdr.Name == keyEntry && f.Size > maxKeyFile) {
			return m, fmt.Errorf("%w: unexpected entry %q", ErrDamaged, hdr.Name)
		}
		got[hdr.Name] = true
		if err := extract(ctx, tr, filepath.Join(dir, hdr.Name), f); err != nil {
			return m, err
		}
	}
	// The tar ends before the age stream does; reading on to the end
	// authenticates the last chunk and catches a truncated file.
	if _, err := io.Copy(io.Discard, plain); err != nil {
		return m, damaged(ctx, "end", err)
	}
	for name := range want {
		if !got[name] {
			return m, fmt.Errorf("%w: %s is missing", ErrDamaged, name)
		}
	}
	return m, nil
}

// extract writes one entry to path (0600), checking its size and hash.
func extract(ctx context.Context, r io.Reader, path string, want File) error {
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), ctxReader{ctx, r})
	if err != nil {
		out.Close()
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("backup: write %s: %w", path, err) // our disk, not the file
		}
		return damaged(ctx, want.Name, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("backup: write %s: %w", path, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("backup: write %s: %w", path, err)
	}
	if n != want.Size || hex.EncodeToString(h.Sum(nil)) != want.SHA256 {
		return fmt.Errorf("%w: %s does not match the manifest", ErrDamaged, want.Name)
	}
	return nil
}

// checkRestored opens what unpack wrote in dir as the engine will, and
// checks it against m.
func checkRestored(ctx context.Context, dir string, m Manifest) (err error) {
	var sealKey []byte
	if b, err := os.ReadFile(filepath.Join(dir, keyEntry)); err == nil {
		if sealKey, err = secret.ParseKey(string(b)); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrDamaged, keyEntry, err)
		}
		defer clear(sealKey)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := store.OpenTo(ctx, dir, m.SchemaVersion)
	if err != nil {
		return fmt.Errorf("%w: open the database: %v", ErrDamaged, err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("backup: close the restored database: %w", cerr)
		}
	}()
	if v, err := db.Version(ctx); err != nil || v != m.SchemaVersion {
		return fmt.Errorf("%w: database schema %d, the manifest says %d (%v)", ErrDamaged, v, m.SchemaVersion, err)
	}
	if err := db.Check(ctx); err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	counts, err := db.Counts(ctx)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if counts != m.Counts {
		return fmt.Errorf("%w: the database has %+v, the manifest says %+v", ErrDamaged, counts, m.Counts)
	}
	certPEM, sealed, err := db.LoadCA(ctx)
	if errors.Is(err, store.ErrNoCA) {
		if m.CAFingerprint != "" {
			return fmt.Errorf("%w: the database has no CA", ErrDamaged)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if sealKey == nil {
		return fmt.Errorf("%w: a CA but no %s", ErrDamaged, keyEntry)
	}
	c, err := ca.LoadSealed([]byte(certPEM), sealed, sealKey)
	if err != nil {
		return fmt.Errorf("%w: the CA: %v", ErrDamaged, err)
	}
	if fp := c.Fingerprint(); fp != m.CAFingerprint {
		return fmt.Errorf("%w: CA fingerprint %s, the manifest says %s", ErrDamaged, fp, m.CAFingerprint)
	}
	return nil
}

type target int

const (
	targetAbsent target = iota
	targetEmpty         // nothing, or only a stopped engine's lock file
	targetFull
)

func targetState(dir string) (target, error) {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return targetAbsent, nil
	}
	if err != nil {
		return 0, fmt.Errorf("backup: target folder: %w", err)
	}
	if !fi.IsDir() {
		return 0, fmt.Errorf("backup: %s is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("backup: target folder: %w", err)
	}
	for _, e := range entries {
		if e.Name() != dirlock.FileName {
			return targetFull, nil
		}
	}
	return targetEmpty, nil
}

// lockIfUsed takes dir's lock when an engine has ever run there (its lock
// file exists), so that a running engine is found; it creates nothing.
func lockIfUsed(dir string) (*dirlock.Lock, error) {
	if _, err := os.Stat(filepath.Join(dir, dirlock.FileName)); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	lock, err := dirlock.Acquire(dir)
	var busy *dirlock.BusyError
	if errors.As(err, &busy) {
		return nil, fmt.Errorf("%w: %w", ErrBusy, err)
	}
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return lock, nil
}

// moveEntries moves every entry of from into the existing folder to, the
// seal key before the database (an engine that sees the database must find
// its key), undoing what it did when one fails.
func moveEntries(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.SortStableFunc(names, func(a, b string) int {
		return moveRank(a) - moveRank(b)
	})
	for i, name := range names {
		if err := os.Rename(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
			for _, done := range names[:i] {
				os.Rename(filepath.Join(to, done), filepath.Join(from, done))
			}
			return fmt.Errorf("backup: move the restored files into place: %w", err)
		}
	}
	return nil
}

func moveRank(name string) int {
	switch name {
	case keyEntry:
		return 0
	case dbEntry:
		return 2
	}
	return 1
}

// replacedName is the first free name DIR.replaced-YYYYMMDD-HHMMSS[-N].
func replacedName(dir string, now time.Time) (string, error) {
	base := dir + ".replaced-" + now.Format("20060102-150405")
	name := base
	for i := 2; i < 1000; i++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name, nil
		} else if err != nil {
			return "", fmt.Errorf("backup: %w", err)
		}
		name = base + "-" + strconv.Itoa(i)
	}
	return "", fmt.Errorf("backup: no free name for the replaced folder beside %s", dir)
}

// syncDir makes renames in dir durable where the OS allows it (not on
// Windows, where a folder cannot be opened for syncing).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
