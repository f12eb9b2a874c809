package policy

import (
	"net/netip"
	"sort"
	"strings"
)

// Reason is why a request was denied; the strings are part of the contract
// (X-Sekisho-Deny and the access log).
type Reason string

// Deny reasons (CONTRACT.md).
const (
	IPNotAllowed        Reason = "ip_not_allowed"
	CertificateRequired Reason = "certificate_required"
	CertificateDisabled Reason = "certificate_disabled"
	CertificateExpired  Reason = "certificate_expired"
	CertificateRevoked  Reason = "certificate_revoked"
	CertificateNotYours Reason = "certificate_not_yours"
	UserSuspended       Reason = "user_suspended"
	DeviceRequired      Reason = "device_required"
	DevicePending       Reason = "device_pending"
	DeviceRejected      Reason = "device_rejected"
)

// Reasons lists every deny reason.
var Reasons = []Reason{IPNotAllowed, CertificateRequired, CertificateDisabled, CertificateExpired, CertificateRevoked,
	CertificateNotYours, UserSuspended, DeviceRequired, DevicePending, DeviceRejected}

// Cert is what the decision knows of a certificate.
type Cert struct {
	ID      int64
	Name    string
	Shared  bool
	UserID  int64
	Enabled bool
	Revoked bool
	Deleted bool
	From    int64 // window start, unix seconds (inclusive)
	Until   int64 // window end, unix seconds (exclusive)
	// SHA256 is the certificate's (DER) hash: a presented certificate
	// is this one only if it matches.
	SHA256 [32]byte
}

// Problem is why the certificate does not count at now (revoked, disabled,
// outside its window), "" when it is valid.
func (c *Cert) Problem(now int64) Reason { return c.state(now) }

// certState is a certificate's verdict at now: "" when valid.
func (c *Cert) state(now int64) Reason {
	switch {
	case c.Revoked || c.Deleted:
		return CertificateRevoked
	case !c.Enabled:
		return CertificateDisabled
	case now < c.From || now >= c.Until:
		return CertificateExpired
	}
	return ""
}

// User is what the decision knows of a user.
type User struct {
	ID            int64
	Code          string
	Suspended     bool
	RequireCert   bool
	RequireDevice bool
}

// DeviceStatus is the state of the device a request comes from, for its user.
type DeviceStatus uint8

// Device states.
const (
	DeviceNone DeviceStatus = iota
	DeviceIsPending
	DeviceIsApproved
	DeviceIsRejected
)

// Route is a protected app.
type Route struct {
	ID            int64
	Name          string
	Host          string // lower case; "" matches any host
	PathPrefix    string // starts with "/"
	RequireSignIn bool
	RequireCert   bool
	// Upstream is opaque to the decision (the gateway keeps its proxy here).
	Upstream any

	match string // MatchKey(PathPrefix), set by Build
}

// Snapshot is everything the decision reads: built from the database on every
// admin change and swapped atomically. It is never modified once built.
type Snapshot struct {
	ips       *IPSet
	enforcing bool
	ipRules   int
	strict    bool
	bypass    bool             // a valid certificate admits any address (certBypassesIpRules)
	certs     map[string]*Cert // by lower-case hex serial
	users     map[int64]*User
	byCode    map[string]*User // by lower-case code
	valid     []span           // union of live certificate windows, sorted
	routes    []*Route         // most specific first
}

type span struct{ from, until int64 }

// Input is the data a snapshot is built from.
type Input struct {
	IPRules []netip.Prefix // enabled rules only
	Strict  bool
	// CertBypassesIPRules admits a request that presents a valid
	// certificate from an address outside the enabled IP rules (kintone's
	// "client certificate as an exception to IP restriction"); off, the IP
	// rules apply to everyone (cyzen).
	CertBypassesIPRules bool
	Certs               map[string]*Cert
	Users               []*User
	Routes              []*Route // enabled routes only
}

// Build compiles a snapshot.
func Build(in Input) *Snapshot {
	s := &Snapshot{ips: NewIPSet(in.IPRules), enforcing: len(in.IPRules) > 0, ipRules: len(in.IPRules), strict: in.Strict, bypass: in.CertBypassesIPRules, certs: in.Certs,
		users: make(map[int64]*User, len(in.Users)), byCode: make(map[string]*User, len(in.Users))}
	if s.certs == nil {
		s.certs = map[string]*Cert{}
	}
	for _, u := range in.Users {
		s.users[u.ID] = u
		s.byCode[strings.ToLower(u.Code)] = u
	}
	var spans []span
	for _, c := range s.certs {
		if c.Enabled && !c.Revoked && !c.Deleted && c.From < c.Until {
			spans = append(spans, span{c.From, c.Until})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	for _, sp := range spans {
		if n := len(s.valid); n > 0 && sp.from <= s.valid[n-1].until {
			if sp.until > s.valid[n-1].until {
				s.valid[n-1].until = sp.until
			}
			continue
		}
		s.valid = append(s.valid, sp)
	}
	s.routes = append([]*Route(nil), in.Routes...)
	for _, r := range s.routes {
		r.match = MatchKey(r.PathPrefix)
	}
	sort.SliceStable(s.routes, func(i, j int) bool {
		a, b := s.routes[i], s.routes[j]
		if (a.Host != "") != (b.Host != "") {
			return a.Host != "" // a host match beats any host
		}
		return len(a.match) > len(b.match)
	})
	return s
}

// anyValid reports whether some certificate is valid at now.
func (s *Snapshot) anyValid(now int64) bool {
	i := sort.Search(len(s.valid), func(i int) bool { return s.valid[i].until > now })
	return i < len(s.valid) && s.valid[i].from <= now
}

// FailOpen reports whether the fail-open row is in effect at now: strict
// mode is off and no certificate is valid, so users who require a
// certificate get in without one (seed 000). The gateway decides by it and
// the Home screen shows it, from the same snapshot.
func (s *Snapshot) FailOpen(now int64) bool { return !s.strict && !s.anyValid(now) }

// Strict reports whether strict mode (no fail-open row) is on.
func (s *Snapshot) Strict() bool { return s.strict }

// CertBypassesIPRules reports whether a valid client certificate admits a
// request from an address outside the IP rules.
func (s *Snapshot) CertBypassesIPRules() bool { return s.bypass }

// IPRulesEnforcing reports whether the IP rules apply: at least one is
// enabled. Without one, every address passes.
func (s *Snapshot) IPRulesEnforcing() bool { return s.enforcing }

// IPRuleCount is the number of enabled IP rules.
func (s *Snapshot) IPRuleCount() int { return s.ipRules }

// RouteCount is the number of enabled routes.
func (s *Snapshot) RouteCount() int { return len(s.routes) }

// ValidCerts counts the certificates valid at now (enabled, not revoked or
// deleted, inside their window).
func (s *Snapshot) ValidCerts(now int64) int {
	n := 0
	for _, c := range s.certs {
		if c.state(now) == "" {
			n++
		}
	}
	return n
}

// Cert returns the certificate with this serial (lower-case hex), or nil.
func (s *Snapshot) Cert(serial string) *Cert { return s.certs[serial] }

// User returns the user by id, or nil.
func (s *Snapshot) User(id int64) *User { return s.users[id] }

// UserByCode returns the user by code (case-insensitive), or nil.
func (s *Snapshot) UserByCode(code string) *User { return s.byCode[strings.ToLower(code)] }

// Route finds the route for a request: host (without port, lower case) and
// a normalised path (no dot or empty segments); the most specific match
// wins. Paths and prefixes are compared by MatchKey, so the route chosen is
// the strictest an upstream could take the path for.
func (s *Snapshot) Route(host, path string) *Route {
	path = MatchKey(path)
	for _, r := range s.routes {
		if r.Host != "" && r.Host != host {
			continue
		}
		if r.match == "/" || path == r.match || strings.HasPrefix(path, r.match) &&
			(strings.HasSuffix(r.match, "/") || path[len(r.match)] == '/') {
			return r
		}
	}
	return nil
}

// MatchKey is the form of a path that routes are compared in: what the
// most lenient common app server would take it for. Each segment is cut at
// ";" (Tomcat, Jetty and Spring drop path parameters: /secret;x/y is
// /secret/y to them), loses trailing dots and spaces (IIS and Windows: /secret./
// is /secret/), and is lower-cased (IIS, Express by default). A segment left
// empty disappears. So a request can never reach a stricter route's app
// through a more lenient route by spelling.
func MatchKey(path string) string {
	if !needsKey(path) {
		return path
	}
	segs := strings.Split(path, "/")
	out := segs[:0]
	for i, seg := range segs {
		if j := strings.IndexByte(seg, ';'); j >= 0 {
			seg = seg[:j]
		}
		seg = strings.ToLower(strings.TrimRight(seg, ". "))
		if seg == "" && i > 0 && i < len(segs)-1 {
			continue
		}
		out = append(out, seg)
	}
	key := strings.Join(out, "/")
	if key == "" {
		return "/"
	}
	return key
}

// needsKey reports whether MatchKey would change path.
func needsKey(path string) bool {
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case c >= 'A' && c <= 'Z', c == ';', c >= 0x80:
			return true
		case c == '.' || c == ' ':
			if i+1 == len(path) || path[i+1] == '/' {
				return true
			}
		}
	}
	return false
}

// IPAllowed applies the IP rules.
func (s *Snapshot) IPAllowed(a netip.Addr) bool { return !s.enforcing || s.ips.Contains(a) }

// IPAdmits applies the IP rules to a request from a that presents c (nil:
// no certificate, or one Sekisho does not know): the address is allowed,
// or certBypassesIpRules is on and c is valid at now (enabled, not revoked
// or deleted, inside its window). An invalid certificate never admits:
// such a request is refused as ip_not_allowed, as without the setting.
func (s *Snapshot) IPAdmits(a netip.Addr, c *Cert, now int64) bool {
	return s.IPAllowed(a) || s.bypass && c != nil && c.state(now) == ""
}

// Request is one request as the decision sees it.
type Request struct {
	Client netip.Addr
	Route  *Route
	// Cert is the presented client certificate (nil: none).
	Cert *Cert
	// SessionUser is the user signed in through the gateway (nil: none).
	SessionUser *User
	// Device is the state of the device this request comes from, and
	// DeviceUserID the user who requested it: it counts only for that user.
	Device       DeviceStatus
	DeviceUserID int64
	Now          int64
}

// Decision is the verdict.
type Decision struct {
	Allow bool
	// SignIn: the route needs a signed-in user and there is none (send the
	// browser to the sign-in page).
	SignIn bool
	Reason Reason
	// User is the identified user (nil: unknown); CertUsed the certificate
	// that authenticated (nil: none).
	User     *User
	CertUsed *Cert
}

// Decide applies SPEC section 6 in order: IP rules (which a valid
// certificate passes when certBypassesIpRules is on) → identity →
// suspended → certificate (the matrix of section 2; a personal certificate
// must belong to the signed-in user) → device. It does no I/O and does not
// allocate.
func (s *Snapshot) Decide(r *Request) Decision {
	if !s.IPAdmits(r.Client, r.Cert, r.Now) {
		return Decision{Reason: IPNotAllowed}
	}
	var certReason Reason // why the presented certificate does not authenticate
	var valid *Cert
	if r.Cert != nil {
		if certReason = r.Cert.state(r.Now); certReason == "" {
			valid = r.Cert
		}
	}
	user := r.SessionUser
	if valid != nil && !valid.Shared {
		owner := s.users[valid.UserID]
		switch {
		case user == nil:
			user = owner // a personal certificate signs its owner in
		case owner == nil || owner.ID != user.ID:
			return Decision{Reason: CertificateNotYours, User: user}
		}
	}
	// An invalid personal certificate does not sign anyone in, but the
	// handshake proved whose it is: its owner's rules still deny (a revoked
	// certificate stops working on the next request).
	subject := user
	if subject == nil && r.Cert != nil && valid == nil && !r.Cert.Shared {
		subject = s.users[r.Cert.UserID]
	}
	d := Decision{User: user, CertUsed: valid}
	if subject != nil && subject.Suspended {
		d.User, d.Reason = subject, UserSuspended
		return d
	}
	if user == nil && r.Route != nil && r.Route.RequireSignIn {
		if subject != nil && subject.RequireCert && !s.FailOpen(r.Now) {
			d.User, d.Reason = subject, orRequired(certReason)
			return d
		}
		d.SignIn = true
		return d
	}
	if r.Route != nil && r.Route.RequireCert && valid == nil {
		// A plain mTLS gate: a valid certificate from everyone, no fail-open.
		d.Reason = orRequired(certReason)
		return d
	}
	if subject != nil && subject.RequireCert && valid == nil {
		if !s.FailOpen(r.Now) {
			d.User, d.Reason = subject, orRequired(certReason)
			return d
		}
		// Fail-open (seed 000): no valid certificate exists at all.
	}
	if user != nil && user.RequireDevice {
		status := DeviceNone
		if r.DeviceUserID == user.ID {
			status = r.Device
		}
		switch status {
		case DeviceIsApproved:
		case DeviceIsPending:
			d.Reason = DevicePending
			return d
		case DeviceIsRejected:
			d.Reason = DeviceRejected
			return d
		default:
			d.Reason = DeviceRequired
			return d
		}
	}
	d.Allow = true
	return d
}

func orRequired(r Reason) Reason {
	if r == "" {
		return CertificateRequired
	}
	return r
}
