package attach

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sekisho/backend/dirlock"
	"sekisho/backend/service"
)

// ErrNoEngine is Find's error when no engine runs on the folder: no
// engine.json, or one left behind by an engine that has gone.
var ErrNoEngine = errors.New("no Sekisho engine runs on this data folder")

// DeniedError is Find's error when the folder's files exist but this user
// may not read them: a service's folder is for administrators only.
type DeniedError struct {
	Dir  string
	Path string // the file that could not be read
	Err  error
}

func (e *DeniedError) Error() string {
	return fmt.Sprintf("the data folder %s belongs to a Sekisho service and this user may not read it (%s): %v", e.Dir, e.Path, e.Err)
}

func (e *DeniedError) Unwrap() error { return e.Err }

// TokenError is Find's error when an engine runs on the folder but this
// window has no admin token that it accepts.
type TokenError struct {
	Dir, URL string
	// Refused is true when a token was tried and refused, false when there
	// was none (no admin.token: the engine's token came from
	// SEKISHO_ADMIN_TOKEN).
	Refused bool
}

func (e *TokenError) Error() string {
	if e.Refused {
		return fmt.Sprintf("the engine at %s (data folder %s) refused the admin token", e.URL, e.Dir)
	}
	return fmt.Sprintf("the engine at %s (data folder %s) keeps no admin token in %s: start the window with its SEKISHO_ADMIN_TOKEN", e.URL, e.Dir, filepath.Join(e.Dir, service.TokenFile))
}

// Engine is a running engine that Find has checked: the folder's lock
// holder, answering at URL, and accepting token.
type Engine struct {
	Dir     string // its data folder
	URL     string // the admin API's base URL, ending in "/"
	PID     int
	Version string

	base  *url.URL
	token string // never leaves this package
}

// Finder finds the engine of a data folder.
type Finder struct {
	// Token, when set (the window's SEKISHO_ADMIN_TOKEN), is tried before
	// the folder's admin.token.
	Token string
	// Client makes the checks' requests; nil means a client with a 3 s
	// timeout that never goes through a proxy.
	Client *http.Client
	// ReadFile reads the folder's files; nil means os.ReadFile. Tests
	// stand in for a folder this user may not read.
	ReadFile func(string) ([]byte, error)
	// HolderPID returns the PID in the folder's lock file (0: none); nil
	// means dirlock.HolderPID.
	HolderPID func(dir string) int
}

// Find returns the engine that runs on dir: its engine.json names a
// loopback http address and the PID that holds the folder's lock, /healthz
// answers there, and System.Info accepts the window's token (the
// environment's, else DATA/admin.token). The errors: ErrNoEngine (wrapped,
// with the reason), *DeniedError, *TokenError, or the failure of a check.
func (f Finder) Find(ctx context.Context, dir string) (Engine, error) {
	info, err := Read(dir, f.readFile())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Engine{}, fmt.Errorf("%w (no %s)", ErrNoEngine, filepath.Join(dir, FileName))
	case errors.Is(err, fs.ErrPermission):
		return Engine{}, &DeniedError{Dir: dir, Path: filepath.Join(dir, FileName), Err: err}
	case err != nil:
		return Engine{}, fmt.Errorf("%w (%v)", ErrNoEngine, err)
	}
	base, err := loopbackURL(info.AdminURL)
	if err != nil {
		// The token goes to this address: never anywhere but this machine.
		return Engine{}, fmt.Errorf("%w (%s: %v)", ErrNoEngine, FileName, err)
	}
	holder := f.holderPID(dir)
	if holder != info.PID {
		who := "no process"
		if holder > 0 {
			who = fmt.Sprintf("PID %d", holder)
		}
		return Engine{}, fmt.Errorf("%w (%s names PID %d, but the folder is held by %s: it is stale)", ErrNoEngine, FileName, info.PID, who)
	}
	eng := Engine{Dir: dir, URL: base.String(), PID: info.PID, Version: info.Version, base: base}
	if err := f.healthy(ctx, eng); err != nil {
		return Engine{}, fmt.Errorf("%w (PID %d does not answer at %s: %v)", ErrNoEngine, info.PID, eng.URL, err)
	}
	tokens, err := f.tokens(dir)
	if err != nil {
		return Engine{}, err
	}
	if len(tokens) == 0 {
		return Engine{}, &TokenError{Dir: dir, URL: eng.URL}
	}
	for _, tok := range tokens {
		eng.token = tok
		ok, version, err := f.accepts(ctx, eng)
		if err != nil {
			return Engine{}, err
		}
		if ok {
			if version != "" {
				eng.Version = version
			}
			return eng, nil
		}
	}
	return Engine{}, &TokenError{Dir: dir, URL: eng.URL, Refused: true}
}

func (f Finder) readFile() func(string) ([]byte, error) {
	if f.ReadFile != nil {
		return f.ReadFile
	}
	return os.ReadFile
}

func (f Finder) holderPID(dir string) int {
	if f.HolderPID != nil {
		return f.HolderPID(dir)
	}
	return dirlock.HolderPID(dir)
}

func (f Finder) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	return &http.Client{Timeout: 3 * time.Second, Transport: newTransport()}
}

// newTransport is for loopback only: no proxy from the environment, which
// would see the token.
func newTransport() *http.Transport {
	return &http.Transport{Proxy: nil, DialContext: (&net.Dialer{Timeout: 2 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 8, IdleConnTimeout: 90 * time.Second}
}

// loopbackURL parses an engine's admin URL: http on a loopback address.
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	if u.Scheme != "http" || (host != "localhost" && (ip == nil || !ip.IsLoopback())) || u.User != nil {
		return nil, fmt.Errorf("%q is not an http address on this machine", raw)
	}
	u.Path, u.RawQuery, u.Fragment = "/", "", ""
	return u, nil
}

func (e Engine) endpoint(path string) string {
	return e.base.JoinPath(path).String()
}

func (f Finder) healthy(ctx context.Context, eng Engine) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, eng.endpoint("healthz"), nil)
	if err != nil {
		return err
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<10))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/healthz: %s", resp.Status)
	}
	return nil
}

// tokens lists the admin tokens to try on dir's engine.
func (f Finder) tokens(dir string) ([]string, error) {
	var out []string
	if f.Token != "" {
		out = append(out, f.Token)
	}
	path := filepath.Join(dir, service.TokenFile)
	b, err := f.readFile()(path)
	switch {
	case err == nil:
		if tok := strings.TrimSpace(string(b)); tok != "" && tok != f.Token {
			out = append(out, tok)
		}
	case errors.Is(err, fs.ErrPermission):
		if len(out) == 0 {
			return nil, &DeniedError{Dir: dir, Path: path, Err: err}
		}
	case errors.Is(err, fs.ErrNotExist):
	default:
		return nil, err
	}
	return out, nil
}

// accepts calls System.Info with eng's token: true on 200 (with the
// engine's version), false on 401.
func (f Finder) accepts(ctx context.Context, eng Engine) (bool, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, eng.endpoint("api/System.Info"), bytes.NewReader([]byte("{}")))
	if err != nil {
		return false, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+eng.token)
	resp, err := f.client().Do(req)
	if err != nil {
		return false, "", fmt.Errorf("ask the engine at %s: %w", eng.URL, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		var info struct {
			Version string `json:"version"`
		}
		_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&info)
		return true, info.Version, nil
	case http.StatusUnauthorized:
		return false, "", nil
	}
	return false, "", fmt.Errorf("the engine at %s answered System.Info with %s", eng.URL, resp.Status)
}
