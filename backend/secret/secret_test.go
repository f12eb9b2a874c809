package secret

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestPassphrase(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		p, err := Passphrase(128)
		if err != nil {
			t.Fatal(err)
		}
		chars := strings.ReplaceAll(p, "-", "")
		if bits := PassphraseBits(len(chars)); bits < 128 {
			t.Fatalf("%q has %.1f bits, want ≥128", p, bits)
		}
		if strings.ContainsAny(chars, "0O1lIoS5Z2B8uv") {
			t.Fatalf("%q contains a look-alike character", p)
		}
		if seen[p] {
			t.Fatalf("repeated passphrase %q", p)
		}
		seen[p] = true
	}
}

func TestToken(t *testing.T) {
	if _, err := Token(8); err == nil {
		t.Error("Token(8) succeeded, want error below 128 bits")
	}
	a, _ := Token(16)
	b, _ := Token(16)
	if a == b || len(a) < 22 {
		t.Errorf("tokens %q %q", a, b)
	}
	if HashToken(a) == HashToken(b) || len(HashToken(a)) != 64 {
		t.Error("token hashes")
	}
	if !Equal(a, a) || Equal(a, b) {
		t.Error("Equal")
	}
}

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "correct") {
		t.Fatal("hash contains the password")
	}
	tests := []struct {
		name string
		enc  string
		pw   string
		want bool
	}{
		{"ok/match", h, "correct horse", true},
		{"fail/wrong", h, "correct horsE", false},
		{"fail/empty hash", "", "x", false},
		{"fail/garbage", "$argon2id$v=19$m=x$$", "x", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := VerifyPassword(tc.enc, tc.pw); got != tc.want {
				t.Errorf("VerifyPassword = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSeal(t *testing.T) {
	key, _ := NewKey()
	other, _ := NewKey()
	msg := []byte("CA private key")
	s, err := Seal(key, msg, []byte("ca-key"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(s, msg) {
		t.Fatal("sealed blob contains the plaintext")
	}
	if got, err := Open(key, s, []byte("ca-key")); err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	tampered := append([]byte(nil), s...)
	tampered[len(tampered)-1] ^= 1
	for name, c := range map[string]struct {
		key, blob, aad []byte
	}{
		"wrong key":     {other, s, []byte("ca-key")},
		"wrong purpose": {key, s, []byte("other")},
		"tampered":      {key, tampered, []byte("ca-key")},
		"short":         {key, s[:5], []byte("ca-key")},
	} {
		if _, err := Open(c.key, c.blob, c.aad); err != ErrOpen {
			t.Errorf("%s: err = %v, want ErrOpen", name, err)
		}
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "master.key")
	k1, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadOrCreateKeyFile(path)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("second load differs: %v", err)
	}
	if runtime.GOOS != "windows" {
		st, _ := os.Stat(path)
		if st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", st.Mode().Perm())
		}
	}
	os.WriteFile(path, []byte("zz"), 0o600)
	if _, err := LoadOrCreateKeyFile(path); err == nil {
		t.Error("damaged key file accepted")
	}
	if _, err := ParseKey(strings.Repeat("ab", 32)); err != nil {
		t.Error(err)
	}
	if _, err := ParseKey("abc"); err == nil {
		t.Error("short key accepted")
	}
}
