package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	goruntime "runtime"
	"time"

	"sekisho/app"
	"sekisho/app/boot"
	"sekisho/backend/config"
	"sekisho/backend/dirlock"
	"sekisho/backend/logfile"
	"sekisho/backend/secret"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

//go:embed build/appicon.png
var appIcon []byte

// desktop opens the window. Nothing here may open the database or bind a
// port before wails.Run: binding generation runs main up to that call. The
// work happens in OnStartup; when the engine cannot start there, the
// process exits 1.
func desktop(cfg config.Config, log *slog.Logger, logs *logfile.Sink, ui fs.FS) error {
	if windowBuild {
		if err := noDisplay(goruntime.GOOS, os.Getenv); err != nil {
			return err // GTK would panic
		}
	}
	env := app.NewEnv(log, app.ModeDesktop, boot.OSLanguage(os.Getenv))
	services := app.NewServices(env)
	var rt *boot.Runtime
	var wctx context.Context
	env.SaveFile = func(name string, data []byte) (string, error) {
		path, err := runtime.SaveFileDialog(wctx, runtime.SaveDialogOptions{DefaultFilename: name, Title: name})
		if err != nil || path == "" {
			return "", err
		}
		return path, secret.WriteFileAtomic(path, data, 0o644)
	}
	err := wails.Run(&options.App{
		Title:            "関所 Sekisho",
		Width:            1280,
		Height:           820,
		MinWidth:         900,
		MinHeight:        600,
		AssetServer:      &assetserver.Options{Assets: ui},
		BackgroundColour: &options.RGBA{R: 244, G: 246, B: 248, A: 255},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: "jp.sekisho.desktop",
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if wctx != nil {
					runtime.WindowUnminimise(wctx)
					runtime.WindowShow(wctx)
				}
			},
		},
		OnStartup: func(ctx context.Context) {
			wctx = ctx
			var err error
			rt, err = boot.Start(ctx, cfg, env, services, boot.StartOptions{Version: version, Log: logs})
			if err != nil {
				// A folder in use exits at once: a dialog would keep the
				// process waiting (the contract: within 10 s).
				var busy *dirlock.BusyError
				if !errors.As(err, &busy) {
					runtime.MessageDialog(ctx, runtime.MessageDialogOptions{Type: runtime.ErrorDialog, Title: "Sekisho",
						Message: fmt.Sprintf("関所を起動できませんでした / Sekisho could not start:\n%v", err)})
				}
				// Not runtime.Quit: OnStartup runs beside GTK's main loop
				// starting, and a Quit before it runs is lost
				// ("gtk_main_quit: assertion 'main_loops != NULL'"), leaving
				// a window with no engine. Nothing is open to close.
				fmt.Fprintln(os.Stderr, "sekisho:", err)
				os.Exit(1)
			}
			for _, l := range rt.Lines {
				log.Info("listening", "on", l)
			}
			// A device request reaches the window as an event (the UI shows
			// 端末の利用申請を受け取りました [確認する]) and, where the
			// platform allows, as a desktop notification.
			notifications := runtime.IsNotificationAvailable(ctx) && runtime.InitializeNotifications(ctx) == nil
			env.Notify = func(event string, data any) {
				runtime.EventsEmit(ctx, event, data)
				if notifications && event == app.EventDeviceRequested {
					title, body := app.NotificationText(env, event, data)
					if err := runtime.SendNotification(ctx, runtime.NotificationOptions{ID: fmt.Sprint(time.Now().UnixNano()), Title: title, Body: body}); err != nil {
						log.Warn("desktop notification", "err", err)
					}
				}
			}
		},
		OnShutdown: func(context.Context) {
			if rt == nil {
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			rt.Close(ctx) // it logs the outcome
		},
		Linux: &linux.Options{Icon: appIcon, ProgramName: "sekisho"},
		Bind:  services.List(),
	})
	if err != nil && !windowBuild {
		return fmt.Errorf("this sekisho was built without the window (no desktop build tags): run \"sekisho serve\" for the admin UI in a browser, or build the desktop app with \"go run ./tools/task build\" (%v)", err)
	}
	return err
}

// noDisplay explains, on Linux with neither DISPLAY nor WAYLAND_DISPLAY
// set, that the window cannot open here (GTK would panic).
func noDisplay(goos string, getenv func(string) string) error {
	if goos != "linux" || getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	return errors.New(`no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset): run "sekisho serve" instead; it runs the same engine without a window and serves the admin UI to a browser on this machine (see "sekisho serve --help")`)
}
