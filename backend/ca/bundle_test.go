package ca

import (
	"bytes"
	"crypto/x509"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
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
	p12, err := c.PKCS12(key, cert, "安井 徳彦", "pass-word-12345", CompatLegacy)
	if err != nil {
		t.Fatal(err)
	}
	owner := ProfileOwner{Key: "user:000419", DisplayName: "安井 徳彦 <&>", Org: "関所商事"}
	data, err := c.MobileConfig(p12, "000419.p12", owner)
	if err != nil {
		t.Fatal(err)
	}
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
	p12b, _ := c.PKCS12(key2, cert2, "安井 徳彦", "other-pass-12345", CompatLegacy)
	var p2, p3 profile
	d2, _ := c.MobileConfig(p12b, "000419.p12", owner)
	d3, _ := c.MobileConfig(p12, "x.p12", ProfileOwner{Key: "user:000420"})
	plist.Unmarshal(d2, &p2)
	plist.Unmarshal(d3, &p3)
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

// TestMobileConfigAnyText builds profiles whose texts hold what XML cannot
// carry as such (NUL and other control characters, U+FFFE, markup): each
// profile is still one that both howett.net/plist and encoding/xml read, with
// the payload keys of the types iOS expects, and the shape the e2e suite
// checks (XML declaration, DOCTYPE, plist version 1.0).
func TestMobileConfigAnyText(t *testing.T) {
	c := testCA(t)
	key, _ := NewKey(ECDSAP256)
	cert, err := c.IssueClient(ClientRequest{CommonName: "u1", NotBefore: time.Now(), NotAfter: time.Now().AddDate(1, 0, 0), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	p12, err := c.PKCS12(key, cert, "安井 徳彦", "pass-word-12345", CompatLegacy)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"関所\x00商事", "a\x01\x1f\x7fb", "\uFFFE\uFFFF", "]]></string><key>x</key><string>", "<&>\"'"} {
		data, err := c.MobileConfig(p12, "u1.p12", ProfileOwner{Key: "user:u1", DisplayName: text, Org: text})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		var p profile
		format, err := plist.Unmarshal(data, &p)
		if err != nil || format != plist.XMLFormat {
			t.Fatalf("%q: howett.net/plist: format %d, %v\n%s", text, format, err, data)
		}
		if p.PayloadType != "Configuration" || len(p.PayloadContent) != 2 || !bytes.Equal(p.PayloadContent[0].PayloadContent, p12) {
			t.Errorf("%q: profile = %+v", text, p)
		}
		types := xmlValueTypes(t, data)
		want := map[string]string{
			"PayloadContent": "array data data", "PayloadVersion": "integer integer integer",
			"PayloadRemovalDisallowed": "false", "PayloadIdentifier": "string string string", "PayloadUUID": "string string string",
			"PayloadType": "string string string", "PayloadOrganization": "string", "PayloadDisplayName": "string string string",
		}
		for k, v := range want {
			if types[k] != v {
				t.Errorf("%q: %s is <%s>, want <%s>", text, k, types[k], v)
			}
		}
		s := string(data)
		if !regexp.MustCompile(`^<\?xml[^>]*>\s*<!DOCTYPE plist`).MatchString(s) || !strings.Contains(s, `<plist version="1.0">`) ||
			!strings.Contains(s, "<string>com.apple.security.pkcs12</string>") || !strings.Contains(s, "<string>com.apple.security.root</string>") {
			t.Errorf("%q: not the profile shape iOS and the e2e suite expect:\n%s", text, s)
		}
	}
}

// xmlValueTypes reads a plist with encoding/xml, strictly, and returns for
// each <key> the element names of its values, in document order.
func xmlValueTypes(t *testing.T, data []byte) map[string]string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	out := map[string]string{}
	var lastKey string
	inKey, wantValue := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("encoding/xml: %v\n%s", err, data)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if v.Name.Local == "key" {
				inKey = true
				lastKey = ""
				continue
			}
			if wantValue {
				out[lastKey] = strings.TrimSpace(out[lastKey] + " " + v.Name.Local)
				wantValue = false
			}
		case xml.CharData:
			if inKey {
				lastKey += string(v)
			}
		case xml.EndElement:
			if v.Name.Local == "key" {
				inKey, wantValue = false, true
			}
		}
	}
}
