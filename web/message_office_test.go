package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// officeOf reads the office message id is in.
func (b *pageBundle) officeOf(t *testing.T, id int64) int64 {
	t.Helper()
	var office int64
	b.query(t, `SELECT office_id FROM messages WHERE id = $1`, []any{id}, &office)
	return office
}

// northOffice creates a second office, North Territory, whose job numbers
// start at 1001, and makes the signed-in person a coordinator of it.
func (b *pageBundle) northOffice(t *testing.T) storage.Office {
	t.Helper()
	ctx := context.Background()
	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North Territory", JobSequenceStart: 1001})
	if err != nil {
		t.Fatal(err)
	}
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, north.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	return north
}

// rematchJobs counts the jobs queued to match message id again.
func (b *pageBundle) rematchJobs(t *testing.T, id int64) int {
	t.Helper()
	var n int
	b.query(t, `SELECT count(*) FROM river_job WHERE kind = 'process_message'
		AND (args->>'message_id')::bigint = $1 AND (args->>'rematch')::boolean`, []any{id}, &n)
	return n
}

// TestMoveMessageToOfficeFromTriage has a coordinator of two offices move
// mail waiting in triage from the office whose mailbox received it to the
// other: triage offers the other office, the message moves, is queued to
// be matched again there, and the move is recorded under her name. Someone
// who may only read the target office, or cannot see it, moves nothing;
// and a person of one office is offered no move at all.
func TestMoveMessageToOfficeFromTriage(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana: administrator of the default office
	ctx := context.Background()
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	id := b.triageMessage(t, "Is this ours", ripley, hicks)

	body := b.get(t, "/triage", http.StatusOK)
	if strings.Contains(body, fmt.Sprintf(`action="/messages/%d/office"`, id)) {
		t.Errorf("triage offers a move to another office with one office:\n%s", body)
	}

	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North Territory", Domain: "north.example"})
	if err != nil {
		t.Fatal(err)
	}
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, north.ID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	body = b.get(t, "/triage", http.StatusOK)
	if strings.Contains(body, fmt.Sprintf(`action="/messages/%d/office"`, id)) {
		t.Errorf("triage offers a move to an office dana may only read:\n%s", body)
	}
	move := url.Values{"office_id": {fmt.Sprint(north.ID)}, "next": {"/triage"}}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/office", id), move); resp.StatusCode != http.StatusForbidden {
		t.Errorf("move to an office dana may only read: %d, want 403", resp.StatusCode)
	}
	if got := b.officeOf(t, id); got != storage.DefaultOfficeID {
		t.Fatalf("after a refused move the message is in office %d", got)
	}

	if err := b.db.SetOfficeRole(ctx, dana.ID, north.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	body = html.UnescapeString(b.get(t, "/triage", http.StatusOK))
	for _, want := range []string{fmt.Sprintf(`action="/messages/%d/office"`, id),
		fmt.Sprintf(`<option value="%d">North Territory</option>`, north.ID)} {
		if !strings.Contains(body, want) {
			t.Errorf("triage lacks %q", want)
		}
	}
	_, form, _ := strings.Cut(body, fmt.Sprintf(`action="/messages/%d/office"`, id))
	form, _, _ = strings.Cut(form, "</form>")
	if strings.Contains(form, fmt.Sprintf(`<option value="%d">`, storage.DefaultOfficeID)) {
		t.Error("triage offers to move the message to the office it is in")
	}
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/office", id), move)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/triage" {
		t.Fatalf("move from triage: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := b.officeOf(t, id); got != north.ID {
		t.Errorf("after the move the message is in office %d, want north %d", got, north.ID)
	}
	if n := b.rematchJobs(t, id); n != 1 {
		t.Errorf("%d jobs to match the message again, want 1", n)
	}
	moves, err := b.db.MessageOfficeMoves(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) != 1 || moves[0].FromOfficeID != storage.DefaultOfficeID || moves[0].ToOfficeID != north.ID || moves[0].Actor != b.email {
		t.Errorf("recorded moves: %+v; want one from the default office to north by %s", moves, b.email)
	}
	// Moving it again to where it is changes nothing.
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/office", id), move); resp.StatusCode != http.StatusConflict {
		t.Errorf("move to the office it is in: %d, want 409", resp.StatusCode)
	}

	// Back through the API, with dana's token; a filed message stays put.
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "dana-script", hash, dana.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	apiMove := func(id, office int64) int {
		t.Helper()
		var moved struct {
			OfficeID int64 `json:"office_id"`
		}
		req, err := http.NewRequest("POST", fmt.Sprintf("%s/api/messages/%d/office", b.ts.URL, id),
			strings.NewReader(fmt.Sprintf(`{"office_id": %d}`, office)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			if err := json.NewDecoder(resp.Body).Decode(&moved); err != nil || moved.OfficeID != office {
				t.Errorf("moved message: office_id %d (%v), want %d", moved.OfficeID, err, office)
			}
		}
		return resp.StatusCode
	}
	if code := apiMove(id, storage.DefaultOfficeID); code != http.StatusOK || b.officeOf(t, id) != storage.DefaultOfficeID {
		t.Errorf("move back through the API: %d, office %d", code, b.officeOf(t, id))
	}
	filed := b.addMessage(t, msgSeed{Subject: "Already filed", Status: "filed", ClaimID: ripley})
	if code := apiMove(filed, north.ID); code != http.StatusConflict || b.officeOf(t, filed) != storage.DefaultOfficeID {
		t.Errorf("move of a filed message: %d, office %d; want 409 and unmoved", code, b.officeOf(t, filed))
	}
	if code := apiMove(id, 999); code != http.StatusNotFound {
		t.Errorf("move to an office that does not exist: %d, want 404", code)
	}
}

// TestCreateClaimFromMessageInItsOffice creates a claim from a message in
// the north office's triage: the claim is the north office's, numbered in
// its sequence, though the default office has a claim of the same carrier
// number.
func TestCreateClaimFromMessageInItsOffice(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	b.addClaim(t, claimSeed{Job: "26-0001-WTR", Number: "60-8H77-8H5"})
	north := b.northOffice(t)
	id := b.addMessage(t, msgSeed{Subject: "New assignment", Status: "triage"})
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET office_id = $2 WHERE id = $1`, id, north.ID); err != nil {
		t.Fatal(err)
	}
	resp, body := b.post(t, fmt.Sprintf("/messages/%d/claim", id), url.Values{"claim_number": {"60-8H77-8H5"},
		"insured_name": {"Sarah Connor"}, "loss_type": {"Fire"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", resp.StatusCode, body)
	}
	var office int64
	var job, status string
	b.query(t, `SELECT c.office_id, c.job_number, m.status FROM claims c JOIN messages m ON m.claim_id = c.id
		WHERE m.id = $1`, []any{id}, &office, &job, &status)
	if office != north.ID || !strings.HasSuffix(job, "-1001-FIR") || status != "filed" {
		t.Errorf("claim %s in office %d, message %s; want north's first job -1001-FIR in office %d, filed", job, office, status, north.ID)
	}
}
