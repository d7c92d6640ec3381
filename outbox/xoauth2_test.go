package outbox

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// tokenQueue hands out a mailbox's access tokens in turn, as an OAuth2
// login does: the same one until the server refuses it, then the next.
type tokenQueue struct {
	mu      sync.Mutex
	tokens  []string
	refused []string
}

func (q *tokenQueue) Token(context.Context) (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.tokens) == 0 {
		return "", errors.New("invalid_grant: the consent was revoked")
	}
	return q.tokens[0], nil
}

func (q *tokenQueue) Refused(token string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.refused = append(q.refused, token)
	if len(q.tokens) > 0 && q.tokens[0] == token {
		q.tokens = q.tokens[1:]
	}
}

// TestSendWithXOAuth2 sends through a submission server that takes XOAUTH2
// logins, as Gmail and Microsoft 365 do: when every token is refused the
// reply fails, saying so, after one fresh try; once the login works again
// a retried reply goes out, its token having expired early and been
// replaced on the same connection.
func TestSendWithXOAuth2(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t)
	ctx := t.Context()
	b.smtp.AcceptToken("fresh-token")
	worker := func(tokens *tokenQueue) *SendWorker {
		w := NewSendWorker(b.db, SMTPConfig{Addr: b.smtp.Addr, TLS: "none", User: b.smtp.User,
			Auth: SMTPAuthXOAuth2, OAuth: &mailbox.OAuthLogin{Tokens: tokens}}, b.boxes, testenv.Logger(t))
		w.now = func() time.Time { return b.now }
		return w
	}
	row := b.queueAck(t, LangEnglish)

	revoked := &tokenQueue{tokens: []string{"revoked-1", "revoked-2", "revoked-3"}}
	err := worker(revoked).Work(ctx, &river.Job[SendArgs]{JobRow: &rivertype.JobRow{Attempt: 1}, Args: SendArgs{OutboxID: row.ID}})
	var cancel *river.JobCancelError
	if !errors.As(err, &cancel) {
		t.Fatalf("send with refused tokens: %v, want the job cancelled (a person retries)", err)
	}
	if want := []string{"revoked-1", "revoked-2"}; !slices.Equal(revoked.refused, want) || !slices.Equal(b.smtp.OfferedTokens(), want) {
		t.Errorf("refused tokens: we noted %q, the server saw %q; want %q: one fresh try, no more", revoked.refused, b.smtp.OfferedTokens(), want)
	}
	failed, err := b.db.GetOutbox(ctx, row.ID)
	if err != nil || failed.State != storage.OutboxFailed || !strings.Contains(failed.Error, "535") || !strings.Contains(failed.Error, "XOAUTH2") {
		t.Fatalf("after refused logins the row is %q with error %q (%v), want failed with the server's answer", failed.State, failed.Error, err)
	}
	if n := len(b.smtp.Received()); n != 0 {
		t.Fatalf("%d messages sent without a login", n)
	}

	if err := b.outbox.Retry(ctx, row.ID); err != nil {
		t.Fatal(err)
	}
	expiring := &tokenQueue{tokens: []string{"expired-early", "fresh-token"}}
	if err := worker(expiring).deliver(ctx, row.ID); err != nil {
		t.Fatalf("send after an early expiry: %v", err)
	}
	if got := b.smtp.Received(); len(got) != 1 || got[0].User != b.smtp.User {
		t.Fatalf("the server has %d messages (%+v), want one sent as %s", len(got), got, b.smtp.User)
	}
	if !slices.Equal(expiring.refused, []string{"expired-early"}) || !slices.Equal(b.smtp.OfferedTokens()[2:], []string{"expired-early", "fresh-token"}) {
		t.Errorf("after an early expiry: we noted %q refused, the server saw %q", expiring.refused, b.smtp.OfferedTokens())
	}
	if done, _ := b.db.GetOutbox(ctx, row.ID); done.State != storage.OutboxSent {
		t.Errorf("the retried reply is %q, want sent", done.State)
	}
}
