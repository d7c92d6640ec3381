package web

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/handoff"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// packetBatch is how many documents a packet reads from the database at a
// time: a claim with thousands of photos streams in steps of this many.
const packetBatch = 200

// handleAPIClaimPacket streams a claim's packet as a zip. By default it is
// the office's packet, laid out as the job system and the carriers'
// portals are given it: claim.pdf (the claim's fields, people, checklist,
// milestones and notes), correspondence.pdf and the claim's folders
// (stamped copies where made; signed forms rejected left out). With
// ?for=carrier it is the copy the coordinator uploads to the carrier: a
// job summary without the office's own checklist, milestones and notes,
// a correspondence of the mail with the carrier's people alone
// (packetCorrespondence), the filed emails' .eml copies left out (portals
// refuse them), vendors' invoices in a folder of their own, and
// every name starting with the job number and the insured's last name, so
// that a file still says whose it is out of the zip. With ?folder= only
// that folder's files. The zip is written straight to the response one
// file at a time, so memory does not grow with the number of photos.
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
	carrier, err := packetForCarrier(r.URL.Query().Get("for"))
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
	p, err := s.newPacket(ctx, h, folder, carrier)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The PDFs are made before the first byte is sent, so that a failure
	// is still an error answer and not a broken zip.
	if folder == "" {
		if p.pdfs, err = s.packetPDFs(ctx, h, p); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	name := cmp.Or(p.prefix, h.claim.JobNumber) + " packet.zip"
	switch {
	case folder != "":
		name = cmp.Or(p.prefix, h.claim.JobNumber) + " " + folder + ".zip"
	case carrier:
		name = p.prefix + " packet for the carrier.zip"
	}
	setPrivateFile(w.Header(), "application/zip", "attachment", name)
	if err := s.writePacket(ctx, w, p); err != nil {
		// The status is sent: the only honest answer left is to cut the
		// connection, so the client sees a failed download and not a
		// zip that silently lacks files.
		s.log.Warn("packet cut short", "claim_id", h.claim.ID, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// packet is what a claim's zip holds.
type packet struct {
	claimID int64
	// carrier says it is the carrier's copy (see handleAPIClaimPacket).
	carrier bool
	// prefix starts the name of every file of the carrier's copy: the job
	// number and the insured's last name; empty in the office's packet.
	prefix string
	// folder is the one claim folder asked for; empty for the whole packet.
	folder string
	// carrierMail are the messages the carrier's people sent or received,
	// whose .eml copies alone the carrier's copy of the Correspondence
	// folder holds.
	carrierMail map[int64]bool
	// pdfs are the files made for the packet, at its top level.
	pdfs []packetPDF
}

// packetPDF is a generated file at the packet's top level.
type packetPDF struct {
	name string
	data []byte
}

// newPacket is the packet of claim h: of one folder (empty: all of them),
// the carrier's copy or the office's.
func (s *Server) newPacket(ctx context.Context, h handoffClaim, folder string, carrier bool) (packet, error) {
	p := packet{claimID: h.claim.ID, folder: folder, carrier: carrier}
	if carrier {
		p.prefix = packetPrefix(h.claim)
	}
	var err error
	if carrier && folder == storage.FolderCorrespondence {
		p.carrierMail, err = s.db.ClaimMessagesWith(ctx, h.claim.ID, carrierPeople(h.claim, h.people))
	}
	return p, err
}

// holds reports whether document d goes into the packet. In the carrier's
// copy a filed email's .eml copy is left out: the correspondence PDF
// holds it, and most portals refuse .eml; a packet of the Correspondence
// folder alone has those of the mail the carrier's people sent or
// received.
func (p packet) holds(d storage.Document) bool {
	switch {
	case p.carrier && d.Folder == storage.FolderCorrespondence:
		return p.folder == d.Folder && slices.ContainsFunc(d.MessageIDs, func(id int64) bool { return p.carrierMail[id] })
	case p.folder != "":
		return d.Folder == p.folder && !rejectedForm(d)
	}
	return !rejectedForm(d)
}

// dir is the packet's folder of document d: its claim folder, but in the
// carrier's copy a vendor's invoice's own.
func (p packet) dir(d storage.Document) string {
	if p.carrier && d.Vendor && d.Folder == "Invoices" {
		return vendorInvoices
	}
	return d.Folder
}

// packetPDFs makes the claim's cover and correspondence: claim.pdf and
// correspondence.pdf in the office's packet, the job's summary and
// correspondence named after the job in the carrier's copy.
func (s *Server) packetPDFs(ctx context.Context, h handoffClaim, p packet) ([]packetPDF, error) {
	coverName, corrName := "claim.pdf", "correspondence.pdf"
	if p.carrier {
		coverName, corrName = packetFileName(p.prefix, "summary.pdf"), packetFileName(p.prefix, corrName)
	}
	enclosed, err := s.packetEnclosed(ctx, p)
	if err != nil {
		return nil, err
	}
	holding := officeCorrespondence
	if p.carrier {
		holding = carrierCorrespondence
	}
	enclosed = append(enclosed, handoff.Field{Label: "Correspondence", Value: corrName + ": " + holding})
	var cover bytes.Buffer
	if err := handoff.WriteCover(&cover, s.cover(h, !p.carrier, enclosed)); err != nil {
		return nil, fmt.Errorf("cover of claim %d: %w", h.claim.ID, err)
	}
	corr, err := s.packetCorrespondence(ctx, h, p)
	if err != nil {
		return nil, err
	}
	var mail bytes.Buffer
	if err := handoff.WriteCorrespondence(&mail, corr); err != nil {
		return nil, fmt.Errorf("correspondence of claim %d: %w", h.claim.ID, err)
	}
	return []packetPDF{{coverName, cover.Bytes()}, {corrName, mail.Bytes()}}, nil
}

// packetEnclosed counts the files of each folder of the packet, for its
// cover, in the order of the claim's folders.
func (s *Server) packetEnclosed(ctx context.Context, p packet) ([]handoff.Field, error) {
	counts := map[string]int{}
	err := s.eachPacketDocument(ctx, p, func(d storage.Document) error {
		counts[p.dir(d)]++
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []handoff.Field
	for _, f := range packetDirs() {
		switch n := counts[f]; n {
		case 0:
		case 1:
			out = append(out, handoff.Field{Label: f, Value: "1 file"})
		default:
			out = append(out, handoff.Field{Label: f, Value: strconv.Itoa(n) + " files"})
		}
	}
	return out, nil
}

// writePacket writes the zip to w: its pdfs first, then the claim's
// documents, read from the database in batches and from the blob store
// one at a time.
func (s *Server) writePacket(ctx context.Context, w io.Writer, p packet) error {
	zw := zip.NewWriter(w)
	now := s.now()
	// One copy buffer for the whole packet: a buffer per file would be
	// garbage growing with the number of photos.
	buf := make([]byte, 64<<10)
	names := entryNames{}
	for _, f := range p.pdfs {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: names.unique(f.name), Method: zip.Deflate, Modified: now})
		if err == nil {
			_, err = fw.Write(f.data)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
	}
	err := s.eachPacketDocument(ctx, p, func(d storage.Document) error {
		return s.addPacketDocument(ctx, zw, d, names.unique(p.entryName(d)), buf)
	})
	if err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish zip: %w", err)
	}
	return nil
}

// eachPacketDocument calls fn with each document the packet holds, in id
// order, read from the database in batches.
func (s *Server) eachPacketDocument(ctx context.Context, p packet, fn func(storage.Document) error) error {
	for after := int64(0); ; {
		docs, err := s.db.ClaimDocuments(ctx, p.claimID, after, packetBatch)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if !p.holds(d) {
				continue
			}
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(docs) < packetBatch {
			return nil
		}
		after = docs[len(docs)-1].ID
	}
}

// addPacketDocument copies document d into the zip as name: the
// stamped copy when one was made, the original otherwise, through buf.
func (s *Server) addPacketDocument(ctx context.Context, zw *zip.Writer, d storage.Document, name string, buf []byte) error {
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
	f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: d.ReceivedAt.UTC()})
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

// vendorInvoices is the packet's folder of the invoices vendors sent the
// office, apart from the office's own invoices, which the carrier pays.
const vendorInvoices = "Vendor invoices"

// packetDirs are the packet's folders in their order.
func packetDirs() []string {
	dirs := slices.Clone(folderOrder)
	return slices.Insert(dirs, slices.Index(dirs, "Invoices")+1, vendorInvoices)
}

// entryName is where document d sits in the packet: its folder, and its
// name in the blob store's browsable tree (which is unique within the
// claim's folder), after the prefix in the carrier's copy.
func (p packet) entryName(d storage.Document) string {
	name := fmt.Sprintf("%d_%s", d.ID, downloadName(d.Filename))
	if d.BrowseKey != "" {
		name = path.Base(d.BrowseKey)
	}
	if d.StampedSHA256 != "" {
		// The stamped copy of a picture is a PDF of it, named so.
		name = storage.StampedName(name, d.IsPDF())
	}
	if p.prefix != "" {
		name = packetFileName(p.prefix, name)
	}
	return p.dir(d) + "/" + name
}

// entryNames are the names a packet's entries have so far, in lower case.
// Filing keeps documents' names apart, but two that read the same (a
// carrier's copy cuts long names short), or differ only in case, which
// unzipping on Windows or a Mac merges, would unzip as one file.
type entryNames map[string]bool

// unique returns name, or when an earlier entry has it, name with " (2)",
// " (3)", ... before its extension, and records the name returned.
func (e entryNames) unique(name string) string {
	stem, ext := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	out := name
	for n := 2; e[strings.ToLower(out)]; n++ {
		out = fmt.Sprintf("%s (%d)%s", stem, n, ext)
	}
	e[strings.ToLower(out)] = true
	return out
}

// packetFileName is "<prefix> - <name>", safe as a file name anywhere: no
// path separators, none of the characters file systems refuse, short
// enough, its extension kept.
func packetFileName(prefix, name string) string {
	return mailparse.SanitizeFilename(noSlashes.Replace(prefix + " - " + name))
}

// noSlashes makes path separators in a name dashes, so that they neither
// nest folders nor lose what comes before them.
var noSlashes = strings.NewReplacer("/", "-", `\`, "-")

// packetPrefix starts the name of the packet and of each file in it: the
// claim's job number and its insured's last name, when known.
func packetPrefix(c storage.Claim) string {
	return noSlashes.Replace(joinNonEmpty(" ", strings.TrimSpace(c.JobNumber), lastName(c.InsuredName)))
}

// nameSuffixes are words that may follow a last name.
var nameSuffixes = []string{"jr", "sr", "ii", "iii", "iv"}

// lastName is the last name of an insured named name: "Peña" of "José
// Peña", of "Peña, José" and of "José Peña Jr."; empty without a name.
func lastName(name string) string {
	isSuffix := func(w string) bool { return slices.Contains(nameSuffixes, strings.ToLower(strings.Trim(w, ". "))) }
	if before, after, ok := strings.Cut(name, ","); ok && strings.TrimSpace(before) != "" && !isSuffix(after) {
		// "Peña, José": the last name comes first.
		return strings.TrimSpace(before)
	}
	words := strings.Fields(strings.ReplaceAll(name, ",", " "))
	for len(words) > 1 && isSuffix(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
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

// packetForCarrier reads the ?for= of a packet: the office's packet by
// default (empty or office), the carrier's copy with carrier.
func packetForCarrier(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "office":
		return false, nil
	case "carrier":
		return true, nil
	}
	return false, badRequest("for: want carrier or office, got %q", v)
}
