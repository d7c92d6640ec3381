package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
)

// TestTriageSaysTheOfficesOwnMailWaits: the office's own mail waiting in
// triage reads as the office's, in a coordinator's words, not as mail
// that names nothing, in triage and on its page: a copy from Sent, a copy Bcc'd to the shared inbox,
// one that came back to an address no record has, and one that came back
// from an address two claims' records have, the insured's or the
// carrier's adjuster's.
func TestTriageSaysTheOfficesOwnMailWaits(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", Address: "17 Maple Ave, Springfield, IL"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks", Address: "4 Elm St, Springfield, IL"})
	nothing := classify.Decision{Outcome: classify.OutcomeTriage, Reason: "no claim evidence", Evidence: []classify.Evidence{}}
	sent := b.addMessage(t, msgSeed{Subject: "Your copy", Direction: "out", From: "claims@office.example", Status: "triage", Decision: nothing})
	bcc := b.addMessage(t, msgSeed{Subject: "Your copy", From: "beth@office.example", Status: "triage", Decision: nothing})
	back := b.addMessage(t, msgSeed{Subject: "Your copy", Direction: "out", From: "claims@office.example", Status: "triage", Decision: nothing})
	report := b.addMessage(t, msgSeed{Subject: "Undelivered Mail Returned to Sender", From: "mailer-daemon@mx.office.example", Status: "ignored",
		Decision: classify.Decision{Outcome: classify.OutcomeIgnored, Reason: "bulk or automatic mail", Evidence: []classify.Evidence{}}})
	adjuster := "mbell@prairiemutual.example"
	shared := b.addMessage(t, msgSeed{Subject: "Signed COS", Direction: "out", From: "claims@office.example", Status: "triage",
		Decision: classify.Decision{Outcome: classify.OutcomeTriage, Reason: "identifiers shared by several claims",
			Candidates: []classify.Claim{
				{ID: ripley, JobNumber: "26-1001-WTR", InsuredName: "Ellen Ripley", LossAddress: "17 Maple Ave, Springfield, IL"},
				{ID: hicks, JobNumber: "26-1002-FIR", InsuredName: "Dwayne Hicks", LossAddress: "4 Elm St, Springfield, IL"}},
			Evidence: []classify.Evidence{
				{Rule: classify.RuleReturnedTo, Matched: adjuster, Where: "to", ClaimID: ripley, Strength: classify.StrengthStrong},
				{Rule: classify.RuleReturnedTo, Matched: adjuster, Where: "to", ClaimID: hicks, Strength: classify.StrengthStrong}}}})
	carrier := b.addMessage(t, msgSeed{Subject: "Signed ATP", Direction: "out", From: "claims@office.example", Status: "triage",
		Decision: classify.Decision{Outcome: classify.OutcomeTriage, Reason: "weak evidence points to several claims",
			Evidence: []classify.Evidence{
				{Rule: classify.RuleReturnedTo, Matched: adjuster, Where: "to", ClaimID: ripley, Strength: classify.StrengthWeak},
				{Rule: classify.RuleReturnedTo, Matched: adjuster, Where: "to", ClaimID: hicks, Strength: classify.StrengthWeak}}}})
	for id, to := range map[int64]string{sent: "gretchen@inboxmail.example", bcc: "gretchen@inboxmail.example", back: "nobody@inboxmail.example", shared: adjuster} {
		if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET to_addresses = ARRAY[$2] WHERE id = $1`, id, to); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages r SET undelivered = jsonb_build_object('returned', s.message_id, 'recipients',
		jsonb_build_array(jsonb_build_object('address', 'nobody@inboxmail.example', 'status', '5.1.1'))) FROM messages s WHERE r.id = $1 AND s.id = $2`,
		report, back); err != nil {
		t.Fatal(err)
	}
	body := b.get(t, "/triage", http.StatusOK)
	// The message page says it as triage does.
	if want := "The office’s own mail to gretchen@inboxmail.example: it names no claim"; !strings.Contains(b.get(t, fmt.Sprintf("/messages/%d", bcc), http.StatusOK), want) {
		t.Errorf("the page of message %d lacks %q", bcc, want)
	}
	// The record given a close address since: the row names it.
	if _, err := b.sql.Exec(t.Context(), `UPDATE claims SET insured_email = 'nobody1@inboxmail.example' WHERE id = $1`, hicks); err != nil {
		t.Fatal(err)
	}
	later := between(t, b.get(t, "/triage", http.StatusOK), fmt.Sprintf(`id="triage-%d"`, back), `class="admin-detail"`)
	if want := "The office’s own mail to nobody@inboxmail.example came back undelivered. Dwayne Hicks (insured) of Hicks – Elm St (job 26-1002-FIR) has " +
		"nobody1@inboxmail.example on the record: file it there if it was meant for them."; !strings.Contains(later, want) {
		t.Errorf("triage row of the mail that came back lacks %q:\n%s", want, later)
	}
	for id, want := range map[int64]string{
		sent: "The office’s own mail to gretchen@inboxmail.example: it names no claim and answers no mail filed to one. File it to the claim it was written for.",
		bcc:  "The office’s own mail to gretchen@inboxmail.example: it names no claim and answers no mail filed to one.",
		back: "The office’s own mail to nobody@inboxmail.example came back undelivered, and no claim’s record has that address or one close to it. " +
			"File it to the claim it was written for, and put the address right on that claim’s record.",
		shared: "The office’s mail to " + adjuster + " came back, and that address is on more than one claim’s record: " +
			"Ripley – Maple Ave (job 26-1001-WTR) and Hicks – Elm St (job 26-1002-FIR). File it where it was meant to go.",
		carrier: "Only clues, and they fit several claims: its mail to " + adjuster + " that came back, meant for someone on the record of " +
			"Ripley – Maple Ave (job 26-1001-WTR) and Hicks – Elm St (job 26-1002-FIR).",
	} {
		row := between(t, body, fmt.Sprintf(`id="triage-%d"`, id), `class="admin-detail"`)
		if !strings.Contains(row, `<p class="why">`+want) {
			t.Errorf("triage row of message %d lacks %q:\n%s", id, want, row)
		}
	}
}
