package ingest

import (
	"testing"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// officeList is an office registry holding the offices listed, whatever
// the database holds meanwhile.
type officeList []storage.Office

func (officeList) For(int64) sla.OfficeRules { return sla.OfficeRules{} }

func (l officeList) Offices() []storage.Office { return l }

// Processing finds the offices in the registry, not in the database for
// every message: a forward address in the domain the registry gives the
// north office takes the main mailbox's mail there.
func TestProcessingFindsOfficesInTheRegistry(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	north := b.north
	north.Domain = "north-renamed.example"
	b.p.cfg.Offices = officeList{b.main, north}
	got := b.receive(t, b.mainMailbox, adjusterMail("fwd-renamed", "claims+26-0001-WTR@north-renamed.example", "Moisture map", "See attached."))
	if got.claimID != b.northClaim.ID || got.officeID != b.north.ID {
		t.Fatalf("forwarded to the registry's north domain: claim %d of office %d; want claim %d of office %d",
			got.claimID, got.officeID, b.northClaim.ID, b.north.ID)
	}
}

// An office added since the registry last read them (its announcement not
// yet heard) is read from the database: its mailbox's mail is processed
// in it.
func TestProcessingReadsAnOfficeTheRegistryLacks(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	b.p.cfg.Offices = officeList{b.main}
	got := b.receive(t, b.northMailbox, adjusterMail("new-office", b.northMailbox, "Claim 60-8H77-8H5", "Estimate attached."))
	if got.status != storage.StatusFiled || got.claimID != b.northClaim.ID || got.officeID != b.north.ID {
		t.Fatalf("mail of an office the registry lacks: %s into claim %d of office %d; want filed into claim %d of office %d",
			got.status, got.claimID, got.officeID, b.northClaim.ID, b.north.ID)
	}
}
