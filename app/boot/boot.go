// Package boot starts Sekisho: database, CA and listeners, in both the
// desktop and serve modes.
package boot

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync/atomic"
	"time"

	"sekisho/app"
	"sekisho/app/httpapi"
	"sekisho/backend/ca"
	"sekisho/backend/config"
	"sekisho/backend/gateway"
	"sekisho/backend/i18n"
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
}

// StartOptions are what Start needs beyond the configuration.
type StartOptions struct {
	Version string
	// UI is the built frontend, served by the admin listener in serve mode.
	UI fs.FS
}

// Start opens the database in cfg.DataDir, loads or creates the CA, and
// starts the listeners: the portal and gateway always, the admin UI and API
// in serve mode.
func Start(ctx context.Context, cfg config.Config, env *app.Env, services *app.Services, opt StartOptions) (*Runtime, error) {
	tuneGC(os.Getenv)
	db, err := store.Open(ctx, cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	rt, err := start(ctx, cfg, env, services, opt, db)
	if err != nil {
		db.Close()
		return nil, err
	}
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
	if err := rt.issueServerCert(cfg, publicHost); err != nil {
		return nil, err
	}
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
		ls = append(ls, server.Listener{Name: "admin", Addr: cfg.Admin, Handler: httpapi.AdminHandler(api, opt.UI)})
	}
	ls = append(ls,
		server.Listener{Name: "portal", Addr: cfg.Portal, Handler: portal.New(authority, env.CRL, env.Downloads()), TLS: &tls.Config{
			MinVersion:     tls.VersionTLS12,
			GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return getCert(), nil },
			ClientAuth:     tls.NoClientCert, // the portal never asks for one
		}},
		server.Listener{Name: "gateway", Addr: cfg.Gateway, Handler: gateway.New(gw), TLS: gateway.TLSConfig(getCert, authority.Cert)},
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
	return rt, nil
}

// issueServerCert (re)issues the LAN server certificate for every address the
// server may be reached at (CONTRACT: every listen address, localhost,
// 127.0.0.1 and --public-host).
func (rt *Runtime) issueServerCert(cfg config.Config, publicHost string) error {
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
	cert, err := rt.CA.IssueServer(hosts, time.Now())
	if err != nil {
		return fmt.Errorf("issue the server certificate: %w", err)
	}
	rt.serverCert.Store(&cert)
	return nil
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

// Close stops the listeners (finishing in-flight requests within ctx) and
// closes the database.
func (rt *Runtime) Close(ctx context.Context) error {
	err := rt.stop(ctx)
	if rt.Env.DB != nil {
		err = errors.Join(err, rt.Env.DB.Close())
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
