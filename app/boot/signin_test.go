package boot

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sekisho/app"
)

// clientFrom is a gateway client whose connections come from local (a
// loopback address other than 127.0.0.1 stands for another machine).
func clientFrom(t *testing.T, rt *Runtime, local string) *gwClient {
	c := newClient(t, rt, nil, nil)
	tr := c.c.Transport.(*http.Transport)
	d := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}
	tr.DialContext = d.DialContext
	if conn, err := d.Dial("tcp", strings.TrimPrefix(c.base, "https://")); err != nil {
		if errors.Is(err, syscall.EADDRNOTAVAIL) {
			t.Skipf("cannot connect from %s here (macOS has only 127.0.0.1): %v", local, err)
		}
		t.Fatal(err)
	} else {
		conn.Close()
	}
	return c
}

// csrf loads the sign-in page and returns its CSRF token (the cookie is in
// the client's jar).
func (g *gwClient) csrf() string {
	g.t.Helper()
	_, _, page := g.do("GET", "/_sekisho/login", nil, nil)
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		g.t.Fatalf("no csrf input on the sign-in page:\n%s", page)
	}
	return m[1]
}

func TestGatewaySignInUnderAttack(t *testing.T) {
	rt, s, _ := startWithServices(t)
	u, err := s.Users.Create(app.UserCreateRequest{Code: "000419", Name: "安井"})
	if err != nil {
		t.Fatal(err)
	}
	pw, err := s.Users.ResetPassword(app.IDRequest{ID: u.ID})
	if err != nil {
		t.Fatal(err)
	}

	// 40 wrong passwords at once for one user from one address: only the
	// first few are checked (401), the rest are refused before any hash
	// (429 with Retry-After and the form).
	attacker := newClient(t, rt, nil, nil)
	attacker.c.Timeout = 2 * time.Minute // without bounds, 40 checks take long
	tok := attacker.csrf()
	const n = 40
	type answer struct {
		status int
		h      http.Header
		body   string
		err    error
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	form := url.Values{"user": {"000419"}, "password": {"wrong-" + pw.Password}, "csrf": {tok}}.Encode()
	for i := range n {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest("POST", attacker.base+"/_sekisho/login", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := attacker.c.Do(req)
			if err != nil {
				answers[i].err = err
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			answers[i] = answer{status: resp.StatusCode, h: resp.Header, body: string(body)}
		})
	}
	close(start)
	wg.Wait()
	checked, throttled := 0, 0
	for _, a := range answers {
		if a.err != nil {
			t.Fatal(a.err)
		}
		switch a.status {
		case 401:
			checked++
		case 429:
			throttled++
			if a.h.Get("Retry-After") == "" || !strings.Contains(a.body, `name="csrf"`) {
				t.Errorf("429 without Retry-After or a page: %v\n%s", a.h, a.body)
			}
		default:
			t.Errorf("status %d", a.status)
		}
	}
	if checked > 3 || checked+throttled != n {
		t.Errorf("%d passwords checked, %d throttled; want at most 3 checked", checked, throttled)
	}

	// The attacker's address stays throttled for this user, even with the
	// right password…
	if st, _, _ := attacker.do("POST", "/_sekisho/login", url.Values{"user": {"000419"}, "password": {pw.Password}, "csrf": {tok}}, nil); st != 429 {
		t.Errorf("right password from the throttled address: %d, want 429", st)
	}
	// …while the person, from another machine, signs in.
	office := clientFrom(t, rt, "127.0.0.2")
	st, h, body := office.do("POST", "/_sekisho/login", url.Values{"user": {"000419"}, "password": {pw.Password}, "csrf": {office.csrf()}}, nil)
	if st != 303 {
		t.Fatalf("right password from a clean address: %d %v\n%s", st, h, body)
	}

	// Every failed attempt is in the access log, with the user's code and
	// a reason, and the successful one as signed_in; the password nowhere.
	rt.Engine.FlushAccessLog(context.Background()) // flush
	log, err := s.Access.List(app.AccessListRequest{UserCode: "000419", PageRequest: app.PageRequest{PageSize: 100}})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]int{}
	for _, e := range log.Items {
		reasons[e.Reason]++
		if e.Reason == "signed_in" {
			if e.Decision != "allow" || e.ClientIP != "127.0.0.2" {
				t.Errorf("entry %+v", e)
			}
		} else if e.Decision != "deny" || e.ClientIP != "127.0.0.1" {
			t.Errorf("entry %+v", e)
		}
		if strings.Contains(e.Path+e.Route+e.CertName+e.Device, pw.Password) {
			t.Errorf("the password is in the access log: %+v", e)
		}
	}
	if reasons["sign_in_failed"] != checked || reasons["sign_in_throttled"] != throttled+1 || reasons["signed_in"] != 1 {
		t.Errorf("access log reasons %v, want %d sign_in_failed and %d sign_in_throttled", reasons, checked, throttled+1)
	}
}

func TestGatewayReservedPagesFollowIPRules(t *testing.T) {
	rt, s, _ := startWithServices(t)
	c := newClient(t, rt, nil, nil)
	tok := c.csrf() // before the rule: the form and its cookie
	if _, err := s.IPRules.Create(app.IPRuleCreateRequest{Name: "LAN", Address: "192.0.2.0/24", Enabled: true, Confirm: true}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/_sekisho/login", nil},
		{"POST", "/_sekisho/login", url.Values{"user": {"000419"}, "password": {"x"}, "csrf": {tok}}},
		{"GET", "/_sekisho/device", nil},
		{"POST", "/_sekisho/device", url.Values{"deviceName": {"PC"}, "csrf": {tok}}},
	} {
		st, h, body := c.do(tc.method, tc.path, tc.form, nil)
		if st != 403 || h.Get("X-Sekisho-Deny") != "ip_not_allowed" || strings.Contains(body, `name="csrf"`) {
			t.Errorf("%s %s from a blocked address: %d deny=%q\n%s", tc.method, tc.path, st, h.Get("X-Sekisho-Deny"), body)
		}
	}
}
