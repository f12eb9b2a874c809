package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"sekisho/backend/config"
	"sekisho/backend/gateway"
	"sekisho/backend/portal"
	"sekisho/backend/server"
)

// Plan is where the listeners go and the host name links use, resolved from
// the flags (which win), the settings, and the defaults.
type Plan struct {
	Admin, Portal, Gateway string
	// Download is the plain-HTTP download listener's address, "" for
	// none.
	Download   string
	PublicHost string
	// Fixed names, for each of "portal", "gateway", "download" and
	// "publicHost", the flag that set it on the command line (absent when
	// the setting applies).
	Fixed map[string]string
}

// PlanFor resolves where the listeners go under set, with this engine's
// flags.
func (e *Engine) PlanFor(set Settings) Plan {
	return PlanFor(e.cfg, set, e.bindHost, server.LANAddresses)
}

// PlanFor resolves the listeners' addresses: a flag given on the command
// line wins, then the setting, then the default (the portal on 7443, the
// gateway on 8443 and the download listener on 7080, on bindHost — "" for
// every address; links to the first LAN address). The download listener
// runs unless --download off, or the setting keeps everything on HTTPS
// (without a --download address).
func PlanFor(cfg config.Config, set Settings, bindHost string, lan func() []netip.Addr) Plan {
	p := Plan{Admin: cfg.Admin, Portal: cfg.Portal, Gateway: cfg.Gateway, PublicHost: cfg.PublicHost, Fixed: map[string]string{}}
	for _, f := range []struct {
		addr    *string
		name    string
		flag    string
		setting int
		def     int
	}{{&p.Portal, "portal", "--portal", set.PortalPort, config.DefaultPortalPort}, {&p.Gateway, "gateway", "--gateway", set.GatewayPort, config.DefaultGatewayPort}} {
		switch {
		case *f.addr != "":
			p.Fixed[f.name] = f.flag
		case f.setting > 0:
			*f.addr = net.JoinHostPort(bindHost, strconv.Itoa(f.setting))
		default:
			*f.addr = net.JoinHostPort(bindHost, strconv.Itoa(f.def))
		}
	}
	switch {
	case cfg.Download == config.DownloadOff:
		p.Fixed["download"] = "--download"
	case cfg.Download != "":
		p.Download = cfg.Download
		p.Fixed["download"] = "--download"
	case set.DownloadsHTTPSOnly:
		// Everything on HTTPS: no download listener.
	default:
		// On the portal's host when a flag pins it there.
		host := bindHost
		if h, _, err := net.SplitHostPort(cfg.Portal); err == nil && h != "" {
			host = h
		}
		port := config.DefaultDownloadPort
		if set.DownloadPort > 0 {
			port = set.DownloadPort
		}
		p.Download = net.JoinHostPort(host, strconv.Itoa(port))
	}
	switch {
	case p.PublicHost != "":
		p.Fixed["publicHost"] = "--public-host"
	case set.PublicHost != "":
		p.PublicHost = set.PublicHost
	default:
		p.PublicHost = "127.0.0.1"
		if l := lan(); len(l) > 0 {
			p.PublicHost = l[0].String()
		}
	}
	return p
}

// Settings that move a listener, named in a busy port's message.
var listenerSetting = map[string]string{
	"portal":   "Settings → LAN server → portal port (設定 → LAN サーバー → ポータルのポート)",
	"gateway":  "Settings → LAN server → gateway port (設定 → LAN サーバー → ゲートウェイのポート)",
	"download": "Settings → LAN server → download port (設定 → LAN サーバー → ダウンロードのポート)",
}

// listener is one running listener and the address it was asked for.
type listener struct {
	addr  string
	group *server.Group
	done  chan struct{}
	once  sync.Once
}

// shutdown stops the listener, finishing its requests until ctx ends. It
// may be called more than once (a moved listener still draining when the
// engine stops).
func (l *listener) shutdown(ctx context.Context) error {
	err := l.group.Shutdown(ctx)
	l.once.Do(func() { close(l.done) })
	return err
}

// bind starts one listener and forwards its serving errors to the engine's
// until it is shut down.
func (e *Engine) bind(spec server.Listener) (*listener, error) {
	if s, ok := listenerSetting[spec.Name]; ok {
		spec.Setting = s
	}
	g, err := server.Start([]server.Listener{spec}, e.Log)
	if err != nil {
		return nil, err
	}
	l := &listener{addr: spec.Addr, group: g, done: make(chan struct{})}
	go func() {
		select {
		case err := <-g.Err():
			select {
			case e.errc <- err:
			default:
			}
		case <-l.done:
		}
	}()
	return l, nil
}

// specs are the listeners of a plan.
func (e *Engine) specs(p Plan) []server.Listener {
	getCert := func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return e.serverCert.Load(), nil }
	var ls []server.Listener
	if e.admin != nil {
		ls = append(ls, server.Listener{Name: "admin", Flag: "--admin", Addr: p.Admin, Handler: e.admin})
	}
	lim := e.lim
	ls = append(ls,
		server.Listener{Name: "portal", Flag: "--portal", Addr: p.Portal, Handler: portal.New(portalCA{e}, e.CRL, e.Downloads()).WithGateway(e.gatewayURL).WithSelfService(e.SelfServiceOn, e.portalURL), Limits: &lim, TLS: &tls.Config{
			MinVersion:     tls.VersionTLS12,
			CipherSuites:   gateway.ServerCipherSuites,
			GetCertificate: getCert,
			ClientAuth:     tls.NoClientCert, // the portal never asks for one
		}},
		server.Listener{Name: "gateway", Flag: "--gateway", Addr: p.Gateway, Handler: gateway.New(e.gw), Limits: &lim,
			TLS: gateway.TLSConfig(func() *tls.Certificate { return e.serverCert.Load() }, e.ClientCAs)},
	)
	if p.Download != "" {
		// Plain HTTP: only the download pages, passphrase-encrypted files
		// and the CA (docs/security.md, "The download listener").
		ls = append(ls, server.Listener{Name: "download", Flag: "--download", Addr: p.Download, Limits: &lim,
			Handler: portal.NewDownload(portalCA{e}, e.Downloads(), e.gatewayURL).WithSelfService(e.SelfServiceOn, e.portalURL)})
	}
	return ls
}

// listen starts every listener of p (all or none).
func (e *Engine) listen(p Plan) error {
	e.lmu.Lock()
	defer e.lmu.Unlock()
	started := map[string]*listener{}
	for _, spec := range e.specs(p) {
		l, err := e.bind(spec)
		if err != nil && spec.Name == "download" && p.Fixed["download"] == "" {
			// Not asked for by a flag: the engine runs without it (links
			// fall back to the HTTPS portal) rather than not at all.
			e.Log.Warn("the download listener could not start; download links use the HTTPS portal (Settings → LAN server → download port)", "err", err)
			e.downloadErr.Store(err.Error())
			continue
		}
		if err != nil {
			for _, s := range started {
				s.shutdown(context.Background())
			}
			return err
		}
		started[spec.Name] = l
	}
	e.listeners = started
	e.publicHost = p.PublicHost
	return nil
}

// Relisten moves the portal and gateway to where set puts them, and
// reissues the server certificate when the public host changes. A listener
// whose address is unchanged keeps running untouched; a moved one is bound
// at its new address before the old one stops, so a busy port returns the
// *server.ListenError and changes nothing. Connections open on an old
// address finish their requests (up to 10 s) and close.
func (e *Engine) Relisten(ctx context.Context, set Settings) error {
	p := e.PlanFor(set)
	e.lmu.Lock()
	defer e.lmu.Unlock()
	if e.listeners["portal"] == nil || e.listeners["gateway"] == nil {
		return errors.New("the engine is stopping")
	}
	oldHost, oldCert := e.publicHost, e.serverCert.Load()
	if p.PublicHost != oldHost {
		if err := e.issueServerCert(p.PublicHost, e.now()); err != nil {
			return err
		}
	}
	moved := map[string]*listener{}
	for _, spec := range e.specs(p) {
		if old := e.listeners[spec.Name]; spec.Name == "admin" || old != nil && old.addr == spec.Addr {
			continue
		}
		l, err := e.bind(spec)
		if err != nil {
			for _, m := range moved {
				m.shutdown(context.Background())
			}
			e.serverCert.Store(oldCert) // the old host's, as before
			return err
		}
		moved[spec.Name] = l
	}
	// A listener the plan no longer has (the download listener switched
	// off) stops as a moved one does.
	stopped := map[string]*listener{}
	if p.Download == "" && e.listeners["download"] != nil {
		stopped["download"] = e.listeners["download"]
		delete(e.listeners, "download")
		e.Log.Info("listener stopped", "listener", "download")
	}
	for name, l := range moved {
		old := e.listeners[name]
		e.listeners[name] = l
		if old == nil {
			e.Log.Info("listener started", "listener", name, "at", l.group.Get(name).Addr.String())
			continue
		}
		stopped[name] = old
		e.Log.Info("listener moved", "listener", name, "from", old.group.Get(name).Addr.String(), "to", l.group.Get(name).Addr.String())
	}
	for name, old := range stopped {
		// The old one finishes its requests in the background; Close
		// waits for it (stop shuts the retired down too).
		e.retired[old] = struct{}{}
		go func() {
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := old.shutdown(sctx); err != nil {
				e.Log.Warn("old listener closed with requests still open", "listener", name, "err", err)
			}
			e.lmu.Lock()
			delete(e.retired, old)
			e.lmu.Unlock()
		}()
	}
	if p.Download == "" || e.listeners["download"] != nil {
		e.downloadErr.Store("")
	}
	e.publicHost = p.PublicHost
	if len(moved) > 0 || len(stopped) > 0 || p.PublicHost != oldHost {
		e.setInfoLocked(e.Info().StartedAt)
		e.Log.Info("LAN server now at", "portal", e.Info().PortalURL, "gateway", e.Info().GatewayURL)
	}
	return nil
}

// setInfo records the URLs of the running listeners.
func (e *Engine) setInfo(started time.Time) {
	e.lmu.Lock()
	defer e.lmu.Unlock()
	e.setInfoLocked(started)
}

func (e *Engine) setInfoLocked(started time.Time) {
	dir, _ := filepath.Abs(e.cfg.DataDir)
	info := &Info{Version: e.version, DataDir: dir, CAFingerprint: e.CA().Fingerprint(), StartedAt: started}
	port := func(name string) int {
		if l := e.listeners[name]; l != nil {
			return l.group.Get(name).Addr.Port
		}
		return 0
	}
	if l := e.listeners["admin"]; l != nil {
		a := l.group.Get("admin").Addr
		host := "127.0.0.1"
		if ip := a.IP; ip != nil && ip.To4() == nil && ip.IsLoopback() {
			host = "::1"
		}
		info.AdminURL = fmt.Sprintf("http://%s/", server.HostPort(host, a.Port))
	}
	info.PortalURL = fmt.Sprintf("https://%s/", server.HostPort(e.publicHost, port("portal")))
	info.GatewayURL = fmt.Sprintf("https://%s/", server.HostPort(e.publicHost, port("gateway")))
	if port("download") > 0 {
		info.DownloadURL = fmt.Sprintf("http://%s/", server.HostPort(e.publicHost, port("download")))
	}
	e.info.Store(info)
}

// Listening reports the bound address of a listener ("admin", "portal",
// "gateway", "download"), nil when it does not run.
func (e *Engine) Listening(name string) *net.TCPAddr {
	e.lmu.Lock()
	defer e.lmu.Unlock()
	if l := e.listeners[name]; l != nil {
		return l.group.Get(name).Addr
	}
	return nil
}

// issueServerCert (re)issues the LAN server certificate for every address the
// server may be reached at (CONTRACT: every listen address, localhost,
// 127.0.0.1 and the public host).
func (e *Engine) issueServerCert(publicHost string, now time.Time) error {
	hosts := []string{"localhost", "127.0.0.1", "::1", publicHost}
	if h, err := os.Hostname(); err == nil && h != "" {
		hosts = append(hosts, h)
	}
	for _, ip := range server.LANAddresses() {
		hosts = append(hosts, ip.String())
	}
	for _, addr := range []string{e.cfg.Portal, e.cfg.Gateway} {
		if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
			if ip := net.ParseIP(h); ip == nil || !ip.IsUnspecified() {
				hosts = append(hosts, h)
			}
		}
	}
	cert, err := e.pki.cur.Load().server.IssueServer(hosts, now)
	if err != nil {
		return fmt.Errorf("issue the server certificate: %w", err)
	}
	e.serverCert.Store(&cert)
	return nil
}

// ServerRenewBefore is how long before its end the LAN server certificate
// is replaced: new connections get the new one, open ones keep theirs, and
// nothing restarts.
const ServerRenewBefore = 30 * 24 * time.Hour

// renewServerCertIfDue reissues the server certificate when it ends within
// ServerRenewBefore of now, and reports whether it did.
func (e *Engine) renewServerCertIfDue(now time.Time) (bool, error) {
	// Under lmu: Relisten may be changing the public host and its
	// certificate.
	e.lmu.Lock()
	defer e.lmu.Unlock()
	if c := e.serverCert.Load(); c != nil && c.Leaf != nil && c.Leaf.NotAfter.Sub(now) > ServerRenewBefore {
		return false, nil
	}
	if err := e.issueServerCert(e.publicHost, now); err != nil {
		return false, err
	}
	return true, nil
}

// keepServerCertFresh checks the server certificate every interval until ctx
// ends (a process may run for longer than the certificate's 397 days).
func (e *Engine) keepServerCertFresh(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			renewed, err := e.renewServerCertIfDue(now)
			switch {
			case err != nil:
				e.Log.Error("renew the server certificate", "err", err)
			case renewed:
				e.Log.Info("server certificate renewed", "notAfter", e.serverCert.Load().Leaf.NotAfter)
			}
		}
	}
}

// ServerCert is the LAN server certificate in use.
func (e *Engine) ServerCert() *tls.Certificate { return e.serverCert.Load() }

var _ http.Handler = (*portal.Handler)(nil)

// gatewayURL is the gateway's URL for the pages (the download page's
// 社内アプリを開く).
func (e *Engine) gatewayURL() string { return e.Info().GatewayURL }

func (e *Engine) portalURL() string { return e.Info().PortalURL }

// DownloadError is why the download listener did not start although it is
// wanted ("" when it runs or is not wanted): its port was taken at start.
func (e *Engine) DownloadError() string {
	v, _ := e.downloadErr.Load().(string)
	return v
}
