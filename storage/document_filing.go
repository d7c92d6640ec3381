package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// Filing a message writes one document per attachment in the transaction
// that classifies it; each round trip to Postgres here is paid by every
// message of a backfill. The statements below each do in one trip what
// FileDocument would otherwise ask in two to four.

// fileDocumentAt files d as doc, at doc.BrowseKey or the first free name
// of base, in one statement (see fileDocumentSQL), and reports done
// unless the name picked was taken meanwhile: done with created when
// inserted, done without when the claim has the file already and it was
// linked.
func fileDocumentAt(ctx context.Context, tx pgx.Tx, d NewDocument, doc Document, base keyBase) (_ Document, done, created bool, err error) {
	return filedDocument(tx.QueryRow(ctx, fileDocumentSQL, fileDocumentArgs(d, &doc, base)...), d)
}

// fileDocumentSQL links the claim's document of that content, when there
// is one, or else inserts the document: an attachment sent again with a
// reply costs one statement, not an insert that does nothing and a
// look-up. The share lock keeps a concurrent move from deleting the
// document found before the link is made; a document a concurrent filing
// inserts first, of the same file, at the same name or at its twin (the
// unique index of keys without one trailing ".pdf", migration 69), makes
// the insert wait for it and then do nothing, and the caller then tries
// again with a statement that sees it.
//
// The document's name is picked in the statement too: a name taken (a
// thread's replies on one day share their subject, and with it their
// .eml's name) costs no second look-up and insert. The names in use are
// read only then, and the suffixes tried are bounded by their number: one
// of the first 2*count+1 is free. A name is free when neither it nor its
// twin (browseTwin: $16 of the name asked for, the suffix's extension
// $17 of the others) is taken, and each name taken takes at most two
// suffixes so. (Another claim whose folder reads the same may hold the
// name picked: the insert then conflicts, and fileDocumentRenamed tries
// the names one by one.)
//
// Each connection keeps the plan it made while the tables were small, as
// they are early in a backfill, long before Postgres analyzes them; with
// every index as cheap as another then, that plan could read every
// document of the claim, every claim's copy of the file (an office sends
// its certificate of insurance to every claim) or every claim. The
// statement is written so that the cheapest plan at any size reads none
// of those. The file is sought by ranges of one value (the equalities) of
// the claim and the checksum in their order, which only their unique
// index gives without a sort; the names in use are read in the order of
// the index of the claim's names, as a range of it; and the claim is
// looked up by its key (OFFSET 0 keeps Postgres from joining it as a
// table).
//
// The document read back is the statement's view: links made by others
// before it, without its own.
var fileDocumentSQL = `
	WITH found AS MATERIALIZED (
		SELECT id FROM documents
		WHERE claim_id >= $1 AND claim_id <= $1 AND sha256 >= $2 AND sha256 <= $2
		ORDER BY claim_id, sha256 FOR SHARE
	), taken AS (
		(SELECT browse_key AS key FROM documents WHERE claim_id = $1 AND ` + startsWith("browse_key", "$13") + ` ORDER BY browse_key COLLATE "C")
		UNION ALL
		SELECT key FROM retired_browse_keys WHERE ` + startsWith("key", "$13") + `
	), name AS MATERIALIZED (
		SELECT CASE WHEN NOT EXISTS (SELECT FROM documents WHERE browse_key IN ($8, $16::text))
		             AND NOT EXISTS (SELECT FROM retired_browse_keys WHERE key IN ($8, $16::text)) THEN $8
		       ELSE (SELECT $13 || '_' || n || $14::text
		             FROM generate_series(2, least($15::integer, 2 * (SELECT count(*) FROM taken)::integer + 2)) AS n
		             WHERE $13 || '_' || n || $14::text NOT IN (SELECT key FROM taken)
		               AND $13 || '_' || n || $17::text NOT IN (SELECT key FROM taken)
		             ORDER BY n LIMIT 1)
		       END AS key
		-- no name sought when the claim has the file: a conflicting insert
		-- still computes the row's search words and probes every unique
		-- index
		WHERE NOT EXISTS (SELECT FROM found)
	), ins AS (
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at, vendor)
		SELECT $1, (SELECT office_id FROM claims WHERE id = $1), $2, $3, $4, $5, $6, $7, name.key, $9, $12
		FROM name
		WHERE name.key IS NOT NULL
		ON CONFLICT DO NOTHING
		RETURNING ` + documentRowColumns + `
	), filed AS (
		SELECT true AS created, * FROM ins
		UNION ALL
		SELECT false, ` + documentRowColumns + ` FROM documents WHERE id = (SELECT id FROM found)
	), link AS (
		INSERT INTO document_messages (document_id, message_id, part_id)
		SELECT id, $10, $11 FROM filed
		ON CONFLICT (document_id, message_id) DO NOTHING
	)
	SELECT d.created, ` + documentColumns + `
	FROM filed d, LATERAL (SELECT office_id, job_number FROM claims WHERE id = d.claim_id OFFSET 0) c`

// startsWith is the condition that column starts with param, written for
// the indexes of migration 46 to read as a range: in the "C" collation
// (byte order, whatever the database's), and bounded above by the last
// code point, so that a plan made before the prefix is known still
// scans only the keys of that name. starts_with keeps it exact.
func startsWith(column, param string) string {
	c := column + ` COLLATE "C"`
	return c + ` >= ` + param + ` AND ` + c + ` < (` + param + ` || chr(1114111)) AND starts_with(` + column + `, ` + param + `)`
}

func fileDocumentArgs(d NewDocument, doc *Document, base keyBase) []any {
	var twin *string
	if t, ok := browseTwin(doc.BrowseKey); ok {
		twin = &t
	}
	return []any{d.ClaimID, d.SHA256, d.Size, doc.Filename, doc.ContentType, d.DocType, doc.Folder, doc.BrowseKey,
		d.ReceivedAt, d.MessageID, partRef(d.PartID), d.Vendor, base.prefix, base.ext, maxBrowseSuffix,
		twin, suffixTwinExt(base.ext)}
}

// suffixTwinExt is what ends the twin (browseTwin) of a suffixed name
// prefix_<n>+ext in place of ext: ".pdf" added, or taken off.
func suffixTwinExt(ext string) string {
	if ext == stampedExt {
		return ""
	}
	return ext + stampedExt
}

// filedDocument reads the answer to fileDocumentSQL: no row when the name
// picked was taken meanwhile.
func filedDocument(row pgx.Row, d NewDocument) (doc Document, done, created bool, err error) {
	err = row.Scan(append([]any{&created}, documentFields(&doc)...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return Document{}, false, false, nil
	}
	if err != nil {
		return Document{}, true, false, fmt.Errorf("file %s in claim %d for message %d: %w", d.SHA256, d.ClaimID, d.MessageID, err)
	}
	if i, found := slices.BinarySearch(doc.MessageIDs, d.MessageID); !found {
		doc.MessageIDs = slices.Insert(doc.MessageIDs, i, d.MessageID)
	}
	return doc, true, created, nil
}

func partRef(partID int64) *int64 {
	if partID > 0 {
		return &partID
	}
	return nil
}

// DocumentKeys is a document as publishing sees it: its claim and where its
// original and stamped copy are readable.
type DocumentKeys struct {
	ID            int64
	ClaimID       int64
	SHA256        string
	BrowseKey     string
	StampedSHA256 string // empty until stamped
	// PDF says whether the document is a PDF (IsPDFFile), which its
	// stamped copy's name depends on.
	PDF bool
}

// StampedBrowseKey returns where the stamped copy of d is readable.
func (d DocumentKeys) StampedBrowseKey() string { return StampedBrowseKey(d.BrowseKey, d.PDF) }

// lockDocumentKeysSQL locks a message's documents for filing and
// publishing, which need no more than the keys: without the job number and
// every message that brought each file (a form sent with every reply of a
// long thread has hundreds). The message's links are read first, as an
// array, so that the documents are found by their primary key, never by a
// join that could read them all.
const lockDocumentKeysSQL = `
	SELECT id, claim_id, sha256, browse_key, coalesce(stamped_sha256, ''), filename, content_type FROM documents
	WHERE id = ANY(ARRAY(SELECT document_id FROM document_messages WHERE message_id = $1))
	ORDER BY id FOR SHARE`

// queueLockDocumentKeys queues lockDocumentKeysSQL on b, by the plan the
// connection keeps (see queueGenericPlan), made without whole-table reads:
// a backfill fills the documents of a new database faster than autovacuum
// analyzes them, and a plan made while the table was small, kept until the
// next analyze, would otherwise read it whole at every filing.
func queueLockDocumentKeys(b *pgx.Batch, messageID int64) {
	queueWithSettings(b, keptIndexPlans, lockDocumentKeysSQL, messageID)
}

// readLockedDocumentKeys reads the answers queueLockDocumentKeys queued.
func readLockedDocumentKeys(br pgx.BatchResults, messageID int64) ([]DocumentKeys, error) {
	if _, err := br.Exec(); err != nil {
		return nil, fmt.Errorf("lock documents of message %d: %w", messageID, err)
	}
	rows, err := br.Query()
	docs, err := collectDocumentKeys(messageID, rows, err)
	if err != nil {
		return nil, err
	}
	if _, err := br.Exec(); err != nil {
		return nil, fmt.Errorf("lock documents of message %d: %w", messageID, err)
	}
	return docs, nil
}

func collectDocumentKeys(messageID int64, rows pgx.Rows, err error) ([]DocumentKeys, error) {
	if err != nil {
		return nil, fmt.Errorf("lock documents of message %d: %w", messageID, err)
	}
	docs, err := pgx.CollectRows(rows, scanDocumentKeys)
	if err != nil {
		return nil, fmt.Errorf("lock documents of message %d: %w", messageID, err)
	}
	return docs, nil
}

// scanDocumentKeys reads a row of id, claim_id, sha256, browse_key, the
// stamped checksum, filename and content_type as the document's keys.
func scanDocumentKeys(r pgx.CollectableRow) (DocumentKeys, error) {
	var d DocumentKeys
	var filename, contentType string
	err := r.Scan(&d.ID, &d.ClaimID, &d.SHA256, &d.BrowseKey, &d.StampedSHA256, &filename, &contentType)
	d.PDF = IsPDFFile(filename, contentType)
	return d, err
}

// FilingState is what filing a message into a claim reads before it
// writes.
type FilingState struct {
	Message   FilingMessage
	Documents []DocumentKeys // the message's documents, in whatever claim
	Claim     ClaimFolder    // the claim's; empty when there is no such claim
	Parts     []FilingPart   // the message's attachments
}

// LockFilingState reads, in one round trip, what LockMessageForFiling,
// LockDocumentKeysToPublish, ClaimFolderOf and FilingParts would, with
// their locks; a missing claim is no error here (see Claim), so that
// the caller checks the message first. All four run as the document lock
// does (see queueLockDocumentKeys): each finds its rows by a key, so the
// plan the connection keeps suits every message, and Postgres plans them
// once per connection and analyze rather than for a connection's first
// messages and whenever the tables' growth outpaces the cost it remembers.
//
// The claim is locked before the documents, as every change of a claim and
// its documents does (see LockClaimsForChange), so that a filing and a
// job-number change or a type change never wait for each other both ways:
// for key share, which filings of one claim share with each other and with
// a type change, or for no key update when changesClaim (the filing sets
// the claim's stages).
func LockFilingState(ctx context.Context, tx pgx.Tx, messageID, claimID int64, changesClaim bool) (FilingState, error) {
	lock := "FOR KEY SHARE OF c"
	if changesClaim {
		lock = "FOR NO KEY UPDATE OF c"
	}
	b := &pgx.Batch{}
	queueSettings(b, keptIndexPlans)
	b.Queue(lockFilingMessageSQL, messageID)
	b.Queue(claimFolderSQL+" "+lock, claimID)
	b.Queue(lockDocumentKeysSQL, messageID)
	b.Queue(filingPartsSQL, messageID)
	queueSettingsBack(b, keptIndexPlans)
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return FilingState{}, fmt.Errorf("settings of filing message %d: %w", messageID, err)
	}
	var st FilingState
	var err error
	if st.Message, err = scanFilingMessage(br.QueryRow(), messageID); err != nil {
		return FilingState{}, err
	}
	if err := br.QueryRow().Scan(&st.Claim.Job, &st.Claim.Office); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return FilingState{}, fmt.Errorf("job number of claim %d: %w", claimID, err)
	}
	rows, err := br.Query()
	if st.Documents, err = collectDocumentKeys(messageID, rows, err); err != nil {
		return FilingState{}, err
	}
	rows, err = br.Query()
	if st.Parts, err = collectFilingParts(messageID, rows, err); err != nil {
		return FilingState{}, err
	}
	if _, err := br.Exec(); err != nil {
		return FilingState{}, fmt.Errorf("settings of filing message %d: %w", messageID, err)
	}
	return st, br.Close()
}
