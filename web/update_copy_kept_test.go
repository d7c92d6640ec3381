package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// copyTexts are the texts to paste for the job system of the claim page's
// updates, the latest first.
var copyTexts = regexp.MustCompile(`(?s)<textarea class="copy-text"[^>]*>(.*?)</textarea>`)

// A daily update's text for the job system says where the claim stood
// when the update was recorded: not a drying log that came after it, and
// not what a person confirmed later. The claim page, the claim's notes and
// the day's notes keep saying it, whatever the claim learns since.
func TestUpdateCopyStaysAsRecorded(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	p := seedUnconfirmedPlacement(t, b) // placed Tue Feb 24 09:00 by mail, first drying log Wed Feb 25
	if err := b.db.AddClaimNote(ctx, b.claim, "dana@smrestore.example", "Set up drying.", b.at(2, 24, 17, 0)); err != nil {
		t.Fatal(err)
	}
	c, _ := b.signIn(t)
	texts := func() string {
		var out []string
		for _, m := range copyTexts.FindAllStringSubmatch(b.claimPage(t, c), -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
		for _, path := range []string{fmt.Sprintf("/api/claims/%d/notes.txt", b.claim), "/api/updates.txt?date=2026-02-24"} {
			resp, body := b.call(t, "GET", path, nil, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
			}
			out = append(out, strings.ReplaceAll(body, "\r\n", "\n"))
		}
		return strings.Join(out, "\n--\n")
	}
	before := texts()
	if want := "Status of our part: Work started: not confirmed (mail says placed 02/24/2026)\n"; strings.Count(before, want) != 3 {
		t.Errorf("the update of Feb 24 does not say where the claim stood then (%q):\n%s", want, before)
	}
	if strings.Contains(before, "02/25/2026") {
		t.Errorf("the update of Feb 24 names the drying log of the day after:\n%s", before)
	}

	if _, err := b.srv.equipmentLog().Decide(ctx, p.ID, storage.ProposalConfirmed, "dana@smrestore.example", 0); err != nil {
		t.Fatal(err)
	}
	if after := texts(); after != before {
		t.Errorf("the update's text changed once the equipment was confirmed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
