package model

import (
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// CertKind tells shared certificates (one per department or purpose,
// installed on many devices) from personal ones (one per user).
type CertKind string

// Certificate kinds.
const (
	CertShared   CertKind = "shared"
	CertPersonal CertKind = "personal"
)

// CertState is a certificate's effective state.
type CertState string

// Certificate states, in the order they take precedence.
const (
	CertRevoked     CertState = "revoked"
	CertDisabled    CertState = "disabled"
	CertExpired     CertState = "expired"
	CertNotYetValid CertState = "notYetValid"
	CertValid       CertState = "valid"
)

// Cert is an issued client certificate. NotBefore/NotAfter is the allowed
// window (使用開始日/使用終了日), which the admin may move anywhere inside the
// X.509 dates (widen or narrow); going past them means renewing.
type Cert struct {
	ID            int64
	Name          string
	Kind          CertKind
	UserID        int64 // personal only; 0 when the user was deleted
	UserCode      string
	UserName      string
	Serial        string // lower-case hex
	KeyAlgo       string
	X509NotBefore time.Time
	X509NotAfter  time.Time
	NotBefore     time.Time
	NotAfter      time.Time
	Enabled       bool
	RevokedAt     time.Time
	RevokeReason  string
	Deleted       bool
	PredecessorID int64
	SuccessorID   int64
	CreatedAt     time.Time
	DER           []byte
	// AuthenticatedUsers counts users whose last authentication used it.
	AuthenticatedUsers int
}

// State returns the state at now.
func (c Cert) State(now time.Time) CertState {
	switch {
	case !c.RevokedAt.IsZero() || c.Deleted:
		return CertRevoked
	case !c.Enabled:
		return CertDisabled
	case !now.Before(c.NotAfter):
		return CertExpired
	case now.Before(c.NotBefore):
		return CertNotYetValid
	default:
		return CertValid
	}
}

// MaxCertName is the longest shared certificate name (seed 000: 20文字まで).
const MaxCertName = 20

// ValidateCertName checks a shared certificate's name: 1–20 letters and
// digits, half- or full-width (英数字のみ全半角含む20文字まで).
func ValidateCertName(name string) *Error {
	if name == "" {
		return Invalid("name", "cert.name.required", nil)
	}
	if n := utf8.RuneCountInString(name); n > MaxCertName {
		return Invalid("name", "field.too_long", map[string]any{"max": MaxCertName, "len": n})
	}
	for _, r := range name {
		if !isAlnum(r) {
			return Invalid("name", "cert.name.chars", map[string]any{"char": string(r)})
		}
	}
	return nil
}

func isAlnum(r rune) bool {
	switch {
	case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return true
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return true
	}
	return false
}

// CertNameKey folds a certificate name for uniqueness: full-width letters
// and digits become half-width, and case is ignored, so ＳＡＬＥＳ１ and
// sales1 are the same name.
func CertNameKey(name string) string {
	return strings.ToLower(width.Fold.String(name))
}

// The allowed certificate dates (the seeds' date pickers).
var (
	MinCertDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxCertDate = time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC)
)

// DateLayout is the API's date format.
const DateLayout = "2006-01-02"

// ParseDate parses a YYYY-MM-DD date within the allowed range, as a calendar
// day (00:00 UTC of that day).
func ParseDate(field, s string) (time.Time, *Error) {
	d, err := time.Parse(DateLayout, s)
	if err != nil || d.Format(DateLayout) != s {
		return time.Time{}, Invalid(field, "date.invalid", map[string]any{"value": s})
	}
	if d.Before(MinCertDate) || d.After(MaxCertDate) {
		return time.Time{}, Invalid(field, "date.range", map[string]any{"value": s, "min": "1900-01-01", "max": "9999-12-30"})
	}
	return d, nil
}
