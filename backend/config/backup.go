package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// The backup commands, run outside Parse: main dispatches them before it.
const (
	CommandBackup  = "backup"
	CommandRestore = "restore"
)

// PassphraseEnv is the environment variable that gives backup and restore
// the backup's passphrase; when it is unset they ask on the terminal.
const PassphraseEnv = "SEKISHO_BACKUP_PASSPHRASE"

// BackupConfig is what `sekisho backup` and `sekisho restore` are told.
type BackupConfig struct {
	// Command is CommandBackup or CommandRestore.
	Command string
	// DataDir is the data folder: backed up, or restored into.
	DataDir string
	// File is the backup file: --out for backup, --in for restore.
	File string
	// Force lets restore replace a data folder that has contents (they
	// are kept beside it).
	Force bool
	// Passphrase is SEKISHO_BACKUP_PASSPHRASE; "" means ask.
	Passphrase string
	// MasterKey is SEKISHO_MASTER_KEY (backup: the key that seals the CA
	// key, instead of DATA/master.key).
	MasterKey string
}

// ParseBackup reads `sekisho backup ARGS` or `sekisho restore ARGS` (args[0]
// is the command) and the environment. For -h or --help it writes the
// command's help to out and returns ErrHelp; it writes nothing else.
func ParseBackup(args []string, getenv func(string) string, out io.Writer) (BackupConfig, error) {
	var c BackupConfig
	if len(args) == 0 || (args[0] != CommandBackup && args[0] != CommandRestore) {
		return c, errors.New("want backup or restore")
	}
	c.Command = args[0]
	fs := flag.NewFlagSet("sekisho "+c.Command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&c.DataDir, "data", "", "")
	fileFlag := "out"
	if c.Command == CommandRestore {
		fileFlag = "in"
		fs.BoolVar(&c.Force, "force", false, "")
	}
	fs.StringVar(&c.File, fileFlag, "", "")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			WriteHelp(out, c.Command)
			return c, ErrHelp
		}
		return c, fmt.Errorf("%w (sekisho %s --help)", err, c.Command)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (sekisho %s --help)", fs.Arg(0), c.Command)
	}
	if c.File == "" {
		return c, fmt.Errorf("--%s FILE is required (sekisho %s --help)", fileFlag, c.Command)
	}
	if c.DataDir == "" {
		dir, err := DefaultDataDir()
		if err != nil {
			return c, err
		}
		c.DataDir = dir
	}
	c.Passphrase = getenv(PassphraseEnv)
	if c.Command == CommandBackup {
		c.MasterKey = getenv("SEKISHO_MASTER_KEY")
	}
	return c, nil
}

const backupHelp = `Writes one encrypted file (.sekisho-backup) holding everything needed to
carry on on another machine: the database (users, certificates,
revocations, IP rules, routes, devices, settings), the CA certificate and
its key, and the key that seals it. It is encrypted under a passphrase of
at least 12 characters (age, scrypt): keep the passphrase apart from the
file, because without it the backup cannot be opened.

The data folder must not be in use: while an engine runs, take the backup
from its admin UI instead.

Flags:
  --out FILE                 the backup file to write (replaced if it
                             exists); a folder: a dated name inside it
  --data DIR                 the data folder; default: the per-user
                             app-data folder

Environment:
  SEKISHO_BACKUP_PASSPHRASE  the passphrase; when unset it is asked for on
                             the terminal, twice
  SEKISHO_MASTER_KEY         the key sealing the CA key, if the engine
                             uses it instead of DATA/master.key`

const restoreHelp = `Restores a backup made by "sekisho backup" or the admin UI into the data
folder DIR, which must be absent or empty. With --force a folder that has
contents is replaced: its contents are kept beside it, as
DIR.replaced-YYYYMMDD-HHMMSS. Everything is decrypted and checked first; a
wrong passphrase or a damaged file changes nothing. The restored folder
holds the CA key sealed with its own master.key; start the engine on it
as usual (without SEKISHO_MASTER_KEY).

Flags:
  --in FILE                  the backup file
  --data DIR                 the data folder; default: the per-user
                             app-data folder
  --force                    replace a data folder that has contents
                             (not one an engine is using)

Environment:
  SEKISHO_BACKUP_PASSPHRASE  the passphrase; when unset it is asked for on
                             the terminal`
