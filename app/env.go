package app

import (
	"context"
	"log/slog"
	"net/netip"
	"sync/atomic"
	"time"

	"sekisho/backend/i18n"
	"sekisho/backend/server"
	"sekisho/backend/store"
)

// Mode is how the program runs.
type Mode string

// The modes.
const (
	ModeDesktop Mode = "desktop"
	ModeServe   Mode = "serve"
)

// Env is what every service shares: the database, the logger, the language
// in force, and the hooks that differ between the window and serve mode.
type Env struct {
	DB    *store.DB
	Log   *slog.Logger
	Mode  Mode
	Actor store.Actor
	// OSLang is the language of the operating system's locale, used while the
	// admin has not chosen one.
	OSLang i18n.Lang
	// SaveFile, when set (desktop), asks where to save a file and writes it.
	SaveFile func(filename string, data []byte) (path string, err error)
	// Info describes the running listeners; set once they are up.
	Info atomic.Pointer[RuntimeInfo]
	// SelfAddresses returns this machine's LAN addresses (for the lockout
	// guard); ConnectedClients the peers now connected to the gateway. Both
	// may be nil.
	SelfAddresses    func() []netip.Addr
	ConnectedClients func() []netip.Addr

	// Loc is the time zone dates are read in (the admin's).
	Loc *time.Location

	lang atomic.Value // i18n.Lang chosen in settings ("" = follow the OS)
	now  func() time.Time
	pki  *PKI
	jobs jobs
	gw   *GatewayState
	// Notify, when set, sends an event to the UI (a Wails event in the
	// window).
	Notify func(event string, data any)
	// ipAllow is the IP rules compiled, swapped on every change.
	ipAllow atomic.Pointer[func(netip.Addr) bool]
	// connsPerAddress is the per-address connection limit in settings.
	connsPerAddress atomic.Int64
}

// RuntimeInfo describes the running program for System.Info.
type RuntimeInfo struct {
	Version       string
	DataDir       string
	AdminURL      string
	PortalURL     string
	GatewayURL    string
	CAFingerprint string
	StartedAt     time.Time
}

// NewEnv returns an Env without a database yet: constructors do no I/O
// (Wails runs main up to wails.Run to generate bindings). Start opens it.
func NewEnv(log *slog.Logger, mode Mode, osLang i18n.Lang) *Env {
	if log == nil {
		log = slog.Default()
	}
	actor := store.Actor("desktop")
	if mode == ModeServe {
		actor = "api"
	}
	return &Env{Log: log, Mode: mode, Actor: actor, OSLang: osLang, Loc: time.Local, now: time.Now}
}

// Attach gives the Env its database and reads the language setting and
// the per-address connection limit.
func (e *Env) Attach(ctx context.Context, db *store.DB) error {
	var lang string
	if _, err := db.GetSetting(ctx, settingLanguage, &lang); err != nil {
		return err
	}
	conns := server.DefaultConnsPerAddress
	if _, err := db.GetSetting(ctx, settingConnsPerAddress, &conns); err != nil {
		return err
	}
	e.DB = db
	e.lang.Store(i18n.Lang(lang))
	e.connsPerAddress.Store(int64(conns))
	return nil
}

// ConnsPerAddress is the number of connections one client address may hold
// to the portal and gateway together (Settings; read at every accept).
func (e *Env) ConnsPerAddress() int {
	if n := e.connsPerAddress.Load(); n > 0 {
		return int(n)
	}
	return server.DefaultConnsPerAddress
}

// Lang returns the language in force: the admin's choice, else the OS's.
func (e *Env) Lang() i18n.Lang {
	if l, _ := e.lang.Load().(i18n.Lang); l != "" {
		return l
	}
	if e.OSLang != "" {
		return e.OSLang
	}
	return i18n.JA
}

func (e *Env) setLang(l i18n.Lang) { e.lang.Store(l) }

func (e *Env) selfAddresses() []netip.Addr {
	if e.SelfAddresses == nil {
		return nil
	}
	return e.SelfAddresses()
}

func (e *Env) connectedClients() []netip.Addr {
	if e.ConnectedClients == nil {
		return nil
	}
	return e.ConnectedClients()
}

// changed recompiles what depends on admin data and rebuilds the gateway's
// snapshot.
func (e *Env) changed() {
	if err := e.RefreshIPRules(context.Background()); err != nil {
		e.Log.Error("compile IP rules", "err", err)
	}
	if e.gw != nil {
		if err := e.gw.Rebuild(context.Background()); err != nil {
			e.Log.Error("rebuild gateway snapshot", "err", err)
		}
	}
}

// Events sent to the UI.
const (
	EventDeviceRequested = "device:requested"
)

func (e *Env) notify(event string, data any) {
	if e.Notify != nil {
		e.Notify(event, data)
	}
}

// endSessions ends the gateway sessions of users (suspension, password reset).
func (e *Env) endSessions(ctx context.Context, ids []int64) {
	if e.gw != nil {
		if err := e.gw.EndSessions(ctx, ids); err != nil {
			e.Log.Error("end sessions", "err", err)
		}
		return
	}
	if _, err := e.DB.DeleteUserSessions(ctx, ids); err != nil {
		e.Log.Error("end sessions", "err", err)
	}
}

// RefreshIPRules compiles the IP rules from the database.
func (e *Env) RefreshIPRules(ctx context.Context) error {
	rules, err := e.DB.ListIPRules(ctx)
	if err != nil {
		return err
	}
	allow := Allows(rules)
	e.ipAllow.Store(&allow)
	return nil
}

// IPAllowed applies the IP rules in force to a client address.
func (e *Env) IPAllowed(a netip.Addr) bool {
	if f := e.ipAllow.Load(); f != nil {
		return (*f)(a)
	}
	return true
}

// Services is every bound service, in the order the frontend lists them.
type Services struct {
	Users    *Users
	Certs    *Certs
	Links    *Links
	Messages *Messages
	IPRules  *IPRules
	Routes   *Routes
	Devices  *Devices
	Access   *Access
	History  *History
	Settings *Settings
	System   *System
}

// NewServices builds the services over env.
func NewServices(env *Env) *Services {
	b := base{env: env}
	return &Services{
		Users:    &Users{base: b},
		Certs:    &Certs{base: b},
		Links:    &Links{base: b},
		Messages: &Messages{base: b},
		IPRules:  &IPRules{base: b},
		Routes:   &Routes{base: b},
		Devices:  &Devices{base: b},
		Access:   &Access{base: b},
		History:  &History{base: b},
		Settings: &Settings{base: b},
		System:   &System{base: b},
	}
}

// Bind returns the services as Wails binds them and the admin API serves
// them, keyed by service name.
func (s *Services) Bind() map[string]any {
	return map[string]any{
		"Users":    s.Users,
		"Certs":    s.Certs,
		"Links":    s.Links,
		"Messages": s.Messages,
		"IPRules":  s.IPRules,
		"Routes":   s.Routes,
		"Devices":  s.Devices,
		"Access":   s.Access,
		"History":  s.History,
		"Settings": s.Settings,
		"System":   s.System,
	}
}

// List returns the services for wails options.Bind.
func (s *Services) List() []any {
	return []any{s.Users, s.Certs, s.Links, s.Messages, s.IPRules, s.Routes, s.Devices, s.Access, s.History, s.Settings, s.System}
}

// OrganizationName returns the organization name setting.
func (e *Env) OrganizationName(ctx context.Context) (string, error) {
	var org string
	_, err := e.DB.GetSetting(ctx, settingOrgName, &org)
	return org, err
}

// NotificationText is the desktop notification for an event (its data as
// the event carries it, or decoded from JSON), in lang.
func NotificationText(lang i18n.Lang, event string, data any) (title, body string) {
	m, _ := data.(map[string]any)
	switch event {
	case EventDeviceRequested:
		return i18n.T(lang, "notify.device.title", nil), i18n.T(lang, "notify.device.body", map[string]any{"device": m["deviceName"], "user": m["userCode"]})
	}
	return event, ""
}
