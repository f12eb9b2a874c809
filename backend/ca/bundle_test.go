package ca

import (
	"bytes"
	"crypto/x509"
	"testing"
	"time"

	"howett.net/plist"
	"software.sslmate.com/src/go-pkcs12"
)

type profile struct {
	PayloadContent []struct {
		PayloadType       string
		PayloadIdentifier string
		PayloadUUID       string
		PayloadContent    []byte
		Password          *string
	}
	PayloadType       string
	PayloadIdentifier string
	PayloadUUID       string
	PayloadVersion    int
}

func TestMobileConfigParsesBack(t *testing.T) {
	c := testCA(t)
	key, _ := NewKey(ECDSAP256)
	cert, err := c.IssueClient(ClientRequest{CommonName: "000419", NotBefore: time.Now(), NotAfter: time.Now().AddDate(1, 0, 0), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	p12, err := c.PKCS12(key, cert, "pass-word-12345", CompatLegacy)
	if err != nil {
		t.Fatal(err)
	}
	owner := ProfileOwner{Key: "user:000419", DisplayName: "安井 徳彦 <&>", Org: "関所商事"}
	data := c.MobileConfig(p12, "000419.p12", owner)
	var p profile
	if _, err := plist.Unmarshal(data, &p); err != nil {
		t.Fatalf("not a plist: %v\n%s", err, data)
	}
	if p.PayloadType != "Configuration" || p.PayloadVersion != 1 || len(p.PayloadContent) != 2 {
		t.Fatalf("profile = %+v", p)
	}
	id, root := p.PayloadContent[0], p.PayloadContent[1]
	if id.PayloadType != "com.apple.security.pkcs12" || root.PayloadType != "com.apple.security.root" {
		t.Errorf("payload types %s, %s", id.PayloadType, root.PayloadType)
	}
	if id.Password != nil {
		t.Error("the profile carries the password; iOS must ask for it")
	}
	if !bytes.Equal(id.PayloadContent, p12) {
		t.Error("pkcs12 payload differs")
	}
	if _, _, _, err := pkcs12.DecodeChain(id.PayloadContent, "pass-word-12345"); err != nil {
		t.Errorf("embedded p12: %v", err)
	}
	rootCert, err := x509.ParseCertificate(root.PayloadContent)
	if err != nil || !rootCert.Equal(c.Cert) {
		t.Errorf("root payload: %v", err)
	}

	// A renewal for the same owner keeps the identifiers (iOS replaces the
	// profile); another owner gets different ones.
	key2, _ := NewKey(ECDSAP256)
	cert2, _ := c.IssueClient(ClientRequest{CommonName: "000419", NotBefore: time.Now(), NotAfter: time.Now().AddDate(1, 0, 0), Key: key2})
	p12b, _ := c.PKCS12(key2, cert2, "other-pass-12345", CompatLegacy)
	var p2, p3 profile
	plist.Unmarshal(c.MobileConfig(p12b, "000419.p12", owner), &p2)
	plist.Unmarshal(c.MobileConfig(p12, "x.p12", ProfileOwner{Key: "user:000420"}), &p3)
	if p2.PayloadIdentifier != p.PayloadIdentifier || p2.PayloadContent[0].PayloadIdentifier != id.PayloadIdentifier {
		t.Error("renewal changed the PayloadIdentifier")
	}
	if p2.PayloadUUID == p.PayloadUUID {
		t.Error("a different file kept the same PayloadUUID")
	}
	if p3.PayloadIdentifier == p.PayloadIdentifier {
		t.Error("two owners share a PayloadIdentifier")
	}
}
