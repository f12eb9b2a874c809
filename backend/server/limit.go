package server

import (
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// Limits bound what clients may take of a listener: connections, header
// size and how slowly a request body may arrive (docs/security.md,
// "Connection limits"). The admin listener, loopback only and behind the
// token, has none.
type Limits struct {
	// Conns counts connections per client address and in total; listeners
	// given the same ConnLimiter share its counts.
	Conns *ConnLimiter
	// MaxHeaderBytes caps the request line and headers together (Go has no
	// separate per-line limit). Go reads 4 KB past it before answering 431.
	MaxHeaderBytes int
	// Body cuts request bodies that stall or trickle.
	Body BodyPace
}

// DefaultMaxHeaderBytes is the portal's and gateway's cap on the request
// line and headers: nginx's default total (large_client_header_buffers
// 4 × 8 KB). Go's default, 1 MB, let 300 unfinished headers hold half a
// gigabyte.
const DefaultMaxHeaderBytes = 32 << 10

// DefaultConnsPerAddress is the default cap on connections from one client
// address: a browser opens at most 6 HTTP/1.1 connections to a host (one
// with HTTP/2), so 100 leaves room for an office of browsers behind one NAT
// address, with WebSockets, while one host cannot take the whole total.
const DefaultConnsPerAddress = 100

// DefaultLimits returns the portal's and gateway's limits, without Conns
// (made by the caller, which knows where the per-address cap comes from).
func DefaultLimits() Limits {
	return Limits{MaxHeaderBytes: DefaultMaxHeaderBytes, Body: defaultBodyPace}
}

// maxTotalConns caps TotalConnLimit by memory: an idle TLS connection costs
// about 37 KB (docs/performance.md), and 2,000 connections each holding an
// unfinished 31 KB header took the process from 82 to 406 MB resident, so
// 2048 of them stay inside the 512 MiB soft memory limit (boot.tuneGC).
const maxTotalConns = 2048

// fdReserve is kept out of TotalConnLimit for everything else that holds a
// descriptor: the database, the access log, the admin listener, pooled
// upstream connections beyond one per client, files being served.
const fdReserve = 256

// TotalConnLimit is the default cap on connections to the LAN listeners
// together, from the process's descriptor limit (RLIMIT_NOFILE on Unix; Go
// raises the soft limit to the hard one at start): half of what is left
// after a reserve of 256, since a proxied connection may hold an upstream
// connection too, at least 64 and at most 2048. Windows has no such limit
// and gets 2048.
func TotalConnLimit() int {
	return totalFor(fdLimit())
}

func totalFor(nofile uint64) int {
	if nofile == 0 { // unknown
		return maxTotalConns
	}
	n := 64
	if nofile > fdReserve+2*64 {
		n = int(min((nofile-fdReserve)/2, maxTotalConns))
	}
	return n
}

// ConnLimiter caps connections per client address and in total. A
// connection over a cap is closed (reset) as soon as it is accepted, before
// the TLS handshake: answering 503 would first cost the handshake, the
// server's dearest step, for a client that is almost always a flood (a
// browser stays far below the per-address cap), and would keep a descriptor
// for it meanwhile. Refusals are counted (Stats) and logged at most once a
// minute with the counts since the last line.
//
// Loopback clients are counted like any other.
type ConnLimiter struct {
	perAddress func() int
	total      int
	log        *slog.Logger
	logEvery   time.Duration

	mu      sync.Mutex
	open    int
	byAddr  map[netip.Addr]int
	lastLog time.Time
	// refusals since the last log line
	sinceAddr, sinceTotal int

	refusedAddr  atomic.Uint64
	refusedTotal atomic.Uint64
}

// NewConnLimiter returns a limiter allowing perAddress() connections from
// one address (read at every accept, so a changed setting applies to new
// connections at once; ≤ 0: no cap) and total in all (≤ 0: no cap).
func NewConnLimiter(perAddress func() int, total int, log *slog.Logger) *ConnLimiter {
	if log == nil {
		log = slog.Default()
	}
	return &ConnLimiter{perAddress: perAddress, total: total, log: log, logEvery: time.Minute, byAddr: map[netip.Addr]int{}}
}

// ConnStats are a limiter's counts.
type ConnStats struct {
	// Open is the number of connections held now.
	Open int
	// Total is the cap on Open.
	Total int
	// RefusedPerAddress and RefusedTotal count the connections refused
	// since start, over the per-address and the total cap.
	RefusedPerAddress uint64
	RefusedTotal      uint64
}

// Stats returns the counts.
func (l *ConnLimiter) Stats() ConnStats {
	l.mu.Lock()
	open := l.open
	l.mu.Unlock()
	return ConnStats{Open: open, Total: l.total, RefusedPerAddress: l.refusedAddr.Load(), RefusedTotal: l.refusedTotal.Load()}
}

// OpenFrom returns the number of connections held from a.
func (l *ConnLimiter) OpenFrom(a netip.Addr) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.byAddr[a.Unmap()]
}

// Listener wraps nl so that its connections are counted and capped. It
// belongs under the TLS listener, so refused connections cost no handshake.
func (l *ConnLimiter) Listener(nl net.Listener) net.Listener {
	return &limitedListener{Listener: nl, l: l}
}

type limitedListener struct {
	net.Listener
	l *ConnLimiter
}

// Accept returns the next connection within the caps, closing those over.
func (ll *limitedListener) Accept() (net.Conn, error) {
	for {
		c, err := ll.Listener.Accept()
		if err != nil {
			return nil, err
		}
		a := peerAddr(c)
		if ll.l.acquire(a) {
			return &limitedConn{Conn: c, l: ll.l, addr: a}, nil
		}
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0) // a reset: no TIME_WAIT left behind per refused connection
		}
		c.Close()
	}
}

func peerAddr(c net.Conn) netip.Addr {
	if ta, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		return ta.AddrPort().Addr().Unmap()
	}
	return netip.Addr{}
}

func (l *ConnLimiter) acquire(a netip.Addr) bool {
	per := 0
	if l.perAddress != nil {
		per = l.perAddress()
	}
	l.mu.Lock()
	overAddr := per > 0 && l.byAddr[a] >= per
	overTotal := !overAddr && l.total > 0 && l.open >= l.total
	if !overAddr && !overTotal {
		l.open++
		l.byAddr[a]++
		l.mu.Unlock()
		return true
	}
	if overAddr {
		l.refusedAddr.Add(1)
		l.sinceAddr++
	} else {
		l.refusedTotal.Add(1)
		l.sinceTotal++
	}
	now := time.Now()
	due := l.lastLog.IsZero() || now.Sub(l.lastLog) >= l.logEvery
	var byAddr, byTotal int
	if due {
		l.lastLog, byAddr, byTotal = now, l.sinceAddr, l.sinceTotal
		l.sinceAddr, l.sinceTotal = 0, 0
	}
	l.mu.Unlock()
	if due {
		l.log.Warn("connections refused over the limits", "overPerAddress", byAddr, "overTotal", byTotal,
			"lastAddress", a.String(), "perAddressLimit", per, "totalLimit", l.total, "open", l.Stats().Open)
	}
	return false
}

func (l *ConnLimiter) release(a netip.Addr) {
	l.mu.Lock()
	l.open--
	if n := l.byAddr[a] - 1; n > 0 {
		l.byAddr[a] = n
	} else {
		delete(l.byAddr, a)
	}
	l.mu.Unlock()
}

// limitedConn gives its slot back when closed (once, however often Close
// is called: the server, a hijacker and the TLS layer may each close it).
type limitedConn struct {
	net.Conn
	l      *ConnLimiter
	addr   netip.Addr
	closed atomic.Bool
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	if c.closed.CompareAndSwap(false, true) {
		c.l.release(c.addr)
	}
	return err
}
