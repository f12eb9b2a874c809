package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSearch is the longest free-text search or filter value a list accepts,
// in characters. Nobody types more into a search box, and SQLite refuses LIKE
// patterns over 50,000 bytes (SQLITE_MAX_LIKE_PATTERN_LENGTH), which made a
// long value an internal error instead of a clear one.
const MaxSearch = 200

// MaxPage is the highest page number a list accepts. It keeps page × page
// size far from overflowing (a page of 2^62 wrapped round to page 1) while
// reaching every row of any realistic table (a billion at 100 a page).
const MaxPage = 10_000_000

// CheckSearch checks one search or filter text: at most MaxSearch
// characters, and no control characters.
func CheckSearch(field, s string) *Error {
	if n := utf8.RuneCountInString(s); n > MaxSearch {
		return Invalid(field, "field.search_too_long", map[string]any{"max": MaxSearch, "len": n})
	}
	if hasControl(s) {
		return Invalid(field, "field.control_chars", nil)
	}
	return nil
}

// CheckLine refuses control characters (NUL, line breaks, tabs, …) in a
// one-line text field.
func CheckLine(field, s string) *Error {
	if hasControl(s) {
		return Invalid(field, "field.control_chars", nil)
	}
	return nil
}

// CheckMultiline refuses control characters other than line breaks and tabs
// in a text that may span lines (a message template).
func CheckMultiline(field, s string) *Error {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return Invalid(field, "field.control_chars_text", nil)
		}
	}
	return nil
}

// onlyDots reports whether s is made of dots alone ("." and ".." name the
// current and parent folder in every path, zip entries included).
func onlyDots(s string) bool { return s != "" && strings.Trim(s, ".") == "" }
