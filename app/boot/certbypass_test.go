package boot

import (
	"crypto/tls"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/ca"
)

// TestCertBypassesIPRules: with the setting certBypassesIpRules on (CONTRACT
// "Settings added"), a request that presents a valid certificate passes the
// IP rules over real mTLS — the apps and the gateway's own sign-in page —
// while every other rule still applies; an invalid or unknown certificate,
// or none, is refused as ip_not_allowed as before. Off (the default, cyzen),
// the IP rules apply to everyone. The setting is changed through the
// Settings service and takes effect on the next request.
func TestCertBypassesIPRules(t *testing.T) {
	rt, s, _ := startWithServices(t)
	up := upstream(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Settings.Update(app.SettingsUpdate{KeyAlgorithm: ptr(app.KeyAlgorithm("ecdsa-p256"))})
	must(err)
	_, err = s.Routes.Create(app.RouteCreateRequest{Name: "Wiki", PathPrefix: "/app", Upstream: up.URL, Enabled: true})
	must(err)
	_, err = s.Routes.Create(app.RouteCreateRequest{Name: "HR", PathPrefix: "/hr", Upstream: up.URL, RequireSignIn: true, Enabled: true})
	must(err)
	shared, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Office", Enabled: true})
	must(err)
	yasui, err := s.Users.Create(app.UserCreateRequest{Code: "000419", Name: "安井"})
	must(err)
	personal, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{yasui.ID}, Enabled: true})
	must(err)
	old, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Old", NotBefore: "2020-01-01", NotAfter: "2020-12-31", Enabled: true})
	must(err)
	lost, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Lost", Enabled: true})
	must(err)
	off, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Off", Enabled: false})
	must(err)
	gone, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Gone", Enabled: true})
	must(err)
	officeCert, personalCert := clientCert(t, s, shared), clientCert(t, s, personal.Items[0])
	expiredCert, lostCert, offCert, goneCert := clientCert(t, s, old), clientCert(t, s, lost), clientCert(t, s, off), clientCert(t, s, gone)
	_, err = s.Certs.Revoke(app.RevokeRequest{ID: lost.Cert.ID, Confirm: true})
	must(err)
	_, err = s.Certs.Delete(app.DeleteRequest{ID: gone.Cert.ID, Confirm: true})
	must(err)
	// Signed by the CA, but not a certificate Sekisho issued and knows.
	key, err := ca.NewKey(ca.ECDSAP256)
	must(err)
	leaf, err := rt.CA.IssueClient(ca.ClientRequest{CommonName: "Office", NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), Key: key})
	must(err)
	unknownCert := tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key, Leaf: leaf}

	// The gateway sees 127.0.0.1: outside this rule.
	_, err = s.IPRules.Create(app.IPRuleCreateRequest{Name: "LAN", Address: "192.0.2.0/24", Enabled: true, Confirm: true})
	must(err)
	office, mine := newClient(t, rt, &officeCert, nil), newClient(t, rt, &personalCert, nil)
	anon := newClient(t, rt, nil, nil)

	// Off (the default): the IP rules apply to everyone.
	if set, err := s.Settings.Get(app.Empty{}); err != nil || set.CertBypassesIPRules {
		t.Fatalf("default certBypassesIpRules = %v (%v), want false", set.CertBypassesIPRules, err)
	}
	office.expect("/app/", 403, "ip_not_allowed")
	mine.expect("/app/", 403, "ip_not_allowed")

	set, err := s.Settings.Update(app.SettingsUpdate{CertBypassesIPRules: ptr(true)})
	must(err)
	if !set.CertBypassesIPRules {
		t.Fatal("Settings.Update did not turn certBypassesIpRules on")
	}
	// On the same keep-alive connections: valid certificates get in.
	var echo map[string]string
	json.Unmarshal([]byte(office.expect("/app/", 200, "")), &echo)
	if echo["cert"] != "Office" || echo["user"] != "" {
		t.Errorf("upstream saw %v for the shared certificate", echo)
	}
	json.Unmarshal([]byte(mine.expect("/app/", 200, "")), &echo)
	if echo["cert"] != "000419" || echo["user"] != "000419" {
		t.Errorf("upstream saw %v for the personal certificate", echo)
	}
	// No certificate, or one that is not valid or not known: refused at the
	// IP rules, as before.
	anon.expect("/app/", 403, "ip_not_allowed")
	for name, c := range map[string]tls.Certificate{"expired": expiredCert, "revoked": lostCert, "disabled": offCert, "deleted": goneCert, "unknown": unknownCert} {
		t.Run(name, func(t *testing.T) {
			newClient(t, rt, &c, nil).expect("/app/", 403, "ip_not_allowed")
		})
	}
	// The gateway's own pages follow: a valid certificate reaches the
	// sign-in form a route requires, nobody else does.
	st, h, _ := office.do("GET", "/hr/", nil, nil)
	if st != 303 || !strings.HasPrefix(h.Get("Location"), "/_sekisho/login") {
		t.Errorf("sign-in route with the shared certificate: %d %q, want 303 to the sign-in page", st, h.Get("Location"))
	}
	if st, _, body := office.do("GET", "/_sekisho/login", nil, nil); st != 200 || !csrfRe.MatchString(body) {
		t.Errorf("sign-in page with the shared certificate: %d\n%s", st, body)
	}
	anon.expect("/_sekisho/login", 403, "ip_not_allowed")
	// Every other rule still applies.
	_, err = s.Users.SetSuspended(app.SetSuspendedRequest{IDs: []string{yasui.ID}, Suspended: true})
	must(err)
	mine.expect("/app/", 403, "user_suspended")
	_, err = s.Users.SetSuspended(app.SetSuspendedRequest{IDs: []string{yasui.ID}, Suspended: false})
	must(err)
	mine.expect("/app/", 200, "")
	_, err = s.Users.SetRequireDevice(app.SetFlagRequest{IDs: []string{yasui.ID}, Enabled: true})
	must(err)
	mine.expect("/app/", 403, "device_required")
	_, err = s.Users.SetRequireDevice(app.SetFlagRequest{IDs: []string{yasui.ID}, Enabled: false})
	must(err)
	_, err = s.Certs.Update(app.CertUpdateRequest{ID: shared.Cert.ID, Enabled: ptr(false)})
	must(err)
	office.expect("/app/", 403, "ip_not_allowed")
	_, err = s.Certs.Update(app.CertUpdateRequest{ID: shared.Cert.ID, Enabled: ptr(true)})
	must(err)
	office.expect("/app/", 200, "")

	// Off again: at once, on the open connection.
	_, err = s.Settings.Update(app.SettingsUpdate{CertBypassesIPRules: ptr(false)})
	must(err)
	office.expect("/app/", 403, "ip_not_allowed")
	office.expect("/_sekisho/login", 403, "ip_not_allowed")
}
