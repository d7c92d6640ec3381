package ingest

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestForwardedMailKeepsItsForwarder processes mail a coordinator's Gmail
// account forwarded to the office's mailbox: triage reads who forwarded it
// from its row, which keeps the forwarder its headers name.
func TestForwardedMailKeepsItsForwarder(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	id := b.deliver(t, "in", time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC), `Delivered-To: claims@smrestore.example
X-Forwarded-To: claims@smrestore.example
X-Forwarded-For: ana.diaz@gmail.example claims@smrestore.example
Delivered-To: ana.diaz@gmail.example
Message-ID: <fw.1@homeowner.example>
From: Pat Homeowner <pat@homeowner.example>
To: Ana Diaz <ana.diaz@gmail.example>
Subject: Water in the basement
Date: Tue, 3 Nov 2026 09:58:00 +0000

Our sump pump quit overnight. Can someone come out today?
`)
	rows, _, err := b.db.TriageMessages(t.Context(), storage.AllOffices, time.Time{}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != id || rows[0].ForwardedBy != "ana.diaz@gmail.example" {
		t.Fatalf("triage rows %+v, want message %d forwarded by ana.diaz@gmail.example", rows, id)
	}
}
