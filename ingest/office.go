package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
)

// messageOffice returns the office message m is classified in, and so the
// only office whose claims it may be matched to. Mail belongs to the office
// of the mailbox that received it, unless it was sent to per-claim forward
// addresses (claims+JOB@domain) in the domain of exactly one other office:
// then it is that office's. A message matched before, waiting in triage,
// keeps the office it has: its first run, or a person, chose it.
func (p *Processor) messageOffice(ctx context.Context, m storage.StoredMessage, parsed *mailparse.Message) (storage.Office, error) {
	offices, err := p.officesWith(ctx, m.OfficeID)
	if err != nil {
		return storage.Office{}, fmt.Errorf("%w: %w", errTransient, err)
	}
	id := m.OfficeID
	if m.Status != storage.StatusTriage {
		if fwd, ok := forwardOffice(parsed, offices, p.cfg.Classify); ok {
			id = fwd
		}
	}
	if o, ok := officeOf(offices, id); ok {
		return o, nil
	}
	return storage.Office{}, fmt.Errorf("office %d of message %d: %w", id, m.ID, storage.ErrNotFound)
}

// officesWith returns every office, from the registry when it has office
// (one added since its last reload is read from the database, as are all
// without a registry).
func (p *Processor) officesWith(ctx context.Context, office int64) ([]storage.Office, error) {
	if p.cfg.Offices != nil {
		if offices := p.cfg.Offices.Offices(); slices.ContainsFunc(offices, func(o storage.Office) bool { return o.ID == office }) {
			return offices, nil
		}
	}
	return p.db.ListOffices(ctx)
}

// officeOf returns the office id among offices.
func officeOf(offices []storage.Office, id int64) (storage.Office, bool) {
	i := slices.IndexFunc(offices, func(o storage.Office) bool { return o.ID == id })
	if i < 0 {
		return storage.Office{}, false
	}
	return offices[i], true
}

// forwardOffice returns the office in whose domain the message's per-claim
// forward addresses are; false when there are none, or when they name
// several offices (the mailbox's office then decides: never a guess).
func forwardOffice(m *mailparse.Message, offices []storage.Office, cfg classify.Config) (int64, bool) {
	addrs := append(append(emails(m.To), emails(m.Cc)...), m.DeliveredTo...)
	var found int64
	for _, addr := range append(addrs, m.OriginalTo...) {
		domain, ok := classify.ForwardDomain(addr, cfg)
		if !ok {
			continue
		}
		for _, o := range offices {
			if !strings.EqualFold(strings.TrimSpace(o.Domain), domain) {
				continue
			}
			if found != 0 && found != o.ID {
				return 0, false
			}
			found = o.ID
		}
	}
	return found, found != 0
}

// classifierFor returns the classifier for the mail of office o: its
// forward addresses and its staff's mail are in o's domain, or in the
// configured one when o has none.
func (p *Processor) classifierFor(o storage.Office) *Classifier {
	c := *p.classifier
	if o.Domain != "" {
		c.Config.OfficeDomain = o.Domain
	}
	return &c
}

// takeToOffice gives message m the office it was classified in, when that
// is another than its mailbox's (a forward address named it): recorded as
// the pipeline's move. It locks the message first. It reports errTaken when
// the message's status is no longer the one m was read with: another run,
// or a person, decided it meanwhile, and m's classification is stale. It
// fails, to be processed again, when a person or office set --move-mail
// moved it to another office since it was read: its claim is to be found
// there.
func takeToOffice(ctx context.Context, tx pgx.Tx, m *storage.StoredMessage, office int64) error {
	now, err := storage.LockMessage(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	if now.Status != m.Status {
		return errTaken
	}
	if now.OfficeID != m.OfficeID {
		return fmt.Errorf("message %d moved from office %d to %d while classified", m.ID, m.OfficeID, now.OfficeID)
	}
	if m.OfficeID == office {
		return nil
	}
	err = storage.MoveMessageToOffice(ctx, tx, storage.OfficeMove{
		MessageID: m.ID, FromOfficeID: m.OfficeID, ToOfficeID: office, Actor: ActorPipeline,
	})
	if err != nil {
		return err
	}
	m.OfficeID = office
	return nil
}
