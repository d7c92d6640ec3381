package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimHistoryStartsOpened opens a claim each way an office does (the
// new-claim form, "Create a claim" from mail, an assignment, the REST API,
// an import): each claim page's history ends, its oldest line, with how
// the claim was opened, on the office's clock (Chicago). A claim made
// before its history said so has the line too, from when it was made.
func TestClaimHistoryStartsOpened(t *testing.T) {
	t.Parallel()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	arrived := time.Date(2026, 12, 7, 15, 12, 0, 0, time.UTC) // 09:12 in Chicago
	b := setupPagesIn(t, chicago, sla.AlwaysOpen(), arrived.Add(3*time.Hour))
	token := b.apiToken(t)
	claimAt := func(resp *http.Response, body string) string {
		t.Helper()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		return resp.Header.Get("Location")
	}
	byForm := claimAt(b.post(t, "/claims", url.Values{"insured_name": {"Luis Peña"}, "loss_type": {"Water"}}))
	mail := b.addMessage(t, msgSeed{Subject: "Water in the basement", Status: "triage", From: "mpena@home.example",
		FromName: "Maria Pena", Arrived: arrived})
	fromMail := claimAt(b.post(t, fmt.Sprintf("/messages/%d/claim", mail), url.Values{"insured_name": {"Maria Pena"}, "loss_type": {"Water"}}))
	resp, body := b.bearer(t, "POST", "/api/claims", token, `{"claim_number":"API-1","insured_name":"Ann Smith"}`)
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		t.Fatalf("create by API: %d %s", resp.StatusCode, body)
	}
	byAPI := b.claimPath(t, "API-1")
	req, _ := http.NewRequest("POST", b.ts.URL+"/api/claims/import",
		strings.NewReader("job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email\n"+
			"26-1401-WTR,CSV-1,Allstate,,Wendell Ostrowski,,Water,,\n"))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/csv")
	if resp, body := send(t, b.client(t), req); resp.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	imported := b.claimPath(t, "CSV-1")
	assignment := b.addMessage(t, msgSeed{Subject: "New Assignment: 60-8H77-8H5", From: "notifications@xactanalysis.example",
		FromName: "XactAnalysis", Arrived: arrived})
	err = b.db.InTx(context.Background(), func(tx pgx.Tx) error {
		_, _, err := storage.ClaimFromAssignment(context.Background(), tx, storage.Claim{ClaimNumber: "60-8H77-8H5",
			Carrier: "Allstate", InsuredName: "Wendy Ostrowski", LossType: "Water"}, "", arrived, assignment)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fromAssignment := b.claimPath(t, "60-8H77-8H5")
	older := fmt.Sprintf("/claims/%d", b.addClaim(t, claimSeed{Job: "26-0900-WTR", Number: "OLD-1", Opened: arrived.Add(-24 * time.Hour)}))
	dana := "Test " + b.email
	for _, tc := range []struct{ path, want string }{
		{byForm, "Opened by " + dana},
		{fromMail, fmt.Sprintf(`<a href="/messages/%d">Opened by %s from Maria Pena's mail of Dec 7 09:12</a>`, mail, dana)},
		{byAPI, "Opened by claims script through the API"},
		{imported, "Imported from a claims file"},
		{older, "Sun Dec 6, 09:12</time> · <strong>Opened</strong>"},
		{fromAssignment, `Mon Dec 7, 09:12</time> · <strong><a href="/messages/` + fmt.Sprint(assignment) + `">Opened from the assignment by Allstate</a>`},
	} {
		page := html.UnescapeString(b.get(t, tc.path, http.StatusOK))
		start := strings.Index(page, `<ol class="history">`)
		if start < 0 {
			t.Errorf("%s: no history", tc.path)
			continue
		}
		history := page[start : start+strings.Index(page[start:], "</ol>")]
		lines := strings.Split(history, "<li")
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, ` class="opened"`) || !strings.Contains(last, tc.want) {
			t.Errorf("%s: the history's first line is %q, want %q", tc.path, last, tc.want)
		}
	}
}

// claimPath is the page of the claim of claim number number.
func (b *pageBundle) claimPath(t *testing.T, number string) string {
	t.Helper()
	var id int64
	b.query(t, `SELECT id FROM claims WHERE claim_number = $1`, []any{number}, &id)
	return fmt.Sprintf("/claims/%d", id)
}
