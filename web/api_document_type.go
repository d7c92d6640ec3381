package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// typeInput is a person's choice of a document's type: the body of POST
// /api/documents/{id}/type, and what the claim page's Change type form
// reads into.
type typeInput struct {
	DocType string `json:"doc_type"`
}

// handleAPIDocumentType gives a document the type a person chose, when
// the classifier got it wrong, and answers the document as the claim's
// documents list has it.
func (s *Server) handleAPIDocumentType(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[typeInput](s, w, r)
	if !ok {
		return
	}
	doc, err := s.changeDocumentType(r.Context(), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newDocumentItem(doc))
}

// changeDocumentType validates in and gives document id its type, for
// whoever the request acts for, through the pipeline's filer: the document
// moves to the type's folder, and the pipeline never types it again. The
// API and the claim page both change types through it.
func (s *Server) changeDocumentType(ctx context.Context, id int64, in typeInput) (storage.Document, error) {
	docType := strings.TrimSpace(in.DocType)
	if !classify.IsFiledType(docType) {
		return storage.Document{}, badRequest("doc_type: want one of %s, got %q", strings.Join(classify.FiledTypes(), ", "), in.DocType)
	}
	if s.opts.Filer == nil {
		return storage.Document{}, &httpError{status: http.StatusServiceUnavailable, msg: "filing is not configured on this server"}
	}
	doc, err := s.opts.Filer.ChangeDocumentType(ctx, id, docType, actorFrom(ctx))
	if errors.Is(err, storage.ErrInvalid) {
		// The only document the filer refuses a filed type: an email.
		return doc, badRequest("document %d is an email filed with its claim: it stays an email", id)
	}
	return doc, err
}
