package main

import (
	"context"
	_ "embed"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"sekisho/app"
	"sekisho/app/boot"
	"sekisho/backend/config"
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
// work happens in OnStartup.
func desktop(cfg config.Config, log *slog.Logger, ui fs.FS) error {
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
	return wails.Run(&options.App{
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
			rt, err = boot.Start(ctx, cfg, env, services, boot.StartOptions{Version: version})
			if err != nil {
				log.Error("start", "err", err)
				runtime.MessageDialog(ctx, runtime.MessageDialogOptions{Type: runtime.ErrorDialog, Title: "Sekisho",
					Message: fmt.Sprintf("関所を起動できませんでした / Sekisho could not start:\n%v", err)})
				runtime.Quit(ctx)
				return
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
			if err := rt.Close(ctx); err != nil {
				log.Error("shutdown", "err", err)
			}
		},
		Linux: &linux.Options{Icon: appIcon, ProgramName: "sekisho"},
		Bind:  services.List(),
	})
}
