package boot

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"sekisho/app"
	"sekisho/backend/ca"
	"sekisho/backend/engine"
	"sekisho/backend/gateway"
	"sekisho/backend/i18n"
	"sekisho/backend/store"
)

// TestDownloadListener: the plain-HTTP download listener serves a link's
// page and files and the CA's public certificates, and nothing else (no
// CRL, no sign-in, no admin API); the page leads to the gateway's check
// page, keeps a platform the person chose, and never carries the
// passphrase. The check reports the certificate's state.
func TestDownloadListener(t *testing.T) {
	rt, s, c := startWithServices(t)
	download := rt.Engine.Info().DownloadURL
	if !strings.HasPrefix(download, "http://127.0.0.1:") || rt.Engine.Listening("download") == nil {
		t.Fatalf("download listener %q", download)
	}
	is, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Sales1", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	link, err := s.Links.Create(app.LinkCreateRequest{CertID: is.Cert.ID, MaxUses: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link.URL, download+"d/") {
		t.Fatalf("link URL %s, want the download listener %s", link.URL, download)
	}

	status, h, body := get(t, c, "GET", link.URL, androidUA)
	page := string(body)
	check := rt.Engine.Info().GatewayURL + "_sekisho/check"
	if status != 200 || !strings.Contains(page, `href="`+check) || !strings.Contains(page, rt.Engine.CA().Fingerprint()) ||
		!strings.Contains(page, `data-testid="plain-note"`) || !strings.Contains(page, "CA 証明書") {
		t.Fatalf("page over HTTP %d:\n%s", status, page)
	}
	if strings.Contains(page, is.Passphrase) {
		t.Error("the page carries the passphrase")
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP %q", csp)
	}
	for path, want := range map[string]int{
		"cacert.cer": 200, "cacert.pem": 200, "ca.mobileconfig": 200, "portal.js": 200,
		"crl.pem": 404, "crl.crl": 404, "_sekisho/login": 404, "api/System.Info": 404, "healthz": 404,
	} {
		if st, _, _ := get(t, c, "GET", download+path, androidUA); st != want {
			t.Errorf("GET download %s = %d, want %d", path, st, want)
		}
	}
	st, h, p12 := get(t, c, "GET", link.URL+"/p12", androidUA)
	if st != 200 || h.Get("Content-Type") != "application/x-pkcs12" || len(p12) == 0 {
		t.Fatalf("p12 over HTTP: %d %s", st, h.Get("Content-Type"))
	}

	// HEAD on a personal certificate's file names it as the GET would.
	u, err := s.Users.Create(app.UserCreateRequest{Code: "u1", Name: "山田 太郎"})
	if err != nil {
		t.Fatal(err)
	}
	personal, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{u.ID}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	plink, err := s.Links.Create(app.LinkCreateRequest{CertID: personal.Items[0].Cert.ID})
	if err != nil {
		t.Fatal(err)
	}
	for format, want := range map[string]string{"p12": `attachment; filename="u1.p12"`, "mobileconfig": `inline; filename="u1.mobileconfig"`} {
		if st, h, _ := get(t, c, "HEAD", plink.URL+"/"+format, iphone); st != 200 || h.Get("Content-Disposition") != want {
			t.Errorf("HEAD %s: %d %q, want %q", format, st, h.Get("Content-Disposition"), want)
		}
	}

	// A platform chosen on the page stays.
	jar, _ := cookiejar.New(nil)
	phone := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	if st, _, body := get(t, phone, "GET", link.URL+"?os=windows", iphone); st != 200 || !strings.Contains(string(body), "インポートする証明書ファイル") {
		t.Fatalf("chosen Windows: %d", st)
	}
	if _, _, body := get(t, phone, "GET", link.URL, iphone); !strings.Contains(string(body), "インポートする証明書ファイル") {
		t.Error("the chosen platform did not stay")
	} else if !strings.Contains(string(body), `data-testid="thumbprint">`+ca.Thumbprint(rt.Engine.CA().Cert)+`<`) {
		t.Error("the Windows page lacks the SHA-1 thumbprint Windows shows")
	}
	// The iPhone page: the trust step names the CA; the root comes as a profile.
	if _, _, body := get(t, c, "GET", link.URL, iphone); !strings.Contains(string(body), "証明書信頼設定") ||
		!strings.Contains(string(body), rt.Engine.CA().Cert.Subject.CommonName) || !strings.Contains(string(body), `href="/ca.mobileconfig"`) {
		t.Error("the iPhone page lacks the trust step")
	}

	// The gateway's check: none, then the certificate's state.
	probe := func(cert *tls.Certificate) string {
		t.Helper()
		cfg := &tls.Config{RootCAs: rt.Engine.CA().Pool()}
		if cert != nil {
			cfg.Certificates = []tls.Certificate{*cert}
		}
		cl := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
		res, err := cl.Get(check + "?format=json")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out struct {
			TLS  bool
			Cert struct{ State, Name string }
		}
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || !out.TLS {
			t.Fatalf("check: %v %+v", err, out)
		}
		return out.Cert.State + " " + out.Cert.Name
	}
	cert := clientCert(t, s, is)
	if got := probe(nil); got != gateway.CheckCertNone+" " {
		t.Errorf("check without a certificate: %q", got)
	}
	if got := probe(&cert); got != gateway.CheckCertOK+" Sales1" {
		t.Errorf("check with the certificate: %q", got)
	}
	if _, err := s.Certs.Revoke(app.RevokeRequest{ID: is.Cert.ID, Confirm: true}); err != nil {
		t.Fatal(err)
	}
	if got := probe(&cert); got != "certificate_revoked Sales1" {
		t.Errorf("check with the revoked certificate: %q", got)
	}

}

// TestDownloadsHTTPSOnly: without a --download flag the setting decides:
// keeping everything on HTTPS stops the download listener at once and sends
// new links to the portal; switched back, the listener runs again.
func TestDownloadsHTTPSOnly(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutSettings(context.Background(), "test", map[string]any{engine.SettingDownloadPort: freeTCPPort(t)}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cfg := testConfig(dir)
	cfg.Download = "" // the setting decides
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	s := app.NewServices(env)
	rt, err := Start(context.Background(), cfg, env, s, StartOptions{UI: fstest.MapFS{"index.html": {Data: []byte("ui")}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(context.Background()) })
	if rt.Engine.Listening("download") == nil {
		t.Fatal("no download listener by default")
	}
	// Everything on HTTPS: no listener, links to the portal.
	if _, err := s.Settings.Update(app.SettingsUpdate{DownloadsHTTPSOnly: ptr(true), Confirm: true}); err != nil {
		t.Fatal(err)
	}
	if rt.Engine.Listening("download") != nil || rt.Engine.Info().DownloadURL != "" {
		t.Error("the download listener still runs with downloadsHttpsOnly")
	}
	is2, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Sales2", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	link2, err := s.Links.Create(app.LinkCreateRequest{CertID: is2.Cert.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link2.URL, rt.Engine.Info().PortalURL+"d/") {
		t.Errorf("link with downloadsHttpsOnly: %s", link2.URL)
	}
	if _, err := s.Settings.Update(app.SettingsUpdate{DownloadsHTTPSOnly: ptr(false), Confirm: true}); err != nil {
		t.Fatal(err)
	}
	if rt.Engine.Listening("download") == nil || rt.Engine.Info().DownloadURL == "" {
		t.Error("the download listener did not start again")
	}
}

// freeTCPPort returns a port nothing listens on now.
func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
