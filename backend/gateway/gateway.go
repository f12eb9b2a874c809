// Package gateway is the mTLS reverse proxy in front of the company's
// internal web apps. Every request — not every TLS handshake — is decided
// against the current policy snapshot (SPEC section 6), so a revoked
// certificate, a suspended user, a rejected device or a new IP rule takes
// effect on the next request, on resumed sessions and open keep-alive
// connections alike. The snapshot is in memory: no database on the request
// path.
package gateway

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"sekisho/backend/i18n"
	"sekisho/backend/policy"
	"sekisho/backend/store"
	"sekisho/backend/web"
)

// ClientCAs are the CAs whose client certificates the gateway accepts: the
// CA in use, and during a change of CA the previous one too, until its
// overlap ends.
type ClientCAs struct {
	CAs  []ClientCA
	Pool *x509.CertPool
	// Now is the clock overlaps end by.
	Now func() time.Time
}

// ClientCA is one CA the gateway accepts client certificates from.
type ClientCA struct {
	Cert *x509.Certificate
	// Until, when set, is the end of its overlap: from then on what it
	// issued is refused, on open connections too.
	Until time.Time
}

// NewClientCAs returns the ClientCAs of cas on the clock now.
func NewClientCAs(now func() time.Time, cas ...ClientCA) *ClientCAs {
	pool := x509.NewCertPool()
	for _, c := range cas {
		pool.AddCert(c.Cert)
	}
	return &ClientCAs{CAs: cas, Pool: pool, Now: now}
}

// Trusted returns the CA certificates trusted at now.
func (c *ClientCAs) Trusted(now time.Time) []*x509.Certificate {
	out := make([]*x509.Certificate, 0, len(c.CAs))
	for _, ca := range c.CAs {
		if ca.Until.IsZero() || now.Before(ca.Until) {
			out = append(out, ca.Cert)
		}
	}
	return out
}

// IssuerTrusted reports whether leaf names as its issuer a CA trusted at
// now. The handshake checked the signature (VerifyClient); a request on an
// open connection checks again that its CA is still trusted.
func (c *ClientCAs) IssuerTrusted(leaf *x509.Certificate, now time.Time) bool {
	for _, ca := range c.CAs {
		if (ca.Until.IsZero() || now.Before(ca.Until)) && bytes.Equal(leaf.RawIssuer, ca.Cert.RawSubject) {
			return true
		}
	}
	return false
}

// TLSConfig returns the gateway's TLS settings: TLS 1.2+, the server
// certificate, and client certificates requested and checked to be signed by
// one of the CAs cas returns for client authentication — but not for their
// dates: an expired certificate must reach the HTTP layer so the person
// learns why (certificate_expired) instead of seeing a bare TLS error.
// Dates, revocation and everything else are decided per request. A
// certificate from another CA fails the handshake.
//
// The certificate request names the CAs (ClientCAs), so a browser offers
// only the person's Sekisho certificates instead of every one it holds, and
// TLS 1.2 is limited to forward-secret AEAD suites (ServerCipherSuites).
// cas is asked at every handshake: a change of CA takes effect without a
// restart (a new *ClientCAs is a change).
func TLSConfig(cert func() *tls.Certificate, cas func() *ClientCAs) *tls.Config {
	out := &tls.Config{
		MinVersion:   tls.VersionTLS12,
		CipherSuites: ServerCipherSuites,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return cert(), nil
		},
		ClientAuth: tls.RequestClientCert,
	}
	type perCAs struct {
		cas *ClientCAs
		cfg *tls.Config
	}
	var cache atomic.Pointer[perCAs]
	out.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		c := cas()
		if p := cache.Load(); p != nil && p.cas == c {
			return p.cfg, nil
		}
		// The clone keeps out's session ticket keys (and its ALPN: none,
		// so HTTP/1.1, as server.Start sets it up).
		cfg := out.Clone()
		cfg.GetConfigForClient = nil
		cfg.ClientCAs = c.Pool
		// VerifyConnection also runs on resumed sessions (VerifyPeerCertificate
		// does not).
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return nil
			}
			return VerifyClient(cs.PeerCertificates[0], c.Trusted(c.Now())...)
		}
		cache.Store(&perCAs{cas: c, cfg: cfg})
		return cfg, nil
	}
	return out
}

// ServerCipherSuites are the TLS 1.2 suites Sekisho's listeners accept:
// ECDHE with AES-GCM or ChaCha20-Poly1305 (Mozilla's "intermediate"
// profile); no CBC, no SHA-1, no static RSA key exchange. TLS 1.3's suites
// are not configurable and all fine.
var ServerCipherSuites = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

// VerifyClient checks that leaf was issued by one of cas (Sekisho's CA signs
// client certificates directly: MaxPathLenZero) for client authentication.
func VerifyClient(leaf *x509.Certificate, cas ...*x509.Certificate) error {
	err := errors.New("gateway: client certificate issuer is not the CA")
	for _, ca := range cas {
		if !bytes.Equal(leaf.RawIssuer, ca.RawSubject) {
			continue
		}
		if err = leaf.CheckSignatureFrom(ca); err == nil {
			break
		}
	}
	if err != nil {
		return err
	}
	for _, u := range leaf.ExtKeyUsage {
		if u == x509.ExtKeyUsageClientAuth || u == x509.ExtKeyUsageAny {
			return nil
		}
	}
	return errors.New("gateway: certificate is not for client authentication")
}

// State is what the gateway needs from the app: the snapshot and the
// in-memory session and device tables (no database calls on the request
// path), plus the sign-in and device-request actions (which may write).
type State interface {
	Snapshot() *policy.Snapshot
	// SessionUser returns the user of a session token hash (0: none).
	SessionUser(tokenHash string) int64
	// Device returns the user, state and name of a device token hash.
	Device(tokenHash string) (userID int64, status policy.DeviceStatus, name string)
	// Access logs a decision without blocking.
	Access(e store.AccessEntry)
	// Authenticated notes the certificate a user authenticated with.
	Authenticated(userID int64, cert *policy.Cert, at time.Time)
	// SignIn checks a user code and password and returns a new session
	// token. The handler bounds and throttles the calls (signin.go): each
	// may hash a password, which costs 64 MiB.
	SignIn(ctx context.Context, code, password string, client netip.Addr) (token string, err error)
	// SignOut ends a session.
	SignOut(tokenHash string)
	// ClientCAs are the CAs client certificates are accepted from now.
	ClientCAs() *ClientCAs
	// RequestDevice records a pending device for a user and returns its
	// token. It replaces the user's pending request for the same device:
	// prevTokenHash is the hash of the device cookie the browser sent ("" if
	// none). ErrDeviceRequestLimit: the user has sent too many.
	RequestDevice(ctx context.Context, userID int64, name, phone, os, prevTokenHash string) (token string, err error)
}

// Errors SignIn returns, shown as such on the sign-in page.
var (
	ErrBadCredentials = errors.New("bad credentials")
	ErrSuspended      = errors.New("user suspended")
)

// Cookie names.
const (
	SessionCookie = "sekisho_session"
	DeviceCookie  = "sekisho_device"
	CSRFCookie    = "sekisho_csrf"
)

// Handler serves gateway requests.
type Handler struct {
	state State
	now   func() time.Time
	mux   http.Handler // the /_sekisho/ pages, behind the IP rules (reserved.go)
	// signins and hashes limit sign-in attempts and the password checks
	// they cost (signin.go).
	signins *throttle
	hashes  *hashGate
}

// New returns the gateway handler.
func New(state State) *Handler {
	h := &Handler{state: state, now: time.Now, signins: newThrottle(), hashes: newHashGate(hashSlots)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+CheckPath, h.checkPage)
	mux.HandleFunc("GET /_sekisho/login", h.loginPage)
	mux.HandleFunc("POST /_sekisho/login", h.loginPost)
	mux.HandleFunc("GET /_sekisho/logout", h.logoutPage)
	mux.HandleFunc("POST /_sekisho/logout", h.logout)
	mux.HandleFunc("GET /_sekisho/device", h.devicePage)
	mux.HandleFunc("POST /_sekisho/device", h.devicePost)
	mux.HandleFunc("GET "+MePath, h.mePage)
	mux.HandleFunc("POST "+MePath, h.mePost)
	mux.HandleFunc("GET "+meScriptPath, h.meScript)
	mux.HandleFunc("/_sekisho/", func(w http.ResponseWriter, r *http.Request) {
		lang := web.RequestLang(r)
		web.SecurityHeaders(w.Header())
		web.Page(w, http.StatusNotFound, lang, i18n.T(lang, "portal.not_found.title", nil), i18n.T(lang, "portal.not_found.body", map[string]any{"path": r.URL.Path}))
	})
	h.mux = h.guardReserved(mux)
	return h
}

// clientAddr is the TCP peer, unmapped; forwarding headers are never trusted.
func clientAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		hostport = h
	}
	// "apps.test." is the same host as "apps.test" (routes are stored
	// without the final dot).
	return strings.TrimSuffix(strings.ToLower(strings.Trim(hostport, "[]")), ".")
}

// stripIdentity removes identity headers a client may have sent, so an
// upstream only ever sees the gateway's, and the client's Connection header
// may not name them either (that would make the proxy drop the gateway's own
// as hop-by-hop).
func stripIdentity(h http.Header) {
	for k := range h {
		if strings.HasPrefix(k, "X-Sekisho-") {
			delete(h, k)
		}
	}
	conn := h["Connection"]
	if len(conn) == 0 {
		return
	}
	var keep []string
	for _, v := range conn {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" && !strings.HasPrefix(strings.ToLower(f), "x-sekisho-") {
				keep = append(keep, f)
			}
		}
	}
	if len(keep) == 0 {
		delete(h, "Connection")
	} else {
		h["Connection"] = []string{strings.Join(keep, ", ")}
	}
}

// stripOwnCookies removes the gateway's own cookies (session, device, CSRF)
// from what an upstream sees: they are the gateway's credentials, not the
// app's. It runs after the decision, just before forwarding.
func stripOwnCookies(h http.Header) {
	lines := h["Cookie"]
	if len(lines) == 0 {
		return
	}
	var keep []string
	changed := false
	for _, line := range lines {
		for _, part := range strings.Split(line, ";") {
			p := strings.TrimSpace(part)
			if p == "" {
				continue
			}
			name, _, _ := strings.Cut(p, "=")
			switch strings.TrimSpace(name) {
			case SessionCookie, DeviceCookie, CSRFCookie:
				changed = true
				continue
			}
			keep = append(keep, p)
		}
	}
	if !changed {
		return
	}
	if len(keep) == 0 {
		delete(h, "Cookie")
		return
	}
	h["Cookie"] = []string{strings.Join(keep, "; ")}
}

// StripOwnSetCookies removes, from an upstream's response, any Set-Cookie
// for the gateway's own cookies: an app behind the gateway may not plant a
// session, device or CSRF cookie in the person's browser.
func StripOwnSetCookies(h http.Header) {
	lines := h["Set-Cookie"]
	if len(lines) == 0 {
		return
	}
	keep := lines[:0:0]
	for _, line := range lines {
		name, _, _ := strings.Cut(line, "=")
		switch strings.TrimSpace(name) {
		case SessionCookie, DeviceCookie, CSRFCookie:
			continue
		}
		keep = append(keep, line)
	}
	if len(keep) == 0 {
		delete(h, "Set-Cookie")
	} else {
		h["Set-Cookie"] = keep
	}
}

// knownCert returns the certificate leaf is, if Sekisho issued exactly it
// (the serial finds the row, the SHA-256 of the whole certificate must
// match: during a change of CA a leaked old key could sign another
// certificate with a known serial) and its CA is trusted now (an overlap
// may have ended since the connection's handshake). Else nil: the request
// has no certificate.
func (h *Handler) knownCert(snap *policy.Snapshot, leaf *x509.Certificate) *policy.Cert {
	c := snap.Cert(hex.EncodeToString(leaf.SerialNumber.Bytes()))
	if c == nil || c.SHA256 != sha256.Sum256(leaf.Raw) {
		return nil
	}
	if cas := h.state.ClientCAs(); !cas.IssuerTrusted(leaf, cas.Now()) {
		return nil
	}
	return c
}

// presentedCert is the certificate the request's connection presented, if
// Sekisho knows it (knownCert), else nil.
func (h *Handler) presentedCert(snap *policy.Snapshot, r *http.Request) *policy.Cert {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return nil
	}
	return h.knownCert(snap, r.TLS.PeerCertificates[0])
}

// ServeHTTP decides and proxies one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	stripIdentity(r.Header)
	// Decide on exactly the path the upstream will see, and forward that.
	raw, path, err := normalizePath(r.URL.EscapedPath())
	if err != nil {
		h.badPath(w, r)
		return
	}
	r.URL.Path, r.URL.RawPath = path, raw
	if strings.HasPrefix(r.URL.Path, "/_sekisho/") {
		h.mux.ServeHTTP(w, r)
		return
	}
	snap := h.state.Snapshot()
	route := snap.Route(hostOnly(r.Host), r.URL.Path)
	if route == nil {
		lang := web.RequestLang(r)
		web.SecurityHeaders(w.Header())
		web.Page(w, http.StatusNotFound, lang, i18n.T(lang, "gateway.no_route.title", nil), i18n.T(lang, "gateway.no_route.body", nil))
		return
	}
	now := h.now()
	req := policy.Request{Client: clientAddr(r), Route: route, Now: now.Unix(), Cert: h.presentedCert(snap, r)}
	if c, err := r.Cookie(SessionCookie); err == nil {
		if id := h.state.SessionUser(hashCookie(c.Value)); id != 0 {
			req.SessionUser = snap.User(id)
		}
	}
	var deviceName string
	if c, err := r.Cookie(DeviceCookie); err == nil {
		req.DeviceUserID, req.Device, deviceName = h.state.Device(hashCookie(c.Value))
	}
	d := snap.Decide(&req)

	entry := store.AccessEntry{At: now, ClientIP: req.Client.String(), Route: route.Name, Method: r.Method, Path: truncate(r.URL.Path, 200), Device: deviceName}
	if d.User != nil {
		entry.UserCode = d.User.Code
	}
	if d.CertUsed != nil {
		entry.CertName = d.CertUsed.Name
	} else if req.Cert != nil {
		entry.CertName = req.Cert.Name
	}
	switch {
	case d.SignIn:
		entry.Decision, entry.Reason = "deny", ReasonSignInRequired
		h.state.Access(entry)
		http.Redirect(w, r, "/_sekisho/login?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
		return
	case !d.Allow:
		entry.Decision, entry.Reason = "deny", string(d.Reason)
		h.state.Access(entry)
		h.deny(w, r, web.RequestLang(r), d.Reason)
		return
	}
	entry.Decision = "allow"
	h.state.Access(entry)
	if d.User != nil && d.CertUsed != nil {
		h.state.Authenticated(d.User.ID, d.CertUsed, now)
	}
	r.Header.Set("X-Sekisho-User", entry.UserCode)
	if d.CertUsed != nil {
		r.Header.Set("X-Sekisho-Cert", d.CertUsed.Name)
	} else {
		r.Header.Set("X-Sekisho-Cert", "")
	}
	stripOwnCookies(r.Header)
	route.Upstream.(http.Handler).ServeHTTP(w, r)
}

// badPath answers a path that cannot be normalised safely (400), and logs
// it: such paths are how a weaker route is turned against a stricter one.
func (h *Handler) badPath(w http.ResponseWriter, r *http.Request) {
	h.state.Access(store.AccessEntry{At: h.now(), ClientIP: clientAddr(r).String(), Method: r.Method,
		Path: truncate(strings.ToValidUTF8(r.URL.EscapedPath(), "?"), 200), Decision: "deny", Reason: ReasonBadPath})
	lang := web.RequestLang(r)
	web.SecurityHeaders(w.Header())
	web.Page(w, http.StatusBadRequest, lang, i18n.T(lang, "gateway.bad_path.title", nil), i18n.T(lang, "gateway.bad_path.body", nil))
}

// ReasonBadPath is the access log's reason for a refused request path.
const ReasonBadPath = "bad_path"

// ReasonSignInRequired is the access log's reason for a browser sent to
// sign in (deny).
const ReasonSignInRequired = "sign_in_required"

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// safeNext is the login page's next parameter for a request URI, escaped.
func safeNext(uri string) string {
	if next := cleanNext(uri); next != "/" {
		return urlQueryEscape(next)
	}
	return "/"
}

// cleanNext keeps a redirect target on this host: a path that starts with
// one "/", and nothing a browser would drop or reinterpret (browsers remove
// tabs and line breaks from URLs, so "/\t/evil.example" would become
// "//evil.example", another host; "\\" is read as "/"). Anything else is "/".
func cleanNext(next string) string {
	if len(next) > 2000 || !strings.HasPrefix(next, "/") {
		return "/"
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= ' ' || c == 0x7f || c == '\\' {
			return "/"
		}
	}
	if strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}

// deny writes the page that tells the person why and what to do.
func (h *Handler) deny(w http.ResponseWriter, r *http.Request, lang i18n.Lang, reason policy.Reason) {
	web.SecurityHeaders(w.Header())
	w.Header().Set("X-Sekisho-Deny", string(reason))
	title := i18n.T(lang, "deny."+string(reason)+".title", nil)
	body := i18n.T(lang, "deny."+string(reason)+".body", map[string]any{"ip": clientAddr(r).String()})
	var action, actionURL, csrf string
	switch reason {
	case policy.DeviceRequired, policy.DevicePending, policy.DeviceRejected:
		action, actionURL = i18n.T(lang, "deny.device.action", nil), "/_sekisho/device"
	case policy.CertificateNotYours, policy.UserSuspended:
		// Signing out changes state: a POST with the CSRF token.
		action, actionURL, csrf = i18n.T(lang, "deny.logout.action", nil), "/_sekisho/logout", csrfToken(w, r)
	}
	web.DenyPage(w, http.StatusForbidden, lang, title, body, string(reason), action, actionURL, csrf)
}
