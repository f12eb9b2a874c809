package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"sekisho/app"
)

// BenchmarkIssuePersonal1000 issues 1,000 personal certificates in one bulk
// call: key generation, signing, LegacyDES PKCS#12, one SQLite transaction
// and the zip (docs/performance.md). Run with -benchtime 1x.
func BenchmarkIssuePersonal1000(b *testing.B) {
	for _, algo := range []string{"ecdsa-p256", "rsa2048"} {
		b.Run(algo, func(b *testing.B) {
			f := newFixture(b)
			var sb strings.Builder
			sb.WriteString("code,name,email\n")
			for i := 0; i < 1000; i++ {
				fmt.Fprintf(&sb, "b%04d,Bench %d,b%d@example.co.jp\n", i, i, i)
			}
			if _, err := f.services.Users.ImportCSV(app.ImportRequest{CSVBase64: b64(sb.String())}); err != nil {
				b.Fatal(err)
			}
			page, err := f.services.Users.List(app.UserListRequest{PageRequest: app.PageRequest{PageSize: 100}})
			if err != nil {
				b.Fatal(err)
			}
			_ = page
			ids := make([]string, 1000)
			for i := range ids {
				ids[i] = fmt.Sprint(i + 1)
			}
			b.ResetTimer()
			for b.Loop() {
				res, err := f.services.Certs.IssuePersonal(app.IssuePersonalRequest{UserIDs: ids, Enabled: true, KeyAlgorithm: algo, RevokeExisting: true})
				if err != nil || len(res.Items) != 1000 {
					b.Fatalf("issue: %v", err)
				}
			}
			b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "certs/s")
		})
	}
}
