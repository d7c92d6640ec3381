package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestMessagePageNamesSenderAsTheRecordDoes: mail from the insured's
// address that gives no name shows the name the claim's record gives it,
// as the board does; a sender's own name stays theirs.
func TestMessagePageNamesSenderAsTheRecordDoes(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	becker := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "0683449786", Insured: "Harold Becker"})
	if _, err := b.sql.Exec(context.Background(), `UPDATE claims SET insured_email = 'hbecker1948@lakesnet.example' WHERE id = $1`, becker); err != nil {
		t.Fatal(err)
	}
	bare := b.addMessage(t, msgSeed{Subject: "Re: electric bill", ClaimID: becker, Status: "filed", From: "HBecker1948@lakesnet.example"})
	page := b.get(t, fmt.Sprintf("/messages/%d", bare), http.StatusOK)
	if want := "<dt>From</dt><dd>Harold Becker &lt;HBecker1948@lakesnet.example&gt;</dd>"; !strings.Contains(page, want) {
		t.Errorf("the insured's mail lacks %q:\n%s", want, between(t, page, "<dt>From</dt>", "</dd>"))
	}
	named := b.addMessage(t, msgSeed{Subject: "Re: electric bill", ClaimID: becker, Status: "filed",
		From: "hbecker1948@lakesnet.example", FromName: "Hal B."})
	page = b.get(t, fmt.Sprintf("/messages/%d", named), http.StatusOK)
	if want := "<dt>From</dt><dd>Hal B. &lt;hbecker1948@lakesnet.example&gt;</dd>"; !strings.Contains(page, want) {
		t.Errorf("a sender's own name is not kept, want %q:\n%s", want, between(t, page, "<dt>From</dt>", "</dd>"))
	}
}

// TestPagesNameAnUnnamedSenderAlike: mail whose sender gives no name, from
// an address the record gives a name only among the claim's people (the
// insured's name not filled in yet), is named so on the claim page's
// Next, the board and the message page alike.
func TestPagesNameAnUnnamedSenderAlike(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2109-WTR", Number: "0683449791", Insured: "Harold Becker"})
	for _, q := range []string{`UPDATE claims SET insured_name = '', insured_email = 'hbecker1948@lakesnet.example' WHERE id = $1`,
		`INSERT INTO claim_participants (claim_id, role, name, email) VALUES ($1, 'referred_by', 'Harold Becker', 'HBecker1948@lakesnet.example')`} {
		if _, err := b.sql.Exec(context.Background(), q, claim); err != nil {
			t.Fatal(err)
		}
	}
	m := b.addMessage(t, msgSeed{Subject: "Re: electric bill", From: "hbecker1948@lakesnet.example", ClaimID: claim, Status: "filed",
		NeedsAck: true, Arrived: now, Due: ptr(now.Add(20 * time.Minute))})
	next := between(t, b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK), `id="next-h"`, "</section>")
	if !strings.Contains(next, "Answer Harold Becker:") {
		t.Errorf("the claim page's Next does not answer Harold Becker:\n%s", next)
	}
	board := between(t, b.get(t, "/", http.StatusOK), `id="waiting-h"`, "</section>")
	if !strings.Contains(board, `<span title="hbecker1948@lakesnet.example">Harold Becker</span>`) {
		t.Errorf("the board does not name Harold Becker:\n%s", board)
	}
	page := b.get(t, fmt.Sprintf("/messages/%d", m), http.StatusOK)
	if want := "<dt>From</dt><dd>Harold Becker &lt;hbecker1948@lakesnet.example&gt;</dd>"; !strings.Contains(page, want) {
		t.Errorf("the message page lacks %q:\n%s", want, between(t, page, "<dt>From</dt>", "</dd>"))
	}
}
