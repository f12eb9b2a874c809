package backup

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"testing"

	"sekisho/backend/model"
	"sekisho/backend/store"
)

// bench10k is a data folder with 10,000 users, each with a personal
// certificate whose PKCS#12 and DER are random bytes of a real one's size.
func bench10k(b *testing.B) *fixture {
	b.Helper()
	ctx := context.Background()
	f := newFixture(b, b.TempDir())
	const n = 10000
	rows := make([]store.ImportRow, n)
	for i := range rows {
		rows[i] = store.ImportRow{Line: i + 2, Input: model.UserInput{Code: fmt.Sprintf("u%05d", i), Name: fmt.Sprintf("社員 %05d", i),
			Email: fmt.Sprintf("u%05d@example.jp", i), Group: fmt.Sprintf("部署%d", i%20)}}
	}
	if _, _, err := f.db.ImportUsers(ctx, "bench", rows); err != nil {
		b.Fatal(err)
	}
	ids, err := f.db.UserIDs(ctx, model.UserFilter{})
	if err != nil || len(ids) != n {
		b.Fatalf("UserIDs = %d, %v", len(ids), err)
	}
	certs := make([]store.NewCert, n)
	for i, id := range ids {
		c := testCert(fmt.Sprintf("u%05d", i), model.CertPersonal, id, fmt.Sprintf("u%05d", i), fmt.Sprintf("%032x", i+1))
		c.Cert.DER = random(b, 520)
		c.P12 = random(b, 2600)
		certs[i] = c
	}
	if _, err := f.db.InsertCerts(ctx, "bench", certs, nil, ""); err != nil {
		b.Fatal(err)
	}
	return f
}

func random(b *testing.B, n int) []byte {
	p := make([]byte, n)
	if _, err := rand.Read(p); err != nil {
		b.Fatal(err)
	}
	return p
}

// countingWriter counts what is written through it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// BenchmarkBackup10k is one backup of 10,000 users and 10,000 certificates
// with the real scrypt work factor (about a second of it is the KDF, by
// design).
func BenchmarkBackup10k(b *testing.B) {
	f := bench10k(b)
	src := f.source()
	src.WorkFactor = DefaultWorkFactor
	var size int64
	for b.Loop() {
		var w countingWriter
		if _, err := Write(context.Background(), &w, src, testPassphrase, testNow); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB/backup")
}

// BenchmarkRestore10k restores that backup into a new folder.
func BenchmarkRestore10k(b *testing.B) {
	f := bench10k(b)
	src := f.source()
	src.WorkFactor = DefaultWorkFactor
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &buf, src, testPassphrase, testNow); err != nil {
		b.Fatal(err)
	}
	parent := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		if _, err := Restore(context.Background(), bytes.NewReader(buf.Bytes()), testPassphrase, filepath.Join(parent, fmt.Sprint(i)), RestoreOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
