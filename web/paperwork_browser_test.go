package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserNamesakesAndScheduledPickup opens, at a phone's width and a
// desktop's, a claim whose technician Jake Miller and foreman Jake Ortiz
// share a first name and whose pickup is scheduled: the pickup stage reads
// scheduled, the COS is asked of "Jake M.", the buttons remind each Jake
// by a name of their own, and nothing scrolls sideways; then the reply
// templates page, whose documents-needed wording leaves out {{.Asking}}.
// With CLAIMDESK_SCREENSHOTS set to a directory, it saves the pages there.
func TestBrowserNamesakesAndScheduledPickup(t *testing.T) {
	t.Parallel()
	b := setupReplyPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1012-WTR", Number: "60-8H77-8J4", Insured: "Ruth Sandoval", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: now.Add(-72 * time.Hour)})
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email) VALUES
		($1, 'technician', 'Jake Miller', 'jake.miller@field.example'), ($1, 'foreman', 'Jake Ortiz', 'jake.ortiz@field.example')`, claim); err != nil {
		t.Fatal(err)
	}
	pickup := now.Add(48 * time.Hour).Truncate(time.Hour)
	if err := b.db.SetJobStage(ctx, claim, storage.StageEquipmentPickedUp, pickup, b.email); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SaveReplyTemplate(ctx, storage.ReplyTemplate{OfficeID: storage.DefaultOfficeID, Kind: storage.ReminderChaseUpload,
		Language: "en", Subject: "Job {{.JobNumber}}", UpdatedBy: b.email,
		Body: "Hi {{.RecipientFirstName}},\n\nPlease send what you have from job {{.JobNumber}}.\n\nThanks,\n{{.Coordinator}}\n"}); err != nil {
		t.Fatal(err)
	}

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d", claim))
		if over := br.overflow(v); over > 0 {
			t.Errorf("claim page at %s width is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		text := func(sel string) string { return eval[string](br, `document.querySelector("`+sel+`")?.innerText ?? ""`) }
		if st := text("#stage-equipment_picked_up"); !strings.Contains(st, "scheduled") {
			t.Errorf("the pickup stage at %s width reads %q", v.name, st)
		}
		alerts := text(".next-steps")
		for _, want := range []string{"Ask Jake M. for the signed COS", "Remind Jake M.", "Remind Jake O."} {
			if !strings.Contains(alerts, want) {
				t.Errorf("the paperwork at %s width lacks %q:\n%s", v.name, want, alerts)
			}
		}
		br.screenshot(dir, "paperwork-claim-"+v.name)
		br.openSettled("/settings/templates#chase_upload-en")
		if over := br.overflow(v); over > 0 {
			t.Errorf("templates page at %s width is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if card := text("#chase_upload-en"); !strings.Contains(card, "does not name {{.Asking}}") || !strings.Contains(card, "What we need: the scope notes") {
			t.Errorf("the documents-needed card at %s width reads %q", v.name, card)
		}
		br.screenshot(dir, "paperwork-templates-"+v.name)
	}
}
