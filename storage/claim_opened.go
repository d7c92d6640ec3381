package storage

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// FieldOpened is the field of the first row of a claim's history: how the
// claim was opened (ClaimChange.New, one of the Opened values), by whom
// (Actor) and, for a claim opened from mail, which message
// (ClaimChange.Message).
const FieldOpened = "opened"

// How a claim was opened, as its FieldOpened row keeps it.
const (
	OpenedByHand         = "form"
	OpenedByAPI          = "api"
	OpenedFromMail       = "mail"
	OpenedFromAssignment = "assignment"
	OpenedByImport       = "import"
)

// Opening is how a person or a program opens a claim.
type Opening struct {
	How   string // OpenedByHand, OpenedByAPI or OpenedFromMail
	Actor string
	// MessageID is the mail a person opened the claim from (OpenedFromMail).
	MessageID int64
}

// ChangeMessage is the message a claim's history row names: the mail the
// claim was opened from. Zero for other rows.
type ChangeMessage struct {
	ID        int64
	From      string // the sender's name, else address
	ArrivedAt time.Time
}

// recordOpened starts claim id's history with how it was opened. A claim
// opened from an assignment (assignmentID) takes the assignment's arrival,
// as its other rows do; one opened by a person (0), the moment they did.
func recordOpened(ctx context.Context, tx pgx.Tx, id int64, how, actor string, assignmentID int64) error {
	return recordMailChange(ctx, tx, id, assignmentID, actor, FieldOpened, "", how)
}
