// Package policy holds the gateway's decision data and logic: compiled IP
// rules and the per-request decision. It is pure and allocation-free on the
// lookup path.
package policy

import (
	"net/netip"
	"sort"
)

// IPSet answers "is this address inside any of these prefixes" in a few map
// lookups: prefixes are grouped by length, and an address is masked once per
// length present (at most 33 for IPv4 and 129 for IPv6, in practice a few).
type IPSet struct {
	v4, v6 []lengthSet
	n      int
}

type lengthSet struct {
	bits int
	set  map[netip.Prefix]struct{}
}

// NewIPSet compiles prefixes (IPv4-mapped IPv6 prefixes are treated as IPv4).
func NewIPSet(prefixes []netip.Prefix) *IPSet {
	s := &IPSet{}
	byLen4, byLen6 := map[int]map[netip.Prefix]struct{}{}, map[int]map[netip.Prefix]struct{}{}
	for _, p := range prefixes {
		if !p.IsValid() {
			continue
		}
		if p.Addr().Is4In6() {
			bits := p.Bits() - 96
			if bits < 0 {
				bits = 0
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), bits)
		}
		p = p.Masked()
		m := byLen6
		if p.Addr().Is4() {
			m = byLen4
		}
		if m[p.Bits()] == nil {
			m[p.Bits()] = map[netip.Prefix]struct{}{}
		}
		m[p.Bits()][p] = struct{}{}
		s.n++
	}
	s.v4, s.v6 = sortedSets(byLen4), sortedSets(byLen6)
	return s
}

func sortedSets(m map[int]map[netip.Prefix]struct{}) []lengthSet {
	out := make([]lengthSet, 0, len(m))
	for bits, set := range m {
		out = append(out, lengthSet{bits: bits, set: set})
	}
	// Longest first: specific host rules are the common case.
	sort.Slice(out, func(i, j int) bool { return out[i].bits > out[j].bits })
	return out
}

// Len returns the number of prefixes.
func (s *IPSet) Len() int { return s.n }

// Contains reports whether a (unmapped first) is inside any prefix.
func (s *IPSet) Contains(a netip.Addr) bool {
	a = a.Unmap()
	sets := s.v6
	if a.Is4() {
		sets = s.v4
	}
	for _, ls := range sets {
		p, err := a.Prefix(ls.bits)
		if err != nil {
			continue
		}
		if _, ok := ls.set[p]; ok {
			return true
		}
	}
	return false
}
