package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestAPIChangeDocumentType puts right what the classifier typed wrong: a
// photo of the signed COS becomes the claim's COS, in Contracts in the
// blob store and the billing packet, waiting for its signature check; once
// checked and then found to be a photo after all, its check goes with its
// type, and typed a COS again it waits for a new check. A vendor's bill
// filed as other becomes a vendor's invoice. The answers name who chose
// each type; a filed email, a type claimdesk does not file and a missing
// document are refused.
func TestAPIChangeDocumentType(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	b.filer.WithOfficeDomain("smrestore.example")
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-3110-WTR", ClaimNumber: "CL-3110", LossType: "Water"})
	photoBytes := []byte("\xff\xd8\xff\xe0 the signed COS, photographed")
	first := b.addMessage(t, testMessage{from: "tech@smrestore.example", subject: "pickup done", arrived: b.at(time.March, 2, 9, 0),
		files: []testFile{{"IMG_4410.jpg", "image/jpeg", photoBytes, "photo"}}})
	second := b.addMessage(t, testMessage{from: "billing@sunbelt.example", subject: "rental 4471", arrived: b.at(time.March, 3, 9, 0),
		files: []testFile{{"Sunbelt 4471.pdf", "application/pdf", testPDF(t, "Rental, balance due"), "other"}}})
	for _, id := range []int64{first, second} {
		if resp, body := b.call(t, "POST", fmt.Sprintf("/api/messages/%d/assign", id), map[string]any{"claim_id": claim}, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("assign: %d %s", resp.StatusCode, body)
		}
	}
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/stages", claim),
		map[string]any{"stage": "equipment_picked_up", "at": b.at(time.March, 2, 8, 0)}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stage: %d %s", resp.StatusCode, body)
	}
	docs, err := b.db.ClaimDocuments(ctx, claim, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]storage.Document{}
	for _, d := range docs {
		byName[d.Filename] = d
	}
	photo, bill := byName["IMG_4410.jpg"], byName["Sunbelt 4471.pdf"]
	var eml storage.Document
	for _, d := range docs {
		if d.DocType == storage.DocTypeCorrespondence {
			eml = d
		}
	}
	const photoKey = "offices/main/claims/26-3110-WTR/Photos/2026-03-02_IMG_4410.jpg"
	if photo.BrowseKey != photoKey || eml.ID == 0 {
		t.Fatalf("filed: photo at %q, an email %d; want the photo at %s and the message filed", photo.BrowseKey, eml.ID, photoKey)
	}
	cosStatus := func() sla.ItemStatus {
		t.Helper()
		facts, err := b.db.ClaimFacts(ctx, claim)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range b.cal.CheckClaim(facts, sla.DefaultRules(), b.clock.Now()).Checklist {
			if it.Type == sla.DocCOS {
				return it.Status
			}
		}
		return ""
	}
	if st := cosStatus(); st != sla.ItemMissing {
		t.Fatalf("COS %q before the change, want missing", st)
	}

	type item struct {
		ID        int64   `json:"id"`
		DocType   string  `json:"doc_type"`
		Folder    string  `json:"folder"`
		Verified  *bool   `json:"verified"`
		Vendor    bool    `json:"vendor"`
		TypeSetBy *string `json:"type_set_by"`
	}
	retype := func(id int64, docType string) item {
		t.Helper()
		resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/type", id), map[string]any{"doc_type": docType}, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("type document %d %s: %d %s", id, docType, resp.StatusCode, body)
		}
		var it item
		decodeBody(t, body, &it)
		return it
	}
	got := retype(photo.ID, "cos")
	if got.DocType != "cos" || got.Folder != "Contracts" || got.Verified != nil || got.TypeSetBy == nil || *got.TypeSetBy != "ana-script" {
		t.Errorf("the photo typed cos: %+v; want cos in Contracts, unchecked, set by ana-script", got)
	}
	if st := cosStatus(); st != sla.ItemUnverified {
		t.Errorf("COS %q once the photo is typed one, want on file, signature not verified", st)
	}
	const cosKey = "offices/main/claims/26-3110-WTR/Contracts/2026-03-02_IMG_4410.jpg"
	wantStored(t, b.store, cosKey, photoBytes)
	if _, err := b.store.Stat(ctx, photoKey); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("the photo is still at %s in the blob store (%v)", photoKey, err)
	}
	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip", claim), nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("packet: %d %.200s", resp.StatusCode, body)
	}
	files, names := unzip(t, body)
	if _, ok := files["Contracts/2026-03-02_IMG_4410.jpg"]; !ok || slices.Contains(names, "Photos/2026-03-02_IMG_4410.jpg") {
		t.Errorf("packet %v; want the COS in Contracts, not in Photos", names)
	}

	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", photo.ID), map[string]any{"ok": true}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("verify: %d %s", resp.StatusCode, body)
	}
	if st := cosStatus(); st != sla.ItemPresent {
		t.Errorf("COS %q once checked, want on file", st)
	}
	// A photo after all: the check goes with the type.
	if got := retype(photo.ID, "photo"); got.DocType != "photo" || got.Folder != "Photos" || got.Verified != nil {
		t.Errorf("typed back a photo: %+v; want a photo in Photos, unchecked", got)
	}
	if st := cosStatus(); st != sla.ItemMissing {
		t.Errorf("COS %q once the photo is a photo again, want missing", st)
	}
	if got := retype(photo.ID, "cos"); got.Verified != nil {
		t.Errorf("typed a COS again: %+v; want it waiting for a new check", got)
	}
	if st := cosStatus(); st != sla.ItemUnverified {
		t.Errorf("COS %q once typed a COS again, want on file, signature not verified", st)
	}

	if got := retype(bill.ID, "invoice"); got.DocType != "invoice" || got.Folder != "Invoices" || !got.Vendor {
		t.Errorf("Sunbelt's bill typed an invoice: %+v; want a vendor's invoice in Invoices", got)
	}
	var listed struct{ Items []item }
	b.get(t, fmt.Sprintf("/api/claims/%d/documents", claim), &listed)
	for _, it := range listed.Items {
		switch it.ID {
		case photo.ID, bill.ID:
			if it.TypeSetBy == nil || *it.TypeSetBy != "ana-script" {
				t.Errorf("document %d lists type_set_by %v, want ana-script", it.ID, it.TypeSetBy)
			}
		default:
			if it.TypeSetBy == nil || *it.TypeSetBy != "" {
				t.Errorf("document %d (%s) lists type_set_by %v, want empty: claimdesk typed it", it.ID, it.DocType, it.TypeSetBy)
			}
		}
	}

	resp, body = b.call(t, "POST", fmt.Sprintf("/api/documents/%d/type", photo.ID), map[string]any{"doc_type": "vendor_invoice"}, nil)
	wantError(t, "a type claimdesk does not file", resp, body, http.StatusBadRequest, "doc_type: want one of photo, atp")
	resp, body = b.call(t, "POST", fmt.Sprintf("/api/documents/%d/type", eml.ID), map[string]any{"doc_type": "other"}, nil)
	wantError(t, "retyping a filed email", resp, body, http.StatusBadRequest, "stays an email")
	resp, body = b.call(t, "POST", "/api/documents/999999/type", map[string]any{"doc_type": "cos"}, nil)
	wantError(t, "a missing document", resp, body, http.StatusNotFound, "not found")
}

// wantStored checks that the blob under key holds want.
func wantStored(t *testing.T, store blob.Store, key string, want []byte) {
	t.Helper()
	rc, err := store.Get(context.Background(), key)
	if err != nil {
		t.Errorf("%s: %v", key, err)
		return
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil || string(got) != string(want) {
		t.Errorf("%s holds %q (%v), want %q", key, got, err, want)
	}
}
