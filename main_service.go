package main

import (
	"context"
	"io/fs"
	"log/slog"
	"os"

	"sekisho/app/boot"
	"sekisho/backend/config"
	"sekisho/backend/logfile"
	"sekisho/backend/service"
)

// serviceMain runs `sekisho service ARGS` (backend/service): the engine as
// an OS service, with serve mode as the engine, and returns the exit code.
func serviceMain(args []string) int {
	// As in main: stderr, and DATA/logs/sekisho.log once the engine holds
	// the data folder (a Windows service has no stderr; the file remains).
	logs := logfile.New(os.Stderr)
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ui, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return service.Main(args, service.Env{
		Serve: func(ctx context.Context, cfg config.Config) int {
			return serveUntil(ctx, cfg, log, logs, ui)
		},
		Lang:   boot.OSLanguage(os.Getenv),
		Getenv: os.Getenv,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Argv0:  os.Args[0],
	})
}
