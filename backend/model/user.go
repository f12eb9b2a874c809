package model

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User is a person who may reach the protected apps (SPEC section 2).
type User struct {
	ID               int64
	Code             string
	Name             string
	Email            string
	Phone            string
	Group            string
	Suspended        bool
	RequireCert      bool
	RequireDevice    bool
	LastAuthCertName string
	// LastAuthCertDeleted is true when that certificate was deleted since.
	LastAuthCertDeleted bool
	LastAuthAt          time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// UserInput is the editable part of a User, as a form or a CSV line gives it.
type UserInput struct {
	Code  string
	Name  string
	Email string
	Phone string
	Group string
}

// Field limits for users. Codes are what people type at sign-in, so they are
// kept to characters every keyboard (and every phone) has.
const (
	MaxUserCode  = 64
	MaxUserName  = 100
	MaxUserEmail = 254
	MaxUserPhone = 30
	MaxUserGroup = 100
)

// Normalize trims surrounding white space (including the full-width space
// U+3000 that Japanese input methods produce) from every field.
func (in UserInput) Normalize() UserInput {
	trim := func(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }
	return UserInput{
		Code:  trim(in.Code),
		Name:  trim(in.Name),
		Email: trim(in.Email),
		Phone: trim(in.Phone),
		Group: trim(in.Group),
	}
}

// CheckEmail refuses what is not one bare e-mail address (no display name,
// a dot in the domain), in field.
func CheckEmail(field, email string) *Error {
	if n := utf8.RuneCountInString(email); n > MaxUserEmail {
		return Invalid(field, "field.too_long", map[string]any{"max": MaxUserEmail, "len": n})
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") {
		return Invalid(field, "user.email.invalid", map[string]any{"value": email})
	}
	return nil
}

// Validate checks a normalized input and returns the first problem as an
// invalid-field error.
func (in UserInput) Validate() *Error {
	if err := ValidateUserCode(in.Code); err != nil {
		return err
	}
	if in.Name == "" {
		return Invalid("name", "user.name.required", nil)
	}
	if n := utf8.RuneCountInString(in.Name); n > MaxUserName {
		return Invalid("name", "field.too_long", map[string]any{"max": MaxUserName, "len": n})
	}
	if hasControl(in.Name) {
		return Invalid("name", "field.control_chars", nil)
	}
	if in.Email != "" {
		if err := CheckEmail("email", in.Email); err != nil {
			return err
		}
	}
	if in.Phone != "" {
		if n := utf8.RuneCountInString(in.Phone); n > MaxUserPhone {
			return Invalid("phone", "field.too_long", map[string]any{"max": MaxUserPhone, "len": n})
		}
		digits := 0
		for _, r := range in.Phone {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case r == ' ' || r == '-' || r == '+' || r == '(' || r == ')':
			default:
				return Invalid("phone", "user.phone.invalid", map[string]any{"value": in.Phone})
			}
		}
		if digits < 3 {
			return Invalid("phone", "user.phone.invalid", map[string]any{"value": in.Phone})
		}
	}
	if n := utf8.RuneCountInString(in.Group); n > MaxUserGroup {
		return Invalid("group", "field.too_long", map[string]any{"max": MaxUserGroup, "len": n})
	}
	if hasControl(in.Group) {
		return Invalid("group", "field.control_chars", nil)
	}
	return nil
}

// ValidateUserCode checks a user code: 1–64 characters of ASCII letters,
// digits and . _ - @, not dots alone.
func ValidateUserCode(code string) *Error {
	if code == "" {
		return Invalid("code", "user.code.required", nil)
	}
	if n := utf8.RuneCountInString(code); n > MaxUserCode {
		return Invalid("code", "field.too_long", map[string]any{"max": MaxUserCode, "len": n})
	}
	for _, r := range code {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '.' || r == '_' || r == '-' || r == '@'
		if !ok {
			return Invalid("code", "user.code.chars", map[string]any{"char": string(r)})
		}
	}
	if onlyDots(code) {
		// "." and ".." would name folders of their own in file names and
		// the bulk zip (../password.txt).
		return Invalid("code", "user.code.dots", nil)
	}
	return nil
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// UserState filters users by suspension.
type UserState string

// User states for filtering.
const (
	UserStateAny       UserState = ""
	UserStateActive    UserState = "active"
	UserStateSuspended UserState = "suspended"
)

// UserCertState is a user's personal-certificate state, for the user picker of
// personal issuance (kintone: 未発行 / 有効な証明書 / 期限切れの証明書). Only the
// user's live (not deleted) personal certificates count, and the best one
// decides: valid, else expired, else revoked; none means none at all. A user
// whose only certificates are disabled or not yet valid is in none of them.
type UserCertState string

// User certificate states for filtering.
const (
	UserCertAny     UserCertState = ""
	UserCertNone    UserCertState = "none"
	UserCertValid   UserCertState = "valid"
	UserCertExpired UserCertState = "expired"
	UserCertRevoked UserCertState = "revoked"
)

// UserFilter selects users for listing and export.
type UserFilter struct {
	Query string // matched against name and code (substring, case-insensitive)
	Group string // exact group
	State UserState
	// RequireCert, when set, selects users with (or without) the
	// certificate requirement.
	RequireCert *bool
	// CertName selects users whose last authentication used this
	// certificate name.
	CertName string
	// WithoutValidCert selects users not using a valid certificate: their last
	// authentication used none, or one that is not valid at Now.
	WithoutValidCert bool
	// CertState selects users by their personal certificates (at Now).
	CertState UserCertState
	Now       time.Time
	Offset    int
	Limit     int // 0 = no limit
}

// PageSizes are the page sizes the UI offers (SPEC: 10/20/50/100).
var PageSizes = []int{10, 20, 50, 100}

// HistoryEntry is one admin action in the admin history.
type HistoryEntry struct {
	ID         int64
	Time       time.Time
	Actor      string
	Action     string
	TargetType string
	Target     string
	Detail     string
}
