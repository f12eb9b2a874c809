// Package server runs Sekisho's listeners (admin, portal, gateway) and stops
// them gracefully, finishing in-flight requests.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sort"
	"sync"
	"time"
)

// Listener is one server to run.
type Listener struct {
	Name string
	Addr string
	// Flag is the command-line flag that sets Addr (--portal, …), named
	// when Addr cannot be bound.
	Flag string
	// Setting, when set, names the setting that moves the listener too.
	Setting string
	Handler http.Handler
	// TLS, when set, makes the listener HTTPS.
	TLS *tls.Config
	// Limits, when set, caps connections, header size and body pace.
	Limits *Limits
}

// Running is a started listener.
type Running struct {
	Name string
	// Addr is the address actually bound (port 0 resolved).
	Addr *net.TCPAddr
	srv  *http.Server
}

// Group is a set of running listeners.
type Group struct {
	Running []*Running
	log     *slog.Logger
	wg      sync.WaitGroup
	errc    chan error
}

// Start binds every listener (all or none) and serves them.
func Start(ls []Listener, log *slog.Logger) (*Group, error) {
	g := &Group{log: log, errc: make(chan error, len(ls))}
	var bound []net.Listener
	for _, l := range ls {
		nl, err := net.Listen("tcp", l.Addr)
		if err != nil {
			for _, b := range bound {
				b.Close()
			}
			return nil, &ListenError{Name: l.Name, Flag: l.Flag, Setting: l.Setting, Addr: l.Addr, Err: err}
		}
		bound = append(bound, nl)
	}
	for i, l := range ls {
		nl := bound[i]
		srv := &http.Server{
			Handler:           l.Handler,
			ReadHeaderTimeout: 10 * time.Second, // slowloris
			IdleTimeout:       2 * time.Minute,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
		}
		if lim := l.Limits; lim != nil {
			srv.MaxHeaderBytes = lim.MaxHeaderBytes
			srv.Handler = lim.Body.Handler(srv.Handler)
			if lim.Conns != nil {
				nl = lim.Conns.Listener(nl) // under TLS: a refused connection costs no handshake
			}
		}
		if l.TLS != nil {
			srv.TLSConfig = l.TLS
			nl = tls.NewListener(nl, l.TLS)
		}
		r := &Running{Name: l.Name, Addr: bound[i].Addr().(*net.TCPAddr), srv: srv}
		g.Running = append(g.Running, r)
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			if err := srv.Serve(nl); err != nil && !errors.Is(err, http.ErrServerClosed) {
				g.errc <- fmt.Errorf("%s: %w", r.Name, err)
			}
		}()
	}
	return g, nil
}

// ListenError is a listener whose address could not be bound.
type ListenError struct {
	Name, Flag, Setting, Addr string
	Err                       error
}

// InUse reports whether another socket already has the address.
func (e *ListenError) InUse() bool { return addrInUse(e.Err) }

// Error names the flag that chose the address, so the message says what
// to change.
func (e *ListenError) Error() string {
	flag := e.Flag
	if flag == "" {
		flag = e.Name
	}
	or := ""
	if e.Setting != "" {
		or = ", or change " + e.Setting
	}
	if e.InUse() {
		return fmt.Sprintf("%s %s: the address is already in use (another program, or another Sekisho, listens there); start Sekisho with %s HOST:PORT to use another port (port 0 picks a free one)%s", flag, e.Addr, flag, or)
	}
	return fmt.Sprintf("%s %s: cannot listen (%s): %v; start Sekisho with %s HOST:PORT to use another address%s", flag, e.Addr, e.Name, e.Err, flag, or)
}

func (e *ListenError) Unwrap() error { return e.Err }

// Get returns the running listener called name.
func (g *Group) Get(name string) *Running {
	for _, r := range g.Running {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Err delivers the first serving error.
func (g *Group) Err() <-chan error { return g.errc }

// Shutdown stops accepting, lets in-flight requests finish until ctx ends,
// then closes what is left.
func (g *Group) Shutdown(ctx context.Context) error {
	var errs []error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, r := range g.Running {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.srv.Shutdown(ctx); err != nil {
				r.srv.Close()
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", r.Name, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	g.wg.Wait()
	return errors.Join(errs...)
}

// IsLoopback reports whether addr's host is a loopback address or
// "localhost".
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// LANAddresses returns this machine's usable non-loopback unicast addresses,
// IPv4 first, private addresses before others.
func LANAddresses() []netip.Addr {
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []netip.Addr
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			pfx, err := netip.ParsePrefix(a.String())
			if err != nil {
				continue
			}
			ip := pfx.Addr().Unmap()
			if ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsMulticast() || ip.IsUnspecified() {
				continue
			}
			out = append(out, ip)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Is4() != b.Is4() {
			return a.Is4()
		}
		return a.IsPrivate() && !b.IsPrivate()
	})
	return out
}

// HostPort joins a host and port, bracketing IPv6 literals.
func HostPort(host string, port int) string {
	return net.JoinHostPort(host, fmt.Sprint(port))
}
