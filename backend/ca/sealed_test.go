package ca

import (
	"errors"
	"testing"
	"time"

	"sekisho/backend/secret"
)

func TestLoadSealed(t *testing.T) {
	c, keyDER, err := New("", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	sealKey, _ := secret.NewKey()
	sealed, err := secret.Seal(sealKey, keyDER, []byte(SealPurpose))
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadSealed(c.CertPEM, sealed, sealKey)
	if err != nil || got.Fingerprint() != c.Fingerprint() {
		t.Fatalf("LoadSealed = %v", err)
	}
	other, _ := secret.NewKey()
	if _, err := LoadSealed(c.CertPEM, sealed, other); !errors.Is(err, secret.ErrOpen) {
		t.Errorf("another seal key: err = %v, want secret.ErrOpen", err)
	}
	wrongPurpose, _ := secret.Seal(sealKey, keyDER, []byte("something else"))
	if _, err := LoadSealed(c.CertPEM, wrongPurpose, sealKey); !errors.Is(err, secret.ErrOpen) {
		t.Errorf("another purpose: err = %v, want secret.ErrOpen", err)
	}
}
