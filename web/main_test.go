package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"golang.org/x/crypto/bcrypt"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// testClock is a clock the test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// bundle is one test's server on its own database.
type bundle struct {
	db *storage.DB
	// sql is the tests' own way into the database, for fixtures and checks
	// no storage function makes.
	sql   *pgxpool.Pool
	srv   *Server
	ts    *httptest.Server
	clock *testClock
}

// setup starts a server on a fresh database. The clock starts at the real
// time and moves only when the test says.
func setup(t *testing.T) *bundle {
	t.Helper()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	// A client that only inserts: retried messages wait in the queue.
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: time.Now().UTC().Truncate(time.Microsecond)}
	srv := New(Options{
		DB:     db,
		Queue:  ingest.NewQueue(rc),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:    clock.Now,
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &bundle{db: db, sql: testenv.SQL(t, dsn), srv: srv, ts: ts, clock: clock}
}

// office is a server set up as the product runs it: a blob store, the
// filer, the office's calendar and the two folders of its mailbox.
type office struct {
	*bundle
	store blob.Store
	filer *ingest.Filer
	cal   *sla.Calendar
	loc   *time.Location
	inbox int64 // mailbox ids
	sent  int64
}

// setupOffice starts an office's server on a fresh database, in loc on
// hours, with the mailbox claims@domain, its clock at now.
func setupOffice(t *testing.T, loc *time.Location, hours sla.Hours, domain string, now time.Time) *office {
	t.Helper()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	store, err := blob.NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	// A client that only inserts: stamp and publish jobs wait in their
	// tables, and the filer publishes inline after each commit. The tests
	// check what is queued, not the workers.
	rc, err := storage.NewQueueClient(db, &river.Config{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	queue := ingest.NewQueue(rc)
	filer := ingest.NewFiler(db, store, queue, loc, log)
	cal := sla.NewCalendar(loc, hours)
	clock := &testClock{now: now.UTC()}
	srv := New(Options{
		DB: db, BlobStore: store, Filer: filer, Queue: queue, Calendar: cal, AckMinutes: 30, OfficeDomain: domain,
		Location: loc, Logger: log, Now: clock.Now,
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	// Streams end first, or closing the test server would wait for them.
	t.Cleanup(srv.events.close)
	o := &office{bundle: &bundle{db: db, sql: testenv.SQL(t, dsn), srv: srv, ts: ts, clock: clock}, store: store, filer: filer, cal: cal, loc: loc}
	inbox, err := db.EnsureMailbox(ctx, "claims@"+domain, "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := db.EnsureMailbox(ctx, "claims@"+domain, "Sent", storage.RoleSent)
	if err != nil {
		t.Fatal(err)
	}
	o.inbox, o.sent = inbox.ID, sent.ID
	return o
}

// addUser creates a user. Its hash has bcrypt's lowest cost: the tests
// check many passwords, and the cost is not what they are about.
func (b *bundle) addUser(t *testing.T, email, password string) storage.User {
	t.Helper()
	return b.createUser(t, email, password, false)
}

// addAdmin creates an administrator, as addUser does a user.
func (b *bundle) addAdmin(t *testing.T, email, password string) storage.User {
	t.Helper()
	return b.createUser(t, email, password, true)
}

func (b *bundle) createUser(t *testing.T, email, password string, admin bool) storage.User {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u, err := b.db.CreateUser(context.Background(), storage.User{Email: email, Name: "Test " + email, PasswordHash: string(hash), IsAdmin: admin})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// client returns a browser-like client: it keeps cookies and does not
// follow redirects, so tests see them.
func (b *bundle) client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{
		Jar:           testClockJar{Jar: jar, clock: b.clock},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// formToken fetches path and returns the CSRF token of its first form.
func (b *bundle) formToken(t *testing.T, c *http.Client, path string) string {
	t.Helper()
	resp, body := b.do(t, c, "GET", path, nil, nil)
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("GET %s: %d, no CSRF token in:\n%s", path, resp.StatusCode, body)
	}
	return m[1]
}

// postLogin submits the sign-in form as a browser would.
func (b *bundle) postLogin(t *testing.T, c *http.Client, email, password string) (*http.Response, string) {
	t.Helper()
	token := b.formToken(t, c, "/login")
	return b.do(t, c, "POST", "/login", url.Values{"csrf_token": {token}, "email": {email}, "password": {password}, "next": {"/"}}, nil)
}

// login signs c in and returns the session's CSRF token.
func (b *bundle) login(t *testing.T, c *http.Client, email, password string) string {
	t.Helper()
	resp, body := b.postLogin(t, c, email, password)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d:\n%s", email, resp.StatusCode, body)
	}
	return b.formToken(t, c, "/")
}

// do sends a request (a form when form is not nil) and returns the
// response with its body read.
func (b *bundle) do(t *testing.T, c *http.Client, method, path string, form url.Values, header http.Header) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	return send(t, c, req)
}

// send sends req with c and returns the response with its body read.
func send(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(data)
}

// seed is the mail a test lists: one claim, and messages in two folders.
type seed struct {
	claimID int64
	ids     []int64 // every message, in insertion order
}

// seedMessages stores n messages. Every third shares its received_at with
// the one before, so that pagination must break ties by id; every fourth is
// in triage, every fifth was sent by the office, every sixth belongs to the
// claim. The first one has an attachment.
func (b *bundle) seedMessages(t *testing.T, n int) seed {
	t.Helper()
	ctx := context.Background()
	var s seed
	inbox, err := b.db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := b.db.EnsureMailbox(ctx, "claims@office.example", "Sent", storage.RoleSent)
	if err != nil {
		t.Fatal(err)
	}
	err = b.sql.QueryRow(ctx, `
		INSERT INTO claims (job_number, claim_number, claim_number_norm, carrier, office_id)
		VALUES ('26-1001-WTR', '60-8H77-8H5', '608H778H5', 'State Farm', 1) RETURNING id`).Scan(&s.claimID)
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := base
	for i := range n {
		if i%3 != 2 {
			at = at.Add(time.Minute)
		}
		mailbox, direction, status := inbox.ID, "in", storage.StatusParsed
		if i%5 == 4 {
			mailbox, direction = sent.ID, "out"
		}
		if i%4 == 3 {
			status = storage.StatusTriage
		}
		var claim *int64
		if i%6 == 5 {
			claim = &s.claimID
		}
		var id int64
		err := b.sql.QueryRow(ctx, `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id,
			                      from_address, from_name, subject, status, claim_id, received_at, office_id)
			VALUES ($1, 1, $2, $3, $4, 100, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id`,
			mailbox, i+1, direction, fmt.Sprintf("%064x", i+1), fmt.Sprintf("<m%d@example.com>", i+1),
			fmt.Sprintf("sender%d@carrier.example", i+1), fmt.Sprintf("Sender %d", i+1),
			fmt.Sprintf("Message number %d", i+1), status, claim, at).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		s.ids = append(s.ids, id)
	}
	if n > 0 {
		_, err := b.sql.Exec(ctx, `
			INSERT INTO message_parts (message_id, part_path, content_type, filename, is_attachment, size)
			VALUES ($1, '2', 'application/pdf', 'estimate.pdf', true, 10)`, s.ids[0])
		if err != nil {
			t.Fatal(err)
		}
	}
	return s
}
