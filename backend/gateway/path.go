package gateway

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// errBadPath is why a request path cannot be normalised safely; the gateway
// answers 400 and forwards nothing.
var errBadPath = errors.New("gateway: request path cannot be normalised safely")

// normalizePath turns the path of a request, as the client wrote it
// (escaped), into the one path the gateway decides on and forwards: so the
// route chosen is the route the upstream serves, whatever the upstream does
// with dot segments, repeated slashes or percent-encoding.
//
// It decodes percent-encoded unreserved characters once (RFC 3986 6.2.2.2,
// with upper-case hex for the rest), collapses empty segments ("//"), and
// removes dot segments (RFC 3986 5.2.4), keeping a trailing slash. It
// refuses, rather than guesses, what an upstream could read as another path:
// an encoded "/" or "\" or NUL, a literal "\" or control character, ".."
// above the root, a dot segment with parameters ("..;x", which Tomcat takes
// for ".."), a double-encoded dot, slash or backslash ("%252e"), a path
// that is not UTF-8 once decoded (overlong "%C0%AE"), and a path
// that does not start with "/" ("*" and authority forms). It returns the
// escaped path to forward and its decoded form, to match routes against.
func normalizePath(escaped string) (raw, decoded string, err error) {
	if !strings.HasPrefix(escaped, "/") {
		return "", "", errBadPath
	}
	if clean(escaped) {
		return escaped, escaped, nil // the common case: nothing to do, nothing allocated
	}
	return normalizeSlow(escaped)
}

// normalizeSlow is normalizePath's general case.
func normalizeSlow(escaped string) (raw, decoded string, err error) {
	segs := strings.Split(escaped[1:], "/")
	out := make([]string, 0, len(segs))
	trailing := false
	for i, seg := range segs {
		last := i == len(segs)-1
		s, err := normalizeSegment(seg)
		if err != nil {
			return "", "", err
		}
		switch s {
		case "":
			// "//" collapses; a final empty segment is the trailing slash.
			trailing = last && len(out) > 0
			continue
		case ".":
			trailing = last && len(out) > 0
			continue
		case "..":
			if len(out) == 0 {
				return "", "", errBadPath
			}
			out = out[:len(out)-1]
			trailing = last && len(out) > 0
			continue
		}
		if dot, _, _ := strings.Cut(s, ";"); dot == "." || dot == ".." {
			return "", "", errBadPath
		}
		out = append(out, s)
		trailing = false
	}
	raw = "/" + strings.Join(out, "/")
	if trailing {
		raw += "/"
	}
	decoded = unescapeNormalized(raw)
	if !utf8.ValidString(decoded) {
		// Browsers encode paths as UTF-8; anything else is an overlong
		// sequence (%C0%AE is "." to some old servers) or a guess.
		return "", "", errBadPath
	}
	return raw, decoded, nil
}

// clean reports whether an escaped path needs no normalising: no escape,
// backslash, control or non-ASCII byte, no empty segment and no segment
// starting with a dot (which covers "." and ".." and leaves the rare
// ".well-known" to the full path).
func clean(p string) bool {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '%' || c == '\\' || c < 0x20 || c >= 0x7f:
			return false
		case c == '/' && i+1 < len(p) && (p[i+1] == '/' || p[i+1] == '.'):
			return false
		}
	}
	return true
}

// normalizeSegment decodes the unreserved characters of one escaped path
// segment, upper-cases the hex of the other escapes and refuses what must
// not reach an upstream.
func normalizeSegment(seg string) (string, error) {
	if !strings.ContainsAny(seg, "%\\") && !hasControl(seg) {
		return seg, nil
	}
	var b strings.Builder
	b.Grow(len(seg))
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case c == '\\' || c < 0x20 || c == 0x7f:
			return "", errBadPath
		case c != '%':
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(seg) || !isHex(seg[i+1]) || !isHex(seg[i+2]) {
			return "", errBadPath
		}
		d := unhex(seg[i+1])<<4 | unhex(seg[i+2])
		switch {
		case d == '/' || d == '\\' || d < 0x20 || d == 0x7f:
			return "", errBadPath
		}
		if unreserved(d) {
			b.WriteByte(d)
		} else {
			b.WriteByte('%')
			b.WriteByte(upperHex[d>>4])
			b.WriteByte(upperHex[d&15])
		}
		i += 2
	}
	out := b.String()
	if doubleEncoded(out) {
		return "", errBadPath
	}
	return out, nil
}

// doubleEncoded reports whether a normalised segment holds "%25" followed
// by the escape of a dot, slash, backslash or NUL: an upstream that decodes
// twice would read a dot segment or a separator there. It looks at the
// output, so "%25%32%65" (which becomes "%252E") is caught too.
func doubleEncoded(seg string) bool {
	for i := strings.Index(seg, "%25"); i >= 0 && i+4 < len(seg); {
		if isHex(seg[i+3]) && isHex(seg[i+4]) {
			switch unhex(seg[i+3])<<4 | unhex(seg[i+4]) {
			case '.', '/', '\\', 0:
				return true
			}
		}
		j := strings.Index(seg[i+3:], "%25")
		if j < 0 {
			break
		}
		i += 3 + j
	}
	return false
}

// unescapeNormalized decodes a path normalizePath produced (every escape in
// it is valid and none is "/").
func unescapeNormalized(raw string) string {
	if !strings.Contains(raw, "%") {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '%' {
			b.WriteByte(unhex(raw[i+1])<<4 | unhex(raw[i+2]))
			i += 2
			continue
		}
		b.WriteByte(raw[i])
	}
	return b.String()
}

const upperHex = "0123456789ABCDEF"

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
