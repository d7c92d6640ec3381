package storage

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// The message itself is filed too, beside its attachments. Its type and
// folder are filing's own; the attachment types are classify's.
const (
	// DocTypeCorrespondence is the type of a filed message (its .eml).
	DocTypeCorrespondence = "correspondence"
	// FolderCorrespondence is the claim folder of filed messages.
	FolderCorrespondence = "Correspondence"
)

// stampedFolder is the sub-folder holding the received-stamped copies of a
// folder's PDFs: "claims/26-1001-WTR/Estimates/Stamped/2026-11-05_Estimate.pdf"
// is the stamped copy of "claims/26-1001-WTR/Estimates/2026-11-05_Estimate.pdf".
// A sub-folder rather than a suffix on the name: a browse key has exactly
// four segments, so no attachment's name can ever take a stamped copy's key.
const stampedFolder = "Stamped"

// Limits on the segments of a browse key: blob keys allow 255 bytes per
// segment and 1024 in all.
const (
	maxDirSegmentBytes = 64 // job number and folder
	maxExtBytes        = 16
	// maxFilenameSegmentBytes leaves room for the date and "_<n>" within
	// 255 bytes.
	maxFilenameSegmentBytes = 240
	// maxStampedNameBytes is the cap of the name of a document that is not
	// a PDF: its stamped copy's name adds ".pdf" (StampedName), and fits
	// wherever a PDF's name does.
	maxStampedNameBytes = maxFilenameSegmentBytes - len(stampedExt)
	// maxBrowseSuffix bounds the search for a free name; a claim with that
	// many files of one name on one day is not a real claim.
	maxBrowseSuffix = 10000
)

// NewDocument is a file to file into a claim: an attachment, or the message
// itself as correspondence. Its bytes are in the blob store under their
// content key already.
type NewDocument struct {
	ClaimID     int64
	JobNumber   string // the claim's; with OfficeSlug it names the claim's folder in the blob store
	OfficeSlug  string // the slug of the claim's office
	SHA256      string
	Size        int64
	Filename    string // display name, already sanitized
	ContentType string
	DocType     string
	Folder      string
	ReceivedAt  time.Time // when the office received the message that brought it
	MessageID   int64     // our messages.id
	PartID      int64     // message_parts.id; 0 for the message itself
	// Vendor marks an invoice that came from outside the office: a
	// vendor's, never the office's own billing.
	Vendor bool
}

func (d NewDocument) validate() error {
	switch {
	case d.ClaimID <= 0:
		return errors.New("file document: no claim")
	case d.MessageID <= 0:
		return errors.New("file document: no message")
	case !isSHA256Hex(d.SHA256):
		return fmt.Errorf("file document: bad sha256 %q", d.SHA256)
	case d.Size < 0:
		return fmt.Errorf("file document: negative size %d", d.Size)
	case strings.TrimSpace(d.JobNumber) == "":
		return errors.New("file document: no job number")
	case d.OfficeSlug == "":
		return errors.New("file document: no office")
	case d.DocType == "" || d.Folder == "":
		return errors.New("file document: no document type or folder")
	case d.ReceivedAt.IsZero():
		return errors.New("file document: no received time")
	}
	return nil
}

// Document is a file filed into a claim.
type Document struct {
	ID      int64
	ClaimID int64
	// OfficeID is the claim's office; 0 in what FileDocument returns, which
	// filing does not read back.
	OfficeID    int64
	JobNumber   string
	SHA256      string // of the original, which is kept byte for byte
	Size        int64
	Filename    string
	ContentType string
	DocType     string
	Folder      string
	// BrowseKey is where the original is also readable in the blob store:
	// offices/<office slug>/claims/<job number>/<Folder>/<YYYY-MM-DD>_<filename>.
	BrowseKey string
	// StampedSHA256 is the content hash of the received-stamped copy; empty
	// until stamped, and for files that are not stamped.
	StampedSHA256 string
	// StampError says why a PDF has no stamped copy; empty otherwise.
	StampError string
	// TextSource says where the file's text comes from: TextSourcePDF (its
	// text layer), TextSourceOCR (read from its pictures) or TextSourceNone.
	TextSource string
	// Verified is nil until a person checks a signed form, then whether
	// it was signed right; VerifyReason says why not.
	Verified     *bool
	VerifyReason string
	// Vendor marks an invoice that came from outside the office (a
	// vendor's), which never counts as the office's billing.
	Vendor bool
	// TypeSetBy names the person who chose DocType (ChangeDocumentType),
	// which the pipeline then never changes; empty for the classifier's.
	TypeSetBy  string
	ReceivedAt time.Time
	CreatedAt  time.Time
	// MessageIDs lists the messages that brought the file, in id order.
	MessageIDs []int64
}

// stampedExt ends the name of the stamped copy of a document that is not
// a PDF: the copy is a PDF made of it.
const stampedExt = ".pdf"

// IsPDFFile reports whether a file named filename of type contentType is
// taken for a PDF: senders label PDFs application/octet-stream often
// enough that the name counts too.
func IsPDFFile(filename, contentType string) bool {
	return strings.EqualFold(contentType, "application/pdf") || strings.HasSuffix(strings.ToLower(filename), ".pdf")
}

// IsPDF reports whether d is taken for a PDF (IsPDFFile).
func (d Document) IsPDF() bool { return IsPDFFile(d.Filename, d.ContentType) }

// StampedBrowseKey returns where the stamped copy of document d is
// readable (see the function StampedBrowseKey).
func (d Document) StampedBrowseKey() string { return StampedBrowseKey(d.BrowseKey, d.IsPDF()) }

// StampedName returns the name d's stamped copy downloads as.
func (d Document) StampedName() string { return StampedName(d.Filename, d.IsPDF()) }

// StampedBrowseKey returns where the stamped copy of the document at
// browseKey is readable, pdf saying whether the document is a PDF
// (IsPDFFile): in the folder's "Stamped" sub-folder, under the name
// StampedName gives. Filing never gives two documents keys whose stamped
// copies would share a key (see browseTwin).
func StampedBrowseKey(browseKey string, pdf bool) string {
	dir, name := path.Split(browseKey)
	return dir + stampedFolder + "/" + StampedName(name, pdf)
}

// StampedName returns the file name of the stamped copy of a document
// named name, pdf saying whether it is a PDF (IsPDFFile). A PDF's copy
// keeps its name, with or without ".pdf". Any other document's copy is a
// PDF made of it (a photographed form, whatever its picture's name), named
// after it with ".pdf" added, "2026-11-05_IMG_0412.jpg.pdf": it opens as
// the PDF it is and says which picture it shows.
func StampedName(name string, pdf bool) string {
	if pdf || strings.HasSuffix(name, stampedExt) {
		return name
	}
	return name + stampedExt
}

// browseTwin returns the browse key whose document's stamped copy could
// have the same name as that of the document at key: key with ".pdf"
// added (the stamped name of a picture at key), or key without it (a
// picture whose stamped name is key). A key ending in ".pdf" after ".pdf"
// has none: neither it nor the key without one ".pdf" gets one added.
// Filing gives a document a key only when neither the key nor its twin is
// taken (takenKeys.blocks); a unique index of the keys without one
// trailing ".pdf" (migration 69) keeps two transactions from giving both
// at once, each before the other commits.
func browseTwin(key string) (string, bool) {
	stem, isPDF := strings.CutSuffix(key, stampedExt)
	switch {
	case !isPDF:
		return key + stampedExt, true
	case strings.HasSuffix(stem, stampedExt):
		return "", false
	}
	return stem, true
}

// documentColumns is a Document read from d, a documents row of the
// columns documentRowColumns names, and c, its claim.
const documentColumns = `
	d.id, d.claim_id, c.office_id, c.job_number, d.sha256, d.size, d.filename, d.content_type, d.doc_type, d.folder,
	d.browse_key, coalesce(d.stamped_sha256, ''), d.stamp_error,
	coalesce((SELECT t.source FROM file_texts t WHERE t.sha256 = d.sha256 AND t.content <> ''), 'none'),
	CASE WHEN d.verified_at IS NOT NULL THEN d.verify_ok END, d.verify_reason, d.vendor, d.type_set_by, d.received_at, d.created_at,
	coalesce((SELECT array_agg(dm.message_id ORDER BY dm.message_id)
	          FROM document_messages dm WHERE dm.document_id = d.id), '{}')`

const documentRowColumns = `id, claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key,
	stamped_sha256, stamp_error, verified_at, verify_ok, verify_reason, vendor, type_set_by, received_at, created_at`

const documentSelect = `SELECT ` + documentColumns + ` FROM documents d JOIN claims c ON c.id = d.claim_id`

func scanDocument(row pgx.Row) (Document, error) {
	var d Document
	err := row.Scan(documentFields(&d)...)
	return d, err
}

// documentFields are where documentColumns are read into d.
func documentFields(d *Document) []any {
	return []any{&d.ID, &d.ClaimID, &d.OfficeID, &d.JobNumber, &d.SHA256, &d.Size, &d.Filename, &d.ContentType, &d.DocType,
		&d.Folder, &d.BrowseKey, &d.StampedSHA256, &d.StampError, &d.TextSource,
		&d.Verified, &d.VerifyReason, &d.Vendor, &d.TypeSetBy, &d.ReceivedAt, &d.CreatedAt, &d.MessageIDs}
}

func collectDocuments(rows pgx.Rows, err error) ([]Document, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Document, error) { return scanDocument(r) })
}

// FileDocument files d into its claim within tx and links it to its
// message. The same file (SHA-256) already in the claim is not filed again:
// the existing document is linked to d's message too and returned with
// created false. A new document gets a browse key of its own, dated in loc
// (UTC when nil); a name taken on that day gets a suffix before its
// extension ("COS_2.pdf"), never the other file's key.
func FileDocument(ctx context.Context, tx pgx.Tx, d NewDocument, loc *time.Location) (doc Document, created bool, err error) {
	if err := d.validate(); err != nil {
		return Document{}, false, err
	}
	first, base := firstCandidate(d, loc)
	if doc, done, created, err := fileDocumentAt(ctx, tx, d, first, base); done {
		return doc, created, err
	}
	return fileDocumentRenamed(ctx, tx, d, first, base)
}

// keyBase is what a document's browse keys are made of: the plain name is
// prefix+ext, the n-th name prefix+"_n"+ext (see browseCandidate).
type keyBase struct{ prefix, ext string }

// firstCandidate is the document d makes at its plain browse key.
func firstCandidate(d NewDocument, loc *time.Location) (Document, keyBase) {
	filename := pgText(d.Filename)
	if strings.TrimSpace(filename) == "" {
		filename = "document"
	}
	prefix, ext := browseKeyBase(ClaimFolder{Office: d.OfficeSlug, Job: d.JobNumber}, d.Folder, d.ReceivedAt, loc, filename,
		IsPDFFile(filename, d.ContentType))
	return Document{ClaimID: d.ClaimID, JobNumber: d.JobNumber, SHA256: d.SHA256, Size: d.Size, Filename: filename,
		ContentType: pgText(d.ContentType), DocType: d.DocType, Folder: pgText(d.Folder),
		BrowseKey: browseCandidate(prefix, ext, 1), MessageIDs: []int64{d.MessageID}, Vendor: d.Vendor}, keyBase{prefix, ext}
}

// fileDocumentRenamed files d when its first attempt found neither the
// file in the claim nor a name it could take: a concurrent filing took
// the name picked or its twin, or inserted the same file first, or
// another claim's folder of the same name holds the names tried. It tries
// the suffixed names in turn, each attempt linking the claim's copy if
// there is one by then.
func fileDocumentRenamed(ctx context.Context, tx pgx.Tx, d NewDocument, first Document, base keyBase) (Document, bool, error) {
	taken, err := takenBrowseKeys(ctx, tx, d.ClaimID, base.prefix)
	if err != nil {
		return Document{}, false, err
	}
	taken[first.BrowseKey] = true
	for n := 2; n <= maxBrowseSuffix; n++ {
		key := browseCandidate(base.prefix, base.ext, n)
		if taken.blocks(key) {
			continue
		}
		doc := first
		doc.BrowseKey = key
		if doc, done, created, err := fileDocumentAt(ctx, tx, d, doc, base); done {
			return doc, created, err
		}
		taken[key] = true
	}
	return Document{}, false, fmt.Errorf("file %s in claim %d: no free name for %s%s", d.SHA256, d.ClaimID, base.prefix, base.ext)
}

// claimDocumentBySHA finds the claim's document of that content. The share
// lock keeps a concurrent move from deleting it before the link is made.
func claimDocumentBySHA(ctx context.Context, tx pgx.Tx, claimID int64, sha string) (int64, bool, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM documents WHERE claim_id = $1 AND sha256 = $2 FOR SHARE`,
		claimID, sha).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("look up %s in claim %d: %w", sha, claimID, err)
	}
	return id, true, nil
}

// linkDocument records that messageID brought document id, and returns
// the document.
func linkDocument(ctx context.Context, tx pgx.Tx, id, messageID, partID int64) (Document, error) {
	if err := addDocumentMessage(ctx, tx, id, messageID, partID); err != nil {
		return Document{}, err
	}
	doc, err := scanDocument(tx.QueryRow(ctx, documentSelect+` WHERE d.id = $1`, id))
	if err != nil {
		return Document{}, fmt.Errorf("read document %d: %w", id, err)
	}
	return doc, nil
}

// addDocumentMessage records that messageID brought document id.
func addDocumentMessage(ctx context.Context, tx pgx.Tx, id, messageID, partID int64) error {
	var part *int64
	if partID > 0 {
		part = &partID
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO document_messages (document_id, message_id, part_id) VALUES ($1, $2, $3)
		ON CONFLICT (document_id, message_id) DO NOTHING`, id, messageID, part)
	if err != nil {
		return fmt.Errorf("link document %d to message %d: %w", id, messageID, err)
	}
	return nil
}

// takenKeys are the browse keys in use under a prefix (takenBrowseKeys).
type takenKeys map[string]bool

// blocks reports whether key is not free: taken, or its twin is (see
// browseTwin), whose document's stamped copy would be its own. A key's
// twin starts with the same prefix as the key, so that the keys under the
// prefix are all there is to look at.
func (t takenKeys) blocks(key string) bool {
	twin, ok := browseTwin(key)
	return t[key] || ok && t[twin]
}

// takenBrowseKeys returns the keys starting with prefix that are in use:
// by the claim's documents, or retired and not yet deleted from the store.
// Keys of other claims cannot start with the claim's folder prefix unless
// two job numbers read the same once made safe; the unique index catches
// that case at insert.
func takenBrowseKeys(ctx context.Context, tx pgx.Tx, claimID int64, prefix string) (takenKeys, error) {
	keys, err := queryAll(ctx, tx, pgx.RowTo[string], `
		SELECT browse_key FROM documents WHERE claim_id = $1 AND `+startsWith("browse_key", "$2")+`
		UNION ALL
		SELECT key FROM retired_browse_keys WHERE `+startsWith("key", "$2"), claimID, prefix)
	if err != nil {
		return nil, fmt.Errorf("read names in %s: %w", prefix, err)
	}
	taken := make(takenKeys, len(keys))
	for _, k := range keys {
		taken[k] = true
	}
	return taken, nil
}

// ClaimFolder names a claim's folder in the blob store: its office's slug
// and its job number. Two offices may both have a job 26-1001-WTR; their
// folders are apart.
type ClaimFolder struct {
	Office string
	Job    string
}

// Key is the folder's key prefix, "offices/<slug>/claims/<job>/", under
// which the claim's documents are browsable.
func (f ClaimFolder) Key() string {
	return OfficeBrowseKey(f.Office) + claimsSegment + browseSegment(f.Job, maxDirSegmentBytes) + "/"
}

// OfficeBrowseKey is the key prefix of everything browsable of the office
// with that slug: "offices/<slug>/".
func OfficeBrowseKey(slug string) string {
	return officesSegment + browseSegment(slug, maxDirSegmentBytes) + "/"
}

const (
	officesSegment = "offices/"
	claimsSegment  = "claims/"
)

// browseKeyBase returns the first browse key candidate of a document split
// at its extension: "offices/<slug>/claims/<job>/<folder>/<date>_<stem>"
// and ".<ext>". pdf says whether the document is a PDF (IsPDFFile): any
// other's stamped name adds ".pdf" (StampedName), so a long name's stem
// is cut shorter, its extension kept, for that to fit too.
func browseKeyBase(claim ClaimFolder, folder string, receivedAt time.Time, loc *time.Location, filename string, pdf bool) (prefix, ext string) {
	if loc == nil {
		loc = time.UTC
	}
	name := browseSegment(filename, maxFilenameSegmentBytes)
	stem, ext := splitExt(name)
	if !pdf && len(name) > maxStampedNameBytes {
		stem = browseSegment(stem, maxStampedNameBytes-len(ext))
	}
	date := receivedAt.In(loc).Format(time.DateOnly)
	return claim.Key() + browseSegment(folder, maxDirSegmentBytes) + "/" + date + "_" + stem, ext
}

// browseCandidate is the n-th name tried for a document: the plain name
// first, then "_2", "_3", ... before the extension.
func browseCandidate(prefix, ext string, n int) string {
	if n <= 1 {
		return prefix + ext
	}
	return prefix + "_" + strconv.Itoa(n) + ext
}

// splitExt splits a short extension off name; a dot far from the end, or
// followed by a space, is part of the name.
func splitExt(name string) (stem, ext string) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || len(name)-i > maxExtBytes || strings.ContainsRune(name[i:], ' ') {
		return name, ""
	}
	return name[:i], name[i:]
}

// browseSegment makes s usable as one segment of a blob key on every store:
// no separators or control characters, valid UTF-8, no leading dot (a dot
// segment, or the stores' own reserved names), at most maxBytes, never empty.
func browseSegment(s string, maxBytes int) string {
	s = strings.ToValidUTF8(s, "_")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r == '/' || r == '\\' || unicode.IsControl(r) {
			r = '_'
		}
		b.WriteRune(r)
	}
	out := strings.TrimLeft(strings.TrimSpace(b.String()), ".")
	if len(out) > maxBytes {
		n := maxBytes
		for n > 0 && !utf8.RuneStart(out[n]) {
			n--
		}
		out = out[:n]
	}
	if out == "" {
		return "_"
	}
	return out
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// GetDocument returns document id; ErrNotFound when there is none.
func (db *DB) GetDocument(ctx context.Context, id int64) (Document, error) {
	d, err := scanDocument(db.pool.QueryRow(ctx, documentSelect+` WHERE d.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return d, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("get document %d: %w", id, err)
	}
	return d, nil
}

// ClaimDocuments returns up to limit documents of a claim (all of them when
// limit <= 0) in filing order, starting after document afterID (0: from the
// first), so that a list can be read page by page.
func (db *DB) ClaimDocuments(ctx context.Context, claimID, afterID int64, limit int) ([]Document, error) {
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	docs, err := collectDocuments(db.pool.Query(ctx, documentSelect+`
		WHERE d.claim_id = $1 AND d.id > $2 ORDER BY d.id LIMIT $3`, claimID, afterID, lim))
	if err != nil {
		return nil, fmt.Errorf("documents of claim %d: %w", claimID, err)
	}
	return docs, nil
}

// MessageDocuments returns the documents message id brought, in id order.
// Planned for each run, for the reason queueLockDocumentKeys gives.
func (db *DB) MessageDocuments(ctx context.Context, messageID int64) ([]Document, error) {
	docs, err := collectDocuments(db.pool.Query(ctx, documentSelect+`
		WHERE d.id IN (SELECT document_id FROM document_messages WHERE message_id = $1) ORDER BY d.id`, customPlan, messageID))
	if err != nil {
		return nil, fmt.Errorf("documents of message %d: %w", messageID, err)
	}
	return docs, nil
}

// LockMessageDocuments returns the documents message messageID brought, and
// keeps them from moving until tx ends: the blob steps that follow filing
// then see the keys that stay. Planned for each run, for the reason
// queueLockDocumentKeys gives.
func LockMessageDocuments(ctx context.Context, tx pgx.Tx, messageID int64) ([]Document, error) {
	docs, err := collectDocuments(tx.Query(ctx, documentSelect+`
		WHERE d.id IN (SELECT document_id FROM document_messages WHERE message_id = $1)
		ORDER BY d.id FOR SHARE OF d`, customPlan, messageID))
	if err != nil {
		return nil, fmt.Errorf("lock documents of message %d: %w", messageID, err)
	}
	return docs, nil
}

// LockDocument returns document id and keeps it from moving until tx ends;
// ErrNotFound when there is none.
func LockDocument(ctx context.Context, tx pgx.Tx, id int64) (Document, error) {
	return lockDocument(ctx, tx, id, "FOR SHARE OF d")
}

func lockDocument(ctx context.Context, tx pgx.Tx, id int64, lock string) (Document, error) {
	d, err := scanDocument(tx.QueryRow(ctx, documentSelect+` WHERE d.id = $1 `+lock, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return d, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("lock document %d: %w", id, err)
	}
	return d, nil
}

// StampOutcome is the result of stamping one document: a stamped copy, or
// the reason there is none.
type StampOutcome struct {
	DocumentID int64
	// ClaimID is the document's as the stamp was made. A document moved to
	// another claim since needs a stamp with its new job number, and this
	// one is not recorded. A new browse key alone (the claim's folder
	// relocated) changes nothing the stamp shows.
	ClaimID int64
	// TextSource is the document's as the stamp was made: a scan read by
	// OCR since needs a stamp carrying the words read, and this one is not
	// recorded. Empty for a stamp the text does not change (a picture's).
	TextSource string
	// JobNumber and OfficeID are the claim's as the stamp was made: the
	// stamp shows the job number, and its time in the office's zone. A
	// claim renamed or moved to another office since needs a new stamp,
	// and this one is not recorded.
	JobNumber string
	OfficeID  int64
	// StampedSHA256 is the stamped copy's content hash, on success.
	StampedSHA256 string
	// Error is a sentence for the coordinator, on failure.
	Error string
	// ErrorKind is the failure's kind (StampDamaged, ...), and Abilities
	// what the stamping process could do when it met it (the pictures it
	// read, the programs it converted with; names without spaces): a
	// failure of an outgrown kind is tried again by a process that can do
	// more than each process that met it (RetryOutgrownStamps).
	ErrorKind string
	Abilities []string
	// OverLimit says that the file was refused for its size, over the
	// stamping limit: a larger limit stamps it (RetryOutgrownStamps).
	OverLimit bool
}

// abilitySet is how a document's stamp_error_abilities holds the
// abilities of one process that met its stamp error: their names in
// order, separated by spaces; "" for none.
func abilitySet(abilities []string) string {
	set := slices.Sorted(slices.Values(pgTexts(abilities)))
	return strings.Join(slices.Compact(set), " ")
}

// Kinds of stamp error: why a document has no stamped copy. The file's own
// fault is never tried again; a limit of claimdesk or of its machine then
// (StampUnsupported, StampNoProgram: the outgrown kinds) is tried again
// once claimdesk can do more. Errors recorded before kinds were have
// none, when their sentence was none of an earlier build's.
const (
	StampDamaged   = "damaged"   // the file is damaged or incomplete
	StampEncrypted = "encrypted" // a password-protected PDF
	StampTooLarge  = "too_large" // beyond the stamping limits
	StampFailed    = "failed"    // stamping failed or timed out, run after run
	// StampUnsupported is a format or coding the stamp did not read.
	StampUnsupported = "unsupported"
	// StampNoProgram is a program the stamp converts with that was not
	// installed (tiffcp, heif-convert).
	StampNoProgram = "no_program"
)

// RecordStamp records o within tx unless the document has moved to another
// claim, its claim was renamed or moved to another office, or it was read
// by OCR since the stamp was made, or it already has a
// result. It returns the document as it now is, locked until tx ends, and
// whether o was recorded; ErrNotFound when the document is gone (merged into
// another claim's copy of the same file).
func RecordStamp(ctx context.Context, tx pgx.Tx, o StampOutcome) (Document, bool, error) {
	if (o.StampedSHA256 == "") == (o.Error == "") {
		return Document{}, false, errors.New("record stamp: want a stamped copy or an error, not both or neither")
	}
	if o.StampedSHA256 != "" && !isSHA256Hex(o.StampedSHA256) {
		return Document{}, false, fmt.Errorf("record stamp: bad sha256 %q", o.StampedSHA256)
	}
	d, err := lockDocument(ctx, tx, o.DocumentID, "FOR UPDATE OF d")
	if err != nil {
		return d, false, err
	}
	if d.ClaimID != o.ClaimID || d.JobNumber != o.JobNumber || d.OfficeID != o.OfficeID ||
		o.TextSource != "" && d.TextSource != o.TextSource || d.StampedSHA256 != "" || d.StampError != "" {
		return d, false, nil
	}
	var stamped *string
	if o.StampedSHA256 != "" {
		stamped = &o.StampedSHA256
	}
	// An error adds the abilities it was met with to those of the
	// servers that met it before (RetryOutgrownStamps); a stamped copy
	// forgets them.
	if _, err := tx.Exec(ctx, `UPDATE documents SET stamped_sha256 = $2, stamp_error = $3, stamp_error_kind = $4,
		stamp_error_abilities = CASE WHEN $3 = '' THEN '{}'
			WHEN $5 = '' OR $5 = ANY (stamp_error_abilities) THEN stamp_error_abilities
			ELSE stamp_error_abilities || $5::text END,
		stamp_error_over_limit = $6
		WHERE id = $1`,
		d.ID, stamped, pgText(o.Error), o.ErrorKind, abilitySet(o.Abilities), o.OverLimit && o.Error != ""); err != nil {
		return d, false, fmt.Errorf("record stamp of document %d: %w", d.ID, err)
	}
	d.StampedSHA256, d.StampError = o.StampedSHA256, pgText(o.Error)
	return d, true, nil
}

// FilingMessage is a message as filing needs it.
type FilingMessage struct {
	ID      int64
	ClaimID int64 // 0 when in no claim
	Status  string
	Subject string
	// Direction (in or out) and FromAddress tell the office's own mail
	// from others'.
	Direction   string
	FromAddress string
	RawSHA256   string
	RawSize     int64
	// ReceivedAt is when the mail server received the message (its IMAP
	// internal date), else when claimdesk stored it: the office's
	// received time, which the stamp and the browse key's date show.
	ReceivedAt time.Time
	OfficeID   int64
	MessageID  string // its Message-ID header: the thread replies follow
}

// LockMessageForFiling returns message id and keeps others from filing or
// moving it until tx ends; ErrNotFound when there is none.
func LockMessageForFiling(ctx context.Context, tx pgx.Tx, id int64) (FilingMessage, error) {
	return scanFilingMessage(tx.QueryRow(ctx, lockFilingMessageSQL, id), id)
}

const lockFilingMessageSQL = `
	SELECT id, claim_id, status, subject, direction, from_address, raw_sha256, raw_size, coalesce(internal_date, received_at),
	       office_id, message_id
	FROM messages WHERE id = $1 FOR UPDATE`

func scanFilingMessage(row pgx.Row, id int64) (FilingMessage, error) {
	var m FilingMessage
	var claimID *int64
	err := row.Scan(&m.ID, &claimID, &m.Status, &m.Subject, &m.Direction, &m.FromAddress, &m.RawSHA256, &m.RawSize, &m.ReceivedAt,
		&m.OfficeID, &m.MessageID)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("lock message %d: %w", id, err)
	}
	if claimID != nil {
		m.ClaimID = *claimID
	}
	return m, nil
}

// FilingPart is an attachment of a message, as stored by parsing.
type FilingPart struct {
	ID          int64
	Path        string
	ContentType string
	Filename    string
	SHA256      string
	Size        int64
}

// FilingParts returns the attachments of message messageID (the parts the
// sender meant as documents, with their content stored), in MIME order.
func FilingParts(ctx context.Context, tx pgx.Tx, messageID int64) ([]FilingPart, error) {
	rows, err := tx.Query(ctx, filingPartsSQL, messageID)
	return collectFilingParts(messageID, rows, err)
}

const filingPartsSQL = `
	SELECT id, part_path, content_type, filename, sha256, size FROM message_parts
	WHERE message_id = $1 AND is_attachment AND sha256 IS NOT NULL ORDER BY id`

func collectFilingParts(messageID int64, rows pgx.Rows, err error) ([]FilingPart, error) {
	if err != nil {
		return nil, fmt.Errorf("attachments of message %d: %w", messageID, err)
	}
	parts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (FilingPart, error) {
		var p FilingPart
		err := r.Scan(&p.ID, &p.Path, &p.ContentType, &p.Filename, &p.SHA256, &p.Size)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("attachments of message %d: %w", messageID, err)
	}
	return parts, nil
}

// SetMessageFiled records within tx that message id is filed in claimID.
func SetMessageFiled(ctx context.Context, tx pgx.Tx, id, claimID int64) error {
	tag, err := tx.Exec(ctx, `
		UPDATE messages SET claim_id = $2, status = 'filed', error = '', updated_at = now() WHERE id = $1`,
		id, claimID)
	if err != nil {
		return fmt.Errorf("file message %d in claim %d: %w", id, claimID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	return nil
}

// ClaimFolderOf returns the folder of claim id in the blob store;
// ErrNotFound when there is no such claim.
func ClaimFolderOf(ctx context.Context, tx pgx.Tx, id int64) (ClaimFolder, error) {
	var f ClaimFolder
	err := tx.QueryRow(ctx, claimFolderSQL, id).Scan(&f.Job, &f.Office)
	if errors.Is(err, pgx.ErrNoRows) {
		return ClaimFolder{}, fmt.Errorf("claim %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return ClaimFolder{}, fmt.Errorf("folder of claim %d: %w", id, err)
	}
	return f, nil
}

const claimFolderSQL = `SELECT c.job_number, o.slug FROM claims c JOIN offices o ON o.id = c.office_id WHERE c.id = $1`

// DocumentsMove asks to move the documents of one message to another claim.
type DocumentsMove struct {
	MessageID int64
	ToClaimID int64
	To        ClaimFolder
	// ReceivedAt is the message's received time, for a document it gets of
	// its own in the target claim (one it shared with other messages).
	ReceivedAt time.Time
}

// MovedDocuments is what moving a message's documents changed.
type MovedDocuments struct {
	// Restamp lists the documents now in the target claim whose received
	// stamp, which shows the job number, must be made (again): the moved
	// ones, and new copies of shared ones. Documents merged into the target
	// claim's copy of the same file keep that copy's stamp.
	Restamp []Document
	// Retired lists the browse keys given up. They stay reserved until
	// ReleaseRetiredBrowseKeys, once their blobs are deleted.
	Retired []string
}

// MoveMessageDocuments moves the documents message mv.MessageID brought to
// claim mv.ToClaimID within tx. A document only this message brought moves
// (same folder and name, a browse key under the new job number, stamp
// reset); one the target claim has already (same SHA-256) is merged into it;
// one other messages brought too stays where it is for them, and the message
// gets its own in the target claim.
func MoveMessageDocuments(ctx context.Context, tx pgx.Tx, mv DocumentsMove, loc *time.Location) (MovedDocuments, error) {
	var out MovedDocuments
	docs, err := lockMessageDocuments(ctx, tx, mv)
	if err != nil {
		return out, err
	}
	for _, d := range docs {
		// Asked only now that the row is locked: a link made meanwhile by a
		// concurrent filing is then visible.
		shared, err := sharedWithOtherMessages(ctx, tx, d.ID, mv.MessageID)
		if err != nil {
			return out, err
		}
		targetID, inTarget, err := claimDocumentBySHA(ctx, tx, mv.ToClaimID, d.SHA256)
		if err != nil {
			return out, err
		}
		switch {
		case shared:
			err = copySharedDocument(ctx, tx, d, mv, loc, &out)
		case inTarget:
			err = mergeIntoTargetDocument(ctx, tx, d, targetID, mv.MessageID, &out)
		default:
			err = moveOwnDocument(ctx, tx, d.Document, mv, loc, &out)
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// messageDocument is a document as a message brought it: with the part it
// came in, 0 when none is recorded.
type messageDocument struct {
	Document
	partID int64
}

// lockMessageDocuments locks, within tx, the documents message
// mv.MessageID brought that are not in claim mv.ToClaimID already, in id
// order.
func lockMessageDocuments(ctx context.Context, tx pgx.Tx, mv DocumentsMove) ([]messageDocument, error) {
	rows, err := tx.Query(ctx, `
		SELECT d.id, d.claim_id, d.sha256, d.size, d.filename, d.content_type, d.doc_type, d.folder, d.browse_key,
		       d.received_at, coalesce(dm.part_id, 0)
		FROM documents d JOIN document_messages dm ON dm.document_id = d.id AND dm.message_id = $1
		WHERE d.claim_id <> $2
		ORDER BY d.id FOR UPDATE OF d`, mv.MessageID, mv.ToClaimID)
	if err != nil {
		return nil, fmt.Errorf("lock documents of message %d: %w", mv.MessageID, err)
	}
	docs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (messageDocument, error) {
		var d messageDocument
		err := r.Scan(&d.ID, &d.ClaimID, &d.SHA256, &d.Size, &d.Filename, &d.ContentType, &d.DocType, &d.Folder,
			&d.BrowseKey, &d.ReceivedAt, &d.partID)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("lock documents of message %d: %w", mv.MessageID, err)
	}
	return docs, nil
}

// sharedWithOtherMessages reports whether a message other than messageID
// brought document id too.
func sharedWithOtherMessages(ctx context.Context, tx pgx.Tx, id, messageID int64) (bool, error) {
	var shared bool
	if err := tx.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM document_messages WHERE document_id = $1 AND message_id <> $2)`,
		id, messageID).Scan(&shared); err != nil {
		return false, fmt.Errorf("links of document %d: %w", id, err)
	}
	return shared, nil
}

// copySharedDocument leaves d where it is for the other messages that
// brought it, and files the moving message's own copy in the target claim.
func copySharedDocument(ctx context.Context, tx pgx.Tx, d messageDocument, mv DocumentsMove, loc *time.Location, out *MovedDocuments) error {
	if _, err := tx.Exec(ctx, `DELETE FROM document_messages WHERE document_id = $1 AND message_id = $2`,
		d.ID, mv.MessageID); err != nil {
		return fmt.Errorf("unlink document %d: %w", d.ID, err)
	}
	nd, created, err := FileDocument(ctx, tx, NewDocument{
		ClaimID: mv.ToClaimID, JobNumber: mv.To.Job, OfficeSlug: mv.To.Office, SHA256: d.SHA256, Size: d.Size, Filename: d.Filename,
		ContentType: d.ContentType, DocType: d.DocType, Folder: d.Folder, ReceivedAt: mv.ReceivedAt,
		MessageID: mv.MessageID, PartID: d.partID, Vendor: d.Vendor,
	}, loc)
	if err != nil {
		return err
	}
	if created {
		out.Restamp = append(out.Restamp, nd)
	}
	return nil
}

// mergeIntoTargetDocument links the moving message to targetID, the
// target claim's copy of the same file, and deletes d, retiring its
// browse key.
func mergeIntoTargetDocument(ctx context.Context, tx pgx.Tx, d messageDocument, targetID, messageID int64, out *MovedDocuments) error {
	if _, err := linkDocument(ctx, tx, targetID, messageID, d.partID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM documents WHERE id = $1`, d.ID); err != nil {
		return fmt.Errorf("merge document %d into %d: %w", d.ID, targetID, err)
	}
	if err := retireBrowseKey(ctx, tx, d.BrowseKey); err != nil {
		return err
	}
	out.Retired = append(out.Retired, d.BrowseKey)
	return nil
}

// moveOwnDocument moves d, which only the moving message brought, to the
// target claim, retiring its old browse key; it is stamped again there.
func moveOwnDocument(ctx context.Context, tx pgx.Tx, d Document, mv DocumentsMove, loc *time.Location, out *MovedDocuments) error {
	if err := moveDocument(ctx, tx, d, mv, loc); err != nil {
		return err
	}
	if err := retireBrowseKey(ctx, tx, d.BrowseKey); err != nil {
		return err
	}
	out.Retired = append(out.Retired, d.BrowseKey)
	moved, err := scanDocument(tx.QueryRow(ctx, documentSelect+` WHERE d.id = $1`, d.ID))
	if err != nil {
		return fmt.Errorf("read moved document %d: %w", d.ID, err)
	}
	out.Restamp = append(out.Restamp, moved)
	return nil
}

// moveDocument gives document d to claim mv.ToClaimID under a free browse
// key there, with its stamp reset.
func moveDocument(ctx context.Context, tx pgx.Tx, d Document, mv DocumentsMove, loc *time.Location) error {
	prefix, ext := browseKeyBase(mv.To, d.Folder, d.ReceivedAt, loc, d.Filename, d.IsPDF())
	_, err := setFreeBrowseKey(ctx, tx, mv.ToClaimID, prefix, ext, func(sp pgx.Tx, key string) error {
		_, err := sp.Exec(ctx, `
			UPDATE documents SET claim_id = $2, browse_key = $3, stamped_sha256 = NULL, stamp_error = '',
				stamp_error_kind = '', stamp_error_abilities = '{}', stamp_error_over_limit = false
			WHERE id = $1`, d.ID, mv.ToClaimID, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("move document %d: %w", d.ID, err)
	}
	return nil
}

// setFreeBrowseKey runs set with the first free name (takenKeys.blocks)
// among prefix+ext, prefix_2+ext, ... in claimID's folder, and returns the
// name it kept.
// Each try is a savepoint, so that a name or twin taken meanwhile (the
// unique indexes say so, once the transaction that took it commits) costs
// one more try rather than the whole transaction.
func setFreeBrowseKey(ctx context.Context, tx pgx.Tx, claimID int64, prefix, ext string, set func(sp pgx.Tx, key string) error) (string, error) {
	taken, err := takenBrowseKeys(ctx, tx, claimID, prefix)
	if err != nil {
		return "", err
	}
	for n := 1; n <= maxBrowseSuffix; n++ {
		key := browseCandidate(prefix, ext, n)
		if taken.blocks(key) {
			continue
		}
		sp, err := tx.Begin(ctx)
		if err != nil {
			return "", err
		}
		err = set(sp, key)
		if err == nil {
			return key, sp.Commit(ctx)
		}
		if rerr := sp.Rollback(ctx); rerr != nil {
			return "", rerr
		}
		if !isUniqueViolation(err) {
			return "", err
		}
		taken[key] = true
	}
	return "", fmt.Errorf("no free name for %s%s: %w", prefix, ext, ErrConflict)
}

func retireBrowseKey(ctx context.Context, tx pgx.Tx, key string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO retired_browse_keys (key) VALUES ($1) ON CONFLICT DO NOTHING`, key); err != nil {
		return fmt.Errorf("retire browse key %s: %w", key, err)
	}
	return nil
}

// ReleasedKey is a browse key freed for new documents, whose blobs the
// caller deletes.
type ReleasedKey struct {
	Key string
	// Stamped lists where the stamped copy of the document that had the
	// key may be: under its name (a PDF's), and with ".pdf" added (any
	// other document's) unless a document holds or has reserved that
	// name, whose own stamped copy is there.
	Stamped []string
	// Republish is the document at the key's twin (browseTwin) whose
	// stamped copy is at one of Stamped, locked: a picture at K and a PDF
	// at K.pdf share one stamped name (a pair filed before names were kept
	// apart). The caller publishes its copy again once it has deleted
	// them. Nil when there is none.
	Republish *DocumentKeys
}

// ReleaseRetiredBrowseKeys frees those of keys still retired within tx,
// for new documents to take once tx commits, and returns them. The caller
// deletes their blobs before committing, so that a key is never free while
// an old file is still there. A key a document holds is freed but not
// returned: its blobs are that document's. (A filing whose statement
// began before a move's reservation of a name committed may take that
// name: see PlanTypeMove.)
func ReleaseRetiredBrowseKeys(ctx context.Context, tx pgx.Tx, keys []string) ([]ReleasedKey, error) {
	rows, err := tx.Query(ctx, `
		WITH freed AS (DELETE FROM retired_browse_keys WHERE key = ANY($1) RETURNING key)
		SELECT key, EXISTS (SELECT FROM documents WHERE browse_key = freed.key || '.pdf')
		         OR EXISTS (SELECT FROM retired_browse_keys r WHERE r.key = freed.key || '.pdf')
		FROM freed WHERE NOT EXISTS (SELECT FROM documents WHERE browse_key = freed.key)`, keys)
	released, err := collectReleasedKeys(rows, err)
	if err == nil {
		err = lockStampedTwins(ctx, tx, released)
	}
	if err != nil {
		return nil, fmt.Errorf("release %d browse keys: %w", len(keys), err)
	}
	return released, nil
}

// lockStampedTwins sets the Republish of each of released. The lock keeps
// the twin's stamp from changing, and so from being published, until the
// caller has published the copy read here.
func lockStampedTwins(ctx context.Context, tx pgx.Tx, released []ReleasedKey) error {
	byTwin := map[string]*ReleasedKey{}
	for i, r := range released {
		if twin, ok := browseTwin(r.Key); ok {
			byTwin[twin] = &released[i]
		}
	}
	if len(byTwin) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `
		SELECT id, claim_id, sha256, browse_key, stamped_sha256, filename, content_type FROM documents
		WHERE browse_key = ANY($1) AND stamped_sha256 IS NOT NULL ORDER BY id FOR SHARE`, slices.Collect(maps.Keys(byTwin)))
	if err != nil {
		return err
	}
	twins, err := pgx.CollectRows(rows, scanDocumentKeys)
	if err != nil {
		return err
	}
	for _, d := range twins {
		if r := byTwin[d.BrowseKey]; slices.Contains(r.Stamped, d.StampedBrowseKey()) {
			r.Republish = &d
		}
	}
	return nil
}

func collectReleasedKeys(rows pgx.Rows, err error) ([]ReleasedKey, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (ReleasedKey, error) {
		var key string
		var twinHeld bool
		if err := r.Scan(&key, &twinHeld); err != nil {
			return ReleasedKey{}, err
		}
		k := ReleasedKey{Key: key, Stamped: []string{StampedBrowseKey(key, true)}}
		if other := StampedBrowseKey(key, false); other != k.Stamped[0] && !twinHeld {
			k.Stamped = append(k.Stamped, other)
		}
		return k, nil
	})
}

// MessageMove is one entry of the audit trail of messages moved between
// claims.
type MessageMove struct {
	ID          int64
	MessageID   int64
	FromClaimID int64 // 0: the message was in no claim (triage)
	ToClaimID   int64
	Actor       string // a user's email, or the pipeline's name
	MovedAt     time.Time
}

// RecordMessageMove adds m to the audit trail within tx and returns it as
// stored.
func RecordMessageMove(ctx context.Context, tx pgx.Tx, m MessageMove) (MessageMove, error) {
	if strings.TrimSpace(m.Actor) == "" {
		return m, errors.New("record move: no actor")
	}
	var from *int64
	if m.FromClaimID != 0 {
		from = &m.FromClaimID
	}
	err := tx.QueryRow(ctx, `
		INSERT INTO message_moves (message_id, from_claim_id, to_claim_id, actor) VALUES ($1, $2, $3, $4)
		RETURNING id, moved_at`, m.MessageID, from, m.ToClaimID, pgText(m.Actor)).Scan(&m.ID, &m.MovedAt)
	if err != nil {
		return m, fmt.Errorf("record move of message %d: %w", m.MessageID, err)
	}
	return m, nil
}

// MessageMoves returns the audit trail of message messageID, oldest first.
func (db *DB) MessageMoves(ctx context.Context, messageID int64) ([]MessageMove, error) {
	moves, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[MessageMove], `
		SELECT id, message_id, coalesce(from_claim_id, 0), to_claim_id, actor, moved_at
		FROM message_moves WHERE message_id = $1 ORDER BY moved_at, id`, messageID)
	if err != nil {
		return nil, fmt.Errorf("moves of message %d: %w", messageID, err)
	}
	return moves, nil
}
