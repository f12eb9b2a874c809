// Package engine is what runs Sekisho's LAN server: the database, the CA and
// its CRL, the policy snapshot and the gateway's live state (sessions,
// devices, rate limits, proxies, the access log), the listeners (admin API,
// portal, gateway) and the background jobs. Serve mode, the OS service, the
// window's portable mode and the tests all start it through Start; the
// admin's bound services (package app) work on a running Engine.
package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"sekisho/backend/attach"
	"sekisho/backend/config"
	"sekisho/backend/dirlock"
	"sekisho/backend/logfile"
	"sekisho/backend/policy"
	"sekisho/backend/secret"
	"sekisho/backend/server"
	"sekisho/backend/store"
)

// Options are what Start needs beyond the configuration.
type Options struct {
	Version string
	Log     *slog.Logger
	// LogFile, when set, is the sink under Log: once the data folder is
	// held it also writes to DATA/logs/sekisho.log, until Close.
	LogFile *logfile.Sink
	// Init, when set, is called once the engine's state is loaded, before
	// the listeners start (the services take the engine here).
	Init func(*Engine) error
	// Admin, when set, is called once the engine's state is loaded and
	// returns the admin listener's handler (serve mode and the service:
	// the admin UI and API over the bound services). Without it there is no
	// admin listener (the window's portable mode calls the services
	// directly).
	Admin func(*Engine) (http.Handler, error)
	// Limits, when set, replaces the portal's and gateway's header and body
	// limits (server.DefaultLimits; tests shorten the body timeouts). Its
	// Conns, when nil, is made here: the per-address limit from Settings
	// and server.TotalConnLimit in all, shared by the two listeners.
	Limits *server.Limits
	// Now is the clock (time.Now when nil); tests move it.
	Now func() time.Time
	// BackupWorkFactor is the scrypt work factor of the backups Backup
	// writes (0: backup.DefaultWorkFactor); tests lower it.
	BackupWorkFactor int
	// BackupCheckInterval is how often the backup schedule is checked
	// (0: DefaultBackupCheckInterval, a minute); tests shorten it.
	BackupCheckInterval time.Duration
	// BindHost is the address the portal and gateway listen on when their
	// ports come from the settings: "" for every address (tests:
	// 127.0.0.1).
	BindHost string
}

// Engine is a started LAN server. Its exported fields are set by Start and
// never change.
type Engine struct {
	DB  *store.DB
	Log *slog.Logger

	cfg      config.Config
	bindHost string
	version  string
	now      func() time.Time
	pki      pki
	gw       *gatewayState
	conns    atomic.Int64 // the per-address connection limit in Settings

	lim        server.Limits
	admin      http.Handler
	lmu        sync.Mutex // listener changes, one at a time
	listeners  map[string]*listener
	retired    map[*listener]struct{} // moved away, finishing their requests
	publicHost string
	// downloadErr is why the download listener did not start ("" when it
	// runs or is not wanted).
	downloadErr atomic.Value
	errc        chan error
	serverCert  atomic.Pointer[tls.Certificate]
	info        atomic.Pointer[Info]

	emu    sync.Mutex
	subs   map[int]func(event string, data any)
	next   int
	onStop []func()

	// selfService is the employees' self-service the app provides
	// (SetSelfService); nil: off.
	selfService atomic.Pointer[selfServiceBox]

	backupMu         sync.Mutex // one backup at a time (scrypt takes 256 MiB)
	backupWorkFactor int

	stopBG    context.CancelFunc
	bgJobs    sync.WaitGroup // the jobs stop waits for (the backup schedule)
	lock      *dirlock.Lock
	logFile   *logfile.Sink
	published string // the data folder whose engine.json names this engine
	closeOnce sync.Once
	closeErr  error
}

// Info describes the running engine.
type Info struct {
	Version    string
	DataDir    string
	AdminURL   string
	PortalURL  string
	GatewayURL string
	// DownloadURL is the plain-HTTP download listener's, "" when it does
	// not run.
	DownloadURL   string
	CAFingerprint string
	StartedAt     time.Time
}

// Start takes the data folder cfg.DataDir for this process, opens the
// database in it, loads or creates the CA, loads the gateway's state, and
// starts the listeners: the portal and gateway always, the admin listener
// when opt.Admin is set. When another process holds the folder it returns a
// *dirlock.BusyError at once, without opening the database.
func Start(ctx context.Context, cfg config.Config, opt Options) (_ *Engine, err error) {
	log := opt.Log
	if log == nil {
		log = slog.Default()
	}
	tuneGC(os.Getenv)
	if err := tightenDataDir(cfg.DataDir, log); err != nil {
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
		log.Warn("remove a stale engine.json", "err", err)
	}
	logFile := opt.LogFile
	if logFile != nil {
		if err := logFile.Open(cfg.DataDir); err != nil {
			log.Warn("the log goes to standard error only", "err", err)
			logFile = nil
		}
	}
	e := &Engine{Log: log, cfg: cfg, bindHost: opt.BindHost, version: opt.Version, now: opt.Now, lock: lock, logFile: logFile, backupWorkFactor: opt.BackupWorkFactor,
		listeners: map[string]*listener{}, retired: map[*listener]struct{}{}, errc: make(chan error, 4), subs: map[int]func(string, any){}}
	if e.now == nil {
		e.now = time.Now
	}
	defer func() {
		if err != nil {
			// Also into the log file: a service has no one reading stderr.
			log.Error("start failed", "err", err)
			e.stop(context.Background())
			if e.DB != nil {
				e.DB.Close()
			}
			if logFile != nil {
				logFile.Close()
			}
			lock.Close()
		}
	}()
	log.Info("starting", "version", opt.Version, "pid", os.Getpid(), "data", cfg.DataDir, "admin", opt.Admin != nil)
	cleanRestoreLeftovers(cfg.DataDir, log)
	if e.DB, err = store.Open(ctx, cfg.DataDir); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	set, err := LoadSettings(ctx, e.DB)
	if err != nil {
		return nil, err
	}
	e.conns.Store(int64(set.ConnsPerAddress))
	sealKey, err := loadSealKey(cfg)
	if err != nil {
		return nil, err
	}
	authority, err := OpenCA(ctx, e.DB, sealKey, set.OrganizationName, e.now())
	if err == nil {
		// With the previous CAs still trusted (a change of CA).
		err = e.loadTrust(ctx, authority, sealKey, e.now())
	}
	clear(sealKey)
	if err != nil {
		return nil, err
	}
	if err := e.DB.ForgetEndedCAKeys(ctx, e.now()); err != nil {
		return nil, err
	}
	if err := e.RefreshCRL(ctx, false); err != nil {
		return nil, fmt.Errorf("sign the CRL: %w", err)
	}
	bg, stopBG := context.WithCancel(context.Background())
	e.stopBG = stopBG
	go e.keepCRLFresh(bg)

	if e.gw, err = newGatewayState(ctx, e); err != nil {
		return nil, fmt.Errorf("load the gateway's state: %w", err)
	}
	e.lim = server.DefaultLimits()
	if opt.Limits != nil {
		e.lim = *opt.Limits
	}
	if e.lim.Conns == nil {
		e.lim.Conns = server.NewConnLimiter(e.ConnsPerAddress, server.TotalConnLimit(), log)
	}
	log.Info("connection limits (portal and gateway)", "perAddress", e.ConnsPerAddress(), "total", e.lim.Conns.Stats().Total,
		"maxHeaderBytes", e.lim.MaxHeaderBytes, "bodyReadTimeout", e.lim.Body.ReadTimeout, "bodyMinRate", e.lim.Body.MinRate, "bodyRateWindow", e.lim.Body.Window)
	if opt.Init != nil {
		if err := opt.Init(e); err != nil {
			return nil, err
		}
	}
	if opt.Admin != nil {
		if cfg.AdminToken == "" {
			return nil, errors.New("the admin listener needs an admin token")
		}
		if e.admin, err = opt.Admin(e); err != nil {
			return nil, err
		}
	}
	plan := e.PlanFor(set)
	if err := e.issueServerCert(plan.PublicHost, e.now()); err != nil {
		return nil, err
	}
	go e.keepServerCertFresh(bg, time.Hour)
	backupEvery := opt.BackupCheckInterval
	if backupEvery <= 0 {
		backupEvery = DefaultBackupCheckInterval
	}
	e.bgJobs.Add(1)
	go func() {
		defer e.bgJobs.Done()
		e.keepBackedUp(bg, backupEvery)
	}()
	if err := e.listen(plan); err != nil {
		return nil, err
	}
	e.setInfo(time.Now())
	if e.admin != nil {
		// Where a desktop window on this machine finds this engine (the
		// admin token stays in its own file).
		dir, _ := filepath.Abs(cfg.DataDir)
		info := e.Info()
		err := attach.Publish(cfg.DataDir, attach.Info{AdminURL: info.AdminURL, PID: os.Getpid(), DataDir: dir, Version: opt.Version, StartedAt: info.StartedAt})
		if err != nil {
			log.Warn("a desktop window will not find this engine", "err", err)
		} else {
			e.published = cfg.DataDir
		}
	}
	return e, nil
}

// Info describes the running engine (its URLs change with the listener
// settings).
func (e *Engine) Info() Info {
	if p := e.info.Load(); p != nil {
		return *p
	}
	return Info{}
}

// Lines are the contract's start-up lines: admin (when it listens),
// portal, gateway.
func (e *Engine) Lines() []string {
	info := e.Info()
	var out []string
	if info.AdminURL != "" {
		out = append(out, "admin "+info.AdminURL)
	}
	out = append(out, "portal "+info.PortalURL, "gateway "+info.GatewayURL)
	if info.DownloadURL != "" {
		out = append(out, "download "+info.DownloadURL)
	}
	return out
}

// Version is the running build's version.
func (e *Engine) Version() string { return e.version }

// DataDir is the data folder the engine holds.
func (e *Engine) DataDir() string { return e.cfg.DataDir }

// LogDir is the folder of the engine's log file.
func (e *Engine) LogDir() string { return filepath.Join(e.cfg.DataDir, logfile.DirName) }

// Now is the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }

// Err delivers a listener's failure while serving.
func (e *Engine) Err() <-chan error { return e.errc }

// Snapshot is the policy in force: the rules, routes, users and
// certificates the gateway decides by, and the facts the Home screen shows
// about them (fail-open, IP rules enforcing), computed once here.
func (e *Engine) Snapshot() *policy.Snapshot { return e.gw.Snapshot() }

// IPAllowed applies the IP rules in force to a client address.
func (e *Engine) IPAllowed(a netip.Addr) bool { return e.Snapshot().IPAllowed(a) }

// SelfAddresses are this machine's LAN addresses.
func (e *Engine) SelfAddresses() []netip.Addr { return server.LANAddresses() }

// LocalAddresses are the addresses a browser on this machine reaches the
// portal or gateway from: its LAN addresses, and loopback (127.0.0.1, ::1)
// when a listener accepts it — someone here opening https://localhost:8443,
// or an engine bound to 127.0.0.1 only. The IP rules apply to loopback like
// to any address, so the lockout guard counts these.
func (e *Engine) LocalAddresses() []netip.Addr {
	e.lmu.Lock()
	var bound []string
	for _, name := range []string{"portal", "gateway"} {
		if l := e.listeners[name]; l != nil {
			bound = append(bound, l.addr)
		}
	}
	e.lmu.Unlock()
	return selfAddresses(bound, server.LANAddresses())
}

// selfAddresses is LocalAddresses for listeners bound to bound (host:port)
// on a machine with the LAN addresses lan.
func selfAddresses(bound []string, lan []netip.Addr) []netip.Addr {
	out := append([]netip.Addr(nil), lan...)
	seen := map[netip.Addr]bool{}
	for _, a := range lan {
		seen[a] = true
	}
	add := func(a netip.Addr) {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	for _, b := range bound {
		host, _, err := net.SplitHostPort(b)
		if err != nil {
			continue
		}
		if host == "" {
			add(netip.AddrFrom4([4]byte{127, 0, 0, 1}))
			add(netip.IPv6Loopback())
			continue
		}
		ip, err := netip.ParseAddr(host)
		switch {
		case err != nil:
			// A host name (localhost): its loopback addresses.
			if host == "localhost" {
				add(netip.AddrFrom4([4]byte{127, 0, 0, 1}))
				add(netip.IPv6Loopback())
			}
		case ip.IsUnspecified():
			add(netip.AddrFrom4([4]byte{127, 0, 0, 1}))
			if ip.Is6() {
				add(netip.IPv6Loopback())
			}
		case ip.Unmap().IsLoopback():
			add(ip.Unmap())
		}
	}
	return out
}

// RecentClients are the addresses the gateway saw in the last five minutes.
func (e *Engine) RecentClients() []netip.Addr { return e.gw.recentClients() }

// ConnsPerAddress is the number of connections one client address may hold
// to the portal and gateway together (Settings; read at every accept).
func (e *Engine) ConnsPerAddress() int {
	if n := e.conns.Load(); n > 0 {
		return int(n)
	}
	return server.DefaultConnsPerAddress
}

// Changed rereads what the engine keeps of the admin's data — the policy
// snapshot and the settings it runs by — after a change. Failures are
// logged: the change itself is stored, and the next one retries.
func (e *Engine) Changed(ctx context.Context) {
	if err := e.gw.Rebuild(ctx); err != nil {
		e.Log.Error("rebuild the gateway's snapshot", "err", err)
	}
	set, err := LoadSettings(ctx, e.DB)
	if err != nil {
		e.Log.Error("read settings", "err", err)
		return
	}
	e.conns.Store(int64(set.ConnsPerAddress)) // new connections from now on
}

// Subscribe calls f with every event the engine sends (a device request,
// …) until the returned function is called.
func (e *Engine) Subscribe(f func(event string, data any)) (unsubscribe func()) {
	e.emu.Lock()
	defer e.emu.Unlock()
	id := e.next
	e.next++
	e.subs[id] = f
	return func() {
		e.emu.Lock()
		delete(e.subs, id)
		e.emu.Unlock()
	}
}

// OnStop registers f to run first when the engine stops, before the
// listeners shut down (an event stream ends there, so that the shutdown
// does not wait for it).
func (e *Engine) OnStop(f func()) {
	e.emu.Lock()
	e.onStop = append(e.onStop, f)
	e.emu.Unlock()
}

// Publish sends an event to the subscribers.
func (e *Engine) Publish(event string, data any) {
	e.emu.Lock()
	fs := make([]func(string, any), 0, len(e.subs))
	for _, f := range e.subs {
		fs = append(fs, f)
	}
	e.emu.Unlock()
	for _, f := range fs {
		f(event, data)
	}
}

// Events the engine sends.
const (
	EventDeviceRequested = "device:requested"
)

// EndSessions ends the gateway sessions of users (suspension, password
// reset).
func (e *Engine) EndSessions(ctx context.Context, ids []int64) error {
	return e.gw.EndSessions(ctx, ids)
}

// ReloadDevices rereads the device table after an admin decision.
func (e *Engine) ReloadDevices(ctx context.Context) error { return e.gw.reloadDevices(ctx) }

// LogStats reports the access log writer's counters.
func (e *Engine) LogStats() LogStats { return e.gw.LogStats() }

// Close stops the listeners (finishing in-flight requests within ctx),
// flushes the access log, closes the database, logs the outcome, closes the
// log file and releases the data folder. It may be called more than once.
func (e *Engine) Close(ctx context.Context) error {
	e.closeOnce.Do(func() {
		var err error
		if e.published != "" {
			// First: a window looking now must not find a stopping engine.
			err = attach.Remove(e.published, os.Getpid())
		}
		err = errors.Join(err, e.stop(ctx))
		if e.DB != nil {
			err = errors.Join(err, e.DB.Close())
		}
		if err != nil {
			e.Log.Error("stopped", "err", err)
		} else {
			e.Log.Info("stopped")
		}
		if e.logFile != nil {
			e.logFile.Close()
		}
		if e.lock != nil {
			err = errors.Join(err, e.lock.Close())
		}
		e.closeErr = err
	})
	return e.closeErr
}

// stop ends everything but the database: background work, listeners, and
// the gateway's writers.
func (e *Engine) stop(ctx context.Context) error {
	var errs []error
	if e.stopBG != nil {
		e.stopBG()
	}
	e.bgJobs.Wait() // a scheduled backup in progress stops at once (its context), removing its temporary file
	e.emu.Lock()
	hooks := e.onStop
	e.onStop = nil
	e.emu.Unlock()
	for _, f := range hooks {
		f() // the admin API's event streams: Shutdown would wait for them to go idle
	}
	e.lmu.Lock()
	var wg sync.WaitGroup
	var mu sync.Mutex
	for name, l := range e.listeners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.shutdown(ctx); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
		delete(e.listeners, name)
	}
	// Listeners moved away and still draining: stopped within ctx too.
	retired := make([]*listener, 0, len(e.retired))
	for l := range e.retired {
		retired = append(retired, l)
	}
	e.lmu.Unlock()
	for _, l := range retired {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.shutdown(ctx) // its own goroutine logs how it ended
		}()
	}
	wg.Wait()
	if e.gw != nil {
		// After the listeners: every finished request's entry is queued.
		errs = append(errs, e.gw.Close(ctx))
	}
	return errors.Join(errs...)
}

// sealKey reads the seal key again for a running engine (a backup, the CA
// export, the stored backup passphrase): as loadSealKey, but a missing
// master.key is an error wrapping fs.ErrNotExist, never made anew (a new
// key would open nothing the old one sealed). The caller clears it.
func (e *Engine) sealKey() ([]byte, error) {
	if e.cfg.MasterKey == "" {
		if _, err := os.Stat(filepath.Join(e.cfg.DataDir, masterKeyFile)); err != nil {
			return nil, fmt.Errorf("the data folder's %s: %w", masterKeyFile, err)
		}
	}
	return loadSealKey(e.cfg)
}

// masterKeyFile is the data folder's file holding the seal key.
const masterKeyFile = "master.key"

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
	return secret.LoadOrCreateKeyFile(filepath.Join(cfg.DataDir, masterKeyFile))
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

// FlushAccessLog writes the access log entries and authentications the
// gateway has buffered, and returns once they are in the database.
func (e *Engine) FlushAccessLog(ctx context.Context) error {
	e.gw.flushAuths()
	return e.gw.log.Flush(ctx)
}

// ConnStats reports the portal's and gateway's connection counters.
func (e *Engine) ConnStats() server.ConnStats { return e.lim.Conns.Stats() }
