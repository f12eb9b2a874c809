package backup

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"

	"sekisho/backend/ca"
	"sekisho/backend/dirlock"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// TestRoundTrip backs up a populated store while access-log rows keep
// arriving, restores it into a new folder, and finds the same rows, the
// same CA and a consistent access log.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, t.TempDir())
	f.populate(t)

	// A writer that keeps logging, as the gateway does, in batches.
	const batch = 7
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := f.db.InsertAccess(ctx, accessBatch(1000+i*batch, batch)); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	before := written.Load()
	var buf bytes.Buffer
	m, err := Write(ctx, &buf, f.source(), testPassphrase, testNow)
	during := written.Load() - before
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	t.Logf("backup of %d bytes; %d access-log batches written during it", buf.Len(), during)

	want := store.Counts{Users: 3, Certificates: 3, Revocations: 1, IPRules: 2, Routes: 2, Devices: 1}
	latest, _ := store.LatestVersion()
	if m.Format != Format || m.AppVersion != "1.2.3-test" || !m.Created.Equal(testNow) || m.CAFingerprint != f.caFP ||
		m.SchemaVersion != latest || m.Counts != want || len(m.Files) != 2 {
		t.Errorf("manifest = %+v\nwant counts %+v, CA %s, schema %d", m, want, f.caFP, latest)
	}
	if got, err := Inspect(bytes.NewReader(buf.Bytes()), testPassphrase); err != nil || got.CAFingerprint != m.CAFingerprint || got.Counts != m.Counts {
		t.Errorf("Inspect = %+v, %v", got, err)
	}

	dir := filepath.Join(t.TempDir(), "restored")
	rm, err := Restore(ctx, bytes.NewReader(buf.Bytes()), testPassphrase, dir, RestoreOptions{})
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if rm.CAFingerprint != f.caFP || rm.Counts != want {
		t.Errorf("Restore's manifest = %+v", rm)
	}
	if got := names(t, dir); strings.Join(got, " ") != "master.key sekisho.db" {
		t.Errorf("restored folder holds %q", got)
	}
	if runtime.GOOS != "windows" {
		checkMode(t, dir, 0o700)
		checkMode(t, filepath.Join(dir, store.FileName), 0o600)
		checkMode(t, filepath.Join(dir, KeyFileName), 0o600)
	}
	if left := names(t, filepath.Dir(dir)); len(left) != 1 {
		t.Errorf("beside the restored folder: %q", left)
	}

	// The engine's way in: store.Open (migrating), the seal key from
	// master.key, the CA opened with it.
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := dump(t, db, stateTables...), dump(t, f.db, stateTables...); got != want {
		t.Errorf("restored rows differ:\n got %s\nwant %s", got, want)
	}
	sealKey, err := secret.LoadOrCreateKeyFile(filepath.Join(dir, KeyFileName))
	if err != nil || !bytes.Equal(sealKey, f.sealKey) {
		t.Fatalf("restored master.key: %v", err)
	}
	certPEM, sealed, err := db.LoadCA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ca.LoadSealed([]byte(certPEM), sealed, sealKey)
	if err != nil || c.Fingerprint() != f.caFP {
		t.Fatalf("restored CA: %v", err)
	}

	// The access log is a consistent snapshot: whole batches, no gaps.
	var n, maxID int
	if err := db.SQL().QueryRow(`SELECT COUNT(*), COALESCE(MAX(id), 0) FROM access_log`).Scan(&n, &maxID); err != nil {
		t.Fatal(err)
	}
	if n != maxID || n < 5+3*batch || (n-5)%batch != 0 {
		t.Errorf("restored access log: %d rows, max id %d (want 5 + whole batches of %d, at least 3)", n, maxID, batch)
	}
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %v, want %v", filepath.Base(path), got, want)
	}
}

// TestNothingReadable: the file shows no SQLite page, no PEM, no key and
// none of the stored secrets, and neither does it once it is decrypted
// with a wrong passphrase attempt's leftovers (there are none).
func TestNothingReadable(t *testing.T) {
	f := newFixture(t, t.TempDir())
	f.populate(t)
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &buf, f.source(), testPassphrase, testNow); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	keyHex := hex.EncodeToString(f.sealKey)
	for _, s := range []string{"SQLite format 3", "PRIVATE KEY", "-----BEGIN", "CERTIFICATE", "X509 CRL", "manifest", "sekisho.db", "master.key",
		secretP12, secretPassword, "SECRETHASH", secretToken, secretSetting, "安井", "000419", "192.168.10.0", keyHex, keyHex[:16],
		strings.ReplaceAll(f.caFP, ":", ""), f.caFP, testPassphrase} {
		if bytes.Contains(bytes.ToLower(data), bytes.ToLower([]byte(s))) {
			t.Errorf("the backup contains %q", s)
		}
	}
	if bytes.Contains(data, f.sealKey) {
		t.Error("the backup contains the raw seal key")
	}
	if !bytes.HasPrefix(data, []byte("age-encryption.org/v1\n-> scrypt ")) {
		t.Errorf("not an age scrypt file: %q", data[:40])
	}
	// And the copy made on the way is gone.
	for _, name := range names(t, f.dir) {
		if strings.HasPrefix(name, ".backup-") {
			t.Errorf("left behind: %s", name)
		}
	}
}

func TestWriteRefuses(t *testing.T) {
	f := newFixture(t, t.TempDir())
	other, _ := secret.NewKey()
	tests := []struct {
		name       string
		passphrase string
		src        func() Source
		want       error
	}{
		{"fail/empty passphrase", "", f.source, ErrShortPassphrase},
		{"fail/11 characters", "abcdefghijk", f.source, ErrShortPassphrase},
		{"fail/11 Japanese characters (33 bytes)", "せきしょのあいことばです"[:33], f.source, ErrShortPassphrase},
		{"ok/12 characters", "abcdefghijkl", f.source, nil},
		{"ok/12 Japanese characters", "せきしょのあいことばです", f.source, nil},
		{"fail/another seal key", testPassphrase, func() Source { s := f.source(); s.SealKey = other; return s }, ErrSealKey},
		{"fail/no seal key", testPassphrase, func() Source { s := f.source(); s.SealKey = nil; return s }, ErrSealKey},
		{"fail/short seal key", testPassphrase, func() Source { s := f.source(); s.SealKey = other[:16]; return s }, ErrSealKey},
	}
	for _, wf := range []int{-1, maxWorkFactor + 1} {
		s := f.source()
		s.WorkFactor = wf
		if _, err := Write(context.Background(), io.Discard, s, testPassphrase, testNow); err == nil || !strings.Contains(err.Error(), "work factor") {
			t.Errorf("work factor %d: err = %v", wf, err)
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Write(context.Background(), io.Discard, tc.src(), tc.passphrase, testNow)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestNoCAYet: a database without a CA backs up without a seal key, and
// restores without a master.key (the engine makes both on its first start).
func TestNoCAYet(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var buf bytes.Buffer
	m, err := Write(ctx, &buf, Source{DB: db, WorkFactor: testWorkFactor}, testPassphrase, testNow)
	if err != nil || m.CAFingerprint != "" || len(m.Files) != 1 {
		t.Fatalf("Write = %+v, %v", m, err)
	}
	dir := filepath.Join(t.TempDir(), "data")
	if _, err := Restore(ctx, &buf, testPassphrase, dir, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); strings.Join(got, " ") != "sekisho.db" {
		t.Errorf("restored folder holds %q", got)
	}
}

// TestRestoreRefuses: every bad file or passphrase gives its error, and
// leaves the target exactly as it was (absent, or an existing data folder
// even with Force), with nothing left beside it.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, t.TempDir())
	f.populate(t)
	var buf bytes.Buffer
	if _, err := Write(ctx, &buf, f.source(), testPassphrase, testNow); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	headerLen := bytes.Index(good, []byte("\n--- ")) + 1
	headerLen += bytes.IndexByte(good[headerLen:], '\n') + 1

	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	x25519 := func() []byte {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		w, _ := age.Encrypt(&b, id.Recipient())
		w.Write([]byte("hello"))
		w.Close()
		return b.Bytes()
	}
	dbFile, err := os.ReadFile(filepath.Join(f.dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		data       []byte
		passphrase string
		want       []error // any of these
	}{
		{"wrong passphrase", good, "correct horse battery stapler", []error{ErrPassphrase}},
		{"empty passphrase", good, "", []error{ErrPassphrase}},
		{"empty file", nil, testPassphrase, []error{ErrDamaged}},
		{"truncated in the intro", good[:10], testPassphrase, []error{ErrDamaged}},
		{"truncated in the header", good[:headerLen-20], testPassphrase, []error{ErrDamaged}},
		{"truncated after the header", good[:headerLen], testPassphrase, []error{ErrDamaged}},
		{"truncated in the nonce", good[:headerLen+8], testPassphrase, []error{ErrDamaged}},
		{"truncated in the first chunk", good[:headerLen+16+100], testPassphrase, []error{ErrDamaged}},
		{"truncated at a chunk boundary", good[:headerLen+16+64*1024+16], testPassphrase, []error{ErrDamaged}},
		{"truncated by half", good[:len(good)/2], testPassphrase, []error{ErrDamaged}},
		{"last byte missing", good[:len(good)-1], testPassphrase, []error{ErrDamaged}},
		{"last chunk's tag missing", good[:len(good)-16], testPassphrase, []error{ErrDamaged}},
		{"a byte added", append(bytes.Clone(good), 0), testPassphrase, []error{ErrDamaged}},
		{"flipped byte in the payload", flip(headerLen + 16 + 5000), testPassphrase, []error{ErrDamaged}},
		{"flipped byte in the last chunk", flip(len(good) - 3), testPassphrase, []error{ErrDamaged}},
		{"flipped byte in the MAC", flip(headerLen - 10), testPassphrase, []error{ErrDamaged}},
		// The scrypt stanza's salt or wrapped key: indistinguishable from a
		// wrong passphrase.
		{"flipped byte in the stanza", flip(40), testPassphrase, []error{ErrPassphrase, ErrDamaged}},
		{"another salt", otherSalt(t, good), testPassphrase, []error{ErrPassphrase}},
		{"the database file itself", dbFile, testPassphrase, []error{ErrDamaged}},
		{"age file for a key, not a passphrase", x25519(), testPassphrase, []error{ErrDamaged}},
		{"newer format", rewrite(t, good, func(m map[string]any, e []entry) []entry { m["format"] = Format + 1; return e }), testPassphrase, []error{ErrNewerVersion}},
		{"newer schema", rewrite(t, good, func(m map[string]any, e []entry) []entry { m["schemaVersion"] = 999; return e }), testPassphrase, []error{ErrNewerVersion}},
		{"no format", rewrite(t, good, func(m map[string]any, e []entry) []entry { delete(m, "format"); return e }), testPassphrase, []error{ErrDamaged}},
		{"counts that do not match", rewrite(t, good, func(m map[string]any, e []entry) []entry {
			m["counts"].(map[string]any)["users"] = 4
			return e
		}), testPassphrase, []error{ErrDamaged}},
		{"another CA fingerprint", rewrite(t, good, func(m map[string]any, e []entry) []entry { m["caFingerprint"] = "AA:BB"; return e }), testPassphrase, []error{ErrDamaged}},
		{"database altered", rewrite(t, good, func(m map[string]any, e []entry) []entry { e[1].data[200] ^= 1; return e }), testPassphrase, []error{ErrDamaged}},
		{"key missing", rewrite(t, good, func(m map[string]any, e []entry) []entry { return e[:2] }), testPassphrase, []error{ErrDamaged}},
		{"another key", rewrite(t, good, func(m map[string]any, e []entry) []entry {
			k, _ := secret.NewKey()
			e[2].data = []byte(hex.EncodeToString(k) + "\n")
			files := m["files"].([]any)
			fi := hashBytes(keyEntry, e[2].data)
			files[1] = map[string]any{"name": fi.Name, "size": fi.Size, "sha256": fi.SHA256}
			return e
		}), testPassphrase, []error{ErrDamaged}},
		{"an extra entry", rewrite(t, good, func(m map[string]any, e []entry) []entry { return append(e, entry{"../../evil", []byte("x")}) }), testPassphrase, []error{ErrDamaged}},
		{"manifest not first", encrypt(t, []entry{{"sekisho.db", []byte("x")}, {"manifest.json", []byte("{}")}}, testPassphrase), testPassphrase, []error{ErrDamaged}},
		{"manifest not JSON", encrypt(t, []entry{{"manifest.json", []byte("SQLite format 3")}}, testPassphrase), testPassphrase, []error{ErrDamaged}},
		{"empty tar", encrypt(t, nil, testPassphrase), testPassphrase, []error{ErrDamaged}},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check := func(t *testing.T, dir string, force bool) {
				t.Helper()
				parent := filepath.Dir(dir)
				before, beside := tree(t, dir), names(t, parent)
				_, err := Restore(ctx, bytes.NewReader(tc.data), tc.passphrase, dir, RestoreOptions{Force: force})
				t.Logf("err = %v", err)
				ok := false
				for _, w := range tc.want {
					ok = ok || errors.Is(err, w)
				}
				if !ok {
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
				if after := tree(t, dir); after != before {
					t.Errorf("the target changed:\nbefore %s\nafter  %s", before, after)
				}
				if after := names(t, parent); strings.Join(after, " ") != strings.Join(beside, " ") {
					t.Errorf("beside the target: %q, was %q", after, beside)
				}
			}
			t.Run("absent", func(t *testing.T) { check(t, filepath.Join(t.TempDir(), "data"), false) })
			t.Run("existing with force", func(t *testing.T) { check(t, existingFolder(t), true) })
		})
		if tc.name == "wrong passphrase" || tc.name == "newer format" || tc.name == "truncated by half" {
			t.Run(tc.name+"/Inspect", func(t *testing.T) {
				_, err := Inspect(bytes.NewReader(tc.data), tc.passphrase)
				if !errors.Is(err, tc.want[0]) && tc.name != "truncated by half" {
					t.Errorf("Inspect: err = %v, want %v", err, tc.want[0])
				}
			})
		}
	}

	t.Run("not empty without force", func(t *testing.T) {
		dir := existingFolder(t)
		before := tree(t, dir)
		_, err := Restore(ctx, bytes.NewReader(good), testPassphrase, dir, RestoreOptions{})
		if !errors.Is(err, ErrNotEmpty) {
			t.Fatalf("err = %v, want ErrNotEmpty", err)
		}
		if tree(t, dir) != before || len(names(t, filepath.Dir(dir))) != 1 {
			t.Error("the target or its folder changed")
		}
	})
	t.Run("engine running", func(t *testing.T) {
		dir := existingFolder(t)
		lock, err := dirlock.Acquire(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer lock.Close()
		before := tree(t, dir)
		_, err = Restore(ctx, bytes.NewReader(good), testPassphrase, dir, RestoreOptions{Force: true})
		var busy *dirlock.BusyError
		if !errors.Is(err, ErrBusy) || !errors.As(err, &busy) || busy.PID != os.Getpid() {
			t.Fatalf("err = %v, want ErrBusy naming this process", err)
		}
		if tree(t, dir) != before || len(names(t, filepath.Dir(dir))) != 1 {
			t.Error("the target or its folder changed")
		}
	})
	t.Run("canceled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		dir := filepath.Join(t.TempDir(), "data")
		_, err := Restore(cctx, bytes.NewReader(good), testPassphrase, dir, RestoreOptions{})
		if !errors.Is(err, context.Canceled) || errors.Is(err, ErrDamaged) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Error("the target was created")
		}
	})
}

// otherSalt changes the first character of the scrypt stanza's salt to
// another valid one.
func otherSalt(t *testing.T, data []byte) []byte {
	t.Helper()
	b := bytes.Clone(data)
	i := bytes.Index(b, []byte("-> scrypt ")) + len("-> scrypt ")
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return b
}

// existingFolder is a data folder that was used: a database and a key,
// plus a file of the admin's own.
func existingFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	g := newFixture(t, dir)
	if _, err := g.db.CreateUser(context.Background(), "test", model.UserInput{Code: "old-user", Name: "Old"}); err != nil {
		t.Fatal(err)
	}
	if err := g.db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRestoreReplaces: with Force, an existing folder's contents are kept
// beside it under a dated name, and the backup takes its place.
func TestRestoreReplaces(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, t.TempDir())
	f.populate(t)
	var buf bytes.Buffer
	if _, err := Write(ctx, &buf, f.source(), testPassphrase, testNow); err != nil {
		t.Fatal(err)
	}
	dir := existingFolder(t)
	old := tree(t, dir)
	at := time.Date(2026, 12, 3, 10, 45, 0, 0, time.Local)
	// A folder of that name already exists (two restores in one second).
	if err := os.Mkdir(dir+".replaced-20261203-104500", 0o700); err != nil {
		t.Fatal(err)
	}
	var kept string
	_, err := Restore(ctx, bytes.NewReader(buf.Bytes()), testPassphrase, dir, RestoreOptions{
		Force: true, Now: func() time.Time { return at }, Replaced: func(p string) { kept = p }})
	if err != nil {
		t.Fatal(err)
	}
	if want := dir + ".replaced-20261203-104500-2"; kept != want {
		t.Errorf("kept at %q, want %q", kept, want)
	}
	if got := tree(t, kept); got != old {
		t.Errorf("the kept folder differs from the old one:\n%s\nwant\n%s", got, old)
	}
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := dump(t, db, stateTables...), dump(t, f.db, stateTables...); got != want {
		t.Error("restored rows differ")
	}
	if got := names(t, filepath.Dir(dir)); len(got) != 3 {
		t.Errorf("beside the target: %q", got)
	}
}

// TestRestoreIntoEmptyFolder: an existing empty folder (perhaps with a
// stopped engine's lock file) is filled in place.
func TestRestoreIntoEmptyFolder(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, t.TempDir())
	var buf bytes.Buffer
	if _, err := Write(ctx, &buf, f.source(), testPassphrase, testNow); err != nil {
		t.Fatal(err)
	}
	for _, withLock := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "data")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if withLock {
			lock, err := dirlock.Acquire(dir)
			if err != nil {
				t.Fatal(err)
			}
			lock.Close()
		}
		if _, err := Restore(ctx, bytes.NewReader(buf.Bytes()), testPassphrase, dir, RestoreOptions{}); err != nil {
			t.Fatalf("lock file %v: %v", withLock, err)
		}
		want := "master.key sekisho.db"
		if withLock {
			want += " " + dirlock.FileName
		}
		if got := strings.Join(names(t, dir), " "); got != want {
			t.Errorf("folder holds %q, want %q", got, want)
		}
		if runtime.GOOS != "windows" {
			checkMode(t, dir, 0o700)
		}
		if len(names(t, filepath.Dir(dir))) != 1 {
			t.Errorf("left beside: %q", names(t, filepath.Dir(dir)))
		}
	}
}

func TestFileName(t *testing.T) {
	if got := FileName(time.Date(2026, 12, 3, 10, 45, 7, 0, time.UTC)); got != "sekisho-20261203-104507.sekisho-backup" {
		t.Errorf("FileName = %q", got)
	}
}
