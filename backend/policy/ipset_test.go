package policy

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"
)

func pfx(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

func TestIPSet(t *testing.T) {
	s := NewIPSet(pfx("192.0.2.0/24", "198.51.100.7/32", "2001:db8::/32", "::ffff:203.0.113.0/120"))
	tests := []struct {
		addr string
		want bool
	}{
		{"192.0.2.1", true},
		{"192.0.2.255", true},
		{"192.0.3.1", false},
		{"198.51.100.7", true},
		{"198.51.100.8", false},
		{"::ffff:192.0.2.9", true}, // dual-stack listeners see IPv4 peers like this
		{"2001:db8:1::5", true},
		{"2001:db9::1", false},
		{"203.0.113.77", true},
		{"127.0.0.1", false},
	}
	for _, tc := range tests {
		if got := s.Contains(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("Contains(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
	if s.Len() != 4 {
		t.Errorf("Len = %d", s.Len())
	}
	if NewIPSet(nil).Contains(netip.MustParseAddr("192.0.2.1")) {
		t.Error("empty set contains an address")
	}
	if !NewIPSet(pfx("0.0.0.0/0")).Contains(netip.MustParseAddr("8.8.8.8")) {
		t.Error("/0 does not contain everything")
	}
}

// BenchmarkIPSetContains10k looks up addresses in 10,000 rules of mixed
// lengths (docs/performance.md).
func BenchmarkIPSetContains10k(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var ps []netip.Prefix
	for i := 0; i < 10000; i++ {
		bits := []int{32, 32, 32, 24, 28, 16}[i%6]
		a := netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256))})
		p, _ := a.Prefix(bits)
		ps = append(ps, p)
	}
	for i := 0; i < 200; i++ {
		ps = append(ps, netip.MustParsePrefix(fmt.Sprintf("2001:db8:%x::/48", i)))
	}
	s := NewIPSet(ps)
	probe := []netip.Addr{netip.MustParseAddr("192.168.1.10"), netip.MustParseAddr("::ffff:10.1.2.3"), ps[5000].Addr(), netip.MustParseAddr("2001:db8:5::1")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Contains(probe[i&3])
		i++
	}
}
