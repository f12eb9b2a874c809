package config

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"sekisho/backend/dirlock"
	"sekisho/backend/logfile"
	"sekisho/backend/store"
)

// Command names that Parse knows. CommandDesktop is no command at all.
const (
	CommandDesktop = ""
	CommandServe   = "serve"
	CommandVersion = "version"
)

// Command is a subcommand as the help text shows it.
type Command struct {
	// Name is what follows "sekisho".
	Name string
	// Synopsis is the usage line after "sekisho".
	Synopsis string
	// Summary is its line in `sekisho --help`.
	Summary string
	// Help is `sekisho NAME --help`'s text, between the usage line and the
	// flags.
	Help string
	// EngineFlags: it takes the engine's flags (--data, --admin, --portal,
	// --gateway, --public-host).
	EngineFlags bool
}

// Commands lists the subcommands in the order `sekisho --help` shows them.
// A command that runs outside Parse (service, backup, restore) gets its
// entry here, for `sekisho --help` and `sekisho help NAME`, and
// its dispatch in main before Parse; its own --help may print
// WriteHelp(stdout, NAME).
func Commands() []Command {
	return []Command{
		{
			Name:     CommandDesktop,
			Synopsis: "[flags]",
			Summary:  "the desktop window and the LAN server (portal, gateway)",
			Help: `Opens the admin window and runs the LAN server: the download portal and
the mTLS gateway. Needs the desktop build and a display; where neither is
available, use "sekisho serve".`,
			EngineFlags: true,
		},
		{
			Name:     CommandServe,
			Synopsis: "serve [flags]",
			Summary:  "the engine without a window; the admin UI in a browser at --admin",
			Help: `Runs the engine (admin UI and API, portal, gateway, access log) without a
window. Prints one line per listener ("admin http://…/", "portal https://…/",
"gateway https://…/"), then "ready"; SIGINT or SIGTERM stops it cleanly.`,
			EngineFlags: true,
		},
		{
			Name:     CommandVersion,
			Synopsis: "version",
			Summary:  `print "sekisho VERSION" (also: sekisho --version)`,
			Help:     `Prints "sekisho VERSION" and exits 0. Same as "sekisho --version".`,
		},
		{
			// Run by sekisho/backend/service, which prints this help.
			Name:     "service",
			Synopsis: "service COMMAND [flags]",
			Summary:  "the engine as an OS service that starts at boot (install, status, …)",
			Help: `Runs the engine (admin API, portal, gateway, access log) as an OS service
named "sekisho" that starts at boot with no one logged in: a Windows
service, a macOS LaunchDaemon or a systemd unit.

Commands:
  install    register the service with the flags given; it starts at every
             boot (administrator or root)
  uninstall  stop and remove the service; its data folder stays
  start      start the service now (administrator or root)
  stop       stop it; it starts again at the next boot (administrator or root)
  status     print running, stopped or not installed; exit 0, or 4 when not
             installed
  run        what the service manager starts; also in the foreground: prints
             the lines of serve, stops on SIGINT/SIGTERM
  unit       print what install writes: the systemd unit, the launchd plist,
             or a summary on Windows

install, run and unit take the flags below, but --data defaults to the
service's folder instead of the per-user one:
  Windows  %ProgramData%\Sekisho (SYSTEM and Administrators only)
  macOS    /Library/Application Support/Sekisho
  Linux    /var/lib/sekisho (systemd's StateDirectory; cannot be changed)
The admin token is SEKISHO_ADMIN_TOKEN or, when unset, the file
DATA/admin.token, made on the first run (service and administrators only).`,
			EngineFlags: true,
		},
		{
			// Parsed by ParseBackup, run by main.
			Name:     CommandBackup,
			Synopsis: "backup --out FILE [flags]",
			Summary:  "write an encrypted backup of a stopped data folder",
			Help:     backupHelp,
		},
		{
			Name:     CommandRestore,
			Synopsis: "restore --in FILE [flags]",
			Summary:  "restore a backup into a new data folder (or replace one)",
			Help:     restoreHelp,
		},
		{
			Name:     "help",
			Synopsis: "help [COMMAND]",
			Summary:  `this text, or a command's (also: sekisho COMMAND --help)`,
		},
	}
}

// WriteHelp writes the help for the command name ("" or an unknown name:
// the whole program) to w.
func WriteHelp(w io.Writer, name string) {
	for _, c := range Commands() {
		if name != CommandDesktop && c.Name == name {
			writeCommandHelp(w, c)
			return
		}
	}
	var b strings.Builder
	b.WriteString("Sekisho (関所): a private CA, IP rules, device approval and an mTLS gateway.\n\nUsage:\n")
	for _, c := range Commands() {
		fmt.Fprintf(&b, "  sekisho %-26s %s\n", c.Synopsis, c.Summary)
	}
	b.WriteString("\nFlags of sekisho and sekisho serve:\n")
	writeFlags(&b)
	b.WriteString(`  --version                  print the version and exit
  -h, --help                 show this help
` + portNote + `
Environment:
  SEKISHO_ADMIN_TOKEN        the admin API token (serve; when unset, a random
                             one kept in DATA/admin.token)
  SEKISHO_MASTER_KEY         64 hex characters sealing the CA key
                             (default: DATA/master.key)
  SEKISHO_BACKUP_PASSPHRASE  the passphrase of backup and restore (when
                             unset, asked for on the terminal)
`)
	writeFiles(&b)
	io.WriteString(w, b.String())
}

func writeCommandHelp(w io.Writer, c Command) {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: sekisho %s\n", c.Synopsis)
	if c.Help != "" {
		fmt.Fprintf(&b, "\n%s\n", c.Help)
	}
	if c.EngineFlags {
		b.WriteString("\nFlags:\n")
		writeFlags(&b)
		b.WriteString(portNote)
		writeFiles(&b)
	}
	io.WriteString(w, b.String())
}

// writeFlags lists the engine's flags, from the definitions Parse uses.
func writeFlags(b *strings.Builder) {
	fs := flag.NewFlagSet("sekisho", flag.ContinueOnError)
	engineFlags(fs, &Config{})
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name + " " + strings.ToUpper(arg)
		switch f.Name {
		case "data":
			left = "--data DIR"
		case "admin", "portal", "gateway":
			left = "--" + f.Name + " ADDR"
		case "public-host":
			left = "--public-host HOST"
		}
		if f.DefValue != "" {
			usage += "; default " + f.DefValue
		}
		fmt.Fprintf(b, "  %-26s %s\n", left, usage)
	})
}

const portNote = `
A port of 0 picks a free one. A port that is already taken stops the start
with a message that names its flag.
`

func writeFiles(b *strings.Builder) {
	fmt.Fprintf(b, `
Files in the data folder (DATA):
  %-26s the database
  %-26s held while an engine runs: one engine per data
  %-26s folder; a second one exits, naming the holder's PID
  %-26s the log (also on standard error), rotated at
  %-26s %d MB, %d old files kept
`, store.FileName, dirlock.FileName, "", logfile.DirName+"/"+logfile.FileName, "", logfile.MaxSizeMB, logfile.MaxBackups)
}
