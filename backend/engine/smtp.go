package engine

import (
	"fmt"

	"sekisho/backend/secret"
)

// Setting keys of the notification mail's SMTP server (Settings → メール送信;
// app/smtp.go reads and writes them). The password is stored only sealed
// with the seal key.
const (
	SettingSMTPHost           = "smtpHost"
	SettingSMTPPort           = "smtpPort"
	SettingSMTPUsername       = "smtpUsername"
	SettingSMTPPasswordSealed = "smtpPasswordSealed"
	SettingSMTPFrom           = "smtpFrom"
	SettingSMTPSecurity       = "smtpSecurity"
)

// smtpPasswordPurpose binds the sealed SMTP password to its use: neither
// the CA key's seal nor the backup passphrase's opens it.
const smtpPasswordPurpose = "sekisho smtp password v1"

// SealSMTPPassword seals the SMTP password with the seal key (read again
// here and cleared at once), for the setting SettingSMTPPasswordSealed.
func (e *Engine) SealSMTPPassword(password string) ([]byte, error) {
	key, err := e.sealKey()
	if err != nil {
		return nil, fmt.Errorf("read the seal key: %w", err)
	}
	defer clear(key)
	return secret.Seal(key, []byte(password), []byte(smtpPasswordPurpose))
}

// OpenSMTPPassword opens what SealSMTPPassword sealed.
func (e *Engine) OpenSMTPPassword(sealed []byte) (string, error) {
	key, err := e.sealKey()
	if err != nil {
		return "", fmt.Errorf("read the seal key: %w", err)
	}
	defer clear(key)
	b, err := secret.Open(key, sealed, []byte(smtpPasswordPurpose))
	if err != nil {
		return "", fmt.Errorf("open the stored SMTP password (set it again in Settings): %w", err)
	}
	defer clear(b)
	return string(b), nil
}
