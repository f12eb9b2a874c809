// Package boot starts Sekisho's engine with the admin's services on it, in
// both the desktop and serve modes.
package boot

import (
	"context"
	"io/fs"
	"net/http"
	"time"

	"sekisho/app"
	"sekisho/app/httpapi"
	"sekisho/backend/ca"
	"sekisho/backend/config"
	"sekisho/backend/engine"
	"sekisho/backend/i18n"
	"sekisho/backend/logfile"
	"sekisho/backend/server"
)

// Runtime is a started engine and the services on it.
type Runtime struct {
	Engine *engine.Engine
	Env    *app.Env
	CA     *ca.CA
	// Lines are the contract's start-up lines: admin (serve mode), portal,
	// gateway.
	Lines []string
	// AdminURL is the admin UI's address (serve mode).
	AdminURL string
}

// StartOptions are what Start needs beyond the configuration.
type StartOptions struct {
	Version string
	// UI is the built frontend, served by the admin listener in serve mode.
	UI fs.FS
	// Limits: engine.Options.Limits.
	Limits *server.Limits
	// Log, when set, is the sink under env.Log: once the data folder is
	// held it also writes to DATA/logs/sekisho.log, until Close.
	Log *logfile.Sink
	// BackupWorkFactor: engine.Options.BackupWorkFactor (tests lower it).
	BackupWorkFactor int
	// Now: engine.Options.Now (tests move the clock).
	Now func() time.Time
}

// Start starts the engine on cfg and gives it to env. In serve mode the
// engine's admin listener serves the admin UI and API over services, and
// its event stream carries the engine's events. When another process holds
// the data folder it returns a *dirlock.BusyError at once, without opening
// the database.
func Start(ctx context.Context, cfg config.Config, env *app.Env, services *app.Services, opt StartOptions) (*Runtime, error) {
	eopt := engine.Options{Version: opt.Version, Log: env.Log, LogFile: opt.Log, Limits: opt.Limits, BackupWorkFactor: opt.BackupWorkFactor, Now: opt.Now}
	eopt.Init = func(e *engine.Engine) error { return env.Use(ctx, e) }
	if env.Mode == app.ModeServe {
		eopt.Admin = func(e *engine.Engine) (http.Handler, error) {
			api, err := httpapi.New(services.Bind(), cfg.AdminToken, env.Lang, env.Log)
			if err != nil {
				return nil, err
			}
			// Events reach a desktop window attached to this engine over
			// the API's event stream.
			e.Subscribe(api.Publish)
			e.OnStop(api.CloseEvents)
			return httpapi.AdminHandler(api, opt.UI), nil
		}
	}
	eng, err := engine.Start(ctx, cfg, eopt)
	if err != nil {
		return nil, err
	}
	return &Runtime{Engine: eng, Env: env, CA: eng.CA(), Lines: eng.Lines(), AdminURL: eng.Info().AdminURL}, nil
}

// Close stops the engine: see engine.Engine.Close.
func (rt *Runtime) Close(ctx context.Context) error { return rt.Engine.Close(ctx) }

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
