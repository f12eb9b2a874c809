package main

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	goruntime "runtime"

	"sekisho/app"
	"sekisho/app/boot"
	"sekisho/backend/config"
	"sekisho/backend/logfile"

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
	// The window attaches to the engine that runs on this machine, or runs
	// its own (desktop_console.go).
	win := &window{cfg: cfg, log: log, logs: logs, env: env, services: services, con: newConsole()}
	env.SaveFile = func(name string, data []byte) (string, error) {
		path, err := runtime.SaveFileDialog(win.ctx, runtime.SaveDialogOptions{DefaultFilename: name, Title: name})
		if err != nil || path == "" {
			return "", err
		}
		return path, saveTo(path, data)
	}
	env.OpenLogFolder = func() error {
		dir := win.con.current().DataDir // attached: the engine's folder
		if dir == "" {
			dir = cfg.DataDir
		}
		return openFolder(goruntime.GOOS, filepath.Join(dir, logfile.DirName))
	}
	err := wails.Run(&options.App{
		Title:            "関所 Sekisho",
		Width:            1280,
		Height:           820,
		MinWidth:         900,
		MinHeight:        600,
		AssetServer:      &assetserver.Options{Assets: ui, Handler: win.con}, // attached: /api/ calls go to the engine
		BackgroundColour: &options.RGBA{R: 244, G: 246, B: 248, A: 255},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: "jp.sekisho.desktop",
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if win.ctx != nil {
					runtime.WindowUnminimise(win.ctx)
					runtime.WindowShow(win.ctx)
				}
			},
		},
		OnStartup:     win.startup,
		OnBeforeClose: win.beforeClose,
		OnShutdown:    win.shutdown,
		Linux:         &linux.Options{Icon: appIcon, ProgramName: "sekisho"},
		// Console is the window's own: the admin API does not serve it.
		Bind: append(services.List(), app.NewConsole(win.con.State)),
		// The API's enums go into models.ts (app/enums.go).
		EnumBind: app.Enums(),
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
