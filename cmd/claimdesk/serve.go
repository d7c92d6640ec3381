package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/internal/demo"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
	"github.com/claimdesk/claimdesk/web"
)

// bindServe adds serve's own flag: --demo, which asks for the sample
// office. Without it nothing of the sample comes near the database.
func bindServe(fs *flag.FlagSet) runFunc {
	sample := fs.Bool("demo", false, "also watch the built-in sample mailbox and load the sample office's claims, to try claimdesk (never on an office's own database)")
	return func(ctx context.Context, e *env, args []string) error {
		return runServe(ctx, e, args, *sample)
	}
}

func runServe(ctx context.Context, e *env, args []string, sample bool) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected argument %q", args[0])
	}
	log := newLogger(e)
	certs, err := loadCerts(e.cfg, log)
	if err != nil {
		return err
	}
	store, db, managed, closeDB, err := openStores(ctx, e.cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	defer relocateInBackground(ctx, db, store, log)()
	defer migrateLayoutInBackground(ctx, store, log)()
	// The sample office has its own zone (below): no warning for it.
	warnTimeZone(log, e.cfg.TimeZoneSet || sample, time.Local, time.Now())
	warnSettingsDrift(ctx, e.cfg, db, log)
	if sample {
		if err := useSampleOffice(ctx, e.cfg, db, log); err != nil {
			return err
		}
	} else if len(e.cfg.IMAP) == 0 && len(managed) == 0 {
		log.Warn("no mailbox yet: no mail arrives until one is added with claimdesk mailbox add (README: Connecting mailboxes); " +
			"claimdesk serve --demo runs on the built-in sample mailbox instead")
	}
	login, password, err := initialAdmin(ctx, db, e.cfg.DataDir, e.cfg.OfficeDomain)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", e.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("CLAIMDESK_HTTP_ADDR: %w", err)
	}
	warnPlainHTTP(log, e.cfg, ln.Addr())
	p, err := startPipeline(ctx, e.cfg, db, store, log, sample, managed...)
	if err != nil {
		ln.Close()
		return err
	}
	defer p.stop(log)
	srv := newDashboard(ctx, e.cfg, db, store, p, certs, log)
	url := e.cfg.DashboardURL(ln.Addr().String())
	log.Info("serving", "url", url)
	fmt.Fprintf(e.stdout, "claimdesk is running.\n  dashboard: %s\n  login:     %s\n", url, login)
	if password != "" {
		fmt.Fprintf(e.stdout, "  password:  %s\n", password)
	}
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// loadCerts loads the certificate the dashboard serves HTTPS with; nil
// when it serves plain HTTP.
func loadCerts(cfg *config.Config, log *slog.Logger) (*web.CertFiles, error) {
	if cfg.TLSCertFile == "" {
		return nil, nil
	}
	c, err := web.LoadCertFiles(cfg.TLSCertFile, cfg.TLSKeyFile, log)
	if err != nil {
		return nil, fmt.Errorf("CLAIMDESK_TLS_CERT/CLAIMDESK_TLS_KEY: %w", err)
	}
	return c, nil
}

// useSampleOffice sets up the demo office the built-in sample mailbox
// writes to, where cfg leaves its settings to it.
func useSampleOffice(ctx context.Context, cfg *config.Config, db *storage.DB, log *slog.Logger) error {
	if cfg.OfficeDomain == "" {
		// The built-in sample mailbox is the demo office's.
		cfg.OfficeDomain = demo.OfficeDomain
	}
	if !cfg.TimeZoneSet {
		// The sample office keeps Chicago hours: its mail and deadlines
		// read as that office's day whatever the server's zone.
		if err := useDemoTimeZone(cfg); err != nil {
			return err
		}
	}
	// The office keeps them, as the commands run beside serve read them
	// (claimdesk mailbox list gives times on its clock).
	if err := configureOffices(ctx, cfg, db, log); err != nil {
		return err
	}
	// The sample mailbox is about the demo office's claims.
	if _, _, errs := importClaims(ctx, db, bytes.NewReader(demo.ClaimsCSV())); len(errs) > 0 {
		return fmt.Errorf("sample claims: %w", errors.Join(errs...))
	}
	return addSampleStaff(ctx, db)
}

// addSampleStaff puts the sample office's own people, those its claims
// name as technician, foreman, estimator or coordinator, on its people
// list, so that picking people by name finds them as it would in an office
// that keeps its list.
func addSampleStaff(ctx context.Context, db *storage.DB) error {
	rows, errs := storage.ReadClaimsCSV(bytes.NewReader(demo.ClaimsCSV()))
	if len(errs) > 0 {
		return fmt.Errorf("sample claims: %w", errors.Join(errs...))
	}
	staff := []string{"technician", "foreman", "estimator", "coordinator"}
	for _, row := range rows {
		for _, p := range row.Participants {
			if !slices.Contains(staff, p.Role) {
				continue
			}
			_, err := db.SavePerson(ctx, storage.Person{OfficeID: storage.DefaultOfficeID, Name: p.Name, Email: p.Email,
				Phone: p.Phone, Role: p.Role, Language: demo.LanguageOf(p.Email)})
			if err != nil {
				return fmt.Errorf("sample people: %w", err)
			}
		}
	}
	return nil
}

// newDashboard builds the web server on the pipeline p, with the metrics
// of both on its /metrics.
func newDashboard(ctx context.Context, cfg *config.Config, db *storage.DB, store blob.Store, p *pipeline, certs *web.CertFiles, log *slog.Logger) *web.Server {
	registry := prometheus.NewRegistry()
	registry.MustRegister(ingest.NewSLACollector(db, time.Now, log), ingest.NewPipelineCollector(db, log), p.steps)
	jobEvents, _ := p.river.Subscribe(ingest.JobEvents...)
	go ingest.NewJobMetrics(registry).Observe(ctx, jobEvents)
	return web.New(web.Options{
		DB: db, BlobStore: store, Filer: p.filer, Queue: ingest.NewQueue(p.river), Outbox: p.outbox,
		Calendar: cfg.Calendar, Offices: p.offices, AckMinutes: cfg.AckMinutes,
		OfficeDomain: cfg.OfficeDomain, JobPattern: cfg.JobPattern, Milestones: cfg.Milestones,
		RequiredFields: cfg.RequiredFields,
		Logger:         log, Location: cfg.Location,
		Registry:  registry,
		PublicURL: cfg.PublicURL, TrustedProxies: cfg.TrustedProxies, TLS: certs,
		MetricsToken: cfg.MetricsToken,
		// Mailboxes added to the database later end the warning.
		WarnNoMailbox: len(cfg.IMAP) == 0 && p.demo == nil,
	})
}

// initialAdmin creates the first administrator when there are no users yet,
// with a random password that is printed this once and kept in the data dir
// (readable by its owner only) until someone deletes the file, the way many
// self-hosted servers hand over their first login. Later starts print only
// the login and where the password is: logs of every start should not hold
// it.
func initialAdmin(ctx context.Context, db *storage.DB, dataDir, domain string) (login, password string, err error) {
	login = "admin"
	if domain != "" {
		login = "admin@" + domain
	}
	path := filepath.Join(dataDir, initialPasswordFile)
	n, err := db.CountUsers(ctx)
	if err != nil {
		return "", "", err
	}
	if n == 0 {
		return createFirstAdmin(ctx, db, dataDir, login)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "your user (claimdesk user add creates more)", "", nil
	}
	if err != nil {
		return "", "", err
	}
	login, _, _ = strings.Cut(strings.TrimSpace(string(b)), " ")
	return fmt.Sprintf("%s (first password in %s: delete the file once you have signed in)", login, path), "", nil
}

// initialPasswordFile, in the data dir, keeps the first administrator's
// password.
const initialPasswordFile = "initial-admin-password"

// createFirstAdmin creates the administrator login with a new password.
// Two processes starting at once on one database may both try: the one
// whose insert loses to the other's is not in error, and leaves the
// password file (of the winner, when they share a data dir) alone.
func createFirstAdmin(ctx context.Context, db *storage.DB, dataDir, login string) (string, string, error) {
	password := web.GeneratePassword()
	hash, err := web.HashPassword(password)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", "", err
	}
	// Written aside first and put in place only once the user exists, so
	// that the file never holds a password nobody has.
	tmp, err := os.CreateTemp(dataDir, initialPasswordFile+".*")
	if err != nil {
		return "", "", fmt.Errorf("save initial admin password: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(login + " " + password + "\n")
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", "", fmt.Errorf("save initial admin password: %w", err)
	}
	_, err = db.CreateUser(ctx, storage.User{Email: login, Name: "Administrator", PasswordHash: hash, IsAdmin: true})
	if errors.Is(err, storage.ErrConflict) {
		return login + " (created by another claimdesk process starting at the same time, which printed its password)", "", nil
	}
	if err != nil {
		return "", "", err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dataDir, initialPasswordFile)); err != nil {
		return "", "", fmt.Errorf("save initial admin password: %w", err)
	}
	return login, password, nil
}

// warnPlainHTTP warns, once at start, when the dashboard speaks plain HTTP
// to other machines with no public URL saying a TLS proxy is in front:
// passwords and session cookies would cross the network readable.
func warnPlainHTTP(log *slog.Logger, cfg *config.Config, addr net.Addr) {
	if cfg.PlainHTTPExposed(addr) {
		log.Warn("dashboard served over plain HTTP on a non-loopback address: passwords and session cookies cross the network unencrypted; "+
			"serve HTTPS (CLAIMDESK_TLS_CERT) or put a TLS proxy in front and set CLAIMDESK_PUBLIC_URL", "addr", addr.String())
	}
}

func newLogger(e *env) *slog.Logger {
	return newLoggerTo(e, e.stderr)
}

// newLoggerTo is newLogger writing to w instead of stderr.
func newLoggerTo(e *env, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(e.cfg.LogLevel))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// useDemoTimeZone moves cfg's office to the sample office's time zone,
// keeping its business hours and holidays.
func useDemoTimeZone(cfg *config.Config) error {
	loc, err := time.LoadLocation(demo.OfficeTimeZone)
	if err != nil {
		return fmt.Errorf("sample office time zone: %w", err)
	}
	cfg.Location, cfg.TimeZoneSet = loc, true
	cfg.Calendar = sla.NewCalendar(loc, cfg.Calendar.Hours(), cfg.Calendar.Holidays())
	return nil
}

// warnTimeZone warns once, at start, when no office time zone is set and
// the system's is UTC: business hours and due times would then be UTC's,
// hours off from any office's day.
func warnTimeZone(log *slog.Logger, set bool, local *time.Location, now time.Time) {
	if set || !isUTC(local, now) {
		return
	}
	log.Warn("no CLAIMDESK_TIMEZONE and the system time zone is UTC: business hours and due times are counted in UTC; set CLAIMDESK_TIMEZONE to the office's zone (e.g. America/Chicago)")
}

// isUTC reports whether loc keeps UTC all year: a zone at offset 0 only in
// winter (Europe/London) is an office's zone.
func isUTC(loc *time.Location, now time.Time) bool {
	for _, m := range []time.Month{time.January, time.July} {
		if _, off := time.Date(now.Year(), m, 1, 12, 0, 0, 0, loc).Zone(); off != 0 {
			return false
		}
	}
	return true
}
