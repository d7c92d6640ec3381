package web

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
)

// pngDot is a 1×1 PNG: a signature logo.
var pngDot, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

// hostileHTML is an email body that tries everything a page must not do.
const hostileHTML = `<p>Please see the estimate.</p>
<img src="cid:logo@carrier.example" alt="logo">
<img src="https://tracker.example/open.gif?id=1" width="1" height="1">
<script>parent.document.title = "pwned"</script>
<img src="x" onerror="parent.document.title='pwned'">
<a href="javascript:parent.document.title='pwned'">click</a>
<p style="color: #b00; background: url(https://tracker.example/bg.png)">styled</p>`

// triageMessage stores a message in triage between two claims, with an
// estimate attached and a logo in its body.
func (b *pageBundle) triageMessage(t *testing.T, subject string, a, c int64) int64 {
	t.Helper()
	id := b.addMessage(t, msgSeed{Subject: subject, Status: "triage", From: "ann@carrier.example", FromName: "Ann Adjuster",
		NeedsAck: true, Due: ptr(b.clock.Now().Add(25 * time.Minute)), BodyText: "Please see the estimate.", BodyHTML: hostileHTML,
		Decision: classify.Decision{
			Outcome: classify.OutcomeTriage,
			Reason:  "weak evidence for two claims",
			Candidates: []classify.Claim{
				{ID: a, JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", InsuredName: "Ellen Ripley", Open: true},
				{ID: c, JobNumber: "26-1002-FIR", ClaimNumber: "0683449786", InsuredName: "Dwayne Hicks", Open: true},
			},
			Evidence: []classify.Evidence{
				{Rule: classify.RuleInsuredName, Matched: "Ripley", Where: "body", ClaimID: a, Strength: classify.StrengthWeak},
				{Rule: classify.RuleAdjusterEmail, Matched: "ann@carrier.example", Where: "from", ClaimID: c, Strength: classify.StrengthWeak},
			},
		}})
	b.addPart(t, id, partSeed{Path: "1.2", ContentType: "image/png", Filename: "logo.png", ContentID: "<logo@carrier.example>",
		Inline: true, DocType: "inline", Data: pngDot})
	b.addPart(t, id, partSeed{Path: "2", ContentType: "application/pdf", Filename: "Estimate.pdf", Attachment: true,
		DocType: "estimate", Data: onePagePDF()})
	return id
}

func TestMessagePage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	id := b.triageMessage(t, "Estimate for the loss", ripley, hicks)

	body := html.UnescapeString(b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK))
	for _, want := range []string{
		"Estimate for the loss", "Ann Adjuster <ann@carrier.example>", "claims@office.example",
		// evidence: why it matched in words, matched text, where, claim
		`strength-weak">insured's name only — check</strong>`, "Ripley", `strength-weak">from the claim's adjuster only — check</strong>`,
		"Only clues, and they point to more than one claim: the insured’s name of Ripley (job 26-1001-WTR); mail from the adjuster of Hicks (job 26-1002-FIR).",
		fmt.Sprintf(`<input type="hidden" name="claim_id" value="%d">`, ripley), "File to 26-1001-WTR", "File to 26-1002-FIR",
		// the body, in a frame that runs nothing
		fmt.Sprintf(`<iframe class="mail-body" src="/messages/%d/body" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"`, id),
		// attachments with their types
		"Estimate.pdf", `<strong class="doctype">Estimate</strong>`, "body image",
		fmt.Sprintf(`src="/messages/%d/parts/1.2/thumbnail"`, id), fmt.Sprintf(`src="/messages/%d/parts/2/thumbnail"`, id),
		// waiting for an answer
		fmt.Sprintf(`action="/messages/%d/acknowledge"`, id), "Create a claim from this message",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("message page lacks %q", want)
		}
	}
	if strings.Contains(body, "allow-scripts") {
		t.Error("the mail frame may run scripts")
	}

	// The body: sanitized, with its own policy.
	resp, frame := b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d/body", id), nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") != mailFrameCSP ||
		resp.Header.Get("X-Frame-Options") != "SAMEORIGIN" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("body: %d %v", resp.StatusCode, resp.Header)
	}
	for _, bad := range []string{"<script", "onerror", "javascript:", "tracker.example", "url("} {
		if strings.Contains(strings.ToLower(frame), bad) {
			t.Errorf("body has %q:\n%s", bad, frame)
		}
	}
	for _, want := range []string{fmt.Sprintf(`<img src="/messages/%d/parts/1.2" alt="logo">`, id), "color: #b00", "image not loaded"} {
		if !strings.Contains(html.UnescapeString(frame), want) && !strings.Contains(frame, want) {
			t.Errorf("body lacks %q:\n%s", want, frame)
		}
	}
	// Its images come from the message itself; only images, as images.
	resp, logo := b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d/parts/1.2", id), nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || logo != string(pngDot) ||
		resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("logo: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, _ := b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d/parts/2", id), nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a PDF part served as a message image: %d", resp.StatusCode)
	}
	b.get(t, fmt.Sprintf("/messages/%d/parts/9", id), http.StatusNotFound)
	// Attachments not filed yet have thumbnails too, PDFs included.
	paths := []string{"1.2"}
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		paths = append(paths, "2")
	}
	for _, path := range paths {
		resp, _ := b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d/parts/%s/thumbnail", id, path), nil, nil)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("thumbnail of part %s: %d %s %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Location"))
		}
	}
	b.get(t, "/messages/999999", http.StatusNotFound)

	// Assign: refused without the form's token.
	form := url.Values{"claim_id": {fmt.Sprint(ripley)}, "csrf_token": {""}}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/assign", id), form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("assign without CSRF token: %d", resp.StatusCode)
	}
	var status string
	var claimID *int64
	b.query(t, `SELECT status, claim_id FROM messages WHERE id = $1`, []any{id}, &status, &claimID)
	if status != "triage" || claimID != nil {
		t.Fatalf("a refused form moved the message: %s %v", status, claimID)
	}
	resp, _ = b.post(t, fmt.Sprintf("/messages/%d/assign", id), url.Values{"claim_id": {fmt.Sprint(ripley)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/messages/%d", id) {
		t.Fatalf("assign: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	b.query(t, `SELECT status, claim_id FROM messages WHERE id = $1`, []any{id}, &status, &claimID)
	if status != "filed" || claimID == nil || *claimID != ripley {
		t.Fatalf("after assign: %s %v", status, claimID)
	}
	var docs, moves int
	b.query(t, `SELECT count(*) FILTER (WHERE doc_type = 'estimate'), count(*) FROM documents WHERE claim_id = $1`, []any{ripley}, &docs, &moves)
	if docs != 1 || moves != 2 { // the estimate and the message itself; the logo stays with the message
		t.Errorf("claim has %d estimates of %d documents", docs, moves)
	}
	b.query(t, `SELECT count(*) FROM message_moves WHERE message_id = $1 AND to_claim_id = $2 AND actor = $3`, []any{id, ripley, b.email}, &moves)
	if moves != 1 {
		t.Errorf("%d audited moves", moves)
	}
	// Moving on by typing the other claim's number, however written.
	resp, _ = b.post(t, fmt.Sprintf("/messages/%d/assign", id), url.Values{"claim": {"0683-449-786"}, "next": {"/triage"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/triage?filed=%d", id) {
		t.Fatalf("assign by number: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	b.query(t, `SELECT claim_id FROM messages WHERE id = $1`, []any{id}, &claimID)
	b.query(t, `SELECT count(*) FROM documents WHERE claim_id = $1`, []any{hicks}, &docs)
	if *claimID != hicks || docs != 2 {
		t.Errorf("after the second move: claim %d, %d documents there", *claimID, docs)
	}
	for _, tc := range []struct {
		form url.Values
		want int
	}{
		{url.Values{}, http.StatusBadRequest},
		{url.Values{"claim": {"no-such-claim"}}, http.StatusNotFound},
		{url.Values{"claim_id": {"999999"}}, http.StatusNotFound},
		{url.Values{"claim_id": {"x"}}, http.StatusBadRequest},
	} {
		if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/assign", id), tc.form); resp.StatusCode != tc.want {
			t.Errorf("assign %v: %d, want %d", tc.form, resp.StatusCode, tc.want)
		}
	}
	// A mistyped number: the page says so, keeps the box to type again,
	// and leads back to the form's page, never off the site.
	self := fmt.Sprintf("/messages/%d", id)
	for _, next := range []string{self, "//evil.example/x", "https://evil.example/"} {
		resp, body := b.post(t, self+"/assign", url.Values{"claim": {"26-9999-WTR"}, "next": {next}})
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `No claim matches “26-9999-WTR”`) ||
			!strings.Contains(body, `name="claim" value="26-9999-WTR"`) || !strings.Contains(body, `href="`+self+`">Back</a>`) ||
			strings.Contains(body, "evil.example") {
			t.Errorf("a mistyped number, next %q: %d\n%s", next, resp.StatusCode, body)
		}
	}
	// An unparsed message cannot be filed.
	raw := b.addMessage(t, msgSeed{Subject: "Just arrived", Status: "new"})
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/assign", raw), url.Values{"claim_id": {fmt.Sprint(ripley)}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("assigning an unparsed message: %d", resp.StatusCode)
	}
}

// Copiers and scanners reuse Message-IDs: each message sharing one is its
// own row, and its page links the others.
// TestMessagePageShowsOCRText shows, under an attachment, the text OCR read
// of it: a person checks the claim number the classifier read on a scan.
func TestMessagePageShowsOCRText(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	id := b.triageMessage(t, "Estimate for the loss", ripley, hicks)
	page := fmt.Sprintf("/messages/%d", id)
	if body := b.get(t, page, http.StatusOK); strings.Contains(body, "Text read from the picture") {
		t.Fatal("the page shows a text read before any was")
	}
	var sha string
	b.query(t, `SELECT sha256 FROM message_parts WHERE message_id = $1 AND filename = 'Estimate.pdf'`, []any{id}, &sha)
	if err := b.db.SaveOCRText(t.Context(), sha, "ESTIMATE\nClaim # 60-8H77-8H5 <b>"); err != nil {
		t.Fatal(err)
	}
	body := b.get(t, page, http.StatusOK)
	if !strings.Contains(body, "Text read from the picture") || !strings.Contains(body, "Claim # 60-8H77-8H5 &lt;b&gt;") {
		t.Errorf("message page lacks the text read of Estimate.pdf, escaped:\n%s", body)
	}
}

// TestMessagePageHidesBlankOCRText shows no text read from a photo OCR
// found no words on: a reading kept as a lone page break (as one was before
// such a reading was kept as no text), blanks or control characters is no
// text. The text of a scan with words shows without the page breaks around
// it.
func TestMessagePageHidesBlankOCRText(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	id := b.addMessage(t, msgSeed{Subject: "Photos from the job", ClaimID: ripley, Status: "filed"})
	for i, text := range []string{"\f", " \n\f\x0b\r\x1b\f", "\fROOF PERMIT 4410\f\f"} {
		data := testenv.JPEG(t, 40+i, 30)
		b.addPart(t, id, partSeed{Path: fmt.Sprint(i + 2), ContentType: "image/jpeg", Filename: fmt.Sprintf("IMG_%d.JPG", i),
			DocType: "photo", Attachment: true, Data: data})
		sum := sha256.Sum256(data)
		if err := b.db.SaveOCRText(t.Context(), hex.EncodeToString(sum[:]), text); err != nil {
			t.Fatal(err)
		}
	}
	body := b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK)
	if n := strings.Count(body, "Text read from the picture"); n != 1 || !strings.Contains(body, "<pre>ROOF PERMIT 4410</pre>") {
		t.Errorf("the page shows %d texts read, want the one with words alone, trimmed:\n%s", n, body)
	}
}

// TestMessagePageSaysAPictureWasNotRead notes, under an attachment OCR
// could not read, why: the message was classified without its text.
func TestMessagePageSaysAPictureWasNotRead(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	id := b.triageMessage(t, "Estimate for the loss", ripley, hicks)
	page := fmt.Sprintf("/messages/%d", id)
	if body := b.get(t, page, http.StatusOK); strings.Contains(body, "Not read by OCR") {
		t.Fatal("the page says a picture was not read before OCR tried")
	}
	var sha string
	b.query(t, `SELECT sha256 FROM message_parts WHERE message_id = $1 AND filename = 'Estimate.pdf'`, []any{id}, &sha)
	if err := b.db.SaveOCRFailure(t.Context(), sha, "every attempt to read it failed"); err != nil {
		t.Fatal(err)
	}
	body := b.get(t, page, http.StatusOK)
	if !strings.Contains(body, "Not read by OCR: every attempt to read it failed.") {
		t.Errorf("message page lacks the note that Estimate.pdf was not read:\n%s", body)
	}
}

func TestMessagePageLinksMessagesSharingItsMessageID(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	first := b.addMessage(t, msgSeed{Subject: "Scan from MFP"})
	second := b.addMessage(t, msgSeed{Subject: "Scan from MFP"})
	third := b.addMessage(t, msgSeed{Subject: "Scan from MFP"})
	other := b.addMessage(t, msgSeed{Subject: "Moisture readings"})
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET message_id = '<scan@mfp.office.example>' WHERE id = ANY($1)`,
		[]int64{first, second, third}); err != nil {
		t.Fatal(err)
	}
	link := func(id int64) string { return fmt.Sprintf(`<a href="/messages/%d">#%d</a>`, id, id) }
	body := b.get(t, fmt.Sprintf("/messages/%d", second), http.StatusOK)
	if want := "Same Message-ID as " + link(first) + ", " + link(third); !strings.Contains(body, want) {
		t.Errorf("the page of #%d lacks %q", second, want)
	}
	if body := b.get(t, fmt.Sprintf("/messages/%d", other), http.StatusOK); strings.Contains(body, "Same Message-ID") {
		t.Errorf("the page of #%d, whose Message-ID is its own, links others", other)
	}
}

func TestCreateClaimFromMessage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5"})
	id := b.addMessage(t, msgSeed{Subject: "New assignment", Status: "triage", Decision: classify.Decision{
		Outcome: classify.OutcomeTriage, Reason: "an assignment for an unknown claim",
		Assignment: &classify.Assignment{ClaimNumber: "LA123-456789-01", Carrier: "Liberty", InsuredName: "Sarah Connor",
			LossAddress: "1984 Tech Noir Ave", LossType: classify.LossFire, AdjusterEmail: "kyle@liberty.example",
			DateOfLoss: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
	}})
	b.addPart(t, id, partSeed{Path: "2", ContentType: "image/jpeg", Filename: "front.jpg", Attachment: true, DocType: "photo",
		Data: testenv.JPEG(t, 64, 48)})

	body := html.UnescapeString(b.get(t, fmt.Sprintf("/messages/%d/claim", id), http.StatusOK))
	for _, want := range []string{
		`name="claim_number" value="LA123-456789-01"`, `name="insured_name" value="Sarah Connor"`,
		`<option selected>Fire</option>`, `name="date_of_loss" value="2026-03-01"`, `name="adjuster_email" value="kyle@liberty.example"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("new-claim form lacks %q", want)
		}
	}
	form := url.Values{"claim_number": {"LA123-456789-01"}, "insured_name": {"Sarah Connor"}, "loss_type": {"Fire"},
		"carrier": {"Liberty"}, "date_of_loss": {"2026-03-01"}, "csrf_token": {""}}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/claim", id), form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("create without CSRF token: %d", resp.StatusCode)
	}
	// A claim number that is taken is refused, and nothing is created.
	form.Del("csrf_token")
	form.Set("claim_number", "608H778H5")
	if resp, body := b.post(t, fmt.Sprintf("/messages/%d/claim", id), form); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "26-1001-WTR") {
		t.Errorf("taken claim number: %d\n%s", resp.StatusCode, body)
	}
	form.Set("claim_number", "LA123-456789-01")
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/claim", id), form)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/claims/") {
		t.Fatalf("create: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var claimID, source int64
	var job, status string
	b.query(t, `SELECT c.id, c.job_number, c.source_message_id, m.status FROM claims c JOIN messages m ON m.claim_id = c.id
		WHERE m.id = $1`, []any{id}, &claimID, &job, &source, &status)
	if resp.Header.Get("Location") != fmt.Sprintf("/claims/%d", claimID) || source != id || status != "filed" ||
		!strings.HasSuffix(job, "-FIR") {
		t.Errorf("claim %d %s from message %d, message %s", claimID, job, source, status)
	}
	var photos int
	b.query(t, `SELECT count(*) FROM documents WHERE claim_id = $1 AND folder = 'Photos'`, []any{claimID}, &photos)
	if photos != 1 {
		t.Errorf("%d photos filed into the new claim", photos)
	}
	// A claim number, the insured or the loss address tells a claim apart.
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/claim", id), url.Values{"carrier": {"Allstate"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("create with nothing to tell the claim apart: %d", resp.StatusCode)
	}
}

func TestRetryFailedMessage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addMessage(t, msgSeed{Subject: "Broken", Status: "failed", Error: "parse: unexpected EOF"})
	body := b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK)
	if !strings.Contains(body, "Processing failed: parse: unexpected EOF") || !strings.Contains(body, fmt.Sprintf(`action="/messages/%d/retry"`, id)) {
		t.Errorf("failed message page:\n%s", body)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/retry", id), url.Values{"csrf_token": {""}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("retry without CSRF token: %d", resp.StatusCode)
	}
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/retry", id), url.Values{})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d", resp.StatusCode)
	}
	var status string
	var jobs int
	b.query(t, `SELECT status FROM messages WHERE id = $1`, []any{id}, &status)
	b.query(t, `SELECT count(*) FROM river_job WHERE kind = 'process_message' AND (args->>'message_id')::bigint = $1`, []any{id}, &jobs)
	if status != "new" || jobs != 1 {
		t.Errorf("after retry: status %s, %d jobs", status, jobs)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/retry", id), url.Values{}); resp.StatusCode != http.StatusConflict {
		t.Errorf("retrying a message that has not failed: %d", resp.StatusCode)
	}
}

func TestTriagePage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	first := b.triageMessage(t, "Which claim is this", ripley, hicks)
	b.clock.Advance(time.Minute)
	second := b.triageMessage(t, "And this one", ripley, hicks)
	b.addMessage(t, msgSeed{Subject: "Already filed", Status: "filed", ClaimID: ripley})

	body := html.UnescapeString(b.get(t, "/triage", http.StatusOK))
	if !inOrder(body, "And this one", "Which claim is this") || strings.Contains(body, "Already filed") {
		t.Errorf("triage list:\n%s", body)
	}
	for _, want := range []string{
		`Triage <span class="count">2</span>`, "Ellen Ripley", "Dwayne Hicks", "insured's name only — check</span>: “<span class=\"mono\">Ripley</span>” in the body",
		`Estimate.pdf <span class="tag">Estimate</span>`, fmt.Sprintf(`action="/messages/%d/assign"`, first), "waiting for an answer",
		fmt.Sprintf(`src="/messages/%d/parts/2/thumbnail"`, first),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("triage lacks %q", want)
		}
	}
	// One click on a candidate files it, and it leaves the queue.
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/assign", second), url.Values{"claim_id": {fmt.Sprint(hicks)}, "next": {"/triage"}})
	back := fmt.Sprintf("/triage?filed=%d", second)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != back {
		t.Fatalf("assign from triage: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	body = b.get(t, back, http.StatusOK)
	if strings.Contains(body, fmt.Sprintf(`id="triage-%d"`, second)) || !strings.Contains(body, "Which claim is this") || !strings.Contains(body, `id="filed-note"`) {
		t.Errorf("triage after assigning:\n%s", body)
	}
	var docs int
	b.query(t, `SELECT count(*) FROM documents d JOIN document_messages dm ON dm.document_id = d.id
		WHERE dm.message_id = $1 AND d.claim_id = $2`, []any{second, hicks}, &docs)
	if docs != 2 {
		t.Errorf("%d documents filed with the message", docs)
	}
}

func TestTriagePaging(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	for i := range triagePageSize + 3 {
		b.addMessage(t, msgSeed{Subject: fmt.Sprintf("Unsure %02d", i), Status: "triage"})
		if i%2 == 0 {
			b.clock.Advance(time.Second) // some share their time: the order breaks ties by id
		}
	}
	body := b.get(t, "/triage", http.StatusOK)
	if n := strings.Count(body, `class="card triage-item"`); n != triagePageSize {
		t.Fatalf("first page: %d", n)
	}
	i := strings.Index(body, `<a href="/triage?cursor=`)
	if i < 0 {
		t.Fatal("no link to older messages")
	}
	next := body[i+len(`<a href="`):]
	next = html.UnescapeString(next[:strings.Index(next, `"`)])
	body = b.get(t, next, http.StatusOK)
	if n := strings.Count(body, `class="card triage-item"`); n != 3 || !strings.Contains(body, "Unsure 00") || strings.Contains(body, "Unsure 03") {
		t.Errorf("second page: %d\n%s", n, body)
	}
}
