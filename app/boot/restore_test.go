package boot

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"maps"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"sekisho/app"
	"sekisho/backend/backup"
	"sekisho/backend/gateway"
	"sekisho/backend/i18n"
	"sekisho/backend/store"
)

// restoredHost is the --public-host of the engine started on the restored
// folder: the backup carries the CA, not the LAN server certificate, so the
// new machine issues its own for its own name.
const restoredHost = "sekisho-restored.test"

// TestBackupRoundTrip (issue 10, item 6): a backup taken from a running
// engine while the gateway serves requests, restored into a new folder and
// started on other ports under another public host, is the same Sekisho:
// the same CA, the same users, certificates (with their states),
// revocations, IP rules, routes, devices and settings; a certificate issued
// before the backup still passes the gateway, the revoked and disabled ones
// are still denied, an approved device is still approved, and the CRL the
// new engine serves is the CA's and lists the revoked serial.
func TestBackupRoundTrip(t *testing.T) {
	ctx := context.Background()
	rt, s, _ := startWithServices(t)
	up := upstream(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// ---- Populate through the admin's services, as the UI would. ----

	// Settings are in the backup too (ECDSA also keeps issuance fast).
	_, err := s.Settings.Update(app.SettingsUpdate{KeyAlgorithm: ptr(app.KeyAlgorithm("ecdsa-p256")), OrganizationName: ptr("安井商事"), LinkMaxUses: ptr(7)})
	must(err)
	// Two routes: the one the test goes through, and a disabled one whose
	// flags must survive as they are.
	_, err = s.Routes.Create(app.RouteCreateRequest{Name: "Wiki", PathPrefix: "/app", Upstream: up.URL, Enabled: true})
	must(err)
	_, err = s.Routes.Create(app.RouteCreateRequest{Name: "Payroll", Host: "payroll.lan", PathPrefix: "/pay", Upstream: up.URL,
		RequireSignIn: true, RequireCertificate: true, Enabled: false})
	must(err)
	// IP rules: loopback is allowed (the test's client), so enforcing rules
	// are in effect on both engines; a disabled one too.
	_, err = s.IPRules.Create(app.IPRuleCreateRequest{Name: "Loopback", Description: "this machine", Address: "127.0.0.0/8", Enabled: true, Confirm: true})
	must(err)
	_, err = s.IPRules.Create(app.IPRuleCreateRequest{Name: "Branch", Address: "192.0.2.0/24", Enabled: false, Confirm: true})
	must(err)
	// A shared certificate (also keeps the fail-open row out of effect).
	shared, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Office", Enabled: true})
	must(err)
	// Users: two who require a certificate, one who requires an approved
	// device, and a suspended one.
	yasui, err := s.Users.Create(app.UserCreateRequest{Code: "000419", Name: "安井 徳彦"})
	must(err)
	_, err = s.Users.SetRequireCert(app.SetFlagRequest{IDs: []string{yasui.ID}, Enabled: true})
	must(err)
	tanaka, err := s.Users.Create(app.UserCreateRequest{Code: "000420", Name: "田中 花子"})
	must(err)
	_, err = s.Users.SetRequireCert(app.SetFlagRequest{IDs: []string{tanaka.ID}, Enabled: true})
	must(err)
	sato, err := s.Users.Create(app.UserCreateRequest{Code: "000421", Name: "佐藤 次郎"})
	must(err)
	_, err = s.Users.SetRequireDevice(app.SetFlagRequest{IDs: []string{sato.ID}, Enabled: true})
	must(err)
	suzuki, err := s.Users.Create(app.UserCreateRequest{Code: "000422", Name: "鈴木 三郎", Group: "営業"})
	must(err)
	// Personal certificates: yasui's first one is revoked (a lost phone),
	// his second one is valid; tanaka's is disabled; suzuki's is valid but
	// suzuki is suspended.
	lost, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{yasui.ID}, Enabled: true})
	must(err)
	lostCert := clientCert(t, s, lost.Items[0])
	personal, err := s.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: []string{yasui.ID, tanaka.ID, suzuki.ID}, Enabled: true})
	must(err)
	var yasuiIssued, tanakaIssued, suzukiIssued app.IssuedCert
	for _, it := range personal.Items {
		switch it.Cert.UserID {
		case yasui.ID:
			yasuiIssued = it
		case tanaka.ID:
			tanakaIssued = it
		case suzuki.ID:
			suzukiIssued = it
		}
	}
	yasuiCert, tanakaCert, suzukiCert := clientCert(t, s, yasuiIssued), clientCert(t, s, tanakaIssued), clientCert(t, s, suzukiIssued)
	sharedCert := clientCert(t, s, shared)
	revoked, err := s.Certs.Revoke(app.RevokeRequest{ID: lost.Items[0].Cert.ID, Reason: "lost", Confirm: true})
	must(err)
	_, err = s.Certs.Update(app.CertUpdateRequest{ID: tanakaIssued.Cert.ID, Enabled: ptr(false)})
	must(err)
	_, err = s.Users.SetSuspended(app.SetSuspendedRequest{IDs: []string{suzuki.ID}, Suspended: true})
	must(err)

	// The device: sato signs in at the gateway, asks for this browser to
	// be designated, and the admin approves it.
	satoPW, err := s.Users.ResetPassword(app.IDRequest{ID: sato.ID})
	must(err)
	satoC := newClient(t, rt, nil, nil)
	if st, _ := satoC.login(sato.Code, satoPW.Password); st != 303 {
		t.Fatalf("sato's sign-in: %d", st)
	}
	satoC.expect("/app/", 403, "device_required")
	_, _, page := satoC.do("GET", "/_sekisho/device", nil, nil)
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no device form:\n%s", page)
	}
	if st, _, body := satoC.do("POST", "/_sekisho/device", url.Values{"deviceName": {"経理のPC"}, "phone": {""}, "csrf": {m[1]}}, nil); st != 303 {
		t.Fatalf("device request: %d\n%s", st, body)
	}
	devs, err := s.Devices.List(app.DeviceListRequest{Status: "pending"})
	must(err)
	if devs.Total != 1 {
		t.Fatalf("pending devices: %+v", devs)
	}
	_, err = s.Devices.Approve(app.IDsRequest{IDs: []string{devs.Items[0].ID}})
	must(err)

	// The first engine's decisions, which the restored one must repeat.
	yasuiC := newClient(t, rt, &yasuiCert, nil)
	yasuiC.expect("/app/", 200, "")
	newClient(t, rt, &sharedCert, nil).expect("/app/", 200, "")
	newClient(t, rt, &lostCert, nil).expect("/app/", 403, "certificate_revoked")
	newClient(t, rt, &tanakaCert, nil).expect("/app/", 403, "certificate_disabled")
	newClient(t, rt, &suzukiCert, nil).expect("/app/", 403, "user_suspended")
	satoC.expect("/app/", 200, "")
	// Write the last-authentication rows now, so that the traffic below
	// only moves their times.
	must(rt.Engine.FlushAccessLog(ctx))

	// ---- Back up while the gateway serves requests. ----

	// Requests with yasui's certificate, each of which must get the
	// upstream's 200: the backup starts once a few have passed, and the
	// loop runs until the backup is done (bounded: 60 s, 20000 requests),
	// pausing a little between requests so as not to starve scrypt.
	traffic := yasuiC.c
	stop, started := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	var served atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			select {
			case <-started:
			default:
				close(started)
			}
		}()
		deadline := time.Now().Add(60 * time.Second)
		for n := int64(0); n < 20000 && time.Now().Before(deadline); n++ {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := traffic.Get(yasuiC.base + fmt.Sprintf("/app/during-backup/%d", n))
			if err != nil {
				t.Errorf("request %d during the backup: %v", n, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("request %d during the backup: %d deny=%q", n, resp.StatusCode, resp.Header.Get("X-Sekisho-Deny"))
				return
			}
			if served.Add(1) == 3 {
				close(started)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	<-started
	var buf bytes.Buffer
	const pass = "correct horse battery staple"
	began, servedBefore := time.Now(), served.Load()
	manifest, err := rt.Engine.Backup(ctx, &buf, pass)
	backupTook, servedDuring := time.Since(began), served.Load()-servedBefore
	close(stop)
	wg.Wait()
	must(err)
	if servedBefore < 3 || servedDuring < 1 {
		t.Fatalf("%d requests passed the gateway before the backup, %d while it ran", servedBefore, servedDuring)
	}
	t.Logf("backup: %d bytes in %v, %d gateway requests served while it ran", buf.Len(), backupTook.Round(time.Millisecond), servedDuring)
	if manifest.CAFingerprint != rt.CA.Fingerprint() {
		t.Errorf("manifest CA %s, engine's %s", manifest.CAFingerprint, rt.CA.Fingerprint())
	}
	// Nothing readable in the file: the passphrase protects it all.
	for _, leak := range []string{"SQLite format 3", "PRIVATE KEY", yasui.Code, "安井", up.URL} {
		if bytes.Contains(buf.Bytes(), []byte(leak)) {
			t.Errorf("the backup contains %q in clear", leak)
		}
	}

	// What the first engine holds, read once the traffic has stopped and
	// its access log is written; then it stops for good, so nothing below
	// can lean on it.
	must(rt.Engine.FlushAccessLog(ctx))
	before := snapshotRows(t, s)
	counts1, err := rt.Engine.DB.Counts(ctx)
	must(err)
	caPool, caCert, fp := rt.CA.Pool(), rt.CA.Certificate(), rt.CA.Fingerprint()
	must(rt.Close(ctx))

	// ---- Restore into a new folder; start on other ports and another
	// public host. ----

	dir := filepath.Join(t.TempDir(), "restored")
	began = time.Now()
	m2, err := backup.Restore(ctx, bytes.NewReader(buf.Bytes()), pass, dir, backup.RestoreOptions{})
	must(err)
	t.Logf("restore: %v", time.Since(began).Round(time.Millisecond))
	if m2.CAFingerprint != fp || m2.Counts != manifest.Counts {
		t.Errorf("Restore's manifest %+v, Backup's %+v", m2, manifest)
	}
	cfg2 := testConfig(dir)
	cfg2.PublicHost = restoredHost
	env2 := app.NewEnv(nil, app.ModeServe, i18n.EN)
	s2 := app.NewServices(env2)
	rt2, err := Start(ctx, cfg2, env2, s2, StartOptions{UI: fstest.MapFS{"index.html": {Data: []byte("ui")}}})
	must(err)
	t.Cleanup(func() { rt2.Close(context.Background()) })

	// Same CA.
	if got := rt2.CA.Fingerprint(); got != fp {
		t.Fatalf("restored CA %s, want %s", got, fp)
	}
	// The new engine's server certificate names the new public host and
	// chains to the same CA (verified against the first engine's pool).
	leaf := rt2.Engine.ServerCert().Leaf
	if leaf == nil {
		t.Fatal("the restored engine's server certificate has no leaf")
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: caPool, DNSName: restoredHost}); err != nil {
		t.Errorf("the restored server certificate for %s: %v (names %v)", restoredHost, err, leaf.DNSNames)
	}

	// Same rows: the counts (equal to the manifest's and to what the first
	// engine held after the traffic), and every row as the admin sees it.
	counts2, err := rt2.Engine.DB.Counts(ctx)
	must(err)
	want := store.Counts{Users: 4, Certificates: 5, Revocations: 1, IPRules: 2, Routes: 2, Devices: 1}
	if counts2 != manifest.Counts || counts2 != counts1 || counts2 != want {
		t.Errorf("restored counts %+v; manifest %+v; first engine %+v; want %+v", counts2, manifest.Counts, counts1, want)
	}
	after := snapshotRows(t, s2)
	for _, k := range slices.Sorted(maps.Keys(before)) {
		diffRows(t, k, before[k], after[k])
	}
	// The states themselves, in case both sides lost them alike.
	certs := after["certificates"].([]app.Cert)
	states := map[string]app.CertState{}
	for _, c := range certs {
		states[c.ID] = c.State
	}
	if states[revoked.ID] != "revoked" || states[tanakaIssued.Cert.ID] != "disabled" || states[yasuiIssued.Cert.ID] != "valid" || states[suzukiIssued.Cert.ID] != "valid" || states[shared.Cert.ID] != "valid" {
		t.Errorf("restored certificate states %v", states)
	}

	// ---- The restored gateway, at the address its start-up line gives
	// (the new public host, which the test resolves to the listener, as a
	// LAN's DNS would), verified against the first engine's CA pool. ----

	gwAddr := rt2.Engine.Listening("gateway").String()
	if wantLine := fmt.Sprintf("gateway https://%s:%d/", restoredHost, rt2.Engine.Listening("gateway").Port); rt2.Lines[2] != wantLine {
		t.Errorf("restored gateway line %q, want %q", rt2.Lines[2], wantLine)
	}
	client2 := func(cert *tls.Certificate, jar http.CookieJar) *gwClient {
		c := newClient(t, rt2, cert, nil)
		tr := c.c.Transport.(*http.Transport)
		tr.TLSClientConfig.RootCAs = caPool
		tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, gwAddr)
		}
		if jar != nil {
			c.c.Jar = jar
		}
		return c
	}
	// A certificate issued before the backup passes, as its user.
	body := client2(&yasuiCert, nil).expect("/app/after-restore", 200, "")
	if !bytes.Contains([]byte(body), []byte(`"user":"000419"`)) || !bytes.Contains([]byte(body), []byte(`"path":"/app/after-restore"`)) {
		t.Errorf("the upstream saw %s", body)
	}
	client2(&sharedCert, nil).expect("/app/", 200, "")
	// The revoked and the disabled certificates are still refused, and
	// the suspended user still is.
	client2(&lostCert, nil).expect("/app/", 403, "certificate_revoked")
	client2(&tanakaCert, nil).expect("/app/", 403, "certificate_disabled")
	client2(&suzukiCert, nil).expect("/app/", 403, "user_suspended")
	// The approved device: a fresh sign-in (the password survived) from
	// the browser that holds only its device cookie is let through;
	// without that cookie the same user is asked for a device.
	jar, _ := cookiejar.New(nil)
	u1, _ := url.Parse(satoC.base)
	u2, _ := url.Parse(client2(nil, nil).base)
	for _, c := range satoC.c.Jar.Cookies(u1) {
		if c.Name == gateway.DeviceCookie {
			jar.SetCookies(u2, []*http.Cookie{{Name: c.Name, Value: c.Value, Path: "/", Secure: true}})
		}
	}
	if len(jar.Cookies(u2)) != 1 {
		t.Fatalf("no device cookie in sato's browser: %v", satoC.c.Jar.Cookies(u1))
	}
	withDevice := client2(nil, jar)
	if st, _ := withDevice.login(sato.Code, satoPW.Password); st != 303 {
		t.Fatalf("sato's sign-in at the restored gateway: %d", st)
	}
	withDevice.expect("/app/", 200, "")
	other := client2(nil, nil)
	if st, _ := other.login(sato.Code, satoPW.Password); st != 303 {
		t.Fatalf("sato's sign-in from another browser: %d", st)
	}
	other.expect("/app/", 403, "device_required")

	// ---- The CRL the restored engine serves: the CA's, listing the
	// revoked serial and nothing else. ----

	blk, _ := pem.Decode(rt2.Engine.CRL())
	if blk == nil || blk.Type != "X509 CRL" {
		t.Fatalf("the restored engine's CRL is not a PEM CRL: %q", rt2.Engine.CRL())
	}
	crl, err := x509.ParseRevocationList(blk.Bytes)
	must(err)
	if err := crl.CheckSignatureFrom(caCert); err != nil {
		t.Errorf("the restored CRL is not signed by the CA: %v", err)
	}
	serial, ok := new(big.Int).SetString(revoked.Serial, 16)
	if !ok {
		t.Fatalf("revoked serial %q", revoked.Serial)
	}
	if len(crl.RevokedCertificateEntries) != 1 || crl.RevokedCertificateEntries[0].SerialNumber.Cmp(serial) != 0 {
		var got []string
		for _, e := range crl.RevokedCertificateEntries {
			got = append(got, e.SerialNumber.Text(16))
		}
		t.Errorf("the restored CRL lists %v, want only %s", got, revoked.Serial)
	}
	if !crl.NextUpdate.After(time.Now()) {
		t.Errorf("the restored CRL is stale: next update %v", crl.NextUpdate)
	}
}

// snapshotRows is what the admin sees of the rows a backup must carry:
// users, certificates, IP rules, routes, devices and the settings the test
// changed. The users' last authentication time is left out: gateway
// requests served after the backup's snapshot move it on the first engine.
func snapshotRows(t *testing.T, s *app.Services) map[string]any {
	t.Helper()
	users, err := s.Users.List(app.UserListRequest{PageRequest: app.PageRequest{PageSize: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range users.Items {
		users.Items[i].LastAuthAt = ""
	}
	certs, err := s.Certs.List(app.CertListRequest{PageRequest: app.PageRequest{PageSize: 100}})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := s.IPRules.List(app.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	routes, err := s.Routes.List(app.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	devices, err := s.Devices.List(app.DeviceListRequest{})
	if err != nil {
		t.Fatal(err)
	}
	set, err := s.Settings.Get(app.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{
		"users": users.Items, "certificates": certs.Items, "ip rules": rules.Items, "routes": routes.Items,
		"devices":  devices.Items,
		"settings": []any{set.OrganizationName, set.KeyAlgorithm, set.LinkMaxUses, set.StrictMode, set.DefaultValidityDays},
	}
}

// diffRows reports the rows of two lists (slices of one type) that differ,
// by position, or both lists when their lengths differ.
func diffRows(t *testing.T, what string, before, after any) {
	t.Helper()
	b, a := reflect.ValueOf(before), reflect.ValueOf(after)
	if b.Len() != a.Len() {
		t.Errorf("%s: %d before the backup, %d after the restore:\nbefore %+v\nafter  %+v", what, b.Len(), a.Len(), before, after)
		return
	}
	for i := range b.Len() {
		if x, y := b.Index(i).Interface(), a.Index(i).Interface(); !reflect.DeepEqual(x, y) {
			t.Errorf("%s[%d] differs after the restore:\nbefore %+v\nafter  %+v", what, i, x, y)
		}
	}
}
