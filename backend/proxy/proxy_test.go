package proxy

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// upstream is a test app server that counts the connections it accepts.
type upstream struct {
	*httptest.Server
	conns  atomic.Int64
	closed chan struct{} // one per closed connection
}

func newUpstream(t *testing.T, h http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{closed: make(chan struct{}, 1000)}
	u.Server = httptest.NewUnstartedServer(h)
	u.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			u.conns.Add(1)
		case http.StateClosed:
			u.closed <- struct{}{}
		}
	}
	u.Start()
	t.Cleanup(u.Close)
	return u
}

// front serves p the way the gateway does and returns its URL.
func front(t *testing.T, p *Proxy) string {
	t.Helper()
	s := httptest.NewServer(p)
	t.Cleanup(s.Close)
	t.Cleanup(p.Close)
	return s.URL
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func get(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestForwardsPathQueryAndHeaders(t *testing.T) {
	var got *http.Request
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		w.Header().Set("X-App", "1")
		w.Header().Set("Connection", "X-Drop")
		w.Header().Set("X-Drop", "hop")
		w.Header().Set("Keep-Alive", "timeout=5")
		fmt.Fprint(w, "hello")
	})
	for _, method := range []string{http.MethodGet, http.MethodPost} { // lean and ReverseProxy paths agree
		t.Run(method, func(t *testing.T) {
			p := New(mustURL(t, up.URL+"/base"), Options{})
			fr := front(t, p)
			req, _ := http.NewRequest(method, fr+"/app/a%2Fb?x=1&y=%E3%81%82", nil)
			req.Header.Set("X-Forwarded-For", "203.0.113.9")
			req.Header.Set("X-Forwarded-Host", "evil.example")
			req.Header.Set("Forwarded", "for=203.0.113.9")
			req.Header.Set("Connection", "X-Secret")
			req.Header.Set("X-Secret", "hop-by-hop")
			req.Header.Set("Proxy-Authorization", "Basic Zm9vOmJhcg==")
			req.Header.Set("Te", "trailers, deflate")
			req.Header.Set("X-Sekisho-User", "u1")
			req.Header.Add("Accept", "text/html")
			req.Header.Add("Accept", "text/plain")
			resp, body := get(t, http.DefaultClient, req)
			if resp.StatusCode != 200 || body != "hello" || resp.Header.Get("X-App") != "1" {
				t.Fatalf("response %d %q %v", resp.StatusCode, body, resp.Header)
			}
			for _, h := range []string{"X-Drop", "Keep-Alive"} {
				if resp.Header.Get(h) != "" {
					t.Errorf("hop-by-hop response header %s reached the client", h)
				}
			}
			if got.URL.RequestURI() != "/base/app/a%2Fb?x=1&y=%E3%81%82" {
				t.Errorf("upstream saw %q", got.URL.RequestURI())
			}
			if got.Host != mustURL(t, up.URL).Host {
				t.Errorf("Host %q", got.Host)
			}
			want := map[string]string{
				"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Host": mustURL(t, fr).Host, "X-Forwarded-Proto": "http",
				"Forwarded": "", "X-Secret": "", "Proxy-Authorization": "", "Connection": "", "Te": "trailers",
				"X-Sekisho-User": "u1",
			}
			for k, v := range want {
				if g := strings.Join(got.Header.Values(k), ","); g != v {
					t.Errorf("upstream header %s = %q, want %q", k, g, v)
				}
			}
			if a := got.Header.Values("Accept"); len(a) != 2 {
				t.Errorf("Accept values %v", a)
			}
		})
	}
}

func TestReusesUpstreamConnections(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	fr := front(t, New(mustURL(t, up.URL), Options{}))
	for i := 0; i < 50; i++ {
		req, _ := http.NewRequest("GET", fr+"/", nil)
		if _, body := get(t, http.DefaultClient, req); body != "ok" {
			t.Fatal(body)
		}
	}
	if n := up.conns.Load(); n != 1 {
		t.Errorf("50 sequential requests used %d upstream connections, want 1", n)
	}
}

func TestUpstreamConnectionCloseIsNotReused(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		fmt.Fprint(w, "ok")
	})
	fr := front(t, New(mustURL(t, up.URL), Options{}))
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequest("GET", fr+"/", nil)
		get(t, http.DefaultClient, req)
	}
	if n := up.conns.Load(); n != 3 {
		t.Errorf("upstream connections %d, want 3 (each closed by the upstream)", n)
	}
}

// An upstream that closes a keep-alive connection while it sits in the pool
// (as app servers do after their idle timeout): the next request is retried
// on a new connection instead of failing.
func TestStalePooledConnectionIsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var accepted atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				if _, err := http.ReadRequest(br); err != nil {
					return
				}
				// Answer keep-alive, then hang up anyway.
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
			}()
		}
	}()
	var errs atomic.Int64
	fr := front(t, New(mustURL(t, "http://"+ln.Addr().String()), Options{ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
		errs.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}}))
	for i := 0; i < 5; i++ {
		req, _ := http.NewRequest("GET", fr+"/", nil)
		resp, body := get(t, http.DefaultClient, req)
		if resp.StatusCode != 200 || body != "ok" {
			t.Fatalf("request %d: %d %q", i, resp.StatusCode, body)
		}
		time.Sleep(20 * time.Millisecond) // let the hang-up arrive
	}
	if errs.Load() != 0 || accepted.Load() < 5 {
		t.Errorf("errors %d, connections %d", errs.Load(), accepted.Load())
	}
}

func TestStreamsWithoutBuffering(t *testing.T) {
	release := make(chan struct{})
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: first\n\n")
		w.(http.Flusher).Flush()
		<-release
		fmt.Fprint(w, "data: second\n\n")
	})
	fr := front(t, New(mustURL(t, up.URL), Options{}))
	resp, err := http.Get(fr + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	line := make(chan string, 1)
	go func() { l, _ := br.ReadString('\n'); line <- l }()
	select {
	case l := <-line:
		if l != "data: first\n" {
			t.Errorf("first line %q", l)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first event did not arrive before the stream ended: buffered")
	}
	close(release)
	rest, _ := io.ReadAll(br)
	if !strings.Contains(string(rest), "data: second") {
		t.Errorf("rest %q", rest)
	}
}

func TestHeadAndNoContent(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/empty" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Length", "5")
		if r.Method != http.MethodHead {
			fmt.Fprint(w, "hello")
		}
	})
	fr := front(t, New(mustURL(t, up.URL), Options{}))
	req, _ := http.NewRequest("HEAD", fr+"/", nil)
	resp, body := get(t, http.DefaultClient, req)
	if resp.StatusCode != 200 || body != "" || resp.ContentLength != 5 {
		t.Errorf("HEAD: %d %q length %d", resp.StatusCode, body, resp.ContentLength)
	}
	req, _ = http.NewRequest("GET", fr+"/empty", nil)
	if resp, _ := get(t, http.DefaultClient, req); resp.StatusCode != http.StatusNoContent {
		t.Errorf("204 became %d", resp.StatusCode)
	}
	// The connection survives both and serves a normal GET after them.
	req, _ = http.NewRequest("GET", fr+"/", nil)
	if _, body := get(t, http.DefaultClient, req); body != "hello" {
		t.Errorf("GET after HEAD/204: %q", body)
	}
	if n := up.conns.Load(); n != 1 {
		t.Errorf("upstream connections %d, want 1", n)
	}
}

func TestRequestBodyGoesThrough(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s", r.Method, b)
	})
	fr := front(t, New(mustURL(t, up.URL), Options{}))
	resp, err := http.Post(fr+"/form", "text/plain", strings.NewReader("a=1"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "POST a=1" {
		t.Errorf("got %q", b)
	}
}

func TestTrailersAndChunkedBody(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Checksum")
		for i := 0; i < 3; i++ {
			fmt.Fprintf(w, "part%d;", i)
			w.(http.Flusher).Flush()
		}
		w.Header().Set("X-Checksum", "abc")
	})
	fr := front(t, New(mustURL(t, up.URL), Options{}))
	resp, err := http.Get(fr + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "part0;part1;part2;" || resp.Trailer.Get("X-Checksum") != "abc" {
		t.Errorf("body %q trailer %v", b, resp.Trailer)
	}
}

func TestEarlyHintsReachTheClient(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</app.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Del("Link")
		fmt.Fprint(w, "page")
	})
	fr := front(t, New(mustURL(t, up.URL), Options{}))
	var hints []string
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
			hints = append(hints, fmt.Sprint(code, " ", h.Get("Link")))
			return nil
		},
	})
	req, _ := http.NewRequestWithContext(ctx, "GET", fr+"/", nil)
	resp, body := get(t, http.DefaultClient, req)
	if resp.StatusCode != 200 || body != "page" || len(hints) != 1 || hints[0] != "103 </app.css>; rel=preload" {
		t.Errorf("status %d body %q hints %v", resp.StatusCode, body, hints)
	}
	if resp.Header.Get("Link") != "" {
		t.Errorf("the hint's header leaked into the final response: %v", resp.Header)
	}
}

func TestUnreachableUpstreamCallsErrorHandler(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	var got error
	fr := front(t, New(mustURL(t, "http://"+addr), Options{ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
		got = err
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "down")
	}}))
	for _, method := range []string{"GET", "POST"} {
		got = nil
		req, _ := http.NewRequest(method, fr+"/", nil)
		resp, body := get(t, http.DefaultClient, req)
		if resp.StatusCode != http.StatusBadGateway || body != "down" || got == nil {
			t.Errorf("%s: %d %q err %v", method, resp.StatusCode, body, got)
		}
	}
}

func TestGarbageFromUpstreamIsABadGateway(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				http.ReadRequest(bufio.NewReader(c))
				io.WriteString(c, "SSH-2.0-OpenSSH_9.2\r\n\r\n")
			}()
		}
	}()
	fr := front(t, New(mustURL(t, "http://"+ln.Addr().String()), Options{}))
	resp, _ := get(t, http.DefaultClient, mustReq(t, "GET", fr+"/"))
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func mustReq(t *testing.T, method, u string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The upstream breaks off in the middle of a body: the client must see an
// error, never a short body passed off as complete.
func TestTruncatedBodyIsNotPassedOffAsComplete(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			http.ReadRequest(bufio.NewReader(c))
			if rand.IntN(2) == 0 {
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part")
			} else { // chunked: only the missing last chunk tells the end
				io.WriteString(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nonly-part\r\n")
			}
			time.Sleep(20 * time.Millisecond)
			c.Close()
		}
	}()
	fr := front(t, New(mustURL(t, "http://"+ln.Addr().String()), Options{}))
	for i := 0; i < 6; i++ {
		resp, err := http.Get(fr + "/")
		if err != nil {
			continue // refused outright: fine
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("a truncated body (%q) arrived as complete", b)
		}
	}
}

// A client that goes away while the upstream is still thinking (a long
// poll) ends the upstream request too, instead of holding its connection.
func TestClientGoneCancelsUpstream(t *testing.T) {
	cancelled := make(chan struct{})
	var once sync.Once
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			once.Do(func() { close(cancelled) })
		case <-time.After(10 * time.Second):
		}
	})
	fr := front(t, New(mustURL(t, up.URL), Options{}))
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", fr+"/poll", nil)
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("the request succeeded after its cancellation")
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the upstream request went on after the client left")
	}
}

func TestCloseClosesPooledConnections(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	p := New(mustURL(t, up.URL), Options{})
	fr := front(t, p)
	get(t, http.DefaultClient, mustReq(t, "GET", fr+"/"))
	p.Close()
	select {
	case <-up.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the pooled upstream connection stayed open")
	}
}

// rawUpstream serves each connection with fn (a hand-written upstream that
// misbehaves on purpose).
func rawUpstream(t *testing.T, fn func(c net.Conn, br *bufio.Reader)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				fn(c, bufio.NewReader(c))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// An upstream that answers an idle keep-alive connection with 408 and hangs
// up (as some servers do): that 408 belongs to nobody, and the next request
// must get its own answer.
func TestIdle408IsNotSomebodysAnswer(t *testing.T) {
	up := rawUpstream(t, func(c net.Conn, br *bufio.Reader) {
		if _, err := http.ReadRequest(br); err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		time.Sleep(30 * time.Millisecond)
		io.WriteString(c, "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
	})
	fr := front(t, New(mustURL(t, up), Options{}))
	for i := 0; i < 3; i++ {
		resp, body := get(t, http.DefaultClient, mustReq(t, "GET", fr+"/"))
		if resp.StatusCode != 200 || body != "ok" {
			t.Fatalf("request %d: %d %q", i, resp.StatusCode, body)
		}
		time.Sleep(80 * time.Millisecond)
	}
}

// Bytes an upstream sends beyond its response (here: a body after a HEAD)
// must not be read as the next request's response.
func TestStrayBytesDoNotLeakIntoTheNextResponse(t *testing.T) {
	up := rawUpstream(t, func(c net.Conn, br *bufio.Reader) {
		for {
			req, err := http.ReadRequest(br)
			if err != nil {
				return
			}
			if req.Method == http.MethodHead {
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil")
				continue
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ngood")
		}
	})
	fr := front(t, New(mustURL(t, up), Options{}))
	get(t, http.DefaultClient, mustReq(t, "HEAD", fr+"/"))
	time.Sleep(30 * time.Millisecond)
	for i := 0; i < 3; i++ {
		resp, body := get(t, http.DefaultClient, mustReq(t, "GET", fr+"/"))
		if resp.StatusCode != 200 || body != "good" {
			t.Fatalf("GET %d after a HEAD with a body: %d %q", i, resp.StatusCode, body)
		}
	}
}

func TestOversizedOrEndlessResponseHeadsAreBadGateways(t *testing.T) {
	for name, head := range map[string]string{
		"huge header":   "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", 2<<20) + "\r\n\r\n",
		"endless 1xx":   strings.Repeat("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", 20) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		"101 uninvited": "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			up := rawUpstream(t, func(c net.Conn, br *bufio.Reader) {
				if _, err := http.ReadRequest(br); err != nil {
					return
				}
				io.WriteString(c, head)
				time.Sleep(100 * time.Millisecond)
			})
			fr := front(t, New(mustURL(t, up), Options{}))
			resp, _ := get(t, http.DefaultClient, mustReq(t, "GET", fr+"/"))
			if resp.StatusCode != http.StatusBadGateway {
				t.Errorf("status %d, want 502", resp.StatusCode)
			}
		})
	}
}
