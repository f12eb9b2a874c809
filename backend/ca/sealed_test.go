package ca

import (
	"errors"
	"testing"
	"time"

	"sekisho/backend/secret"
)

// sealedCA makes a CA and its key sealed as the database stores it.
func sealedCA(t *testing.T, org string, now time.Time) (c *CA, sealed, sealKey []byte) {
	t.Helper()
	c, keyDER, err := New(org, now)
	if err != nil {
		t.Fatal(err)
	}
	sealKey, _ = secret.NewKey()
	sealed, err = secret.Seal(sealKey, keyDER, []byte(SealPurpose))
	if err != nil {
		t.Fatal(err)
	}
	return c, sealed, sealKey
}

func TestLoadSealed(t *testing.T) {
	c, sealed, sealKey := sealedCA(t, "", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	got, err := LoadSealed(c.CertPEM, sealed, sealKey)
	if err != nil || got.Fingerprint() != c.Fingerprint() {
		t.Fatalf("LoadSealed = %v", err)
	}
	other, _ := secret.NewKey()
	if _, err := LoadSealed(c.CertPEM, sealed, other); !errors.Is(err, secret.ErrOpen) {
		t.Errorf("another seal key: err = %v, want secret.ErrOpen", err)
	}
	wrongPurpose, _ := secret.Seal(sealKey, []byte("a key sealed for another use"), []byte("something else"))
	if _, err := LoadSealed(c.CertPEM, wrongPurpose, sealKey); !errors.Is(err, secret.ErrOpen) {
		t.Errorf("another purpose: err = %v, want secret.ErrOpen", err)
	}
}
