package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// fieldDocsClaim is an office that sends mail, at midday, with a claim
// opened three days before from which nothing has come, whose people are
// people (role, name, email: empty when the claim has none).
func fieldDocsClaim(t *testing.T, people ...[3]string) *remindersBundle {
	t.Helper()
	b := &remindersBundle{pageBundle: setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))}
	b.sendMail(t)
	b.claim = b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley",
		Opened: b.clock.Now().Add(-72 * time.Hour)})
	for _, p := range people {
		if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
			VALUES ($1, $2, $3, $4)`, b.claim, p[0], p[1], p[2]); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// remind presses the one-click reminder of the field's documents to the
// address to, as a button of the board's row does.
func (b *remindersBundle) remind(t *testing.T, to string) {
	t.Helper()
	click := url.Values{"kind": {storage.ReminderChaseUpload}, "to": {to}, "back": {"/"}}
	if resp, body := b.post(t, fmt.Sprintf("/claims/%d/remind", b.claim), click); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reminding %s: %d\n%s", to, resp.StatusCode, body)
	}
}

// sayEverywhere checks that each line of the claim page's Next that asks
// for documents, each of the morning page's, and the board's row say
// want of where their reminder stands.
func (b *remindersBundle) sayEverywhere(t *testing.T, want string) {
	t.Helper()
	lines := 0
	for _, l := range claimNextLine.FindAllStringSubmatch(b.get(t, fmt.Sprintf("/claims/%d", b.claim), http.StatusOK), -1) {
		if !strings.HasPrefix(l[2], "Ask ") {
			continue
		}
		lines++
		if says := reminderStatusOf(l[3]); says != want {
			t.Errorf("the claim page's line %q says %q, want %q", l[2], says, want)
		}
	}
	for _, l := range morningLine.FindAllStringSubmatch(b.get(t, "/morning", http.StatusOK), -1) {
		if !strings.HasPrefix(l[1], "Ask ") {
			continue
		}
		lines++
		if says := reminderStatusOf(l[2]); says != want {
			t.Errorf("the morning page's line %q says %q, want %q", l[1], says, want)
		}
	}
	if lines < 2 {
		t.Errorf("the claim page and the morning page have %d lines asking for documents, want some on each", lines)
	}
	if says := reminderStatusOf(b.paperworkRow(t)); says != want {
		t.Errorf("the board's row says %q, want %q", says, want)
	}
}

// TestReminderToTheForemanStandsOnEveryPage: the claim's lines ask Ana,
// its technician, for the field's documents; the board's row offers to
// remind Joe, its foreman, too. Once Joe was reminded, the claim page,
// the morning page and the board all say so.
func TestReminderToTheForemanStandsOnEveryPage(t *testing.T) {
	t.Parallel()
	b := fieldDocsClaim(t, [3]string{"technician", "Ana Ruiz", "ana@field.example"}, [3]string{"foreman", "Joe Park", "joe@field.example"})
	if row := b.paperworkRow(t); !strings.Contains(row, ">Remind Joe</button>") {
		t.Fatalf("the board's row does not offer to remind Joe:\n%s", row)
	}
	b.sayEverywhere(t, "")
	b.remind(t, "joe@field.example")
	b.sayEverywhere(t, "reminded Joe 12:00, no answer yet")
}

// TestReminderToAListedAddressStandsOnEveryPage: the claim names its
// technician Marcus without an address, which the office's people list
// gives; once the line's "Remind Marcus" went to it, the claim page, the
// morning page and the board all say so.
func TestReminderToAListedAddressStandsOnEveryPage(t *testing.T) {
	t.Parallel()
	b := fieldDocsClaim(t, [3]string{"technician", "Marcus Lee", ""})
	if _, err := b.db.SavePerson(context.Background(), storage.Person{OfficeID: storage.DefaultOfficeID, Role: "technician",
		Name: "Marcus Lee", Email: "marcus@field.example"}); err != nil {
		t.Fatal(err)
	}
	if row := b.paperworkRow(t); !strings.Contains(row, ">Remind Marcus</button>") {
		t.Fatalf("the board's row does not offer to remind Marcus:\n%s", row)
	}
	b.sayEverywhere(t, "")
	b.remind(t, "marcus@field.example")
	b.sayEverywhere(t, "reminded Marcus 12:00, no answer yet")
}
