package engine

import (
	"context"
	"errors"
	"html"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"sekisho/backend/accesslog"
	"sekisho/backend/gateway"
	"sekisho/backend/policy"
	"sekisho/backend/proxy"
	"sekisho/backend/secret"
	"sekisho/backend/server"
	"sekisho/backend/store"
)

// gatewayState is the gateway's in-memory view of the database: the policy
// snapshot (rebuilt on every admin change and swapped atomically), the
// session and device tables, the access log writer and the last-auth
// recorder. It implements gateway.State.
type gatewayState struct {
	e         *Engine
	snap      atomic.Pointer[policy.Snapshot]
	rebuildMu sync.Mutex // one rebuild at a time, so an older one never lands last
	transport *http.Transport
	proxies   map[string]*proxy.Proxy // by upstream URL; guarded by rebuildMu

	mu       sync.RWMutex
	sessions map[string]sessionEntry
	devices  map[string]deviceEntry

	log *accesslog.Writer

	authMu  sync.Mutex
	pending map[int64]store.AuthRecord

	deviceRequests userLimiter
	selfIssues     userLimiter

	seenMu sync.Mutex
	seen   map[netip.Addr]time.Time

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

type sessionEntry struct {
	userID  int64
	expires time.Time
}

type deviceEntry struct {
	userID int64
	status policy.DeviceStatus
	name   string
}

// newGatewayState loads the gateway's state and starts its background work.
func newGatewayState(ctx context.Context, env *Engine) (*gatewayState, error) {
	g := &gatewayState{e: env, proxies: map[string]*proxy.Proxy{}, pending: map[int64]store.AuthRecord{}, seen: map[netip.Addr]time.Time{},
		stop: make(chan struct{}), done: make(chan struct{}),
		deviceRequests: userLimiter{max: deviceRequestsPerWindow, window: deviceRequestWindow},
		selfIssues:     userLimiter{max: selfIssuesPerWindow, window: selfIssueWindow},
		transport: &http.Transport{
			Proxy:                 nil, // never send internal traffic to an environment proxy
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:          1024,
			MaxIdleConnsPerHost:   256,
			IdleConnTimeout:       90 * time.Second,
			ResponseHeaderTimeout: 0, // streaming upstreams may take their time
			ExpectContinueTimeout: time.Second,
		}}
	g.log = accesslog.New(env.DB.InsertAccess, 65536, env.Log)
	if err := g.Rebuild(ctx); err != nil {
		return nil, err
	}
	if err := g.reloadSessions(ctx); err != nil {
		return nil, err
	}
	if err := g.reloadDevices(ctx); err != nil {
		return nil, err
	}
	go g.background()
	return g, nil
}

// Rebuild builds a new snapshot from the database and swaps it in.
func (g *gatewayState) Rebuild(ctx context.Context) error {
	g.rebuildMu.Lock()
	defer g.rebuildMu.Unlock()
	db := g.e.DB
	users, err := db.PolicyUsers(ctx)
	if err != nil {
		return err
	}
	certs, err := db.PolicyCerts(ctx)
	if err != nil {
		return err
	}
	rules, err := db.ListIPRules(ctx)
	if err != nil {
		return err
	}
	routes, err := db.ListRoutes(ctx)
	if err != nil {
		return err
	}
	set, err := LoadSettings(ctx, db)
	if err != nil {
		return err
	}
	in := policy.Input{Strict: set.StrictMode, CertBypassesIPRules: set.CertBypassesIPRules, Certs: certs, Users: users}
	for _, r := range rules {
		if r.Enabled {
			in.IPRules = append(in.IPRules, r.Prefix)
		}
	}
	used := map[string]bool{}
	for _, r := range routes {
		if !r.Enabled {
			continue
		}
		target, err := url.Parse(r.Upstream)
		if err != nil {
			continue // validated on save; skip rather than fail the whole snapshot
		}
		in.Routes = append(in.Routes, &policy.Route{ID: r.ID, Name: r.Name, Host: r.Host, PathPrefix: r.PathPrefix,
			RequireSignIn: r.RequireSignIn, RequireCert: r.RequireCert, Upstream: g.proxy(target)})
		used[target.String()] = true
	}
	g.snap.Store(policy.Build(in))
	for key, p := range g.proxies {
		if !used[key] {
			delete(g.proxies, key)
			p.Close() // requests still on it finish; their connections then close
		}
	}
	return nil
}

// proxy returns the proxy to one upstream. Proxies live across snapshots,
// so their pooled upstream connections are reused; Rebuild closes the idle
// connections of upstreams no route uses any more.
func (g *gatewayState) proxy(target *url.URL) *proxy.Proxy {
	key := target.String()
	if p := g.proxies[key]; p != nil {
		return p
	}
	p := proxy.New(target, proxy.Options{
		Transport:      g.transport,
		ResponseHeader: gateway.StripOwnSetCookies,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if errors.Is(err, server.ErrBodyTooSlow) || r.Context().Err() != nil {
				// The client's side, not the upstream's: its body came too
				// slowly (server.BodyPace; a read that timed out also ends
				// the request's context, which may be what the proxy saw
				// first), or it went away.
				g.e.Log.Debug("request ended on the client's side", "upstream", key, "client", r.RemoteAddr, "err", err)
				w.Header().Set("Connection", "close")
				http.Error(w, http.StatusText(http.StatusRequestTimeout), http.StatusRequestTimeout)
				return
			}
			g.e.Log.Warn("upstream unreachable", "upstream", key, "err", err)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte(`<!doctype html><meta charset="utf-8"><title>502</title><p>` +
				html.EscapeString("接続先のアプリが応答しません。しばらくしてからお試しください。/ The app is not responding; please try again later.") + `</p>`))
		},
	})
	g.proxies[key] = p
	return p
}

// Snapshot returns the policy in force.
func (g *gatewayState) Snapshot() *policy.Snapshot { return g.snap.Load() }

// SessionUser returns the user of a live session.
func (g *gatewayState) SessionUser(hash string) int64 {
	g.mu.RLock()
	s, ok := g.sessions[hash]
	g.mu.RUnlock()
	if !ok || time.Now().After(s.expires) {
		return 0
	}
	return s.userID
}

// Device returns the user, state and name of a device.
func (g *gatewayState) Device(hash string) (int64, policy.DeviceStatus, string) {
	g.mu.RLock()
	d := g.devices[hash]
	g.mu.RUnlock()
	return d.userID, d.status, d.name
}

// Access logs a decision and remembers the client as recently seen.
func (g *gatewayState) Access(e store.AccessEntry) {
	g.log.Log(e)
	if a, err := netip.ParseAddr(e.ClientIP); err == nil {
		g.seenMu.Lock()
		g.seen[a] = e.At
		g.seenMu.Unlock()
	}
}

// Authenticated notes a user's certificate authentication; it reaches the
// database with the next flush, not on the request path.
func (g *gatewayState) Authenticated(userID int64, c *policy.Cert, at time.Time) {
	g.authMu.Lock()
	g.pending[userID] = store.AuthRecord{UserID: userID, CertID: c.ID, CertName: c.Name, At: at}
	g.authMu.Unlock()
}

func (g *gatewayState) flushAuths() {
	g.authMu.Lock()
	if len(g.pending) == 0 {
		g.authMu.Unlock()
		return
	}
	recs := make([]store.AuthRecord, 0, len(g.pending))
	for _, r := range g.pending {
		recs = append(recs, r)
	}
	g.pending = map[int64]store.AuthRecord{}
	g.authMu.Unlock()
	if err := g.e.DB.RecordAuths(context.Background(), recs); err != nil {
		g.e.Log.Error("record authentications", "err", err)
	}
}

// recentClients are the addresses seen in the last five minutes.
func (g *gatewayState) recentClients() []netip.Addr {
	cutoff := time.Now().Add(-5 * time.Minute)
	g.seenMu.Lock()
	defer g.seenMu.Unlock()
	var out []netip.Addr
	for a, t := range g.seen {
		if t.Before(cutoff) {
			delete(g.seen, a)
			continue
		}
		out = append(out, a)
	}
	return out
}

// SignIn checks a user code and password and opens a session. It hashes a
// password every time (64 MiB): the gateway's handler bounds how many run at
// once and throttles the attempts before they get here.
func (g *gatewayState) SignIn(ctx context.Context, code, password string, client netip.Addr) (string, error) {
	u, err := g.e.DB.GetUserByCode(ctx, code)
	hash := ""
	if err == nil {
		hash, err = g.e.DB.PasswordHash(ctx, u.ID)
	}
	// Verify even for an unknown user, so timing does not tell which codes exist.
	ok := secret.VerifyPassword(hashOrDummy(hash), password) && err == nil && hash != ""
	if !ok {
		return "", gateway.ErrBadCredentials
	}
	if u.Suspended {
		return "", gateway.ErrSuspended
	}
	token, err := secret.Token(24)
	if err != nil {
		return "", err
	}
	th := secret.HashToken(token)
	exp := time.Now().Add(gateway.SessionTTL)
	if err := g.e.DB.CreateSession(ctx, store.Session{TokenHash: th, UserID: u.ID, Expires: exp}); err != nil {
		return "", err
	}
	g.mu.Lock()
	g.sessions[th] = sessionEntry{userID: u.ID, expires: exp}
	g.mu.Unlock()
	return token, nil
}

var dummyHash = func() string { h, _ := secret.HashPassword("sekisho-dummy-password"); return h }()

func hashOrDummy(h string) string {
	if h == "" {
		return dummyHash
	}
	return h
}

// SignOut ends a session.
// ClientCAs are the CAs client certificates are accepted from now.
func (g *gatewayState) ClientCAs() *gateway.ClientCAs { return g.e.ClientCAs() }

func (g *gatewayState) SignOut(hash string) {
	g.mu.Lock()
	delete(g.sessions, hash)
	g.mu.Unlock()
	if err := g.e.DB.DeleteSession(context.Background(), hash); err != nil {
		g.e.Log.Error("delete session", "err", err)
	}
}

// EndSessions ends every session of the users (suspension, password reset).
func (g *gatewayState) EndSessions(ctx context.Context, userIDs []int64) error {
	hashes, err := g.e.DB.DeleteUserSessions(ctx, userIDs)
	g.mu.Lock()
	for _, h := range hashes {
		delete(g.sessions, h)
	}
	g.mu.Unlock()
	return err
}

// RequestDevice stores a pending device request and returns its token. The
// request replaces the user's pending one for the same device (the device
// cookie's, prevTokenHash, or one with the same name and OS), so the admin
// sees one row per user and device; a user may send
// deviceRequestsPerWindow requests an hour (gateway.ErrDeviceRequestLimit).
func (g *gatewayState) RequestDevice(ctx context.Context, userID int64, name, phone, os, prevTokenHash string) (string, error) {
	at := g.e.now()
	if !g.deviceRequests.take(userID, at) {
		return "", gateway.ErrDeviceRequestLimit
	}
	token, err := secret.Token(24)
	if err != nil {
		g.deviceRequests.undo(userID, at)
		return "", err
	}
	if _, _, err := g.e.DB.RequestDevice(ctx, store.Device{UserID: userID, TokenHash: secret.HashToken(token), Name: name, Phone: phone, OS: os}, prevTokenHash); err != nil {
		g.deviceRequests.undo(userID, at)
		return "", err
	}
	if err := g.reloadDevices(ctx); err != nil {
		return "", err
	}
	code := ""
	if u := g.Snapshot().User(userID); u != nil {
		code = u.Code
	}
	g.e.Publish(EventDeviceRequested, map[string]any{"userId": strconv.FormatInt(userID, 10), "userCode": code, "deviceName": name})
	return token, nil
}

func (g *gatewayState) reloadSessions(ctx context.Context) error {
	ss, err := g.e.DB.LiveSessions(ctx)
	if err != nil {
		return err
	}
	m := make(map[string]sessionEntry, len(ss))
	for _, s := range ss {
		m[s.TokenHash] = sessionEntry{userID: s.UserID, expires: s.Expires}
	}
	g.mu.Lock()
	g.sessions = m
	g.mu.Unlock()
	return nil
}

func (g *gatewayState) reloadDevices(ctx context.Context) error {
	ds, _, err := g.e.DB.ListDevices(ctx, store.DeviceFilter{})
	if err != nil {
		return err
	}
	m := make(map[string]deviceEntry, len(ds))
	for _, d := range ds {
		st := policy.DeviceIsPending
		switch d.Status {
		case "approved":
			st = policy.DeviceIsApproved
		case "rejected":
			st = policy.DeviceIsRejected
		}
		m[d.TokenHash] = deviceEntry{userID: d.UserID, status: st, name: d.Name}
	}
	g.mu.Lock()
	g.devices = m
	g.mu.Unlock()
	return nil
}

// dropExpiredSessions forgets sessions past their end (the database rows are
// ignored by LiveSessions at the next start).
func (g *gatewayState) dropExpiredSessions() {
	now := time.Now()
	g.mu.Lock()
	for h, s := range g.sessions {
		if now.After(s.expires) {
			delete(g.sessions, h)
		}
	}
	g.mu.Unlock()
}

// LogStats are the access log writer's counters.
type LogStats = accesslog.Stats

// LogStats reports the access log writer's counters.
func (g *gatewayState) LogStats() accesslog.Stats { return g.log.Stats() }

func (g *gatewayState) background() {
	defer close(g.done)
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	g.purge()
	lastPurge := time.Now()
	for {
		select {
		case <-g.stop:
			return
		case <-t.C:
			g.flushAuths()
			g.dropExpiredSessions()
			if time.Since(lastPurge) > time.Hour {
				g.purge()
				lastPurge = time.Now()
			}
		}
	}
}

// purge deletes access log entries past the retention setting.
func (g *gatewayState) purge() {
	ctx := context.Background()
	set, err := LoadSettings(ctx, g.e.DB)
	if err != nil {
		g.e.Log.Error("purge access log", "err", err)
		return
	}
	if err := g.e.DB.PurgeSessions(ctx); err != nil {
		g.e.Log.Error("purge sessions", "err", err)
	}
	if n, err := g.e.DB.PurgeAccess(ctx, time.Now().AddDate(0, 0, -set.RetentionDays)); err != nil {
		g.e.Log.Error("purge access log", "err", err)
	} else if n > 0 {
		g.e.Log.Info("access log purged", "entries", n, "days", set.RetentionDays)
	}
}

// Close flushes the access log and the pending authentications. It may be
// called more than once.
func (g *gatewayState) Close(ctx context.Context) error {
	g.closeOnce.Do(func() {
		close(g.stop)
		<-g.done
		g.flushAuths()
		// The access log gets its own deadline: a shutdown whose context a
		// long stream has used up must still write what is buffered before
		// the database closes.
		lctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		g.closeErr = g.log.Close(lctx)
		cancel()
		g.rebuildMu.Lock()
		for _, p := range g.proxies {
			p.Close()
		}
		g.rebuildMu.Unlock()
		g.transport.CloseIdleConnections()
	})
	return g.closeErr
}

var _ gateway.State = (*gatewayState)(nil)
