package model

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestValidateCertName(t *testing.T) {
	tests := []struct {
		name, in, wantKey string
	}{
		{"ok/ascii", "Sales2026", ""},
		{"ok/full-width", "ＳＡＬＥＳ２０２６", ""},
		{"ok/20 chars", strings.Repeat("a", 20), ""},
		{"ok/20 full-width chars", strings.Repeat("Ａ", 20), ""},
		{"fail/empty", "", "cert.name.required"},
		{"fail/21 chars", strings.Repeat("a", 21), "field.too_long"},
		{"fail/kanji", "営業部", "cert.name.chars"},
		{"fail/space", "Sales 1", "cert.name.chars"},
		{"fail/hyphen", "Sales-1", "cert.name.chars"},
		{"fail/full-width space", "Ｓ\u3000Ａ", "cert.name.chars"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateCertName(tc.in)
			if tc.wantKey == "" && err != nil || tc.wantKey != "" && (err == nil || err.Key != tc.wantKey || err.Field != "name") {
				t.Errorf("ValidateCertName(%q) = %v, want %q", tc.in, err, tc.wantKey)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, wantKey string
	}{
		{"1900-01-01", ""},
		{"9999-12-30", ""},
		{"2024-02-29", ""},
		{"1899-12-31", "date.range"},
		{"9999-12-31", "date.range"},
		{"2026-02-29", "date.invalid"},
		{"2026-2-3", "date.invalid"},
		{"2026/02/03", "date.invalid"},
		{"", "date.invalid"},
		{"２０２６-01-01", "date.invalid"},
	}
	for _, tc := range tests {
		_, err := ParseDate("notBefore", tc.in)
		if tc.wantKey == "" && err != nil || tc.wantKey != "" && (err == nil || err.Key != tc.wantKey || err.Field != "notBefore") {
			t.Errorf("ParseDate(%q) = %v, want %q", tc.in, err, tc.wantKey)
		}
	}
}

func FuzzValidateCertName(f *testing.F) {
	for _, s := range []string{"Sales2026", "ＳＡＬＥＳ", "営業", "", "a b", strings.Repeat("x", 25)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateCertName(s) != nil {
			return
		}
		n := utf8.RuneCountInString(s)
		if n == 0 || n > MaxCertName || !utf8.ValidString(s) {
			t.Fatalf("accepted %q", s)
		}
		for _, r := range s {
			if !isAlnum(r) {
				t.Fatalf("accepted %q with %q", s, r)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-23", "1900-01-01", "9999-12-30", "0000-00-00", "2026-13-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate("d", s)
		if err != nil {
			return
		}
		if d.Before(MinCertDate) || d.After(MaxCertDate) || d.Format(DateLayout) != s || d.Location() != time.UTC {
			t.Fatalf("accepted %q as %v", s, d)
		}
	})
}

func TestCertNameKey(t *testing.T) {
	if CertNameKey("ＳＡＬＥＳ１") != CertNameKey("sales1") || CertNameKey("Sales1") == CertNameKey("Sales2") {
		t.Error("name keys do not fold width and case")
	}
}
