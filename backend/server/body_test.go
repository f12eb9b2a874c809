package server

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"sekisho/backend/ca"
)

// testPace is short enough to keep the tests quick and long enough for a
// loaded machine: the steady sender below writes every 20 ms, a tenth of
// the read timeout, at a hundred times the minimum rate.
var testPace = BodyPace{ReadTimeout: 400 * time.Millisecond, MinRate: 1000, Window: 300 * time.Millisecond}

// bodyServer answers with the number of body bytes read, or the read error;
// errs receives every read error.
func bodyServer(t *testing.T, pace BodyPace) (string, chan error) {
	errs := make(chan error, 10)
	addr := startLimited(t, &Limits{Body: pace}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			errs <- err
			http.Error(w, err.Error(), http.StatusRequestTimeout)
			return
		}
		fmt.Fprintf(w, "%d", n)
	}))
	return addr, errs
}

// post sends a request head for a body of size bytes, then calls send to
// write the body, and reads the response.
func post(t *testing.T, addr string, size int, send func(w io.Writer)) (int, string, error) {
	t.Helper()
	c := dialFrom(t, "127.0.0.1", addr)
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", size)
	go send(c)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, "", err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(b), nil
}

// trickle writes n chunks of size bytes every interval.
func trickle(n, size int, every time.Duration) func(io.Writer) {
	return func(w io.Writer) {
		for i := 0; i < n; i++ {
			if _, err := w.Write([]byte(strings.Repeat("x", size))); err != nil {
				return
			}
			time.Sleep(every)
		}
	}
}

func TestBodyPace(t *testing.T) {
	addr, errs := bodyServer(t, testPace)

	t.Run("ok/steady", func(t *testing.T) {
		// 40 × 2 KB over about 0.8 s: longer than the read timeout and the
		// rate window, at about 100 KB/s.
		st, body, err := post(t, addr, 40*2048, trickle(40, 2048, 20*time.Millisecond))
		if st != 200 || body != fmt.Sprint(40*2048) {
			t.Fatalf("a steady body: %d %q %v", st, body, err)
		}
	})
	t.Run("fail/stalls", func(t *testing.T) {
		start := time.Now()
		st, body, err := post(t, addr, 1000, func(w io.Writer) { w.Write([]byte("only a start")) })
		if st == 200 || (err != nil && isTimeout(err)) {
			t.Fatalf("a stalled body was not cut: %d %q %v", st, body, err)
		}
		if e := <-errs; !errors.Is(e, ErrBodyTooSlow) {
			t.Errorf("handler's read error = %v, want ErrBodyTooSlow", e)
		}
		t.Logf("cut after %v", time.Since(start).Round(time.Millisecond))
	})
	t.Run("fail/trickles", func(t *testing.T) {
		// A byte every 20 ms never lets a read wait 400 ms, but 50 bytes/s
		// is far below 1000.
		st, body, err := post(t, addr, 1000, trickle(1000, 1, 20*time.Millisecond))
		if st == 200 || (err != nil && isTimeout(err)) {
			t.Fatalf("a trickling body was not cut: %d %q %v", st, body, err)
		}
		if e := <-errs; !errors.Is(e, ErrBodyTooSlow) || !strings.Contains(e.Error(), "below 1000 bytes/s") {
			t.Errorf("handler's read error = %v, want ErrBodyTooSlow for the rate", e)
		}
	})
}

// TestBodyPaceLeavesStreamsAlone: a connection that carries a body and then
// a long, quiet response, or a hijacked connection (a WebSocket), outlives
// the read timeout many times over.
func TestBodyPaceLeavesStreamsAlone(t *testing.T) {
	quiet := 3 * testPace.ReadTimeout
	addr := startLimited(t, &Limits{Body: testPace}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/upload-then-stream":
			n, err := io.Copy(io.Discard, r.Body)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			fmt.Fprintf(w, "got %d\n", n)
			w.(http.Flusher).Flush()
			select {
			case <-time.After(quiet):
				io.WriteString(w, "still here\n")
			case <-r.Context().Done():
			}
		case "/upgrade":
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n")
			buf.Flush()
			line, err := buf.ReadString('\n')
			if err != nil {
				return
			}
			buf.WriteString("echo " + line)
			buf.Flush()
		}
	}))
	c := dialFrom(t, "127.0.0.1", addr)
	c.SetDeadline(time.Now().Add(20 * time.Second))
	br := bufio.NewReader(c)

	// A body, then a response that pauses longer than the read timeout.
	fmt.Fprintf(c, "POST /upload-then-stream HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	if string(b) != "got 5\nstill here\n" {
		t.Fatalf("streamed response after a body = %q, %v", b, err)
	}
	// The same connection, upgraded, quiet for longer than the timeout.
	fmt.Fprintf(c, "GET /upgrade HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n")
	resp, err = http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 101 {
		t.Fatalf("upgrade: %v %v", resp, err)
	}
	time.Sleep(quiet)
	io.WriteString(c, "hi\n")
	if line, err := br.ReadString('\n'); line != "echo hi\n" {
		t.Fatalf("after a quiet while the upgraded connection answered %q, %v", line, err)
	}
}

// TestBodyPaceHTTP2: the same over HTTP/2, where a read deadline is a
// per-stream timer.
func TestBodyPaceHTTP2(t *testing.T) {
	authority, _, err := ca.New("", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := authority.IssueServer([]string{"127.0.0.1"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 10)
	g, err := Start([]Listener{{Name: "lan", Addr: "127.0.0.1:0", Limits: &Limits{Body: testPace},
		// The portal and gateway speak HTTP/1.1 only today (no "h2" in
		// their NextProtos); the pacing must hold if that changes.
		TLS: &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ProtoMajor != 2 {
				http.Error(w, "not HTTP/2", 400)
				return
			}
			n, err := io.Copy(io.Discard, r.Body)
			if err != nil {
				errs <- err
				http.Error(w, err.Error(), http.StatusRequestTimeout)
				return
			}
			// A pause longer than the read timeout after the body: the
			// stream must not be cut by a deadline left behind.
			time.Sleep(2 * testPace.ReadTimeout)
			fmt.Fprintf(w, "%d", n)
		})}}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Shutdown(context.Background())
	url := "https://" + g.Get("lan").Addr.String() + "/"
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{ForceAttemptHTTP2: true, TLSClientConfig: &tls.Config{RootCAs: authority.Pool()}}}
	upload := func(send func(io.Writer)) (int, string, error) {
		pr, pw := io.Pipe()
		go func() { send(pw); pw.Close() }()
		resp, err := client.Post(url, "application/octet-stream", pr)
		if err != nil {
			pr.CloseWithError(err)
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	if st, body, err := upload(trickle(40, 2048, 20*time.Millisecond)); st != 200 || body != fmt.Sprint(40*2048) {
		t.Fatalf("a steady body over HTTP/2: %d %q %v", st, body, err)
	}
	stall := make(chan struct{})
	defer close(stall)
	st, body, err := upload(func(w io.Writer) { w.Write([]byte("a start")); <-stall })
	if st != http.StatusRequestTimeout {
		t.Fatalf("a stalled body over HTTP/2: %d %q %v, want 408", st, body, err)
	}
	if e := <-errs; !errors.Is(e, ErrBodyTooSlow) {
		t.Errorf("handler's read error = %v, want ErrBodyTooSlow", e)
	}
}

// TestBodyPaceLeavesNoUploadFiles: a handler behind BodyPace that parses a
// multipart form spills it to temporary files; the server removes them after
// the request only if the form was parsed on the request it passed in.
func TestBodyPaceLeavesNoUploadFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	h := BodyPace{ReadTimeout: 5 * time.Second}.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 10); err != nil {
			http.Error(w, err.Error(), 400)
		}
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	body := "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n" + strings.Repeat("x", 64<<10) + "\r\n--XX--\r\n"
	resp, err := http.Post(srv.URL, "multipart/form-data; boundary=XX", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	srv.Close() // the request's cleanup has run
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}
