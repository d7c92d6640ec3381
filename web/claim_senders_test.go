package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// sendersBundle is a dashboard that can send mail, with a claim opened
// three days ago into which the office's technicians, its coordinator,
// a plumber, the homeowner, the adjuster, the office's own mailbox and
// machines wrote, and whose people are only its marketing rep and referral.
type sendersBundle struct {
	*pageBundle
	claim int64
}

func setupSenders(t *testing.T) *sendersBundle {
	t.Helper()
	b := &sendersBundle{pageBundle: setupPages(t)}
	ctx := context.Background()
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Outbox = outbox.NewOutbox(b.db, rc, outbox.OutboxConfig{
		From: mail.Address{Address: "Claims@Office.example"}, OfficeDomain: "office.example", Now: b.clock.Now,
	})
	now := b.clock.Now()
	b.claim = b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Naomi Fairbanks",
		Adjuster: "Ann Adjuster", AdjusterEmail: "Ann.Adjuster@carrier.example", Opened: now.Add(-72 * time.Hour)})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET insured_email = 'naomi@inboxmail.example' WHERE id = $1`, b.claim); err != nil {
		t.Fatal(err)
	}
	people := []storage.ClaimParticipant{{Role: "marketing", Name: "Rita Morales"},
		{Role: "referred_by", Name: "Pena Plumbing", Email: "office@penaplumbing.example"}}
	if _, err := b.db.UpdateClaim(ctx, b.claim, storage.ClaimPatch{Participants: &people}, "import"); err != nil {
		t.Fatal(err)
	}
	// Sam is on the office's people list, as its foreman.
	if _, err := b.db.SavePerson(ctx, storage.Person{OfficeID: storage.DefaultOfficeID, Role: "foreman", Name: "Samuel Whitaker",
		Email: "swhitaker@office.example", Phone: "612-555-0103"}); err != nil {
		t.Fatal(err)
	}
	n := 0
	wrote := func(from, name string, needsAck bool, docs ...string) int64 {
		t.Helper()
		n++
		id := b.addMessage(t, msgSeed{Subject: fmt.Sprintf("26-1001-WTR message %d", n), From: from, FromName: name,
			ClaimID: b.claim, Status: storage.StatusFiled, NeedsAck: needsAck, Arrived: now.Add(time.Duration(n-60) * time.Minute)})
		for i, dt := range docs {
			doc := b.addDocument(t, b.claim, docSeed{Filename: fmt.Sprintf("%s-%d-%d.jpg", dt, n, i), ContentType: "image/jpeg",
				DocType: dt, Folder: "Photos", Data: fmt.Appendf(nil, "file %d %d", n, i)})
			if _, err := b.sql.Exec(ctx, `INSERT INTO document_messages (document_id, message_id) VALUES ($1, $2)`, doc, id); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	wrote("jhalvorsen@office.example", "Jake H.", false, "photo", "photo")
	wrote("JHalvorsen@office.example", "Jake Halvorsen", false, "photo")
	wrote("lortega@office.example", "Luis Ortega", false, "photo", "photo")
	wrote("swhitaker@office.example", "Sam", false, "sketch")
	wrote("mdelgado@office.example", "Maria Delgado", false, "photo")
	wrote("pete@plumbfast.example", "Pete Lindqvist", true, "photo", "photo")
	wrote("dana@office.example", "Dana", false)
	wrote("dana@office.example", "Dana", false)
	wrote("desk.adjuster@carrier.example", "Dev Desk", true)
	// Never suggested: the adjuster, the insured, the people already on
	// the claim (by address or by name), the office's mailbox and forward
	// address, machines, a bounce and automatic mail from outside.
	wrote("ann.adjuster@carrier.example", "Ann Adjuster", true, "estimate")
	wrote("naomi@inboxmail.example", "Naomi", true, "photo")
	wrote("naomi.fairbanks@gmail.example", "Naomi Fairbanks", true, "photo")
	wrote("ann@gmail.example", "ann adjuster", true)
	wrote("office@penaplumbing.example", "Pena Plumbing", true)
	wrote("rmorales@office.example", "Rita Morales", false)
	wrote("claims@office.example", "Office Claims", false, "photo")
	wrote("claims+26-1001-WTR@office.example", "", false)
	wrote("MAILER-DAEMON@mx.office.example", "Mail Delivery System", false)
	wrote("notifications@xactanalysis.example", "XactAnalysis", false, "estimate")
	bounce := wrote("postbox@relay.example", "Relay", true)
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET undelivered = '{}' WHERE id = $1`, bounce); err != nil {
		t.Fatal(err)
	}
	// Mail not filed into the claim, and the office's own sent mail.
	b.addMessage(t, msgSeed{Subject: "unsure", From: "stranger@else.example", NeedsAck: true, Status: "triage"})
	b.addMessage(t, msgSeed{Subject: "Re: 26-1001-WTR", From: "out@office.example", Direction: "out", ClaimID: b.claim,
		Status: storage.StatusFiled})
	return b
}

// senders is the claim page's list of who wrote in; empty when it has
// none.
func (b *sendersBundle) senders(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `id="senders"`)
	if i < 0 {
		return ""
	}
	return page[i : i+strings.Index(page[i:], "</ul>")]
}

// senderRow is the row of the sender named who in list.
func senderRow(t *testing.T, list, who string) string {
	t.Helper()
	i := strings.Index(list, "<strong>"+who+"</strong>")
	if i < 0 {
		t.Fatalf("no suggestion %q in:\n%s", who, list)
	}
	row := list[i:]
	if end := strings.Index(row, "</li>"); end >= 0 {
		row = row[:end]
	}
	return row
}

// paperworkRow is the claim's row of the board's paperwork section.
func (b *sendersBundle) paperworkRow(t *testing.T) string {
	t.Helper()
	body := b.get(t, "/", http.StatusOK)
	i := strings.Index(body, fmt.Sprintf(`id="paperwork-%d"`, b.claim))
	if i < 0 {
		t.Fatalf("the board has no paperwork row for the claim:\n%s", body)
	}
	return body[i : i+strings.Index(body[i:], "</li>\n")]
}

// TestClaimPageSuggestsWhoWroteIn: a claim whose people lack a technician
// suggests, beside its people, the five who wrote into it and are not on
// it, those who sent documents and the office's own first, each with what
// they sent and the role to add them in; one click adds one, in the
// claim's history, and the paperwork then names them and offers to remind
// them.
func TestClaimPageSuggestsWhoWroteIn(t *testing.T) {
	t.Parallel()
	b := setupSenders(t)
	ctx := context.Background()
	claimPage := fmt.Sprintf("/claims/%d", b.claim)
	page := b.get(t, claimPage, http.StatusOK)
	list := b.senders(t, page)
	if !inOrder(list, "Jake Halvorsen", "Luis Ortega", "Maria Delgado", "Samuel Whitaker", "Pete Lindqvist") {
		t.Errorf("suggestions, want the office's technicians with documents by how many, then the plumber:\n%s", list)
	}
	if n := strings.Count(list, `class="sender"`); n != 5 {
		t.Errorf("%d suggestions, want 5", n)
	}
	for _, never := range []string{"Dana", "desk.adjuster", "Ann", "ann@gmail", "ann.adjuster", "Naomi", "naomi", "penaplumbing", "Rita",
		"Office Claims", "claims@", "claims+", "MAILER-DAEMON", "mailer-daemon", "xactanalysis", "Relay", "stranger", "out@"} {
		if strings.Contains(list, never) {
			t.Errorf("the suggestions show %q:\n%s", never, list)
		}
	}
	jake := senderRow(t, list, "Jake Halvorsen")
	for _, want := range []string{"jhalvorsen@office.example", "sent 3 photos in 2 messages", `<span class="tag">staff</span>`,
		`<option value="technician" selected>Technician</option>`, fmt.Sprintf(`action="/claims/%d/participants"`, b.claim)} {
		if !strings.Contains(jake, want) {
			t.Errorf("Jake's suggestion lacks %q:\n%s", want, jake)
		}
	}
	// The people list knows Sam's address: its name and role for him.
	if sam := senderRow(t, list, "Samuel Whitaker"); !strings.Contains(sam, `<option value="foreman" selected>`) ||
		!strings.Contains(sam, "sent 1 sketch in 1 message") {
		t.Errorf("Sam's suggestion, want the list's foreman and his sketch:\n%s", sam)
	}
	// Someone from outside is added in a role chosen, never guessed.
	if pete := senderRow(t, list, "Pete Lindqvist"); !strings.Contains(pete, `<option value="">role…</option>`) ||
		strings.Contains(pete, "selected") || strings.Contains(pete, "staff") || !strings.Contains(pete, "sent 2 photos in 1 message") {
		t.Errorf("the plumber's suggestion has a role picked:\n%s", pete)
	}
	if row := b.paperworkRow(t); !strings.Contains(row, "Add the technician to the claim to ask them for the") || strings.Contains(row, "Remind") {
		t.Fatalf("before a technician, the paperwork row says:\n%s", row)
	}

	// One click on Jake's Add, its role as offered.
	resp, body := b.post(t, claimPage+"/participants", url.Values{"role": {"technician"}, "name": {"Jake Halvorsen"},
		"email": {"jhalvorsen@office.example"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != claimPage+"#people" {
		t.Fatalf("add: %d to %q, want 303 back to the claim's people\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	ps, err := b.db.ParticipantsOfClaims(ctx, []int64{b.claim})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ps[b.claim], storage.ClaimParticipant{ClaimID: b.claim, Role: "technician", Name: "Jake Halvorsen",
		Email: "jhalvorsen@office.example"}) || len(ps[b.claim]) != 3 {
		t.Errorf("participants %+v, want the two there were and Jake", ps[b.claim])
	}
	page = b.get(t, claimPage, http.StatusOK)
	list = b.senders(t, page)
	if strings.Contains(list, "Jake") || !inOrder(list, "Luis Ortega", "Maria Delgado", "Samuel Whitaker", "Pete Lindqvist", "Dana") {
		t.Errorf("after Jake was added, the suggestions are:\n%s", list)
	}
	// Dana signs in to the office: a coordinator.
	if dana := senderRow(t, list, "Dana"); !strings.Contains(dana, `<option value="coordinator" selected>`) ||
		!strings.Contains(dana, "wrote 2 messages") {
		t.Errorf("the office's user is not offered as its coordinator:\n%s", dana)
	}
	history := page[strings.Index(page, `id="history"`):]
	if !strings.Contains(history, "Technician: Jake Halvorsen &lt;jhalvorsen@office.example&gt;") || !strings.Contains(history, b.email) {
		t.Errorf("the history does not show Jake added by %s:\n%s", b.email, history)
	}
	if !strings.Contains(page, ">Remind Jake</button>") {
		t.Error("the claim page offers no reminder to Jake")
	}
	if row := b.paperworkRow(t); !strings.Contains(row, "Ask Jake for the") || !strings.Contains(row, ">Remind Jake</button>") {
		t.Errorf("after Jake was added, the paperwork row says:\n%s", row)
	}

	// Sam in the role the list gives him: his phone comes along.
	if resp, body := b.post(t, claimPage+"/participants", url.Values{"role": {"foreman"}, "name": {"Samuel Whitaker"},
		"email": {"swhitaker@office.example"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add Sam: %d\n%s", resp.StatusCode, body)
	}
	ps, err = b.db.ParticipantsOfClaims(ctx, []int64{b.claim})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ps[b.claim], storage.ClaimParticipant{ClaimID: b.claim, Role: "foreman", Name: "Samuel Whitaker",
		Email: "swhitaker@office.example", Phone: "612-555-0103"}) {
		t.Errorf("participants %+v, want Sam with the list's phone", ps[b.claim])
	}
}

// TestAddingWhoWroteInRefusesWithoutARole: the plumber, offered with no
// role, is not added until one is chosen, nor in a role that does not
// exist; a read-only member sees who wrote in but is offered no Add.
func TestAddingWhoWroteInRefusesWithoutARole(t *testing.T) {
	t.Parallel()
	b := setupSenders(t)
	ctx := context.Background()
	claimPage := fmt.Sprintf("/claims/%d", b.claim)
	var changes int
	b.query(t, `SELECT count(*) FROM claim_changes WHERE claim_id = $1`, []any{b.claim}, &changes)
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"name": {"Pete Lindqvist"}, "email": {"pete@plumbfast.example"}}, "choose the role of Pete Lindqvist"},
		{url.Values{"role": {"plumber"}, "name": {"Pete Lindqvist"}}, "is no role"},
		{url.Values{"role": {"referred_by"}, "email": {"not an address"}}, "is not an email address"},
		{url.Values{"role": {"referred_by"}}, "say whom to add"},
	} {
		resp, body := b.post(t, claimPage+"/participants", c.form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, c.want) {
			t.Errorf("%v: %d, want 400 saying %q\n%.400s", c.form, resp.StatusCode, c.want, body)
		}
	}
	var after int
	b.query(t, `SELECT count(*) FROM claim_changes WHERE claim_id = $1`, []any{b.claim}, &after)
	if ps, err := b.db.ParticipantsOfClaims(ctx, []int64{b.claim}); err != nil || len(ps[b.claim]) != 2 || after != changes {
		t.Errorf("refused adds changed the claim: %+v (%v), %d changes, were %d", ps[b.claim], err, after, changes)
	}
	if resp, _ := b.post(t, "/claims/999999/participants", url.Values{"role": {"technician"}, "name": {"X"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a claim that does not exist: %d, want 404", resp.StatusCode)
	}

	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	reader := &pageBundle{office: b.office, email: rita.Email}
	reader.c = b.client(t)
	reader.csrf = reader.login(t, reader.c, rita.Email, "rita-password-1")
	list := b.senders(t, reader.get(t, claimPage, http.StatusOK))
	if !strings.Contains(list, "Jake Halvorsen") || strings.Contains(list, "/participants") {
		t.Errorf("a read-only member's suggestions, want them without Add:\n%s", list)
	}
}

// TestClaimWithoutSendersSuggestsNobody: a claim nobody wrote into shows
// no suggestions, and no empty box.
func TestClaimWithoutSendersSuggestsNobody(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addClaim(t, claimSeed{Job: "26-1002-WTR", Number: "0683449786", Insured: "Dwayne Hicks"})
	b.addMessage(t, msgSeed{Subject: "Assignment", From: "adjuster@carrier.example", ClaimID: id, Status: storage.StatusFiled})
	if page := b.get(t, fmt.Sprintf("/claims/%d", id), http.StatusOK); strings.Contains(page, `id="senders"`) {
		t.Error("a claim only its adjuster's automatic mail came into suggests someone")
	}
}

func TestSentWords(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		sender storage.ClaimSender
		want   string
	}{
		{storage.ClaimSender{Messages: 1}, "wrote 1 message"},
		{storage.ClaimSender{Messages: 6, Documents: map[string]int{"scope": 1, "atp": 1, "photo": 14, "esx": 2}},
			"sent 14 photos, 1 ATP, 1 scope, 2 files in 6 messages"},
		{storage.ClaimSender{Messages: 2, Documents: map[string]int{"photo": 1, "sketch": 2}}, "sent 1 photo, 2 sketches in 2 messages"},
	} {
		if got := sentWords(c.sender); got != c.want {
			t.Errorf("%+v: %q, want %q", c.sender, got, c.want)
		}
	}
}

// dismissed is the claim page's folded list of those dismissed from its
// suggestions; empty when it has none.
func dismissedList(page string) string {
	i := strings.Index(page, `id="dismissed"`)
	if i < 0 {
		return ""
	}
	return page[i : i+strings.Index(page[i:], "</details>")]
}

// TestDismissingWhoWroteIn: "Not part of this claim" on the plumber takes
// him off the claim's suggestions, in its history, and lists him as
// dismissed, where "Suggest again" brings him back, in the history too;
// dismissed again, he can still be added to the claim's people, which
// ends his dismissal.
func TestDismissingWhoWroteIn(t *testing.T) {
	t.Parallel()
	b := setupSenders(t)
	ctx := context.Background()
	claimPage := fmt.Sprintf("/claims/%d", b.claim)
	dismiss, restore := claimPage+"/senders/dismiss", claimPage+"/senders/restore"
	page := b.get(t, claimPage, http.StatusOK)
	pete := senderRow(t, b.senders(t, page), "Pete Lindqvist")
	for _, want := range []string{fmt.Sprintf(`action="%s"`, dismiss), `name="email" value="pete@plumbfast.example"`,
		`aria-label="Not part of this claim: Pete Lindqvist">Not part of this claim</button>`} {
		if !strings.Contains(pete, want) {
			t.Errorf("the plumber's suggestion lacks %q:\n%s", want, pete)
		}
	}
	if dismissedList(page) != "" {
		t.Errorf("before any dismissal, the page lists some:\n%s", dismissedList(page))
	}

	resp, body := b.post(t, dismiss, url.Values{"email": {"pete@plumbfast.example"}, "name": {"Pete Lindqvist"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != claimPage+"#senders" {
		t.Fatalf("dismiss: %d to %q, want 303 back to the suggestions\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	page = b.get(t, claimPage, http.StatusOK)
	list := b.senders(t, page)
	if strings.Contains(list, "Pete") || !inOrder(list, "Jake Halvorsen", "Luis Ortega", "Maria Delgado", "Samuel Whitaker", "Dana") {
		t.Errorf("after the plumber's dismissal, the suggestions are:\n%s", list)
	}
	gone := dismissedList(page)
	for _, want := range []string{"1 dismissed as not part of this claim", "<strong>Pete Lindqvist</strong>", "pete@plumbfast.example",
		"dismissed by Test " + b.email, fmt.Sprintf(`action="%s"`, restore), ">Suggest again</button>"} {
		if !strings.Contains(gone, want) {
			t.Errorf("the dismissed list lacks %q:\n%s", want, gone)
		}
	}
	history := page[strings.Index(page, `id="history"`):]
	if !strings.Contains(history, "<strong>Not part of this claim</strong>") ||
		!strings.Contains(history, `<span class="new">Pete Lindqvist &lt;pete@plumbfast.example&gt;</span>`) ||
		!strings.Contains(history, b.email) {
		t.Errorf("the history does not show the plumber dismissed by %s:\n%.1500s", b.email, history)
	}

	// Suggest again: back where he was, and nothing left dismissed.
	resp, body = b.post(t, restore, url.Values{"email": {"pete@plumbfast.example"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != claimPage+"#senders" {
		t.Fatalf("restore: %d to %q, want 303 back to the suggestions\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	page = b.get(t, claimPage, http.StatusOK)
	if list := b.senders(t, page); !inOrder(list, "Samuel Whitaker", "Pete Lindqvist") || strings.Contains(list, "Dana") {
		t.Errorf("restored, the plumber is not suggested where he was:\n%s", list)
	}
	if gone := dismissedList(page); gone != "" {
		t.Errorf("restored, the plumber is still listed dismissed:\n%s", gone)
	}
	history = page[strings.Index(page, `id="history"`):]
	if n := strings.Count(history, "<strong>Not part of this claim</strong>"); n != 2 ||
		!strings.Contains(history, `<span class="old">Pete Lindqvist &lt;pete@plumbfast.example&gt;</span>`) {
		t.Errorf("the history shows %d dismissals and restores, want the dismissal and the restore:\n%.1500s", n, history)
	}

	// Dismissed again, then added after all.
	if resp, body := b.post(t, dismiss, url.Values{"email": {"pete@plumbfast.example"}, "name": {"Pete Lindqvist"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss again: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := b.post(t, claimPage+"/participants", url.Values{"role": {"referred_by"}, "name": {"Pete Lindqvist"},
		"email": {"pete@plumbfast.example"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add the dismissed plumber: %d\n%s", resp.StatusCode, body)
	}
	ps, err := b.db.ParticipantsOfClaims(ctx, []int64{b.claim})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ps[b.claim], storage.ClaimParticipant{ClaimID: b.claim, Role: "referred_by", Name: "Pete Lindqvist",
		Email: "pete@plumbfast.example"}) {
		t.Errorf("participants %+v, want the plumber added", ps[b.claim])
	}
	if page := b.get(t, claimPage, http.StatusOK); dismissedList(page) != "" || strings.Contains(b.senders(t, page), "Pete") {
		t.Errorf("added, the plumber is still dismissed or suggested:\n%s", b.senders(t, page))
	}

	for _, c := range []struct {
		path string
		form url.Values
		code int
		want string
	}{
		{dismiss, url.Values{"name": {"Pete Lindqvist"}}, http.StatusBadRequest, "say whom to dismiss"},
		{dismiss, url.Values{"email": {"Pete <pete@plumbfast.example>"}}, http.StatusBadRequest, "is not an email address"},
		{restore, url.Values{}, http.StatusBadRequest, "say whom to restore"},
		{"/claims/999999/senders/dismiss", url.Values{"email": {"pete@plumbfast.example"}}, http.StatusNotFound, "Not Found"},
		{"/claims/999999/senders/restore", url.Values{"email": {"pete@plumbfast.example"}}, http.StatusNotFound, "Not Found"},
	} {
		if resp, body := b.post(t, c.path, c.form); resp.StatusCode != c.code || !strings.Contains(body, c.want) {
			t.Errorf("POST %s %v: %d, want %d saying %q\n%.400s", c.path, c.form, resp.StatusCode, c.code, c.want, body)
		}
	}
}

// TestReadOnlyMembersCannotDismissWhoWroteIn: a read-only member sees the
// suggestions and who was dismissed, but is offered neither "Not part of
// this claim" nor "Suggest again", and is refused both.
func TestReadOnlyMembersCannotDismissWhoWroteIn(t *testing.T) {
	t.Parallel()
	b := setupSenders(t)
	ctx := context.Background()
	claimPage := fmt.Sprintf("/claims/%d", b.claim)
	if err := b.db.DismissClaimSender(ctx, b.claim, "dana@office.example", "Dana", b.email); err != nil {
		t.Fatal(err)
	}
	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	reader := &pageBundle{office: b.office, email: rita.Email}
	reader.c = b.client(t)
	reader.csrf = reader.login(t, reader.c, rita.Email, "rita-password-1")
	page := reader.get(t, claimPage, http.StatusOK)
	if list := b.senders(t, page); !strings.Contains(list, "Pete Lindqvist") || strings.Contains(list, "/senders/dismiss") ||
		strings.Contains(list, "Not part of this claim") {
		t.Errorf("a read-only member's suggestions, want them without Not part of this claim:\n%s", list)
	}
	if gone := dismissedList(page); !strings.Contains(gone, "Dana") || strings.Contains(gone, "/senders/restore") {
		t.Errorf("a read-only member's dismissed list, want Dana without Suggest again:\n%s", gone)
	}

	var changes int
	b.query(t, `SELECT count(*) FROM claim_changes WHERE claim_id = $1`, []any{b.claim}, &changes)
	for _, path := range []string{claimPage + "/senders/dismiss", claimPage + "/senders/restore"} {
		who := "pete@plumbfast.example"
		if strings.HasSuffix(path, "restore") {
			who = "dana@office.example"
		}
		if resp, body := reader.post(t, path, url.Values{"email": {who}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a read-only member's POST %s: %d, want 403\n%.400s", path, resp.StatusCode, body)
		}
	}
	var after int
	b.query(t, `SELECT count(*) FROM claim_changes WHERE claim_id = $1`, []any{b.claim}, &after)
	dismissed, err := b.db.DismissedClaimSenders(ctx, b.claim)
	if err != nil {
		t.Fatal(err)
	}
	if after != changes || len(dismissed) != 1 || dismissed[0].Email != "dana@office.example" {
		t.Errorf("refused, the claim changed: dismissed %+v, %d changes, were %d", dismissed, after, changes)
	}
}
