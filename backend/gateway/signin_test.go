package gateway

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sekisho/backend/i18n"
	"sekisho/backend/policy"
	"sekisho/backend/store"
)

// fakeState is the gateway's State with SignIn standing in for the password
// hash: every call to it is one hash computed.
type fakeState struct {
	snap    *policy.Snapshot
	signIn  func(code, password string) (string, error)
	mu      sync.Mutex
	log     []store.AccessEntry
	devices atomic.Int32
	cas     *ClientCAs
}

func (f *fakeState) Snapshot() *policy.Snapshot { return f.snap }
func (f *fakeState) SessionUser(string) int64   { return 0 }
func (f *fakeState) Device(string) (int64, policy.DeviceStatus, string) {
	return 0, policy.DeviceNone, ""
}
func (f *fakeState) Access(e store.AccessEntry) {
	f.mu.Lock()
	f.log = append(f.log, e)
	f.mu.Unlock()
}
func (f *fakeState) Authenticated(int64, *policy.Cert, time.Time) {}
func (f *fakeState) SignIn(_ context.Context, code, password string, _ netip.Addr) (string, error) {
	return f.signIn(code, password)
}
func (f *fakeState) SignOut(string) {}
func (f *fakeState) ClientCAs() *ClientCAs {
	if f.cas == nil {
		return NewClientCAs(time.Now)
	}
	return f.cas
}
func (f *fakeState) RequestDevice(context.Context, int64, string, string, string, string) (string, error) {
	f.devices.Add(1)
	return "device-token", nil
}

// reasons counts the access log's entries by reason.
func (f *fakeState) reasons() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := map[string]int{}
	for _, e := range f.log {
		m[e.Reason]++
	}
	return m
}

const testCSRF = "csrf-token-0123456789abcdef"

// signInRequest is a sign-in form post from addr.
func signInRequest(addr, code, password, lang string) *http.Request {
	form := url.Values{"user": {code}, "password": {password}, "csrf": {testCSRF}}
	r := httptest.NewRequest("POST", "/_sekisho/login", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(&http.Cookie{Name: CSRFCookie, Value: testCSRF})
	r.RemoteAddr = netip.AddrPortFrom(netip.MustParseAddr(addr), 50123).String()
	if lang != "" {
		r.Header.Set("Accept-Language", lang)
	}
	return r
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// blocker holds every SignIn call until the test releases them, so that all
// attempts the handler lets through are hashing at the same time.
type blocker struct {
	events   chan struct{} // one per call entered and per request answered before the release
	release  chan struct{}
	calls    atomic.Int32
	inflight atomic.Int32
	max      atomic.Int32
}

func newBlocker(n int) *blocker {
	return &blocker{events: make(chan struct{}, 2*n), release: make(chan struct{})}
}

func (b *blocker) signIn(string, string) (string, error) {
	b.calls.Add(1)
	n := b.inflight.Add(1)
	for m := b.max.Load(); n > m && !b.max.CompareAndSwap(m, n); m = b.max.Load() {
	}
	b.events <- struct{}{}
	<-b.release
	b.inflight.Add(-1)
	return "", ErrBadCredentials
}

// fire sends n requests at once and returns the answers. Until every request
// is either hashing or answered, none is released: a handler that does not
// bound or throttle would have all n hashing at once.
func fire(t *testing.T, h http.Handler, b *blocker, n int, req func(i int) *http.Request) []*httptest.ResponseRecorder {
	t.Helper()
	out := make([]*httptest.ResponseRecorder, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		r := req(i)
		wg.Go(func() {
			<-start
			out[i] = serve(h, r)
			b.events <- struct{}{}
		})
	}
	close(start)
	deadline := time.After(time.Minute)
	for seen := 0; seen < n; seen++ {
		select {
		case <-b.events:
		case <-deadline:
			t.Fatalf("only %d of %d requests hashing or answered", seen, n)
		}
	}
	close(b.release)
	wg.Wait()
	return out
}

func statuses(rs []*httptest.ResponseRecorder) map[int]int {
	m := map[int]int{}
	for _, r := range rs {
		m[r.Code]++
	}
	return m
}

var testUsers = []*policy.User{{ID: 1, Code: "000419"}, {ID: 2, Code: "000420"}}

func TestSignInHashesAtMostHashSlotsAtOnce(t *testing.T) {
	// 40 attempts for 40 users from 40 addresses: no throttle applies, so
	// only the hash slots stand between them and 40 × 64 MiB.
	const n = 40
	b := newBlocker(n)
	st := &fakeState{snap: policy.Build(policy.Input{Users: testUsers}), signIn: b.signIn}
	h := New(st)
	rs := fire(t, h, b, n, func(i int) *http.Request {
		return signInRequest(fmt.Sprintf("10.0.0.%d", i+1), fmt.Sprintf("user%02d", i), "wrong", "ja")
	})
	if got := b.max.Load(); got > hashSlots {
		t.Errorf("%d password checks ran at once, want at most %d", got, hashSlots)
	}
	if got := int(b.calls.Load()); got != hashSlots {
		t.Errorf("%d password checks, want %d (the others were busy)", got, hashSlots)
	}
	if got := statuses(rs); got[401] != hashSlots || got[503] != n-hashSlots {
		t.Errorf("statuses %v, want %d × 401 and %d × 503", got, hashSlots, n-hashSlots)
	}
	for _, r := range rs {
		if r.Code != 503 {
			continue
		}
		if r.Header().Get("Retry-After") != "5" || !strings.Contains(r.Body.String(), i18n.T(i18n.JA, "signin.busy", nil)) ||
			!strings.Contains(r.Body.String(), `name="csrf"`) {
			t.Fatalf("busy answer: Retry-After %q\n%s", r.Header().Get("Retry-After"), r.Body)
		}
	}
	if got := st.reasons(); got[ReasonSignInFailed] != hashSlots || got[ReasonSignInThrottled] != n-hashSlots {
		t.Errorf("access log reasons %v", got)
	}
	// Nothing is left behind: the next attempt hashes at once.
	b2 := newBlocker(1)
	close(b2.release)
	st.signIn = b2.signIn
	if r := serve(h, signInRequest("10.0.1.1", "someone", "wrong", "")); r.Code != 401 {
		t.Errorf("after the burst: %d", r.Code)
	}
}

func TestSignInPairBudgetHoldsUnderConcurrency(t *testing.T) {
	// 40 wrong passwords at once for one user from one address: only the
	// pair's free attempts are hashed, whatever the interleaving.
	const n = 40
	b := newBlocker(n)
	st := &fakeState{snap: policy.Build(policy.Input{Users: testUsers}), signIn: b.signIn}
	h := New(st)
	h.hashes = newHashGate(n) // not what is under test here
	h.now = func() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) }
	rs := fire(t, h, b, n, func(int) *http.Request { return signInRequest("192.0.2.7", "000419", "hunter2-"+"secret", "en") })
	if got := int(b.calls.Load()); got != pairFree {
		t.Errorf("%d password checks, want %d", got, pairFree)
	}
	if got := statuses(rs); got[401] != pairFree || got[429] != n-pairFree {
		t.Errorf("statuses %v", got)
	}
	for _, r := range rs {
		if r.Code == 429 && (r.Header().Get("Retry-After") != "1" || !strings.Contains(r.Body.String(), "Please wait 1 s and try again")) {
			t.Fatalf("throttled answer: Retry-After %q\n%s", r.Header().Get("Retry-After"), r.Body)
		}
	}
	// Every attempt is in the access log, named by the user it was for,
	// and the password is nowhere.
	if got := st.reasons(); got[ReasonSignInFailed] != pairFree || got[ReasonSignInThrottled] != n-pairFree {
		t.Errorf("access log reasons %v", got)
	}
	for _, e := range st.log {
		if e.UserCode != "000419" || e.ClientIP != "192.0.2.7" || e.Decision != "deny" || e.Path != "/_sekisho/login" {
			t.Fatalf("entry %+v", e)
		}
		if strings.Contains(fmt.Sprintf("%+v", e), "hunter2") {
			t.Fatalf("the password is in the access log: %+v", e)
		}
	}
}

func TestSignInAddressBudgetHoldsUnderConcurrency(t *testing.T) {
	// 40 users at once from one address (password spraying).
	const n = 40
	b := newBlocker(n)
	st := &fakeState{snap: policy.Build(policy.Input{}), signIn: b.signIn}
	h := New(st)
	h.hashes = newHashGate(n)
	rs := fire(t, h, b, n, func(i int) *http.Request { return signInRequest("192.0.2.8", fmt.Sprintf("u%d", i), "Winter2026", "") })
	if got := int(b.calls.Load()); got != addrBudget {
		t.Errorf("%d password checks from one address, want %d", got, addrBudget)
	}
	if got := statuses(rs); got[429] != n-addrBudget {
		t.Errorf("statuses %v", got)
	}
	for _, e := range st.log {
		if e.UserCode != "" {
			t.Fatalf("a code that is no user was logged: %+v", e)
		}
	}
}

// clock is a settable time for the handler.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestSignInRightPasswordFromCleanAddressDuringAttack(t *testing.T) {
	var checks atomic.Int32
	st := &fakeState{snap: policy.Build(policy.Input{Users: testUsers}), signIn: func(code, pw string) (string, error) {
		checks.Add(1)
		if strings.EqualFold(code, "000419") && pw == "right horse battery" {
			return "session-token", nil
		}
		return "", ErrBadCredentials
	}}
	h := New(st)
	c := &clock{t: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
	h.now = c.now
	const attacker, other, office = "198.51.100.66", "198.51.100.67", "192.168.1.20"

	// The attacker fails on 000419 as fast as the backoff allows, until the
	// user has enough failures to be slowed down.
	for fails := 0; fails < userSlowAfter; {
		r := serve(h, signInRequest(attacker, "000419", fmt.Sprintf("guess%d", fails), ""))
		switch r.Code {
		case 401:
			fails++
		case 429:
			c.add(time.Second)
		default:
			t.Fatalf("attack: %d", r.Code)
		}
	}
	// The attacker's address is in backoff even with the right password.
	if r := serve(h, signInRequest(attacker, "000419", "right horse battery", "")); r.Code != 429 {
		t.Errorf("right password from the attacker's address: %d, want 429", r.Code)
	}
	// Another address that has failed before is slowed for this user: one
	// attempt, then a wait.
	if r := serve(h, signInRequest(other, "000420", "typo", "")); r.Code != 401 {
		t.Fatalf("other address, other user: %d", r.Code)
	}
	if r := serve(h, signInRequest(other, "000419", "guess", "")); r.Code != 401 {
		t.Errorf("first slowed attempt: %d, want 401", r.Code)
	}
	if r := serve(h, signInRequest(other, "000419", "guess", "")); r.Code != 429 || r.Header().Get("Retry-After") != "2" {
		t.Errorf("second slowed attempt: %d Retry-After %q, want 429 after 2 s", r.Code, r.Header().Get("Retry-After"))
	}
	// The person at a clean address signs in at once.
	before := checks.Load()
	r := serve(h, signInRequest(office, "000419", "right horse battery", ""))
	if r.Code != 303 || !strings.Contains(r.Header().Get("Set-Cookie"), SessionCookie+"=session-token") {
		t.Fatalf("right password from a clean address: %d %v", r.Code, r.Header())
	}
	if checks.Load() != before+1 {
		t.Error("the clean sign-in was not checked exactly once")
	}
	// …and a typo there is not slowed either.
	if r := serve(h, signInRequest(office, "000419", "right horse batery", "")); r.Code != 401 {
		t.Errorf("a clean address's typo: %d, want 401", r.Code)
	}
}

func TestThrottleBackoffSchedule(t *testing.T) {
	th := newThrottle()
	a := netip.MustParseAddr("192.0.2.1")
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	now := t0
	fail := func() {
		t.Helper()
		k, wait := th.acquire("u", a, now)
		if k == nil {
			t.Fatalf("refused at +%v (wait %v)", now.Sub(t0), wait)
		}
		k.done(true, now)
	}
	for range pairFree {
		fail()
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second,
		64 * time.Second, 128 * time.Second, 256 * time.Second, 512 * time.Second, 15 * time.Minute, 15 * time.Minute}
	for i, w := range want {
		if k, wait := th.acquire("u", a, now); k != nil || wait != w {
			t.Fatalf("after %d failures: ticket %v wait %v, want a wait of %v", pairFree+i, k != nil, wait, w)
		}
		if k, _ := th.acquire("u", a, now.Add(w-time.Millisecond)); k != nil {
			t.Fatalf("admitted before the wait of %v ended", w)
		}
		now = now.Add(w)
		fail()
	}
	// The right password clears the pair.
	now = now.Add(15 * time.Minute)
	k, _ := th.acquire("u", a, now)
	k.done(false, now)
	for range pairFree {
		fail()
	}
	// A cancelled attempt counts for nothing.
	now = now.Add(time.Second)
	k, _ = th.acquire("u", a, now)
	k.cancel(now)
	if k, wait := th.acquire("u", a, now); k == nil {
		t.Fatalf("refused after a cancelled attempt (wait %v)", wait)
	} else {
		k.cancel(now)
	}
	// Forgotten a day after the last failure.
	now = now.Add(pairForget + time.Minute)
	th.sweep(now)
	if len(th.pairs) != 0 || len(th.addrs) != 0 || len(th.users) != 0 {
		t.Errorf("after a day: %d pairs, %d addresses, %d users", len(th.pairs), len(th.addrs), len(th.users))
	}
}

func TestThrottleAddressWindowSlides(t *testing.T) {
	th := newThrottle()
	a := netip.MustParseAddr("192.0.2.2")
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range addrBudget {
		k, _ := th.acquire(fmt.Sprint("u", i), a, t0.Add(time.Duration(i)*time.Second))
		k.done(true, t0.Add(time.Duration(i)*time.Second))
	}
	now := t0.Add(time.Minute)
	if k, wait := th.acquire("next", a, now); k != nil || wait != failWindow-time.Minute {
		t.Fatalf("21st: ticket %v wait %v, want %v", k != nil, wait, failWindow-time.Minute)
	}
	// Another address is not affected.
	if k, _ := th.acquire("next", netip.MustParseAddr("192.0.2.3"), now); k == nil {
		t.Fatal("another address refused")
	}
	if k, _ := th.acquire("next", a, t0.Add(failWindow+time.Millisecond)); k == nil {
		t.Fatal("refused after the oldest failure left the window")
	}
}

func TestAddrKey(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"2001:db8:1:2::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
	} {
		if addrKey(netip.MustParseAddr(tc.a)) != addrKey(netip.MustParseAddr(tc.b)) {
			t.Errorf("%s and %s count as different addresses", tc.a, tc.b)
		}
	}
	if addrKey(netip.MustParseAddr("192.0.2.1")) == addrKey(netip.MustParseAddr("192.0.2.2")) ||
		addrKey(netip.MustParseAddr("2001:db8:1:2::1")) == addrKey(netip.MustParseAddr("2001:db8:1:3::1")) {
		t.Error("different addresses share a key")
	}
}

func TestSignInThrottledPageSpeaksTheLanguage(t *testing.T) {
	st := &fakeState{snap: policy.Build(policy.Input{}), signIn: func(string, string) (string, error) { return "", ErrBadCredentials }}
	h := New(st)
	c := &clock{t: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
	h.now = c.now
	for range pairFree {
		serve(h, signInRequest("192.0.2.9", "x", "y", ""))
	}
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		r := serve(h, signInRequest("192.0.2.9", "x", "y", string(lang)))
		if want := i18n.T(lang, "signin.throttled_seconds", map[string]any{"seconds": 1}); r.Code != 429 || !strings.Contains(r.Body.String(), want) ||
			!strings.Contains(r.Body.String(), `lang="`+string(lang)+`"`) {
			t.Errorf("%s: %d\n%s", lang, r.Code, r.Body)
		}
	}
	// Long waits are said in minutes.
	th := h.signins
	now := c.now()
	for {
		p := th.pairs[pairKey{"x", addrKey(netip.MustParseAddr("192.0.2.9"))}]
		if p == nil {
			t.Fatal("no failures recorded")
		}
		if p.fails >= pairFree+10 {
			break
		}
		now = now.Add(20 * time.Minute)
		k, _ := th.acquire("x", netip.MustParseAddr("192.0.2.9"), now)
		k.done(true, now)
	}
	c.add(now.Sub(c.now()))
	r := serve(h, signInRequest("192.0.2.9", "x", "y", "en"))
	if r.Code != 429 || r.Header().Get("Retry-After") != "900" || !strings.Contains(r.Body.String(), "about 15 minutes") {
		t.Errorf("long wait: %d %q\n%s", r.Code, r.Header().Get("Retry-After"), r.Body)
	}
}

func TestReservedPagesApplyIPRules(t *testing.T) {
	var checks atomic.Int32
	st := &fakeState{snap: policy.Build(policy.Input{Users: testUsers, IPRules: []netip.Prefix{netip.MustParsePrefix("192.168.1.0/24")}}),
		signIn: func(string, string) (string, error) { checks.Add(1); return "session-token", nil }}
	h := New(st)
	for _, tc := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/_sekisho/login", nil},
		{"POST", "/_sekisho/login", url.Values{"user": {"000419"}, "password": {"pw"}, "csrf": {testCSRF}}},
		{"GET", "/_sekisho/device", nil},
		{"POST", "/_sekisho/device", url.Values{"deviceName": {"PC"}, "csrf": {testCSRF}}},
		{"GET", "/_sekisho/elsewhere", nil},
	} {
		for _, addr := range []string{"203.0.113.5", "::ffff:203.0.113.5"} {
			r := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Accept-Language", "en")
			r.AddCookie(&http.Cookie{Name: CSRFCookie, Value: testCSRF})
			r.AddCookie(&http.Cookie{Name: SessionCookie, Value: "s"})
			r.RemoteAddr = netip.AddrPortFrom(netip.MustParseAddr(addr), 40000).String()
			w := serve(h, r)
			if w.Code != 403 || w.Header().Get("X-Sekisho-Deny") != "ip_not_allowed" ||
				!strings.Contains(w.Body.String(), i18n.T(i18n.EN, "deny.ip_not_allowed.title", nil)) || strings.Contains(w.Body.String(), `name="csrf"`) {
				t.Errorf("%s %s from %s: %d deny=%q\n%s", tc.method, tc.path, addr, w.Code, w.Header().Get("X-Sekisho-Deny"), w.Body)
			}
		}
	}
	if checks.Load() != 0 || st.devices.Load() != 0 {
		t.Errorf("a blocked address reached sign-in (%d) or a device request (%d)", checks.Load(), st.devices.Load())
	}
	if got := st.reasons(); got["ip_not_allowed"] != 10 || len(got) != 1 {
		t.Errorf("access log reasons %v, want 10 × ip_not_allowed", got)
	}
	// An allowed address gets the form and can sign in.
	r := httptest.NewRequest("GET", "/_sekisho/login", nil)
	r.RemoteAddr = "192.168.1.20:40000"
	if w := serve(h, r); w.Code != 200 || !strings.Contains(w.Body.String(), `name="csrf"`) {
		t.Errorf("allowed address: %d\n%s", w.Code, w.Body)
	}
	if w := serve(h, signInRequest("192.168.1.20", "000419", "pw", "")); w.Code != 303 {
		t.Errorf("allowed address signing in: %d", w.Code)
	}
}

// TestThrottleFullTablesEvictInsteadOfRefusing: whoever fills a table must
// not lock everyone new out of signing in (review of the fix: a full table
// refused every new key for 15 minutes).
func TestThrottleFullTablesEvictInsteadOfRefusing(t *testing.T) {
	th := newThrottle()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	th.lastSweep = now // no sweep during the test: eviction alone must make room
	stale := netip.MustParsePrefix("198.51.100.7/32")
	for i := 0; i < maxTracked; i++ {
		th.pairs[pairKey{user: fmt.Sprint("u", i), addr: stale}] = &pairState{fails: 5, last: now.Add(-time.Hour), next: now.Add(time.Hour)}
	}
	tk, wait := th.acquire("000419", netip.MustParseAddr("192.0.2.10"), now)
	if tk == nil {
		t.Fatalf("a clean user and address were refused for %v with the pair table full", wait)
	}
	tk.done(false, now)
	if n := len(th.pairs); n > maxTracked {
		t.Errorf("pair table grew to %d, past %d", n, maxTracked)
	}
}

// TestTicketEndsOnce: a deferred cancel after done changes nothing, and a
// cancel alone gives the slot back.
func TestTicketEndsOnce(t *testing.T) {
	th := newThrottle()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	a := netip.MustParseAddr("192.0.2.10")
	tk, _ := th.acquire("u", a, now)
	tk.done(true, now)
	tk.cancel(now) // as the deferred one does
	pk := pairKey{user: "u", addr: addrKey(a)}
	if p := th.pairs[pk]; p == nil || p.inflight != 0 || p.fails != 1 {
		t.Fatalf("after done+cancel: %+v", p)
	}
	tk, _ = th.acquire("v", a, now)
	func() {
		defer func() { recover() }()
		defer tk.cancel(now)
		panic("a bug in SignIn")
	}()
	if p := th.pairs[pairKey{user: "v", addr: addrKey(a)}]; p != nil && p.inflight != 0 {
		t.Errorf("a panic left the attempt in flight: %+v", p)
	}
}
