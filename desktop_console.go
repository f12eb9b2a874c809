package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	goruntime "runtime"
	"sync"
	"time"

	"sekisho/app"
	"sekisho/app/boot"
	"sekisho/backend/attach"
	"sekisho/backend/config"
	"sekisho/backend/dirlock"
	"sekisho/backend/i18n"
	"sekisho/backend/logfile"
	"sekisho/backend/service"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// window is the desktop window's lifecycle (the hooks desktop.go gives
// Wails): attach to a running engine or run one, the events and
// notifications, and what closing does.
type window struct {
	cfg      config.Config
	log      *slog.Logger
	logs     *logfile.Sink
	env      *app.Env
	services *app.Services
	con      *console

	ctx           context.Context // Wails', from OnStartup
	notifications bool            // desktop notifications work here

	mu       sync.Mutex
	rt       *boot.Runtime      // portable mode: the window's own engine
	stopLink context.CancelFunc // attached: ends the event stream
}

// busyWait is how long the window waits for the engine that holds its data
// folder to answer before it gives up (the contract: a process that finds
// the folder in use exits within 10 s).
const busyWait = 6 * time.Second

// startup is OnStartup: it finds the engine that runs on this machine and
// attaches to it, or starts the window's own (portable mode). It runs
// beside the page's loading; the frontend waits in Console.State.
func (w *window) startup(ctx context.Context) {
	w.ctx = ctx
	w.notifications = runtime.IsNotificationAvailable(ctx) && runtime.InitializeNotifications(ctx) == nil
	finder := attach.Finder{Token: w.cfg.AdminToken}
	serviceDir := ""
	if def, err := config.DefaultDataDir(); err == nil && sameDir(def, w.cfg.DataDir) {
		// Started without --data: the service's engine counts too.
		serviceDir = service.DataDir(goruntime.GOOS, os.Getenv)
	}
	eng, err := findEngine(ctx, finder, w.cfg.DataDir, serviceDir)
	var sf *serviceFolderError
	switch {
	case err == nil:
		w.attach(eng, finder)
		return
	case errors.Is(err, attach.ErrNoEngine):
		w.log.Info("no engine runs on this machine: the window runs its own (portable mode)", "why", err.Error())
	case errors.As(err, &sf):
		w.log.Warn("the service's data folder is there but the window cannot use it", "dir", sf.Dir, "err", sf.Err)
		if !w.askPortable(sf) {
			w.con.fail(err)
			os.Exit(0)
		}
	default:
		w.exit(err, w.explain(err))
	}
	w.startPortable(finder)
}

// attach makes the window the console of eng.
func (w *window) attach(eng attach.Engine, finder attach.Finder) {
	link := attach.NewLink(eng, finder, w.log)
	w.con.link.Store(link)
	ctx, cancel := context.WithCancel(context.Background())
	w.mu.Lock()
	w.stopLink = cancel
	w.mu.Unlock()
	go link.Follow(ctx, w.engineEvent, func(up bool) {
		runtime.EventsEmit(w.ctx, app.EventConsoleState, w.con.setConnected(up))
	})
	w.con.decide(app.ConsoleState{Mode: app.ConsoleAttached, DataDir: eng.Dir, EngineURL: eng.URL, EnginePID: eng.PID, Connected: true})
	w.log.Info("attached to the engine: closing this window leaves it running", "url", eng.URL, "pid", eng.PID, "data", eng.Dir, "version", eng.Version)
}

// startPortable starts the window's own engine on its data folder.
func (w *window) startPortable(finder attach.Finder) {
	w.env.Notify = w.notify // before the engine's listeners start
	rt, err := boot.Start(w.ctx, w.cfg, w.env, w.services, boot.StartOptions{Version: version, Log: w.logs})
	if err != nil {
		var busy *dirlock.BusyError
		if !errors.As(err, &busy) {
			w.exit(err, fmt.Sprintf("関所を起動できませんでした / Sekisho could not start:\n%v", err))
		}
		// An engine took the folder since the search, or is still
		// starting: attach once it answers. No dialog otherwise: the
		// process must end within 10 s.
		if eng, ferr := waitEngine(w.ctx, finder, w.cfg.DataDir, busyWait); ferr == nil {
			w.attach(eng, finder)
			return
		}
		w.exit(err, "")
	}
	w.mu.Lock()
	w.rt = rt
	w.mu.Unlock()
	for _, l := range rt.Lines {
		w.log.Info("listening", "on", l)
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "sekisho"
	}
	w.con.decide(app.ConsoleState{Mode: app.ConsolePortable, DataDir: w.cfg.DataDir, Connected: true,
		ServiceDataDir: service.DataDir(goruntime.GOOS, os.Getenv), InstallCommands: service.InstallCommands(exe)})
	w.log.Info("portable mode: the gateway stops when this window closes", "data", w.cfg.DataDir)
}

// exit ends the process (1) after showing msg, when not empty, in a dialog.
// Not runtime.Quit: OnStartup runs beside GTK's main loop starting, and a
// Quit before it runs is lost ("gtk_main_quit: assertion 'main_loops !=
// NULL'"), leaving a window with no engine. Nothing is open to close.
func (w *window) exit(err error, msg string) {
	if msg != "" {
		runtime.MessageDialog(w.ctx, runtime.MessageDialogOptions{Type: runtime.ErrorDialog, Title: "Sekisho", Message: msg})
	}
	fmt.Fprintln(os.Stderr, "sekisho:", err)
	w.con.fail(err)
	os.Exit(1)
}

// explain is the dialog text for an engine on the window's own folder that
// the window cannot reach.
func (w *window) explain(err error) string {
	lang := w.env.Lang()
	var te *attach.TokenError
	var de *attach.DeniedError
	switch {
	case errors.As(err, &te) && te.Refused:
		return i18n.T(lang, "console.token.refused", map[string]any{"url": te.URL, "dir": te.Dir})
	case errors.As(err, &te):
		return i18n.T(lang, "console.token.missing", map[string]any{"url": te.URL, "dir": te.Dir})
	case errors.As(err, &de):
		return i18n.T(lang, "console.denied", map[string]any{"dir": de.Dir, "how": w.howToAdmin(de.Dir)})
	}
	return fmt.Sprintf("関所を起動できませんでした / Sekisho could not start:\n%v", err)
}

// howToAdmin says how to reach a service's folder as an administrator.
func (w *window) howToAdmin(dir string) string {
	lang := w.env.Lang()
	if goruntime.GOOS == "windows" {
		return i18n.T(lang, "console.how.windows", nil)
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "sekisho"
	}
	return i18n.T(lang, "console.how.unix", map[string]any{"exe": exe, "token": dir + "/" + service.TokenFile})
}

// askPortable asks whether to run the window's own engine although a
// service's folder is there that the window cannot use.
func (w *window) askPortable(sf *serviceFolderError) bool {
	lang := w.env.Lang()
	yes, no := i18n.T(lang, "console.service.portable", nil), i18n.T(lang, "console.service.quit", nil)
	msg := i18n.T(lang, "console.service.body", map[string]any{"dir": sf.Dir, "how": w.howToAdmin(sf.Dir), "own": w.cfg.DataDir})
	var de *attach.DeniedError
	if !errors.As(sf.Err, &de) {
		// It may read the folder, but has no token the engine takes.
		msg = i18n.T(lang, "console.service.other", map[string]any{"why": w.explain(sf.Err), "own": w.cfg.DataDir})
	}
	res, err := runtime.MessageDialog(w.ctx, runtime.MessageDialogOptions{
		Type:    runtime.QuestionDialog,
		Title:   i18n.T(lang, "console.service.title", nil),
		Message: msg,
		// macOS shows these; Linux and Windows show Yes and No.
		Buttons: []string{yes, no}, DefaultButton: no, CancelButton: no,
	})
	return err == nil && (res == "Yes" || res == yes)
}

// notify sends an event of the engine to the page and, for a device
// request, to the desktop's notifications (SPEC: 端末の利用申請を受け取り
// ました [確認する]). Attached, the events come over the engine's stream.
func (w *window) notify(event string, data any) {
	runtime.EventsEmit(w.ctx, event, data)
	if w.notifications && event == app.EventDeviceRequested {
		title, body := app.NotificationText(w.lang(), event, data)
		if err := runtime.SendNotification(w.ctx, runtime.NotificationOptions{ID: fmt.Sprint(time.Now().UnixNano()), Title: title, Body: body}); err != nil {
			w.log.Warn("desktop notification", "err", err)
		}
	}
}

// engineEvent passes an event of the attached engine on as notify does.
func (w *window) engineEvent(ev attach.Event) {
	var data any
	if err := json.Unmarshal(ev.Data, &data); err != nil {
		w.log.Warn("an event from the engine is not JSON", "event", ev.Name, "err", err)
		return
	}
	w.log.Info("event from the engine", "event", ev.Name)
	w.notify(ev.Name, data)
}

// lang is the admin's language: attached, the engine's setting.
func (w *window) lang() i18n.Lang {
	if l := w.con.link.Load(); l != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		var info app.SystemInfo
		if err := l.Call(ctx, "System.Info", app.Empty{}, &info); err == nil {
			if lang, ok := i18n.Parse(string(info.Language)); ok {
				return lang
			}
		}
	}
	return w.env.Lang()
}

// beforeClose is OnBeforeClose: true keeps the window open. Attached,
// closing just closes. In portable mode, while a route is enabled, closing
// stops the gateway in front of the company's apps: the admin confirms.
func (w *window) beforeClose(ctx context.Context) bool {
	w.mu.Lock()
	rt := w.rt
	w.mu.Unlock()
	if w.con.attached() || rt == nil {
		return false
	}
	routes, err := w.services.Routes.List(app.Empty{})
	if err != nil {
		return false // nothing to go by: do not hold the window
	}
	n := 0
	for _, r := range routes.Items {
		if r.Enabled {
			n++
		}
	}
	if n == 0 {
		return false
	}
	lang := w.env.Lang()
	yes, no := i18n.T(lang, "console.close.yes", nil), i18n.T(lang, "console.close.no", nil)
	w.log.Info("closing in portable mode with enabled routes: asking", "routes", n)
	res, err := runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
		Type:    runtime.QuestionDialog,
		Title:   i18n.T(lang, "console.close.title", nil),
		Message: i18n.T(lang, "console.close.body", map[string]any{"n": n}),
		Buttons: []string{yes, no}, DefaultButton: no, CancelButton: no,
	})
	if err != nil {
		return false // the question cannot be asked: do not hold the window
	}
	keep := !(res == "Yes" || res == yes)
	w.log.Info("close confirmation", "answer", res, "close", !keep)
	return keep
}

// shutdown is OnShutdown: attached, the window only lets go of the engine;
// in portable mode its engine stops.
func (w *window) shutdown(context.Context) {
	w.mu.Lock()
	rt, stop := w.rt, w.stopLink
	w.mu.Unlock()
	if stop != nil {
		stop()
		w.log.Info("window closed; the engine keeps running", "url", w.con.current().EngineURL)
	}
	if rt == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rt.Close(ctx) // it logs the outcome
}
