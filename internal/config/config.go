// Package config reads claimdesk's settings from the environment and from
// command-line flags (a flag wins over its variable) and validates them before
// anything starts, so a mistake is one clear line instead of a failure later.
package config

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/internal/secrets"
	"github.com/claimdesk/claimdesk/sla"
)

// DefaultMaxMessageMB is CLAIMDESK_MAX_MESSAGE_MB's default: a message as
// received, so a 100 MB attachment (about 137 MB once base64-encoded) is
// stored whole.
const DefaultMaxMessageMB = "150"

// Config is everything claimdesk needs to start.
type Config struct {
	DatabaseURL  string // empty: run a private cluster under DataDir
	DataDir      string
	BlobURL      string
	IMAP         []MailboxAccount // empty: the mailboxes kept in the database only
	OfficeDomain string
	// OfficePhone is the office's phone number, which replies give for
	// anything urgent; empty: they give none.
	OfficePhone string
	Location    *time.Location
	// TimeZoneSet reports whether CLAIMDESK_TIMEZONE names a zone; when it
	// does not, Location is the system's.
	TimeZoneSet bool
	HTTPAddr    string
	LogLevel    string
	// PollInterval is how often mailboxes without IDLE are checked.
	PollInterval time.Duration
	// SentPoll is how often a mailbox's IDLE is ended to look whether its
	// Sent folder changed.
	SentPoll time.Duration
	// IMAPMaxConns is the most IMAP connections the process opens to one
	// server (host:port) at once.
	IMAPMaxConns int
	// MaxMessageBytes is the largest message stored whole, counted as
	// received (base64 makes attachments a third larger); larger ones are
	// rejected with their first MaxMessageBytes kept.
	MaxMessageBytes int64
	// Workers is how many messages are processed at once.
	Workers int
	// JobPattern forms the job numbers of claims created from assignments.
	JobPattern string
	// Calendar is the office's business calendar, in Location.
	Calendar *sla.Calendar
	// AckMinutes is the acknowledgment target in business minutes.
	AckMinutes int
	// DigestHour is the hour (0-23, office time) of the morning digest
	// email on business days.
	DigestHour int
	// Milestones are the deadlines of a claim's paperwork milestones.
	Milestones sla.Rules
	// RequiredFields are the claim fields and participant roles a complete
	// claim record has.
	RequiredFields []string
	// StampWorkers is how many PDFs are stamped at once.
	StampWorkers int
	// OCRWorkers is how many scans and photos are read by OCR at once.
	OCRWorkers int
	// StampMaxBytes is the largest PDF stamped; larger ones are filed
	// unstamped with a stamp error.
	StampMaxBytes int64
	// SecretKey seals the credentials kept in the database; nil: read it
	// from SecretKeyFile, or else from <data dir>/secret.key.
	SecretKey []byte
	// SecretKeyFile holds the secret key in base64.
	SecretKeyFile string
	// SMTP is where the dashboard's replies are sent; nil: replying from
	// the dashboard is off.
	SMTP *SMTPSettings
	// PublicURL is the origin people open the dashboard at (scheme and
	// host only); nil: not set.
	PublicURL *url.URL
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client.
	TrustedProxies []netip.Prefix
	// TLSCertFile and TLSKeyFile make the dashboard serve HTTPS itself;
	// both empty: plain HTTP.
	TLSCertFile, TLSKeyFile string
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// RemindersAuto turns automatic reminders to the field on (they need
	// SMTP); off, reminders go out only when someone clicks.
	RemindersAuto bool
	// ChaseDay is the business day of a claim from which its technicians
	// are chased when nothing has come in from the job.
	ChaseDay int

	imapRaw    string
	timezone   string
	pollRaw    string
	sentPoll   string
	imapConns  string
	maxMsgRaw  string
	workersRaw string
	hoursRaw   string
	holidays   string
	icalPath   string
	icalData   []byte // the content of the file at icalPath
	ackRaw     string
	digestRaw  string
	milestones string
	required   string
	stampW     string
	ocrW       string
	stampMax   string
	secretKey  string
	smtpRaw    string
	publicURL  string
	proxiesRaw string
	remindRaw  string
	chaseRaw   string
	// hiddenEnv holds the variables of hiddenDefaults, used for the
	// settings whose flag is not given.
	hiddenEnv map[*string]string
}

// MailboxAccount is one mailbox to watch, from one CLAIMDESK_IMAP_URL entry.
type MailboxAccount struct {
	User, Password string
	Host           string // host:port
	Inbox          string // the inbox folder, default INBOX
	Sent           string // the office's sent mail, default Sent
	TLS            string // none, starttls or tls
	MoveTo         string // folder processed inbox mail is moved to; empty: marked with a keyword instead
}

// Name identifies the account in logs and the database: user@host, without
// the password.
func (a MailboxAccount) Name() string { return a.User + "@" + a.Host }

// setting is one configurable value: its variable, its flag and its default.
type setting struct {
	env, flag, usage string
	def              func() string
	dst              *string
}

func (c *Config) settings() []setting {
	return []setting{
		{"CLAIMDESK_DATABASE_URL", "database-url", "Postgres connection URL; unset runs a private cluster under the data dir", func() string { return "" }, &c.DatabaseURL},
		{"CLAIMDESK_DATA_DIR", "data-dir", "directory for the private database and the default blob store", defaultDataDir, &c.DataDir},
		{"CLAIMDESK_BLOB_URL", "blob-url", "blob store: file:///path or s3://bucket?endpoint=host:port&secure=false (default file://<data dir>/blobs)", func() string { return "" }, &c.BlobURL},
		{"CLAIMDESK_IMAP_URL", "imap-url", "mailboxes to watch, comma-separated imap://user:pass@host:port/INBOX?tls=none|starttls|tls&sent=Sent, besides those added with claimdesk mailbox add", func() string { return "" }, &c.imapRaw},
		{"CLAIMDESK_OFFICE_DOMAIN", "office-domain", "the office's mail domain: mail from it is the office's own", func() string { return "" }, &c.OfficeDomain},
		{"CLAIMDESK_OFFICE_PHONE", "office-phone", "the office's phone number, which replies give for anything urgent, e.g. (612) 555-0100; unset: they give none", func() string { return "" }, &c.OfficePhone},
		{"CLAIMDESK_TIMEZONE", "timezone", "the office's time zone (IANA name) for business hours and dates", func() string { return "Local" }, &c.timezone},
		{"CLAIMDESK_HTTP_ADDR", "http-addr", "address the dashboard and API listen on", func() string { return "127.0.0.1:8080" }, &c.HTTPAddr},
		{"CLAIMDESK_PUBLIC_URL", "public-url", "the address people open the dashboard at, e.g. https://claims.office.example; https makes cookies Secure and sends HSTS (for a TLS-terminating proxy)", func() string { return "" }, &c.publicURL},
		{"CLAIMDESK_TRUSTED_PROXIES", "trusted-proxies", "reverse proxies in front of claimdesk, comma-separated addresses or CIDRs: only from them is the client's address taken from X-Forwarded-For", func() string { return "" }, &c.proxiesRaw},
		{"CLAIMDESK_TLS_CERT", "tls-cert", "certificate file (PEM, full chain) to serve HTTPS with, reloaded when it changes; needs CLAIMDESK_TLS_KEY", func() string { return "" }, &c.TLSCertFile},
		{"CLAIMDESK_TLS_KEY", "tls-key", "private key file (PEM) of CLAIMDESK_TLS_CERT", func() string { return "" }, &c.TLSKeyFile},
		{"CLAIMDESK_METRICS_TOKEN", "metrics-token", "bearer token /metrics requires (Authorization: Bearer TOKEN); unset: /metrics answers anyone", func() string { return "" }, &c.MetricsToken},
		{"CLAIMDESK_LOG_LEVEL", "log-level", "debug, info, warn or error", func() string { return "info" }, &c.LogLevel},
		{"CLAIMDESK_POLL_INTERVAL", "poll-interval", "how often to check mailboxes whose server lacks IDLE", func() string { return "30s" }, &c.pollRaw},
		{"CLAIMDESK_SENT_POLL_INTERVAL", "sent-poll-interval", "how often a mailbox's IDLE is ended to look whether its Sent folder changed (replies sent from elsewhere); 1s to 40s", func() string { return "5s" }, &c.sentPoll},
		{"CLAIMDESK_IMAP_MAX_CONNECTIONS", "imap-max-connections", "most IMAP connections this process opens to one mail server (host:port) at once, one per watched mailbox; mailboxes beyond it wait for a free one", func() string { return "1000" }, &c.imapConns},
		{"CLAIMDESK_MAX_MESSAGE_MB", "max-message-mb", "largest message stored whole, in MB as received (attachments grow a third in transfer: 150 holds a 100 MB attachment); larger ones are rejected, their start kept", func() string { return DefaultMaxMessageMB }, &c.maxMsgRaw},
		{"CLAIMDESK_WORKERS", "workers", "messages processed at once", func() string { return "8" }, &c.workersRaw},
		{"CLAIMDESK_BUSINESS_HOURS", "business-hours", "office hours, e.g. 'mon-fri 08:00-18:00; sat 09:00-12:00', or '24/7'", func() string { return "mon-fri 08:00-18:00" }, &c.hoursRaw},
		{"CLAIMDESK_HOLIDAYS", "holidays", "days the office is closed: 2026-12-25 or Dec 25 2026, 12-25 or Dec 25 (every year), 2026-12-24..2026-12-31", func() string { return "" }, &c.holidays},
		{"CLAIMDESK_HOLIDAYS_ICAL", "holidays-ical", "an iCalendar (.ics) file of days the office is closed", func() string { return "" }, &c.icalPath},
		{"CLAIMDESK_ACK_MINUTES", "ack-minutes", "business minutes within which every message from a person is acknowledged", func() string { return "30" }, &c.ackRaw},
		{"CLAIMDESK_DIGEST_HOUR", "digest-hour", "hour (0-23, office time zone) the morning digest email goes to the people who chose it, on business days; needs CLAIMDESK_SMTP_URL", func() string { return "7" }, &c.digestRaw},
		{"CLAIMDESK_MILESTONES", "milestones", "paperwork deadlines, e.g. 'first_docs=24h/4h; chase=2-3; paperwork=3-4; billing=4-10; lab_report=3-5' (warn-due business days)", func() string { return "" }, &c.milestones},
		{"CLAIMDESK_REQUIRED_FIELDS", "required-fields", "what a complete claim record has: claim fields by API name and participant roles, comma-separated (cat and class count once the scope is in)", func() string { return sla.DefaultRequiredFields }, &c.required},
		{"CLAIMDESK_STAMP_WORKERS", "stamp-workers", "PDFs and photographed signed forms stamped at once (a PDF's stamp holds about three copies of it in memory; photos' stamps share 256 MiB however many run)", func() string { return "2" }, &c.stampW},
		{"CLAIMDESK_OCR_WORKERS", "ocr-workers", "scans and photos read by OCR at once (each takes a core while it reads)", func() string { return "1" }, &c.ocrW},
		{"CLAIMDESK_STAMP_MAX_MB", "stamp-max-mb", "largest PDF or photographed signed form stamped, in MB; larger ones are filed unstamped with a stamp error", func() string { return "50" }, &c.stampMax},
		{"CLAIMDESK_SECRET_KEY", "secret-key", "key sealing the mailbox credentials kept in the database: 32 bytes in base64 (claimdesk secrets keygen); prefer the variable or a key file to the flag", func() string { return "" }, &c.secretKey},
		{"CLAIMDESK_SECRET_KEY_FILE", "secret-key-file", "file holding the secret key (default <data dir>/secret.key, made on first use)", func() string { return "" }, &c.SecretKeyFile},
		{"CLAIMDESK_SMTP_URL", "smtp-url", "submission server for replies sent from the dashboard: smtp://user:pass@host:587?tls=starttls&from=claims@office.example&save_sent=false (auth=xoauth2 uses the mailbox's OAuth2 login); unset: no sending", func() string { return "" }, &c.smtpRaw},
		{"CLAIMDESK_REMINDERS", "reminders", "reminders to the field (chase uploads, COS at pickup, drying logs): manual (one click on the dashboard) or auto (also sent when due, in business hours; needs CLAIMDESK_SMTP_URL)", func() string { return "manual" }, &c.remindRaw},
		{"CLAIMDESK_CHASE_DAY", "chase-day", "business day of a claim (day 1 the one it opened) from which technicians are chased when nothing has come in from the job", func() string { return "2" }, &c.chaseRaw},
		{"CLAIMDESK_JOB_PATTERN", "job-pattern", "job numbers of new claims: YY or YYYY year, NNNN sequence, CODE loss code (WTR, FIR, MLD...)", func() string { return "YY-NNNN-CODE" }, &c.JobPattern},
	}
}

// Register adds one flag per setting to fs, each defaulting to its
// environment variable (read through getenv) or else its built-in default.
// Call Validate after fs.Parse.
func Register(fs *flag.FlagSet, getenv func(string) string) *Config {
	c := &Config{}
	for _, s := range c.settings() {
		def := getenv(s.env)
		if def == "" {
			def = s.def()
		}
		if hiddenDefaults[s.env] && def != "" {
			// Help output prints flag defaults: the value stays out of
			// it and is taken from the variable after parsing.
			if c.hiddenEnv == nil {
				c.hiddenEnv = map[*string]string{}
			}
			c.hiddenEnv[s.dst], def = def, ""
		}
		fs.StringVar(s.dst, s.flag, def, s.usage+" ($"+s.env+")")
	}
	return c
}

// hiddenDefaults are the settings whose variable's value must not show as
// a flag default in help output: they carry passwords or keys.
var hiddenDefaults = map[string]bool{
	"CLAIMDESK_DATABASE_URL":  true,
	"CLAIMDESK_IMAP_URL":      true,
	"CLAIMDESK_METRICS_TOKEN": true,
	"CLAIMDESK_SECRET_KEY":    true,
	"CLAIMDESK_SMTP_URL":      true,
}

// Validate checks every setting and derives the parsed forms. Each error
// names the variable to fix.
func (c *Config) Validate() error {
	var errs []error
	for dst, v := range c.hiddenEnv {
		if *dst == "" {
			*dst = v
		}
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("CLAIMDESK_DATA_DIR: empty"))
	} else if abs, err := filepath.Abs(c.DataDir); err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_DATA_DIR: %w", err))
	} else {
		c.DataDir = abs
	}
	if c.DatabaseURL != "" && !isKeywordDSN(c.DatabaseURL) {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("CLAIMDESK_DATABASE_URL: want postgres://user:pass@host:port/db"))
		}
	}
	if c.BlobURL == "" {
		c.BlobURL = "file://" + filepath.Join(c.DataDir, "blobs")
	}
	accounts, err := ParseIMAPURLs(c.imapRaw)
	if err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_IMAP_URL: %w", err))
	}
	c.IMAP = accounts
	if c.SMTP, err = ParseSMTPURL(c.smtpRaw); err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_SMTP_URL: %w", err))
	}
	c.OfficeDomain = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(c.OfficeDomain), "@"))
	if c.OfficeDomain != "" && (strings.ContainsAny(c.OfficeDomain, " /@") || !strings.Contains(c.OfficeDomain, ".")) {
		errs = append(errs, fmt.Errorf("CLAIMDESK_OFFICE_DOMAIN: %q is not a mail domain", c.OfficeDomain))
	}
	if err := c.validatePhone(); err != nil {
		errs = append(errs, err)
	}
	loc, err := time.LoadLocation(c.timezone)
	if err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_TIMEZONE: unknown time zone %q", c.timezone))
	}
	c.Location = loc
	c.TimeZoneSet = c.timezone != "Local"
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_HTTP_ADDR: want host:port, got %q", c.HTTPAddr))
	}
	errs = append(errs, c.validateExposure()...)
	errs = append(errs, c.validateWork()...)
	// A zone not found still leaves the hours and holidays to check.
	errs = append(errs, c.validateCalendar(cmp.Or(loc, time.UTC))...)
	errs = append(errs, c.validateRules()...)
	return errors.Join(errs...)
}

// validateWork checks how the work is done: polling, workers, size limits,
// the digest hour and reminders.
func (c *Config) validateWork() []error {
	var errs []error
	if d, err := time.ParseDuration(c.pollRaw); err != nil || d < time.Second {
		errs = append(errs, fmt.Errorf("CLAIMDESK_POLL_INTERVAL: want a duration of at least 1s, like 30s, got %q", c.pollRaw))
	} else {
		c.PollInterval = d
	}
	// Longer would not count: a quiet IDLE is ended every 40 s anyway, to
	// prove the connection lives, and Sent looked at then.
	if d, err := time.ParseDuration(c.sentPoll); err != nil || d < time.Second || d > 40*time.Second {
		errs = append(errs, fmt.Errorf("CLAIMDESK_SENT_POLL_INTERVAL: want a duration from 1s to 40s, like 5s, got %q", c.sentPoll))
	} else {
		c.SentPoll = d
	}
	for _, s := range []intSetting{
		{"CLAIMDESK_MAX_MESSAGE_MB", c.maxMsgRaw, "MB", 1, 10240, func(mb int) { c.MaxMessageBytes = int64(mb) << 20 }},
		{"CLAIMDESK_WORKERS", c.workersRaw, "", 1, 256, func(n int) { c.Workers = n }},
		{"CLAIMDESK_IMAP_MAX_CONNECTIONS", c.imapConns, "", 1, 100000, func(n int) { c.IMAPMaxConns = n }},
		{"CLAIMDESK_ACK_MINUTES", c.ackRaw, "minutes", 1, 7 * 24 * 60, func(n int) { c.AckMinutes = n }},
		{"CLAIMDESK_DIGEST_HOUR", c.digestRaw, "", 0, 23, func(n int) { c.DigestHour = n }},
		{"CLAIMDESK_STAMP_WORKERS", c.stampW, "", 1, 64, func(n int) { c.StampWorkers = n }},
		{"CLAIMDESK_OCR_WORKERS", c.ocrW, "", 1, 64, func(n int) { c.OCRWorkers = n }},
		{"CLAIMDESK_STAMP_MAX_MB", c.stampMax, "MB", 1, 2048, func(mb int) { c.StampMaxBytes = int64(mb) << 20 }},
		{"CLAIMDESK_CHASE_DAY", c.chaseRaw, "", 1, 30, func(n int) { c.ChaseDay = n }},
	} {
		if err := s.parse(); err != nil {
			errs = append(errs, err)
		}
	}
	switch c.remindRaw {
	case "manual":
	case "auto":
		c.RemindersAuto = true
	default:
		errs = append(errs, fmt.Errorf("CLAIMDESK_REMINDERS: want manual or auto, got %q", c.remindRaw))
	}
	return errs
}

// validateRules checks the office's rules: milestones, required fields,
// the secret key, job numbers and the log level.
func (c *Config) validateRules() []error {
	var errs []error
	if rules, err := sla.ParseRules(c.milestones); err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_MILESTONES: %w", err))
	} else {
		c.Milestones = rules
	}
	if f, err := sla.ParseRequiredFields(c.required); err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_REQUIRED_FIELDS: %w", err))
	} else {
		c.RequiredFields = f
	}
	if c.secretKey != "" {
		k, err := secrets.ParseKey(c.secretKey)
		if err != nil {
			errs = append(errs, fmt.Errorf("CLAIMDESK_SECRET_KEY: %w", err))
		}
		c.SecretKey = k
		if c.SecretKeyFile != "" {
			errs = append(errs, errors.New("CLAIMDESK_SECRET_KEY and CLAIMDESK_SECRET_KEY_FILE are both set: keep one"))
		}
	}
	if !strings.Contains(c.JobPattern, "N") {
		errs = append(errs, fmt.Errorf("CLAIMDESK_JOB_PATTERN: %q has no sequence number (NNNN)", c.JobPattern))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("CLAIMDESK_LOG_LEVEL: want debug, info, warn or error, got %q", c.LogLevel))
	}
	return errs
}

// intSetting is a setting holding a whole number from lo to hi; set takes
// the number once it is valid.
type intSetting struct {
	name, raw string
	unit      string // what the number counts, for the error: "MB"; "" for a plain count
	lo, hi    int
	set       func(int)
}

func (s intSetting) parse() error {
	n, err := strconv.Atoi(s.raw)
	if err != nil || n < s.lo || n > s.hi {
		what := "a number"
		if s.unit != "" {
			what += " of " + s.unit
		}
		return fmt.Errorf("%s: want %s from %d to %d, got %q", s.name, what, s.lo, s.hi, s.raw)
	}
	s.set(n)
	return nil
}

// validateCalendar builds the office's business calendar in loc from the
// hours, holidays and holiday file, each mistake under its own variable.
func (c *Config) validateCalendar(loc *time.Location) []error {
	var errs []error
	hours, err := sla.ParseHours(c.hoursRaw)
	errs = append(errs, named("CLAIMDESK_BUSINESS_HOURS", err)...)
	dates, err := sla.ParseHolidays(c.holidays)
	errs = append(errs, named("CLAIMDESK_HOLIDAYS", err)...)
	var fromICal sla.Holidays
	if c.icalPath != "" {
		if c.icalData, err = os.ReadFile(c.icalPath); err != nil {
			errs = append(errs, fmt.Errorf("CLAIMDESK_HOLIDAYS_ICAL: %w", err))
		} else if fromICal, err = sla.ParseICal(c.icalData, loc); err != nil {
			errs = append(errs, named("CLAIMDESK_HOLIDAYS_ICAL", err)...)
		}
	}
	if len(errs) == 0 {
		c.Calendar = sla.NewCalendar(loc, hours, dates, fromICal)
	}
	return errs
}

// named puts each of err's mistakes (several when it joins them) under
// the variable name: one line each.
func named(name string, err error) []error {
	if err == nil {
		return nil
	}
	var out []error
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			out = append(out, named(name, e)...)
		}
		return out
	}
	return []error{fmt.Errorf("%s: %w", name, err)}
}

// isKeywordDSN reports whether dsn is in Postgres' keyword/value form
// ("host=/run/postgresql dbname=claimdesk"), which is also accepted.
func isKeywordDSN(dsn string) bool {
	return !strings.Contains(dsn, "://") && strings.Contains(dsn, "=")
}

// ParseIMAPURLs parses a comma-separated list of imap:// URLs.
func ParseIMAPURLs(raw string) ([]MailboxAccount, error) {
	var out []MailboxAccount
	for i, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		a, err := parseIMAPURL(part)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

func parseIMAPURL(raw string) (MailboxAccount, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url's error repeats the URL, password included.
		return MailboxAccount{}, errors.New("not a URL (special characters in the user or password must be percent-encoded)")
	}
	if u.Scheme != "imap" && u.Scheme != "imaps" {
		return MailboxAccount{}, fmt.Errorf("scheme %q, want imap://", u.Scheme)
	}
	if u.User == nil || u.User.Username() == "" {
		return MailboxAccount{}, errors.New("missing user (imap://user:pass@host:port/INBOX)")
	}
	pass, _ := u.User.Password()
	q := u.Query()
	a := MailboxAccount{
		User:     u.User.Username(),
		Password: pass,
		Inbox:    strings.TrimPrefix(u.Path, "/"),
		Sent:     q.Get("sent"),
		TLS:      q.Get("tls"),
		MoveTo:   q.Get("move"),
	}
	for k := range q {
		if k != "sent" && k != "tls" && k != "move" {
			return MailboxAccount{}, fmt.Errorf("unknown parameter %q (want tls, sent or move)", k)
		}
	}
	if a.Inbox == "" {
		a.Inbox = "INBOX"
	}
	if a.Sent == "" {
		a.Sent = "Sent"
	}
	if a.TLS == "" {
		a.TLS = "tls"
		if u.Scheme == "imap" && u.Port() == "143" {
			a.TLS = "starttls"
		}
	}
	switch a.TLS {
	case "none", "starttls", "tls":
	default:
		return MailboxAccount{}, fmt.Errorf("tls=%q, want none, starttls or tls", a.TLS)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return MailboxAccount{}, errors.New("missing host")
	}
	if port == "" {
		port = "993"
		if a.TLS != "tls" {
			port = "143"
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return MailboxAccount{}, fmt.Errorf("bad port %q", port)
	}
	a.Host = net.JoinHostPort(host, port)
	return a, nil
}

// SecretSource says where the secret key comes from.
func (c *Config) SecretSource() secrets.Source {
	return secrets.Source{Key: c.SecretKey, File: c.SecretKeyFile, DefaultFile: filepath.Join(c.DataDir, "secret.key")}
}

// defaultDataDir follows the file-system conventions: a system directory for
// a service run as root, the user's data directory otherwise.
func defaultDataDir() string {
	if os.Geteuid() == 0 {
		return "/var/lib/claimdesk"
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "claimdesk")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "claimdesk")
	}
	return "claimdesk-data"
}

// Variables lists the environment variables with their flags, meaning and
// value when unset (empty for none), for help output and documentation.
func Variables() [][4]string {
	var out [][4]string
	for _, s := range (&Config{}).settings() {
		out = append(out, [4]string{s.env, "--" + s.flag, s.usage, s.def()})
	}
	return out
}
