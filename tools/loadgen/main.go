// Command loadgen measures an HTTPS endpoint with a client certificate, for
// docs/performance.md. It only talks to loopback addresses and always stops
// by itself (a time limit and a request limit).
//
//	loadgen -url https://127.0.0.1:8443/app/ -cert c.pem -key k.pem -ca ca.pem -c 32 -d 10s [-new-conn] [-rate 2000]
//	loadgen -upstream 127.0.0.1:9000      # a minimal upstream to proxy to
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	target := flag.String("url", "", "URL to load (loopback only)")
	certFile := flag.String("cert", "", "client certificate (PEM)")
	keyFile := flag.String("key", "", "client key (PEM)")
	caFile := flag.String("ca", "", "CA to verify the server (PEM)")
	conc := flag.Int("c", 32, "concurrent workers (closed loop)")
	dur := flag.Duration("d", 10*time.Second, "duration (max 60s)")
	newConn := flag.Bool("new-conn", false, "a new TLS handshake for every request")
	rate := flag.Int("rate", 0, "open loop: requests per second (0: closed loop)")
	maxReq := flag.Int64("n", 5_000_000, "stop after this many requests")
	upstream := flag.String("upstream", "", "serve a minimal upstream on this loopback address instead")
	proxyAddr := flag.String("proxy", "", "serve a plain reference mTLS reverse proxy (httputil.ReverseProxy, tuned transport) on this loopback address to -to, with -srv-cert/-srv-key and clients verified against -ca")
	proxyTo := flag.String("to", "", "upstream URL for -proxy")
	srvCert := flag.String("srv-cert", "", "server certificate for -proxy")
	srvKey := flag.String("srv-key", "", "server key for -proxy")
	idle := flag.Int("idle", 0, "open this many keep-alive connections, make one request on each, hold them for -d, and exit")
	label := flag.String("label", "", "label for the JSON result")
	flag.Parse()
	if *upstream != "" {
		serveUpstream(*upstream)
		return
	}
	if *proxyAddr != "" {
		serveProxy(*proxyAddr, *proxyTo, *srvCert, *srvKey, *caFile)
		return
	}
	if *dur > time.Minute {
		*dur = time.Minute
	}
	u, err := url.Parse(*target)
	if err != nil || !loopback(u.Hostname()) || (u.Scheme != "https" && u.Scheme != "http") {
		fail("-url must be an http(s) URL on a loopback address")
	}
	cfg := &tls.Config{}
	if *caFile != "" {
		pem, err := os.ReadFile(*caFile)
		if err != nil {
			fail(err.Error())
		}
		cfg.RootCAs = x509.NewCertPool()
		cfg.RootCAs.AppendCertsFromPEM(pem)
	}
	if *certFile != "" {
		c, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fail(err.Error())
		}
		cfg.Certificates = []tls.Certificate{c}
	}
	pool := *conc * 2
	if *rate > 0 {
		pool = 1024 // open loop: enough idle connections that requests reuse them
	}
	tr := &http.Transport{TLSClientConfig: cfg, MaxIdleConns: pool, MaxIdleConnsPerHost: pool, DisableKeepAlives: *newConn,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext, ForceAttemptHTTP2: false}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()

	var ok, errs, sent atomic.Int64
	var mu sync.Mutex
	// Latencies go into a slice allocated up front: growing it under the
	// lock would stall every worker while megabytes are copied, a pause the
	// measurement would then blame on the server. The generator's own GC
	// runs rarely for the same reason.
	expect := int64(1_000_000)
	if *rate > 0 {
		expect = int64(float64(*rate)*dur.Seconds()*1.1) + 1024
	}
	lat := make([]time.Duration, 0, min(expect, *maxReq, 2_000_000))
	debug.SetGCPercent(400)
	// one makes a request; its latency counts from scheduled (the moment it
	// was due), so queueing behind a slow server is measured, not hidden.
	one := func(scheduled time.Time) {
		resp, err := client.Get(*target)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				ok.Add(1)
			} else {
				errs.Add(1)
			}
		} else if ctx.Err() == nil {
			errs.Add(1)
		}
		d := time.Since(scheduled)
		mu.Lock()
		if len(lat) < 2_000_000 {
			lat = append(lat, d)
		}
		mu.Unlock()
	}
	if *idle > 0 {
		holdIdle(ctx, cfg, u, *idle)
		return
	}
	var wg sync.WaitGroup
	if *rate > 0 {
		// Open loop: a schedule of due times at the given rate, drained by a
		// fixed pool of keep-alive workers; connections are opened before
		// the clock starts.
		due := make(chan time.Time, *rate*int((*dur).Seconds()+1))
		// Open every worker's connection at once (one after another they
		// would all reuse the first), so no TLS handshake falls inside the
		// measured window.
		var warm sync.WaitGroup
		for i := 0; i < *conc; i++ {
			warm.Add(1)
			go func() {
				defer warm.Done()
				if resp, err := client.Get(*target); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}()
		}
		warm.Wait()
		for i := 0; i < *conc; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for t := range due {
					if ctx.Err() != nil {
						continue
					}
					one(t)
				}
			}()
		}
		interval := time.Second / time.Duration(*rate)
		next := time.Now()
		began := next
		for ctx.Err() == nil && sent.Load() < *maxReq {
			time.Sleep(time.Until(next))
			due <- next
			sent.Add(1)
			next = next.Add(interval)
		}
		close(due)
		wg.Wait()
		report(*label, ok.Load(), errs.Load(), time.Since(began), lat, *newConn, *rate, *conc)
		return
	}
	began := time.Now()
	for i := 0; i < *conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && sent.Add(1) <= *maxReq {
				one(time.Now())
			}
		}()
	}
	wg.Wait()
	report(*label, ok.Load(), errs.Load(), time.Since(began), lat, *newConn, *rate, *conc)
}

func report(label string, ok, errs int64, elapsed time.Duration, lat []time.Duration, newConn bool, rate, conc int) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"label": label, "ok": ok, "errors": errs, "seconds": elapsed.Seconds(),
		"rps": float64(ok) / elapsed.Seconds(), "p50ms": pct(0.50), "p90ms": pct(0.90), "p99ms": pct(0.99),
		"newConn": newConn, "rate": rate, "c": conc,
	})
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

func serveUpstream(addr string) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || !loopback(host) {
		fail("-upstream must be a loopback address")
	}
	body := []byte("ok\n")
	srv := &http.Server{Addr: addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	}), ReadHeaderTimeout: 5 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fail(err.Error())
	}
}

// serveProxy is the reference the gateway issue names: a plain Go
// ReverseProxy with a tuned transport behind TLS client authentication.
func serveProxy(addr, to, certFile, keyFile, caFile string) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || !loopback(host) {
		fail("-proxy must be a loopback address")
	}
	target, err := url.Parse(to)
	if err != nil || !loopback(target.Hostname()) {
		fail("-to must be a loopback URL")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		fail(err.Error())
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		fail(err.Error())
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: 90 * time.Second}
	srv := &http.Server{Addr: addr, Handler: rp, ReadHeaderTimeout: 5 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}}
	if err := srv.ListenAndServeTLS("", ""); err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "loadgen:", msg)
	os.Exit(2)
}

// holdIdle opens n connections, completes one request on each, and keeps
// them open until ctx ends (for measuring the server's memory per idle
// keep-alive connection).
func holdIdle(ctx context.Context, cfg *tls.Config, u *url.URL, n int) {
	var conns []net.Conn
	req := "GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\n\r\n"
	for i := 0; i < n && ctx.Err() == nil; i++ {
		c, err := tls.Dial("tcp", u.Host, cfg)
		if err != nil {
			fail(err.Error())
		}
		c.Write([]byte(req))
		buf := make([]byte, 4096)
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(buf); err != nil {
			fail(err.Error())
		}
		conns = append(conns, c)
	}
	fmt.Printf("{\"idle\": %d}\n", len(conns))
	<-ctx.Done()
	for _, c := range conns {
		c.Close()
	}
}
