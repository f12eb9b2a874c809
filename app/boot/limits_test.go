package boot

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"sekisho/app"
	"sekisho/backend/i18n"
	"sekisho/backend/server"
)

// limitsPace is short for the tests and long enough for a loaded machine:
// the steady sender writes every 20 ms, a twentieth of the read timeout, at
// about a hundred times the minimum rate.
var limitsPace = server.BodyPace{ReadTimeout: 400 * time.Millisecond, MinRate: 1000, Window: 300 * time.Millisecond}

// startLimited starts a runtime with lim (nil: the defaults) and one open
// route, /, to handler: no certificate or sign-in needed, so raw TLS
// clients can use it.
func startLimited(t *testing.T, lim *server.Limits, handler http.Handler) (*Runtime, *app.Services) {
	t.Helper()
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	services := app.NewServices(env)
	rt, err := Start(context.Background(), testConfig(t.TempDir()), env, services, StartOptions{UI: fstest.MapFS{}, Limits: lim})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(context.Background()) })
	up := &http.Server{Handler: handler}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go up.Serve(ln)
	t.Cleanup(func() { up.Close() })
	if _, err := services.Routes.Create(app.RouteCreateRequest{Name: "up", Upstream: "http://" + ln.Addr().String(), Enabled: true}); err != nil {
		t.Fatal(err)
	}
	return rt, services
}

func lineAddr(rt *Runtime, name string) string {
	for _, l := range rt.Lines {
		if rest, ok := strings.CutPrefix(l, name+" https://"); ok {
			return strings.TrimSuffix(rest, "/")
		}
	}
	return ""
}

// tlsFrom opens a TLS connection to addr from the loopback address src,
// HTTP/1.1; the error is the dial's or the handshake's.
func tlsFrom(t *testing.T, rt *Runtime, src, addr string) (*tls.Conn, error) {
	t.Helper()
	d := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := tls.DialWithDialer(d, "tcp", addr, &tls.Config{RootCAs: rt.CA.Pool(), NextProtos: []string{"http/1.1"}})
	if errors.Is(err, syscall.EADDRNOTAVAIL) {
		t.Skipf("cannot connect from %s here (macOS has only 127.0.0.1): %v", src, err)
	}
	if err == nil {
		t.Cleanup(func() { c.Close() })
		c.SetDeadline(time.Now().Add(10 * time.Second))
	}
	return c, err
}

// roundTrip sends one request on c and returns the response, body read.
func roundTrip(c net.Conn, br *bufio.Reader, req string) (*http.Response, string, error) {
	if _, err := io.WriteString(c, req); err != nil {
		return nil, "", err
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return nil, "", err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b), err
}

// TestGatewayConnLimitPerAddress: one address may hold the setting's number
// of connections to the portal and gateway together; the next is refused
// while another address is still served. Loopback is not exempt.
func TestGatewayConnLimitPerAddress(t *testing.T) {
	rt, s := startLimited(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "up") }))
	if _, err := s.Settings.Update(app.SettingsUpdate{MaxConnectionsPerAddress: ptr(10)}); err != nil {
		t.Fatal(err)
	}
	gw, portal := lineAddr(rt, "gateway"), lineAddr(rt, "portal")
	get := "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	for i := 0; i < 10; i++ {
		addr := gw
		if i%3 == 0 {
			addr = portal // the two listeners share the count
		}
		c, err := tlsFrom(t, rt, "127.0.0.1", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
		if resp, _, err := roundTrip(c, bufio.NewReader(c), get); err != nil || resp.StatusCode >= 500 {
			t.Fatalf("connection %d: %v %v", i+1, resp, err)
		}
	}
	for _, addr := range []string{gw, portal} {
		c, err := tlsFrom(t, rt, "127.0.0.1", addr)
		if err == nil {
			if resp, _, err := roundTrip(c, bufio.NewReader(c), get); err == nil {
				t.Fatalf("connection 11 from 127.0.0.1 to %s was served: %d", addr, resp.StatusCode)
			}
		}
	}
	c, err := tlsFrom(t, rt, "127.0.0.2", gw)
	if err != nil {
		t.Fatalf("127.0.0.2 refused: %v", err)
	}
	if resp, body, err := roundTrip(c, bufio.NewReader(c), get); err != nil || body != "up" {
		t.Fatalf("127.0.0.2: %v %q %v", resp, body, err)
	}
	if st := rt.Engine.ConnStats(); st.RefusedPerAddress != 2 || st.Total < 64 {
		t.Errorf("stats = %+v, want 2 refusals over the per-address limit and the total from the descriptor limit", st)
	}
}

// TestGatewayHeaderLimit: a request head over 32 KB (+ Go's 4 KB slack) is
// answered 431 by the gateway and the portal.
func TestGatewayHeaderLimit(t *testing.T) {
	rt, _ := startLimited(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "up") }))
	for _, name := range []string{"gateway", "portal"} {
		for _, tc := range []struct {
			size int
			want int
		}{{20 << 10, 200}, {40 << 10, http.StatusRequestHeaderFieldsTooLarge}} {
			c, err := tlsFrom(t, rt, "127.0.0.1", lineAddr(rt, name))
			if err != nil {
				t.Fatal(err)
			}
			resp, _, err := roundTrip(c, bufio.NewReader(c), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", tc.size)+"\r\n\r\n")
			if err != nil || resp.StatusCode != tc.want {
				t.Errorf("%s with a %d KB header: %v %v, want %d", name, tc.size>>10, resp, err, tc.want)
			}
		}
	}
}

// TestGatewayBodyPace: through the gateway, an upload arriving slowly but
// steadily gets through, one that stalls is cut within the read timeout.
func TestGatewayBodyPace(t *testing.T) {
	lim := server.DefaultLimits()
	lim.Body = limitsPace
	upErr := make(chan error, 4)
	rt, _ := startLimited(t, &lim, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			upErr <- err
			return
		}
		fmt.Fprintf(w, "%d", n)
	}))
	gw := lineAddr(rt, "gateway")
	upload := func(size int, send func(io.Writer)) (*http.Response, string, error) {
		c, err := tlsFrom(t, rt, "127.0.0.1", gw)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", size)
		go send(c)
		return roundTrip(c, bufio.NewReader(c), "")
	}

	// 40 × 2 KB over about 0.8 s: twice the read timeout, at ~100 KB/s.
	resp, body, err := upload(40*2048, func(w io.Writer) {
		for i := 0; i < 40; i++ {
			w.Write([]byte(strings.Repeat("x", 2048)))
			time.Sleep(20 * time.Millisecond)
		}
	})
	if err != nil || resp.StatusCode != 200 || body != fmt.Sprint(40*2048) {
		t.Fatalf("a steady upload: %v %q %v", resp, body, err)
	}

	start := time.Now()
	resp, body, err = upload(4096, func(w io.Writer) { w.Write([]byte("a start, then nothing")) })
	if err == nil && resp.StatusCode == 200 {
		t.Fatalf("a stalled upload got through: %q", body)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("a stalled upload was not cut within %v", time.Since(start))
	}
	if err == nil && resp.StatusCode != http.StatusRequestTimeout {
		t.Errorf("a stalled upload was answered %d, want 408", resp.StatusCode)
	}
	select {
	case e := <-upErr:
		t.Logf("cut after %v; the upstream's read ended with %v", time.Since(start).Round(time.Millisecond), e)
	case <-time.After(5 * time.Second):
		t.Error("the upstream's read of the stalled body never ended")
	}

	// A byte every 20 ms never lets one read wait long, but 50 bytes/s is
	// far below the minimum rate.
	resp, body, err = upload(4096, func(w io.Writer) {
		for i := 0; i < 4096; i++ {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	if err == nil && resp.StatusCode == 200 {
		t.Fatalf("a trickling upload got through: %q", body)
	}
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("a trickling upload was not cut")
	}
	if err == nil && resp.StatusCode != http.StatusRequestTimeout {
		t.Errorf("a trickling upload was answered %d, want 408", resp.StatusCode)
	}
}

// TestGatewayStreamsOutliveBodyTimeout: a WebSocket and a server-sent event
// stream idle for several body read timeouts keep working, also on a
// connection that carried an upload first.
func TestGatewayStreamsOutliveBodyTimeout(t *testing.T) {
	lim := server.DefaultLimits()
	lim.Body = limitsPace
	quiet := 3 * limitsPace.ReadTimeout
	rt, _ := startLimited(t, &lim, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/upload":
			n, _ := io.Copy(io.Discard, r.Body)
			fmt.Fprintf(w, "%d", n)
		case "/ws":
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
			buf.Flush()
			for {
				line, err := buf.ReadString('\n')
				if err != nil {
					return
				}
				buf.WriteString("echo " + line)
				buf.Flush()
			}
		case "/events":
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, "data: 0\n\n")
			w.(http.Flusher).Flush()
			select {
			case <-time.After(quiet):
				io.WriteString(w, "data: 1\n\n")
			case <-r.Context().Done():
			}
		}
	}))
	gw := lineAddr(rt, "gateway")

	c, err := tlsFrom(t, rt, "127.0.0.1", gw)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	if resp, body, err := roundTrip(c, br, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"); err != nil || body != "5" {
		t.Fatalf("upload: %v %q %v", resp, body, err)
	}
	fmt.Fprintf(c, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != 101 {
		t.Fatalf("upgrade: %v %v", resp, err)
	}
	for i, msg := range []string{"before\n", "after a quiet while\n"} {
		if i > 0 {
			time.Sleep(quiet)
		}
		io.WriteString(c, msg)
		if got, err := br.ReadString('\n'); got != "echo "+msg {
			t.Fatalf("WebSocket echo %q, %v", got, err)
		}
	}

	c2, err := tlsFrom(t, rt, "127.0.0.1", gw)
	if err != nil {
		t.Fatal(err)
	}
	br2 := bufio.NewReader(c2)
	if resp, body, err := roundTrip(c2, br2, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"); err != nil || body != "5" {
		t.Fatalf("upload: %v %q %v", resp, body, err)
	}
	if resp, body, err := roundTrip(c2, br2, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil || body != "data: 0\n\ndata: 1\n\n" {
		t.Fatalf("event stream with quiet gaps: %v %q %v", resp, body, err)
	}
}
