package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// addRequest records that message msgID on claim claimID asks for docTypes.
func (b *apiBundle) addRequest(t *testing.T, claimID, msgID int64, from, text string, docTypes ...string) {
	t.Helper()
	due := b.at(3, 5, 18, 0)
	err := b.db.InTx(context.Background(), func(tx pgx.Tx) error {
		return storage.RecordRequest(context.Background(), tx, storage.NewRequest{ClaimID: claimID, MessageID: msgID, From: from,
			DocTypes: docTypes, Text: text, AskedAt: b.at(3, 4, 10, 0), Due: &due})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAPIClaimRequests(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	claimID := b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", Carrier: "State Farm"})
	msg := b.addMessage(t, testMessage{from: "janderson@statefarm.example", subject: "60-8H77-8H5", arrived: b.at(3, 4, 10, 0), status: storage.StatusFiled, needsAck: true})
	b.addRequest(t, claimID, msg, "JAnderson@statefarm.example", "I need the signed work authorization.", "atp")

	var list listResponse[requestItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/requests", claimID), &list)
	if len(list.Items) != 1 {
		t.Fatalf("items %+v, want one", list.Items)
	}
	rq := list.Items[0]
	if rq.MessageID != msg || rq.From != "janderson@statefarm.example" || !slices.Equal(rq.DocTypes, []string{"atp"}) ||
		rq.Status != storage.RequestOpen || rq.DueAt == nil || rq.DoneAt != nil {
		t.Fatalf("request %+v", rq)
	}

	resp, body := b.call(t, "POST", fmt.Sprintf("/api/requests/%d/done", rq.ID), map[string]string{"note": "faxed to the adjuster"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("done: %d %s", resp.StatusCode, body)
	}
	b.get(t, fmt.Sprintf("/api/claims/%d/requests", claimID), &list)
	if got := list.Items[0]; got.Status != storage.RequestDone || got.DoneAt == nil || got.DoneBy != "ana-script" || got.Note != "faxed to the adjuster" {
		t.Errorf("after done: %+v", got)
	}

	resp, body = b.call(t, "POST", "/api/requests/999999/done", map[string]string{}, nil)
	wantError(t, "unknown request", resp, body, http.StatusNotFound, "request 999999 not found")
	resp, body = b.call(t, "GET", "/api/claims/999999/requests", nil, nil)
	wantError(t, "unknown claim", resp, body, http.StatusNotFound, "claim 999999 not found")
}
