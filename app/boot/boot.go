// Package boot starts Sekisho: database, CA and listeners, in both the
// desktop and serve modes.
package boot

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"sekisho/app"
	"sekisho/app/httpapi"
	"sekisho/backend/attach"
	"sekisho/backend/ca"
	"sekisho/backend/config"
	"sekisho/backend/dirlock"
	"sekisho/backend/gateway"
	"sekisho/backend/i18n"
	"sekisho/backend/logfile"
	"sekisho/backend/portal"
	"sekisho/backend/secret"
	"sekisho/backend/server"
	"sekisho/backend/store"
)

// Runtime is a started Sekisho: database, CA and listeners.
type Runtime struct {
	Env   *app.Env
	CA    *ca.CA
	Group *server.Group
	// Lines are the contract's start-up lines: admin (serve mode), portal,
	// gateway.
	Lines []string
	// AdminURL is the admin UI's address (serve mode).
	AdminURL string

	serverCert atomic.Pointer[tls.Certificate]
	stopBG     context.CancelFunc
	gw         *app.GatewayState
	conns      *server.ConnLimiter
	lock       *dirlock.Lock
	logFile    *logfile.Sink
	api        *httpapi.API // serve mode: its event streams end before the listeners
	published  string       // the data folder whose engine.json names this engine
}

// StartOptions are what Start needs beyond the configuration.
type StartOptions struct {
	Version string
	// UI is the built frontend, served by the admin listener in serve mode.
	UI fs.FS
	// Limits, when set, replaces the portal's and gateway's header and body
	// limits (server.DefaultLimits; tests shorten the body timeouts). Its
	// Conns, when nil, is made here: the per-address limit from Settings
	// and server.TotalConnLimit in all, shared by the two listeners.
	Limits *server.Limits
	// Log, when set, is the sink under env.Log: once the data folder is
	// held it also writes to DATA/logs/sekisho.log, until Close.
	Log *logfile.Sink
}

// Start takes the data folder cfg.DataDir for this process, opens the
// database in it, loads or creates the CA, and starts the listeners: the
// portal and gateway always, the admin UI and API in serve mode. When
// another process holds the folder it returns a *dirlock.BusyError at once,
// without opening the database.
func Start(ctx context.Context, cfg config.Config, env *app.Env, services *app.Services, opt StartOptions) (_ *Runtime, err error) {
	tuneGC(os.Getenv)
	if err := tightenDataDir(cfg.DataDir, env.Log); err != nil {
		return nil, err
	}
	// One engine per data folder: two would write one database and CA
	// behind each other's backs, and fight over the ports.
	lock, err := dirlock.Acquire(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	// An engine.json here now is a killed engine's: the desktop window
	// must not go looking for it.
	if err := attach.Remove(cfg.DataDir, 0); err != nil {
		env.Log.Warn("remove a stale engine.json", "err", err)
	}
	logFile := opt.Log
	if logFile != nil {
		if err := logFile.Open(cfg.DataDir); err != nil {
			env.Log.Warn("the log goes to standard error only", "err", err)
			logFile = nil
		}
	}
	defer func() {
		if err != nil {
			// Also into the log file: a service has no one reading stderr.
			env.Log.Error("start failed", "err", err)
			if logFile != nil {
				logFile.Close()
			}
			lock.Close()
		}
	}()
	env.Log.Info("starting", "version", opt.Version, "pid", os.Getpid(), "data", cfg.DataDir, "mode", env.Mode)
	db, err := store.Open(ctx, cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	rt, err := start(ctx, cfg, env, services, opt, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	rt.lock, rt.logFile = lock, logFile
	return rt, nil
}

func start(ctx context.Context, cfg config.Config, env *app.Env, services *app.Services, opt StartOptions, db *store.DB) (_ *Runtime, err error) {
	if err := env.Attach(ctx, db); err != nil {
		return nil, err
	}
	env.SelfAddresses = server.LANAddresses
	if err := env.RefreshIPRules(ctx); err != nil {
		return nil, err
	}
	sealKey, err := loadSealKey(cfg)
	if err != nil {
		return nil, err
	}
	org, err := env.OrganizationName(ctx)
	if err != nil {
		return nil, err
	}
	authority, err := app.OpenCA(ctx, db, sealKey, org, time.Now())
	clear(sealKey)
	if err != nil {
		return nil, err
	}
	env.SetPKI(authority)
	if err := env.RefreshCRL(ctx, false); err != nil {
		return nil, fmt.Errorf("sign the CRL: %w", err)
	}
	rt := &Runtime{Env: env, CA: authority}
	bg, stopBG := context.WithCancel(context.Background())
	rt.stopBG = stopBG
	go env.KeepCRLFresh(bg)
	defer func() {
		if err != nil {
			rt.stop(context.Background()) // the caller closes the database
		}
	}()

	publicHost := cfg.PublicHost
	if publicHost == "" {
		publicHost = "127.0.0.1"
		if lan := server.LANAddresses(); len(lan) > 0 {
			publicHost = lan[0].String()
		}
	}
	if err := rt.issueServerCert(cfg, publicHost, time.Now()); err != nil {
		return nil, err
	}
	go rt.keepServerCertFresh(bg, cfg, publicHost, time.Hour)
	getCert := func() *tls.Certificate { return rt.serverCert.Load() }

	gw, err := app.NewGatewayState(ctx, env)
	if err != nil {
		return nil, fmt.Errorf("load the gateway's state: %w", err)
	}
	rt.gw = gw

	var ls []server.Listener
	if env.Mode == app.ModeServe {
		token := cfg.AdminToken
		if token == "" {
			return nil, errors.New("serve mode needs an admin token")
		}
		api, err := httpapi.New(services.Bind(), token, env.Lang, env.Log)
		if err != nil {
			return nil, err
		}
		// Events reach a desktop window attached to this engine over the
		// API's event stream, as they reach a window's own engine.
		rt.api = api
		if prev := env.Notify; prev != nil {
			env.Notify = func(event string, data any) { api.Publish(event, data); prev(event, data) }
		} else {
			env.Notify = api.Publish
		}
		ls = append(ls, server.Listener{Name: "admin", Flag: "--admin", Addr: cfg.Admin, Handler: httpapi.AdminHandler(api, opt.UI)})
	}
	lan := server.DefaultLimits()
	if opt.Limits != nil {
		lan = *opt.Limits
	}
	if lan.Conns == nil {
		lan.Conns = server.NewConnLimiter(env.ConnsPerAddress, server.TotalConnLimit(), env.Log)
	}
	rt.conns = lan.Conns
	env.Log.Info("connection limits (portal and gateway)", "perAddress", env.ConnsPerAddress(), "total", lan.Conns.Stats().Total,
		"maxHeaderBytes", lan.MaxHeaderBytes, "bodyReadTimeout", lan.Body.ReadTimeout, "bodyMinRate", lan.Body.MinRate, "bodyRateWindow", lan.Body.Window)
	ls = append(ls,
		server.Listener{Name: "portal", Flag: "--portal", Addr: cfg.Portal, Handler: portal.New(authority, env.CRL, env.Downloads()), Limits: &lan, TLS: &tls.Config{
			MinVersion:     tls.VersionTLS12,
			CipherSuites:   gateway.ServerCipherSuites,
			GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return getCert(), nil },
			ClientAuth:     tls.NoClientCert, // the portal never asks for one
		}},
		server.Listener{Name: "gateway", Flag: "--gateway", Addr: cfg.Gateway, Handler: gateway.New(gw), Limits: &lan, TLS: gateway.TLSConfig(getCert, authority.Cert)},
	)
	g, err := server.Start(ls, env.Log)
	if err != nil {
		return nil, err
	}
	rt.Group = g
	info := &app.RuntimeInfo{Version: opt.Version, DataDir: cfg.DataDir, CAFingerprint: authority.Fingerprint(), StartedAt: time.Now()}
	if a := g.Get("admin"); a != nil {
		rt.AdminURL = fmt.Sprintf("http://%s/", server.HostPort("127.0.0.1", a.Addr.Port))
		if ip := a.Addr.IP; ip != nil && ip.To4() == nil && ip.IsLoopback() {
			rt.AdminURL = fmt.Sprintf("http://%s/", server.HostPort("::1", a.Addr.Port))
		}
		info.AdminURL = rt.AdminURL
		rt.Lines = append(rt.Lines, "admin "+rt.AdminURL)
	}
	info.PortalURL = fmt.Sprintf("https://%s/", server.HostPort(publicHost, g.Get("portal").Addr.Port))
	info.GatewayURL = fmt.Sprintf("https://%s/", server.HostPort(publicHost, g.Get("gateway").Addr.Port))
	rt.Lines = append(rt.Lines, "portal "+info.PortalURL, "gateway "+info.GatewayURL)
	env.Info.Store(info)
	if rt.AdminURL != "" {
		// Where a desktop window on this machine finds this engine (the
		// admin token stays in its own file).
		dir, _ := filepath.Abs(cfg.DataDir)
		err := attach.Publish(cfg.DataDir, attach.Info{AdminURL: rt.AdminURL, PID: os.Getpid(), DataDir: dir, Version: opt.Version, StartedAt: info.StartedAt})
		if err != nil {
			env.Log.Warn("a desktop window will not find this engine", "err", err)
		} else {
			rt.published = cfg.DataDir
		}
	}
	return rt, nil
}

// issueServerCert (re)issues the LAN server certificate for every address the
// server may be reached at (CONTRACT: every listen address, localhost,
// 127.0.0.1 and --public-host).
func (rt *Runtime) issueServerCert(cfg config.Config, publicHost string, now time.Time) error {
	hosts := []string{"localhost", "127.0.0.1", "::1", publicHost}
	if h, err := os.Hostname(); err == nil && h != "" {
		hosts = append(hosts, h)
	}
	for _, ip := range server.LANAddresses() {
		hosts = append(hosts, ip.String())
	}
	for _, addr := range []string{cfg.Portal, cfg.Gateway} {
		if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
			if ip := net.ParseIP(h); ip == nil || !ip.IsUnspecified() {
				hosts = append(hosts, h)
			}
		}
	}
	cert, err := rt.CA.IssueServer(hosts, now)
	if err != nil {
		return fmt.Errorf("issue the server certificate: %w", err)
	}
	rt.serverCert.Store(&cert)
	return nil
}

// tightenDataDir makes the data folder private to the user Sekisho runs as
// (0700), creating it if needed: it holds the database, the sealed CA key
// and master.key. A folder made earlier with wider permissions is narrowed,
// with a log line. (Windows folders inherit ACLs; mode bits do not apply.)
func tightenDataDir(dir string, log *slog.Logger) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	if runtime.GOOS == "windows" {
		return nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if mode := st.Mode().Perm(); mode&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("make the data folder private (chmod 700 %s): %w", dir, err)
		}
		log.Warn("data folder was readable by others; narrowed to 0700", "dir", dir, "was", fmt.Sprintf("%04o", mode))
	}
	return nil
}

// ServerRenewBefore is how long before its end the LAN server certificate
// is replaced: new connections get the new one, open ones keep theirs, and
// nothing restarts.
const ServerRenewBefore = 30 * 24 * time.Hour

// renewServerCertIfDue reissues the server certificate when it ends within
// ServerRenewBefore of now, and reports whether it did.
func (rt *Runtime) renewServerCertIfDue(cfg config.Config, publicHost string, now time.Time) (bool, error) {
	if c := rt.serverCert.Load(); c != nil && c.Leaf != nil && c.Leaf.NotAfter.Sub(now) > ServerRenewBefore {
		return false, nil
	}
	if err := rt.issueServerCert(cfg, publicHost, now); err != nil {
		return false, err
	}
	return true, nil
}

// keepServerCertFresh checks the server certificate every interval until ctx
// ends (a process may run for longer than the certificate's 397 days).
func (rt *Runtime) keepServerCertFresh(ctx context.Context, cfg config.Config, publicHost string, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			renewed, err := rt.renewServerCertIfDue(cfg, publicHost, now)
			switch {
			case err != nil:
				rt.Env.Log.Error("renew the server certificate", "err", err)
			case renewed:
				rt.Env.Log.Info("server certificate renewed", "notAfter", rt.serverCert.Load().Leaf.NotAfter)
			}
		}
	}
}

// loadSealKey returns the key that seals the CA key: SEKISHO_MASTER_KEY, or
// the data folder's master.key (created on first start).
func loadSealKey(cfg config.Config) ([]byte, error) {
	if cfg.MasterKey != "" {
		k, err := secret.ParseKey(cfg.MasterKey)
		if err != nil {
			return nil, fmt.Errorf("SEKISHO_MASTER_KEY: %w", err)
		}
		return k, nil
	}
	return secret.LoadOrCreateKeyFile(filepath.Join(cfg.DataDir, "master.key"))
}

// Close stops the listeners (finishing in-flight requests within ctx),
// closes the database, logs the outcome, closes the log file and releases
// the data folder.
func (rt *Runtime) Close(ctx context.Context) error {
	var err error
	if rt.published != "" {
		// First: a window looking now must not find a stopping engine.
		err = attach.Remove(rt.published, os.Getpid())
	}
	err = errors.Join(err, rt.stop(ctx))
	if rt.Env.DB != nil {
		err = errors.Join(err, rt.Env.DB.Close())
	}
	if err != nil {
		rt.Env.Log.Error("stopped", "err", err)
	} else {
		rt.Env.Log.Info("stopped")
	}
	if rt.logFile != nil {
		rt.logFile.Close()
	}
	if rt.lock != nil {
		err = errors.Join(err, rt.lock.Close())
	}
	return err
}

// stop ends everything but the database: background work, listeners, and
// the gateway's writers.
func (rt *Runtime) stop(ctx context.Context) error {
	var errs []error
	if rt.stopBG != nil {
		rt.stopBG()
	}
	if rt.api != nil {
		rt.api.CloseEvents() // Shutdown would wait for the streams to go idle
	}
	if rt.Group != nil {
		errs = append(errs, rt.Group.Shutdown(ctx))
	}
	if rt.gw != nil {
		// After the listeners: every finished request's entry is queued.
		errs = append(errs, rt.gw.Close(ctx))
	}
	return errors.Join(errs...)
}

// OSLanguage guesses the language of the OS locale from the environment
// (LC_ALL, LC_MESSAGES, LANG); Japanese when unknown.
func OSLanguage(getenv func(string) string) i18n.Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		if l, ok := i18n.Parse(stripEncoding(v)); ok {
			return l
		}
		if v == "C" || v == "POSIX" || v == "C.UTF-8" {
			return i18n.EN
		}
	}
	return i18n.JA
}

func stripEncoding(v string) string {
	for i, r := range v {
		if r == '.' || r == '@' {
			v = v[:i]
			break
		}
	}
	if len(v) > 2 && v[2] == '_' {
		v = v[:2] + "-" + v[3:]
	}
	return v
}

var _ http.Handler = (*portal.Handler)(nil)

// tuneGC sets the garbage collector for a proxy: its live heap is small (a
// few MB) while every request allocates a few KB, so with the default
// GOGC=100 it would collect several times a second under load, and each
// collection's mark phase slows the requests in flight. A 400 % target
// collects about five times less often for a few tens of MB more memory;
// the soft memory limit keeps a large heap from growing past 512 MiB.
// GOGC and GOMEMLIMIT set in the environment win.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(512 << 20)
	}
}
