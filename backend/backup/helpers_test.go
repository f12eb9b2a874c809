package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"sekisho/backend/ca"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// testWorkFactor makes a passphrase check take about a millisecond instead
// of a second; BenchmarkBackup10k uses the real one.
const testWorkFactor = 10

var (
	testNow = time.Date(2026, 12, 3, 10, 45, 0, 0, time.UTC)
	day     = 24 * time.Hour
)

const testPassphrase = "correct horse battery staple"

// Strings that must never be readable in a backup file.
const (
	secretP12      = "P12-SECRET-7f3a9c"
	secretPassword = "$argon2id$v=19$m=65536,t=3,p=2$SECRETSALT$SECRETHASH"
	secretToken    = "token-hash-5b1e0d77"
	secretSetting  = "setting-value-e2c4"
)

// fixture is a data folder with a store, a CA and a seal key.
type fixture struct {
	dir     string
	db      *store.DB
	sealKey []byte
	caFP    string
}

// newFixture makes a data folder in dir with an empty store and a CA whose
// key is sealed as app.OpenCA seals it; the seal key is also written as
// master.key.
func newFixture(tb testing.TB, dir string) *fixture {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return testNow }
	sealKey, err := secret.NewKey()
	if err != nil {
		tb.Fatal(err)
	}
	c, keyDER, err := ca.New("関所商事", testNow)
	if err != nil {
		tb.Fatal(err)
	}
	sealed, err := secret.Seal(sealKey, keyDER, []byte(ca.SealPurpose))
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.SaveCA(ctx, string(c.CertPEM), sealed); err != nil {
		tb.Fatal(err)
	}
	if err := secret.WriteFileAtomic(filepath.Join(dir, KeyFileName), []byte(hex.EncodeToString(sealKey)+"\n"), 0o600); err != nil {
		tb.Fatal(err)
	}
	return &fixture{dir: dir, db: db, sealKey: sealKey, caFP: c.Fingerprint()}
}

func (f *fixture) source() Source {
	return Source{DB: f.db, SealKey: f.sealKey, AppVersion: "1.2.3-test", WorkFactor: testWorkFactor}
}

func testCert(name string, kind model.CertKind, userID int64, code, serial string) store.NewCert {
	return store.NewCert{Cert: model.Cert{Name: name, Kind: kind, UserID: userID, UserCode: code, Serial: serial, KeyAlgo: "ecdsa-p256",
		X509NotBefore: testNow.Add(-day), X509NotAfter: testNow.Add(365*day - time.Second), NotBefore: testNow.Add(-day), NotAfter: testNow.Add(365 * day),
		Enabled: true, DER: []byte("DER " + serial)}, P12: []byte(secretP12 + " " + serial)}
}

// populate fills the store with a bit of everything a backup must carry.
func (f *fixture) populate(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	db := f.db
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	var users []model.User
	for i, in := range []model.UserInput{
		{Code: "000419", Name: "安井 健", Email: "yasui@example.jp", Group: "経理"},
		{Code: "000420", Name: "佐藤 花子", Group: "営業"},
		{Code: "A-7", Name: "Alex", Phone: "090-0000-0000"},
	} {
		u, err := db.CreateUser(ctx, "test", in)
		must(err)
		users = append(users, u)
		if i == 0 {
			must(db.SetPasswordHash(ctx, "test", u.ID, secretPassword))
		}
	}
	_, err := db.InsertCerts(ctx, "test", []store.NewCert{
		testCert("Sales1", model.CertShared, 0, "", "aa01"),
		testCert("000419", model.CertPersonal, users[0].ID, "000419", "aa02"),
		testCert("000420", model.CertPersonal, users[1].ID, "000420", "aa03"),
	}, nil, "")
	must(err)
	certs, _, err := db.ListCerts(ctx, store.CertFilter{Limit: 10})
	must(err)
	for _, c := range certs {
		if c.Serial == "aa03" {
			_, err := db.RevokeCert(ctx, "test", c.ID, "紛失")
			must(err)
		}
	}
	must(db.SaveCRL(ctx, "-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n", 2, testNow))
	_, err = db.SaveIPRule(ctx, "test", 0, model.IPRuleInput{Name: "本社", Address: "192.168.10.0/24"}, true)
	must(err)
	_, err = db.SaveIPRule(ctx, "test", 0, model.IPRuleInput{Name: "VPN", Address: "10.8.0.0/16", Description: "off"}, false)
	must(err)
	_, err = db.SaveRoute(ctx, "test", 0, model.RouteInput{Name: "勤怠", PathPrefix: "/kintai", Upstream: "http://10.0.0.5:8080", RequireCert: true, Enabled: true})
	must(err)
	_, err = db.SaveRoute(ctx, "test", 0, model.RouteInput{Name: "wiki", Host: "wiki.lan", Upstream: "http://10.0.0.6", RequireSignIn: true, Enabled: true})
	must(err)
	_, err = db.CreateDevice(ctx, store.Device{UserID: users[1].ID, TokenHash: secretToken, Name: "経理PC", OS: "Windows"})
	must(err)
	must(db.PutSettings(ctx, "test", map[string]any{"organization": "関所商事", "test.secret": secretSetting}))
	must(db.InsertAccess(store.WithoutPauses(ctx), accessBatch(0, 5)))
}

func accessBatch(start, n int) []store.AccessEntry {
	batch := make([]store.AccessEntry, n)
	for i := range batch {
		batch[i] = store.AccessEntry{At: testNow.Add(time.Duration(start+i) * time.Millisecond), ClientIP: "192.168.10.23", UserCode: "000419",
			CertName: "000419", Route: "勤怠", Method: "GET", Path: fmt.Sprintf("/kintai/%d", start+i), Decision: "allow"}
	}
	return batch
}

// dump returns every row of the tables a restore must bring back, as text.
func dump(tb testing.TB, db *store.DB, tables ...string) string {
	tb.Helper()
	var b strings.Builder
	for _, table := range tables {
		rows, err := db.SQL().Query(`SELECT * FROM ` + table + ` ORDER BY rowid`)
		if err != nil {
			tb.Fatalf("dump %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %q\n", table, fmt.Sprint(vals...))
		}
		if err := rows.Err(); err != nil {
			tb.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

var stateTables = []string{"users", "certs", "ca", "crl", "ip_rules", "routes", "devices", "settings", "links", "sessions", "admin_history", "schema_migrations"}

// tree lists every file and folder under root with its mode and a hash of
// its contents; "" when root does not exist.
func tree(tb testing.TB, root string) string {
	tb.Helper()
	if _, err := os.Stat(root); os.IsNotExist(err) {
		return ""
	}
	var lines []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		line := fmt.Sprintf("%s %v", rel, info.Mode())
		if info.Mode().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			line += " " + hex.EncodeToString(sum[:8])
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// names lists a folder's entries.
func names(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// entry is one tar entry of a decrypted backup.
type entry struct {
	name string
	data []byte
}

// decrypt returns the entries of a backup.
func decrypt(tb testing.TB, data []byte, passphrase string) []entry {
	tb.Helper()
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		tb.Fatal(err)
	}
	tr := tar.NewReader(r)
	var out []entry
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, entry{hdr.Name, b})
	}
}

// encrypt makes a backup-shaped file of entries.
func encrypt(tb testing.TB, entries []entry, passphrase string) []byte {
	tb.Helper()
	rcp, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		tb.Fatal(err)
	}
	rcp.SetWorkFactor(testWorkFactor)
	var buf bytes.Buffer
	aw, err := age.Encrypt(&buf, rcp)
	if err != nil {
		tb.Fatal(err)
	}
	tw := tar.NewWriter(aw)
	for _, e := range entries {
		if err := tw.WriteHeader(entryHeader(e.name, int64(len(e.data)), testNow)); err != nil {
			tb.Fatal(err)
		}
		if _, err := tw.Write(e.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// rewrite decrypts a backup, lets edit change its manifest (as a map, so
// that unknown fields can be added) and its entries, and encrypts it again.
func rewrite(tb testing.TB, data []byte, edit func(m map[string]any, entries []entry) []entry) []byte {
	tb.Helper()
	entries := decrypt(tb, data, testPassphrase)
	var m map[string]any
	if err := json.Unmarshal(entries[0].data, &m); err != nil {
		tb.Fatal(err)
	}
	entries = edit(m, entries)
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	entries[0].data = b
	return encrypt(tb, entries, testPassphrase)
}
