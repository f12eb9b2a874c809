package ca

import (
	"fmt"

	"sekisho/backend/secret"
)

// SealPurpose is the associated data that binds the CA's sealed private key
// to its use (secret.Seal): the key stored in the database's ca table is
// secret.Seal(sealKey, PKCS#8 key, []byte(SealPurpose)). It must not change:
// every existing database holds a key sealed with it.
const SealPurpose = "sekisho/ca-key/v1"

// LoadSealed rebuilds a CA from its PEM certificate and its private key as
// stored (sealed with sealKey under SealPurpose). A wrong sealKey gives an
// error wrapping secret.ErrOpen.
func LoadSealed(certPEM, keySealed, sealKey []byte) (*CA, error) {
	keyDER, err := secret.Open(sealKey, keySealed, []byte(SealPurpose))
	if err != nil {
		return nil, fmt.Errorf("ca: open the sealed key: %w", err)
	}
	defer clear(keyDER)
	return Load(certPEM, keyDER)
}
