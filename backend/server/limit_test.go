package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// startLimited serves h on 127.0.0.1 with lim and returns the address.
func startLimited(t *testing.T, lim *Limits, h http.Handler) string {
	t.Helper()
	g, err := Start([]Listener{{Name: "lan", Addr: "127.0.0.1:0", Handler: h, Limits: lim}}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		g.Shutdown(ctx)
	})
	return g.Get("lan").Addr.String()
}

// dialFrom connects from a loopback source address (127.0.0.x are all
// loopback on Linux; elsewhere only 127.0.0.1 may exist).
func dialFrom(t *testing.T, src, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		if src != "127.0.0.1" {
			t.Skipf("cannot connect from %s here: %v", src, err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// getFrom dials from src and sends a GET; a connection refused or reset
// while connecting (the limiter closes it right after accept, which can
// reach the client before its connect returns) is an error like a close.
func getFrom(t *testing.T, src, addr string) (int, error) {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	return get(c, "/")
}

// get sends a GET on c and returns the status, or an error when the
// connection was closed instead.
func get(c net.Conn, path string, hdr ...string) (int, error) {
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n", path, strings.Join(hdr, ""))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })

// waitFor polls cond until it holds or 10 s have passed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestConnLimitPerAddress(t *testing.T) {
	var per atomic.Int64
	per.Store(3)
	conns := NewConnLimiter(func() int { return int(per.Load()) }, 0, slog.New(slog.DiscardHandler))
	addr := startLimited(t, &Limits{Conns: conns}, ok)

	held := make([]net.Conn, 3)
	for i := range held {
		held[i] = dialFrom(t, "127.0.0.1", addr)
		if st, err := get(held[i], "/"); st != 200 {
			t.Fatalf("connection %d: %d %v", i+1, st, err)
		}
	}
	// The fourth from the same address is closed unanswered…
	if st, err := getFrom(t, "127.0.0.1", addr); err == nil {
		t.Fatalf("connection 4 from 127.0.0.1 was served (%d)", st)
	}
	// …while another address is served, and the held ones still work.
	if st, err := get(dialFrom(t, "127.0.0.2", addr), "/"); st != 200 {
		t.Fatalf("127.0.0.2 refused: %d %v", st, err)
	}
	if st, err := get(held[0], "/"); st != 200 {
		t.Fatalf("a held connection stopped working: %d %v", st, err)
	}
	if s := conns.Stats(); s.RefusedPerAddress != 1 || s.RefusedTotal != 0 {
		t.Errorf("stats = %+v, want one refusal over the per-address limit", s)
	}

	// Closing one frees its slot.
	held[0].Close()
	lo := netip.MustParseAddr("127.0.0.1")
	waitFor(t, "the slot to be freed", func() bool { return conns.OpenFrom(lo) == 2 })
	if st, err := get(dialFrom(t, "127.0.0.1", addr), "/"); st != 200 {
		t.Fatalf("after a close: %d %v", st, err)
	}
	// A raised limit applies to the next connection.
	per.Store(4)
	if st, err := get(dialFrom(t, "127.0.0.1", addr), "/"); st != 200 {
		t.Fatalf("after raising the limit: %d %v", st, err)
	}
}

func TestConnLimitTotal(t *testing.T) {
	conns := NewConnLimiter(func() int { return 100 }, 2, slog.New(slog.DiscardHandler))
	addr := startLimited(t, &Limits{Conns: conns}, ok)
	a := dialFrom(t, "127.0.0.1", addr)
	if st, err := get(a, "/"); st != 200 {
		t.Fatalf("first: %d %v", st, err)
	}
	if st, err := get(dialFrom(t, "127.0.0.2", addr), "/"); st != 200 {
		t.Fatalf("second: %d %v", st, err)
	}
	if st, err := getFrom(t, "127.0.0.3", addr); err == nil {
		t.Fatalf("a third connection was served (%d) with a total of 2", st)
	}
	if s := conns.Stats(); s.Open != 2 || s.RefusedTotal != 1 || s.RefusedPerAddress != 0 {
		t.Errorf("stats = %+v", s)
	}
}

func TestTotalConnLimit(t *testing.T) {
	for _, tc := range []struct {
		nofile uint64
		want   int
	}{
		{0, 2048}, {100, 64}, {600, 172}, {1024, 384}, {4352, 2048}, {1 << 20, 2048}, {^uint64(0), 2048},
	} {
		if got := totalFor(tc.nofile); got != tc.want {
			t.Errorf("totalFor(%d) = %d, want %d", tc.nofile, got, tc.want)
		}
	}
	if n := TotalConnLimit(); n < 64 || n > 2048 {
		t.Errorf("TotalConnLimit() = %d", n)
	}
}

func TestMaxHeaderBytes(t *testing.T) {
	addr := startLimited(t, &Limits{MaxHeaderBytes: DefaultMaxHeaderBytes}, ok)
	big := func(n int) string { return "X-Big: " + strings.Repeat("a", n) + "\r\n" }
	if st, err := get(dialFrom(t, "127.0.0.1", addr), "/", big(20<<10)); st != 200 {
		t.Fatalf("a 20 KB header: %d %v", st, err)
	}
	if st, err := get(dialFrom(t, "127.0.0.1", addr), "/", big(40<<10)); st != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("a 40 KB header: %d %v, want 431", st, err)
	}
	// 40 KB spread over many lines counts the same.
	many := strings.Repeat(big(1000), 40)
	if st, err := get(dialFrom(t, "127.0.0.1", addr), "/", many); st != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("forty 1 KB headers: %d %v, want 431", st, err)
	}
}

// TestDefaultLimits pins the numbers docs/security.md ("Connection limits")
// states.
func TestDefaultLimits(t *testing.T) {
	got := DefaultLimits()
	want := Limits{MaxHeaderBytes: 32 << 10, Body: BodyPace{ReadTimeout: 30 * time.Second, MinRate: 500, Window: 20 * time.Second}}
	if got != want || DefaultConnsPerAddress != 100 {
		t.Errorf("DefaultLimits() = %+v, per address %d; docs/security.md says %+v and 100", got, DefaultConnsPerAddress, want)
	}
}
