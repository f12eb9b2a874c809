package app

import (
	"strconv"
	"strings"
	"unicode"

	"sekisho/backend/ca"
	"sekisho/backend/gateway"
	"sekisho/backend/i18n"
	"sekisho/backend/mailer"
	"sekisho/backend/model"
	"sekisho/backend/policy"
	"sekisho/backend/store"
	"sekisho/backend/usercsv"
)

// The enums of the API: named types for the DTO fields that take one of a
// fixed set of values, and their value lists. The desktop passes Enums to
// Wails (options.App.EnumBind), so `wails generate module` writes each as an
// `app.<Type>` enum into models.ts and the frontend takes its lists from
// there instead of copying them (issue 12). They are declared here, in the
// package of the DTOs, rather than in the backend packages that own the
// values: Wails writes the enums of a package with no bound struct in map
// order, which would make the generated file differ from run to run.
// enums_test.go checks that each list holds every value the backend
// declares.

// ErrorCode is an error's stable code (model.Code).
type ErrorCode string

// UserState filters users by suspension (model.UserState; "" = all).
type UserState string

// UserCertState filters users by their personal certificates
// (model.UserCertState; "" = all): the issuance picker's 未発行 / 有効 /
// 期限切れ / 失効.
type UserCertState string

// PageSize is a page size the lists offer (model.PageSizes).
type PageSize int

// CertKind is shared or personal (model.CertKind).
type CertKind string

// CertState is a certificate's effective state (model.CertState).
type CertState string

// DeviceStatus is a device approval request's state.
type DeviceStatus string

// The device statuses.
const (
	DeviceStatusPending  DeviceStatus = "pending"
	DeviceStatusApproved DeviceStatus = "approved"
	DeviceStatusRejected DeviceStatus = "rejected"
)

// AccessDecision is an access log entry's verdict.
type AccessDecision string

// The access decisions.
const (
	AccessAllow AccessDecision = "allow"
	AccessDeny  AccessDecision = "deny"
)

// AccessReason is an access log entry's reason: a deny reason of the
// contract (policy.Reason), or one of the gateway's own (sign-in,
// self-service, refused paths). Old entries may hold others, so
// AccessEntry.Reason stays a string.
type AccessReason string

// LinkState is a download link's state (store.LinkState).
type LinkState string

// Language is a UI and message language (i18n.Lang).
type Language string

// KeyAlgorithm is a new key's algorithm (ca.KeyAlgo).
type KeyAlgorithm string

// Pkcs12Compat is the PKCS#12 encoding (ca.Compat).
type Pkcs12Compat string

// SmtpSecurity is how mail reaches the SMTP server (mailer.Security).
type SmtpSecurity string

// CsvEncoding is the user CSV export's encoding (usercsv.Encoding).
type CsvEncoding string

// ConsoleMode is how the window reaches the engine.
type ConsoleMode string

// CertFormat is a certificate download's file format.
type CertFormat string

// The certificate formats.
const (
	FormatP12          CertFormat = "p12"
	FormatMobileconfig CertFormat = "mobileconfig"
)

// CARenewMode is how the CA is renewed.
type CARenewMode string

// MessageKind is the guidance a message carries.
type MessageKind string

// The message kinds.
const (
	MessageCertificate MessageKind = "certificate"
	MessageLogin       MessageKind = "login"
)

// Enum is one member of an enum exported to TypeScript: Wails reads the
// fields Value and TSName (the member's name in models.ts).
type Enum[T any] struct {
	Value  T
	TSName string
}

// enumOf lists values as members of the enum T, named after their value.
func enumOf[T ~string, V ~string](values ...V) []Enum[T] {
	out := make([]Enum[T], len(values))
	for i, v := range values {
		out[i] = Enum[T]{Value: T(v), TSName: tsName(string(v))}
	}
	return out
}

// tsName makes a TypeScript member name of a value: "not_found" →
// "NotFound", "notYetValid" → "NotYetValid", "ecdsa-p256" → "EcdsaP256",
// "" → "Any" (the filters' "every one").
func tsName(v string) string {
	if v == "" {
		return "Any"
	}
	var b strings.Builder
	up := true
	for _, r := range v {
		if r == '_' || r == '-' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
		up = false
	}
	return b.String()
}

// Enum value lists, in the backend's order.
var (
	ErrorCodes = enumOf[ErrorCode](model.CodeInvalid, model.CodeNotFound, model.CodeConflict, model.CodeConfirm,
		model.CodeUnauthorized, model.CodeUnsupported, model.CodeInternal)
	UserStates      = enumOf[UserState](model.UserStateAny, model.UserStateActive, model.UserStateSuspended)
	UserCertStates  = enumOf[UserCertState](model.UserCertAny, model.UserCertNone, model.UserCertValid, model.UserCertExpired, model.UserCertRevoked)
	CertKinds       = enumOf[CertKind](model.CertShared, model.CertPersonal)
	CertStates      = enumOf[CertState](model.CertRevoked, model.CertDisabled, model.CertExpired, model.CertNotYetValid, model.CertValid)
	DeviceStatuses  = enumOf[DeviceStatus](DeviceStatusPending, DeviceStatusApproved, DeviceStatusRejected)
	AccessDecisions = enumOf[AccessDecision](AccessAllow, AccessDeny)
	AccessReasons   = append(enumOf[AccessReason](policy.Reasons...), enumOf[AccessReason](gateway.ReasonSignInRequired,
		gateway.ReasonBadPath, gateway.ReasonSignInFailed, gateway.ReasonSignInThrottled, gateway.ReasonSignedIn,
		gateway.ReasonSelfIssued, gateway.ReasonSelfServiceOff, gateway.ReasonSelfIssueLimit)...)
	LinkStates     = enumOf[LinkState](store.LinkActive, store.LinkExpired, store.LinkUsedUp, store.LinkRevoked)
	Languages      = enumOf[Language](i18n.JA, i18n.EN)
	KeyAlgorithms  = enumOf[KeyAlgorithm](ca.RSA2048, ca.ECDSAP256)
	Pkcs12Compats  = enumOf[Pkcs12Compat](ca.CompatLegacy, ca.CompatModern)
	SmtpSecurities = enumOf[SmtpSecurity](mailer.SecurityStartTLS, mailer.SecurityTLS, mailer.SecurityNone)
	CsvEncodings   = enumOf[CsvEncoding](usercsv.UTF8, usercsv.SJIS)
	ConsoleModes   = enumOf[ConsoleMode](ConsolePortable, ConsoleAttached)
	CertFormats    = enumOf[CertFormat](FormatP12, FormatMobileconfig)
	CARenewModes   = enumOf[CARenewMode](CARenewSameKey, CARenewNewKey)
	MessageKinds   = enumOf[MessageKind](MessageCertificate, MessageLogin)
	Modes          = enumOf[Mode](ModeDesktop, ModeServe)
	PageSizes      = pageSizes()
)

func pageSizes() []Enum[PageSize] {
	out := make([]Enum[PageSize], len(model.PageSizes))
	for i, n := range model.PageSizes {
		out[i] = Enum[PageSize]{Value: PageSize(n), TSName: "Size" + strconv.Itoa(n)}
	}
	return out
}

// Enums lists the enums for Wails's EnumBind.
func Enums() []any {
	return []any{ErrorCodes, UserStates, UserCertStates, PageSizes, CertKinds, CertStates, DeviceStatuses, AccessDecisions, AccessReasons,
		LinkStates, Languages, KeyAlgorithms, Pkcs12Compats, SmtpSecurities, CsvEncodings, ConsoleModes, CertFormats,
		CARenewModes, MessageKinds, Modes}
}
