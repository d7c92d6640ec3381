package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

func TestAPIMailboxes(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	secret := "hunter2-sealed-bytes"
	if _, err := b.db.CreateMailboxAccount(ctx, storage.MailboxAccount{
		Name: "claims@office.example", Host: "outlook.office365.com:993", TLS: "tls", User: "claims@office.example",
		Auth: storage.MailboxAuthMicrosoftApp, Provider: "microsoft", Inbox: "INBOX", Sent: "Sent Items", Secret: []byte(secret),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.CreateMailboxAccount(ctx, storage.MailboxAccount{
		Name: "new@office.example", Host: "imap.example.com:993", TLS: "tls", User: "new@office.example",
		Auth: storage.MailboxAuthPassword, Inbox: "INBOX", Sent: "Sent", Secret: []byte(secret),
	}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 4, 20, 0, 0, 0, time.UTC)
	if err := b.db.RecordMailboxConnected(ctx, "claims@office.example", at.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := b.db.RecordMailboxFailure(ctx, "claims@office.example", "INBOX", storage.MailboxProblemToken, "token: invalid_client", at, at.Add(40*time.Second)); err != nil {
		t.Fatal(err)
	}
	// A CLAIMDESK_IMAP_URL mailbox is known by its health alone.
	if err := b.db.RecordMailboxConnected(ctx, "claims@imap.example.com:993", at); err != nil {
		t.Fatal(err)
	}

	// One process watches the configured mailbox; none the others yet.
	if _, _, err := b.db.WatchHeartbeat(ctx, "process-1", "host-a:4242", 1, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetMailboxWatchers(ctx, "process-1", []string{"claims@imap.example.com:993"}); err != nil {
		t.Fatal(err)
	}

	resp, body := b.call(t, "GET", "/api/mailboxes", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if strings.Contains(body, secret) {
		t.Fatal("the API shows a mailbox secret")
	}
	var got struct {
		Items []apiMailbox `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 3 {
		t.Fatalf("%d mailboxes, want 3: %s", len(got.Items), body)
	}
	configured, retrying, fresh := got.Items[0], got.Items[1], got.Items[2]
	if retrying.Account != "claims@office.example" || !retrying.Managed || retrying.State != "retrying" ||
		retrying.LastError != "token: invalid_client" || retrying.Problem != storage.MailboxProblemToken || retrying.Failures != 1 || retrying.RetryAt == nil ||
		!retrying.RetryAt.Equal(at.Add(40*time.Second)) || retrying.LastSuccessAt == nil || retrying.ErrorFolder != "INBOX" {
		t.Errorf("retrying mailbox: %+v", retrying)
	}
	if configured.Account != "claims@imap.example.com:993" || configured.Managed || configured.State != "connected" ||
		configured.RetryAt != nil || configured.LastSuccessAt == nil || !configured.LastSuccessAt.Equal(at) ||
		configured.WatchedBy != "host-a:4242" || configured.WatchedBySince == nil {
		t.Errorf("configured mailbox: %+v", configured)
	}
	if fresh.Account != "new@office.example" || fresh.State != "unknown" || fresh.LastSuccessAt != nil || fresh.WatchedBy != "" {
		t.Errorf("mailbox never watched: %+v", fresh)
	}
}
