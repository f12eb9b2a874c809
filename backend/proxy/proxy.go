// Package proxy forwards the gateway's allowed requests to an internal web
// app.
//
// The common request — GET, HEAD or OPTIONS without a body to a plain-HTTP
// upstream — takes a lean HTTP/1.1 path: the request is written by hand onto
// a pooled upstream connection and the response is read back on the same
// goroutine, with no request cloning, no per-connection reader and writer
// goroutines and no channel hand-offs. Everything else (request bodies,
// WebSocket and other upgrades, Expect: 100-continue, HTTPS upstreams) goes
// through httputil.ReverseProxy, which handles those cases in full. Both paths
// send the same headers upstream.
package proxy

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math"
	"mime"
	"net"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Proxy.
type Options struct {
	// Transport carries the requests the lean path does not take.
	Transport http.RoundTripper
	// ErrorHandler answers when the upstream cannot be reached or answers
	// with something that is not HTTP. Nothing has been written to w yet.
	ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)
	// ResponseHeader, when set, may edit the upstream's response headers
	// before they are sent to the client (both paths).
	ResponseHeader func(http.Header)
	// MaxIdle is the number of idle upstream connections kept (default 256).
	MaxIdle int
	// IdleTimeout closes pooled connections unused for this long instead of
	// reusing them (default 4 s: app servers close idle connections after as
	// little as 5 s, Node.js's default).
	IdleTimeout time.Duration
}

// Proxy forwards requests to one upstream.
type Proxy struct {
	target      *url.URL
	dialAddr    string
	lean        bool
	idle        chan *upConn
	idleTimeout time.Duration
	closed      atomic.Bool
	dialer      net.Dialer
	slow        *httputil.ReverseProxy
	onError     func(http.ResponseWriter, *http.Request, error)
	respHeader  func(http.Header)
}

type upConn struct {
	nc     net.Conn
	lr     limitReader // under br: caps the response head
	br     *bufio.Reader
	bw     *bufio.Writer
	idleAt time.Time
}

// maxHead caps an upstream's response line and headers (as
// http.Transport's MaxResponseHeaderBytes does) and max1xx the informational
// responses before the final one.
const (
	maxHead = 1 << 20
	max1xx  = 5
)

var errHeadTooLarge = errors.New("proxy: the upstream's response headers are too large")

// limitReader reads from the connection, failing once n bytes have been
// read while armed.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(b []byte) (int, error) {
	if l.n <= 0 {
		return 0, errHeadTooLarge
	}
	if int64(len(b)) > l.n {
		b = b[:l.n]
	}
	n, err := l.r.Read(b)
	l.n -= int64(n)
	return n, err
}

// New returns a proxy to target (an http or https URL with an optional base
// path; a query is not allowed).
func New(target *url.URL, opt Options) *Proxy {
	if opt.MaxIdle <= 0 {
		opt.MaxIdle = 256
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = 4 * time.Second
	}
	if opt.ErrorHandler == nil {
		opt.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) }
	}
	p := &Proxy{
		target:      target,
		lean:        target.Scheme == "http",
		idle:        make(chan *upConn, opt.MaxIdle),
		idleTimeout: opt.IdleTimeout,
		dialer:      net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second},
		onError:     opt.ErrorHandler,
		respHeader:  opt.ResponseHeader,
	}
	p.dialAddr = target.Host
	if target.Port() == "" {
		p.dialAddr = net.JoinHostPort(target.Hostname(), map[bool]string{true: "80", false: "443"}[p.lean])
	}
	p.slow = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.SetXForwarded()
		},
		Transport: opt.Transport,
		// FlushInterval 0: ReverseProxy flushes every write of a stream
		// (text/event-stream or no Content-Length) by itself.
		BufferPool:   copyBuffers,
		ErrorHandler: opt.ErrorHandler,
	}
	if opt.ResponseHeader != nil {
		p.slow.ModifyResponse = func(resp *http.Response) error {
			opt.ResponseHeader(resp.Header)
			return nil
		}
	}
	return p
}

// Close retires the proxy: it closes the pooled connections, and
// connections in use are closed when their request ends instead of
// returning to the pool.
func (p *Proxy) Close() {
	p.closed.Store(true)
	p.drain()
}

func (p *Proxy) drain() {
	for {
		select {
		case c := <-p.idle:
			c.nc.Close()
		default:
			return
		}
	}
}

// ServeHTTP forwards r. r's headers are rewritten in place (the request is
// the proxy's to consume).
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !p.leanEligible(r) {
		p.slow.ServeHTTP(w, r)
		return
	}
	p.serveLean(w, r)
}

func (p *Proxy) leanEligible(r *http.Request) bool {
	if !p.lean || r.ContentLength != 0 || (r.Body != nil && r.Body != http.NoBody) {
		return false
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		return false
	}
	h := r.Header
	return h["Upgrade"] == nil && h["Expect"] == nil && h["Transfer-Encoding"] == nil
}

func (p *Proxy) serveLean(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	uri := p.requestURI(r)
	// A pooled connection can have gone bad while it sat idle: closed by the
	// upstream, answered with a 408 that nobody read, or left with stray
	// bytes after a misbehaving response. On such a connection the request
	// (no body, a safe method) is sent once more, on a new connection.
	for attempt := 0; ; attempt++ {
		c, reused, err := p.get(ctx, attempt > 0)
		if err != nil {
			if ctx.Err() == nil {
				p.onError(w, r, err)
			}
			return
		}
		stop := context.AfterFunc(ctx, func() { c.nc.SetDeadline(time.Unix(1, 0)) })
		var resp *http.Response
		err = p.writeRequest(c.bw, r, uri)
		if err == nil {
			resp, err = readResponse(c, r, w)
		}
		if err == nil && !(reused && resp.StatusCode == http.StatusRequestTimeout) {
			p.finish(w, r, c, resp, stop)
			return
		}
		stop()
		c.nc.Close()
		if reused && attempt == 0 && ctx.Err() == nil {
			continue
		}
		if ctx.Err() == nil { // else the client has gone: nobody to answer
			p.onError(w, r, err)
		}
		return
	}
}

// get takes a pooled connection or dials a new one.
func (p *Proxy) get(ctx context.Context, fresh bool) (*upConn, bool, error) {
	for !fresh {
		select {
		case c := <-p.idle:
			if time.Since(c.idleAt) < p.idleTimeout {
				return c, true, nil
			}
			c.nc.Close()
			continue
		default:
		}
		break
	}
	nc, err := p.dialer.DialContext(ctx, "tcp", p.dialAddr)
	if err != nil {
		return nil, false, err
	}
	c := &upConn{nc: nc, bw: bufio.NewWriterSize(nc, 4096)}
	c.lr.r, c.lr.n = nc, math.MaxInt64
	c.br = bufio.NewReaderSize(&c.lr, 4096)
	return c, false, nil
}

func (p *Proxy) put(c *upConn) {
	if p.closed.Load() {
		c.nc.Close()
		return
	}
	c.idleAt = time.Now()
	select {
	case p.idle <- c:
		if p.closed.Load() { // Close ran meanwhile and may have missed it
			p.drain()
		}
	default:
		c.nc.Close()
	}
}

// requestURI joins the target's base path with the request's path, as
// httputil.ProxyRequest.SetURL does.
func (p *Proxy) requestURI(r *http.Request) string {
	if p.target.Path == "" && p.target.RawPath == "" {
		return r.URL.RequestURI()
	}
	u := url.URL{RawQuery: r.URL.RawQuery}
	u.Path, u.RawPath = joinURLPath(p.target, r.URL)
	return u.RequestURI()
}

// Hop-by-hop headers (RFC 9110 section 7.6.1) and the forwarding headers a
// client may not set: never sent upstream as the client sent them.
var hopHeaders = map[string]bool{
	"Connection": true, "Proxy-Connection": true, "Keep-Alive": true, "Proxy-Authenticate": true,
	"Proxy-Authorization": true, "Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true,
}

var clientForwarding = map[string]bool{
	"Forwarded": true, "X-Forwarded-For": true, "X-Forwarded-Host": true, "X-Forwarded-Proto": true,
}

func (p *Proxy) writeRequest(bw *bufio.Writer, r *http.Request, uri string) error {
	bw.WriteString(r.Method)
	bw.WriteByte(' ')
	bw.WriteString(uri)
	bw.WriteString(" HTTP/1.1\r\nHost: ")
	bw.WriteString(p.target.Host)
	bw.WriteString("\r\n")
	named := connectionTokens(r.Header)
	for k, vv := range r.Header {
		if hopHeaders[k] || clientForwarding[k] || named[k] {
			continue
		}
		for _, v := range vv {
			writeHeader(bw, k, v)
		}
	}
	if headerContainsToken(r.Header["Te"], "trailers") {
		writeHeader(bw, "Te", "trailers")
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		writeHeader(bw, "X-Forwarded-For", host)
	}
	writeHeader(bw, "X-Forwarded-Host", r.Host)
	if r.TLS != nil {
		writeHeader(bw, "X-Forwarded-Proto", "https")
	} else {
		writeHeader(bw, "X-Forwarded-Proto", "http")
	}
	bw.WriteString("\r\n")
	return bw.Flush()
}

func writeHeader(bw *bufio.Writer, k, v string) {
	if strings.ContainsAny(v, "\r\n") {
		v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
	}
	bw.WriteString(k)
	bw.WriteString(": ")
	bw.WriteString(v)
	bw.WriteString("\r\n")
}

// connectionTokens are the headers named in Connection, hop-by-hop too.
func connectionTokens(h http.Header) map[string]bool {
	vv := h["Connection"]
	if len(vv) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, v := range vv {
		for _, f := range strings.Split(v, ",") {
			if f = textproto.TrimString(f); f != "" {
				m[textproto.CanonicalMIMEHeaderKey(f)] = true
			}
		}
	}
	return m
}

func headerContainsToken(vv []string, token string) bool {
	for _, v := range vv {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(textproto.TrimString(f), token) {
				return true
			}
		}
	}
	return false
}

// readResponse reads the final response, passing informational (1xx)
// responses such as 103 Early Hints on to the client.
func readResponse(c *upConn, r *http.Request, w http.ResponseWriter) (*http.Response, error) {
	c.lr.n = maxHead
	defer func() { c.lr.n = math.MaxInt64 }()
	for n1xx := 0; ; n1xx++ {
		resp, err := http.ReadResponse(c.br, r)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 200 {
			return resp, nil
		}
		if resp.StatusCode == http.StatusSwitchingProtocols {
			return nil, errors.New("proxy: 101 Switching Protocols without an upgrade request")
		}
		if n1xx == max1xx {
			return nil, errors.New("proxy: too many informational responses")
		}
		h := w.Header()
		for k, vv := range resp.Header {
			h[k] = vv
		}
		w.WriteHeader(resp.StatusCode)
		clear(h)
		c.lr.n = maxHead
	}
}

// finish copies the response to the client and returns the connection to
// the pool when the upstream's answer was read to its end.
func (p *Proxy) finish(w http.ResponseWriter, r *http.Request, c *upConn, resp *http.Response, stop func() bool) {
	reusable := false
	defer func() {
		fired := !stop()
		if reusable && !fired {
			p.put(c)
		} else {
			c.nc.Close()
		}
	}()
	removeHop(resp.Header)
	if p.respHeader != nil {
		p.respHeader(resp.Header)
	}
	h := w.Header()
	for k, vv := range resp.Header {
		h[k] = vv
	}
	announced := len(resp.Trailer)
	if announced > 0 {
		keys := make([]string, 0, announced)
		for k := range resp.Trailer {
			keys = append(keys, k)
		}
		h.Add("Trailer", strings.Join(keys, ", "))
	}
	w.WriteHeader(resp.StatusCode)
	rc := http.NewResponseController(w)
	stream := resp.ContentLength == -1 || isEventStream(resp.Header.Get("Content-Type"))
	if stream || announced > 0 {
		rc.Flush() // the headers now, before a body that may take its time
	}
	bp := copyBuffers.p.Get().(*[]byte)
	defer copyBuffers.p.Put(bp)
	buf := *bp
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return // the client has gone
			}
			if stream {
				rc.Flush()
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			if r.Context().Err() != nil {
				return
			}
			// The upstream broke off mid-body: the client must not take the
			// truncated answer for a complete one.
			panic(http.ErrAbortHandler)
		}
	}
	resp.Body.Close()
	if len(resp.Trailer) > 0 {
		if len(resp.Trailer) != announced {
			rc.Flush() // trailers not announced go out with the prefix
		}
		for k, vv := range resp.Trailer {
			if len(resp.Trailer) != announced {
				k = http.TrailerPrefix + k
			}
			h[k] = vv
		}
	}
	// Bytes beyond the response (a HEAD answered with a body, a body longer
	// than its Content-Length) would be read as the next response.
	reusable = !resp.Close && c.br.Buffered() == 0
}

func removeHop(h http.Header) {
	for k := range connectionTokens(h) {
		delete(h, k)
	}
	for k := range hopHeaders {
		delete(h, k)
	}
}

func isEventStream(ct string) bool {
	if !strings.HasPrefix(ct, "text/event-stream") {
		return false
	}
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "text/event-stream"
}

func joinURLPath(a, b *url.URL) (path, rawpath string) {
	if a.RawPath == "" && b.RawPath == "" {
		return singleJoiningSlash(a.Path, b.Path), ""
	}
	apath, bpath := a.EscapedPath(), b.EscapedPath()
	aslash, bslash := strings.HasSuffix(apath, "/"), strings.HasPrefix(bpath, "/")
	switch {
	case aslash && bslash:
		return a.Path + b.Path[1:], apath + bpath[1:]
	case !aslash && !bslash:
		return a.Path + "/" + b.Path, apath + "/" + bpath
	}
	return a.Path + b.Path, apath + bpath
}

func singleJoiningSlash(a, b string) string {
	aslash, bslash := strings.HasSuffix(a, "/"), strings.HasPrefix(b, "/")
	switch {
	case aslash && bslash:
		return a + b[1:]
	case !aslash && !bslash:
		return a + "/" + b
	}
	return a + b
}

// copyBuffers recycles 32 KB copy buffers across requests, for both paths
// (httputil.ReverseProxy through its BufferPool interface).
var copyBuffers = &bufferPool{p: sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}}

type bufferPool struct{ p sync.Pool }

func (b *bufferPool) Get() []byte  { return *b.p.Get().(*[]byte) }
func (b *bufferPool) Put(s []byte) { b.p.Put(&s) }
