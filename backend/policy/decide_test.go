package policy

import (
	"fmt"
	"net/netip"
	"testing"
)

const now = int64(1_800_000_000)

func fixture(strict bool, rules []netip.Prefix, certs ...*Cert) *Snapshot {
	m := map[string]*Cert{}
	for i, c := range certs {
		m[fmt.Sprintf("%x", i+1)] = c
	}
	return Build(Input{
		IPRules: rules,
		Strict:  strict,
		Certs:   m,
		Users: []*User{
			{ID: 1, Code: "req"}, {ID: 2, Code: "free"}, {ID: 3, Code: "sus", Suspended: true},
			{ID: 4, Code: "dev", RequireDevice: true}, {ID: 5, Code: "rq", RequireCert: true},
		},
	})
}

var (
	validShared    = &Cert{ID: 10, Name: "Office", Shared: true, Enabled: true, From: now - 100, Until: now + 100}
	disabledShared = &Cert{ID: 11, Name: "Off", Shared: true, Enabled: false, From: now - 100, Until: now + 100}
	expiredShared  = &Cert{ID: 12, Name: "Old", Shared: true, Enabled: true, From: now - 200, Until: now - 100}
	futureShared   = &Cert{ID: 13, Name: "Next", Shared: true, Enabled: true, From: now + 100, Until: now + 200}
	revokedShared  = &Cert{ID: 14, Name: "Lost", Shared: true, Enabled: true, Revoked: true, From: now - 100, Until: now + 100}
	personalOf1    = &Cert{ID: 15, Name: "req", UserID: 1, Enabled: true, From: now - 100, Until: now + 100}
	personalOf2    = &Cert{ID: 16, Name: "free", UserID: 2, Enabled: true, From: now - 100, Until: now + 100}
	personalOf3    = &Cert{ID: 17, Name: "sus", UserID: 3, Enabled: true, From: now - 100, Until: now + 100}
)

func TestDecideMatrix(t *testing.T) {
	// "req" requires a certificate; the snapshot is rebuilt per case so
	// "no valid certificate exists at all" can be true or false.
	requiring := func(s *Snapshot) *User { u := *s.users[1]; u.RequireCert = true; return &u }
	office := netip.MustParseAddr("192.168.1.20")
	tests := []struct {
		name      string
		snap      *Snapshot
		cert      *Cert
		user      func(*Snapshot) *User
		device    DeviceStatus
		route     *Route
		client    netip.Addr
		wantAllow bool
		wantSign  bool
		reason    Reason
		wantUser  string
	}{
		// SPEC section 2, row by row.
		{name: "row1/valid cert, requires → allow", snap: fixture(false, nil, validShared), cert: validShared, user: requiring, wantAllow: true, wantUser: "req"},
		{name: "row1/no cert, requires, valid certs exist → deny", snap: fixture(false, nil, validShared), user: requiring, reason: CertificateRequired, wantUser: "req"},
		{name: "row2/no cert, not required → allow", snap: fixture(false, nil, validShared), user: func(s *Snapshot) *User { return s.users[2] }, wantAllow: true, wantUser: "free"},
		{name: "row2/disabled cert, not required → allow", snap: fixture(false, nil, validShared, disabledShared), cert: disabledShared, user: func(s *Snapshot) *User { return s.users[2] }, wantAllow: true, wantUser: "free"},
		{name: "row3/disabled → certificate_disabled", snap: fixture(false, nil, validShared, disabledShared), cert: disabledShared, user: requiring, reason: CertificateDisabled, wantUser: "req"},
		{name: "row3/expired → certificate_expired", snap: fixture(false, nil, validShared, expiredShared), cert: expiredShared, user: requiring, reason: CertificateExpired, wantUser: "req"},
		{name: "row3/not yet valid → certificate_expired", snap: fixture(false, nil, validShared, futureShared), cert: futureShared, user: requiring, reason: CertificateExpired, wantUser: "req"},
		{name: "row3/revoked → certificate_revoked", snap: fixture(false, nil, validShared, revokedShared), cert: revokedShared, user: requiring, reason: CertificateRevoked, wantUser: "req"},
		{name: "row4/no valid cert at all, requires → fail-open allow", snap: fixture(false, nil, expiredShared, disabledShared), user: requiring, wantAllow: true, wantUser: "req"},
		{name: "row4/invalid cert presented, none valid → fail-open allow", snap: fixture(false, nil, expiredShared), cert: expiredShared, user: requiring, wantAllow: true, wantUser: "req"},
		{name: "row4/strict mode → deny", snap: fixture(true, nil, expiredShared), user: requiring, reason: CertificateRequired, wantUser: "req"},
		{name: "row4/strict mode, expired presented → its reason", snap: fixture(true, nil, expiredShared), cert: expiredShared, user: requiring, reason: CertificateExpired, wantUser: "req"},
		{name: "row4/no certificates at all, strict → deny", snap: fixture(true, nil), user: requiring, reason: CertificateRequired, wantUser: "req"},

		// Identity.
		{name: "personal cert signs its owner in", snap: fixture(false, nil, personalOf2), cert: personalOf2, wantAllow: true, wantUser: "free"},
		{name: "personal cert of another user → not yours", snap: fixture(false, nil, personalOf2), cert: personalOf2, user: requiring, reason: CertificateNotYours, wantUser: "req"},
		{name: "own personal cert, requires → allow", snap: fixture(false, nil, personalOf1), cert: personalOf1, user: requiring, wantAllow: true, wantUser: "req"},
		{name: "shared cert with any user → allow", snap: fixture(false, nil, validShared), cert: validShared, user: func(s *Snapshot) *User { return s.users[2] }, wantAllow: true, wantUser: "free"},
		{name: "sign-in route, nobody → sign in", snap: fixture(false, nil, validShared), route: &Route{PathPrefix: "/", RequireSignIn: true}, wantSign: true},
		{name: "sign-in route, shared cert only → sign in", snap: fixture(false, nil, validShared), cert: validShared, route: &Route{PathPrefix: "/", RequireSignIn: true}, wantSign: true},
		{name: "sign-in route, personal cert → allow", snap: fixture(false, nil, personalOf2), cert: personalOf2, route: &Route{PathPrefix: "/", RequireSignIn: true}, wantAllow: true, wantUser: "free"},
		{name: "open route, nobody → allow anonymous", snap: fixture(false, nil, validShared), wantAllow: true},

		// An invalid personal certificate applies its owner's rules.
		{name: "revoked personal cert of a requiring user → revoked", snap: fixture(false, nil, validShared, &Cert{ID: 20, UserID: 5, Enabled: true, Revoked: true, From: now - 100, Until: now + 100}),
			cert: &Cert{ID: 20, UserID: 5, Enabled: true, Revoked: true, From: now - 100, Until: now + 100}, reason: CertificateRevoked, wantUser: "rq"},
		{name: "expired personal cert of a free user → anonymous allow", snap: fixture(false, nil, validShared), cert: &Cert{ID: 21, UserID: 2, Enabled: true, From: now - 300, Until: now - 100}, wantAllow: true},
		{name: "disabled personal cert of a suspended user → suspended", snap: fixture(false, nil, validShared), cert: &Cert{ID: 22, UserID: 3, Enabled: false, From: now - 100, Until: now + 100}, reason: UserSuspended, wantUser: "sus"},
		{name: "revoked personal cert of a requiring user, sign-in route → revoked", snap: fixture(false, nil, validShared), cert: &Cert{ID: 23, UserID: 5, Revoked: true, From: now - 100, Until: now + 100},
			route: &Route{PathPrefix: "/", RequireSignIn: true}, reason: CertificateRevoked, wantUser: "rq"},

		// Suspension, before certificates and devices.
		{name: "suspended by session → user_suspended", snap: fixture(false, nil, validShared), cert: validShared, user: func(s *Snapshot) *User { return s.users[3] }, reason: UserSuspended, wantUser: "sus"},
		{name: "suspended by personal cert → user_suspended", snap: fixture(false, nil, personalOf3), cert: personalOf3, reason: UserSuspended, wantUser: "sus"},

		// Route-level mTLS gate: no fail-open.
		{name: "cert route, no cert → required", snap: fixture(false, nil), route: &Route{PathPrefix: "/", RequireCert: true}, reason: CertificateRequired},
		{name: "cert route, revoked → revoked", snap: fixture(false, nil, revokedShared), cert: revokedShared, route: &Route{PathPrefix: "/", RequireCert: true}, reason: CertificateRevoked},
		{name: "cert route, valid → allow", snap: fixture(false, nil, validShared), cert: validShared, route: &Route{PathPrefix: "/", RequireCert: true}, wantAllow: true},

		// Devices.
		{name: "device none → device_required", snap: fixture(false, nil), user: func(s *Snapshot) *User { return s.users[4] }, reason: DeviceRequired, wantUser: "dev"},
		{name: "device pending → device_pending", snap: fixture(false, nil), user: func(s *Snapshot) *User { return s.users[4] }, device: DeviceIsPending, reason: DevicePending, wantUser: "dev"},
		{name: "device rejected → device_rejected", snap: fixture(false, nil), user: func(s *Snapshot) *User { return s.users[4] }, device: DeviceIsRejected, reason: DeviceRejected, wantUser: "dev"},
		{name: "device approved → allow", snap: fixture(false, nil), user: func(s *Snapshot) *User { return s.users[4] }, device: DeviceIsApproved, wantAllow: true, wantUser: "dev"},
		{name: "another user's approved device → device_required", snap: fixture(false, nil), user: func(s *Snapshot) *User { u := *s.users[4]; u.ID = 44; return &u }, device: DeviceIsApproved, reason: DeviceRequired, wantUser: "dev"},

		// IP rules first, for everyone.
		{name: "ip not allowed beats everything", snap: fixture(false, pfx("10.0.0.0/8"), validShared), cert: validShared, user: requiring, client: office, reason: IPNotAllowed},
		{name: "ip allowed, mapped address", snap: fixture(false, pfx("192.168.1.0/24"), validShared), cert: validShared, user: requiring, client: netip.MustParseAddr("::ffff:192.168.1.20"), wantAllow: true, wantUser: "req"},
	}
	seen := map[Reason]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &Request{Client: tc.client, Route: tc.route, Cert: tc.cert, Device: tc.device, DeviceUserID: 4, Now: now}
			if !r.Client.IsValid() {
				r.Client = office
			}
			if tc.user != nil {
				r.SessionUser = tc.user(tc.snap)
			}
			d := tc.snap.Decide(r)
			if d.Allow != tc.wantAllow || d.SignIn != tc.wantSign || d.Reason != tc.reason {
				t.Fatalf("Decide = allow %v signIn %v reason %q; want %v %v %q", d.Allow, d.SignIn, d.Reason, tc.wantAllow, tc.wantSign, tc.reason)
			}
			got := ""
			if d.User != nil {
				got = d.User.Code
			}
			if got != tc.wantUser {
				t.Errorf("user %q, want %q", got, tc.wantUser)
			}
			if d.Allow && d.Reason != "" {
				t.Error("allowed with a reason")
			}
		})
		seen[tc.reason] = true
	}
	for _, r := range Reasons {
		if !seen[r] {
			t.Errorf("no case for reason %s", r)
		}
	}
}

func TestRouteMatch(t *testing.T) {
	s := Build(Input{Routes: []*Route{
		{ID: 1, PathPrefix: "/"},
		{ID: 2, PathPrefix: "/wiki"},
		{ID: 3, PathPrefix: "/wiki/admin/"},
		{ID: 4, Host: "nas.lan", PathPrefix: "/"},
	}})
	tests := []struct {
		host, path string
		want       int64
	}{
		{"gw.lan", "/", 1},
		{"gw.lan", "/wiki", 2},
		{"gw.lan", "/wiki/page", 2},
		{"gw.lan", "/wikipedia", 1},
		{"gw.lan", "/wiki/admin/x", 3},
		{"nas.lan", "/wiki", 4},
	}
	for _, tc := range tests {
		r := s.Route(tc.host, tc.path)
		if r == nil || r.ID != tc.want {
			t.Errorf("Route(%s, %s) = %v, want %d", tc.host, tc.path, r, tc.want)
		}
	}
	if Build(Input{}).Route("x", "/") != nil {
		t.Error("route found in an empty snapshot")
	}
}

// BenchmarkDecide10kRules is one decision with 10,000 IP rules and 10,000
// users (target: < 2 µs, no allocations).
func BenchmarkDecide10kRules(b *testing.B) {
	var rules []netip.Prefix
	for i := 0; i < 10000; i++ {
		rules = append(rules, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24+i%9))
	}
	rules = append(rules, netip.MustParsePrefix("192.168.1.0/24"))
	var users []*User
	for i := 1; i <= 10000; i++ {
		users = append(users, &User{ID: int64(i), Code: fmt.Sprintf("u%05d", i), RequireCert: i%2 == 0})
	}
	certs := map[string]*Cert{}
	for i := 1; i <= 10000; i++ {
		certs[fmt.Sprintf("%x", i)] = &Cert{ID: int64(i), Name: fmt.Sprintf("u%05d", i), UserID: int64(i), Enabled: true, From: now - 100, Until: now + 100}
	}
	s := Build(Input{IPRules: rules, Certs: certs, Users: users})
	req := &Request{Client: netip.MustParseAddr("::ffff:192.168.1.20"), Route: &Route{PathPrefix: "/"}, Now: now,
		Cert: s.Cert(fmt.Sprintf("%x", 5000)), SessionUser: s.User(5000)}
	b.ReportAllocs()
	for b.Loop() {
		if d := s.Decide(req); !d.Allow {
			b.Fatal(d.Reason)
		}
	}
}

func TestMatchKey(t *testing.T) {
	for in, want := range map[string]string{
		"/":                      "/",
		"/secret/x":              "/secret/x",
		"/Secret/X":              "/secret/x",
		"/secret;jsessionid=1/x": "/secret/x",
		"/secret;/":              "/secret/",
		"/secret./x":             "/secret/x",
		"/secret .. /x":          "/secret/x",
		"/a/.../b":               "/a/b",
		"/ÄBC/x":                 "/äbc/x",
		"/a;b":                   "/a",
		"/a.b/c":                 "/a.b/c",
	} {
		if got := MatchKey(in); got != want {
			t.Errorf("MatchKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRouteMatchesLenientSpellings: a path an app server would take for a
// stricter route's path is matched to that route.
func TestRouteMatchesLenientSpellings(t *testing.T) {
	open := &Route{Name: "open", PathPrefix: "/"}
	strict := &Route{Name: "strict", PathPrefix: "/Secret", RequireSignIn: true}
	s := Build(Input{Routes: []*Route{open, strict}})
	for _, p := range []string{"/secret", "/SECRET/x", "/secret;x/y", "/secret./y", "/Secret /y"} {
		if r := s.Route("h", p); r != strict {
			t.Errorf("Route(%q) = %v, want the strict route", p, r.Name)
		}
	}
	for _, p := range []string{"/secrets", "/x/secret", "/"} {
		if r := s.Route("h", p); r != open {
			t.Errorf("Route(%q) = %v, want the open route", p, r.Name)
		}
	}
}

// TestSnapshotFacts: what the Home screen shows about the policy comes from
// the snapshot the gateway decides by.
func TestSnapshotFacts(t *testing.T) {
	now := int64(1_000_000)
	certs := map[string]*Cert{
		"a": {ID: 1, Enabled: true, From: now - 10, Until: now + 10},
		"b": {ID: 2, Enabled: false, From: now - 10, Until: now + 10},
		"c": {ID: 3, Enabled: true, Revoked: true, From: now - 10, Until: now + 10},
		"d": {ID: 4, Enabled: true, From: now + 5, Until: now + 10},
		"e": {ID: 5, Enabled: true, Deleted: true, From: now - 10, Until: now + 10},
	}
	s := Build(Input{Certs: certs, IPRules: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("10.0.0.0/8")},
		Routes: []*Route{{ID: 1, PathPrefix: "/"}, {ID: 2, PathPrefix: "/a"}}})
	if got := s.ValidCerts(now); got != 1 {
		t.Errorf("ValidCerts = %d, want 1", got)
	}
	if s.FailOpen(now) || !s.FailOpen(now+10) || s.Strict() {
		t.Errorf("fail-open now %v, after the window %v, strict %v", s.FailOpen(now), s.FailOpen(now+10), s.Strict())
	}
	if !s.IPRulesEnforcing() || s.IPRuleCount() != 2 || s.RouteCount() != 2 {
		t.Errorf("enforcing %v, rules %d, routes %d", s.IPRulesEnforcing(), s.IPRuleCount(), s.RouteCount())
	}
	empty := Build(Input{Strict: true})
	if empty.IPRulesEnforcing() || empty.IPRuleCount() != 0 || !empty.Strict() || empty.FailOpen(now) || empty.ValidCerts(now) != 0 {
		t.Errorf("empty strict snapshot: %+v", empty)
	}
}

// TestDecideCertBypassesIPRules: with certBypassesIpRules on, a valid
// certificate admits a request from outside the enabled IP rules (kintone's
// exception); every later rule still applies, and an invalid certificate
// (or none) is refused at the IP rules as before. Off (cyzen, the default),
// the IP rules apply to everyone.
func TestDecideCertBypassesIPRules(t *testing.T) {
	office := pfx("192.168.1.0/24")
	outside := netip.MustParseAddr("203.0.113.7")
	inside := netip.MustParseAddr("::ffff:192.168.1.20")
	deletedShared := &Cert{ID: 18, Name: "Gone", Shared: true, Enabled: true, Deleted: true, From: now - 100, Until: now + 100}
	revokedOf2 := &Cert{ID: 24, Name: "free-old", UserID: 2, Enabled: true, Revoked: true, From: now - 100, Until: now + 100}
	personalOf4 := &Cert{ID: 25, Name: "dev", UserID: 4, Enabled: true, From: now - 100, Until: now + 100}
	personalOf5 := &Cert{ID: 26, Name: "rq", UserID: 5, Enabled: true, From: now - 100, Until: now + 100}
	snap := func(bypass bool, rules []netip.Prefix) *Snapshot {
		m := map[string]*Cert{}
		for i, c := range []*Cert{validShared, disabledShared, expiredShared, futureShared, revokedShared, personalOf1, personalOf2,
			personalOf3, deletedShared, revokedOf2, personalOf4, personalOf5} {
			m[fmt.Sprintf("%x", i+1)] = c
		}
		return Build(Input{IPRules: rules, CertBypassesIPRules: bypass, Certs: m, Users: []*User{
			{ID: 1, Code: "req"}, {ID: 2, Code: "free"}, {ID: 3, Code: "sus", Suspended: true},
			{ID: 4, Code: "dev", RequireDevice: true}, {ID: 5, Code: "rq", RequireCert: true},
		}})
	}
	on, off := snap(true, office), snap(false, office)
	user := func(s *Snapshot, id int64) *User { return s.users[id] }
	tests := []struct {
		name      string
		snap      *Snapshot
		client    netip.Addr
		cert      *Cert
		session   int64 // user id signed in through the gateway (0: none)
		device    DeviceStatus
		route     *Route
		wantAllow bool
		wantSign  bool
		reason    Reason
		wantUser  string
	}{
		// Off: the IP rules come first for everyone (cyzen, the default).
		{name: "off/valid shared cert outside → ip_not_allowed", snap: off, cert: validShared, reason: IPNotAllowed},
		{name: "off/valid personal cert outside → ip_not_allowed", snap: off, cert: personalOf2, reason: IPNotAllowed},
		{name: "off/valid cert inside → allow", snap: off, client: inside, cert: personalOf2, wantAllow: true, wantUser: "free"},

		// On: a valid certificate passes the IP rules.
		{name: "on/valid shared cert outside → allow", snap: on, cert: validShared, wantAllow: true},
		{name: "on/valid personal cert outside → allow as its owner", snap: on, cert: personalOf2, wantAllow: true, wantUser: "free"},
		{name: "on/valid cert of a requiring user outside → allow", snap: on, cert: personalOf5, wantAllow: true, wantUser: "rq"},
		{name: "on/cert route, valid cert outside → allow", snap: on, cert: validShared, route: &Route{PathPrefix: "/", RequireCert: true}, wantAllow: true},

		// On: an invalid certificate, or none, is refused at the IP rules.
		{name: "on/revoked cert outside → ip_not_allowed", snap: on, cert: revokedShared, reason: IPNotAllowed},
		{name: "on/revoked personal cert outside → ip_not_allowed", snap: on, cert: revokedOf2, reason: IPNotAllowed},
		{name: "on/expired cert outside → ip_not_allowed", snap: on, cert: expiredShared, reason: IPNotAllowed},
		{name: "on/not yet valid cert outside → ip_not_allowed", snap: on, cert: futureShared, reason: IPNotAllowed},
		{name: "on/disabled cert outside → ip_not_allowed", snap: on, cert: disabledShared, reason: IPNotAllowed},
		{name: "on/deleted cert outside → ip_not_allowed", snap: on, cert: deletedShared, reason: IPNotAllowed},
		{name: "on/unknown or no cert outside → ip_not_allowed", snap: on, reason: IPNotAllowed},
		{name: "on/signed in, no cert outside → ip_not_allowed", snap: on, session: 2, reason: IPNotAllowed},

		// On: every rule after the IP rules still applies.
		{name: "on/suspended owner's valid cert outside → user_suspended", snap: on, cert: personalOf3, reason: UserSuspended, wantUser: "sus"},
		{name: "on/suspended session, valid shared cert outside → user_suspended", snap: on, cert: validShared, session: 3, reason: UserSuspended, wantUser: "sus"},
		{name: "on/someone else's personal cert outside → certificate_not_yours", snap: on, cert: personalOf2, session: 5, reason: CertificateNotYours, wantUser: "rq"},
		{name: "on/sign-in route, shared cert outside → sign in", snap: on, cert: validShared, route: &Route{PathPrefix: "/", RequireSignIn: true}, wantSign: true},
		{name: "on/sign-in route, signed in with shared cert outside → allow", snap: on, cert: validShared, session: 2, route: &Route{PathPrefix: "/", RequireSignIn: true}, wantAllow: true, wantUser: "free"},
		{name: "on/device user, valid cert outside, no device → device_required", snap: on, cert: personalOf4, reason: DeviceRequired, wantUser: "dev"},
		{name: "on/device user, valid cert outside, pending → device_pending", snap: on, cert: personalOf4, device: DeviceIsPending, reason: DevicePending, wantUser: "dev"},
		{name: "on/device user, valid cert outside, approved → allow", snap: on, cert: personalOf4, device: DeviceIsApproved, wantAllow: true, wantUser: "dev"},

		// On: inside the rules, or with no rule enabled, nothing changes.
		{name: "on/inside, no cert → allow", snap: on, client: inside, wantAllow: true},
		{name: "on/inside, requiring user, no cert → certificate_required", snap: on, client: inside, session: 5, reason: CertificateRequired, wantUser: "rq"},
		{name: "on/inside, revoked cert of a requiring user → certificate_revoked", snap: on, client: inside, cert: revokedShared, session: 5, reason: CertificateRevoked, wantUser: "rq"},
		{name: "on/no rule enabled, no cert → allow", snap: snap(true, nil), wantAllow: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &Request{Client: tc.client, Route: tc.route, Cert: tc.cert, Device: tc.device, DeviceUserID: 4, Now: now}
			if !r.Client.IsValid() {
				r.Client = outside
			}
			if tc.session != 0 {
				r.SessionUser = user(tc.snap, tc.session)
			}
			d := tc.snap.Decide(r)
			if d.Allow != tc.wantAllow || d.SignIn != tc.wantSign || d.Reason != tc.reason {
				t.Fatalf("Decide = allow %v signIn %v reason %q; want %v %v %q", d.Allow, d.SignIn, d.Reason, tc.wantAllow, tc.wantSign, tc.reason)
			}
			got := ""
			if d.User != nil {
				got = d.User.Code
			}
			if got != tc.wantUser {
				t.Errorf("user %q, want %q", got, tc.wantUser)
			}
			// The gateway's own pages (sign-in, device request) are
			// guarded by IPAdmits: the same answer as the decision's first
			// step.
			if admits := tc.snap.IPAdmits(r.Client, r.Cert, r.Now); admits != (tc.reason != IPNotAllowed) {
				t.Errorf("IPAdmits = %v with reason %q", admits, tc.reason)
			}
		})
	}
	if !on.CertBypassesIPRules() || off.CertBypassesIPRules() {
		t.Errorf("CertBypassesIPRules: on %v, off %v", on.CertBypassesIPRules(), off.CertBypassesIPRules())
	}
}
