package boot

import (
	"context"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"software.sslmate.com/src/go-pkcs12"

	"sekisho/app"
	"sekisho/backend/gateway"
)

var (
	passRe = regexp.MustCompile(`data-testid="me-passphrase">([^<]+)<`)
	fileRe = regexp.MustCompile(`data-testid="me-download" href="([^"]+)"`)
)

// meIssue posts the self-service form with the page's CSRF token.
func meIssue(t *testing.T, g *gwClient, ua string) (int, string) {
	t.Helper()
	_, _, page := g.do("GET", gateway.MePath, nil, map[string]string{"User-Agent": ua})
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no csrf on the self-service page:\n%s", page)
	}
	st, _, body := g.do("POST", gateway.MePath, url.Values{"csrf": {m[1]}}, map[string]string{"User-Agent": ua})
	return st, body
}

// TestSelfService: with the setting on, an employee opens /me on the
// download listener (no password there: it leads to the gateway over
// HTTPS), signs in at the gateway, issues a personal certificate, sees its
// passphrase once and downloads it once from the download listener. The
// earlier certificate is revoked, the new one opens the gateway, and every
// step is in the access log and the admin history. Off, nothing of it
// answers; three a day at most.
func TestSelfService(t *testing.T) {
	rt, s, c := startWithServices(t)
	download := rt.Engine.Info().DownloadURL
	gw := rt.Engine.Info().GatewayURL
	u, err := s.Users.Create(app.UserCreateRequest{Code: "u1", Name: "山田 太郎"})
	if err != nil {
		t.Fatal(err)
	}
	// Device designation must not send them to the device request first.
	if _, err := s.Users.SetRequireDevice(app.SetFlagRequest{IDs: []string{u.ID}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	pw, err := s.Users.ResetPassword(app.IDRequest{ID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	old, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{u.ID}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}

	// Off (the default): neither page offers anything.
	if st, _, _ := get(t, c, "GET", download+"me", iphone); st != http.StatusNotFound {
		t.Fatalf("download /me while off: %d", st)
	}
	g := newClient(t, rt, nil, nil)
	if st, _, _ := g.do("GET", gateway.MePath, nil, nil); st != http.StatusNotFound {
		t.Fatalf("gateway /me while off: %d", st)
	}
	set, err := s.Settings.Update(app.SettingsUpdate{SelfServiceEnabled: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if !set.SelfServiceEnabled || !set.SelfServiceRevokePrevious || set.SelfServiceURL != download+"me" {
		t.Fatalf("settings %+v", set)
	}

	// The download listener's page: the CA to trust, then the gateway.
	st, h, body := get(t, c, "GET", download+"me", iphone)
	page := string(body)
	if st != 200 || !strings.Contains(page, `href="`+gw+`_sekisho/me?lang=ja&amp;os=ios"`) || !strings.Contains(page, "/ca.mobileconfig") ||
		!strings.Contains(page, rt.Engine.CA().Fingerprint()) || !strings.Contains(page, `data-probe="`+rt.Engine.Info().PortalURL+`portal.js"`) {
		t.Fatalf("download /me %d:\n%s", st, page)
	}
	if strings.Contains(page, `type="password"`) || strings.Contains(page, "<form") {
		t.Fatal("the plain-HTTP page asks for something")
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src "+strings.TrimSuffix(rt.Engine.Info().PortalURL, "/")+";") {
		t.Fatalf("CSP %q", csp)
	}

	// The gateway: sign in first, then back to /me (not the device request).
	st, loc := func() (int, string) {
		st, h, _ := g.do("GET", gateway.MePath, nil, nil)
		return st, h.Get("Location")
	}()
	if st != http.StatusSeeOther || loc != "/_sekisho/login?next=%2F_sekisho%2Fme" {
		t.Fatalf("no session: %d %q", st, loc)
	}
	_, _, login := g.do("GET", loc, nil, nil)
	m := csrfRe.FindStringSubmatch(login)
	st, h, _ = g.do("POST", "/_sekisho/login", url.Values{"user": {"u1"}, "password": {pw.Password}, "csrf": {m[1]}, "next": {gateway.MePath}}, nil)
	if st != http.StatusSeeOther || h.Get("Location") != gateway.MePath {
		t.Fatalf("sign-in: %d %q", st, h.Get("Location"))
	}
	_, _, mePage := g.do("GET", gateway.MePath, nil, nil)
	if !strings.Contains(mePage, "山田 太郎 (u1)") || !strings.Contains(mePage, "u1</td>") {
		t.Fatalf("self-service page:\n%s", mePage)
	}

	st, result := meIssue(t, g, androidUA)
	pass, file := passRe.FindStringSubmatch(result), fileRe.FindStringSubmatch(result)
	if st != 200 || pass == nil || file == nil {
		t.Fatalf("issue: %d\n%s", st, result)
	}
	passphrase, fileURL := html.UnescapeString(pass[1]), html.UnescapeString(file[1])
	if !strings.HasPrefix(fileURL, download+"d/") || !strings.HasSuffix(fileURL, "/p12") {
		t.Fatalf("file URL %s", fileURL)
	}
	st, _, p12 := get(t, c, "GET", fileURL, androidUA)
	if st != 200 {
		t.Fatalf("download: %d", st)
	}
	key, leaf, _, err := pkcs12.DecodeChain(p12, passphrase)
	if err != nil || leaf.Subject.CommonName != "u1" {
		t.Fatalf("the file with the page's passphrase: %v %v", err, leaf)
	}
	if st, _, _ := get(t, c, "GET", fileURL, androidUA); st != http.StatusGone {
		t.Fatalf("second download: %d, want 410 (one use)", st)
	}

	// The earlier certificate is revoked; the new one is the user's and works.
	if oc, _ := s.Certs.Get(app.IDRequest{ID: old.Items[0].Cert.ID}); oc.State != "revoked" {
		t.Fatalf("earlier certificate %s", oc.State)
	}
	list, err := s.Certs.List(app.CertListRequest{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	serial := hex.EncodeToString(leaf.SerialNumber.Bytes())
	found := false
	for _, ce := range list.Items {
		found = found || (ce.Serial == serial && ce.State == "valid")
	}
	if !found {
		t.Fatalf("the new certificate %s is not the user's valid one: %+v", serial, list.Items)
	}
	cert := tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key, Leaf: leaf}
	_, _, js := newClient(t, rt, &cert, nil).do("GET", gateway.CheckPath+"?format=json", nil, nil)
	var check struct{ Cert struct{ State, User string } }
	if json.Unmarshal([]byte(js), &check); check.Cert.State != "ok" || check.Cert.User != "u1" {
		t.Fatalf("check with the new certificate: %s", js)
	}

	// Every step logged; the history names the person.
	rt.Engine.FlushAccessLog(context.Background())
	acc, err := s.Access.List(app.AccessListRequest{UserCode: "u1", PageRequest: app.PageRequest{PageSize: 100}})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]int{}
	for _, e := range acc.Items {
		reasons[e.Reason]++
	}
	if reasons[gateway.ReasonSignedIn] != 1 || reasons[gateway.ReasonSelfIssued] != 1 || reasons[""] < 2 {
		t.Fatalf("access log for u1: %v", reasons)
	}
	hist, err := s.History.List(app.HistoryListRequest{PageRequest: app.PageRequest{PageSize: 100}})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range hist.Items {
		if e.Actor == "self:u1" {
			actions[e.Action]++
		}
	}
	if len(actions) < 2 {
		t.Fatalf("history by self:u1: %v", actions)
	}

	// An iPhone gets the profile; three a day, then a clear refusal.
	st, result = meIssue(t, g, iphone)
	if f := fileRe.FindStringSubmatch(result); st != 200 || f == nil || !strings.HasSuffix(f[1], "/mobileconfig") {
		t.Fatalf("iPhone issue: %d", st)
	}
	if st, _ = meIssue(t, g, iphone); st != 200 {
		t.Fatalf("third issue: %d", st)
	}
	st, result = meIssue(t, g, iphone)
	if st != http.StatusTooManyRequests || passRe.MatchString(result) {
		t.Fatalf("fourth issue: %d", st)
	}

	// Turned off again: the signed-in person can no longer issue.
	if _, err := s.Settings.Update(app.SettingsUpdate{SelfServiceEnabled: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := g.do("GET", gateway.MePath, nil, nil); st != http.StatusNotFound {
		t.Fatalf("gateway /me turned off: %d", st)
	}
}

// TestSelfServiceGuards: a user who must use a certificate issues one only
// from a device that presents their own valid certificate (a renewal: the
// password alone must not mint the second factor), and switching link
// downloads off (the incident switch) stops self-service, which would
// otherwise revoke the person's certificates and hand out nothing usable.
func TestSelfServiceGuards(t *testing.T) {
	rt, s, c := startWithServices(t)
	u, err := s.Users.Create(app.UserCreateRequest{Code: "rc1", Name: "証明書 必須"})
	if err != nil {
		t.Fatal(err)
	}
	pw, err := s.Users.ResetPassword(app.IDRequest{ID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{u.ID}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Users.SetRequireCert(app.SetFlagRequest{IDs: []string{u.ID}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Settings.Update(app.SettingsUpdate{SelfServiceEnabled: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	signIn := func(g *gwClient) string {
		t.Helper()
		_, _, login := g.do("GET", "/_sekisho/login?next=%2F_sekisho%2Fme", nil, nil)
		m := csrfRe.FindStringSubmatch(login)
		if st, h, _ := g.do("POST", "/_sekisho/login", url.Values{"user": {"rc1"}, "password": {pw.Password}, "csrf": {m[1]}, "next": {gateway.MePath}}, nil); st != 303 || h.Get("Location") != gateway.MePath {
			t.Fatalf("sign-in: %d %q", st, h.Get("Location"))
		}
		return m[1]
	}

	// A password, no certificate: no form, and a POST is refused; nothing
	// issued or revoked.
	g := newClient(t, rt, nil, nil)
	csrf := signIn(g)
	if _, _, page := g.do("GET", gateway.MePath, nil, nil); !strings.Contains(page, `data-testid="me-needs-cert"`) || strings.Contains(page, `data-testid="me-issue"`) {
		t.Fatalf("page without the certificate:\n%s", page)
	}
	if st, _, body := g.do("POST", gateway.MePath, url.Values{"csrf": {csrf}}, nil); st != http.StatusForbidden || passRe.MatchString(body) {
		t.Fatalf("without the certificate: %d", st)
	}
	if fc, _ := s.Certs.Get(app.IDRequest{ID: first.Items[0].Cert.ID}); fc.State != "valid" {
		t.Fatalf("the certificate was touched: %s", fc.State)
	}

	// From the device that holds their certificate: a renewal.
	own := clientCert(t, s, first.Items[0])
	g2 := newClient(t, rt, &own, nil)
	signIn(g2)
	if st, body := meIssue(t, g2, androidUA); st != 200 || !passRe.MatchString(body) || !strings.Contains(body, `data-testid="me-revoked"`) {
		t.Fatalf("with the certificate: %d\n%s", st, body)
	}

	// Link downloads off: self-service is off too, on both pages.
	if _, err := s.Settings.Update(app.SettingsUpdate{LinkDownloadsEnabled: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := get(t, c, "GET", rt.Engine.Info().DownloadURL+"me", androidUA); st != http.StatusNotFound {
		t.Fatalf("download /me with link downloads off: %d", st)
	}
	if st, _, _ := g2.do("GET", gateway.MePath, nil, nil); st != http.StatusNotFound {
		t.Fatalf("gateway /me with link downloads off: %d", st)
	}
}
