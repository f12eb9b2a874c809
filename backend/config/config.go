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
	"strconv"
	"strings"
)

// Config is what the command line and environment say.
type Config struct {
	// Command is what to run: CommandDesktop, CommandServe or
	// CommandVersion.
	Command string
	// Serve runs the engine without a window (the serve command).
	Serve   bool
	DataDir string
	Admin   string
	// Portal, Gateway and PublicHost are "" unless given on the command
	// line; the engine then takes them from the settings, else the
	// defaults (engine.PlanFor).
	Portal     string
	Gateway    string
	PublicHost string
	// Download is the plain-HTTP download listener's address: "" for the
	// setting, else the default (:7080); DownloadOff to run none.
	Download string
	// AdminToken protects the admin API (SEKISHO_ADMIN_TOKEN; random if empty).
	AdminToken string
	// MasterKey, if set (SEKISHO_MASTER_KEY, hex), seals the CA key instead of
	// the data folder's master.key file.
	MasterKey string
}

// Defaults.
const (
	DefaultAdmin = "127.0.0.1:7700"
	// The portal's and gateway's ports when neither a flag nor the setting
	// gives them (on every address).
	DefaultPortalPort  = 7443
	DefaultGatewayPort = 8443
	// DefaultDownloadPort is the plain-HTTP download listener's port
	// (CONTRACT "Downloads without a browser warning").
	DefaultDownloadPort = 7080
	// DownloadOff as --download runs no download listener.
	DownloadOff = "off"
)

// ErrHelp is returned for -h / --help and `sekisho help`, after the help
// text has been written.
var ErrHelp = flag.ErrHelp

// Parse reads args (without the program name) and the environment. For
// -h, --help or `help [COMMAND]` it writes the help to out and returns
// ErrHelp (with Command set to the command asked about); it writes nothing
// else: parse errors are returned. Commands that Parse does not know
// (service) are dispatched by main before it is called.
func Parse(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	var c Config
	if len(args) > 0 {
		switch args[0] {
		case CommandServe:
			c.Command, c.Serve = CommandServe, true
			args = args[1:]
		case CommandVersion:
			c.Command = CommandVersion
			args = args[1:]
		case "help":
			if len(args) > 1 {
				c.Command = args[1]
			}
			WriteHelp(out, c.Command)
			return c, ErrHelp
		}
	}
	fs := flag.NewFlagSet("sekisho", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var version bool
	if c.Command != CommandVersion {
		engineFlags(fs, &c)
	}
	fs.BoolVar(&version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			WriteHelp(out, c.Command)
			return c, ErrHelp
		}
		return c, fmt.Errorf("%w (sekisho --help lists the flags)", err)
	}
	if fs.NArg() > 0 {
		if c.Command == CommandDesktop {
			return c, fmt.Errorf("unexpected argument %q: no such command (sekisho --help lists them)", fs.Arg(0))
		}
		return c, fmt.Errorf("unexpected argument %q after %q (sekisho %s --help)", fs.Arg(0), c.Command, c.Command)
	}
	if version {
		c.Command, c.Serve = CommandVersion, false
	}
	if c.Command == CommandVersion {
		return c, nil
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

// engineFlags defines the flags of the window and of serve on fs, into c.
func engineFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.DataDir, "data", "", "data folder (database, CA keys, logs); default: the per-user app-data folder")
	fs.StringVar(&c.Admin, "admin", DefaultAdmin, "admin UI and API address (loopback only; serve mode)")
	fs.StringVar(&c.Portal, "portal", "", "download portal address (HTTPS); default: the setting, else :"+strconv.Itoa(DefaultPortalPort))
	fs.StringVar(&c.Gateway, "gateway", "", "gateway address (HTTPS, client certificates); default: the setting, else :"+strconv.Itoa(DefaultGatewayPort))
	fs.StringVar(&c.PublicHost, "public-host", "", "host name or address used in links and QR codes; default: the setting, else the first LAN address")
	fs.StringVar(&c.Download, "download", "", "download listener address (plain HTTP: only the download pages, passphrase-encrypted files and the CA, so a phone's first contact shows no certificate warning), or \"off\"; default: the setting, else :"+strconv.Itoa(DefaultDownloadPort))
}

// Validate checks the addresses.
func (c Config) Validate() error {
	download := c.Download
	if download == DownloadOff {
		download = ""
	}
	for name, addr := range map[string]string{"--admin": c.Admin, "--portal": c.Portal, "--gateway": c.Gateway, "--download": download} {
		if addr == "" && name != "--admin" {
			continue // not given: the setting, else the default
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			or := ""
			if name == "--download" {
				or = ` or "off"`
			}
			return fmt.Errorf("%s %q: want HOST:PORT (port 0 picks a free one)%s: %v", name, addr, or, err)
		}
	}
	host, _, _ := net.SplitHostPort(c.Admin)
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("--admin %q: the admin UI listens on a loopback address only (127.0.0.1 or ::1), because it controls the CA", c.Admin)
		}
	}
	if !ValidHost(c.PublicHost) {
		return fmt.Errorf("--public-host %q: want a host name or an IP address, without scheme or port", c.PublicHost)
	}
	return nil
}

// ValidHost reports whether h can be the public host of links and QR
// codes: "" (the first LAN address), an IP address, or a DNS name of
// letters, digits, hyphens and dots (253 characters at most).
func ValidHost(h string) bool {
	if h == "" || net.ParseIP(h) != nil {
		return true
	}
	if len(h) > 253 || strings.HasPrefix(h, ".") || strings.HasPrefix(h, "-") || strings.Contains(h, "..") {
		return false
	}
	for _, r := range h {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_'
		if !ok {
			return false
		}
	}
	return true
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
