package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/storage"
)

// TestEquipmentSwapForm: a dumpster on the job offers "Swap (haul)"; two
// swaps, one at a time given and one now, stay on the same line, which
// keeps its placement and rental days and says "2 hauls: …" on the claim page and
// carries them in the API. A swap still to come or before the placement is
// refused in words; an air mover offers none, and refuses one posted
// anyway. A haul logged by mistake is removed.
func TestEquipmentSwapForm(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	now := b.clock.Now().In(b.loc)
	placed := now.Add(-5 * 24 * time.Hour).Truncate(time.Minute)
	box := b.add(t, map[string]any{"kind": "dumpster", "vendor": "Metro Roll-Off", "placed_at": placed})
	fan := b.add(t, map[string]any{"kind": "air_mover", "placed_at": placed})
	page := fmt.Sprintf("/claims/%d", b.claim)
	_, body := b.do(t, c, "GET", page, nil, nil)
	if n := strings.Count(body, "Swap (haul)"); n != 1 || !strings.Contains(body, `<input type="hidden" name="action" value="haul">`) {
		t.Fatalf("the claim page offers %d swaps, want one (the dumpster's, not the air mover's):\n%s", n, body)
	}
	// The line's two times say which is which.
	if !strings.Contains(body, `<label>Swapped at <input type="datetime-local" name="hauled_at"`) ||
		!strings.Contains(body, `<label>Picked up at <input type="datetime-local" name="picked_up_at"`) {
		t.Errorf("the pickup's and the swap's times are not labelled on the page:\n%s", body)
	}

	haul := func(line int64, at, note string) (*http.Response, string) {
		t.Helper()
		form := url.Values{"csrf_token": {csrf}, "action": {"haul"}, "hauled_at": {at}, "note": {note}}
		return b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", line), form, nil)
	}
	first := placed.Add(4 * time.Hour)
	resp, body := haul(box.ID, first.Format(stageTimeLayout), "30 yd, Metro Roll-Off ticket 4471")
	if want := fmt.Sprintf("%s#equipment-%d", page, box.ID); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Fatalf("swap: %d to %q, want back to the line\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	if resp, body := haul(box.ID, "", ""); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("swap now: %d\n%s", resp.StatusCode, body)
	}
	for _, tc := range []struct {
		line      int64
		at, words string
	}{
		{box.ID, now.Add(2 * time.Hour).Format(stageTimeLayout), "the haul time is still to come"},
		{box.ID, placed.Add(-time.Hour).Format(stageTimeLayout), "the haul time is before the time the Dumpster was placed"},
		{fan.ID, "", "only a dumpster or pod is swapped by the hauler"},
	} {
		if resp, body := haul(tc.line, tc.at, ""); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tc.words) {
			t.Errorf("swap of line %d at %q: %d, want refused saying %q\n%s", tc.line, tc.at, resp.StatusCode, tc.words, body)
		}
	}

	says := fmt.Sprintf("2 hauls: %s, %s", first.Format("Mon Jan 2"), now.Format("Mon Jan 2"))
	_, body = b.do(t, c, "GET", page, nil, nil)
	if !strings.Contains(body, says) || !strings.Contains(body, "30 yd, Metro Roll-Off ticket 4471") {
		t.Errorf("the claim page does not say %q with the ticket:\n%s", says, body)
	}
	var lines struct{ Items []equipmentItem }
	b.send(t, "GET", fmt.Sprintf("/api/claims/%d/equipment", b.claim), nil, http.StatusOK, &lines)
	if len(lines.Items) != 2 || len(lines.Items[0].Hauls) != 2 || !lines.Items[0].Hauls[0].At.Equal(first) ||
		lines.Items[0].Hauls[0].By != "dana@smrestore.example" || lines.Items[0].Hauls[0].Note != "30 yd, Metro Roll-Off ticket 4471" ||
		!lines.Items[0].PlacedAt.Equal(placed) || *lines.Items[0].Days != *box.Days || lines.Items[1].Hauls == nil || len(lines.Items[1].Hauls) != 0 {
		t.Errorf("the API's equipment: %+v; want the dumpster's 2 hauls and the air mover's none", lines.Items)
	}

	// The first haul was logged by mistake.
	var id int64
	b.query(t, `SELECT id FROM equipment_hauls WHERE equipment_id = $1 ORDER BY hauled_at LIMIT 1`, []any{box.ID}, &id)
	undo := url.Values{"csrf_token": {csrf}, "action": {"unhaul"}, "haul_id": {fmt.Sprint(id)}}
	if resp, body := b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", fan.ID), undo, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("removing the dumpster's haul through the air mover: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", box.ID), undo, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove the haul: %d\n%s", resp.StatusCode, body)
	}
	if _, body = b.do(t, c, "GET", page, nil, nil); !strings.Contains(body, "1 haul: "+now.Format("Mon Jan 2")) {
		t.Errorf("after removing the first haul, the page does not say 1 haul:\n%s", body)
	}
}

// TestClaimPacketListsHauls: the billing packet's equipment table, in the
// carrier's copy and the office's, gives the swapped dumpster's number of
// hauls and their days, each a haul fee. With CLAIMDESK_SCREENSHOTS set to
// a directory, it saves both summaries there.
func TestClaimPacketListsHauls(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO equipment_hauls (equipment_id, hauled_at, hauled_by, note)
		SELECT id, unnest($2::timestamptz[]), 'ana@smrestore.example', '' FROM equipment WHERE claim_id = $1 AND kind = 'dumpster'`,
		pc.claimID, []time.Time{b.at(time.March, 2, 15, 0), b.at(time.March, 3, 8, 0)}); err != nil {
		t.Fatal(err)
	}
	for _, copy := range []string{"carrier", "office"} {
		resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=%s", pc.claimID, copy), nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the %s's packet: %d %.200s", copy, resp.StatusCode, body)
		}
		files, _ := unzip(t, body)
		if dir := os.Getenv("CLAIMDESK_SCREENSHOTS"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "packet-hauls-"+copy+".pdf"), summaryOf(t, files), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		cover := pdftest.CheckedText(t, copy+"'s summary", summaryOf(t, files))
		if !strings.Contains(cover, "Dumpster 1 Metro Roll-Off 03/02/2026 9:00 AM still on the job") ||
			!strings.Contains(cover, "2 hauls: 03/02/2026, 03/03/2026") {
			t.Errorf("the %s's summary does not give the dumpster's 2 hauls:\n%s", copy, cover)
		}
	}
}

// TestHaulsNameWhoLoggedThem: a haul is logged under the email of the
// person signed in, and the claim page's hauls name that person as pages
// do: by their name, by their email when they have none, by the token's
// name for a script. The API keeps the email in by and names the person
// in by_name.
func TestHaulsNameWhoLoggedThem(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	dana, csrf := b.signIn(t)
	b.addUser(t, "rick@smrestore.example", "rick-password-1")
	rick := b.client(t)
	rickCSRF := b.login(t, rick, "rick@smrestore.example", "rick-password-1")
	if _, err := b.sql.Exec(ctx, `UPDATE users SET name = CASE email WHEN 'dana@smrestore.example' THEN 'Dana Whitfield' ELSE '' END`); err != nil {
		t.Fatal(err)
	}
	placed := b.clock.Now().Add(-5 * 24 * time.Hour).Truncate(time.Minute)
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": placed})
	for i, who := range []struct {
		c    *http.Client
		csrf string
	}{{dana, csrf}, {rick, rickCSRF}} {
		at := placed.Add(time.Duration(i+1) * time.Hour).In(b.loc).Format(stageTimeLayout)
		form := url.Values{"csrf_token": {who.csrf}, "action": {"haul"}, "hauled_at": {at}}
		if resp, body := b.do(t, who.c, "POST", fmt.Sprintf("/equipment/%d", box.ID), form, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("swap %d: %d\n%s", i, resp.StatusCode, body)
		}
	}
	if _, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: placed.Add(3 * time.Hour), By: "ana-script"}, b.clock.Now()); err != nil {
		t.Fatal(err)
	}

	_, body := b.do(t, dana, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	for _, want := range []string{"</time> · Dana Whitfield", "</time> · rick@smrestore.example", "</time> · ana-script"} {
		if !strings.Contains(body, want) {
			t.Errorf("the line's hauls do not say %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "</time> · dana@smrestore.example") {
		t.Errorf("the line's hauls name Dana by her email:\n%s", body)
	}
	var lines struct{ Items []equipmentItem }
	b.send(t, "GET", fmt.Sprintf("/api/claims/%d/equipment", b.claim), nil, http.StatusOK, &lines)
	var got [][2]string
	for _, h := range lines.Items[0].Hauls {
		got = append(got, [2]string{h.By, h.ByName})
	}
	want := [][2]string{{"dana@smrestore.example", "Dana Whitfield"}, {"rick@smrestore.example", "rick@smrestore.example"}, {"ana-script", "ana-script"}}
	if !slices.Equal(got, want) {
		t.Errorf("the API's hauls by (by, by_name): %v, want %v", got, want)
	}
}

// TestSwapsToldInUpdateAndPickupNotice: the daily update drafted for the
// adjuster says the dumpster swapped since the last update, on its day,
// and not the swap the last update told already; the pickup notice of the
// swapped dumpster gives its swaps, and an air mover's has none.
func TestSwapsToldInUpdateAndPickupNotice(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	c, _ := b.signIn(t)
	now := b.clock.Now()
	day := func(t time.Time) string { return t.In(b.loc).Format("Mon Jan 2") }
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": now.Add(-4 * 24 * time.Hour)})
	fan := b.add(t, map[string]any{"kind": "air_mover", "placed_at": now.Add(-4 * 24 * time.Hour)})
	told, fresh := now.Add(-3*24*time.Hour), now.Add(-24*time.Hour)
	// logged as it happened, before the update that told it
	if _, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: told, By: "dana@smrestore.example"}, told); err != nil {
		t.Fatal(err)
	}
	if err := b.db.AddClaimNote(ctx, b.claim, "dana@smrestore.example", "dumpster swapped this morning", now.Add(-2*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: fresh, By: "dana@smrestore.example"}, now); err != nil {
		t.Fatal(err)
	}

	draft := b.updateDraft(t, c, b.claim)
	if want := "the dumpster was swapped on " + day(fresh) + ".\n"; !strings.Contains(draft, want) || strings.Contains(draft, day(told)) {
		t.Errorf("the update draft does not say %q alone, the swap since the last update:\n%s", strings.TrimSpace(want), draft)
	}

	var got equipmentItem
	for _, line := range []int64{box.ID, fan.ID} {
		b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", line), map[string]any{"picked_up_at": now}, http.StatusOK, &got)
	}
	ns := b.notices(t)
	if len(ns) != 2 {
		t.Fatalf("%d pickup notices, want the dumpster's and the air mover's", len(ns))
	}
	if want := fmt.Sprintf("- Swapped (hauled): %s, %s\n", day(told), day(fresh)); !strings.Contains(ns[0].Body, want) {
		t.Errorf("the dumpster's pickup notice does not say %q:\n%s", want, ns[0].Body)
	}
	if strings.Contains(ns[1].Body, "Swapped") {
		t.Errorf("the air mover's pickup notice speaks of swaps:\n%s", ns[1].Body)
	}
}
