package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// setupWith starts a server as setup does, with opts (DB and Now are
// filled in) and its log in a buffer the test reads.
func setupWith(t *testing.T, opts Options) (*bundle, *testenv.Buffer) {
	t.Helper()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	var log testenv.Buffer
	clock := &testClock{now: time.Now().UTC().Truncate(time.Microsecond)}
	opts.DB, opts.Now = db, clock.Now
	opts.Logger = slog.New(slog.NewTextHandler(&log, nil))
	srv := New(opts)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &bundle{db: db, sql: testenv.SQL(t, dsn), srv: srv, ts: ts, clock: clock}, &log
}

// guessAtOnce sends n wrong guesses at once, the i-th from and for
// who(i), and
// returns how many passwords were compared. Each comparison is held until
// every guess has either been answered or reached the comparison, so all
// n are in flight together: a limit checked before the comparison and
// recorded after it lets them all through.
func guessAtOnce(t *testing.T, b *bundle, n int, who func(i int) (addr, email string)) (compared int64, codes map[int]int) {
	t.Helper()
	var (
		inCompare, answered atomic.Int64
		release             = make(chan struct{})
	)
	b.srv.passwords.compare = func(hash, password string) bool {
		inCompare.Add(1)
		<-release
		return CheckPassword(hash, password)
	}
	var wg sync.WaitGroup
	recs := make([]*httptest.ResponseRecorder, n)
	for i := range n {
		wg.Go(func() {
			addr, email := who(i)
			recs[i] = b.loginFrom(t, addr, email, "guess"+strconv.Itoa(i))
			answered.Add(1)
		})
	}
	// Every guess is answered, comparing, or queued for a comparison.
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for inCompare.Load()+answered.Load()+b.srv.passwords.waiting.Load() < int64(n) {
		select {
		case <-tick.C:
		case <-deadline:
			close(release)
			t.Fatalf("after 30s: %d guesses compared, %d answered of %d", inCompare.Load(), answered.Load(), n)
		}
	}
	close(release)
	wg.Wait()
	codes = map[int]int{}
	for _, rec := range recs {
		codes[rec.Code]++
	}
	return inCompare.Load(), codes
}

func TestLoginLimitHoldsUnderConcurrency(t *testing.T) {
	t.Parallel()
	t.Run("one account from everywhere", func(t *testing.T) {
		t.Parallel()
		b, _ := setupWith(t, Options{PasswordChecks: 4})
		b.addUser(t, "dana@office.example", "correct horse battery")
		compared, codes := guessAtOnce(t, b, 80, func(i int) (string, string) {
			return "192.0.2." + strconv.Itoa(i) + ":4000", "dana@office.example"
		})
		if compared > 10 || codes[http.StatusUnauthorized] != int(compared) || codes[http.StatusTooManyRequests] != 80-int(compared) {
			t.Errorf("%d of 80 guesses compared, answers %v; want at most 10, the rest 429", compared, codes)
		}
	})
	t.Run("one address, any account", func(t *testing.T) {
		t.Parallel()
		b, _ := setupWith(t, Options{PasswordChecks: 4})
		b.addUser(t, "dana@office.example", "correct horse battery")
		compared, codes := guessAtOnce(t, b, 80, func(i int) (string, string) {
			return "203.0.113.9:4000", "user" + strconv.Itoa(i) + "@office.example"
		})
		if compared > 10 || codes[http.StatusTooManyRequests] < 70 {
			t.Errorf("%d of 80 guesses compared, answers %v; want at most 10", compared, codes)
		}
	})
}

func TestPasswordChecksRunAFewAtATime(t *testing.T) {
	t.Parallel()
	c := newPasswordChecker(2)
	var running, most atomic.Int64
	release := make(chan struct{})
	c.compare = func(string, string) bool {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-release
		running.Add(-1)
		return false
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() { _, _ = c.check(context.Background(), "h", "p") })
	}
	// Wait until all five have arrived: two comparing, three queued.
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for running.Load()+c.waiting.Load() < 5 || running.Load() < 2 {
		select {
		case <-tick.C:
		case <-deadline:
			close(release)
			t.Fatalf("running %d, waiting %d", running.Load(), c.waiting.Load())
		}
	}
	if got := c.waiting.Load(); got != 3 {
		t.Errorf("%d checks queued, want 3 (at most 2 comparing)", got)
	}
	close(release)
	wg.Wait()
	if most.Load() > 2 {
		t.Errorf("%d comparisons at once, want at most 2", most.Load())
	}

	// A check that cannot get a slot in time gives up.
	c.slots <- struct{}{}
	c.slots <- struct{}{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.check(ctx, "h", "p"); err == nil {
		t.Error("a check with no free slot and its context done went ahead")
	}
}

// loginWith posts the sign-in form straight to the handler, from addr,
// with the browser's cookies.
func (b *bundle) loginWith(t *testing.T, addr, email, password string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	const token = "form-token"
	form := url.Values{"csrf_token": {token}, "email": {email}, "password": {password}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: loginCSRFCookie, Value: token})
	for _, c := range cookies {
		req.AddCookie(c)
	}
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	b.srv.Handler().ServeHTTP(rec, req)
	return rec
}

func TestStrangersCannotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	b, _ := setupWith(t, Options{})
	dana := b.addUser(t, "dana@office.example", "correct horse battery")
	const home = "198.51.100.1:4000"

	rec := b.loginWith(t, home, "dana@office.example", "correct horse battery")
	var device *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == deviceCookie {
			device = c
		}
	}
	if rec.Code != http.StatusSeeOther || device == nil || !device.HttpOnly || device.Path != "/login" {
		t.Fatalf("sign-in: %d, device cookie %+v", rec.Code, device)
	}

	// Strangers spend the account's allowance.
	for i := range 10 {
		if rec := b.loginWith(t, "192.0.2."+strconv.Itoa(i)+":4000", "dana@office.example", "guess"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i+1, rec.Code)
		}
	}
	if rec := b.loginWith(t, home, "dana@office.example", "correct horse battery"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a browser new to the account, right password: %d, want 429", rec.Code)
	}
	forged := *device
	forged.Value = forgedMAC(device.Value)
	if rec := b.loginWith(t, home, "dana@office.example", "correct horse battery", &forged); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a forged device cookie: %d, want 429", rec.Code)
	}
	// The owner's own browser still gets in.
	if rec := b.loginWith(t, home, "dana@office.example", "correct horse battery", device); rec.Code != http.StatusSeeOther {
		t.Fatalf("the owner's browser: %d, want 303", rec.Code)
	}
	// Its cookie is for dana alone.
	b.addUser(t, "sam@office.example", "correct horse battery")
	for i := range 10 {
		b.loginWith(t, "192.0.2."+strconv.Itoa(i)+":5000", "sam@office.example", "guess")
	}
	if rec := b.loginWith(t, home, "sam@office.example", "correct horse battery", device); rec.Code != http.StatusTooManyRequests {
		t.Errorf("dana's browser signing in as sam: %d, want 429", rec.Code)
	}
	// A known browser has a limit of its own.
	for i := range 10 {
		if rec := b.loginWith(t, "203.0.113."+strconv.Itoa(i)+":4000", "dana@office.example", "guess", device); rec.Code != http.StatusUnauthorized {
			t.Fatalf("guess %d with the device cookie: %d", i+1, rec.Code)
		}
	}
	if rec := b.loginWith(t, home, "dana@office.example", "correct horse battery", device); rec.Code != http.StatusTooManyRequests {
		t.Errorf("after 10 guesses with the device cookie: %d, want 429", rec.Code)
	}
	// A new password forgets the browsers the old one signed in from.
	b.clock.Advance(15 * time.Minute)
	if _, err := b.db.SetUserPassword(context.Background(), dana.ID, "$2a$04$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva", 0); err != nil {
		t.Fatal(err)
	}
	u, _ := b.db.GetUserByEmail(context.Background(), "dana@office.example")
	if _, ok := knownDevice(requestWith(device), u, b.clock.Now()); ok {
		t.Error("the device cookie outlived the password")
	}
}

// forgedMAC is a device cookie value with its MAC's first character
// changed: the same user and expiry, signed by someone without the key.
func forgedMAC(v string) string {
	i := strings.LastIndexByte(v, '.') + 1
	c := byte('A')
	if v[i] == c {
		c = 'B'
	}
	return v[:i] + string(c) + v[i+1:]
}

func requestWith(c *http.Cookie) *http.Request {
	r := httptest.NewRequest("POST", "/login", nil)
	r.AddCookie(c)
	return r
}

func TestFailedSignInsLogNoPassword(t *testing.T) {
	t.Parallel()
	b, log := setupWith(t, Options{})
	b.addUser(t, "dana@office.example", "correct horse battery")
	const (
		typedPassword  = "Hunter2-the-real-one"
		passwordAsMail = "MyS3cretPassw0rd!"
	)
	longMail := strings.Repeat("a", 500) + "@office.example"
	for _, tc := range []struct{ addr, email, password string }{
		{"192.0.2.1:1", "dana@office.example", typedPassword},
		{"192.0.2.2:1", passwordAsMail, typedPassword},
		{"192.0.2.3:1", longMail, typedPassword},
		{"192.0.2.4:1", "x@evil.example\nlevel=ERROR msg=forged", typedPassword},
	} {
		if rec := b.loginWith(t, tc.addr, tc.email, tc.password); rec.Code != http.StatusUnauthorized {
			t.Fatalf("%q: %d", tc.email, rec.Code)
		}
	}
	// Blocked attempts log as little.
	for range 11 {
		b.loginWith(t, "192.0.2.9:1", passwordAsMail, typedPassword)
	}
	out := log.String()
	for _, secret := range []string{typedPassword, passwordAsMail, strings.Repeat("a", 65), "\nlevel=ERROR"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"email=dana@office.example", "(not an email address, 17 characters)", strings.Repeat("a", 64) + "…", "sign-in blocked"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
}
