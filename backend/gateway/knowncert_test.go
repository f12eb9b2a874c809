package gateway

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/policy"
)

// leafFrom signs a client certificate with serial and cn by the CA whose
// certificate and PKCS#8 key are given.
func leafFrom(t *testing.T, issuer *x509.Certificate, keyDER []byte, serial int64, cn string) *x509.Certificate {
	t.Helper()
	k, err := x509.ParsePKCS8PrivateKey(keyDER)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &pub.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return leaf
}

// TestKnownCert: a presented certificate is the stored one only if its
// whole content matches (not just its serial: during a change of CA a
// leaked old key could sign a certificate with a known serial), and only
// while its CA is trusted (an overlap that ends refuses it on connections
// opened before).
func TestKnownCert(t *testing.T) {
	now := time.Now()
	old, oldKey, err := ca.New("Old", now)
	if err != nil {
		t.Fatal(err)
	}
	next, nextKey, err := ca.NewSuccessor("Old", old.Cert, now)
	if err != nil {
		t.Fatal(err)
	}
	issued := leafFrom(t, old.Cert, oldKey, 7, "000419")
	forged := leafFrom(t, old.Cert, oldKey, 7, "000419") // same serial, another key
	fromNext := leafFrom(t, next.Cert, nextKey, 8, "000420")
	snap := policy.Build(policy.Input{Certs: map[string]*policy.Cert{
		"07": {ID: 1, Name: "000419", Enabled: true, Until: now.Add(time.Hour).Unix(), SHA256: sha256.Sum256(issued.Raw)},
		"08": {ID: 2, Name: "000420", Enabled: true, Until: now.Add(time.Hour).Unix(), SHA256: sha256.Sum256(fromNext.Raw)},
	}})
	end := now.Add(24 * time.Hour)
	at := now
	st := &fakeState{snap: snap, cas: NewClientCAs(func() time.Time { return at }, ClientCA{Cert: next.Cert}, ClientCA{Cert: old.Cert, Until: end})}
	h := New(st)
	for _, tc := range []struct {
		name string
		leaf *x509.Certificate
		at   time.Time
		want int64 // the certificate's ID, 0 for none
	}{
		{"issued by the old CA, in the overlap", issued, now, 1},
		{"same serial, other content", forged, now, 0},
		{"issued by the new CA", fromNext, now, 2},
		{"issued by the old CA, after the overlap", issued, end, 0},
		{"issued by the new CA, after the overlap", fromNext, end, 2},
	} {
		var got int64
		at = tc.at
		if c := h.knownCert(snap, tc.leaf); c != nil {
			got = c.ID
		}
		if got != tc.want {
			t.Errorf("%s: certificate %d, want %d", tc.name, got, tc.want)
		}
	}
	if n := len(st.cas.Trusted(end)); n != 1 {
		t.Errorf("%d CAs trusted after the overlap, want 1", n)
	}
	if err := VerifyClient(issued, st.cas.Trusted(end)...); err == nil {
		t.Error("the handshake check accepts the old CA after the overlap")
	}
}
