package engine

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"net/netip"
	"testing"

	"sekisho/backend/backup"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// TestRestoreFresh: a new engine (its seal key in SEKISHO_MASTER_KEY, not
// the backup's) takes a backup in place while it runs. A wrong passphrase
// and a damaged file change nothing; the right one gives the backup's CA
// (its server certificate chains to it at once), rows and stored backup
// passphrase and SMTP password (sealed again with this engine's key), clears a public host
// that is another machine's address, survives a restart, and is refused
// once the engine holds data.
func TestRestoreFresh(t *testing.T) {
	ctx := context.Background()
	old := mustStart(t, testConfig(t.TempDir()), Options{BackupWorkFactor: testBackupWorkFactor})
	if _, err := old.DB.CreateUser(ctx, "test", model.UserInput{Code: "000419", Name: "安井 徳彦"}); err != nil {
		t.Fatal(err)
	}
	sealed, err := old.SealBackupPassphrase(testBackupPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	smtpSealed, err := old.SealSMTPPassword("smtp-secret-2026")
	if err != nil {
		t.Fatal(err)
	}
	if err := old.DB.PutSettings(ctx, "test", map[string]any{SettingBackupPassphraseSealed: sealed, SettingSMTPPasswordSealed: smtpSealed, SettingPublicHost: "192.0.2.99"}); err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if _, err := old.Backup(ctx, &file, testBackupPassphrase); err != nil {
		t.Fatal(err)
	}
	oldCA := old.CA().Fingerprint()

	k, err := secret.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t.TempDir())
	cfg.MasterKey = hex.EncodeToString(k)
	cfg.PublicHost = ""
	e := mustStart(t, cfg, Options{BindHost: "127.0.0.1"})
	if fresh, err := e.Fresh(ctx); err != nil || !fresh {
		t.Fatalf("a new engine: fresh %v (%v)", fresh, err)
	}
	newCA := e.CA().Fingerprint()

	damaged := append([]byte(nil), file.Bytes()...)
	damaged[len(damaged)/2] ^= 0x40
	for name, tc := range map[string]struct {
		file []byte
		pass string
		want error
	}{
		"wrong passphrase": {file.Bytes(), "wrong horse battery", backup.ErrPassphrase},
		"damaged":          {damaged, testBackupPassphrase, backup.ErrDamaged},
		"truncated":        {file.Bytes()[:file.Len()/3], testBackupPassphrase, backup.ErrDamaged},
	} {
		if _, err := e.RestoreFresh(ctx, "test", bytes.NewReader(tc.file), tc.pass); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
		if e.CA().Fingerprint() != newCA {
			t.Fatalf("%s changed the CA", name)
		}
		if fresh, _ := e.Fresh(ctx); !fresh {
			t.Fatalf("%s changed the data", name)
		}
	}

	res, err := e.RestoreFresh(ctx, "admin", bytes.NewReader(file.Bytes()), testBackupPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if e.CA().Fingerprint() != oldCA || res.Manifest.CAFingerprint != oldCA {
		t.Errorf("restored CA %s, want %s", e.CA().Fingerprint(), oldCA)
	}
	if res.PublicHostCleared != "192.0.2.99" || res.ListenError != nil {
		t.Errorf("restored %+v", res)
	}
	if _, err := e.DB.GetUserByCode(ctx, "000419"); err != nil {
		t.Errorf("the user from the backup: %v", err)
	}
	// The LAN server presents a certificate from the restored CA at once.
	roots := x509.NewCertPool()
	roots.AddCert(old.CA().Cert)
	leaf := served(t, e, e.Listening("gateway").String()).PeerCertificates[0]
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: "127.0.0.1"}); err != nil {
		t.Errorf("server certificate after the restore: %v", err)
	}
	// A certificate the old machine issued passes the restored gateway's
	// handshake, for a device that trusts only the old machine's root.
	if err := gatewayAccepts(t, e, []*x509.Certificate{old.CA().Cert}, clientOf(t, old, "000419")); err != nil {
		t.Errorf("a certificate from before the backup: %v", err)
	}
	set, err := LoadSettings(ctx, e.DB)
	if err != nil {
		t.Fatal(err)
	}
	if set.PublicHost != "" {
		t.Errorf("public host %q kept", set.PublicHost)
	}
	if p, err := e.openBackupPassphrase(set.Backup.PassphraseSealed); err != nil || p != testBackupPassphrase {
		t.Errorf("stored backup passphrase after the restore: %q, %v", p, err)
	}
	var smtpAfter []byte
	if _, err := e.DB.GetSetting(ctx, SettingSMTPPasswordSealed, &smtpAfter); err != nil {
		t.Fatal(err)
	}
	if p, err := e.OpenSMTPPassword(smtpAfter); err != nil || p != "smtp-secret-2026" {
		t.Errorf("stored SMTP password after the restore: %q, %v", p, err)
	}
	h, _, err := e.DB.ListHistory(ctx, "ca", 0, 1)
	if err != nil || len(h) != 1 || h[0].Action != "backup.restore" || h[0].Actor != "admin" {
		t.Errorf("history %+v (%v)", h, err)
	}
	if _, err := e.RestoreFresh(ctx, "test", bytes.NewReader(file.Bytes()), testBackupPassphrase); !errors.Is(err, ErrNotFresh) {
		t.Errorf("a second restore: %v, want ErrNotFresh", err)
	}

	e.Close(ctx)
	e2 := mustStart(t, cfg, Options{})
	if e2.CA().Fingerprint() != oldCA {
		t.Errorf("after a restart the CA is %s, want %s", e2.CA().Fingerprint(), oldCA)
	}
	if c, err := e2.DB.Counts(ctx); err != nil || c == (store.Counts{}) {
		t.Errorf("after a restart: counts %+v (%v)", c, err)
	}
}

// TestForeignAddress: only an IP address that is none of this machine's
// (and not loopback) counts as another machine's.
func TestForeignAddress(t *testing.T) {
	lan := []netip.Addr{netip.MustParseAddr("192.168.1.20"), netip.MustParseAddr("fd00::20")}
	for host, want := range map[string]bool{
		"": false, "sekisho.local": false, "192.168.1.20": false, "fd00::20": false, "127.0.0.1": false, "::1": false,
		"192.168.1.10": true, "fd00::10": true, "10.0.0.5": true,
	} {
		if got := foreignAddress(host, lan); got != want {
			t.Errorf("foreignAddress(%q) = %v, want %v", host, got, want)
		}
	}
}
