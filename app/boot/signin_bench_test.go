package boot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sekisho/app"
)

// BenchmarkSignInFlood fires 40 wrong sign-ins at once at the gateway and
// reports what they cost: the process's peak RSS (Linux) and peak heap, and
// the median latency of another user's proxied requests before and during
// the flood. Two shapes:
//
//	one-user: 40 at once for one user from one address
//	spread:   40 at once for 40 user codes from 40 addresses (127.0.0.2–41)
//
// Figures and the command are in docs/performance.md; nothing is asserted.
// Run it with -benchtime=1x: every iteration starts a fresh engine.
func BenchmarkSignInFlood(b *testing.B) {
	for _, shape := range []string{"one-user", "spread"} {
		b.Run(shape, func(b *testing.B) {
			var agg floodResult
			for range b.N {
				b.StopTimer()
				r := runFlood(b, shape == "spread")
				b.StartTimer()
				agg.max(r)
			}
			b.ReportMetric(agg.peakRSS, "peak-RSS-MB")
			b.ReportMetric(agg.peakHeap, "peak-heap-MB")
			b.ReportMetric(agg.before, "other-p50-ms-before")
			b.ReportMetric(agg.during, "other-p50-ms-during")
			b.ReportMetric(agg.before99, "other-p99-ms-before")
			b.ReportMetric(agg.during99, "other-p99-ms-during")
			b.ReportMetric(agg.flood, "flood-ms")
			b.ReportMetric(float64(agg.checked), "checked")
			b.ReportMetric(float64(agg.throttled), "429")
			b.ReportMetric(float64(agg.busy), "503")
		})
	}
}

type floodResult struct {
	peakRSS, peakHeap, before, during, before99, during99, flood float64
	checked, throttled, busy                                     int
}

func (a *floodResult) max(r floodResult) {
	a.peakRSS, a.peakHeap = max(a.peakRSS, r.peakRSS), max(a.peakHeap, r.peakHeap)
	a.before, a.during, a.flood = max(a.before, r.before), max(a.during, r.during), max(a.flood, r.flood)
	a.before99, a.during99 = max(a.before99, r.before99), max(a.during99, r.during99)
	a.checked, a.throttled, a.busy = max(a.checked, r.checked), max(a.throttled, r.throttled), max(a.busy, r.busy)
}

func runFlood(b *testing.B, spread bool) floodResult {
	const n = 40
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }))
	defer up.Close()
	env := app.NewEnv(nil, app.ModeServe, "en")
	services := app.NewServices(env)
	rt, err := Start(context.Background(), testConfig(b.TempDir()), env, services, StartOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer rt.Close(context.Background())
	if _, err := services.Routes.Create(app.RouteCreateRequest{Name: "up", Upstream: up.URL, Enabled: true}); err != nil {
		b.Fatal(err)
	}
	// The attackers, each with the sign-in form's CSRF cookie already.
	type attacker struct {
		c    *http.Client
		base string
		tok  string
		code string
	}
	attackers := make([]attacker, n)
	for i := range n {
		local, code := "127.0.0.1", "000419"
		if spread {
			local, code = fmt.Sprintf("127.0.0.%d", i+2), fmt.Sprintf("user%02d", i)
		}
		if i > 0 && !spread {
			attackers[i] = attackers[0]
			continue
		}
		c, base := benchClient(b, rt, local)
		tok, err := benchCSRF(c, base)
		if err != nil {
			b.Skipf("cannot connect from %s: %v", local, err)
		}
		attackers[i] = attacker{c, base, tok, code}
	}

	// The other user: a proxied request at a time over one connection.
	other, base := benchClient(b, rt, "127.0.0.1")
	probe := func() (time.Duration, error) {
		start := time.Now()
		resp, err := other.Get(base + "/")
		if err != nil {
			return 0, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != "ok\n" {
			return 0, fmt.Errorf("probe: %d %q", resp.StatusCode, body)
		}
		return time.Since(start), nil
	}
	var before []time.Duration
	for range 300 {
		d, err := probe()
		if err != nil {
			b.Fatal(err)
		}
		before = append(before, d)
	}

	resetPeakRSS()
	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	var bg sync.WaitGroup
	bg.Go(func() { // heap sampler
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peakHeap.Load() {
				peakHeap.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	var during []time.Duration
	bg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if d, err := probe(); err == nil {
				during = append(during, d)
			}
		}
	})

	statuses := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, a := range attackers {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest("POST", a.base+"/_sekisho/login", strings.NewReader(url.Values{"user": {a.code}, "password": {"wrong"}, "csrf": {a.tok}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := a.c.Do(req)
			if err != nil {
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		})
	}
	floodStart := time.Now()
	close(start)
	wg.Wait()
	flood := time.Since(floodStart)
	close(stop)
	bg.Wait()

	r := floodResult{peakRSS: peakRSSMB(), peakHeap: float64(peakHeap.Load()) / (1 << 20), before: quantile(before, 0.5), during: quantile(during, 0.5),
		before99: quantile(before, 0.99), during99: quantile(during, 0.99),
		flood: float64(flood.Microseconds()) / 1000}
	for _, s := range statuses {
		switch s {
		case 401:
			r.checked++
		case 429:
			r.throttled++
		case 503:
			r.busy++
		}
	}
	return r
}

func benchClient(b *testing.B, rt *Runtime, local string) (*http.Client, string) {
	g := newClient(&testing.T{}, rt, nil, nil) // only its transport and base URL are used
	tr := g.c.Transport.(*http.Transport)
	tr.DialContext = (&net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}).DialContext
	g.c.Timeout = time.Minute
	return g.c, g.base
}

func benchCSRF(c *http.Client, base string) (string, error) {
	resp, err := c.Get(base + "/_sekisho/login")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	m := csrfRe.FindStringSubmatch(string(page))
	if m == nil {
		return "", fmt.Errorf("no csrf input (%d)", resp.StatusCode)
	}
	return m[1], nil
}

// quantile is the q-quantile of ds in milliseconds.
func quantile(ds []time.Duration, q float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[int(q*float64(len(s)-1))].Microseconds()) / 1000
}

// resetPeakRSS starts a new peak for VmHWM (Linux: clear_refs "5").
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSMB is VmHWM in MB (0 where there is no /proc).
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
