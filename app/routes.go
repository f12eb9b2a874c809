package app

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"sekisho/backend/i18n"
	"sekisho/backend/model"
)

// Routes manages the internal web apps the gateway protects.
type Routes struct{ base }

// Route is a protected app as the UI and the API see it.
type Route struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Host          string `json:"host"`
	PathPrefix    string `json:"pathPrefix"`
	Upstream      string `json:"upstream"`
	RequireSignIn bool   `json:"requireSignIn"`
	// RequireCertificate asks every client for a valid certificate (a plain
	// mTLS gate), whatever its user's settings.
	RequireCertificate bool `json:"requireCertificate"`
	Enabled            bool `json:"enabled"`
}

func routeDTO(r model.Route) Route {
	return Route{ID: idString(r.ID), Name: r.Name, Host: r.Host, PathPrefix: r.PathPrefix, Upstream: r.Upstream,
		RequireSignIn: r.RequireSignIn, RequireCertificate: r.RequireCert, Enabled: r.Enabled}
}

// RouteList is every route.
type RouteList struct {
	Items []Route `json:"items"`
}

// List returns every route.
func (s *Routes) List(Empty) (RouteList, error) {
	rs, err := s.env.DB.ListRoutes(context.Background())
	if err != nil {
		return RouteList{}, s.fail(err)
	}
	out := RouteList{Items: make([]Route, len(rs))}
	for i, r := range rs {
		out.Items[i] = routeDTO(r)
	}
	return out, nil
}

// Get returns one route.
func (s *Routes) Get(req IDRequest) (Route, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Route{}, s.fail(perr)
	}
	r, err := s.env.DB.GetRoute(context.Background(), id)
	return routeDTO(r), s.fail(err)
}

// RouteCreateRequest is a new route. PathPrefix defaults to "/"; Host "" matches
// any host name.
type RouteCreateRequest struct {
	Name               string `json:"name"`
	Host               string `json:"host,omitempty"`
	PathPrefix         string `json:"pathPrefix,omitempty"`
	Upstream           string `json:"upstream"`
	RequireSignIn      bool   `json:"requireSignIn"`
	RequireCertificate bool   `json:"requireCertificate,omitempty"`
	Enabled            bool   `json:"enabled"`
}

// Create adds a route.
func (s *Routes) Create(req RouteCreateRequest) (Route, error) {
	in := model.RouteInput{Name: req.Name, Host: req.Host, PathPrefix: req.PathPrefix, Upstream: req.Upstream,
		RequireSignIn: req.RequireSignIn, RequireCert: req.RequireCertificate, Enabled: req.Enabled}
	return s.save(0, in)
}

func (s *Routes) save(id int64, in model.RouteInput) (Route, error) {
	in, verr := in.Validate()
	if verr != nil {
		return Route{}, s.fail(verr)
	}
	r, err := s.env.DB.SaveRoute(context.Background(), s.env.Actor, id, in)
	if err != nil {
		return Route{}, s.fail(err)
	}
	s.env.changed()
	return routeDTO(r), nil
}

// RouteUpdateRequest changes the fields it carries.
type RouteUpdateRequest struct {
	ID                 string  `json:"id"`
	Name               *string `json:"name,omitempty"`
	Host               *string `json:"host,omitempty"`
	PathPrefix         *string `json:"pathPrefix,omitempty"`
	Upstream           *string `json:"upstream,omitempty"`
	RequireSignIn      *bool   `json:"requireSignIn,omitempty"`
	RequireCertificate *bool   `json:"requireCertificate,omitempty"`
	Enabled            *bool   `json:"enabled,omitempty"`
}

// Update edits a route.
func (s *Routes) Update(req RouteUpdateRequest) (Route, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Route{}, s.fail(perr)
	}
	old, err := s.env.DB.GetRoute(context.Background(), id)
	if err != nil {
		return Route{}, s.fail(err)
	}
	in := model.RouteInput{Name: old.Name, Host: old.Host, PathPrefix: old.PathPrefix, Upstream: old.Upstream,
		RequireSignIn: old.RequireSignIn, RequireCert: old.RequireCert, Enabled: old.Enabled}
	for dst, v := range map[*string]*string{&in.Name: req.Name, &in.Host: req.Host, &in.PathPrefix: req.PathPrefix, &in.Upstream: req.Upstream} {
		if v != nil {
			*dst = *v
		}
	}
	for dst, v := range map[*bool]*bool{&in.RequireSignIn: req.RequireSignIn, &in.RequireCert: req.RequireCertificate, &in.Enabled: req.Enabled} {
		if v != nil {
			*dst = *v
		}
	}
	return s.save(id, in)
}

// Delete removes a route.
func (s *Routes) Delete(req IDRequest) (Empty, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Empty{}, s.fail(perr)
	}
	if err := s.env.DB.DeleteRoute(context.Background(), s.env.Actor, id); err != nil {
		return Empty{}, s.fail(err)
	}
	s.env.changed()
	return Empty{}, nil
}

// RouteTestRequest names an upstream to try (a saved route's, or a URL).
type RouteTestRequest struct {
	ID       string `json:"id,omitempty"`
	Upstream string `json:"upstream,omitempty"`
	Localized
}

// RouteTestResult is what the upstream answered. Message says in words
// what went wrong (a refused connection, a timeout, an unknown host name,
// TLS, a server error); Error is the technical detail behind it.
type RouteTestResult struct {
	OK         bool   `json:"ok"`
	Status     int    `json:"status"`
	Message    string `json:"message,omitempty"`
	Error      string `json:"error,omitempty"`
	DurationMs int64  `json:"durationMs"`
}

// routeTestTimeout bounds Routes.Test; tests shorten it.
var routeTestTimeout = 5 * time.Second

// Test connects to the upstream (GET, 5 s limit) and reports the answer, so
// the admin knows the address is right before users try it.
func (s *Routes) Test(req RouteTestRequest) (RouteTestResult, error) {
	target := req.Upstream
	if req.ID != "" {
		id, perr := parseID("id", req.ID)
		if perr != nil {
			return RouteTestResult{}, s.fail(perr)
		}
		r, err := s.env.DB.GetRoute(context.Background(), id)
		if err != nil {
			return RouteTestResult{}, s.fail(err)
		}
		target = r.Upstream
	}
	in, verr := model.RouteInput{Name: "test", Upstream: target}.Validate()
	if verr != nil {
		return RouteTestResult{}, s.fail(verr)
	}
	client := &http.Client{Timeout: routeTestTimeout, Transport: &http.Transport{
		// Internal apps often use self-signed certificates; the test is about
		// reachability, the proxy itself verifies as configured.
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec
		Proxy:           nil,
	}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	lang := s.langFor(req.Localized)
	start := time.Now()
	resp, err := client.Get(in.Upstream + "/")
	res := RouteTestResult{DurationMs: time.Since(start).Milliseconds()}
	if err != nil {
		key := routeTestFailure(err)
		res.Error = err.Error()
		res.Message = i18n.T(lang, key, map[string]any{"host": upstreamHost(in.Upstream), "seconds": int(routeTestTimeout / time.Second)})
		return res, nil
	}
	resp.Body.Close()
	res.Status, res.OK = resp.StatusCode, resp.StatusCode < 500
	if !res.OK {
		res.Message = i18n.T(lang, "routes.test.http_status", map[string]any{"status": resp.StatusCode})
		res.Error = resp.Status
	}
	return res, nil
}

// upstreamHost is the host:port of an upstream URL, for messages.
func upstreamHost(upstream string) string {
	if u, err := url.Parse(upstream); err == nil && u.Host != "" {
		return u.Host
	}
	return upstream
}

// routeTestFailure names, as a catalog key, why an upstream could not be
// reached: the common network failures get their own advice.
func routeTestFailure(err error) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	var recErr tls.RecordHeaderError
	var alert tls.AlertError
	var certErr *tls.CertificateVerificationError
	msg := err.Error()
	switch {
	case errors.As(err, &dnsErr):
		return "routes.test.dns"
	// Windows' errno (WSAECONNREFUSED …) is not syscall.ECONNREFUSED: its text is matched too.
	case errors.Is(err, syscall.ECONNREFUSED), strings.Contains(msg, "actively refused"):
		return "routes.test.refused"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH), strings.Contains(msg, "unreachable"):
		return "routes.test.no_route"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "routes.test.timeout"
	case strings.Contains(msg, "server gave HTTP response to HTTPS client"), errors.As(err, &recErr):
		return "routes.test.tls_plain"
	case errors.As(err, &alert), errors.As(err, &certErr), strings.Contains(msg, "tls:"):
		return "routes.test.tls"
	case errors.Is(err, syscall.ECONNRESET), strings.Contains(msg, "EOF"):
		return "routes.test.closed"
	}
	return "routes.test.failed"
}
