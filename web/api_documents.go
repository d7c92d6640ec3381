package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// documentItem is a document of a claim as the API lists it.
type documentItem struct {
	ID          int64     `json:"id"`
	ClaimID     int64     `json:"claim_id"`
	Filename    string    `json:"filename"`
	DocType     string    `json:"doc_type"`
	Folder      string    `json:"folder"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	ReceivedAt  time.Time `json:"received_at"`
	// MessageID is the first message that brought the file; the same file
	// sent again is filed once.
	MessageID  *int64 `json:"message_id"`
	Stamped    bool   `json:"stamped"`
	StampError string `json:"stamp_error"`
	// TextSource is pdf, ocr or none: where the file's text comes from.
	TextSource string `json:"text_source"`
	// Verified is null until a person checks a signed form, then whether
	// it is signed right; VerifyReason says why not.
	Verified     *bool  `json:"verified"`
	VerifyReason string `json:"verify_reason"`
	// Vendor marks an invoice that came from outside the office: a
	// vendor's, never the office's own billing.
	Vendor bool `json:"vendor"`
	// TypeSetBy names who chose DocType by hand (POST
	// /api/documents/{id}/type); empty for claimdesk's own typing.
	TypeSetBy string `json:"type_set_by"`
	// DownloadURL serves the original as received, StampedURL the
	// received-stamped copy (null while there is none).
	DownloadURL string  `json:"download_url"`
	StampedURL  *string `json:"stamped_url"`
}

// documentURL is where document id is downloaded; which is original or
// stamped.
func documentURL(id int64, which string) string {
	return "/documents/" + strconv.FormatInt(id, 10) + "/" + which
}

func newDocumentItem(d storage.Document) documentItem {
	it := documentItem{
		ID: d.ID, ClaimID: d.ClaimID, Filename: d.Filename, DocType: d.DocType, Folder: d.Folder,
		ContentType: d.ContentType, Size: d.Size, SHA256: d.SHA256, ReceivedAt: d.ReceivedAt,
		Stamped: d.StampedSHA256 != "", StampError: d.StampError, TextSource: d.TextSource,
		Verified: d.Verified, VerifyReason: d.VerifyReason, Vendor: d.Vendor, TypeSetBy: d.TypeSetBy,
		DownloadURL: documentURL(d.ID, "original"),
	}
	if len(d.MessageIDs) > 0 {
		it.MessageID = &d.MessageIDs[0]
	}
	if it.Stamped {
		u := documentURL(d.ID, "stamped")
		it.StampedURL = &u
	}
	return it
}

func (s *Server) handleAPIClaimDocuments(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, after, err := pageParams(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// An unknown claim is not found, not a claim without documents.
	if _, err := s.lookupClaim(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	docs, err := s.db.ClaimDocuments(r.Context(), id, int64(after), limit+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp := listResponse[documentItem]{Items: make([]documentItem, 0, len(docs))}
	if len(docs) > limit {
		docs = docs[:limit]
		resp.NextCursor = idCursor(docs[len(docs)-1].ID).encode()
	}
	for _, d := range docs {
		resp.Items = append(resp.Items, newDocumentItem(d))
	}
	writeJSON(w, http.StatusOK, resp)
}
