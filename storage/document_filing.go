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

// linkExistingDocument links the claim's document of that content, when
// there is one, to messageID and returns it. The share lock keeps a
// concurrent move from deleting it before the link is made.
func linkExistingDocument(ctx context.Context, tx pgx.Tx, claimID int64, sha string, messageID, partID int64) (Document, bool, error) {
	return linkedDocument(tx.QueryRow(ctx, linkExistingSQL, claimID, sha, messageID, partRef(partID)), claimID, sha, messageID)
}

const linkExistingSQL = `
	WITH found AS (
		SELECT id FROM documents WHERE claim_id = $1 AND sha256 = $2 FOR SHARE
	), link AS (
		INSERT INTO document_messages (document_id, message_id, part_id)
		SELECT id, $3, $4 FROM found
		ON CONFLICT (document_id, message_id) DO NOTHING
	)` + documentSelect + ` WHERE d.id = (SELECT id FROM found)`

// linkedDocument reads the answer to linkExistingSQL.
func linkedDocument(row pgx.Row, claimID int64, sha string, messageID int64) (Document, bool, error) {
	doc, err := scanDocument(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return Document{}, false, nil
	}
	if err != nil {
		return Document{}, false, fmt.Errorf("link %s in claim %d to message %d: %w", sha, claimID, messageID, err)
	}
	// The statement reads the links as they were before its own.
	if i, found := slices.BinarySearch(doc.MessageIDs, messageID); !found {
		doc.MessageIDs = slices.Insert(doc.MessageIDs, i, messageID)
	}
	return doc, true, nil
}

// insertDocumentAt inserts doc (of d) at doc.BrowseKey, or at the first
// free name of base when that key is taken, and links it to its message;
// doc.BrowseKey becomes the key used. When the claim has the file already,
// or a concurrent filing took the name picked, it reports false and writes
// nothing.
func insertDocumentAt(ctx context.Context, tx pgx.Tx, d NewDocument, doc *Document, base keyBase) (bool, error) {
	return insertedDocument(tx.QueryRow(ctx, insertDocumentSQL, insertDocumentArgs(d, doc, base)...), d, doc)
}

// insertDocumentSQL picks the document's name in the statement that
// inserts it: a name taken (a thread's replies on one day share their
// subject, and with it their .eml's name) costs no second look-up and
// insert. The names in use are read only then, and the suffixes tried are
// bounded by their number: one of the first count+1 is free. (Another
// claim whose folder reads the same may hold the name picked: the insert
// then conflicts, and fileDocumentRenamed tries the names one by one.)
var insertDocumentSQL = `
	WITH taken AS (
		SELECT browse_key AS key FROM documents WHERE claim_id = $1 AND ` + startsWith("browse_key", "$13") + `
		UNION ALL
		SELECT key FROM retired_browse_keys WHERE ` + startsWith("key", "$13") + `
	), name AS MATERIALIZED (
		SELECT CASE WHEN NOT EXISTS (SELECT FROM documents WHERE browse_key = $8)
		             AND NOT EXISTS (SELECT FROM retired_browse_keys WHERE key = $8) THEN $8
		       ELSE (SELECT $13 || '_' || n || $14::text
		             FROM generate_series(2, least($15::integer, (SELECT count(*) FROM taken)::integer + 2)) AS n
		             WHERE $13 || '_' || n || $14::text NOT IN (SELECT key FROM taken)
		             ORDER BY n LIMIT 1)
		       END AS key
		-- looked for first, and no name sought when the claim has the
		-- file (an attachment sent again, at the same name): a conflicting
		-- insert still computes the row's search words and probes every
		-- unique index
		WHERE NOT EXISTS (SELECT FROM documents WHERE claim_id = $1 AND sha256 = $2)
	), ins AS (
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at, vendor)
		SELECT $1, (SELECT office_id FROM claims WHERE id = $1), $2, $3, $4, $5, $6, $7, name.key, $9, $12
		FROM name
		WHERE name.key IS NOT NULL
		ON CONFLICT DO NOTHING
		RETURNING id, browse_key, received_at, created_at
	), link AS (
		INSERT INTO document_messages (document_id, message_id, part_id)
		SELECT id, $10, $11 FROM ins
	)
	SELECT id, browse_key, received_at, created_at FROM ins`

// startsWith is the condition that column starts with param, written for
// the indexes of migration 46 to read as a range: in the "C" collation
// (byte order, whatever the database's), and bounded above by the last
// code point, so that a plan made before the prefix is known still
// scans only the keys of that name. starts_with keeps it exact.
func startsWith(column, param string) string {
	c := column + ` COLLATE "C"`
	return c + ` >= ` + param + ` AND ` + c + ` < (` + param + ` || chr(1114111)) AND starts_with(` + column + `, ` + param + `)`
}

func insertDocumentArgs(d NewDocument, doc *Document, base keyBase) []any {
	return []any{d.ClaimID, d.SHA256, d.Size, doc.Filename, doc.ContentType, d.DocType, doc.Folder, doc.BrowseKey,
		d.ReceivedAt, d.MessageID, partRef(d.PartID), d.Vendor, base.prefix, base.ext, maxBrowseSuffix}
}

// insertedDocument reads the answer to insertDocumentSQL into doc.
func insertedDocument(row pgx.Row, d NewDocument, doc *Document) (bool, error) {
	err := row.Scan(&doc.ID, &doc.BrowseKey, &doc.ReceivedAt, &doc.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("file %s in claim %d: %w", d.SHA256, d.ClaimID, err)
	}
	return true, nil
}

// fileDocumentAt files d as doc, at doc.BrowseKey or the first free name
// of base, and reports done unless the name picked was taken meanwhile:
// done with created when inserted, done without when the claim has the
// file already (a concurrent filing won) and it was linked.
func fileDocumentAt(ctx context.Context, tx pgx.Tx, d NewDocument, doc Document, base keyBase) (_ Document, done, created bool, err error) {
	if ok, err := insertDocumentAt(ctx, tx, d, &doc, base); err != nil || ok {
		return doc, true, ok, err
	}
	existing, ok, err := linkExistingDocument(ctx, tx, d.ClaimID, d.SHA256, d.MessageID, d.PartID)
	return existing, ok || err != nil, false, err
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
}

// lockDocumentKeysSQL locks a message's documents for filing and
// publishing, which need no more than the keys: without the job number and
// every message that brought each file (a form sent with every reply of a
// long thread has hundreds). The message's links are read first, as an
// array, so that the documents are found by their primary key, never by a
// join that could read them all.
const lockDocumentKeysSQL = `
	SELECT id, claim_id, sha256, browse_key, coalesce(stamped_sha256, '') FROM documents
	WHERE id = ANY(ARRAY(SELECT document_id FROM document_messages WHERE message_id = $1))
	ORDER BY id FOR SHARE`

// queueLockDocumentKeys queues lockDocumentKeysSQL on b, by the plan the
// connection keeps (see queueGenericPlan), made without whole-table reads:
// a backfill fills the documents of a new database faster than autovacuum
// analyzes them, and a plan made while the table was small, kept until the
// next analyze, would otherwise read it whole at every filing.
func queueLockDocumentKeys(b *pgx.Batch, messageID int64) {
	b.Queue(`SELECT set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true)`)
	b.Queue(lockDocumentKeysSQL, messageID)
	b.Queue(`SELECT set_config('enable_seqscan', 'on', true), set_config('plan_cache_mode', 'auto', true)`)
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
	docs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (DocumentKeys, error) {
		var d DocumentKeys
		err := r.Scan(&d.ID, &d.ClaimID, &d.SHA256, &d.BrowseKey, &d.StampedSHA256)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("lock documents of message %d: %w", messageID, err)
	}
	return docs, nil
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
// the caller checks the message first.
func LockFilingState(ctx context.Context, tx pgx.Tx, messageID, claimID int64) (FilingState, error) {
	b := &pgx.Batch{}
	b.Queue(lockFilingMessageSQL, messageID)
	queueLockDocumentKeys(b, messageID)
	b.Queue(claimFolderSQL, claimID)
	b.Queue(filingPartsSQL, messageID)
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	var st FilingState
	var err error
	if st.Message, err = scanFilingMessage(br.QueryRow(), messageID); err != nil {
		return FilingState{}, err
	}
	if st.Documents, err = readLockedDocumentKeys(br, messageID); err != nil {
		return FilingState{}, err
	}
	if err := br.QueryRow().Scan(&st.Claim.Job, &st.Claim.Office); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return FilingState{}, fmt.Errorf("job number of claim %d: %w", claimID, err)
	}
	rows, err := br.Query()
	if st.Parts, err = collectFilingParts(messageID, rows, err); err != nil {
		return FilingState{}, err
	}
	return st, br.Close()
}
