package model

import (
	"net"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Route is an internal web app behind the gateway.
type Route struct {
	ID            int64
	Name          string
	Host          string
	PathPrefix    string
	Upstream      string
	RequireSignIn bool
	RequireCert   bool
	Enabled       bool
}

// RouteInput is the editable part of a route.
type RouteInput struct {
	Name, Host, PathPrefix, Upstream string
	RequireSignIn, RequireCert       bool
	Enabled                          bool
}

// ReservedPrefix is the gateway's own path space (sign-in, device pages).
const ReservedPrefix = "/_sekisho"

// Validate checks and normalizes a route.
func (in RouteInput) Validate() (RouteInput, *Error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Host = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(in.Host), "."))
	in.PathPrefix = strings.TrimSpace(in.PathPrefix)
	in.Upstream = strings.TrimSpace(in.Upstream)
	if in.Name == "" {
		return in, Invalid("name", "route.name.required", nil)
	}
	if n := utf8.RuneCountInString(in.Name); n > MaxRuleName {
		return in, Invalid("name", "field.too_long", map[string]any{"max": MaxRuleName, "len": n})
	}
	if err := CheckLine("name", in.Name); err != nil {
		return in, err
	}
	if in.Host != "" {
		h := strings.Trim(in.Host, "[]")
		if net.ParseIP(h) == nil && !validHostname(h) {
			return in, Invalid("host", "route.host.invalid", map[string]any{"value": in.Host})
		}
		in.Host = h
	}
	if in.PathPrefix == "" {
		in.PathPrefix = "/"
	}
	if !strings.HasPrefix(in.PathPrefix, "/") || strings.ContainsAny(in.PathPrefix, " ?#\\") || len(in.PathPrefix) > 200 || hasControl(in.PathPrefix) {
		return in, Invalid("pathPrefix", "route.path.invalid", map[string]any{"value": in.PathPrefix})
	}
	if strings.HasPrefix(in.PathPrefix, ReservedPrefix) {
		return in, Invalid("pathPrefix", "route.path.reserved", map[string]any{"value": ReservedPrefix})
	}
	u, err := url.Parse(in.Upstream)
	if in.Upstream == "" {
		return in, Invalid("upstream", "route.upstream.required", nil)
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return in, Invalid("upstream", "route.upstream.invalid", map[string]any{"value": in.Upstream})
	}
	in.Upstream = strings.TrimSuffix(u.String(), "/")
	return in, nil
}

func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
