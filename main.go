// Command sekisho is the Sekisho desktop admin app: a private CA, IP rules,
// device approval and an mTLS gateway for small offices. With no arguments it
// opens the window and runs the LAN server; `sekisho serve` runs everything
// without a window and serves the admin UI to a browser on 127.0.0.1.
package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"sekisho/app"
	"sekisho/app/boot"
	"sekisho/backend/config"
	"sekisho/backend/secret"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	cfg, err := config.Parse(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, config.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sekisho:", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ui, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	if cfg.Serve {
		os.Exit(serve(cfg, log, ui))
	}
	if err := desktop(cfg, log, ui); err != nil {
		fmt.Fprintln(os.Stderr, "sekisho:", err)
		os.Exit(1)
	}
}

// serve runs serve mode until SIGINT/SIGTERM and returns the exit code.
func serve(cfg config.Config, log *slog.Logger, ui fs.FS) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	generated := cfg.AdminToken == ""
	if generated {
		tok, err := secret.Token(24)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sekisho:", err)
			return 1
		}
		cfg.AdminToken = tok
	}
	env := app.NewEnv(log, app.ModeServe, boot.OSLanguage(os.Getenv))
	rt, err := boot.Start(ctx, cfg, env, app.NewServices(env), boot.StartOptions{Version: version, UI: ui})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sekisho:", err)
		return 1
	}
	for _, l := range rt.Lines {
		fmt.Println(l)
	}
	if generated {
		fmt.Fprintf(os.Stderr, "admin token: %s\nopen the admin UI: %s#token=%s\n", cfg.AdminToken, rt.AdminURL, cfg.AdminToken)
	}
	fmt.Println("ready")
	code := 0
	select {
	case <-ctx.Done():
	case err := <-rt.Group.Err():
		log.Error("listener failed", "err", err)
		code = 1
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := rt.Close(shutdown); err != nil {
		log.Error("shutdown", "err", err)
		code = 1
	}
	return code
}
