// Package i18n is the server-side message catalog: every text the Go side
// shows a person (API error messages, portal and gateway pages) exists in
// Japanese and English, keyed by a stable dotted key.
package i18n

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Lang is a supported language.
type Lang string

// The supported languages. Japanese is the default: the product's seeds and
// first users are Japanese.
const (
	JA Lang = "ja"
	EN Lang = "en"
)

// Parse maps a language tag or an Accept-Language header to a Lang; ok is false
// when none of the preferences is supported.
func Parse(s string) (Lang, bool) {
	for _, part := range strings.Split(s, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case tag == "ja" || strings.HasPrefix(tag, "ja-"):
			return JA, true
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			return EN, true
		}
	}
	return "", false
}

// T returns the message for key in lang with {name} placeholders filled from
// params. An unknown key returns the key itself, so a missing entry is visible
// rather than silent (and the catalog test fails on it).
func T(lang Lang, key string, params map[string]any) string {
	m := messages[key]
	s, ok := m[lang]
	if !ok {
		s, ok = m[EN]
	}
	if !ok {
		return key
	}
	if len(params) == 0 {
		return s
	}
	pairs := make([]string, 0, 2*len(params))
	for k, v := range params {
		pairs = append(pairs, "{"+k+"}", fmt.Sprint(v))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// Has reports whether key is in the catalog.
func Has(key string) bool { _, ok := messages[key]; return ok }

// Keys returns every key of the catalog, sorted.
func Keys() []string {
	keys := make([]string, 0, len(messages))
	for k := range messages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Message returns the raw entry of key for lang.
func Message(lang Lang, key string) (string, bool) {
	s, ok := messages[key][lang]
	return s, ok
}

// Date formats the calendar day of t the way every screen, message and page
// shows a date: 2026/03/10 in Japanese (as the seeds write dates) and
// 2026-03-10 in English, like formatISODate in the frontend. The caller picks
// the time zone (t.In(loc)).
func Date(lang Lang, t time.Time) string {
	if lang == JA {
		return t.Format("2006/01/02")
	}
	return t.Format("2006-01-02")
}

// DateTime is Date followed by the 24-hour time, for instants such as a
// download link's expiry: 2026/03/10 09:00.
func DateTime(lang Lang, t time.Time) string {
	return Date(lang, t) + t.Format(" 15:04")
}
