package engine

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/gateway"
)

// clientOf issues a client certificate from the engine's CA in use.
func clientOf(t *testing.T, e *Engine, cn string) tls.Certificate {
	t.Helper()
	key, err := ca.NewKey(ca.ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	now := e.now()
	cert, err := e.CA().IssueClient(ca.ClientRequest{CommonName: cn, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(90 * 24 * time.Hour), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
}

// gatewayAccepts makes a request to the gateway with cert, trusting only
// roots for the server (a device that installed those roots), and returns
// the error of the handshake or of the first read (TLS 1.3 reports a
// refused client certificate there).
func gatewayAccepts(t *testing.T, e *Engine, roots []*x509.Certificate, cert tls.Certificate) error {
	t.Helper()
	pool := x509.NewCertPool()
	for _, r := range roots {
		pool.AddCert(r)
	}
	conn, err := tls.Dial("tcp", e.Listening("gateway").String(), &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", Time: e.now,
		// Sent whatever CAs the server names (Go's client would send none
		// for an unnamed CA, and the request would pass without one).
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert, nil }})
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"); err != nil {
		return err
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = conn.Read(make([]byte, 1))
	return err
}

// crls parses every CRL in the engine's CRL file.
func crls(t *testing.T, b []byte) []*x509.RevocationList {
	t.Helper()
	var out []*x509.RevocationList
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			return out
		}
		l, err := x509.ParseRevocationList(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
}

// TestRenewCASameKey: a renewal with the same key gives a CA certificate
// with new dates; certificates issued before pass the gateway, a device
// that trusts only the old root still trusts the server, the CRL verifies
// under both, configuration profiles keep their identifiers, and a restart
// keeps it all.
func TestRenewCASameKey(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t.TempDir())
	clock := &fakeClock{t: time.Now()}
	e := mustStart(t, cfg, Options{Now: clock.Now})
	old := e.CA().Cert
	before := clientOf(t, e, "000419")
	profile := func(c *ca.CA) []byte {
		t.Helper()
		b, err := c.MobileConfig([]byte("p12"), "a.p12", ca.ProfileOwner{Key: "user:000419", DisplayName: "安井"})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	idBefore := profileID(t, profile(e.CA()))

	// A year later.
	clock.Add(365 * 24 * time.Hour)
	st, err := e.RenewCA(ctx, "test", CARenewSameKey, 0)
	if err != nil {
		t.Fatal(err)
	}
	renewed := e.CA().Cert
	if renewed.Equal(old) || !bytes.Equal(renewed.RawSubject, old.RawSubject) || !ca.SameKey(renewed, old) {
		t.Fatalf("renewed CA %s: want a new certificate with the old subject and key", renewed.Subject)
	}
	if !renewed.NotAfter.After(old.NotAfter.Add(364 * 24 * time.Hour)) {
		t.Errorf("renewed CA ends %v, old %v", renewed.NotAfter, old.NotAfter)
	}
	if st.Active.Fingerprint != ca.Fingerprint(renewed) || len(st.Previous) != 1 || !st.Previous[0].SameKey || st.Previous[0].Fingerprint != ca.Fingerprint(old) {
		t.Errorf("state %+v", st)
	}
	// Certificates from before, a device with only the old root or only
	// the new one: all pass.
	for name, roots := range map[string][]*x509.Certificate{"old root": {old}, "new root": {renewed}} {
		if err := gatewayAccepts(t, e, roots, before); err != nil {
			t.Errorf("%s, certificate issued before the renewal: %v", name, err)
		}
		if err := gatewayAccepts(t, e, roots, clientOf(t, e, "000420")); err != nil {
			t.Errorf("%s, certificate issued after the renewal: %v", name, err)
		}
	}
	lists := crls(t, e.CRL())
	if len(lists) != 1 {
		t.Fatalf("%d CRLs, want 1", len(lists))
	}
	for _, root := range []*x509.Certificate{old, renewed} {
		if err := lists[0].CheckSignatureFrom(root); err != nil {
			t.Errorf("CRL under %s: %v", root.SerialNumber, err)
		}
	}
	if lists[0].Number.Int64() < 2 {
		t.Errorf("CRL number %v: the renewal must go on counting", lists[0].Number)
	}
	if got := profileID(t, profile(e.CA())); got != idBefore {
		t.Errorf("profile identifier %s after the renewal, %s before: iOS would keep both", got, idBefore)
	}
	h, _, err := e.DB.ListHistory(ctx, "ca", 0, 10)
	if err != nil || len(h) == 0 || h[0].Action != "ca.renew" {
		t.Errorf("history %+v (%v), want ca.renew first", h, err)
	}

	e.Close(ctx)
	e2 := mustStart(t, cfg, Options{Now: clock.Now})
	if !e2.CA().Cert.Equal(renewed) {
		t.Error("a restart went back to the old CA certificate")
	}
	if got := profileID(t, profile(e2.CA())); got != idBefore {
		t.Errorf("profile identifier %s after a restart, want %s", got, idBefore)
	}
	if err := gatewayAccepts(t, e2, []*x509.Certificate{old}, before); err != nil {
		t.Errorf("after a restart: %v", err)
	}
}

// profileID is a configuration profile's top-level PayloadIdentifier.
func profileID(t *testing.T, profile []byte) string {
	t.Helper()
	// The last <key>PayloadIdentifier</key> is the profile's own.
	i := bytes.LastIndex(profile, []byte("<key>PayloadIdentifier</key>"))
	if i < 0 {
		t.Fatal("no PayloadIdentifier")
	}
	rest := profile[i:]
	a := bytes.Index(rest, []byte("<string>")) + len("<string>")
	b := bytes.Index(rest, []byte("</string>"))
	return string(rest[a:b])
}

// TestRenewCANewKey: a new CA with an overlap. During it the gateway takes
// certificates from both CAs, the server stays trusted by devices that have
// only the old root, the portal's PEM and the profiles carry both roots,
// and the CRL is signed by both. When the overlap ends (a moved clock) the
// old CA's certificates are refused, the server certificate comes from the
// new CA, and the CRL is the new CA's only. Out-of-range overlaps change
// nothing.
func TestRenewCANewKey(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t.TempDir())
	clock := &fakeClock{t: time.Now()}
	e := mustStart(t, cfg, Options{Now: clock.Now})
	old := e.CA().Cert
	before := clientOf(t, e, "000419")

	for _, bad := range []time.Duration{0, time.Hour, 21 * 365 * 24 * time.Hour} {
		if _, err := e.RenewCA(ctx, "test", CARenewNewKey, bad); !errors.Is(err, ErrCAOverlap) {
			t.Errorf("overlap %v: %v, want ErrCAOverlap", bad, err)
		}
	}
	if _, err := e.RenewCA(ctx, "test", "sideways", 0); err == nil {
		t.Error("an unknown mode was accepted")
	}
	if !e.CA().Cert.Equal(old) {
		t.Fatal("a refused renewal changed the CA")
	}

	st, err := e.RenewCA(ctx, "test", CARenewNewKey, 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	next := e.CA().Cert
	if ca.SameKey(next, old) || next.Subject.CommonName == old.Subject.CommonName {
		t.Fatalf("new CA %q has the old key or name", next.Subject.CommonName)
	}
	if len(st.Previous) != 1 || st.Previous[0].SameKey || !st.Previous[0].Trusted {
		t.Errorf("state %+v", st)
	}
	after := clientOf(t, e, "000420")
	if err := gateway.VerifyClient(after.Leaf, next); err != nil {
		t.Fatalf("new certificates come from the new CA: %v", err)
	}
	// The overlap: old and new certificates pass, for a device with the
	// old root only and one with both.
	for name, roots := range map[string][]*x509.Certificate{"old root": {old}, "both roots": {old, next}} {
		for cn, c := range map[string]tls.Certificate{"before": before, "after": after} {
			if err := gatewayAccepts(t, e, roots, c); err != nil {
				t.Errorf("overlap, %s, certificate %s: %v", name, cn, err)
			}
		}
	}
	pemBundle := portalCA{e}.CertificatePEM()
	if n := bytes.Count(pemBundle, []byte("BEGIN CERTIFICATE")); n != 2 || !bytes.HasPrefix(pemBundle, e.CA().CertPEM) {
		t.Errorf("portal PEM holds %d certificates (new first: %v), want both roots", n, bytes.HasPrefix(pemBundle, e.CA().CertPEM))
	}
	mc, err := e.CA().MobileConfig([]byte("p12"), "a.p12", ca.ProfileOwner{Key: "user:1", DisplayName: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(mc, []byte("com.apple.security.root")) != 2 {
		t.Error("the profile does not carry both roots during the overlap")
	}
	lists := crls(t, e.CRL())
	if len(lists) != 2 || lists[0].CheckSignatureFrom(next) != nil || lists[1].CheckSignatureFrom(old) != nil {
		t.Errorf("%d CRLs during the overlap, want the new CA's then the old one's", len(lists))
	}

	// A restart in the overlap keeps it.
	e.Close(ctx)
	e = mustStart(t, cfg, Options{Now: clock.Now})
	if err := gatewayAccepts(t, e, []*x509.Certificate{old}, before); err != nil {
		t.Errorf("overlap after a restart: %v", err)
	}

	// The overlap ends.
	clock.Add(31 * 24 * time.Hour)
	if err := e.endOverlaps(ctx); err != nil {
		t.Fatal(err)
	}
	if err := gatewayAccepts(t, e, []*x509.Certificate{next}, before); err == nil || !strings.Contains(err.Error(), "bad certificate") {
		t.Errorf("a certificate of the old CA after the overlap: %v, want the client certificate refused", err)
	}
	if err := gatewayAccepts(t, e, []*x509.Certificate{next}, after); err != nil {
		t.Errorf("after the overlap, with the new root: %v", err)
	}
	if err := gatewayAccepts(t, e, []*x509.Certificate{old}, after); err == nil {
		t.Error("after the overlap the server is still trusted by the old root alone")
	}
	if lists := crls(t, e.CRL()); len(lists) != 1 || lists[0].CheckSignatureFrom(next) != nil {
		t.Errorf("%d CRLs after the overlap, want the new CA's only", len(lists))
	}
	if n := bytes.Count(portalCA{e}.CertificatePEM(), []byte("BEGIN CERTIFICATE")); n != 1 {
		t.Errorf("portal PEM holds %d certificates after the overlap", n)
	}
	st, err = e.CAState(ctx)
	if err != nil || len(st.Previous) != 1 || st.Previous[0].Trusted {
		t.Errorf("state after the overlap %+v (%v)", st, err)
	}
	forgotten := func(e *Engine) {
		t.Helper()
		prevs, err := e.DB.PreviousCAs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range prevs {
			if !p.SameKey && !p.TrustedUntil.After(clock.Now()) && len(p.KeySealed) != 0 {
				t.Errorf("the key of a CA whose overlap ended %v is still stored", p.TrustedUntil)
			}
		}
	}
	forgotten(e)

	// Another change of key whose overlap ends while the engine is stopped:
	// the next start signs a CRL for the CA in use only, and forgets the
	// ended CA's key.
	if _, err := e.RenewCA(ctx, "test", CARenewNewKey, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	// Re-signed late in the overlap (a revocation, the daily refresh), so
	// the stored CRL is still young when the engine starts again.
	clock.Add(23 * time.Hour)
	if err := e.RefreshCRL(ctx, true); err != nil {
		t.Fatal(err)
	}
	if lists := crls(t, e.CRL()); len(lists) != 2 {
		t.Fatalf("%d CRLs in the second overlap", len(lists))
	}
	e.Close(ctx)
	clock.Add(2 * time.Hour)
	e = mustStart(t, cfg, Options{Now: clock.Now})
	if lists := crls(t, e.CRL()); len(lists) != 1 || lists[0].CheckSignatureFrom(e.CA().Cert) != nil {
		t.Errorf("%d CRLs after an overlap ended while stopped, want the CA in use's only", len(lists))
	}
	forgotten(e)
}
