package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/emersion/go-message/mail"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Text as long as real mail makes it: forwarded subjects, carriers'
// addresses, and phone photos named without a space.
const (
	longFilename = "IMG_20261102_101455_HDR_PANORAMA_KITCHEN_CEILING_STAIN_WIDE_ANGLE_FINAL_v2_COPY_OF_COPY.jpg"
	longEmail    = "bartholomew.worthington-featherstonehaugh.senior.field.adjuster@northwestern-mutual-property-casualty.example"
	longSubject  = "RE: FW: RE: Claim# LA123-456789-01-SUPPLEMENTAL-0002 / WORTHINGTON-FEATHERSTONEHAUGH / " +
		"supplement request for drying equipment and contents manipulation " + longFilename
)

// setupReplyPages is setupPages with replies set up, as a coordinator
// with an SMTP server has them: the board offers Acknowledge, and the
// reply and update pages open. The server is a second one on the same
// database, so the signed-in client stays signed in.
func setupReplyPages(t *testing.T) *pageBundle {
	t.Helper()
	b := setupPages(t)
	log := slog.New(slog.DiscardHandler)
	rc, err := storage.NewQueueClient(b.db, &river.Config{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	queue := ingest.NewQueue(rc)
	srv := New(Options{
		DB: b.db, BlobStore: b.store, Filer: ingest.NewFiler(b.db, b.store, queue, time.UTC, log), Queue: queue,
		Outbox: outbox.NewOutbox(b.db, rc, outbox.OutboxConfig{
			From: mail.Address{Address: "claims@office.example"}, OfficeDomain: "office.example", Now: b.clock.Now}),
		Calendar: sla.NewCalendar(time.UTC, sla.AlwaysOpen()), AckMinutes: 30, OfficeDomain: "office.example",
		Location: time.UTC, Logger: log, Now: b.clock.Now,
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(srv.events.close)
	b.srv, b.ts = srv, ts
	return b
}

// longLayout is the data of the layout tests: every page has its longest
// text in it.
type longLayout struct {
	claim, waiting, dueSoon, triage, long int64
}

func (b *pageBundle) seedLongText(t *testing.T) longLayout {
	t.Helper()
	now := b.clock.Now()
	var l longLayout
	l.claim = b.addClaim(t, claimSeed{Job: "26-1003-WTR", Number: "LA123-456789-01-SUPPLEMENTAL-0002", Carrier: "Northwestern Mutual Property & Casualty Insurance Company",
		Insured: "Bartholomew Maximilian Worthington-Featherstonehaugh III", LossType: "Water",
		Address:  "12345 North Old Settlers Memorial Highway, Apartment 1208B, Rancho Santa Margarita, CA 92688-1234",
		Adjuster: "Bartholomew Worthington-Featherstonehaugh", AdjusterEmail: longEmail, Opened: now.Add(-50 * time.Hour)})
	other := b.addClaim(t, claimSeed{Job: "26-1004-FIR", Number: "0683449786", Carrier: "Allstate", Insured: "Dwayne Hicks",
		Adjuster: "Bob Adjuster", Opened: now.Add(-30 * time.Hour)})
	b.addDocument(t, l.claim, docSeed{Filename: longFilename, ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: testenv.JPEG(t, 800, 600)})
	b.addDocument(t, l.claim, docSeed{Filename: "WORTHINGTON-FEATHERSTONEHAUGH_LA123-456789-01-SUPPLEMENTAL-0002_ESTIMATE_REVISED.pdf",
		ContentType: "application/pdf", DocType: "estimate", Folder: "Estimates", Data: onePagePDF(), Stamped: true})
	b.addDocument(t, l.claim, docSeed{Filename: "ATP_signed_by_the_homeowner_Worthington-Featherstonehaugh.pdf", ContentType: "application/pdf",
		DocType: "atp", Folder: "Contracts", Data: append(onePagePDF(), "\n"...)})

	l.waiting = b.addMessage(t, msgSeed{Subject: longSubject, ClaimID: l.claim, NeedsAck: true, From: longEmail, Status: "filed",
		Arrived: now.Add(-40 * time.Minute), Due: ptr(now.Add(-10 * time.Minute))})
	l.dueSoon = b.addMessage(t, msgSeed{Subject: "Homeowner asking when the dehumidifiers come", ClaimID: l.claim, NeedsAck: true,
		FromName: "Bartholomew Maximilian Worthington-Featherstonehaugh III", From: longEmail, Status: "filed",
		Arrived: now.Add(-26 * time.Minute), Due: ptr(now.Add(4 * time.Minute))})
	b.addMessage(t, msgSeed{Subject: "Question about the estimate", ClaimID: l.claim, NeedsAck: true, FromName: "Ann Adjuster", Status: "filed",
		Arrived: now.Add(-8 * time.Minute), Due: ptr(now.Add(22 * time.Minute))})
	b.addMessage(t, msgSeed{Subject: "Thanks " + longFilename, ClaimID: l.claim, NeedsAck: true, Status: "filed", Arrived: now.Add(-3 * time.Hour),
		Due: ptr(now.Add(-150 * time.Minute)), Acked: ptr(now.Add(-170 * time.Minute)), AckSource: "reply", AckMinutes: ptr(10)})
	b.addMessage(t, msgSeed{Subject: "Re: " + longSubject, ClaimID: l.claim, Direction: "out", From: "claims@office.example", Status: "filed"})
	l.long = b.addMessage(t, msgSeed{Subject: longSubject, ClaimID: l.claim, From: longEmail, Status: "filed",
		BodyText: "The photos are at https://photos.northwestern-mutual-property-casualty.example/claims/LA123-456789-01/" + longFilename + "?download=1&token=" + strings.Repeat("0123456789abcdef", 8)})
	b.addPart(t, l.long, partSeed{Path: "2", ContentType: "image/jpeg", Filename: longFilename, Attachment: true, DocType: "photo", Data: testenv.JPEG(t, 40, 30)})
	l.triage = b.triageMessage(t, longSubject, l.claim, other)
	b.addPart(t, l.triage, partSeed{Path: "3", ContentType: "image/jpeg", Filename: longFilename, Attachment: true, DocType: "photo", Data: testenv.JPEG(t, 40, 30)})

	// Replies sent from claimdesk: one on its way, one that failed.
	for _, id := range []int64{l.waiting, l.dueSoon} {
		if resp, body := b.post(t, fmt.Sprintf("/messages/%d/reply", id), url.Values{"next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply to %d: %d\n%s", id, resp.StatusCode, body)
		}
	}
	_, err := b.sql.Exec(context.Background(), `UPDATE outbox SET state = 'failed',
		error = '550 5.1.1 <' || $2 || '>: Recipient address rejected: User unknown in virtual mailbox table' WHERE reply_to = $1`, l.dueSoon, longEmail)
	if err != nil {
		t.Fatal(err)
	}

	// People on the users page: a long address, an administrator, one
	// who has left.
	b.addUser(t, longEmail, "correct horse battery")
	b.addAdmin(t, "sam@office.example", "correct horse battery")
	gone := b.addUser(t, "former.coordinator@office.example", "correct horse battery")
	if _, err := b.db.DisableUser(context.Background(), gone.ID, now); err != nil {
		t.Fatal(err)
	}
	return l
}

// viewport is a window size the layout tests open pages at.
type viewport struct {
	name          string
	width, height int64
	phone         bool
}

var layoutViewports = []viewport{{"phone", 390, 844, true}, {"desktop", 1440, 900, false}}

func (br *browser) emulate(v viewport) {
	br.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if v.phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
	}
	br.step("set the window to a "+v.name, chromedp.EmulateViewport(v.width, v.height, opts...))
}

// openSettled opens path and waits for its images: thumbnails, lazy
// below the fold, settle the layout.
func (br *browser) openSettled(path string) {
	br.t.Helper()
	br.step("open "+path, chromedp.Navigate(br.b.ts.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
	br.step("load every image", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("img[loading=lazy]").forEach(i => i.loading = "eager")`))
	_, err := chromedp.Run(br.ctx, chromedp.Poll[bool](`document.readyState === "complete" && [...document.images].every(i => i.complete)`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		br.t.Fatalf("%s: images never loaded: %v", path, err)
	}
}

// screenshot saves the page under dir when the test is asked to.
func (br *browser) screenshot(dir, name string) {
	br.t.Helper()
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(br.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		br.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644); err != nil {
		br.t.Fatal(err)
	}
}

// overflow is how far the page is wider than the window, in CSS pixels.
// A phone browser widens its window to fit a page that is too wide, so
// the window is the width asked for, not what the page reports.
func (br *browser) overflow(v viewport) float64 {
	br.t.Helper()
	return eval[float64](br, fmt.Sprintf(`Math.max(document.documentElement.scrollWidth, window.innerWidth) - %d`, v.width))
}

// tooWide lists the text that sticks out to the right of the window, for
// the failure message.
const tooWide = `(() => {
	const out = [], w = %d + 1, walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walk.nextNode(); n && out.length < 8; n = walk.nextNode()) {
		const r = document.createRange();
		r.selectNodeContents(n);
		const right = Math.max(0, ...[...r.getClientRects()].map(c => c.right));
		if (right > w) {
			const e = n.parentElement;
			out.push(e.tagName.toLowerCase() + "." + [...e.classList].join(".") + " " + JSON.stringify(n.textContent.trim().slice(0, 30)) + " " + Math.round(right) + "px");
		}
	}
	return out;
})()`

// smallTargets lists the controls a thumb can miss: buttons, fields, the
// sections of the header, the openers of folded forms and the links that
// act (a document's View and Download, a next step, the pager) lower than
// 44px.
const smallTargets = `[...document.querySelectorAll('button, select, input:not([type=hidden]):not([type=checkbox]), .top nav a, summary, a.button, ' +
		'.doc-links a, .next-text, .pager a, .reply-now a, .send-update a, .assign-form a')]
	.filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().height < 43.5)
	.map(e => e.tagName.toLowerCase() + " " + JSON.stringify((e.textContent || e.name || "").trim().slice(0, 40)) + " " + Math.round(e.getBoundingClientRect().height) + "px")`

// tallFields lists the one-line fields and menus a flex rule stretched
// into a box taller than a few lines.
const tallFields = `[...document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select:not([multiple])')]
	.filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().height > 64)
	.map(e => e.tagName.toLowerCase() + "[name=" + e.name + "] " + Math.round(e.getBoundingClientRect().height) + "px")`

// clippedFields lists the menus and date fields of %s narrower than
// what they show: a copy of each at its own width says how wide it needs
// to be ("No approval ne…" cut off).
const clippedFields = `[...document.querySelectorAll('%s select:not([multiple]), %s input[type=datetime-local]')]
	.filter(e => e.getClientRects().length > 0)
	.map(e => {
		const c = e.cloneNode(true);
		c.style.cssText = "position: absolute; width: max-content; min-width: 0; max-width: none; flex: none";
		c.value = e.value;
		document.body.appendChild(c);
		const need = c.getBoundingClientRect().width, has = e.getBoundingClientRect().width;
		c.remove();
		return has + 0.5 < need ? e.tagName.toLowerCase() + "[name=" + e.name + "] " + Math.round(has) + "px of " + Math.round(need) + "px" : "";
	})
	.filter(Boolean)`

// TestBrowserLongTextFitsAPhone opens every page of the dashboard with
// the longest subjects, addresses and file names mail brings, at a phone's
// width and a desktop's: nothing may need sideways scrolling, and every
// control is big enough for a thumb. With CLAIMDESK_SCREENSHOTS set to a
// directory, it saves screenshots there.
func TestBrowserLongTextFitsAPhone(t *testing.T) {
	t.Parallel()
	b := setupReplyPages(t)
	l := b.seedLongText(t)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	pages := []struct{ name, path string }{
		{"board", "/"}, {"claims", "/claims"}, {"claims-search", "/claims?q=worthington&status=all"},
		{"claims-search-none", "/claims?q=worthington+featherstonhaw&status=all"},
		{"claim", fmt.Sprintf("/claims/%d", l.claim)}, {"message", fmt.Sprintf("/messages/%d", l.long)},
		{"message-waiting", fmt.Sprintf("/messages/%d", l.waiting)}, {"message-triage", fmt.Sprintf("/messages/%d", l.triage)},
		{"triage", "/triage"}, {"search", "/search?q=supplement"}, {"messages", "/messages"},
		{"outbox", "/messages?direction=out"}, {"templates", "/settings/templates"}, {"users", "/settings/users"}, {"people", "/settings/people"},
		{"calendars", "/settings/calendars"}, {"tokens", "/settings/tokens"},
		{"reply", fmt.Sprintf("/messages/%d/reply", l.waiting)}, {"update", fmt.Sprintf("/claims/%d/update", l.claim)},
		{"not-found", "/no/such/page"},
	}
	for _, v := range layoutViewports {
		br.emulate(v)
		for _, p := range pages {
			br.openSettled(p.path)
			if over := br.overflow(v); over > 0 {
				t.Errorf("%s at %s width is %v px too wide: %v", p.path, v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
			}
			if v.phone {
				// Folded sections and forms are measured open, as a thumb
				// meets them.
				br.step("unfold everything", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`))
				if small := eval[[]string](br, smallTargets); len(small) > 0 {
					t.Errorf("%s on a phone: controls under 44px high: %v", p.path, small)
				}
			}
			if tall := eval[[]string](br, tallFields); len(tall) > 0 {
				t.Errorf("%s at %s width: one-line fields stretched tall: %v", p.path, v.name, tall)
			}
			br.screenshot(dir, "layout-"+v.name+"-"+p.name)
		}
	}

	// The claim's forwarding address shows whole, to be read and copied.
	br.emulate(layoutViewports[0])
	br.openSettled(fmt.Sprintf("/claims/%d", l.claim))
	shown := eval[map[string]any](br, `(() => {
		const e = document.getElementById("forward-address");
		return {text: e.textContent, clipped: e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight};
	})()`)
	if shown["text"] != "claims+26-1003-WTR@office.example" || shown["clipped"] != false {
		t.Errorf("forwarding address on a phone: %v", shown)
	}

	// Signed out: the sign-in page.
	br.step("sign out", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
	for _, v := range layoutViewports {
		br.emulate(v)
		br.openSettled("/login")
		if over := br.overflow(v); over > 0 {
			t.Errorf("sign-in page at %s width is %v px too wide", v.name, over)
		}
		if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
			t.Errorf("sign-in page on a phone: controls under 44px high: %v", small)
		}
		br.screenshot(dir, "layout-"+v.name+"-login")
	}
}

// TestBrowserFormsWorkWithoutScripts uses the board with JavaScript off:
// every form posts as plain HTML, and the board claims no live updates
// it cannot give.
func TestBrowserFormsWorkWithoutScripts(t *testing.T) {
	t.Parallel()
	b := setupReplyPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley",
		Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example"})
	called := b.addMessage(t, msgSeed{Subject: "Please call me back", ClaimID: claim, NeedsAck: true, From: "ann@carrier.example",
		Status: "filed", Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(20 * time.Minute))})
	replied := b.addMessage(t, msgSeed{Subject: "When do you inspect?", ClaimID: claim, NeedsAck: true, From: "ann@carrier.example",
		Status: "filed", Arrived: now.Add(-5 * time.Minute), Due: ptr(now.Add(25 * time.Minute))})
	br := newBrowser(t, b)
	br.step("turn scripts off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(br.ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(loc, b.ts.URL)
	}

	br.step("open the board", chromedp.Navigate(b.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#ack-%d", called))))
	state := eval[map[string]any](br, `({
		live: document.documentElement.hasAttribute("data-live"),
		status: getComputedStyle(document.querySelector(".live-status")).display,
		clock: document.querySelector("[data-due]").textContent,
	})`)
	if state["live"] != false || state["status"] != "none" {
		t.Errorf("with scripts off the board shows its live status: %v", state)
	}
	if clock, _ := state["clock"].(string); !strings.HasSuffix(clock, "min left") {
		t.Errorf("clock %q: the script ran, or the server's words are missing", clock)
	}

	// Answered by phone, behind its opener, with a note.
	row := fmt.Sprintf("#ack-%d", called)
	br.step("answer by phone",
		chromedp.Click(chromedp.CSS(row+" .by-phone summary")),
		chromedp.WaitVisible(chromedp.CSS(row+` input[name="note"]`)),
		chromedp.SendKeys(chromedp.CSS(row+` input[name="note"]`), "Called back, inspection at 2"),
		chromedp.Click(chromedp.CSS(row+" .ack-form button")),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#acked-%d", called))))
	// The board says what was marked, with a way back: the row itself
	// has left the list.
	if loc := location(); loc != fmt.Sprintf("/?marked=%d", called) {
		t.Errorf("after answering by phone at %s, want the board saying so", loc)
	}
	br.step("see the confirmation", chromedp.WaitVisible(chromedp.CSS(`#marked form.undo-ack button`)))
	var source, note string
	b.query(t, `SELECT ack_source, ack_note FROM messages WHERE id = $1`, []any{called}, &source, &note)
	if source != "manual" || note != "Called back, inspection at 2" {
		t.Errorf("answered by %q with note %q", source, note)
	}

	// Acknowledge posts the form and comes back to the board.
	resp, err := chromedp.RunResponse(br.ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf("#ack-%d form.ack-reply button", replied))))
	if err != nil || resp.Status != http.StatusOK {
		t.Fatalf("Acknowledge: %v, %+v", err, resp)
	}
	if loc := location(); loc != "/" {
		t.Errorf("after Acknowledge at %s, want the board", loc)
	}
	var queued int
	b.query(t, `SELECT count(*) FROM outbox WHERE reply_to = $1`, []any{replied}, &queued)
	if queued != 1 {
		t.Errorf("%d replies queued, want 1", queued)
	}

	// The claims filter is a plain GET form.
	br.step("filter the claims",
		chromedp.Navigate(b.ts.URL+"/claims"),
		chromedp.WaitVisible(chromedp.CSS(`.filters input[name="q"]`)),
		chromedp.SendKeys(chromedp.CSS(`.filters input[name="q"]`), "ripley"))
	resp, err = chromedp.RunResponse(br.ctx, chromedp.Click(chromedp.CSS(`.filters button[type="submit"]`)))
	if err != nil || resp.Status != http.StatusOK {
		t.Fatalf("filter the claims: %v, %+v", err, resp)
	}
	if loc := location(); !strings.HasPrefix(loc, "/claims?q=ripley&") {
		t.Errorf("filtered claims at %s", loc)
	}
}
