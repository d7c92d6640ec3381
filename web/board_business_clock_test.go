package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// TestBoardClocksInBusinessTime opens the board on a Monday at 06:00,
// before the office opens: the answer due Friday 17:23 is 37 business
// minutes late, not 2½ days; the one due 08:29 is told by its time, with
// no clock running down while the office is closed; a request says when
// it was asked, as a date.
func TestBoardClocksInBusinessTime(t *testing.T) {
	t.Parallel()
	b, at := decemberOffice(t, 7, 6, 0)
	claim := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "60-8H77-8H5", Insured: "Harold Becker", LossType: "Mold",
		Opened: at(1, 9, 0)})
	late := b.addMessage(t, msgSeed{Subject: "Re: electric bill", ClaimID: claim, NeedsAck: true, Status: "filed",
		Arrived: at(4, 16, 53), Due: ptr(at(4, 17, 23))})
	early := b.addMessage(t, msgSeed{Subject: "Jensen - equipment pickup and COS", ClaimID: claim, NeedsAck: true, Status: "filed",
		Arrived: at(4, 17, 59), Due: ptr(at(7, 8, 29))})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'ann@carrier.example', '{cos}', 'Please send the COS', $3, $4, 1)`, claim, early, at(4, 17, 59), at(7, 12, 0)); err != nil {
		t.Fatal(err)
	}

	body := b.get(t, "/", http.StatusOK)
	row := func(id int64) string {
		s := body[strings.Index(body, fmt.Sprintf(`id="ack-%d"`, id)):]
		return s[:strings.Index(s, "</li>")]
	}
	for _, want := range []string{">overdue 37 business min<", "since Fri Dec 4, 17:23"} {
		if !strings.Contains(row(late), want) {
			t.Errorf("the late answer's row lacks %q:\n%s", want, row(late))
		}
	}
	for _, want := range []string{">due 08:29<", "office opens Mon Dec 7, 08:00"} {
		if !strings.Contains(row(early), want) {
			t.Errorf("the answer due after opening lacks %q:\n%s", want, row(early))
		}
	}
	if jump := body[strings.Index(body, `href="#waiting-h"`):]; !strings.Contains(jump[:strings.Index(jump, "</a>")], "overdue 37 business min") {
		t.Errorf("the board's Waiting link does not give the first clock in business time:\n%s", jump[:strings.Index(jump, "</a>")])
	}
	requests := body[strings.Index(body, `id="requests-h"`):]
	requests = requests[:strings.Index(requests, "</section>")]
	if !strings.Contains(requests, "asked <time") || !strings.Contains(requests, "Fri Dec 4, 17:59</time>") {
		t.Errorf("the request does not say when it was asked:\n%s", requests)
	}
	// Wall-clock spans ("2 d 12 h", "2 h 5 min left") are gone from the
	// waiting list and the requests.
	for _, wall := range []string{" d 12 h", " h 5 min left", " d 13 h", "2 h 29 min left"} {
		if strings.Contains(body, wall) {
			t.Errorf("the board counts in wall-clock time: %q", wall)
		}
	}
}

// decemberOffice is a page bundle of the office in Chicago with the
// default business hours, its clock at December day, hour:min 2026 (the
// 7th is a Monday), and at, a time of that December on its clock.
func decemberOffice(t *testing.T, day, hour, min int) (*pageBundle, func(day, hour, min int) time.Time) {
	t.Helper()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hour, min int) time.Time { return time.Date(2026, time.December, day, hour, min, 0, 0, loc) }
	return setupPagesIn(t, loc, sla.DefaultHours(), at(day, hour, min)), at
}
