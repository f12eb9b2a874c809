package i18n

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

var placeholder = regexp.MustCompile(`\{[a-zA-Z]+\}`)

// TestCatalogComplete checks that every key has both languages and that the
// two texts use the same placeholders.
func TestCatalogComplete(t *testing.T) {
	for _, key := range Keys() {
		ja, okJA := Message(JA, key)
		en, okEN := Message(EN, key)
		if !okJA || !okEN || ja == "" || en == "" {
			t.Errorf("%s: ja=%v en=%v, want both non-empty", key, okJA, okEN)
			continue
		}
		pj, pe := placeholder.FindAllString(ja, -1), placeholder.FindAllString(en, -1)
		sort.Strings(pj)
		sort.Strings(pe)
		if strings.Join(pj, ",") != strings.Join(pe, ",") {
			t.Errorf("%s: placeholders ja=%v en=%v", key, pj, pe)
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		key  string
		p    map[string]any
		want string
	}{
		{"ok/ja", JA, "field.too_long", map[string]any{"max": 5, "len": 7}, "5文字以内で入力してください（現在7文字）。"},
		{"ok/en", EN, "field.too_long", map[string]any{"max": 5, "len": 7}, "Use at most 5 characters (now 7)."},
		{"fail/unknown key", JA, "no.such.key", nil, "no.such.key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := T(tc.lang, tc.key, tc.p); got != tc.want {
				t.Errorf("T(%s, %s) = %q, want %q", tc.lang, tc.key, got, tc.want)
			}
		})
	}
}

// TestDate: one date format wherever a date is shown (the frontend's
// formatISODate), and the time after it for instants.
func TestDate(t *testing.T) {
	at := time.Date(2026, 3, 9, 7, 5, 0, 0, time.UTC)
	for _, tc := range []struct {
		lang           Lang
		date, dateTime string
	}{{JA, "2026/03/09", "2026/03/09 07:05"}, {EN, "2026-03-09", "2026-03-09 07:05"}} {
		if got := Date(tc.lang, at); got != tc.date {
			t.Errorf("Date(%s) = %q, want %q", tc.lang, got, tc.date)
		}
		if got := DateTime(tc.lang, at); got != tc.dateTime {
			t.Errorf("DateTime(%s) = %q, want %q", tc.lang, got, tc.dateTime)
		}
	}
}

// TestSecretWords: a person reads 証明書のパスワード (certificate password)
// for the PKCS#12 file's secret, as iOS, Android and Windows call it;
// パスフレーズ is only the backup's and the CA export's passphrase.
func TestSecretWords(t *testing.T) {
	passphraseKey := regexp.MustCompile(`^(backup\.|restore\.|ca\.export\.|settings\.backup\.)`)
	for _, key := range Keys() {
		if passphraseKey.MatchString(key) {
			continue
		}
		ja, _ := Message(JA, key)
		en, _ := Message(EN, key)
		if strings.Contains(ja, "パスフレーズ") || strings.Contains(strings.ToLower(en), "passphrase") {
			t.Errorf("%s says passphrase: %q / %q", key, ja, en)
		}
	}
	for _, key := range []string{"me.intro", "me.pass_once", "me.copy", "portal.dl.plain_note"} {
		if ja, _ := Message(JA, key); !strings.Contains(ja, "証明書のパスワード") {
			t.Errorf("%s = %q, want it to say 証明書のパスワード", key, ja)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"ja", JA, true},
		{"ja-JP,en;q=0.8", JA, true},
		{"fr-FR, en-US;q=0.7", EN, true},
		{"EN", EN, true},
		{"de", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok := Parse(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
