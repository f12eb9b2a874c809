//go:build !unix

package server

// fdLimit returns 0 (unknown): Windows has no per-process descriptor limit
// to derive the total from, so TotalConnLimit uses its cap of 2048.
func fdLimit() uint64 { return 0 }
