package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestPageReadsCanceledNoWarning: a reader who leaves mid-load cancels the
// reads every page makes (triage count, mailbox health, mailboxes); that is
// no warning. A read that fails for another reason still warns.
func TestPageReadsCanceledNoWarning(t *testing.T) {
	t.Parallel()
	b, log := setupWith(t, Options{WarnNoMailbox: true})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequestWithContext(ctx, "GET", "/", nil)
	b.srv.triageCount(r)
	b.srv.disconnectedMailboxes(r)
	b.srv.noMailbox(r)
	if got := log.String(); strings.Contains(got, "level=WARN") {
		t.Fatalf("a canceled page load warned:\n%s", got)
	}

	late, stop := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer stop()
	b.srv.triageCount(httptest.NewRequestWithContext(late, "GET", "/", nil))
	if got := log.String(); !strings.Contains(got, `level=WARN msg="count messages in triage"`) {
		t.Fatalf("a read that ran out of time did not warn:\n%s", got)
	}
}
