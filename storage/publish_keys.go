package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// LockDocumentKeysToPublish locks the documents of a message for a
// transaction that holds these locks while their browse keys are linked
// and writes nothing. Its commit does not wait for the disk
// (synchronous_commit off, for this transaction alone), which costs
// nothing in a crash: the row locks are all it could lose, and a crash
// releases them anyway. What records that the keys are published is the
// completion of the job that publishes them, committed (and flushed) after
// the keys are durable; a crash before that runs the job again, which
// publishes again. Publishing then costs no second flush of the
// write-ahead log per filed message.
func LockDocumentKeysToPublish(ctx context.Context, tx pgx.Tx, messageID int64) ([]DocumentKeys, error) {
	b := &pgx.Batch{}
	b.Queue(`SET LOCAL synchronous_commit = off`)
	queueLockDocumentKeys(b, messageID)
	br := tx.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		return nil, fmt.Errorf("lock documents of message %d: %w", messageID, err)
	}
	docs, err := readLockedDocumentKeys(br, messageID)
	if cerr := br.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("lock documents of message %d: %w", messageID, cerr)
	}
	if err != nil {
		return nil, err
	}
	return docs, nil
}
