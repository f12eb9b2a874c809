package app

import (
	"context"
	"crypto/x509"
	"log/slog"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"sekisho/backend/engine"
	"sekisho/backend/i18n"
	"sekisho/backend/store"
)

// Mode is how the program runs.
type Mode string

// The modes.
const (
	ModeDesktop Mode = "desktop"
	ModeServe   Mode = "serve"
)

// Env is what every service shares: the engine they work on (its database,
// CA, policy snapshot and listeners), the logger, the language in force,
// and the hooks that differ between the window and serve mode.
type Env struct {
	// Engine is the running engine; nil until Use (constructors do no
	// I/O: Wails runs main up to wails.Run to generate bindings).
	*engine.Engine
	Log   *slog.Logger
	Mode  Mode
	Actor store.Actor
	// OSLang is the language of the operating system's locale, used while the
	// admin has not chosen one.
	OSLang i18n.Lang
	// SaveFile, when set (desktop), asks where to save a file and writes it.
	SaveFile func(filename string, data []byte) (path string, err error)
	// OpenLogFolder, when set (desktop), shows the engine's log folder in
	// the OS's file manager.
	OpenLogFolder func() error
	// Notify, when set before the engine starts, receives the engine's
	// events (a Wails event and a notification in the window).
	Notify func(event string, data any)

	// Self and Clients, when set, replace the engine's addresses of this
	// machine (SelfAddresses, LocalAddresses) and RecentClients in the
	// lockout checks and lists (tests).
	Self, Clients func() []netip.Addr

	// Loc is the time zone dates are read in (the admin's).
	Loc *time.Location

	// SMTPRootCAs, when set, replaces the system's roots in verifying the
	// SMTP server's certificate (tests); SMTPTimeout, when > 0, replaces
	// mailer.DefaultTimeout.
	SMTPRootCAs *x509.CertPool
	SMTPTimeout time.Duration

	lang atomic.Value // i18n.Lang chosen in settings ("" = follow the OS)
	// settingsMu serializes Settings.Update.
	settingsMu sync.Mutex
	jobs       jobs
}

// NewEnv returns an Env without an engine yet.
func NewEnv(log *slog.Logger, mode Mode, osLang i18n.Lang) *Env {
	if log == nil {
		log = slog.Default()
	}
	actor := store.Actor("desktop")
	if mode == ModeServe {
		actor = "api"
	}
	return &Env{Log: log, Mode: mode, Actor: actor, OSLang: osLang, Loc: time.Local}
}

// Use gives the Env its engine and reads the language setting; the
// engine's events go to Notify from now on.
func (e *Env) Use(ctx context.Context, eng *engine.Engine) error {
	var lang string
	if _, err := eng.DB.GetSetting(ctx, settingLanguage, &lang); err != nil {
		return err
	}
	e.Engine = eng
	e.lang.Store(i18n.Lang(lang))
	eng.SetSelfService(e)
	if e.Notify != nil {
		eng.Subscribe(e.Notify)
	}
	return nil
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

// now is the engine's clock.
func (e *Env) now() time.Time { return e.Engine.Now() }

// selfAddresses are this machine's LAN addresses.
func (e *Env) selfAddresses() []netip.Addr {
	if e.Self != nil {
		return e.Self()
	}
	return e.SelfAddresses()
}

// localAddresses are the addresses this machine reaches the portal and
// gateway from (LAN and, when it is accepted, loopback): the lockout
// guard's "this machine".
func (e *Env) localAddresses() []netip.Addr {
	if e.Self != nil {
		return e.Self()
	}
	return e.LocalAddresses()
}

// connectedClients are the addresses the gateway saw lately.
func (e *Env) connectedClients() []netip.Addr {
	if e.Clients != nil {
		return e.Clients()
	}
	return e.RecentClients()
}

// changed makes the engine reread what depends on admin data.
func (e *Env) changed() { e.Engine.Changed(context.Background()) }

// Events sent to the UI.
const (
	EventDeviceRequested = engine.EventDeviceRequested
)

// endSessions ends the gateway sessions of users (suspension, password reset).
func (e *Env) endSessions(ctx context.Context, ids []int64) {
	if err := e.EndSessions(ctx, ids); err != nil {
		e.Log.Error("end sessions", "err", err)
	}
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
