// Package secret makes and checks secrets: random tokens and passphrases,
// password hashes (Argon2id), token hashes, constant-time comparison, and the
// sealing (authenticated encryption) of keys at rest.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Token returns a URL-safe random token of n random bytes (n ≥ 16: at least
// 128 bits).
func Token(n int) (string, error) {
	if n < 16 {
		return "", errors.New("secret: token shorter than 128 bits")
	}
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken returns the hex SHA-256 of a token, for storage: tokens have
// enough entropy that a fast hash is safe, and lookups stay indexable.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Equal compares two secrets in constant time.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// readable is the passphrase alphabet: no look-alikes (0/O/o, 1/l/I, 5/S,
// 2/Z, 8/B, u/v), so people can type what they read off a screen or paper.
const readable = "abcdefghijkmnpqrstwxyzACDEFGHJKLMNPQRTUVWXY34679"

// Passphrase returns a random passphrase of groups of 5 readable characters
// joined by '-', with at least minBits bits of entropy.
func Passphrase(minBits int) (string, error) {
	perChar := bitsPerChar()
	n := int(float64(minBits)/perChar) + 1
	if rem := n % 5; rem != 0 {
		n += 5 - rem
	}
	var sb strings.Builder
	max := big.NewInt(int64(len(readable)))
	for i := 0; i < n; i++ {
		if i > 0 && i%5 == 0 {
			sb.WriteByte('-')
		}
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		sb.WriteByte(readable[k.Int64()])
	}
	return sb.String(), nil
}

// PassphraseBits returns the entropy of a passphrase made by Passphrase with
// the given number of characters (dashes excluded).
func PassphraseBits(chars int) float64 { return float64(chars) * bitsPerChar() }

func bitsPerChar() float64 { return math.Log2(float64(len(readable))) }

// Argon2id parameters (RFC 9106's second recommended option, with 64 MiB).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns an encoded Argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches an encoded hash.
func VerifyPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// KeySize is the size of a sealing key (AES-256).
const KeySize = 32

// NewKey returns a random sealing key.
func NewKey() ([]byte, error) {
	k := make([]byte, KeySize)
	_, err := rand.Read(k)
	return k, err
}

// sealVersion prefixes sealed blobs so the format can change later.
const sealVersion = 1

// Seal encrypts plaintext with key (AES-256-GCM); aad binds the ciphertext to
// its purpose (e.g. "ca-key"), so a blob cannot be swapped for another.
func Seal(key, plaintext, aad []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out := append([]byte{sealVersion}, nonce...)
	return gcm.Seal(out, nonce, plaintext, aad), nil
}

// ErrOpen means a sealed blob could not be decrypted: wrong key, wrong
// purpose, or tampering.
var ErrOpen = errors.New("secret: cannot open sealed data (wrong key or damaged data)")

// Open decrypts a blob made by Seal.
func Open(key, sealed, aad []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < 1+gcm.NonceSize()+gcm.Overhead() || sealed[0] != sealVersion {
		return nil, ErrOpen
	}
	nonce := sealed[1 : 1+gcm.NonceSize()]
	pt, err := gcm.Open(nil, nonce, sealed[1+gcm.NonceSize():], aad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secret: key is %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
