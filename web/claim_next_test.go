package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// nextSeed is a claim opened three days ago from which nothing has come:
// its technician Jake has an address, and its adjuster's question waits,
// overdue.
type nextSeed struct {
	claim, waiting int64
}

func (b *pageBundle) seedNextSteps(t *testing.T) nextSeed {
	t.Helper()
	now := b.clock.Now()
	var s nextSeed
	s.claim = b.addClaim(t, claimSeed{Job: "26-2107-WTR", Number: "LA123-456789-01", Carrier: "Allstate", Insured: "Tomas Herrera",
		Address: "4410 Fuller St S, Minneapolis, MN 55409", LossType: "Water", Adjuster: "Kevin Strand",
		AdjusterEmail: "kevin.strand@carrier.example", Opened: now.Add(-72 * time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'technician', 'Jake Halvorsen', 'jake@field.example')`, s.claim); err != nil {
		t.Fatal(err)
	}
	s.waiting = b.addMessage(t, msgSeed{Subject: "Status & next steps on Herrera?", ClaimID: s.claim, NeedsAck: true,
		From: "kevin.strand@carrier.example", FromName: "Kevin Strand", Status: storage.StatusFiled,
		Arrived: now.Add(-40 * time.Minute), Due: ptr(now.Add(-10 * time.Minute))})
	return s
}

// between is the part of page from the first from up to the next to.
func between(t *testing.T, page, from, to string) string {
	t.Helper()
	i := strings.Index(page, from)
	if i < 0 {
		t.Fatalf("the page has no %s", from)
	}
	part := page[i:]
	if j := strings.Index(part, to); j >= 0 {
		part = part[:j]
	}
	return part
}

// mailLinkRe finds the links to the mail program and their labels.
var mailLinkRe = regexp.MustCompile(`href="(mailto:[^"]*)"[^>]*>([^<]*)<`)

// sentMail is what a mail link hands the mail program.
type sentMail struct {
	to                       string
	subject, inReplyTo, body string
	label, href              string
}

// mailLinks reads the mail links of part, by label; it fails the test on
// a link too long or not encoded as mail programs read it.
func mailLinks(t *testing.T, part string) map[string]sentMail {
	t.Helper()
	out := map[string]sentMail{}
	for _, m := range mailLinkRe.FindAllStringSubmatch(part, -1) {
		href, label := html.UnescapeString(m[1]), html.UnescapeString(m[2])
		if len(href) > maxMailto || strings.ContainsAny(href, "+ \n") {
			t.Errorf("mail link %q: %d characters, or a raw space, newline or plus: %s", label, len(href), href)
		}
		u, err := url.Parse(href)
		if err != nil {
			t.Fatalf("mail link %q: %v", label, err)
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			t.Fatalf("mail link %q: %v", label, err)
		}
		out[label] = sentMail{to: u.Opaque, subject: q.Get("subject"), inReplyTo: q.Get("In-Reply-To"), body: q.Get("body"), label: label, href: href}
	}
	return out
}

// TestClaimPageSaysWhatToDoNext opens a claim of an office that cannot
// send mail: its page starts with what to do next, most urgent first (the
// longest overdue first), in
// the board's words naming the person, each with a link that writes the
// reply, the reminder or the update in the mail program and a line saying
// why claimdesk does not send it. The paperwork's alerts read as the board
// reads, and the reminders card offers the reminders to write.
func TestClaimPageSaysWhatToDoNext(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedNextSteps(t)
	page := b.get(t, fmt.Sprintf("/claims/%d", s.claim), http.StatusOK)

	next := between(t, page, `id="next-h"`, "</section>")
	if strings.Index(page, `id="next-h"`) > strings.Index(page, `aria-label="Claim"`) {
		t.Error("what to do next is not at the top of the page")
	}
	steps := []string{
		"Ask Jake for the photos, scope (overdue since",
		fmt.Sprintf(`href="/messages/%d">Answer Kevin Strand: &#34;Status &amp; next steps on Herrera?&#34; (overdue since`, s.waiting),
		"Send today&#39;s update to Kevin (due",
	}
	last := -1
	for _, step := range steps {
		i := strings.Index(next, step)
		if i < last {
			t.Errorf("next steps lack %q, or it comes before the one above it:\n%s", step, next)
		}
		last = i
	}
	mail := mailLinks(t, next)
	reply, ok := mail["Reply by email"]
	if !ok || reply.to != "kevin.strand@carrier.example" || reply.subject != "Re: Status & next steps on Herrera?" ||
		reply.inReplyTo != "<m1@carrier.example>" || !strings.HasPrefix(reply.body, "Hello Kevin,\r\n\r\nThank you") ||
		!strings.Contains(reply.body, "26-2107-WTR") {
		t.Errorf("the reply's mail link: %+v", reply)
	}
	remind, ok := mail["Email Jake"]
	if !ok || remind.to != "jake@field.example" || !strings.Contains(remind.subject, "26-2107-WTR") ||
		!strings.HasPrefix(remind.body, "Hi Jake,") || !strings.Contains(remind.body, "4410 Fuller St S") {
		t.Errorf("the reminder's mail link: %+v", remind)
	}
	update, ok := mail["Email Kevin"]
	if !ok || update.to != "kevin.strand@carrier.example" || !strings.Contains(update.body, "(our job 26-2107-WTR)") {
		t.Errorf("the update's mail link: %+v", update)
	}
	if !strings.Contains(next, "Sending mail from claimdesk is not set up yet (your office manager can have it set up)") ||
		!strings.Contains(next, "marks the message answered once it is in the mailbox's Sent folder") {
		t.Errorf("the next steps do not say why claimdesk does not send:\n%s", next)
	}
	if strings.Contains(page, ">Remind Jake</button>") || strings.Contains(page, fmt.Sprintf(`href="/messages/%d/reply"`, s.waiting)) {
		t.Error("a page that cannot send offers to send")
	}

	// The paperwork card refers to Next, which says it with its link.
	paperwork := between(t, page, `id="paperwork-h"`, `class="checklist"`)
	if !strings.Contains(paperwork, `what to do is in <a href="#next-h">Next</a>`) || strings.Contains(paperwork, "Ask Jake") {
		t.Errorf("the paperwork card does not refer to Next, or says its line again:\n%s", paperwork)
	}
	if !strings.Contains(next, "Ask Jake for the photos, scope (overdue since") || !strings.Contains(next, ">Email Jake</a>") {
		t.Errorf("Next lacks the paperwork's line or its link:\n%s", next)
	}
	for _, rule := range []string{"due: missing", "chase technician", "24-hour scope due"} {
		if strings.Contains(page, rule) {
			t.Errorf("the page shows the rule's text %q", rule)
		}
	}

	reminders := between(t, page, `id="reminders-h"`, "</section>")
	written := mailLinks(t, reminders)
	// Nothing came from the job and no equipment is on site: the one
	// reminder asks Jake for his documents, the COS the billing packet's
	// line asks him for among them, and none is about equipment.
	docs, ok := written["Email Jake: send the photos, the scope notes, the signed ATP, the drying log and the signed COS"]
	if !ok || len(written) != 1 || !strings.Contains(docs.body, "We have nothing from the job yet") ||
		!strings.Contains(docs.body, "Please upload the photos, the scope notes, the signed ATP, the drying log and the signed COS") {
		t.Errorf("the reminders card offers other reminders than Jake's documents: %v", written)
	}
	// The setting's name is for the administrator, once a page: in Next.
	if !strings.Contains(reminders, "Sending mail from claimdesk is not set up yet") || strings.Count(page, "CLAIMDESK_SMTP_URL") != 1 {
		t.Errorf("the reminders card does not say why it cannot send, or the page names the setting more than once:\n%s", reminders)
	}
}

// TestClaimPageNextStepsSend opens the same claim where claimdesk sends
// mail: the next steps offer Reply and Remind Jake, and no mail program.
func TestClaimPageNextStepsSend(t *testing.T) {
	t.Parallel()
	b := setupReplyPages(t)
	s := b.seedNextSteps(t)
	page := b.get(t, fmt.Sprintf("/claims/%d", s.claim), http.StatusOK)
	next := between(t, page, `id="next-h"`, "</section>")
	for _, want := range []string{
		fmt.Sprintf(`href="/messages/%d/reply">Reply</a>`, s.waiting), ">Remind Jake</button>",
		fmt.Sprintf(`href="/claims/%d/update">Send update</a>`, s.claim),
	} {
		if !strings.Contains(next, want) {
			t.Errorf("the next steps lack %q:\n%s", want, next)
		}
	}
	if strings.Contains(next, "mailto:") || strings.Contains(page, "CLAIMDESK_SMTP_URL") || strings.Contains(page, "Write a reminder") {
		t.Errorf("a page that sends hands mail to the mail program:\n%s", next)
	}
	msg := b.get(t, fmt.Sprintf("/messages/%d", s.waiting), http.StatusOK)
	if strings.Contains(msg, "Reply by email") || !strings.Contains(msg, ">Acknowledge</button>") {
		t.Error("the message page of an office that sends offers no Acknowledge, or the mail program")
	}
}

// TestMessagePageRepliesByMail: where claimdesk cannot send, a message
// waiting for an answer offers its acknowledgment written for the mail
// program, in English and Spanish, in its thread, and says how that
// counts; once answered, it no longer does.
func TestMessagePageRepliesByMail(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedNextSteps(t)
	path := fmt.Sprintf("/messages/%d", s.waiting)
	page := b.get(t, path, http.StatusOK)
	answer := between(t, page, `id="ack-h"`, "</section>")
	mail := mailLinks(t, answer)
	en, es := mail["Reply by email"], mail["en español"]
	if en.to != "kevin.strand@carrier.example" || en.subject != "Re: Status & next steps on Herrera?" || en.inReplyTo != "<m1@carrier.example>" ||
		!strings.Contains(en.body, "Thank you for your message") {
		t.Errorf("English reply link: %+v", en)
	}
	if es.to != en.to || es.subject != en.subject || !strings.HasPrefix(es.body, "Hola Kevin") || !strings.Contains(es.body, "reclamación") {
		t.Errorf("Spanish reply link: %+v", es)
	}
	for _, want := range []string{"the reply, once in the mailbox's Sent folder, marks the message answered", "CLAIMDESK_SMTP_URL", `<button type="submit" name="how" value="phone">Answered by phone</button>`} {
		if !strings.Contains(answer, want) {
			t.Errorf("the answer card lacks %q:\n%s", want, answer)
		}
	}
	if resp, body := b.post(t, path+"/acknowledge", url.Values{"note": {"called back"}, "next": {path}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answered by phone: %d\n%s", resp.StatusCode, body)
	}
	if page := b.get(t, path, http.StatusOK); strings.Contains(page, "Reply by email") {
		t.Error("an answered message still offers its acknowledgment")
	}
}

// TestClaimRecordNamesMissingAsTheFormDoes: the record's missing fields
// are those of its form, by the form's sections, each a link to its
// input: a required adjuster is the Carrier section's Adjuster.
func TestClaimRecordNamesMissingAsTheFormDoes(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-2109-WTR", Insured: "Maria Peña", Address: "1417 Maple Avenue NE, Blaine", LossType: "Water"})
	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	missing := between(t, page, "Missing: ", "</p>")
	for _, want := range []string{
		`<a href="#record-claim_number">Claim number</a>, <a href="#record-adjuster_name">Adjuster</a> (under Carrier)`,
		`<a href="#record-role-foreman">Foreman</a>`, "(under People)",
	} {
		if !strings.Contains(missing, want) {
			t.Errorf("the missing fields lack %q:\n%s", want, missing)
		}
	}
	if strings.Contains(missing, "(person)") {
		t.Errorf("the missing fields name a role the form does not show: %s", missing)
	}
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(missing, -1) {
		if n := strings.Count(page, `id="`+m[1]+`"`); n != 1 {
			t.Errorf("the link to #%s finds %d inputs, want 1", m[1], n)
		}
	}
	if !strings.Contains(page, `<input type="text" name="adjuster_name" id="record-adjuster_name"`) {
		t.Error("the Carrier section's Adjuster is not the input the link names")
	}
}
