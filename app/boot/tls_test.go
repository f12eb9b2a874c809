package boot

import (
	"bytes"
	"context"
	"crypto/tls"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func listenAddr(rt *Runtime, name string) string {
	for _, l := range rt.Lines {
		if strings.HasPrefix(l, name+" ") {
			return strings.TrimSuffix(strings.TrimPrefix(l, name+" https://"), "/")
		}
	}
	return ""
}

// TestGatewayCertificateRequestNamesTheCA: browsers offer only certificates
// from the CAs the server names; with none named they offer every one the
// person has and may pick a wrong one.
func TestGatewayCertificateRequestNamesTheCA(t *testing.T) {
	rt := mustStart(t, testConfig(t.TempDir()))
	defer rt.Close(context.Background())
	for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		var named [][]byte
		asked := false
		conn, err := tls.Dial("tcp", listenAddr(rt, "gateway"), &tls.Config{RootCAs: rt.CA.Pool(), MinVersion: v, MaxVersion: v,
			GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
				asked, named = true, cri.AcceptableCAs
				return &tls.Certificate{}, nil
			}})
		if err != nil {
			t.Fatalf("TLS %x: %v", v, err)
		}
		conn.Close()
		if !asked || len(named) != 1 || !bytes.Equal(named[0], rt.CA.Cert.RawSubject) {
			t.Errorf("TLS %x: certificate request asked=%v names %d CAs, want exactly Sekisho's CA", v, asked, len(named))
		}
	}
}

// TestListenersRefuseWeakCiphers: TLS 1.2 with CBC/SHA-1 suites is refused
// on the portal and the gateway (Mozilla "intermediate"); the AEAD suites
// work.
func TestListenersRefuseWeakCiphers(t *testing.T) {
	rt := mustStart(t, testConfig(t.TempDir()))
	defer rt.Close(context.Background())
	weak := []uint16{
		tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
		tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
		tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_AES_128_CBC_SHA,
	}
	for _, name := range []string{"portal", "gateway"} {
		addr := listenAddr(rt, name)
		for _, suite := range weak {
			conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: rt.CA.Pool(), MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{suite}})
			if err == nil {
				conn.Close()
				t.Errorf("%s accepted %s", name, tls.CipherSuiteName(suite))
			}
		}
		conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: rt.CA.Pool(), MaxVersion: tls.VersionTLS12,
			CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}})
		if err != nil {
			t.Errorf("%s refused ECDHE-ECDSA-AES128-GCM-SHA256: %v", name, err)
		} else {
			conn.Close()
		}
	}
}

// TestDataDirNarrowedTo0700: a data folder created earlier with 0755 is
// made private at start (it holds the database and master.key).
func TestDataDirNarrowedTo0700(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("mode bits do not apply on Windows")
	}
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755) // regardless of umask
	rt := mustStart(t, testConfig(dir))
	rt.Close(context.Background())
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o700 {
		t.Errorf("data folder mode %04o, want 0700", st.Mode().Perm())
	}
}
