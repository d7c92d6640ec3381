// Package web serves claimdesk over HTTP: the coordinators' dashboard, the
// REST API and the health endpoints. It reads through storage and acts
// through the same functions the pipeline uses.
package web

import (
	"cmp"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
	"github.com/claimdesk/claimdesk/thumbnail"
)

// Options are the server's dependencies and policies. DB is required; every
// other field has a default.
type Options struct {
	DB        *storage.DB
	BlobStore blob.Store
	// Filer files and moves documents: assigning a message from triage is
	// the pipeline's move, not a copy of it.
	Filer *ingest.Filer
	// Queue queues the pipeline's jobs the pages ask for (retries); the
	// workers of any claimdesk process sharing the database run them. nil:
	// retrying is not set up.
	Queue *ingest.Queue
	// Outbox sends the replies written here; nil: replying is not set up
	// (no CLAIMDESK_SMTP_URL) and the pages offer no sending.
	Outbox *outbox.Outbox
	// Calendar is the office's business calendar, for acknowledgment
	// minutes and deadlines.
	Calendar *sla.Calendar
	// AckMinutes is the acknowledgment target in business minutes.
	AckMinutes int
	// OfficeDomain makes each claim's forward address, claims+JOB@domain.
	OfficeDomain string
	// JobPattern forms the job numbers of claims created here.
	JobPattern string
	// Offices, when set, gives each office's calendar and milestones;
	// without it every office counts by Calendar and Milestones.
	Offices *officerules.Registry
	// Milestones are the paperwork deadlines; the zero value is the
	// default ones.
	Milestones sla.Rules
	// RequiredFields are the claim fields and participant roles a complete
	// claim record has (sla.ParseRequiredFields); nil: the default ones.
	RequiredFields []string
	Logger         *slog.Logger
	// Location is the office's time zone, in which pages show times.
	Location *time.Location
	// Registry is where /metrics reads from and request metrics go; nil
	// makes one with the Go runtime and process collectors.
	Registry *prometheus.Registry
	// Now is the clock sessions and sign-in limits run on.
	Now func() time.Time
	// SessionIdle ends a session unused this long (default 12 hours).
	SessionIdle time.Duration
	// SessionMax ends a session this long after sign-in however busy it is
	// (default 7 days).
	SessionMax time.Duration
	// LoginFailures failed sign-ins within LoginWindow, from one address or
	// for one account from browsers it does not know, block further
	// attempts until the oldest falls out of the window (defaults 10 and 15
	// minutes; see ratelimit.go).
	LoginFailures int
	LoginWindow   time.Duration
	// PasswordChecks is how many sign-in password checks (bcrypt) run at
	// once (default half the cores).
	PasswordChecks int
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// PublicURL is the origin people open the dashboard at. https makes
	// cookies Secure and sends HSTS even when a proxy terminates TLS; the
	// origin is trusted by the cross-origin check, since a proxy may
	// rewrite Host.
	PublicURL *url.URL
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (for sign-in limits and logs); from any other peer the
	// header is ignored.
	TrustedProxies []netip.Prefix
	// TLS makes Serve speak HTTPS with these certificates; nil: plain HTTP.
	TLS *CertFiles
	// WarnNoMailbox says the settings name no mailbox to watch (serve sets
	// it then): while the database holds none either, every page says no
	// mail arrives yet, and tells administrators how to add a mailbox.
	WarnNoMailbox bool
}

// Server is claimdesk's HTTP interface.
type Server struct {
	opts   Options
	db     *storage.DB
	log    *slog.Logger
	now    func() time.Time
	mux    *http.ServeMux
	routes []route
	pages  *pages
	// names are the users' names pages show for their sign-in emails.
	names   *displayNames
	metrics *metrics
	limiter *loginLimiter
	// passwords runs sign-in password checks, a few at a time.
	passwords *passwordChecker
	origins   *http.CrossOriginProtection
	proxies   trustedProxies
	// httpsOnly: every browser reaches us over HTTPS (our own TLS or a
	// proxy's), so cookies are Secure and HSTS is sent.
	httpsOnly bool
	// events feeds the dashboards' live updates; thumbs makes document
	// thumbnails.
	events *eventHub
	thumbs *thumbnail.Cache
	// writer writes the text of a reply or reminder from the office's
	// templates for the coordinator's mail program, when the pages cannot
	// send it (no Outbox).
	writer *outbox.Writer
}

// New builds a server and its routes.
func New(opts Options) *Server {
	opts.Logger = cmp.Or(opts.Logger, slog.Default())
	opts.Location = cmp.Or(opts.Location, time.Local)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.SessionIdle = cmp.Or(opts.SessionIdle, 12*time.Hour)
	opts.SessionMax = cmp.Or(opts.SessionMax, 7*24*time.Hour)
	opts.LoginFailures = cmp.Or(opts.LoginFailures, 10)
	opts.LoginWindow = cmp.Or(opts.LoginWindow, 15*time.Minute)
	s := &Server{
		opts:      opts,
		db:        opts.DB,
		log:       opts.Logger,
		now:       opts.Now,
		mux:       http.NewServeMux(),
		names:     &displayNames{db: opts.DB},
		metrics:   newMetrics(opts.Registry),
		limiter:   newLoginLimiter(opts.LoginFailures, opts.LoginWindow),
		passwords: newPasswordChecker(cmp.Or(opts.PasswordChecks, defaultPasswordChecks())),
		origins:   http.NewCrossOriginProtection(),
		proxies:   trustedProxies(opts.TrustedProxies),
		events:    newEventHub(opts.DB, opts.Logger),
		thumbs:    thumbnail.NewCache(),
		writer:    outbox.NewWriter(opts.DB, opts.OfficeDomain),
	}
	if u := opts.PublicURL; u != nil {
		s.httpsOnly = u.Scheme == "https"
		if err := s.origins.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			s.log.Error("public URL not trusted as an origin", "public_url", u.String(), "err", err)
		}
	}
	s.origins.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errCrossOrigin)
	}))
	s.pages = loadPages(opts.Location, s.names.of)
	s.declareRoutes()
	return s
}

// Handler returns the root handler with the middleware every request passes.
func (s *Server) Handler() http.Handler {
	return s.securityHeaders(s.origins.Handler(s.mux))
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully,
// letting requests in flight finish for up to 10 seconds. With Options.TLS
// it speaks HTTPS.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	// Event streams never end on their own: they must close for shutdown
	// to finish.
	srv.RegisterOnShutdown(s.events.close)
	if s.opts.TLS != nil {
		srv.TLSConfig = s.opts.TLS.TLSConfig()
	}
	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutCtx)
}
