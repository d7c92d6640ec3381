package web

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserClaimRecordEditOnAPhone edits a claim's record on a phone
// with JavaScript off: fields and people typed or picked from the
// office's list, saved as a plain form; the history shows the change; a
// close the checklist refuses says what is lacking and is then forced
// with a note; the claim reopens. Nothing needs sideways scrolling, at a
// phone's width or a desktop's. With CLAIMDESK_SCREENSHOTS set to a
// directory, it saves screenshots there.
func TestBrowserClaimRecordEditOnAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	id := b.addClaim(t, claimSeed{Job: "26-1501-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Mia Okafor",
		Address: "4410 Preston Hollow Boulevard, Apartment 1207, Dallas TX 75225", Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example"})
	if _, err := b.db.SavePerson(ctx, storage.Person{OfficeID: storage.DefaultOfficeID, Name: "Luis Ortega", Email: "luis@office.example", Phone: "214-555-0001", Role: "foreman"}); err != nil {
		t.Fatal(err)
	}

	br := newBrowser(t, b)
	phone := layoutViewports[0]
	br.emulate(phone)
	br.step("turn scripts off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	fits := func(v viewport, what string) {
		t.Helper()
		if over := br.overflow(v); over > 0 {
			t.Errorf("%s: %v px too wide: %v", what, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
			t.Errorf("%s: controls under 44px high: %v", what, small)
		}
	}
	page := fmt.Sprintf("/claims/%d", id)
	br.openSettled(page)
	if !eval[bool](br, `!!document.querySelector("#record-incomplete") && document.querySelector(".record-edit").open`) {
		t.Error("an incomplete record does not say so with its form open")
	}
	fits(phone, "the record form")
	br.screenshot(dir, "claim-record-phone")

	br.step("fill the record",
		chromedp.SetValue(chromedp.CSS(`.record-form input[name="insured_phone"]`), "(214) 555-0143"),
		chromedp.SetValue(chromedp.CSS(`.record-form input[name="job_name"]`), "Okafor kitchen"),
		chromedp.SetValue(chromedp.CSS(`.record-form input[name="adjuster_file_number"]`), "FP-7731"),
		chromedp.SetValue(chromedp.CSS(`.record-form select[name="cat"]`), "2"),
		chromedp.SetValue(chromedp.CSS(`.record-form textarea[name="loss_description"]`), "Supply line under the sink"),
		// The foreman picked from the list by name: email and phone come along.
		chromedp.SetValue(chromedp.CSS(`.person-row:nth-child(1) input[name="p_name"]`), "Luis Ortega"),
		// Someone of another role: a spare row, folded with the people
		// the record does not need.
		chromedp.Click(chromedp.CSS(`.record-form fieldset:last-of-type .record-more summary`)),
		chromedp.SetValue(chromedp.CSS(`.record-more .person-row:last-child select[name="p_role"]`), "technician"),
		chromedp.SetValue(chromedp.CSS(`.record-more .person-row:last-child input[name="p_name"]`), "Ray Kim"),
		chromedp.Click(chromedp.CSS(`.record-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#history`)))
	c, err := b.db.GetClaim(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.InsuredPhone != "(214) 555-0143" || c.JobName != "Okafor kitchen" || c.Cat != 2 || c.LossDescription != "Supply line under the sink" ||
		c.LossAddress != "4410 Preston Hollow Boulevard, Apartment 1207, Dallas TX 75225" || c.ClaimNumber != "60-8H77-8H5" ||
		c.AdjusterFileNumber != "FP-7731" {
		t.Errorf("saved record: %+v", c)
	}
	ps, err := b.db.ParticipantsOfClaims(ctx, []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	want := []storage.ClaimParticipant{
		{ClaimID: id, Role: "foreman", Name: "Luis Ortega", Email: "luis@office.example", Phone: "214-555-0001"},
		{ClaimID: id, Role: "technician", Name: "Ray Kim"},
	}
	if !slices.Equal(ps[id], want) {
		t.Errorf("participants %+v, want %+v", ps[id], want)
	}
	history := eval[string](br, `document.querySelector("#history").textContent`)
	for _, w := range []string{"Insured's phone", "(214) 555-0143", "Foreman: Luis Ortega", "Job name"} {
		if !strings.Contains(history, w) {
			t.Errorf("history lacks %q: %s", w, history)
		}
	}

	br.step("close", chromedp.SetValue(chromedp.CSS(`.close-form input[name="note"]`), "job done"),
		chromedp.Click(chromedp.CSS(`.close-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#close-refused`)))
	if refused := eval[string](br, `document.querySelector("#close-refused").textContent`); !strings.Contains(refused, "COS signed") ||
		!strings.Contains(refused, "Required fields filled") {
		t.Errorf("refusal says %q", refused)
	}
	fits(phone, "the refused close")
	br.screenshot(dir, "claim-close-refused-phone")
	br.step("force the close", chromedp.SetValue(chromedp.CSS(`#close-refused input[name="note"]`), "carrier withdrew"),
		chromedp.Click(chromedp.CSS(`#close-refused button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/reopen"]`)))
	if c, _ := b.db.GetClaim(ctx, id); c.Status != "closed" || !strings.HasPrefix(c.CloseNote, "carrier withdrew") {
		t.Errorf("forced close: status %s, note %q", c.Status, c.CloseNote)
	}
	desktop := layoutViewports[1]
	br.emulate(desktop)
	br.openSettled(page)
	fits(desktop, "the closed claim")
	br.screenshot(dir, "claim-record-desktop")
	br.step("reopen", chromedp.Click(chromedp.CSS(`form[action$="/reopen"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.close-form input[name="note"]`)))
	if c, _ := b.db.GetClaim(ctx, id); c.Status != "open" {
		t.Errorf("reopened: status %s", c.Status)
	}

	br.emulate(phone)
	br.openSettled("/settings/people")
	fits(phone, "the people page")
	br.screenshot(dir, "people-phone")
	br.step("add a person",
		chromedp.SetValue(chromedp.CSS(`.person-form input[name="name"]`), "Plano Plumbing"),
		chromedp.SetValue(chromedp.CSS(`.person-form select[name="role"]`), "referred_by"),
		chromedp.SetValue(chromedp.CSS(`.person-form input[name="phone"]`), "214-555-0002"),
		chromedp.Click(chromedp.CSS(`.person-form button[type="submit"]`)),
		// The list shows before the post; the new person's row after it.
		chromedp.WaitVisible(chromedp.CSS(`.people-list li:nth-child(2)`)))
	people, err := b.db.People(ctx, storage.DefaultOfficeID)
	if err != nil || len(people) != 2 {
		t.Fatalf("people: %+v %v", people, err)
	}
}
