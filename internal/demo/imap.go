package demo

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAPServer is an in-memory IMAP server holding the sample mailbox. It
// listens on loopback only and offers plain-text login without TLS.
type IMAPServer struct {
	Addr     string // host:port
	User     string // the shared claims address
	Password string // random, new for every server

	srv       *imapserver.Server
	serveErr  chan error
	stopCtx   func() bool
	closeOnce sync.Once
	closeErr  error
}

// StartIMAP starts an IMAP server with the sample mail as generated: INBOX
// holds Mail(), Sent holds Sent(), each message with its internal date;
// Drafts, Trash and Archive are empty. The server stops when ctx is done or
// Close is called.
func StartIMAP(ctx context.Context) (*IMAPServer, error) {
	inbox, err := Mail()
	if err != nil {
		return nil, fmt.Errorf("load sample inbox: %w", err)
	}
	sent, err := Sent()
	if err != nil {
		return nil, fmt.Errorf("load sample sent mail: %w", err)
	}
	return StartIMAPWith(ctx, inbox, sent)
}

// StartIMAPWith is StartIMAP serving the given inbox and sent mail, such as
// the sample mail moved to today by Redate.
func StartIMAPWith(ctx context.Context, inbox, sent []Message) (*IMAPServer, error) {
	secret := make([]byte, 12)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	s := &IMAPServer{User: "claims@" + OfficeDomain, Password: hex.EncodeToString(secret)}
	user, err := sampleUser(s.User, s.Password, inbox, sent)
	if err != nil {
		return nil, err
	}
	mem := imapmemserver.New()
	mem.AddUser(user)

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s.Addr = ln.Addr().String()
	s.srv = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		// IMAP4rev2 brings MOVE, UIDPLUS and the other extensions claimdesk
		// uses when a server offers them; IDLE comes with IMAP4rev1.
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true, // loopback only, and the demo has no certificate
		Logger:       slogPrinter{slog.Default().With("component", "demo_imap")},
	})
	s.serveErr = make(chan error, 1)
	go func() { s.serveErr <- s.srv.Serve(ln) }()
	s.stopCtx = context.AfterFunc(ctx, func() { s.Close() })
	return s, nil
}

// sampleUser is the mailbox user name logs in to with password: the
// usual folders, subscribed, with inbox in INBOX and sent in Sent.
func sampleUser(name, password string, inbox, sent []Message) (*imapmemserver.User, error) {
	user := imapmemserver.NewUser(name, password)
	for _, mb := range []struct {
		name string
		attr imap.MailboxAttr
	}{
		{"INBOX", ""},
		{"Sent", imap.MailboxAttrSent},
		{"Drafts", imap.MailboxAttrDrafts},
		{"Trash", imap.MailboxAttrTrash},
		{"Archive", imap.MailboxAttrArchive},
	} {
		var opts *imap.CreateOptions
		if mb.attr != "" {
			opts = &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{mb.attr}}
		}
		if err := user.Create(mb.name, opts); err != nil {
			return nil, fmt.Errorf("create %s: %w", mb.name, err)
		}
		if err := user.Subscribe(mb.name); err != nil {
			return nil, fmt.Errorf("subscribe %s: %w", mb.name, err)
		}
	}
	if err := appendMessages(user, "INBOX", inbox, nil); err != nil {
		return nil, err
	}
	// Sent mail was written by the office, so it has been read.
	if err := appendMessages(user, "Sent", sent, []imap.Flag{imap.FlagSeen}); err != nil {
		return nil, err
	}
	return user, nil
}

// appendMessages adds msgs to user's folder, each with its internal date
// and flags.
func appendMessages(user *imapmemserver.User, folder string, msgs []Message, flags []imap.Flag) error {
	for _, m := range msgs {
		opts := &imap.AppendOptions{Time: m.InternalDate, Flags: flags}
		if _, err := user.Append(folder, bytes.NewReader(m.Raw), opts); err != nil {
			return fmt.Errorf("append %s to %s: %w", m.Name, folder, err)
		}
	}
	return nil
}

// URL returns the server's INBOX in CLAIMDESK_IMAP_URL form.
func (s *IMAPServer) URL() string {
	u := url.URL{
		Scheme:   "imap",
		User:     url.UserPassword(s.User, s.Password),
		Host:     s.Addr,
		Path:     "/INBOX",
		RawQuery: "tls=none&sent=Sent",
	}
	return u.String()
}

// Close stops the server and drops its connections; the mail is lost.
func (s *IMAPServer) Close() error {
	s.closeOnce.Do(func() {
		s.stopCtx()
		s.closeErr = s.srv.Close()
		if err := <-s.serveErr; err != nil && !errors.Is(err, net.ErrClosed) {
			s.closeErr = errors.Join(s.closeErr, err)
		}
	})
	return s.closeErr
}

// slogPrinter routes the IMAP server's log lines to slog.
type slogPrinter struct{ l *slog.Logger }

func (p slogPrinter) Printf(format string, args ...any) {
	p.l.Warn(fmt.Sprintf(format, args...))
}
