package engine

import (
	"net/netip"
	"slices"
	"testing"
)

// TestSelfAddressesLoopback: loopback counts as this machine's address
// when a listener accepts it (every address, or loopback itself).
func TestSelfAddressesLoopback(t *testing.T) {
	lan := []netip.Addr{netip.MustParseAddr("192.168.1.20")}
	for _, tc := range []struct {
		name  string
		bound []string
		want  []string
	}{
		{"every address", []string{":8443", ":7443"}, []string{"192.168.1.20", "127.0.0.1", "::1"}},
		{"IPv4 any", []string{"0.0.0.0:8443"}, []string{"192.168.1.20", "127.0.0.1"}},
		{"IPv6 any", []string{"[::]:8443"}, []string{"192.168.1.20", "127.0.0.1", "::1"}},
		{"loopback only", []string{"127.0.0.1:8443"}, []string{"192.168.1.20", "127.0.0.1"}},
		{"IPv6 loopback", []string{"[::1]:8443"}, []string{"192.168.1.20", "::1"}},
		{"localhost", []string{"localhost:8443"}, []string{"192.168.1.20", "127.0.0.1", "::1"}},
		{"one LAN address", []string{"192.168.1.20:8443"}, []string{"192.168.1.20"}},
		{"none yet", nil, []string{"192.168.1.20"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, a := range selfAddresses(tc.bound, lan) {
				got = append(got, a.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("selfAddresses(%v) = %v, want %v", tc.bound, got, tc.want)
			}
		})
	}
}
