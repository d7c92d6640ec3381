// Command claimdesk files a restoration office's claims mail: it watches the
// shared inbox, classifies each message to its claim, files the documents and
// serves the coordinators' dashboard.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/claimdesk/claimdesk/internal/config"
)

// command is one subcommand: its flags are the shared settings plus the
// ones bind adds; bind returns the function that runs it.
type command struct {
	summary string
	usage   string
	bind    func(fs *flag.FlagSet) runFunc
}

type runFunc func(ctx context.Context, env *env, args []string) error

// noFlags binds a command without flags of its own.
func noFlags(run runFunc) func(*flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc { return run }
}

var commands = map[string]command{
	"serve":    {"watch the mailboxes, process mail and serve the dashboard (--demo: on the built-in sample mailbox)", "serve [--demo] [flags]", bindServe},
	"migrate":  {"bring the database schema and the blob store up to date, or show the schema's status", "migrate [flags] [up|status]", noFlags(runMigrate)},
	"backfill": {"import the mail already in the mailboxes, with progress, and process it", "backfill [--since YYYY-MM-DD] [flags]", bindBackfill},
	"retry":    {"process failed messages again", "retry [flags] (MESSAGE-ID... | --all)", bindRetry},
	"user":     {"add a user who may sign in to the dashboard (password on stdin, or generated), or change their password, disable, enable or remove them", "user add|passwd|disable|enable|remove --email EMAIL [--name NAME] [--admin] [flags]", bindUser},
	"token":    {"create, list or revoke API tokens", "token (create --name NAME | list | revoke ID) [flags]", bindToken},
	"claims":   {"import claims from a CSV file (re-importing updates them)", "claims import [flags] FILE.csv", bindClaims},
	"classify": {"classify .eml files offline, one JSON line each", "classify --claims FILE.csv [--sent DIR] PATH...", bindClassify},
	"explain":  {"say in words what claimdesk decides about a message, and why", "explain [--claims FILE.csv] FILE.eml", bindExplain},
	"mailbox":  {"add, connect (OAuth2 consent), list, test, give a new password to or remove the mailboxes kept in the database", "mailbox (add | connect | list | test NAME | passwd NAME | remove NAME) [flags]", bindMailbox},
	"office":   {"add, list or change offices (territories), and who works in each with what role", "office (add --slug SLUG --name NAME | list | set --slug SLUG [--user EMAIL --role ROLE] [--remove-user EMAIL]) [--office-domain D] [--office-phone P] [--timezone Z] [--business-hours H] [--holidays H] [--job-pattern P] [flags]", bindOffice},
	"secrets":  {"seal the stored mailbox credentials under a new key, or make a key", "secrets (rotate [--new-key-file FILE] | keygen) [flags]", bindSecrets},
}

// commandSettings are, for the commands that read only a few of the
// shared settings, those settings (by variable): their help lists no
// others.
var commandSettings = map[string][]string{
	"mailbox": {"CLAIMDESK_DATABASE_URL", "CLAIMDESK_DATA_DIR", "CLAIMDESK_SECRET_KEY", "CLAIMDESK_SECRET_KEY_FILE",
		"CLAIMDESK_IMAP_URL", "CLAIMDESK_TIMEZONE", "CLAIMDESK_LOG_LEVEL"},
}

// env is what every command gets: its settings and where to write.
type env struct {
	cfg    *config.Config
	stdout io.Writer
	stderr io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "claimdesk: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	fs := flag.NewFlagSet("claimdesk "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: claimdesk %s\n\n%s\n\nflags:\n", cmd.usage, cmd.summary)
		printFlags(stderr, fs, commandSettings[args[0]])
	}
	cfg := config.Register(fs, getenv)
	runCmd := cmd.bind(fs)
	words, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "claimdesk: %v\n", err)
		return 2
	}
	if err := runCmd(ctx, &env{cfg: cfg, stdout: stdout, stderr: stderr}, words); err != nil {
		fmt.Fprintf(stderr, "claimdesk %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// parseInterspersed parses the flags of args wherever they stand, before,
// between or after a command's words ("migrate status --data-dir DIR"),
// and returns the words in their order: a flag read as a word would be
// ignored, and the command would run on the default settings' database.
// After "--" everything is a word, however it starts.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return words, nil
		}
		if n := len(rest) - len(left); n > 0 && rest[n-1] == "--" {
			return append(words, left...), nil
		}
		words, rest = append(words, left[0]), left[1:]
	}
}

// printFlags prints the help of fs's flags: the command's own, and of the
// shared settings those named in settings (all of them when nil).
func printFlags(w io.Writer, fs *flag.FlagSet, settings []string) {
	if settings == nil {
		fs.PrintDefaults()
		return
	}
	shared, wanted := map[string]bool{}, map[string]bool{}
	for _, v := range config.Variables() {
		name := strings.TrimPrefix(v[1], "--")
		shared[name] = true
		wanted[name] = slices.Contains(settings, v[0])
	}
	// A set of its own, so that the help keeps flag's layout.
	shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shown.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		if !shared[f.Name] || wanted[f.Name] {
			shown.Var(f.Value, f.Name, f.Usage)
			shown.Lookup(f.Name).DefValue = f.DefValue
		}
	})
	shown.PrintDefaults()
	fmt.Fprintln(w, "\nThe other settings (claimdesk help lists them) do not concern this command.")
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: claimdesk <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nEvery setting is an environment variable and a flag (the flag wins):")
	// One column per field, however long a variable's name.
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	for _, v := range config.Variables() {
		help := v[2]
		if v[3] != "" {
			help += " (default " + v[3] + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", v[0], v[1], help)
	}
	tw.Flush()
}
