// Package config is the program's configuration: flags and environment,
// checked once at start.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
)

// Config is what the command line and environment say.
type Config struct {
	Serve      bool
	DataDir    string
	Admin      string
	Portal     string
	Gateway    string
	PublicHost string
	// AdminToken protects the admin API (SEKISHO_ADMIN_TOKEN; random if empty).
	AdminToken string
	// MasterKey, if set (SEKISHO_MASTER_KEY, hex), seals the CA key instead of
	// the data folder's master.key file.
	MasterKey string
}

// Defaults.
const (
	DefaultAdmin   = "127.0.0.1:7700"
	DefaultPortal  = ":7443"
	DefaultGateway = ":8443"
)

// ErrHelp is returned for -h / --help.
var ErrHelp = flag.ErrHelp

// Parse reads args (without the program name) and the environment.
func Parse(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	var c Config
	if len(args) > 0 && args[0] == "serve" {
		c.Serve = true
		args = args[1:]
	}
	fs := flag.NewFlagSet("sekisho", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: sekisho [serve] [flags]\n\n  sekisho        the desktop window and the LAN server\n  sekisho serve  everything without a window; the admin UI at --admin\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nEnvironment:\n  SEKISHO_ADMIN_TOKEN  the admin API token (random when unset)\n  SEKISHO_MASTER_KEY   64 hex characters sealing the CA key (default: DATA/master.key)\n")
	}
	fs.StringVar(&c.DataDir, "data", "", "data folder (database and keys); default: the per-user app-data folder")
	fs.StringVar(&c.Admin, "admin", DefaultAdmin, "admin UI and API address (loopback only; serve mode)")
	fs.StringVar(&c.Portal, "portal", DefaultPortal, "download portal address (HTTPS)")
	fs.StringVar(&c.Gateway, "gateway", DefaultGateway, "gateway address (HTTPS, client certificates)")
	fs.StringVar(&c.PublicHost, "public-host", "", "host name or address used in links and QR codes; default: the first LAN address")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (did you mean \"sekisho serve\"?)", fs.Arg(0))
	}
	c.AdminToken = getenv("SEKISHO_ADMIN_TOKEN")
	c.MasterKey = getenv("SEKISHO_MASTER_KEY")
	if c.DataDir == "" {
		dir, err := DefaultDataDir()
		if err != nil {
			return c, err
		}
		c.DataDir = dir
	}
	return c, c.Validate()
}

// Validate checks the addresses.
func (c Config) Validate() error {
	for name, addr := range map[string]string{"--admin": c.Admin, "--portal": c.Portal, "--gateway": c.Gateway} {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return fmt.Errorf("%s %q: want HOST:PORT (port 0 picks a free one): %v", name, addr, err)
		}
	}
	host, _, _ := net.SplitHostPort(c.Admin)
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("--admin %q: the admin UI listens on a loopback address only (127.0.0.1 or ::1), because it controls the CA", c.Admin)
		}
	}
	if strings.ContainsAny(c.PublicHost, "/ :") && net.ParseIP(c.PublicHost) == nil {
		return fmt.Errorf("--public-host %q: want a host name or an IP address, without scheme or port", c.PublicHost)
	}
	return nil
}

// DefaultDataDir is the OS's per-user app-data folder for Sekisho:
// %AppData%\Sekisho, ~/Library/Application Support/Sekisho, or
// $XDG_CONFIG_HOME/sekisho.
func DefaultDataDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", errors.New("no per-user app-data folder is known here: pass --data DIR")
	}
	name := "Sekisho"
	if filepath.Separator == '/' && !strings.Contains(base, "Library") {
		name = "sekisho"
	}
	return filepath.Join(base, name), nil
}
