// Package model holds Sekisho's plain domain types, error codes and field
// validation. It is the leaf of the dependency graph: it imports nothing of ours.
package model

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error class. The admin API maps each code
// to one HTTP status, and the UI chooses its behaviour by code, never by text.
type Code string

// The error codes of the admin API (CONTRACT.md).
const (
	CodeInvalid      Code = "invalid"
	CodeNotFound     Code = "not_found"
	CodeConflict     Code = "conflict"
	CodeConfirm      Code = "confirm"
	CodeUnauthorized Code = "unauthorized"
	CodeUnsupported  Code = "unsupported"
	CodeInternal     Code = "internal"
)

// Error is a public error: safe to show to a person. Key names a message in the
// ja/en catalog (backend/i18n); Params fill its placeholders; Field names the
// request field at fault. The text itself is produced at the boundary, in the
// reader's language, never here (STYLE: no translated strings deep in Go).
type Error struct {
	Code   Code
	Key    string
	Field  string
	Params map[string]any
	// Err is the internal cause, if any. It is never shown to users.
	Err error
}

// Error returns a developer-facing description (not the translated text).
func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the internal cause.
func (e *Error) Unwrap() error { return e.Err }

// Invalid reports bad input in one field.
func Invalid(field, key string, params map[string]any) *Error {
	return &Error{Code: CodeInvalid, Key: key, Field: field, Params: params}
}

// NotFound reports an unknown id.
func NotFound(key string) *Error { return &Error{Code: CodeNotFound, Key: key} }

// Conflict reports a state conflict, such as a duplicate unique value.
func Conflict(field, key string, params map[string]any) *Error {
	return &Error{Code: CodeConflict, Key: key, Field: field, Params: params}
}

// Internal wraps an unexpected failure; its cause stays private.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Key: "error.internal", Err: err}
}

// Internalf wraps an unexpected failure with context.
func Internalf(format string, args ...any) *Error {
	return Internal(fmt.Errorf(format, args...))
}

// AsError returns err as a public *Error, wrapping anything unknown as internal.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// CodeOf returns the code of err ("" for nil).
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// MessageRef is an Error parameter that is itself a catalog key: it is
// translated into the reader's language along with the message.
type MessageRef string

// UniqueIDs returns ids without repeats, in their first order.
func UniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
