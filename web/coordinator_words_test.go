package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// TestTriageRowSaysWhatAMessageIsAbout shows, on each row of triage, to
// which of the office's addresses a message went and the first line of
// what it says, without opening it: greetings and quotes skipped, markup
// escaped, long lines cut.
func TestTriageRowSaysWhatAMessageIsAbout(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	plain := b.addMessage(t, msgSeed{Subject: "Water in basement", Status: "triage", FromName: "Brian Kessler",
		BodyText: "Hello,\r\n\r\n> an older message\r\nOur sump pump quit <b>overnight</b> and\tthere is water\r\nin the basement.\r\nBrian"})
	long := b.addMessage(t, msgSeed{Subject: "Long", Status: "triage", BodyText: strings.Repeat("word ", 60)})
	htmlOnly := b.addMessage(t, msgSeed{Subject: "Estimate for the loss", Status: "triage",
		BodyHTML: `<style>p{color:red}</style><p>Hi Ann,</p><p>Please find the estimate &amp; sketch attached.</p>`})
	bcc := b.addMessage(t, msgSeed{Subject: "Photos", Status: "triage", BodyText: "Photos of the kitchen."})
	lookalike := b.addMessage(t, msgSeed{Subject: "Invoice", Status: "triage", BodyText: "Invoice due."})
	ctx := context.Background()
	// One went to the estimates address, copied to someone outside; one
	// to someone outside with the office's mailbox as a Bcc; one to an
	// address that only starts as the mailbox's does.
	for id, toCc := range map[int64][2]string{htmlOnly: {"{someone@carrier.example}", "{estimates@office.example}"},
		bcc: {"{someone@carrier.example}", "{}"}, lookalike: {"{claims@office.ex}", "{}"}} {
		if _, err := b.sql.Exec(ctx, `UPDATE messages SET to_addresses = $2, cc_addresses = $3 WHERE id = $1`,
			id, toCc[0], toCc[1]); err != nil {
			t.Fatal(err)
		}
	}
	b.triageMessage(t, "Which claim?", ripley, hicks)

	body := b.get(t, "/triage", http.StatusOK)
	row := func(id int64) string {
		t.Helper()
		m := regexp.MustCompile(fmt.Sprintf(`(?s)<li class="card triage-item" id="triage-%d">.*?</div>\s*(?:<ul class="candidates">|<p class="muted">)`, id)).FindString(body)
		if m == "" {
			t.Fatalf("no row for message %d:\n%s", id, body)
		}
		return m
	}
	for _, c := range []struct {
		id        int64
		to, first string
	}{
		{plain, `to <span class="address">claims@office.example</span>`,
			`<p class="snippet">Our sump pump quit &lt;b&gt;overnight&lt;/b&gt; and there is water</p>`},
		{long, `to <span class="address">claims@office.example</span>`,
			`<p class="snippet">` + strings.TrimSpace(strings.Repeat("word ", 28)) + `…</p>`},
		{htmlOnly, `to <span class="address">estimates@office.example</span></div>`,
			`<p class="snippet">Please find the estimate &amp; sketch attached.</p>`},
		{bcc, `to <span class="address">claims@office.example</span></div>`, `<p class="snippet">Photos of the kitchen.</p>`},
		{lookalike, `to <span class="address">claims@office.example</span></div>`, `<p class="snippet">Invoice due.</p>`},
	} {
		r := row(c.id)
		if !strings.Contains(r, c.to) || !strings.Contains(r, c.first) {
			t.Errorf("triage row of message %d lacks %q or %q:\n%s", c.id, c.to, c.first, r)
		}
	}
}

// TestTriageRowOfForwardedMail shows, on triage rows of mail forwarded
// automatically into the office's mailbox, the address it was sent to,
// the forwarder's, and that it was forwarded there: not the mailbox as if
// the sender had written to it, nor a coordinator's address as if it had
// come to the office that way. Mail that came straight reads as before.
func TestTriageRowOfForwardedMail(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	triage := func(subject string, to []string, forwardedBy string) int64 {
		t.Helper()
		id := b.addMessage(t, msgSeed{Subject: subject, Status: "triage"})
		if err := b.db.SaveParsed(ctx, id, storage.ParsedMessage{To: to, BodyText: subject, ForwardedBy: forwardedBy}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.sql.Exec(ctx, `UPDATE messages SET status = 'triage' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	ownRule := triage("To a coordinator", []string{"ana@office.example"}, "ana@office.example")
	gmail := triage("To a Gmail account", []string{"someone@carrier.example", "ana.diaz@gmail.example"}, "ana.diaz@gmail.example")
	bcc := triage("A Bcc", []string{"someone@carrier.example"}, "")
	tagged := triage("To the claim's address", []string{"claims+26-1001-WTR@office.example"}, "claims+26-1001-WTR@office.example")

	body := b.get(t, "/triage", http.StatusOK)
	for id, want := range map[int64]string{
		ownRule: `to <span class="address">ana@office.example</span>, forwarded automatically to <span class="address">claims@office.example</span></div>`,
		gmail:   `to <span class="address">ana.diaz@gmail.example</span>, forwarded automatically to <span class="address">claims@office.example</span></div>`,
		bcc:     `to <span class="address">claims@office.example</span></div>`,
		tagged:  `to <span class="address">claims&#43;26-1001-WTR@office.example</span></div>`,
	} {
		if row := between(t, body, fmt.Sprintf(`id="triage-%d"`, id), `<p class="snippet">`); !strings.Contains(row, want) {
			t.Errorf("triage row of message %d lacks %q:\n%s", id, want, row)
		}
	}
}

// TestPagesSayWhatCodesMean keeps the codes of the API out of the words
// a coordinator reads: message statuses, how strongly evidence points at
// a claim, the setting that turns sending on and Message-IDs. The API and
// the filter's values keep their codes.
func TestPagesSayWhatCodesMean(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley",
		Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	b.addMessage(t, msgSeed{Subject: "Newsletter", Status: "ignored"})
	b.addMessage(t, msgSeed{Subject: "Broken", Status: "failed", Error: "unexpected EOF"})
	id := b.addMessage(t, msgSeed{Subject: "Claim 60-8H77-8H5", Status: "triage", NeedsAck: true, Due: ptr(b.clock.Now()),
		From: "ann@carrier.example", Decision: classify.Decision{Outcome: classify.OutcomeTriage, Reason: "two claims",
			Candidates: []classify.Claim{{ID: ripley, JobNumber: "26-1001-WTR", Open: true}, {ID: hicks, JobNumber: "26-1002-FIR", Open: true}},
			Evidence: []classify.Evidence{
				{Rule: classify.RuleClaimNumber, Matched: "60-8H77-8H5", Where: "subject", ClaimID: ripley, Strength: classify.StrengthStrong},
				{Rule: classify.RuleThread, Matched: "<m1@carrier.example>", Where: "in_reply_to", ClaimID: ripley, Strength: classify.StrengthStrong},
				{Rule: classify.RuleInsuredName, Matched: "Hicks", Where: "body", ClaimID: hicks, Strength: classify.StrengthWeak},
			}}})

	messages := b.get(t, "/messages", http.StatusOK)
	for _, want := range []string{`<option value="parsed">being read</option>`, `<option value="ignored">not for a claim</option>`,
		`<option value="failed">could not be read</option>`, `<option value="rejected">too large to read</option>`,
		`<span class="status status-ignored">not for a claim</span>`, `<span class="status status-failed">could not be read</span>`} {
		if !strings.Contains(messages, want) {
			t.Errorf("the messages page lacks %q", want)
		}
	}

	why := map[string]string{"/triage": "", fmt.Sprintf("/messages/%d", id): ""}
	for path := range why {
		page := b.get(t, path, http.StatusOK)
		for _, want := range []string{">same claim number</", ">reply in the thread</", ">insured&#39;s name only — check</"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
		if regexp.MustCompile(`>\s*(strong|medium|weak|STRONG|MEDIUM|WEAK)\s*<`).MatchString(page) {
			t.Errorf("%s grades evidence in codes", path)
		}
	}

	// The Message-ID and the sending setting are in the administrator's
	// fold, and nowhere else on the page.
	for _, path := range []string{fmt.Sprintf("/messages/%d", id), fmt.Sprintf("/claims/%d", ripley), "/settings/digest"} {
		page := b.get(t, path, http.StatusOK)
		outside := regexp.MustCompile(`(?s)<details class="admin-detail">.*?</details>`).ReplaceAllString(page, "")
		for _, code := range []string{"CLAIMDESK_SMTP_URL", "Message-ID", "@carrier.example&gt;"} {
			if i := strings.Index(outside, code); i >= 0 {
				t.Errorf("%s shows %q outside the administrator's fold: %s", path, code, outside[max(0, i-300):i+50])
			}
		}
	}
	if page := b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK); !strings.Contains(page, "<summary>For the administrator</summary>") {
		t.Errorf("the message page has no fold for the administrator")
	}
}

// TestSentToNamesTheMailboxByItsLogin reads a mailbox account as the
// watchers name it, login@host: the login when it is an address, never
// the IMAP server's host.
func TestSentToNamesTheMailboxByItsLogin(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		account, recipient, want string
	}{
		{"claims@office.example@imap.mailhost.example", "someone@carrier.example", "claims@office.example"},
		{"claims@office.example@imap.mailhost.example", "claims@office.ex", "claims@office.example"},
		{"claims@imap.office.example", "someone@carrier.example", "someone@carrier.example"},
		{"claims@office.example", "jobs@office.example", "jobs@office.example"},
	} {
		row := storage.TriageRow{MessageRow: storage.MessageRow{Direction: "in"}, Mailbox: c.account, Recipients: []string{c.recipient}}
		if got := sentTo(row, "office.example"); len(got) != 1 || got[0] != c.want {
			t.Errorf("sent to %s, arrived in %s: shown as %v, want %s", c.recipient, c.account, got, c.want)
		}
	}
}

// TestTriageSaysWhyInWords puts in triage a reply in one claim's thread
// that names another claim's number, as the classifier decides it: triage
// and the message page say why in words, naming the claims by insured and
// street, and the classifier's own reason, with its grades and the
// thread's Message-ID, is only in the administrator's fold.
func TestTriageSaysWhyInWords(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := classify.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", InsuredName: "Ellen Ripley",
		LossAddress: "17 Maple Ave, Springfield, IL 62704", Open: true}
	hicks := classify.Claim{JobNumber: "26-1002-FIR", ClaimNumber: "0683449786", InsuredName: "Dwayne Hicks", Open: true}
	ripley.ID = b.addClaim(t, claimSeed{Job: ripley.JobNumber, Number: ripley.ClaimNumber, Insured: ripley.InsuredName, Address: ripley.LossAddress})
	hicks.ID = b.addClaim(t, claimSeed{Job: hicks.JobNumber, Number: hicks.ClaimNumber, Insured: hicks.InsuredName})
	reg := classify.NewMemRegistry(ripley, hicks)
	reg.FileMessage("<ack.7@office.example>", ripley.ID)
	d := classify.MatchClaim(&classify.Message{From: classify.Address{Email: "someone@gmail.example"},
		Subject: "RE: 0683449786 photos", InReplyTo: "<ack.7@office.example>"}, reg, classify.Config{OfficeDomain: "office.example"})
	if d.Outcome != classify.OutcomeTriage || !strings.Contains(d.Reason, "<ack.7@office.example>") {
		t.Fatalf("the classifier %s it: %s", d.Outcome, d.Reason)
	}
	id := b.addMessage(t, msgSeed{Subject: "RE: 0683449786 photos", Status: "triage", Decision: d})

	why := "It points to more than one claim: a reply in the thread of Ripley – Maple Ave (job 26-1001-WTR); " +
		"the claim number of Hicks (job 26-1002-FIR)."
	fold := regexp.MustCompile(`(?s)<details class="admin-detail">.*?</details>`)
	for _, path := range []string{"/triage", fmt.Sprintf("/messages/%d", id)} {
		page := b.get(t, path, http.StatusOK)
		if !strings.Contains(page, why) {
			t.Errorf("%s does not say why in words:\n%s", path, page)
		}
		// The words shown, not the markup's class names.
		outside := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(fold.ReplaceAllString(page, ""), "")
		if m := regexp.MustCompile(`(?i)ack\.7@office\.example|evidence|\bstrong\b|\bweak\b`).FindString(outside); m != "" {
			t.Errorf("%s shows %q outside the administrator's fold", path, m)
		}
		if folded := strings.Join(fold.FindAllString(page, -1), ""); !strings.Contains(folded, "<summary>The classifier’s own words</summary>") ||
			!strings.Contains(folded, "strong evidence points to different claims") ||
			!strings.Contains(folded, "&lt;ack.7@office.example&gt;") {
			t.Errorf("%s folds away no classifier's reason:\n%s", path, folded)
		}
	}
}

// TestEvidenceWithoutAPlaceSaysNone shows a number one character off a
// claim's, which the classifier finds without noting where, as just that:
// not followed by an "in" that names nothing.
func TestEvidenceWithoutAPlaceSaysNone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "0683449786", Insured: "Ellen Ripley"})
	id := b.addMessage(t, msgSeed{Subject: "Claim 0683449787 photos", Status: "triage", Decision: classify.Decision{Outcome: classify.OutcomeTriage,
		Candidates: []classify.Claim{{ID: ripley, JobNumber: "26-1001-WTR", ClaimNumber: "0683449786", Open: true}},
		Evidence:   []classify.Evidence{{Rule: classify.RuleNearClaimNumber, Matched: "0683449787", ClaimID: ripley, Strength: classify.StrengthWeak}},
		Unknown:    []string{"0683449787"}}})
	for _, path := range []string{"/triage", fmt.Sprintf("/messages/%d", id)} {
		page := b.get(t, path, http.StatusOK)
		if !strings.Contains(page, "0683449787</span>”") || regexp.MustCompile(`0683449787(</span>)?” in\s*(<|$)`).MatchString(page) {
			t.Errorf("%s says where the near number was found, and names no place:\n%s", path, page)
		}
	}
}
