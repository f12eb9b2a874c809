package boot

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sekisho/app"

	"software.sslmate.com/src/go-pkcs12"
)

// upstream echoes what the gateway forwarded.
func upstream(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{
			"user": r.Header.Get("X-Sekisho-User"), "cert": r.Header.Get("X-Sekisho-Cert"),
			"forged": r.Header.Get("X-Sekisho-Extra"), "path": r.URL.Path,
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// clientCert turns an issued certificate into a tls.Certificate through the
// stored PKCS#12, as a phone would.
func clientCert(t *testing.T, s *app.Services, is app.IssuedCert) tls.Certificate {
	t.Helper()
	f, err := s.Certs.Download(app.DownloadRequest{ID: is.Cert.ID, Format: "p12"})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := base64.StdEncoding.DecodeString(f.DataBase64)
	key, cert, _, err := pkcs12.DecodeChain(data, is.Passphrase)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
}

type gwClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newClient(t *testing.T, rt *Runtime, cert *tls.Certificate, cache tls.ClientSessionCache) *gwClient {
	cfg := &tls.Config{RootCAs: rt.CA.Pool(), ClientSessionCache: cache}
	if cert != nil {
		cfg.Certificates = []tls.Certificate{*cert}
	}
	jar, _ := cookiejar.New(nil)
	return &gwClient{t: t, base: strings.TrimSuffix(strings.TrimPrefix(rt.Lines[2], "gateway "), "/"),
		c: &http.Client{Timeout: 10 * time.Second, Jar: jar, Transport: &http.Transport{TLSClientConfig: cfg},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (g *gwClient) do(method, path string, form url.Values, hdr map[string]string) (int, http.Header, string) {
	g.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, g.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := g.c.Do(req)
	if err != nil {
		g.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func (g *gwClient) expect(path string, status int, deny string) string {
	g.t.Helper()
	st, h, body := g.do("GET", path, nil, map[string]string{"X-Sekisho-User": "admin", "X-Sekisho-Extra": "x", "Connection": "X-Sekisho-User, X-Sekisho-Cert"})
	if st != status || h.Get("X-Sekisho-Deny") != deny {
		g.t.Fatalf("GET %s = %d deny=%q, want %d %q\n%s", path, st, h.Get("X-Sekisho-Deny"), status, deny, body)
	}
	return body
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (g *gwClient) login(code, pw string) (int, string) {
	g.t.Helper()
	_, _, page := g.do("GET", "/_sekisho/login?next=%2Fapp%2F", nil, nil)
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		g.t.Fatalf("no csrf input on the sign-in page:\n%s", page)
	}
	st, h, _ := g.do("POST", "/_sekisho/login", url.Values{"user": {code}, "password": {pw}, "csrf": {m[1]}, "next": {"/app/"}}, nil)
	return st, h.Get("Location")
}

func TestGatewayEndToEnd(t *testing.T) {
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
	// A valid shared certificate exists throughout, so the fail-open row
	// (no valid certificate at all) is not in effect.
	_, err = s.Certs.IssueShared(app.IssueSharedRequest{Name: "Office", Enabled: true})
	must(err)
	yasui, err := s.Users.Create(app.UserCreateRequest{Code: "000419", Name: "安井"})
	must(err)
	_, err = s.Users.SetRequireCert(app.SetFlagRequest{IDs: []string{yasui.ID}, Enabled: true})
	must(err)
	personal, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{yasui.ID}, Enabled: true})
	must(err)
	cert := clientCert(t, s, personal.Items[0])

	cache := tls.NewLRUClientSessionCache(8)
	c := newClient(t, rt, &cert, cache)
	body := c.expect("/app/page", 200, "")
	var echo map[string]string
	json.Unmarshal([]byte(body), &echo)
	if echo["user"] != "000419" || echo["cert"] != "000419" || echo["forged"] != "" || echo["path"] != "/app/page" {
		t.Fatalf("upstream saw %v", echo)
	}

	// Revocation on the same keep-alive connection, and on a resumed session.
	_, err = s.Certs.Revoke(app.RevokeRequest{ID: personal.Items[0].Cert.ID, Confirm: true})
	must(err)
	c.expect("/app/page", 403, "certificate_revoked")
	c.c.Transport.(*http.Transport).CloseIdleConnections()
	resumed := false
	c.c.Transport.(*http.Transport).TLSClientConfig.VerifyConnection = func(cs tls.ConnectionState) error {
		resumed = resumed || cs.DidResume
		return nil
	}
	c.expect("/app/page", 403, "certificate_revoked")
	if !resumed {
		t.Log("note: the TLS session was not resumed (TLS 1.3 tickets arrive after the first request)")
	}

	// A new certificate; then suspension, and an IP rule that excludes loopback.
	again, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{yasui.ID}, Enabled: true})
	must(err)
	cert2 := clientCert(t, s, again.Items[0])
	c2 := newClient(t, rt, &cert2, nil)
	c2.expect("/app/", 200, "")
	_, err = s.Users.SetSuspended(app.SetSuspendedRequest{IDs: []string{yasui.ID}, Suspended: true})
	must(err)
	c2.expect("/app/", 403, "user_suspended")
	_, err = s.Users.SetSuspended(app.SetSuspendedRequest{IDs: []string{yasui.ID}, Suspended: false})
	must(err)
	c2.expect("/app/", 200, "")
	rule, err := s.IPRules.Create(app.IPRuleCreateRequest{Name: "LAN", Address: "192.0.2.0/24", Enabled: true, Confirm: true})
	must(err)
	c2.expect("/app/", 403, "ip_not_allowed")
	_, err = s.IPRules.Delete(app.IPRuleDeleteRequest{ID: rule.ID, Confirm: true})
	must(err)

	// Disabled, then an expired certificate.
	_, err = s.Certs.Update(app.CertUpdateRequest{ID: again.Items[0].Cert.ID, Enabled: ptr(false)})
	must(err)
	c2.expect("/app/", 403, "certificate_disabled")
	old, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{yasui.ID}, NotBefore: "2020-01-01", NotAfter: "2020-12-31", Enabled: true})
	must(err)
	pastCert := clientCert(t, s, old.Items[0])
	newClient(t, rt, &pastCert, nil).expect("/app/", 403, "certificate_expired")

	// Sign-in: wrong password, then right; a personal cert of someone else.
	pw, err := s.Users.ResetPassword(app.IDRequest{ID: yasui.ID})
	must(err)
	anon := newClient(t, rt, nil, nil)
	if st, _ := anon.login("000419", "wrong"); st != 401 {
		t.Errorf("wrong password: %d", st)
	}
	st, loc := anon.login("000419", pw.Password)
	if st != 303 || loc != "/app/" {
		t.Fatalf("sign-in: %d %q", st, loc)
	}
	anon.expect("/app/", 403, "certificate_required") // signed in, requires a certificate, none presented
	_, err = s.Users.SetRequireCert(app.SetFlagRequest{IDs: []string{yasui.ID}, Enabled: false})
	must(err)
	body = anon.expect("/app/", 200, "")
	json.Unmarshal([]byte(body), &echo)
	if echo["user"] != "000419" || echo["cert"] != "" {
		t.Errorf("session user not forwarded: %v", echo)
	}

	// Device designation: request → pending → approved → rejected.
	_, err = s.Users.SetRequireDevice(app.SetFlagRequest{IDs: []string{yasui.ID}, Enabled: true})
	must(err)
	// The page first asked for (/app/?x=1) stays with the request, through
	// to 始める once approved.
	denied := anon.expect("/app/?x=1", 403, "device_required")
	if !strings.Contains(denied, `href="/_sekisho/device?next=%2Fapp%2F%3Fx%3D1"`) {
		t.Errorf("the deny page's device link does not keep the address:\n%s", denied)
	}
	_, _, page := anon.do("GET", "/_sekisho/device?next=%2Fapp%2F%3Fx%3D1", nil, map[string]string{"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"})
	m := csrfRe.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "iOS") || !strings.Contains(page, `name="next" value="/app/?x=1"`) {
		t.Fatalf("device form:\n%s", page)
	}
	st, h, _ := anon.do("POST", "/_sekisho/device", url.Values{"deviceName": {"営業用iPhone"}, "phone": {"090-1234-5678"}, "csrf": {m[1]}, "next": {"/app/?x=1"}},
		map[string]string{"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"})
	if st != 303 || h.Get("Location") != "/_sekisho/device?next=%2Fapp%2F%3Fx%3D1" {
		t.Fatalf("device request: %d %v", st, h)
	}
	_, _, page = anon.do("GET", h.Get("Location"), nil, nil)
	if !strings.Contains(page, `href="/_sekisho/device?next=%2Fapp%2F%3Fx%3D1"`) {
		t.Errorf("the pending page's reload link does not keep the address:\n%s", page)
	}
	anon.expect("/app/", 403, "device_pending")
	devs, err := s.Devices.List(app.DeviceListRequest{Status: "pending"})
	must(err)
	if devs.Total != 1 || devs.Items[0].OS != "iOS" || devs.Items[0].DeviceName != "営業用iPhone" || devs.Items[0].UserCode != "000419" {
		t.Fatalf("devices %+v", devs)
	}
	_, err = s.Devices.Approve(app.IDsRequest{IDs: []string{devs.Items[0].ID}})
	must(err)
	anon.expect("/app/", 200, "")
	_, _, page = anon.do("GET", "/_sekisho/device?next=%2Fapp%2F%3Fx%3D1", nil, nil)
	if !strings.Contains(page, "承認") && !strings.Contains(page, "Approved") {
		t.Errorf("status page after approval:\n%s", page)
	}
	if !strings.Contains(page, `data-testid="page-action" href="/app/?x=1"`) {
		t.Errorf("始める does not go to the page first asked for:\n%s", page)
	}
	// An unsafe next goes home.
	_, _, page = anon.do("GET", "/_sekisho/device?next=%2F%2Fevil.example%2F", nil, nil)
	if !strings.Contains(page, `data-testid="page-action" href="/"`) {
		t.Errorf("始める with an unsafe next:\n%s", page)
	}
	_, err = s.Devices.Reject(app.IDsRequest{IDs: []string{devs.Items[0].ID}})
	must(err)
	anon.expect("/app/", 403, "device_rejected")

	// A password reset ends the session.
	_, err = s.Users.SetRequireDevice(app.SetFlagRequest{IDs: []string{yasui.ID}, Enabled: false})
	must(err)
	anon.expect("/app/", 200, "")
	_, err = s.Users.ResetPassword(app.IDRequest{ID: yasui.ID})
	must(err)
	_, err = s.Routes.Update(app.RouteUpdateRequest{ID: "1", RequireSignIn: ptr(true)})
	must(err)
	st, h, _ = anon.do("GET", "/app/", nil, nil)
	if st != 303 || !strings.HasPrefix(h.Get("Location"), "/_sekisho/login") {
		t.Errorf("after password reset: %d %v (want a redirect to sign in)", st, h.Get("Location"))
	}

	// Every decision is in the access log, with the contract's reasons.
	rt.Engine.FlushAccessLog(context.Background()) // flush (the runtime's Close tolerates a second call)
	log, err := s.Access.List(app.AccessListRequest{Decision: "deny", PageRequest: app.PageRequest{PageSize: 100}})
	must(err)
	reasons := map[string]bool{}
	for _, e := range log.Items {
		reasons[e.Reason] = true
	}
	for _, r := range []string{"certificate_revoked", "user_suspended", "ip_not_allowed", "certificate_disabled", "certificate_expired",
		"certificate_required", "device_required", "device_pending", "device_rejected"} {
		if !reasons[r] {
			t.Errorf("access log lacks %s (has %v)", r, reasons)
		}
	}
	all, err := s.Access.List(app.AccessListRequest{UserCode: "000419", PageRequest: app.PageRequest{PageSize: 100}})
	must(err)
	named := false
	for _, e := range all.Items {
		named = named || e.Device == "営業用iPhone"
	}
	if !named {
		t.Error("access log never names the device")
	}
	u, _ := s.Users.Get(app.IDRequest{ID: yasui.ID})
	if u.LastAuthCertName != "000419" || u.LastAuthAt == "" {
		t.Errorf("last authentication not recorded: %+v", u)
	}
}

func TestGatewayRefusesBadTLSClients(t *testing.T) {
	rt, _, _ := startWithServices(t)
	addr := strings.TrimSuffix(strings.TrimPrefix(rt.Lines[2], "gateway https://"), "/")

	// A certificate from another CA fails the handshake. (Sent regardless of
	// the CA the server names: a client would not offer it by itself.)
	other := foreignClientCert(t)
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: rt.CA.Pool(),
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &other, nil }})
	if err == nil {
		_, err = conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
		if err == nil {
			_, err = conn.Read(make([]byte, 1))
		}
		conn.Close()
	}
	if err == nil {
		t.Error("a foreign CA's certificate was accepted")
	}
	// Garbage instead of a handshake, and a slow client, do not block others.
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	raw.Write([]byte("this is not TLS\r\n\r\n"))
	slow, _ := net.Dial("tcp", addr)
	defer slow.Close()
	good := newClient(t, rt, nil, nil)
	st, _, _ := good.do("GET", "/", nil, nil)
	if st != 404 { // no route configured: the "no app here" page
		t.Errorf("a good client got %d while bad ones were connected", st)
	}
	raw.Close()
}

func foreignClientCert(t *testing.T) tls.Certificate {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	srv.StartTLS()
	defer srv.Close()
	c := srv.TLS.Certificates[0]
	leaf, _ := x509.ParseCertificate(c.Certificate[0])
	c.Leaf = leaf
	return c
}
