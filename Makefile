# Convenience targets; the work is done by the Go task runner in tools/task,
# which also runs on Windows and macOS without make.

GO ?= go

.PHONY: run serve test build help

## run: build the frontend and start Sekisho (window, or serve mode + browser)
run:
	$(GO) run ./tools/task run

## serve: like run, but always serve mode + browser
serve:
	$(GO) run ./tools/task run -serve

## test: every check CI runs (ends with "N passed, M failed")
test:
	$(GO) run ./tools/task test

## build: build the frontend and the desktop binary into build/bin
build:
	$(GO) run ./tools/task build

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
