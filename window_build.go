//go:build (dev || production) && !bindings

package main

// windowBuild: this binary has the Wails window (the desktop build tags).
// Binding generation (-tags bindings) and a tagless build have not.
const windowBuild = true
