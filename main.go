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
	"path/filepath"
	"syscall"
	"time"

	"sekisho/app"
	"sekisho/app/boot"
	"sekisho/backend/config"
	"sekisho/backend/logfile"
	"sekisho/backend/service"
)

// version is set at build time with -ldflags "-X main.version=…" (task
// build: `git describe --tags --always --dirty`); 0.0.0-dev when unstamped.
var version = "0.0.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	if len(os.Args) > 1 && os.Args[1] == "service" {
		os.Exit(serviceMain(os.Args[2:])) // main_service.go
	}
	if len(os.Args) > 1 && (os.Args[1] == config.CommandBackup || os.Args[1] == config.CommandRestore) {
		os.Exit(backupMain(os.Args[1:])) // main_backup.go
	}
	cfg, err := config.Parse(os.Args[1:], os.Getenv, os.Stdout)
	if errors.Is(err, config.ErrHelp) {
		os.Exit(0) // the help is on stdout
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sekisho:", err)
		os.Exit(2)
	}
	if cfg.Command == config.CommandVersion {
		fmt.Println("sekisho", version)
		return
	}
	// The log goes to stderr, and to DATA/logs/sekisho.log once boot.Start
	// holds the data folder.
	logs := logfile.New(os.Stderr)
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ui, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	if cfg.Serve {
		os.Exit(serve(cfg, log, logs, ui))
	}
	if err := desktop(cfg, log, logs, ui); err != nil {
		fmt.Fprintln(os.Stderr, "sekisho:", err)
		os.Exit(1)
	}
}

// serve runs serve mode until SIGINT/SIGTERM and returns the exit code.
func serve(cfg config.Config, log *slog.Logger, logs *logfile.Sink, ui fs.FS) int {
	return serveUntil(context.Background(), cfg, log, logs, ui)
}

// serveUntil is serve that also stops when parent ends: a Windows service's
// stop request reaches `sekisho service run` that way.
func serveUntil(parent context.Context, cfg config.Config, log *slog.Logger, logs *logfile.Sink, ui fs.FS) int {
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	defer stop()
	generated := cfg.AdminToken == ""
	if generated {
		// Kept in the data folder (0600), as the service keeps it: a
		// desktop window on this machine attaches to this engine with it.
		tok, err := dataFolderToken(cfg.DataDir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sekisho:", err)
			return 1
		}
		cfg.AdminToken = tok
	}
	env := app.NewEnv(log, app.ModeServe, boot.OSLanguage(os.Getenv))
	rt, err := boot.Start(ctx, cfg, env, app.NewServices(env), boot.StartOptions{Version: version, UI: ui, Log: logs})
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
	case err := <-rt.Engine.Err():
		log.Error("listener failed", "err", err)
		code = 1
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := rt.Close(shutdown); err != nil {
		code = 1 // Close has logged it
	}
	return code
}

// dataFolderToken returns the admin token kept in dir's admin.token, made
// (random, 0600) on the first start.
func dataFolderToken(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create data folder: %w", err)
	}
	return service.LoadOrCreateToken(filepath.Join(dir, service.TokenFile))
}
