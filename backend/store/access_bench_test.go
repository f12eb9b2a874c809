//go:build unix

package store_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"sekisho/backend/store"
)

// BenchmarkInsertAccess measures the access log's cost per entry at several
// transaction sizes. ns/op is wall time per entry and includes InsertAccess's
// pauses between slices of work (on an idle machine a pause lasts up to a
// millisecond: the timer's resolution); cpu-ns/entry is the processor time
// an entry costs, which is what requests on the same core pay for.
func BenchmarkInsertAccess(b *testing.B) {
	for _, tx := range []int{10, 50, 200, 1000} {
		b.Run(fmt.Sprintf("tx%d", tx), func(b *testing.B) {
			db := mustOpen(b)
			ctx := context.Background()
			batch := make([]store.AccessEntry, tx)
			for i := range batch {
				batch[i] = store.AccessEntry{At: time.Now(), ClientIP: "192.168.10.23", UserCode: "u00001", CertName: "u00001-2026",
					Route: "bench", Method: "GET", Path: "/app/index.html", Decision: "allow"}
			}
			cpu0 := cpuTime()
			b.ResetTimer()
			n := 0
			for ; n < b.N; n += tx {
				if err := db.InsertAccess(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(n), "cpu-ns/entry")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
