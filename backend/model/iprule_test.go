package model

import (
	"strings"
	"testing"
)

func TestParseRuleAddress(t *testing.T) {
	tests := []struct {
		in, want, wantKey string
	}{
		{"192.0.2.0/24", "192.0.2.0/24", ""},
		{"192.0.2.10", "192.0.2.10/32", ""},
		{"2001:db8::/32", "2001:db8::/32", ""},
		{"2001:db8::1", "2001:db8::1/128", ""},
		{"::ffff:192.0.2.1", "192.0.2.1/32", ""},
		{"0.0.0.0/0", "0.0.0.0/0", ""},
		{"", "", "rule.address.required"},
		{"192.0.2.0/33", "", "rule.address.bits_range"},
		{"2001:db8::/129", "", "rule.address.bits_range"},
		{"999.1.1.1", "", "rule.address.invalid"},
		{"192.0.2.1/24", "", "rule.address.host_bits"},
		{"192.0.2.0/", "", "rule.address.bits"},
		{"192.0.2.0/x", "", "rule.address.bits"},
		{"192.0.2.0/+8", "", "rule.address.bits"},
		{"fe80::1%eth0", "", "rule.address.zone"},
		{"example.com", "", "rule.address.invalid"},
		{" 192.0.2.1", "", "rule.address.invalid"},
		{strings.Repeat("1", 51), "", "field.too_long"},
	}
	for _, tc := range tests {
		p, err := ParseRuleAddress(tc.in)
		if tc.wantKey != "" {
			if err == nil || err.Key != tc.wantKey || err.Field != "address" {
				t.Errorf("ParseRuleAddress(%q) = %v, %v; want %s", tc.in, p, err, tc.wantKey)
			}
			continue
		}
		if err != nil || p.String() != tc.want {
			t.Errorf("ParseRuleAddress(%q) = %v, %v; want %s", tc.in, p, err, tc.want)
		}
	}
}

func TestIPRuleValidate(t *testing.T) {
	in, p, err := IPRuleInput{Name: " 本社 ", Address: " 192.0.2.7 "}.Validate()
	if err != nil || in.Name != "本社" || in.Address != "192.0.2.7" || p.Bits() != 32 {
		t.Errorf("Validate = %+v %v %v", in, p, err)
	}
	for _, bad := range []IPRuleInput{
		{Name: "", Address: "192.0.2.1"},
		{Name: strings.Repeat("名", 51), Address: "192.0.2.1"},
		{Name: "a", Description: strings.Repeat("x", 256), Address: "192.0.2.1"},
		{Name: "a", Address: "192.0.2.1/33"},
	} {
		if _, _, err := bad.Validate(); err == nil {
			t.Errorf("Validate(%+v) accepted", bad)
		}
	}
}

func FuzzParseRuleAddress(f *testing.F) {
	for _, s := range []string{"192.0.2.0/24", "2001:db8::/32", "999.1.1.1", "192.0.2.1/24", "::ffff:1.2.3.4/120", "/", "1.2.3.4/033"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseRuleAddress(s)
		if err != nil {
			return
		}
		if !p.IsValid() || p.Masked() != p || p.Addr().Is4In6() {
			t.Fatalf("accepted %q as %v", s, p)
		}
	})
}
