package boot

import (
	"net/url"
	"strings"
	"testing"

	"sekisho/app"
)

// TestDeviceRequestsDoNotPileUp: asking again for the same device replaces
// the pending request (one row per user and device in the admin's list), and
// a person may send only a handful of requests an hour; the next one gets a
// 429 page that says why, in the page's language, and changes nothing.
func TestDeviceRequestsDoNotPileUp(t *testing.T) {
	rt, s, _ := startWithServices(t)
	u, err := s.Users.Create(app.UserCreateRequest{Code: "dev1", Name: "端末 太郎"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Users.SetRequireDevice(app.SetFlagRequest{IDs: []string{u.ID}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	pw, err := s.Users.ResetPassword(app.IDRequest{ID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	signedIn := func() *gwClient {
		c := newClient(t, rt, nil, nil)
		if st, _ := c.login("dev1", pw.Password); st != 303 {
			t.Fatalf("sign-in: %d", st)
		}
		return c
	}
	// request posts the device form. Once a browser has a pending request
	// its page shows the status, not the form: later posts (a resubmitted
	// form, a script) reuse the CSRF token, which lives as long as its cookie.
	csrf := map[*gwClient]string{}
	request := func(c *gwClient, name, lang string) (int, string) {
		t.Helper()
		if csrf[c] == "" {
			_, _, page := c.do("GET", "/_sekisho/device", nil, nil)
			m := csrfRe.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no device form:\n%s", page)
			}
			csrf[c] = m[1]
		}
		st, _, body := c.do("POST", "/_sekisho/device", url.Values{"deviceName": {name}, "phone": {""}, "csrf": {csrf[c]}}, map[string]string{"Accept-Language": lang})
		return st, body
	}
	pending := func() []app.Device {
		t.Helper()
		l, err := s.Devices.List(app.DeviceListRequest{Status: "pending", UserID: u.ID})
		if err != nil {
			t.Fatal(err)
		}
		return l.Items
	}

	// The same browser (same device cookie) asks three times, the last with
	// a corrected name: one pending row, the latest.
	pc := signedIn()
	for _, name := range []string{"PC", "PC", "経理のPC"} {
		if st, body := request(pc, name, "ja"); st != 303 {
			t.Fatalf("request %q: %d\n%s", name, st, body)
		}
	}
	if p := pending(); len(p) != 1 || p[0].DeviceName != "経理のPC" {
		t.Fatalf("after three requests from one browser: %+v", p)
	}
	pc.expect("/_sekisho/device", 200, "") // its cookie names the pending row

	// Another browser without the cookie asks for a device of the same name
	// (the same device after clearing cookies): still one row. A device of
	// another name is another row.
	if st, _ := request(signedIn(), "経理のPC", "ja"); st != 303 {
		t.Fatalf("request without the cookie: %d", st)
	}
	if st, _ := request(signedIn(), "iPhone", "ja"); st != 303 {
		t.Fatalf("request for a second device: %d", st)
	}
	p := pending()
	if len(p) != 2 || p[0].DeviceName != "iPhone" || p[1].DeviceName != "経理のPC" {
		t.Fatalf("two devices: %+v", p)
	}

	// Five requests so far: the sixth is refused, in Japanese and English.
	st, body := request(pc, "flood", "ja")
	if st != 429 || !strings.Contains(body, "端末の利用申請が多すぎます") {
		t.Fatalf("sixth request (ja): %d\n%s", st, body)
	}
	st, body = request(pc, "flood", "en")
	if st != 429 || !strings.Contains(body, "Too many device requests") {
		t.Fatalf("sixth request (en): %d\n%s", st, body)
	}
	if p := pending(); len(p) != 2 {
		t.Fatalf("a refused request changed the list: %+v", p)
	}
	// A control character in the name is refused with its own message.
	if st, body := request(signedIn(), "PC\x00", "en"); st != 400 || !strings.Contains(body, "control characters") {
		t.Fatalf("NUL in the device name: %d\n%s", st, body)
	}
}
