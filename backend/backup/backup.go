// Package backup writes and restores Sekisho's backups: one .sekisho-backup
// file that holds everything needed to carry on on another machine.
//
// The file is an age file (filippo.io/age, format age-encryption.org/v1)
// encrypted to a passphrase (its scrypt recipient: scrypt, then
// ChaCha20-Poly1305 in 64 KiB chunks, so every byte is authenticated and a
// truncated file is detected). Inside is a tar of three entries, in order:
//
//	manifest.json  the Manifest: format, versions, time, CA fingerprint,
//	               row counts, and the size and SHA-256 of the other entries
//	sekisho.db     a consistent copy of the database (VACUUM INTO), with
//	               the settings, the CA certificate and its sealed key
//	master.key     the key that seals the CA key, as the data folder's
//	               master.key holds it (hex)
//
// Nothing in the file is readable without the passphrase. Restore checks all
// of it in a temporary folder beside the target before it moves anything.
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
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"filippo.io/age"

	"sekisho/backend/ca"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// Ext is a backup file's extension.
const Ext = ".sekisho-backup"

// Format is the version of the file's layout this build writes and the
// newest it reads.
const Format = 1

// MinPassphrase is the shortest passphrase Write accepts, in characters.
const MinPassphrase = 12

// KeyFileName is the seal key's file name in the data folder (and in the
// backup): the CA key is sealed with the key it holds.
const KeyFileName = "master.key"

// Names of the entries in the tar.
const (
	manifestEntry = "manifest.json"
	dbEntry       = store.FileName
	keyEntry      = KeyFileName
)

// DefaultWorkFactor is scrypt's work factor (log2 N) unless Source says
// otherwise: age's default, about a second and 256 MiB on a current PC for
// every guess at the passphrase. Restore accepts files made with up to
// maxWorkFactor, so that a crafted file cannot make it work for minutes.
const (
	DefaultWorkFactor = 18
	maxWorkFactor     = 22
)

// Errors. Each error Write, Restore and Inspect return wraps at most one of
// these (test with errors.Is), so that callers can word them in the user's
// language; the rest of the message is detail for the log.
var (
	// ErrShortPassphrase: Write's passphrase has fewer than MinPassphrase
	// characters.
	ErrShortPassphrase = fmt.Errorf("backup: the passphrase must have at least %d characters", MinPassphrase)
	// ErrPassphrase: the passphrase does not open the file. (A damaged
	// file header cannot be told from a wrong passphrase.)
	ErrPassphrase = errors.New("backup: wrong passphrase")
	// ErrDamaged: the file is truncated, altered, or not a Sekisho backup.
	ErrDamaged = errors.New("backup: the file is damaged or is not a Sekisho backup")
	// ErrNewerVersion: the file was made by a newer Sekisho (a newer file
	// format or database schema than this build knows).
	ErrNewerVersion = errors.New("backup: the backup was made by a newer version of Sekisho")
	// ErrNotEmpty: Restore's target folder has contents and Force is off.
	ErrNotEmpty = errors.New("backup: the target folder is not empty")
	// ErrBusy: an engine holds the target folder (it wraps the
	// *dirlock.BusyError too).
	ErrBusy = errors.New("backup: a Sekisho engine is using the target folder")
	// ErrSealKey: Write's seal key does not open the CA key in the
	// database (another folder's master.key, or a wrong
	// SEKISHO_MASTER_KEY).
	ErrSealKey = errors.New("backup: the seal key does not open the CA key")
)

// Manifest describes a backup. It is the file's first entry.
type Manifest struct {
	// Format is the file layout's version (Format when written).
	Format int `json:"format"`
	// AppVersion is the version of the Sekisho that wrote it.
	AppVersion string `json:"appVersion"`
	// Created is when the backup was taken (UTC).
	Created time.Time `json:"created"`
	// CAFingerprint is the CA certificate's SHA-256 fingerprint
	// (ca.Fingerprint); "" when the database had no CA yet.
	CAFingerprint string `json:"caFingerprint"`
	// SchemaVersion is the database's schema version (store.DB.Version).
	SchemaVersion int `json:"schemaVersion"`
	// Counts are the database's row counts.
	Counts store.Counts `json:"counts"`
	// Files are the other entries, for checking.
	Files []File `json:"files"`
}

// File is an entry of the backup as the manifest records it.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // hex
}

// Source is what Write backs up.
type Source struct {
	// DB is the live database; it may be written to during Write.
	DB *store.DB
	// SealKey is the key that seals the CA key (the data folder's
	// master.key, or SEKISHO_MASTER_KEY). Write checks that it opens the
	// CA key. It may be nil only while the database has no CA.
	SealKey []byte
	// AppVersion is recorded in the manifest.
	AppVersion string
	// WorkFactor is scrypt's work factor (log2 N), 1 to 22; 0 means
	// DefaultWorkFactor. Only tests lower it.
	WorkFactor int
	// TempDir is where the database copy is made before it is encrypted;
	// "" means the database's own folder (DB.Dir), which is on the same
	// disk and as private as the database itself. The copy is removed
	// before Write returns.
	TempDir string
}

// FileName is the default name of a backup taken at now, e.g.
// sekisho-20261203-104500.sekisho-backup.
func FileName(now time.Time) string {
	return "sekisho-" + now.Format("20060102-150405") + Ext
}

// CheckPassphrase returns ErrShortPassphrase when a new backup's
// passphrase has fewer than MinPassphrase characters.
func CheckPassphrase(passphrase string) error {
	if utf8.RuneCountInString(passphrase) < MinPassphrase {
		return ErrShortPassphrase
	}
	return nil
}

// Write writes a backup of src to w, encrypted under passphrase, and returns
// its manifest. The database is copied consistently while other connections
// go on writing. Nothing is written to w before the copy has been made and
// checked; on an error, what was written to w is not a usable backup.
func Write(ctx context.Context, w io.Writer, src Source, passphrase string, now time.Time) (Manifest, error) {
	if err := CheckPassphrase(passphrase); err != nil {
		return Manifest{}, err
	}
	if src.DB == nil {
		return Manifest{}, errors.New("backup: no database")
	}
	if src.SealKey != nil && len(src.SealKey) != secret.KeySize {
		return Manifest{}, fmt.Errorf("%w: want a %d-byte key, have %d bytes", ErrSealKey, secret.KeySize, len(src.SealKey))
	}
	logN := src.WorkFactor
	if logN == 0 {
		logN = DefaultWorkFactor
	}
	if logN < 1 || logN > maxWorkFactor {
		return Manifest{}, fmt.Errorf("backup: work factor %d: want 1 to %d", logN, maxWorkFactor)
	}
	parent := src.TempDir
	if parent == "" {
		parent = src.DB.Dir()
	}
	tmp, err := os.MkdirTemp(parent, ".backup-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)

	dbPath := filepath.Join(tmp, dbEntry)
	if err := src.DB.CopyTo(ctx, dbPath); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	m := Manifest{Format: Format, AppVersion: src.AppVersion, Created: now.UTC()}
	if err := describeCopy(ctx, tmp, src.SealKey, &m); err != nil {
		return Manifest{}, err
	}
	dbFile, err := hashFile(dbPath)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	dbFile.Name = dbEntry
	m.Files = append(m.Files, dbFile)
	var keyText []byte
	if src.SealKey != nil {
		keyText = make([]byte, hex.EncodedLen(len(src.SealKey))+1) // no string copy left behind
		hex.Encode(keyText, src.SealKey)
		keyText[len(keyText)-1] = '\n'
		m.Files = append(m.Files, hashBytes(keyEntry, keyText))
		defer clear(keyText)
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: manifest: %w", err)
	}

	rcp, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	rcp.SetWorkFactor(logN)
	aw, err := age.Encrypt(w, rcp)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: encrypt: %w", err)
	}
	tw := tar.NewWriter(aw)
	if err := addBytes(tw, manifestEntry, manifest, m.Created); err != nil {
		return Manifest{}, err
	}
	if err := addFile(ctx, tw, dbPath, dbFile.Size, m.Created); err != nil {
		return Manifest{}, err
	}
	if keyText != nil {
		if err := addBytes(tw, keyEntry, keyText, m.Created); err != nil {
			return Manifest{}, err
		}
	}
	if err := tw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("backup: write: %w", err)
	}
	if err := aw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("backup: write: %w", err)
	}
	return m, nil
}

// describeCopy fills in m's schema version, counts and CA fingerprint from
// the database copy in dir, checking that sealKey opens the CA key.
func describeCopy(ctx context.Context, dir string, sealKey []byte, m *Manifest) (err error) {
	db, err := store.Open(ctx, dir)
	if err != nil {
		return fmt.Errorf("backup: open the database copy: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("backup: close the database copy: %w", cerr)
		}
	}()
	if m.SchemaVersion, err = db.Version(ctx); err != nil {
		return fmt.Errorf("backup: schema version: %w", err)
	}
	if m.Counts, err = db.Counts(ctx); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	certPEM, sealed, err := db.LoadCA(ctx)
	if errors.Is(err, store.ErrNoCA) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if sealKey == nil {
		return fmt.Errorf("%w: no seal key given", ErrSealKey)
	}
	c, err := ca.LoadSealed([]byte(certPEM), sealed, sealKey)
	if errors.Is(err, secret.ErrOpen) {
		return fmt.Errorf("%w (is it this data folder's %s, or the right SEKISHO_MASTER_KEY?)", ErrSealKey, KeyFileName)
	}
	if err != nil {
		return fmt.Errorf("backup: load the CA: %w", err)
	}
	m.CAFingerprint = c.Fingerprint()
	return nil
}

func hashFile(path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, fmt.Errorf("read %s: %w", path, err)
	}
	return File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func hashBytes(name string, b []byte) File {
	sum := sha256.Sum256(b)
	return File{Name: name, Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
}

func entryHeader(name string, size int64, at time.Time) *tar.Header {
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: at.Truncate(time.Second), Format: tar.FormatPAX}
}

func addBytes(tw *tar.Writer, name string, b []byte, at time.Time) error {
	if err := tw.WriteHeader(entryHeader(name, int64(len(b)), at)); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	if _, err := tw.Write(b); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	return nil
}

func addFile(ctx context.Context, tw *tar.Writer, path string, size int64, at time.Time) error {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if err := tw.WriteHeader(entryHeader(name, size, at)); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	n, err := io.Copy(tw, ctxReader{ctx, f})
	if err == nil && n != size {
		err = io.ErrUnexpectedEOF // the copy changed under us
	}
	if err != nil {
		return fmt.Errorf("backup: write %s (%d of %d bytes): %w", name, n, size, err)
	}
	return nil
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
