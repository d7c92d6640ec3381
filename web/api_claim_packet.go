package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/claimdesk/claimdesk/handoff"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// packetBatch is how many documents a packet reads from the database at a
// time: a claim with thousands of photos streams in steps of this many.
const packetBatch = 200

// handleAPIClaimPacket streams a claim's packet as a zip: claim.pdf,
// correspondence.pdf and the claim's folders (stamped copies where made;
// signed forms rejected left out), or with ?folder= only that folder's
// files, at the zip's root: the layout the job system and the carriers'
// portals are given. The zip is written straight to the response one file
// at a time, so memory does not grow with the number of photos.
func (s *Server) handleAPIClaimPacket(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	folder, err := packetFolder(r.URL.Query().Get("folder"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.loadHandoffClaim(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.opts.BlobStore == nil {
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, msg: "no blob store is configured"})
		return
	}
	// The PDFs are made before the first byte is sent, so that a failure
	// is still an error answer and not a broken zip.
	var pdfs []packetPDF
	if folder == "" {
		if pdfs, err = s.packetPDFs(ctx, h); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	name := h.claim.JobNumber + " packet.zip"
	if folder != "" {
		name = h.claim.JobNumber + " " + folder + ".zip"
	}
	setPrivateFile(w.Header(), "application/zip", "attachment", name)
	if err := s.writePacket(ctx, w, h.claim.ID, folder, pdfs); err != nil {
		// The status is sent: the only honest answer left is to cut the
		// connection, so the client sees a failed download and not a
		// zip that silently lacks files.
		s.log.Warn("packet cut short", "claim_id", h.claim.ID, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// packetPDF is a generated file at the packet's top level.
type packetPDF struct {
	name string
	data []byte
}

// packetPDFs makes the claim's cover and correspondence.
func (s *Server) packetPDFs(ctx context.Context, h handoffClaim) ([]packetPDF, error) {
	var cover bytes.Buffer
	if err := handoff.WriteCover(&cover, s.cover(h)); err != nil {
		return nil, fmt.Errorf("cover of claim %d: %w", h.claim.ID, err)
	}
	msgs, err := s.db.ClaimCorrespondence(ctx, h.claim.ID, packetMessages)
	if err != nil {
		return nil, err
	}
	corr := handoff.Correspondence{Title: "Correspondence - job " + h.claim.JobNumber, Location: s.rulesOf(h.claim.OfficeID).Calendar.Location()}
	for _, m := range msgs {
		corr.Messages = append(corr.Messages, printedMessage(m))
	}
	var mail bytes.Buffer
	if err := handoff.WriteCorrespondence(&mail, corr); err != nil {
		return nil, fmt.Errorf("correspondence of claim %d: %w", h.claim.ID, err)
	}
	return []packetPDF{{"claim.pdf", cover.Bytes()}, {"correspondence.pdf", mail.Bytes()}}, nil
}

// writePacket writes the zip to w: pdfs first, then the claim's documents
// in folder (all folders when empty), read from the database in batches
// and from the blob store one at a time.
func (s *Server) writePacket(ctx context.Context, w io.Writer, claimID int64, folder string, pdfs []packetPDF) error {
	zw := zip.NewWriter(w)
	now := s.now()
	// One copy buffer for the whole packet: a buffer per file would be
	// garbage growing with the number of photos.
	buf := make([]byte, 64<<10)
	for _, p := range pdfs {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: now})
		if err == nil {
			_, err = f.Write(p.data)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", p.name, err)
		}
	}
	for after := int64(0); ; {
		docs, err := s.db.ClaimDocuments(ctx, claimID, after, packetBatch)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if folder != "" && d.Folder != folder {
				continue
			}
			if rejectedForm(d) {
				continue
			}
			if err := s.addPacketDocument(ctx, zw, d, buf); err != nil {
				return err
			}
		}
		if len(docs) < packetBatch {
			break
		}
		after = docs[len(docs)-1].ID
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish zip: %w", err)
	}
	return nil
}

// addPacketDocument copies document d into the zip under its folder: the
// stamped copy when one was made, the original otherwise, through buf.
func (s *Server) addPacketDocument(ctx context.Context, zw *zip.Writer, d storage.Document, buf []byte) error {
	sha := d.SHA256
	if d.StampedSHA256 != "" {
		sha = d.StampedSHA256
	}
	body, err := s.opts.BlobStore.Get(ctx, blob.ContentKey(sha))
	if err != nil {
		return fmt.Errorf("read document %d: %w", d.ID, err)
	}
	defer body.Close()
	method := zip.Deflate
	if compressed(d.ContentType, d.Filename) {
		// Photos, PDFs and zips do not shrink: storing them saves the CPU.
		method = zip.Store
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: packetEntryName(d), Method: method, Modified: d.ReceivedAt.UTC()})
	if err != nil {
		return fmt.Errorf("add document %d: %w", d.ID, err)
	}
	// Hiding the file's WriteTo makes the copy use buf.
	if _, err := io.CopyBuffer(f, struct{ io.Reader }{body}, buf); err != nil {
		return fmt.Errorf("copy document %d: %w", d.ID, err)
	}
	return nil
}

// rejectedForm reports whether d is a signed form whose latest check
// found it wrong: the packet goes to billing and the carrier, so it leaves
// such a form out (its cover sheet says so), while the claim keeps it.
func rejectedForm(d storage.Document) bool {
	return d.Verified != nil && !*d.Verified
}

// packetEntryName is where document d sits in the packet: its folder and
// its name in the blob store's browsable tree, which is already unique
// within the claim and safe as a path.
func packetEntryName(d storage.Document) string {
	if d.BrowseKey != "" {
		return d.Folder + "/" + path.Base(d.BrowseKey)
	}
	return fmt.Sprintf("%s/%d_%s", d.Folder, d.ID, downloadName(d.Filename))
}

// compressed reports whether a file's format is compressed already.
func compressed(contentType, filename string) bool {
	switch strings.ToLower(path.Ext(filename)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".pdf", ".zip", ".esx", ".mp4", ".mov", ".docx", ".xlsx":
		return true
	}
	return strings.HasPrefix(contentType, "image/jpeg") || strings.HasPrefix(contentType, "application/pdf")
}

// packetFolder checks the ?folder= of a packet: empty, or one of the
// claim folders, matched without regard to case.
func packetFolder(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	for _, f := range folderOrder {
		if strings.EqualFold(f, strings.TrimSpace(v)) {
			return f, nil
		}
	}
	return "", badRequest("folder: want one of %s, got %q", strings.Join(folderOrder, ", "), v)
}
