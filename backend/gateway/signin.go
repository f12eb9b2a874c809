package gateway

import (
	"context"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Access log reasons of the sign-in page (not X-Sekisho-Deny values: the
// sign-in page answers 401/429/503, never 403 with that header).
const (
	// ReasonSignInFailed: a user code and password were checked and are wrong.
	ReasonSignInFailed = "sign_in_failed"
	// ReasonSignInThrottled: the attempt was refused before any check (too
	// many failures, or every password check busy).
	ReasonSignInThrottled = "sign_in_throttled"
)

// Sign-in limits; docs/security.md ("Gateway sign-in") gives the reasoning.
//
// A password check is Argon2id with 64 MiB and two lanes: about 0.1–0.4 s of
// two cores and 64 MiB of heap each. Nothing may run an unbounded number of
// them, and an attacker may not lock a person out by failing on purpose.
const (
	// hashSlots is how many password checks run at once (2 × 64 MiB).
	hashSlots = 2
	// hashWait is how long an attempt waits for a slot, and hashQueue how
	// many may wait; the others get 503 and come back after busyRetry.
	hashWait  = 3 * time.Second
	hashQueue = 32
	busyRetry = 5 * time.Second

	// Per (user, address): pairFree failures back to back, then a wait that
	// starts at pairBackoff and doubles with every failure up to
	// pairBackoffMax. A right password clears it; otherwise it is
	// forgotten pairForget after the last failure.
	pairFree       = 3
	pairBackoff    = time.Second
	pairBackoffMax = 15 * time.Minute
	pairForget     = 24 * time.Hour

	// Per address (any user): at most addrBudget failures in failWindow.
	addrBudget = 20
	failWindow = 15 * time.Minute

	// Per user (any address), only a slow-down: once the user has
	// userSlowAfter failures in failWindow, attempts for them from
	// addresses that have failed in failWindow are spaced userSpacing
	// apart. An address without failures (a person at their own PC) is
	// never slowed, so nobody can lock a user out from elsewhere.
	userSlowAfter = 10
	userSpacing   = 2 * time.Second

	// maxTracked bounds each table; past it, a new key evicts one of the
	// stalest entries (IPv6 sources count per /64).
	maxTracked = 100_000
	sweepEvery = time.Minute
)

// throttle decides whether a sign-in attempt may check a password. An
// attempt takes its place in every budget at once, under one lock, before
// the password is hashed, so concurrent attempts cannot overrun a budget.
type throttle struct {
	mu        sync.Mutex
	pairs     map[pairKey]*pairState
	addrs     map[netip.Prefix]*recent
	users     map[string]*userState
	lastSweep time.Time
}

type pairKey struct {
	user string
	addr netip.Prefix
}

type pairState struct {
	fails    int       // failures since the last right password
	inflight int       // admitted attempts not done yet
	next     time.Time // in backoff: no attempt before this
	last     time.Time // last failure
}

// recent holds the times of the latest failures, oldest first (at most as
// many as a budget needs), and the admitted attempts not done yet.
type recent struct {
	times    []time.Time
	inflight int
}

type userState struct {
	recent
	next time.Time // slow-down: the next attempt from a dirty address
}

func newThrottle() *throttle {
	return &throttle{pairs: map[pairKey]*pairState{}, addrs: map[netip.Prefix]*recent{}, users: map[string]*userState{}}
}

// addrKey is what counts as one address: an IPv4 address, or an IPv6 /64
// (one host's or one LAN's share, whatever interface identifiers it uses).
func addrKey(a netip.Addr) netip.Prefix {
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p
	}
	p, _ := a.Prefix(a.BitLen())
	return p
}

// count is the number of failures in the window ending at now.
func (r *recent) count(now time.Time) int {
	cutoff := now.Add(-failWindow)
	n := 0
	for i := len(r.times) - 1; i >= 0 && r.times[i].After(cutoff); i-- {
		n++
	}
	return n
}

// add records a failure, keeping the latest keep times.
func (r *recent) add(t time.Time, keep int) {
	if len(r.times) >= keep {
		r.times = append(r.times[:0], r.times[len(r.times)-keep+1:]...)
	}
	r.times = append(r.times, t)
}

// freeAt is when the oldest failure in the window leaves it.
func (r *recent) freeAt(now time.Time) time.Time {
	cutoff := now.Add(-failWindow)
	for _, t := range r.times {
		if t.After(cutoff) {
			return t.Add(failWindow)
		}
	}
	return now.Add(pairBackoff) // only attempts in flight fill it
}

// evictSample is how many entries evictStalest looks at (as Redis's
// approximated LRU does): the stalest of a random sample, not of all.
const evictSample = 32

// evictStalest removes, of a random sample of m's entries not in flight, the
// one whose last failure is oldest.
func evictStalest[K comparable, V any](m map[K]V, state func(V) (busy bool, last time.Time)) {
	var victim K
	var oldest time.Time
	found, seen := false, 0
	for k, v := range m { // map iteration starts at a random entry
		busy, last := state(v)
		if busy {
			continue
		}
		if !found || last.Before(oldest) {
			victim, oldest, found = k, last, true
		}
		if seen++; seen >= evictSample {
			break
		}
	}
	if found {
		delete(m, victim)
	}
}

// latest is the time of the latest failure (zero: none).
func (r *recent) latest() time.Time {
	if len(r.times) == 0 {
		return time.Time{}
	}
	return r.times[len(r.times)-1]
}

// backoff is the wait after the n-th failure in a row (n ≥ pairFree).
func backoff(n int) time.Duration {
	shift := n - pairFree
	if shift < 0 {
		return 0
	}
	if shift > 20 {
		return pairBackoffMax
	}
	return min(pairBackoff<<shift, pairBackoffMax)
}

// ticket is an admitted attempt. One of done and cancel must be called;
// later calls do nothing, so a deferred cancel releases the ticket on any
// path, a panic included.
type ticket struct {
	t     *throttle
	pair  pairKey
	user  string
	ended bool // used by one goroutine only
}

// acquire admits an attempt by user (a code, any case) from a, or says how
// long to wait.
func (t *throttle) acquire(user string, a netip.Addr, now time.Time) (*ticket, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.lastSweep) >= sweepEvery {
		t.sweep(now)
	}
	ak := addrKey(a)
	pk := pairKey{user: user, addr: ak}
	p, ad, u := t.pairs[pk], t.addrs[ak], t.users[user]

	var wait time.Duration
	later := func(until time.Time) { wait = max(wait, until.Sub(now)) }
	if p != nil && p.fails+p.inflight >= pairFree {
		// In backoff: one attempt at a time, after the wait.
		if p.inflight > 0 {
			later(now.Add(pairBackoff))
		} else if now.Before(p.next) {
			later(p.next)
		}
	}
	dirty := false
	if ad != nil {
		n := ad.count(now)
		dirty = n > 0
		if n+ad.inflight >= addrBudget {
			later(ad.freeAt(now))
		}
	}
	slowed := dirty && u != nil && u.count(now) >= userSlowAfter
	if slowed && now.Before(u.next) {
		later(u.next)
	}
	if wait > 0 {
		return nil, wait
	}
	// A full table makes room by evicting one of its stalest entries (the
	// sweep above runs once a minute, not per attempt): refusing new keys
	// instead would let whoever fills a table lock everyone new out.
	if p == nil && len(t.pairs) >= maxTracked {
		evictStalest(t.pairs, func(p *pairState) (bool, time.Time) { return p.inflight > 0, p.last })
	}
	if ad == nil && len(t.addrs) >= maxTracked {
		evictStalest(t.addrs, func(r *recent) (bool, time.Time) { return r.inflight > 0, r.latest() })
	}
	if u == nil && len(t.users) >= maxTracked {
		evictStalest(t.users, func(u *userState) (bool, time.Time) { return u.inflight > 0, u.latest() })
	}
	if p == nil {
		p = &pairState{}
		t.pairs[pk] = p
	}
	if ad == nil {
		ad = &recent{}
		t.addrs[ak] = ad
	}
	if u == nil {
		u = &userState{}
		t.users[user] = u
	}
	p.inflight++
	ad.inflight++
	u.inflight++
	if slowed {
		u.next = now.Add(userSpacing)
	}
	return &ticket{t: t, pair: pk, user: user}, 0
}

// done ends an admitted attempt: failed when the password was checked and is
// wrong. A right password clears the pair (not the address or the user: an
// attacker must not reset those by signing in with an account of their own).
func (k *ticket) done(failed bool, now time.Time) {
	if k.ended {
		return
	}
	k.ended = true
	t := k.t
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ad, u := t.pairs[k.pair], t.addrs[k.pair.addr], t.users[k.user]
	p.inflight--
	ad.inflight--
	u.inflight--
	if failed {
		p.fails++
		p.last = now
		p.next = now.Add(backoff(p.fails))
		ad.add(now, addrBudget)
		u.add(now, userSlowAfter)
	} else {
		p.fails = 0
	}
	t.forget(k, now)
}

// cancel ends an admitted attempt that checked nothing (no slot free, the
// client left, an internal error): it counts for nothing.
func (k *ticket) cancel(now time.Time) {
	if k.ended {
		return
	}
	k.ended = true
	t := k.t
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pairs[k.pair].inflight--
	t.addrs[k.pair.addr].inflight--
	t.users[k.user].inflight--
	t.forget(k, now)
}

// forget drops the ticket's entries that hold nothing any more.
func (t *throttle) forget(k *ticket, now time.Time) {
	if p := t.pairs[k.pair]; p.inflight == 0 && (p.fails == 0 || now.Sub(p.last) >= pairForget) {
		delete(t.pairs, k.pair)
	}
	if ad := t.addrs[k.pair.addr]; ad.inflight == 0 && ad.count(now) == 0 {
		delete(t.addrs, k.pair.addr)
	}
	if u := t.users[k.user]; u.inflight == 0 && u.count(now) == 0 && !now.Before(u.next) {
		delete(t.users, k.user)
	}
}

// sweep drops what no longer limits anything.
func (t *throttle) sweep(now time.Time) {
	t.lastSweep = now
	for k, p := range t.pairs {
		if p.inflight == 0 && (p.fails == 0 || now.Sub(p.last) >= pairForget) {
			delete(t.pairs, k)
		}
	}
	for k, ad := range t.addrs {
		if ad.inflight == 0 && ad.count(now) == 0 {
			delete(t.addrs, k)
		}
	}
	for k, u := range t.users {
		if u.inflight == 0 && u.count(now) == 0 && !now.Before(u.next) {
			delete(t.users, k)
		}
	}
}

// hashGate bounds the password checks running at once. Waiters are served
// in arrival order (a channel's blocked senders queue).
type hashGate struct {
	slots   chan struct{}
	waiting atomic.Int32
	wait    time.Duration
	queue   int32
	garbage atomic.Bool // a check ended since the last collection
}

func newHashGate(slots int) *hashGate {
	return &hashGate{slots: make(chan struct{}, slots), wait: hashWait, queue: hashQueue}
}

// enter takes a slot, waiting a little; false: none came free (or the client
// left), and the caller must not hash.
func (g *hashGate) enter(ctx context.Context) bool {
	select {
	case g.slots <- struct{}{}:
		g.collect()
		return true
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return false
	}
	defer g.waiting.Add(-1)
	timer := time.NewTimer(g.wait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		g.collect()
		return true
	case <-timer.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// collect frees the 64 MiB that each ended check leaves behind before the
// next one allocates its own. Without it, the proxy's collector settings
// (GOGC=400 under a 512 MiB soft limit, app/boot) let that garbage pile up
// to the limit: a burst of checks would take the process past 500 MB
// whatever the number of slots. A collection costs milliseconds with the
// gateway's small live heap, against a check's few hundred.
func (g *hashGate) collect() {
	if g.garbage.Swap(false) {
		runtime.GC()
	}
}

// leave gives the slot back.
func (g *hashGate) leave() {
	g.garbage.Store(true)
	<-g.slots
}
