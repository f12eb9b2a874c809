//go:build pprof

package main

// Built only with -tags pprof (scripts/perf.sh PROFILE=1): serves
// net/http/pprof on 127.0.0.1:6060 for profiling the gateway under load.

import (
	"net/http"
	_ "net/http/pprof"
)

func init() {
	go http.ListenAndServe("127.0.0.1:6060", nil)
}
