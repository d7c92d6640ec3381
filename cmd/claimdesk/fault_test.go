package main

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// Fault injection: the real claimdesk binary, run as a process against real
// servers (Dovecot, Postgres, an S3 server), while the test kills it, stops
// its blob store or its database, or cuts its IMAP connections. Whatever
// happens, once the fault is over every message of the mailbox is stored,
// processed and filed exactly once. Every wait is on a condition, bounded
// by a deadline; only the outages themselves last a set time.

// TestKilledRepeatedlyMidIngest kills claimdesk serve with SIGKILL at
// random points of a 500-message ingest (while storing, processing or
// stamping), restarts it each time, and then lets it finish.
func TestKilledRepeatedlyMidIngest(t *testing.T) {
	t.Parallel()
	r := newFaultRig(t, faultRigOptions{})
	r.deliver(generateFaultMail(1, 500))
	rng := rand.New(rand.NewPCG(faultSeed(t), 0))

	const rounds = 5
	for round := 1; round <= rounds; round++ {
		p := r.serve()
		before := r.snapshot()
		// A kill point a little further on in one of the pipeline's stages.
		step := 1 + rng.IntN(len(r.mails)/(2*rounds))
		var what string
		var reached func(faultProgress) bool
		switch rng.IntN(3) {
		case 0:
			target := min(before.Stored+step, len(r.mails))
			what, reached = "storing message "+strconv.Itoa(target), func(p faultProgress) bool { return p.Stored >= target }
		case 1:
			target := min(before.Final+step, len(r.mails))
			what, reached = "processing message "+strconv.Itoa(target), func(p faultProgress) bool { return p.Final >= target }
		default:
			target := min(before.Stamped+step/3+1, r.pdfs())
			what, reached = "stamping PDF "+strconv.Itoa(target), func(p faultProgress) bool { return p.Stamped >= target }
		}
		at := r.waitProgress(p, 2*time.Minute, what, func(p faultProgress) bool { return reached(p) || r.done(p) })
		p.kill()
		t.Logf("round %d: killed after %s: %s", round, what, at)
		if r.done(at) {
			t.Logf("everything was done before round %d's kill point", round)
			break
		}
	}
	p := r.serve()
	r.waitDone(p, 3*time.Minute)
	r.check()
}

// faultSeed is the seed of the kill points: CLAIMDESK_FAULT_SEED repeats a
// run's, which the test logs.
func faultSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("CLAIMDESK_FAULT_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("CLAIMDESK_FAULT_SEED=%q: %v", v, err)
		}
	}
	t.Logf("kill points from seed %d (CLAIMDESK_FAULT_SEED=%d repeats them)", seed, seed)
	return seed
}

// TestS3OutageMidIngest stops the S3 server claimdesk keeps its blobs in,
// mid-ingest, for CLAIMDESK_FAULT_S3_OUTAGE (default 60s) while more mail
// arrives. claimdesk must stay up, mark nothing on the server that it has
// not stored, and finish everything once the server is back.
func TestS3OutageMidIngest(t *testing.T) {
	t.Parallel()
	outage := faultDuration(t, "CLAIMDESK_FAULT_S3_OUTAGE", 60*time.Second)
	s3 := testenv.PrivateS3(t)
	r := newFaultRig(t, faultRigOptions{s3: &s3.S3Server})
	r.deliver(generateFaultMail(1, 200))
	p := r.serve()
	r.waitProgress(p, 2*time.Minute, "40 messages stored", func(p faultProgress) bool { return p.Stored >= 40 })

	s3.Stop()
	t.Logf("S3 server stopped for %v", outage)
	r.deliver(generateFaultMail(201, 50))
	if err := outlive(p, outage, r.checkMarkedAreStored); err != nil {
		t.Fatalf("%v (%v) while the S3 server was down:\n%s", err, p.err, p.logs.tail(failureLogLines))
	}
	s3.Start(t)
	back := time.Now()
	r.checkMarkedAreStored()
	r.waitDone(p, 3*time.Minute)
	t.Logf("all done %v after the S3 server came back", time.Since(back).Round(100*time.Millisecond))
	r.check()
}

// TestPostgresRestartMidIngest stops claimdesk's database mid-ingest for
// CLAIMDESK_FAULT_PG_OUTAGE (default 10s) while more mail arrives, then
// starts it again: claimdesk must reconnect and finish everything once.
func TestPostgresRestartMidIngest(t *testing.T) {
	t.Parallel()
	outage := faultDuration(t, "CLAIMDESK_FAULT_PG_OUTAGE", 10*time.Second)
	pg := testenv.PrivatePostgres(t)
	r := newFaultRig(t, faultRigOptions{dsn: pg.DSN})
	r.deliver(generateFaultMail(1, 200))
	p := r.serve()
	r.waitProgress(p, 2*time.Minute, "40 messages stored", func(p faultProgress) bool { return p.Stored >= 40 })

	pg.Stop(t)
	t.Logf("Postgres stopped for %v", outage)
	r.deliver(generateFaultMail(201, 50))
	if err := outlive(p, outage, nil); err != nil {
		t.Fatalf("%v (%v) while Postgres was down:\n%s", err, p.err, p.logs.tail(failureLogLines))
	}
	pg.Start(t)
	back := time.Now()
	r.checkMarkedAreStored()
	r.waitDone(p, 3*time.Minute)
	t.Logf("all done %v after Postgres came back", time.Since(back).Round(100*time.Millisecond))
	r.check()
}

// TestIMAPConnectionCut cuts claimdesk's IMAP connections with a proxy,
// once mid-ingest and once while it idles, refusing new connections for a
// while each time; mail delivered while it is cut off arrives afterwards.
func TestIMAPConnectionCut(t *testing.T) {
	t.Parallel()
	r := newFaultRig(t, faultRigOptions{})
	proxy := testenv.StartTCPProxy(t, r.mailbox.Addr)
	viaProxy := r.mailbox
	viaProxy.Addr = proxy.Addr
	r.imapURL = viaProxy.URL("INBOX")
	r.logLevel = "debug"
	r.deliver(generateFaultMail(1, 150))
	p := r.serve()

	at := r.waitProgress(p, 2*time.Minute, "30 messages stored", func(p faultProgress) bool { return p.Stored >= 30 })
	t.Logf("cutting mid-ingest: %s", at)
	cutOff(t, r, p, proxy, 151, 25)
	r.waitDone(p, 3*time.Minute)

	// All is stored, so the watchers have gone back to IDLE: the second cut
	// finds them there.
	p.logs.waitFor(t, idleLine, time.Minute)
	cutOff(t, r, p, proxy, 176, 25)
	r.waitDone(p, 3*time.Minute)
	r.check()
}

// idleLine is what claimdesk logs (at debug level) as the inbox's watcher
// starts waiting for new mail with IDLE.
const idleLine = `folder=INBOX idle=true`

// cutOff cuts every connection through the proxy and refuses new ones
// while n messages (numbered from first) arrive, until claimdesk has tried
// to reconnect; then it lets connections through again.
func cutOff(t *testing.T, r *faultRig, p *proc, proxy *testenv.TCPProxy, first, n int) {
	t.Helper()
	proxy.Refuse(true)
	before, _ := proxy.Stats()
	if cut := proxy.Cut(); cut == 0 {
		t.Fatal("no IMAP connection to cut: claimdesk does not go through the proxy")
	}
	r.deliver(generateFaultMail(first, n))
	deadline := time.After(time.Minute)
	for {
		st, changed := proxy.Stats()
		if st.Refused > before.Refused {
			t.Logf("IMAP cut off until claimdesk's reconnect attempt %d", st.Refused-before.Refused)
			break
		}
		select {
		case <-changed:
		case <-p.done:
			t.Fatalf("claimdesk exited (%v) after its IMAP connections were cut:\n%s", p.err, p.logs.tail(failureLogLines))
		case <-deadline:
			t.Fatalf("claimdesk did not try to reconnect within a minute of its IMAP connections being cut:\n%s",
				p.logs.tail(failureLogLines))
		}
	}
	proxy.Refuse(false)
}
