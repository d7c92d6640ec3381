package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/storage"
)

// setupFieldDelivered is a water claim whose technician Jake has sent,
// in his own "COS + final photos" email, the photos, the scope, the ATP,
// the COS and a drying log, with no equipment on site: of its paperwork
// only the estimate and the sketch, the estimator's, are missing. Sam is
// its estimator when withEstimator.
func setupFieldDelivered(t *testing.T, b *remindersBundle, withEstimator bool) {
	t.Helper()
	ctx := context.Background()
	b.claim = b.addClaim(t, claimSeed{Job: "26-2101-WTR", Number: "31-7K42-9Q8", Insured: "Gretchen Lindqvist",
		Address: "4418 Oakridge Ln, Edina, MN 55424", LossType: "Water", Opened: b.clock.Now().Add(-72 * time.Hour)})
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'technician', 'Jake Halvorsen', 'jake@field.example')`, b.claim); err != nil {
		t.Fatal(err)
	}
	if withEstimator {
		if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email)
			VALUES ($1, 'estimator', 'Sam Whitaker', 'sam@office.example')`, b.claim); err != nil {
			t.Fatal(err)
		}
	}
	b.addMessage(t, msgSeed{Subject: "Lindqvist - COS + final photos", From: "jake@field.example", ClaimID: b.claim,
		Status: storage.StatusFiled, Arrived: b.clock.Now().Add(-2 * time.Hour), BodyText: "All dry, equipment picked up."})
	for i, doc := range []string{"photo", "photo", "scope", "atp", "cos", "drying_log"} {
		b.addDocument(t, b.claim, docSeed{Filename: fmt.Sprintf("%s-%d.pdf", doc, i), ContentType: "application/pdf",
			DocType: doc, Folder: "Docs", Data: []byte(fmt.Sprintf("%s %d", doc, i)), Received: b.clock.Now().Add(-2 * time.Hour)})
	}
}

// TestRemindersFollowWhatIsOnFile: on a claim whose technician has sent
// every document of his, Write a reminder offers him nothing (no chase
// saying nothing came, no COS at pickup, no drying log with no equipment
// on site), and offers the estimator the estimate and the sketch, the one
// thing missing, in a thread of his own.
func TestRemindersFollowWhatIsOnFile(t *testing.T) {
	t.Parallel()
	b := &remindersBundle{pageBundle: setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour+14*time.Minute))}
	setupFieldDelivered(t, b, true)
	page := b.get(t, fmt.Sprintf("/claims/%d", b.claim), http.StatusOK)
	reminders := between(t, page, `id="reminders-h"`, "</section>")
	written := mailLinks(t, reminders)
	sam, ok := written["Email Sam: send the estimate and the sketch"]
	if !ok || len(written) != 1 || sam.to != "sam@office.example" || sam.inReplyTo != "" ||
		!strings.Contains(sam.body, "We still need the estimate and the sketch on job 26-2101-WTR") {
		t.Errorf("Write a reminder offers %v; want only Sam's, for the estimate and the sketch, in a thread of his own", written)
	}
	for _, wrong := range []string{"Email Jake", "nothing from the job", "COS at equipment pickup", "drying log"} {
		if strings.Contains(reminders, wrong) {
			t.Errorf("the reminders offer %q though it is on file or no equipment is on site:\n%s", wrong, reminders)
		}
	}
	if strings.Contains(reminders, "no estimator is set") {
		t.Errorf("the reminders say no estimator is set, with Sam on the claim:\n%s", reminders)
	}
}

// TestRemindersSayNoEstimatorIsSet: the same claim with no estimator
// offers no reminder at all, and says the estimate and the sketch lack an
// estimator to ask.
func TestRemindersSayNoEstimatorIsSet(t *testing.T) {
	t.Parallel()
	b := &remindersBundle{pageBundle: setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour+14*time.Minute))}
	setupFieldDelivered(t, b, false)
	reminders := between(t, b.get(t, fmt.Sprintf("/claims/%d", b.claim), http.StatusOK), `id="reminders-h"`, "</section>")
	if written := mailLinks(t, reminders); len(written) != 0 ||
		!strings.Contains(reminders, "The claim lacks the estimate and the sketch, and no estimator is set on it") {
		t.Errorf("with no estimator, the reminders offer %v and say:\n%s", written, reminders)
	}
}

// TestAPIRemindsOnlyOfWhatIsMissing: where claimdesk sends, the one-click
// buttons are Sam's alone, and the API refuses to remind Jake of his
// documents (409), all on file, and sends Sam's.
func TestAPIRemindsOnlyOfWhatIsMissing(t *testing.T) {
	t.Parallel()
	b := setupReminderPages(t)
	setupFieldDelivered(t, b, true)
	page := b.get(t, fmt.Sprintf("/claims/%d", b.claim), http.StatusOK)
	reminders := between(t, page, `id="reminders-h"`, "</section>")
	if strings.Count(reminders, "Remind ") != 1 || !strings.Contains(reminders, "Remind Sam: send the estimate and the sketch") {
		t.Errorf("the reminders' buttons:\n%s\nwant Sam's alone, for the estimate and the sketch", reminders)
	}
	token := b.apiToken(t)
	post := func(body string) (*http.Response, string) {
		req, err := http.NewRequest("POST", b.ts.URL+fmt.Sprintf("/api/claims/%d/reminders", b.claim), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return send(t, b.client(t), req)
	}
	for _, kind := range []string{storage.ReminderChaseUpload, storage.ReminderCOSAtPickup, storage.ReminderDryingLog} {
		if resp, body := post(fmt.Sprintf(`{"kind": %q, "to": "jake@field.example"}`, kind)); resp.StatusCode != http.StatusConflict {
			t.Errorf("reminding Jake of %s: %d %s, want 409", kind, resp.StatusCode, body)
		}
	}
	if resp, body := post(`{"kind": "chase_upload", "to": "sam@office.example"}`); resp.StatusCode != http.StatusCreated {
		t.Errorf("reminding Sam of the estimate: %d %s, want 201", resp.StatusCode, body)
	}
}

// TestBrowserRemindersFollowWhatIsOnFile, at a phone's width and a
// desktop's: the claim's reminders offer Sam's, for the estimate and the
// sketch, and fit the screen.
func TestBrowserRemindersFollowWhatIsOnFile(t *testing.T) {
	t.Parallel()
	b := &remindersBundle{pageBundle: setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour+14*time.Minute))}
	setupFieldDelivered(t, b, true)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b.pageBundle)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d", b.claim))
		br.step("open Write a reminder", chromedp.Evaluate[chromedp.Void](`document.querySelector("details.reminder-mail").open = true`))
		br.checkFits(v, "the claim's reminders")
		links := eval[string](br, `[...document.querySelectorAll(".reminder-mail .mail-link")].map(a => a.innerText).join("\n")`)
		if links != "Email Sam: send the estimate and the sketch" {
			t.Errorf("at %s width, Write a reminder offers:\n%s", v.name, links)
		}
		br.elementShot(dir, "reminders-on-file-"+v.name, `section[aria-labelledby="reminders-h"]`)
	}
}
