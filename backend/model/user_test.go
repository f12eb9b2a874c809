package model

import (
	"strings"
	"testing"
)

func TestUserInputValidate(t *testing.T) {
	ok := UserInput{Code: "000419", Name: "安井 徳彦", Email: "yasui@example.co.jp", Phone: "+81 (90) 1234-5678", Group: "営業部"}
	tests := []struct {
		name      string
		mod       func(*UserInput)
		wantField string
		wantKey   string
	}{
		{"ok/full", func(*UserInput) {}, "", ""},
		{"ok/minimal", func(u *UserInput) { u.Email, u.Phone, u.Group = "", "", "" }, "", ""},
		{"ok/code chars", func(u *UserInput) { u.Code = "a.b_c-d@e" }, "", ""},
		{"fail/no code", func(u *UserInput) { u.Code = "" }, "code", "user.code.required"},
		{"fail/code space", func(u *UserInput) { u.Code = "a b" }, "code", "user.code.chars"},
		{"fail/code kana", func(u *UserInput) { u.Code = "ユーザー" }, "code", "user.code.chars"},
		{"fail/code long", func(u *UserInput) { u.Code = strings.Repeat("a", 65) }, "code", "field.too_long"},
		{"fail/code dot", func(u *UserInput) { u.Code = "." }, "code", "user.code.dots"},
		{"fail/code dot dot", func(u *UserInput) { u.Code = ".." }, "code", "user.code.dots"},
		{"fail/code dots", func(u *UserInput) { u.Code = "..." }, "code", "user.code.dots"},
		{"ok/code dots inside", func(u *UserInput) { u.Code = "a..b" }, "", ""},
		{"fail/no name", func(u *UserInput) { u.Name = "" }, "name", "user.name.required"},
		{"fail/name long", func(u *UserInput) { u.Name = strings.Repeat("名", 101) }, "name", "field.too_long"},
		{"fail/name newline", func(u *UserInput) { u.Name = "a\nb" }, "name", "field.control_chars"},
		{"fail/email no at", func(u *UserInput) { u.Email = "yasui" }, "email", "user.email.invalid"},
		{"fail/email display name", func(u *UserInput) { u.Email = "Yasui <y@example.jp>" }, "email", "user.email.invalid"},
		{"fail/email no dot", func(u *UserInput) { u.Email = "y@localhost" }, "email", "user.email.invalid"},
		{"fail/phone letters", func(u *UserInput) { u.Phone = "090-abcd" }, "phone", "user.phone.invalid"},
		{"fail/phone too short", func(u *UserInput) { u.Phone = "12" }, "phone", "user.phone.invalid"},
		{"fail/group long", func(u *UserInput) { u.Group = strings.Repeat("g", 101) }, "group", "field.too_long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.mod(&in)
			err := in.Validate()
			if tc.wantKey == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if err == nil || err.Field != tc.wantField || err.Key != tc.wantKey || err.Code != CodeInvalid {
				t.Fatalf("Validate = %v, want %s on %s", err, tc.wantKey, tc.wantField)
			}
		})
	}
}

func TestNormalizeTrimsFullWidthSpace(t *testing.T) {
	got := UserInput{Code: " a1\t", Name: "\u3000山田 太郎\u3000"}.Normalize()
	if got.Code != "a1" || got.Name != "山田 太郎" {
		t.Errorf("Normalize = %+v", got)
	}
}

// FuzzUserInput checks that validation never panics and that whatever passes
// respects the limits.
func FuzzUserInput(f *testing.F) {
	f.Add("000419", "安井 徳彦", "y@example.co.jp", "090 1234 5678", "営業部")
	f.Add("", "", "@", "+", "")
	f.Fuzz(func(t *testing.T, code, name, email, phone, group string) {
		in := UserInput{Code: code, Name: name, Email: email, Phone: phone, Group: group}.Normalize()
		if in.Validate() != nil {
			return
		}
		if in.Code == "" || in.Name == "" || len([]rune(in.Code)) > MaxUserCode || hasControl(in.Name) {
			t.Fatalf("accepted %+v", in)
		}
	})
}
