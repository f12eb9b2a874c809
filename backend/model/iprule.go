package model

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// IPRule is an IP allow rule (IP接続制限).
type IPRule struct {
	ID          int64
	Name        string
	Description string
	Address     string // as entered, normalized: an address or a prefix
	Enabled     bool
	Prefix      netip.Prefix
}

// IPRuleInput is the editable part of an IP rule.
type IPRuleInput struct {
	Name        string
	Description string
	Address     string
}

// Limits of the IP rule fields (seed 000).
const (
	MaxRuleName    = 50
	MaxRuleDesc    = 255
	MaxRuleAddress = 50
)

// Validate checks the input and returns it normalized with its prefix.
func (in IPRuleInput) Validate() (IPRuleInput, netip.Prefix, *Error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.Address = strings.TrimSpace(in.Address)
	if in.Name == "" {
		return in, netip.Prefix{}, Invalid("name", "rule.name.required", nil)
	}
	if n := utf8.RuneCountInString(in.Name); n > MaxRuleName {
		return in, netip.Prefix{}, Invalid("name", "field.too_long", map[string]any{"max": MaxRuleName, "len": n})
	}
	if hasControl(in.Name) {
		return in, netip.Prefix{}, Invalid("name", "field.control_chars", nil)
	}
	if n := utf8.RuneCountInString(in.Description); n > MaxRuleDesc {
		return in, netip.Prefix{}, Invalid("description", "field.too_long", map[string]any{"max": MaxRuleDesc, "len": n})
	}
	if err := CheckLine("description", in.Description); err != nil {
		return in, netip.Prefix{}, err
	}
	p, err := ParseRuleAddress(in.Address)
	if err != nil {
		return in, netip.Prefix{}, err
	}
	in.Address = p.String()
	if p.IsSingleIP() {
		in.Address = p.Addr().String()
	}
	return in, p, nil
}

// ParseRuleAddress parses an IPv4/IPv6 address or CIDR prefix and says
// exactly what is wrong with a bad one.
func ParseRuleAddress(s string) (netip.Prefix, *Error) {
	const f = "address"
	if s == "" {
		return netip.Prefix{}, Invalid(f, "rule.address.required", nil)
	}
	if n := utf8.RuneCountInString(s); n > MaxRuleAddress {
		return netip.Prefix{}, Invalid(f, "field.too_long", map[string]any{"max": MaxRuleAddress, "len": n})
	}
	addrPart, bitsPart, hasBits := strings.Cut(s, "/")
	if strings.Contains(addrPart, "%") {
		return netip.Prefix{}, Invalid(f, "rule.address.zone", map[string]any{"value": s})
	}
	a, err := netip.ParseAddr(addrPart)
	if err != nil {
		return netip.Prefix{}, Invalid(f, "rule.address.invalid", map[string]any{"value": addrPart})
	}
	if a.Is4In6() {
		a = a.Unmap()
	}
	max := a.BitLen()
	if !hasBits {
		return netip.PrefixFrom(a, max), nil
	}
	bits, err := strconv.Atoi(bitsPart)
	if err != nil || bitsPart == "" || bitsPart[0] == '+' || bitsPart[0] == '-' {
		return netip.Prefix{}, Invalid(f, "rule.address.bits", map[string]any{"value": bitsPart, "max": max})
	}
	if bits < 0 || bits > max {
		return netip.Prefix{}, Invalid(f, "rule.address.bits_range", map[string]any{"value": bits, "max": max})
	}
	p := netip.PrefixFrom(a, bits)
	if p.Masked().Addr() != a {
		return netip.Prefix{}, Invalid(f, "rule.address.host_bits", map[string]any{"value": s, "want": p.Masked().String()})
	}
	return p, nil
}
