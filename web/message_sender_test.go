package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
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
