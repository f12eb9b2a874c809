package ca

import (
	"fmt"
	"unicode/utf8"

	"software.sslmate.com/src/go-pkcs12"
)

// MinExportPassphrase is the shortest passphrase ExportSealed accepts, in
// characters: the file it protects can issue certificates every device
// trusts.
const MinExportPassphrase = 12

// ErrShortExportPassphrase: ExportSealed's passphrase has fewer than
// MinExportPassphrase characters.
var ErrShortExportPassphrase = fmt.Errorf("ca: the export passphrase must have at least %d characters", MinExportPassphrase)

// ExportSealed returns the CA certificate and its private key as one
// PKCS#12 encrypted under passphrase with AES-256-CBC and PBKDF2-SHA256
// (pkcs12.Modern2023), for an admin who moves to another PKI. The key is
// opened from its sealed form (as stored, LoadSealed) only here: its PKCS#8
// bytes are cleared before ExportSealed returns and are never written
// anywhere unencrypted. The key and the certificate carry the CA's name
// (its common name) as their friendlyName, so a key store lists the import
// under it. A wrong sealKey gives an error wrapping secret.ErrOpen.
func ExportSealed(certPEM, keySealed, sealKey []byte, passphrase string) ([]byte, error) {
	if utf8.RuneCountInString(passphrase) < MinExportPassphrase {
		return nil, ErrShortExportPassphrase
	}
	c, err := LoadSealed(certPEM, keySealed, sealKey)
	if err != nil {
		return nil, err
	}
	return pkcs12.Modern2023.EncodeWithFriendlyName(c.key, c.Cert, nil, passphrase, friendlyName(c.Cert.Subject.CommonName))
}
