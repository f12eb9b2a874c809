package gateway

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizePath(t *testing.T) {
	for _, tc := range []struct{ in, raw, decoded string }{
		{"/", "/", "/"},
		{"/secret/", "/secret/", "/secret/"},
		{"/public/../secret/", "/secret/", "/secret/"},
		{"/public/%2e%2e/secret/", "/secret/", "/secret/"},
		{"/public/%2E%2E/secret", "/secret", "/secret"},
		{"/public/.%2e/secret", "/secret", "/secret"},
		{"/public/./../secret", "/secret", "/secret"},
		{"/./secret", "/secret", "/secret"},
		{"//secret", "/secret", "/secret"},
		{"/public//secret///x", "/public/secret/x", "/public/secret/x"},
		{"/a/b/..", "/a/", "/a/"}, // RFC 3986 5.2.4
		{"/a/b/../", "/a/", "/a/"},
		{"/a/.", "/a/", "/a/"},
		{"/a/..", "/", "/"},
		{"/%73ecret", "/secret", "/secret"},
		{"/%7euser/%41", "/~user/A", "/~user/A"},
		{"/my%20app/%e6%97%a5", "/my%20app/%E6%97%A5", "/my app/日"},
		{"/q%3fx", "/q%3Fx", "/q?x"},
		{"/a;b/c", "/a;b/c", "/a;b/c"},
		{"/...", "/...", "/..."},
		{"/a/..b", "/a/..b", "/a/..b"},
		{"/%25", "/%25", "/%"},
		{"/%2541", "/%2541", "/%41"},
	} {
		raw, dec, err := normalizePath(tc.in)
		if err != nil || raw != tc.raw || dec != tc.decoded {
			t.Errorf("normalizePath(%q) = %q, %q, %v; want %q, %q", tc.in, raw, dec, err, tc.raw, tc.decoded)
		}
	}
}

func TestNormalizePathRefuses(t *testing.T) {
	for _, in := range []string{
		"/..",
		"/../secret",
		"/public/../../secret",
		"/%2e%2e/secret",
		"/public/..%2fsecret",
		"/public/..%2Fsecret",
		"/public/%2e%2e%2fsecret",
		"/public%2f..%2fsecret",
		"/public/..%5csecret",
		"/public/..\\secret",
		"/public\\..\\secret",
		"/public/%00/x",
		"/a\x00b",
		"/a\tb",
		"/public/..;/secret",
		"/public/.;x/secret",
		"/public/%2e%2e;jsessionid=1/secret",
		"/public/%252e%252e/secret",
		"/public/%252fsecret",
		"/public/%255c",
		"/x/%25%32%65%25%32%65/secret", // decodes to %252E%252E
		"/x/%25%32%66",
		"/%C0%AE%C0%AE/secret", // overlong UTF-8 dots
		"/%ff/x",
		"/bad%",
		"/bad%4",
		"/bad%zz",
		"*",
		"",
		"secret",
	} {
		if raw, _, err := normalizePath(in); err == nil {
			t.Errorf("normalizePath(%q) = %q, want an error", in, raw)
		}
	}
}

// FuzzNormalizePath: whatever comes in, what comes out is a clean absolute
// path that normalises to itself, with no dot segment, no empty segment and
// no encoded slash, and whose decoded form is what url.PathUnescape makes of
// it — so the route is decided on the path an upstream reads.
func FuzzNormalizePath(f *testing.F) {
	for _, s := range []string{"/", "/public/../secret", "/a/%2e%2e/b", "//x//y/", "/%2f", "/a/./b/../c/", "/%E6%97%A5/x;y", "/..;/", "/%252e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.HasPrefix(in, "/") && clean(in) {
			// The fast path must agree with the general one.
			if raw, dec, err := normalizeSlow(in); err != nil || raw != in || dec != in {
				t.Fatalf("clean %q: general path gives %q, %q, %v", in, raw, dec, err)
			}
		}
		raw, dec, err := normalizePath(in)
		if err != nil {
			return
		}
		if !strings.HasPrefix(raw, "/") || strings.Contains(raw, "//") {
			t.Fatalf("%q → %q: not a clean absolute path", in, raw)
		}
		for _, seg := range strings.Split(strings.Trim(raw, "/"), "/") {
			if seg == "." || seg == ".." {
				t.Fatalf("%q → %q: dot segment left", in, raw)
			}
		}
		if strings.Contains(strings.ToLower(raw), "%2f") || strings.Contains(strings.ToLower(raw), "%5c") || strings.Contains(raw, "\\") {
			t.Fatalf("%q → %q: encoded separator left", in, raw)
		}
		again, dec2, err := normalizePath(raw)
		if err != nil || again != raw || dec2 != dec {
			t.Fatalf("%q → %q → %q, %v: not idempotent", in, raw, again, err)
		}
		if u, err := url.PathUnescape(raw); err != nil || u != dec {
			t.Fatalf("%q → %q: decoded %q, url.PathUnescape %q (%v)", in, raw, dec, u, err)
		}
		if !utf8.ValidString(dec) || doubleEncoded(raw) {
			t.Fatalf("%q → %q (%q): not UTF-8, or double-encoded", in, raw, dec)
		}
		for _, seg := range strings.Split(dec, "/") {
			if seg == "." || seg == ".." {
				t.Fatalf("%q → decoded %q has a dot segment", in, dec)
			}
		}
	})
}
