package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// mailboxFlags are the flags of claimdesk mailbox; each action uses some.
type mailboxFlags struct {
	name, host, user, tls, auth, provider, tenant, clientID string
	clientSecretFile, certFile, keyFile                     string
	tokenURL, authURL, redirectURL                          string
	inbox, sent, moveTo, mechanism                          string
	skipTest                                                bool
}

func bindMailbox(fs *flag.FlagSet) runFunc {
	f := &mailboxFlags{}
	fs.StringVar(&f.name, "name", "", "the mailbox's name in claimdesk (default: its user)")
	fs.StringVar(&f.host, "host", "", "IMAP server host:port (default outlook.office365.com:993 for Microsoft, imap.gmail.com:993 for Google)")
	fs.StringVar(&f.user, "user", "", "the mailbox's address, which claimdesk logs in as")
	fs.StringVar(&f.tls, "tls", "tls", "none, starttls or tls")
	fs.StringVar(&f.auth, "auth", "password", "add: password (read from standard input), microsoft (app-only access) or google (service account)")
	fs.StringVar(&f.provider, "provider", "", "connect: google or microsoft")
	fs.StringVar(&f.tenant, "tenant", "", "Microsoft: the directory (tenant) id or domain")
	fs.StringVar(&f.clientID, "client-id", "", "the app registration's (OAuth client's) id")
	fs.StringVar(&f.clientSecretFile, "client-secret-file", "", "file holding the app's client secret (microsoft: else read from standard input)")
	fs.StringVar(&f.certFile, "certificate-file", "", "microsoft: PEM file with the app's certificate and private key, instead of a client secret")
	fs.StringVar(&f.keyFile, "key-file", "", "google: the service account's JSON key file")
	fs.StringVar(&f.tokenURL, "token-url", "", "the provider's token endpoint (default: the provider's own)")
	fs.StringVar(&f.authURL, "auth-url", "", "connect: the provider's consent page (default: the provider's own)")
	fs.StringVar(&f.redirectURL, "redirect-url", "http://localhost", "connect: the redirect URL registered with the app")
	fs.StringVar(&f.inbox, "inbox", "INBOX", "the folder mail arrives in")
	fs.StringVar(&f.sent, "sent", "", "the office's sent-mail folder (default: the folder the server marks \\Sent, else Sent)")
	fs.StringVar(&f.moveTo, "move", "", "folder processed inbox mail is moved to (default: it stays, marked with a keyword)")
	fs.StringVar(&f.mechanism, "mechanism", "", "XOAUTH2 or OAUTHBEARER (default: from what the server offers)")
	fs.BoolVar(&f.skipTest, "skip-test", false, "add, connect or passwd without logging in first")
	return func(ctx context.Context, e *env, args []string) error {
		if err := needAction(fs, args); err != nil {
			return err
		}
		action, rest := args[0], args[1:]
		switch {
		case (action == "add" || action == "connect" || action == "list") && len(rest) == 0:
		case (action == "test" || action == "remove" || action == "passwd") && len(rest) == 1:
		default:
			return fmt.Errorf("unknown action %q: want add, connect, list, test NAME, passwd NAME or remove NAME", strings.Join(args, " "))
		}
		db, closeDB, err := openMigratedDatabase(ctx, e)
		if err != nil {
			return err
		}
		defer closeDB()
		switch action {
		case "add":
			return mailboxAdd(ctx, e, db, f)
		case "connect":
			return mailboxConnect(ctx, e, db, f)
		case "test":
			return mailboxTest(ctx, e, db, rest[0])
		case "passwd":
			return mailboxPasswd(ctx, e, db, rest[0], f.skipTest)
		case "remove":
			if err := db.DeleteMailboxAccount(ctx, rest[0]); errors.Is(err, storage.ErrNotFound) {
				return fmt.Errorf("no mailbox named %s in the database (claimdesk mailbox list shows them)", rest[0])
			} else if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "removed mailbox %s and its credentials; a running claimdesk serve stops watching it within seconds\n", rest[0])
			return nil
		}
		return mailboxList(ctx, e, db)
	}
}

func loginName(m storage.MailboxAccount) string {
	switch m.Auth {
	case storage.MailboxAuthMicrosoftApp:
		return "microsoft app"
	case storage.MailboxAuthGoogleServiceAccount:
		return "google service account"
	case storage.MailboxAuthOAuthUser:
		return m.Provider + " user consent"
	}
	return m.Auth
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// mailboxTest logs in to a mailbox (from the database, or a
// CLAIMDESK_IMAP_URL one by its user@host:port) and reports what
// claimdesk will find and do there.
func mailboxTest(ctx context.Context, e *env, db *storage.DB, name string) error {
	acct, err := findAccount(ctx, e.cfg, db, name)
	if err != nil {
		return err
	}
	return probeAndReport(ctx, e, &acct, false)
}

func findAccount(ctx context.Context, cfg *config.Config, db *storage.DB, name string) (mailbox.Account, error) {
	m, err := db.MailboxAccountByName(ctx, name)
	if err == nil {
		box, err := openSecretBox(cfg, false)
		if err != nil {
			return mailbox.Account{}, err
		}
		return managedAccount(db, box, m, nil)
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return mailbox.Account{}, err
	}
	for _, a := range cfg.IMAP {
		if a.Name() == name || a.User == name {
			return accountOf(a), nil
		}
	}
	return mailbox.Account{}, fmt.Errorf("no mailbox named %s (claimdesk mailbox list shows them)", name)
}

// probeAndReport logs in and prints what claimdesk found; an error when the
// login or a folder fails. With discoverSent, the folder the server marks
// \Sent becomes acct's Sent folder.
func probeAndReport(ctx context.Context, e *env, acct *mailbox.Account, discoverSent bool) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	fmt.Fprintf(e.stdout, "mailbox %s (%s as %s)\n", acct.Name(), acct.Host, acct.User)
	p, err := acct.Probe(ctx)
	if err != nil {
		return fmt.Errorf("test failed: %w", err)
	}
	if discoverSent && p.SpecialSent != "" {
		acct.Sent, p.SentExists = p.SpecialSent, true
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	w := e.stdout
	fmt.Fprintf(w, "  login:           ok (%s)\n", p.Mechanism)
	fmt.Fprintf(w, "  capabilities:    IDLE %s, MOVE %s, UIDPLUS %s, CONDSTORE %s, custom keywords %s\n",
		yes(p.Idle), yes(p.Move), yes(p.UIDPlus), yes(p.CondStore), yes(p.Keywords))
	if !p.Idle {
		fmt.Fprintln(w, "                   without IDLE the mailbox is polled (CLAIMDESK_POLL_INTERVAL)")
	}
	fmt.Fprintf(w, "  inbox:           %s (%d messages)\n", p.Inbox, p.InboxMessages)
	switch {
	case p.SentExists && p.SpecialSent == acct.Sent:
		fmt.Fprintf(w, "  sent folder:     %s (marked \\Sent by the server)\n", acct.Sent)
	case p.SentExists:
		fmt.Fprintf(w, "  sent folder:     %s\n", acct.Sent)
	case p.SpecialSent != "":
		return fmt.Errorf("test failed: the sent folder %q does not exist (the server marks %q as \\Sent)", acct.Sent, p.SpecialSent)
	default:
		return fmt.Errorf("test failed: the sent folder %q does not exist", acct.Sent)
	}
	fmt.Fprintf(w, "  processed mail:  %s\n", p.Processed)
	if acct.MoveTo != "" && !p.MoveToExists {
		return fmt.Errorf("test failed: the folder %q to move processed mail to does not exist", acct.MoveTo)
	}
	return nil
}
