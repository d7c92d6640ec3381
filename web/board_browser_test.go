package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// browser drives one Chromium tab signed in to b's server.
type browser struct {
	t   *testing.T
	b   *pageBundle
	ctx context.Context
}

func newBrowser(t *testing.T, b *pageBundle) *browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(testenv.Browser(t), 3*time.Minute)
	t.Cleanup(cancel)
	br := &browser{t: t, b: b, ctx: ctx}
	// The cookies the sign-in sets are kept by the test's clock, not
	// Chromium's (see keepSignInCookies); the board then opens with them.
	answers, stop := br.signInAnswers()
	defer stop()
	br.step("sign in",
		chromedp.Navigate(b.ts.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="password"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="email"]`), b.email),
		chromedp.SetValue(chromedp.CSS(`input[name="password"]`), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	br.keepSignInCookies(answers)
	// The sign-in's own redirects may still be loading and abort this
	// navigation (net::ERR_ABORTED): it is made once more then.
	open := []chromedp.Action[chromedp.Void]{chromedp.Navigate(b.ts.URL + "/"), chromedp.WaitVisible(chromedp.CSS(`form.signout button`))}
	if err := br.try(open...); err != nil {
		if !strings.Contains(err.Error(), "ERR_ABORTED") {
			t.Fatalf("open the board signed in: %v", err)
		}
		br.step("open the board signed in", open...)
	}
	return br
}

// step runs actions with a deadline of their own.
func (br *browser) step(what string, actions ...chromedp.Action[chromedp.Void]) {
	br.t.Helper()
	if err := br.try(actions...); err != nil {
		br.t.Fatalf("%s: %v", what, err)
	}
}

// try runs actions with a deadline of their own, and says how they failed.
func (br *browser) try(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(br.ctx, 30*time.Second)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](br *browser, expr string) T {
	br.t.Helper()
	v, err := chromedp.Run(br.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		br.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// TestBrowserLiveSLABoard is the coordinator's morning: the board counts
// down, new mail appears on it by itself, and a call back clears it.
func TestBrowserLiveSLABoard(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	pending := b.addMessage(t, msgSeed{Subject: "Water in the basement", NeedsAck: true,
		Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(20 * time.Minute))})
	br := newBrowser(t, b)

	br.step("open the live board",
		chromedp.Navigate(b.ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#ack-%d", pending))),
		// The stream is open and the database watched: changes from now on
		// reach the page.
		chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`)))
	// The countdown runs in the page, in business time (the office is
	// always open here): the script words it anew once the server's first
	// words are gone.
	br.step("clear the clock", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector("#ack-%d .countdown").textContent = ""`, pending)))
	clock, err := chromedp.Run(br.ctx, chromedp.Poll[string](
		fmt.Sprintf(`(t => /^\d+ business min left$/.test(t) && t)(document.querySelector("#ack-%d .countdown").textContent)`, pending),
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("countdown never ran: %v", err)
	}
	if m := regexp.MustCompile(`^(\d+) `).FindStringSubmatch(clock); m == nil || (m[1] != "19" && m[1] != "20") {
		t.Errorf("countdown %q, want about 20 minutes left", clock)
	}
	if cls := eval[string](br, fmt.Sprintf(`document.getElementById("ack-%d").className`, pending)); !strings.Contains(cls, "state-pending") {
		t.Errorf("pending row's class %q", cls)
	}

	// New mail: a plain insert, as any writer would make it, appears on
	// the board within two seconds, without a reload.
	br.step("mark the page", chromedp.Evaluate[chromedp.Void](`window.sameDocument = true`))
	// A note half written on a row outlives the refresh the new mail
	// brings, focused or not (its answer may have been on its way).
	note := fmt.Sprintf(`#ack-%d input[name="note"]`, pending)
	br.step("write a note", chromedp.SetValue(chromedp.CSS(note), "Called back, inspection at 2"))
	burst := b.addMessage(t, msgSeed{Subject: "Burst pipe in the kitchen", NeedsAck: true,
		Arrived: now, Due: ptr(now.Add(5 * time.Minute))})
	start := time.Now()
	_, err = chromedp.Run(br.ctx, chromedp.Poll[bool](
		fmt.Sprintf(`document.getElementById("ack-%d") !== null`, burst),
		chromedp.WithPollingTimeout(2*time.Second)))
	if err != nil {
		t.Fatalf("the new message did not appear within 2 s: %v", err)
	}
	t.Logf("new message on the board %v after the insert", time.Since(start).Round(time.Millisecond))
	if got := eval[string](br, fmt.Sprintf(`document.querySelector('%s').value`, note)); got != "Called back, inspection at 2" {
		t.Errorf("the note on a row after a refresh: %q", got)
	}
	if !eval[bool](br, `window.sameDocument === true`) {
		t.Error("the page reloaded")
	}
	if cls := eval[string](br, fmt.Sprintf(`document.getElementById("ack-%d").className`, burst)); !strings.Contains(cls, "state-due_soon") {
		t.Errorf("a message due in 5 minutes has class %q", cls)
	}
	// Soonest due first.
	if first := eval[string](br, `document.querySelector(".acks li").id`); first != fmt.Sprintf("ack-%d", burst) {
		t.Errorf("first row %s", first)
	}

	// Answered by phone: one click, with a note. The note and the click
	// are one script, run in one turn of the page: a live refresh still
	// arriving (a change announced after the insert's) replaces the rows,
	// and a click by the DevTools protocol on a row found before it fails.
	br.step("acknowledge by phone",
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			const row = document.getElementById("ack-%d");
			row.querySelector('input[name="note"]').value = "Called back, inspection at 2";
			row.querySelector("button").click();
		})()`, pending)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#acked-%d", pending))),
		chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf("#ack-%d", pending))))
	if txt := eval[string](br, fmt.Sprintf(`document.getElementById("acked-%d").textContent`, pending)); !strings.Contains(txt, "by phone") ||
		!strings.Contains(txt, "Called back, inspection at 2") {
		t.Errorf("acknowledged row: %q", txt)
	}
	var source, by string
	var acked *time.Time
	b.query(t, `SELECT acknowledged_at, ack_source, ack_by FROM messages WHERE id = $1`, []any{pending}, &acked, &source, &by)
	if acked == nil || source != "manual" || by != b.email {
		t.Errorf("acknowledged at %v by %q (%s)", acked, by, source)
	}
}

// TestBrowserBoardCountsOnADesktop opens the board at a laptop's width:
// how many records are incomplete and how much mail waits in triage show
// at a glance, as on a phone, and the navigation's Triage link counts the
// mail waiting there on every page.
func TestBrowserBoardCountsOnADesktop(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	a := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	c := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	b.triageMessage(t, "Estimate for the loss", a, c)
	b.triageMessage(t, "Who is the adjuster on this one", a, c)
	br := newBrowser(t, b)
	br.emulate(viewport{"laptop", 1366, 768, false})
	// shown is the visible text of the element selector names, "" when it
	// is absent or hidden.
	shown := func(selector string) string {
		t.Helper()
		return eval[string](br, fmt.Sprintf(`(e => e && e.getClientRects().length > 0 ? e.innerText.replace(/\s+/g, " ").trim() : "")(document.querySelector(%q))`, selector))
	}
	br.openSettled("/")
	if got := shown("#records-incomplete"); got != "Records incomplete 2" {
		t.Errorf("records incomplete on a desktop board: %q", got)
	}
	if got := shown("#triage-waiting"); got != "In triage 2" {
		t.Errorf("mail in triage on a desktop board: %q", got)
	}
	for _, page := range []string{"/", "/claims"} {
		br.openSettled(page)
		if got := shown(`.top nav a[href="/triage"]`); got != "Triage 2" {
			t.Errorf("the Triage link on %s: %q", page, got)
		}
	}
}

// TestBrowserHostileMail shows a message written to attack the page: its
// body runs nothing, loads nothing from elsewhere, and its own logo shows.
func TestBrowserHostileMail(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	a := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	c := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	id := b.triageMessage(t, "Estimate for the loss", a, c)
	br := newBrowser(t, b)
	br.step("open the message",
		chromedp.Navigate(fmt.Sprintf("%s/messages/%d", b.ts.URL, id)),
		chromedp.WaitVisible(chromedp.CSS("iframe.mail-body")))
	// Wait for the frame's document and its images.
	_, err := chromedp.Run(br.ctx, chromedp.Poll[bool](`(() => {
		const d = document.querySelector("iframe.mail-body").contentDocument;
		return d && d.readyState === "complete" && d.body && d.body.textContent.includes("Please see the estimate") &&
			[...d.images].every(i => i.complete);
	})()`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("mail frame did not load: %v", err)
	}
	if title := eval[string](br, `document.title`); strings.Contains(title, "pwned") {
		t.Errorf("the mail ran script: title %q", title)
	}
	br.step("click the mail's javascript: link",
		chromedp.Evaluate[chromedp.Void](`[...document.querySelector("iframe.mail-body").contentDocument.querySelectorAll("a")].forEach(a => a.click())`))
	checks := eval[map[string]any](br, `(() => {
		const d = document.querySelector("iframe.mail-body").contentDocument;
		const logo = [...d.images].find(i => i.alt === "logo");
		return {
			scripts: d.querySelectorAll("script").length,
			handlers: [...d.querySelectorAll("*")].filter(e => [...e.attributes].some(a => a.name.startsWith("on"))).length,
			jsLinks: [...d.querySelectorAll("[href]")].filter(e => /^\s*javascript:/i.test(e.getAttribute("href"))).length,
			remote: [...d.images].filter(i => /^https?:\/\/(?!127\.0\.0\.1)/.test(i.src)).length,
			logoWidth: logo ? logo.naturalWidth : -1,
			title: document.title,
			frameHeight: document.querySelector("iframe.mail-body").getBoundingClientRect().height,
		};
	})()`)
	if checks["scripts"].(float64) != 0 || checks["handlers"].(float64) != 0 || checks["jsLinks"].(float64) != 0 ||
		checks["remote"].(float64) != 0 || strings.Contains(checks["title"].(string), "pwned") {
		t.Errorf("mail frame: %v", checks)
	}
	if checks["logoWidth"].(float64) != 1 {
		t.Errorf("the mail's own logo did not load: %v", checks)
	}
	if h := checks["frameHeight"].(float64); h <= 0 || h > 2000 {
		t.Errorf("mail frame height %v", h)
	}
}

// TestBrowserPagesFitAPhone opens every page at a phone's width and a
// desktop's: nothing may need sideways scrolling on the phone. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots there.
func TestBrowserPagesFitAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	a := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Ellen Ripley",
		Address: "12 Nostromo Way, Houston TX 77002", LossType: "Water", Adjuster: "Ann Adjuster",
		AdjusterEmail: "ann.adjuster.with.a.long.address@statefarm-claims.example", Opened: now.Add(-50 * time.Hour)})
	c := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Carrier: "Allstate", Insured: "Dwayne Hicks",
		Adjuster: "Bob Adjuster", Opened: now.Add(-30 * time.Hour)})
	photo := b.addDocument(t, a, docSeed{Filename: "IMG_0001_kitchen_ceiling_stain_wide_angle.jpg", ContentType: "image/jpeg",
		DocType: "photo", Folder: "Photos", Data: testenv.JPEG(t, 800, 600)})
	// A technician not yet among the claim's people sent it: the claim
	// page suggests him.
	fromJake := b.addMessage(t, msgSeed{Subject: "Kitchen photos", From: "jhalvorsen.with.a.long.address@office.example",
		FromName: "Jake Halvorsen", ClaimID: a, Status: "filed", Arrived: now.Add(-5 * time.Hour)})
	if _, err := b.sql.Exec(t.Context(), `INSERT INTO document_messages (document_id, message_id) VALUES ($1, $2)`, photo, fromJake); err != nil {
		t.Fatal(err)
	}
	b.addDocument(t, a, docSeed{Filename: "Estimate.pdf", ContentType: "application/pdf", DocType: "estimate",
		Folder: "Estimates", Data: onePagePDF(), Stamped: true})
	// A signed form: the claim page offers to verify it.
	b.addDocument(t, a, docSeed{Filename: "ATP signed by the homeowner.pdf", ContentType: "application/pdf", DocType: "atp",
		Folder: "Contracts", Data: append(onePagePDF(), "\n"...)})
	for i, m := range []struct {
		subject string
		due     time.Duration
	}{{"Re: 60-8H77-8H5 inspection request for the second floor bathroom", -12 * time.Minute},
		{"Homeowner asking when the dehumidifiers come", 4 * time.Minute}, {"Question about the estimate", 22 * time.Minute}} {
		b.addMessage(t, msgSeed{Subject: m.subject, ClaimID: a, NeedsAck: true, FromName: "Ann Adjuster",
			Arrived: now.Add(-time.Duration(i+1) * 9 * time.Minute), Due: ptr(now.Add(m.due))})
	}
	thanks := b.addMessage(t, msgSeed{Subject: "Thanks", ClaimID: a, NeedsAck: true, Arrived: now.Add(-3 * time.Hour),
		Due: ptr(now.Add(-150 * time.Minute)), Acked: ptr(now.Add(-170 * time.Minute)), AckSource: "reply", AckMinutes: ptr(10)})
	// Its photos: one OCR read a sign on, one it found no words on.
	for i, text := range []string{"\fROOF PERMIT 4410\nCITY OF HOUSTON\f", "\f"} {
		data := testenv.JPEG(t, 400+i, 300)
		b.addPart(t, thanks, partSeed{Path: fmt.Sprint(i + 2), ContentType: "image/jpeg", Filename: fmt.Sprintf("IMG_%d.JPG", 4810+i),
			DocType: "photo", Attachment: true, Data: data})
		sum := sha256.Sum256(data)
		if err := b.db.SaveOCRText(t.Context(), hex.EncodeToString(sum[:]), text); err != nil {
			t.Fatal(err)
		}
	}
	// The claim's people, and the office's list its record picks from.
	people := []storage.ClaimParticipant{{Role: "referred_by", Name: "Dr. Pena Plumbing", Phone: "651-555-0199"},
		{Role: "technician", Name: "Luis Ortega", Email: "lortega@office.example"}, {Role: "foreman", Name: "Maria Delgado", Phone: "612-555-0103"}}
	if _, err := b.db.UpdateClaim(t.Context(), a, storage.ClaimPatch{Participants: &people}, b.email); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if _, err := b.db.SavePerson(t.Context(), storage.Person{OfficeID: storage.DefaultOfficeID, Role: p.Role, Name: p.Name, Phone: p.Phone, Email: p.Email}); err != nil {
			t.Fatal(err)
		}
	}
	msg := b.triageMessage(t, "Estimate for the loss at 12 Nostromo Way", a, c)
	// Its scan could not be read: the page says so under the attachment.
	var sha string
	b.query(t, `SELECT sha256 FROM message_parts WHERE message_id = $1 AND filename = 'Estimate.pdf'`, []any{msg}, &sha)
	if err := b.db.SaveOCRFailure(t.Context(), sha, "the file is damaged or not a picture"); err != nil {
		t.Fatal(err)
	}
	// The office's mail to the adjuster bounced: the board says so, with
	// the server's long answer.
	sent := b.addMessage(t, msgSeed{Subject: "Signed ATP for 26-1001-WTR", Direction: "out", ClaimID: a, Status: "filed",
		Arrived: now.Add(-40 * time.Minute)})
	bounce := b.addMessage(t, msgSeed{Subject: "Undelivered Mail Returned to Sender", From: "mailer-daemon@mx.office.example",
		ClaimID: a, Status: "filed", Arrived: now.Add(-38 * time.Minute)})
	_, err := b.sql.Exec(t.Context(), `UPDATE messages SET to_addresses = '{ann.adjuster.with.a.long.address@statefarm-claims.example}' WHERE id = $1`, sent)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.sql.Exec(t.Context(), `UPDATE messages r SET undelivered_of = s.id, undelivered = jsonb_build_object('returned', s.message_id, 'recipients', jsonb_build_array(
		jsonb_build_object('address', 'ann.adjuster.with.a.long.address@statefarm-claims.example', 'status', '5.1.1',
			'diagnostic', '550 5.1.1 <ann.adjuster.with.a.long.address@statefarm-claims.example>: Recipient address rejected: User unknown in virtual mailbox table')))
		FROM messages s WHERE r.id = $1 AND s.id = $2`, bounce, sent)
	if err != nil {
		t.Fatal(err)
	}

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"phone", 390, 844, true}, {"desktop", 1366, 900, false}} {
		opts := []chromedp.EmulateViewportOption{}
		if size.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		br.step("set the window to a "+size.name, chromedp.EmulateViewport(size.width, size.height, opts...))
		for _, page := range []struct{ name, path string }{
			{"board", "/"}, {"claims", "/claims"}, {"claim", fmt.Sprintf("/claims/%d", a)},
			{"message", fmt.Sprintf("/messages/%d", msg)}, {"triage", "/triage"}, {"bounce", fmt.Sprintf("/messages/%d", bounce)},
			{"answered", fmt.Sprintf("/messages/%d", thanks)}, {"people", "/settings/people"},
		} {
			br.step("open "+page.path, chromedp.Navigate(b.ts.URL+page.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
			// Images (thumbnails, lazy below the fold) settle the layout.
			br.step("load every image", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("img[loading=lazy]").forEach(i => i.loading = "eager")`))
			_, err := chromedp.Run(br.ctx, chromedp.Poll[bool](`document.readyState === "complete" && [...document.images].every(i => i.complete)`,
				chromedp.WithPollingTimeout(15*time.Second)))
			if err != nil {
				t.Fatalf("%s at %s width: %v", page.path, size.name, err)
			}
			if size.mobile {
				// A phone widens its window to a page too wide: measure against the width asked for.
				if over := eval[float64](br, fmt.Sprintf(`Math.max(document.documentElement.scrollWidth, window.innerWidth) - %d`, size.width)); over > 1 {
					t.Errorf("%s is %v px too wide for a phone", page.path, over)
				}
			}
			if dir == "" {
				continue
			}
			shot, err := chromedp.Run(br.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, size.name+"-"+page.name+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
