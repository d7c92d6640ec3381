package web

import (
	"context"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// attentionCursor is the position of GET /api/claims?sort=attention: the
// last claim's attention and id, and the time the first page was ordered
// at, so that every page of one listing orders claims at the same time and
// a claim whose state turns while the client pages is neither skipped nor
// repeated for that alone.
type attentionCursor struct {
	attention int
	id        int64
	at        time.Time
}

func (c attentionCursor) encode() string {
	return storage.NewCursor().Byte(byte(c.attention)).Int64(c.id).Time(c.at).String()
}

func decodeAttentionCursor(s string) (attentionCursor, error) {
	r := storage.ReadCursor(s)
	c := attentionCursor{attention: int(r.Byte()), id: r.Int64(), at: r.Time()}
	if !r.Valid() || c.id <= 0 || c.attention > storage.AttentionOverdue {
		return attentionCursor{}, errBadCursor
	}
	return c, nil
}

// attentionPage sets f to list claims by attention from the cursor given
// (empty: the first page, ordered at now).
func (s *Server) attentionPage(ctx context.Context, f *storage.ClaimFilter, cursor string, now time.Time) error {
	at := now
	if cursor != "" {
		c, err := decodeAttentionCursor(cursor)
		if err != nil {
			return err
		}
		f.AfterID, f.AfterAttention, at = c.id, c.attention, c.at
	}
	f.Sort, f.Now = storage.ClaimSortAttention, at
	return s.setUpdateDays(ctx, f, at)
}

// attentionNext is the cursor after claim last of a page listed by f, the
// attention of last worked out as the claims list shows it.
func (s *Server) attentionNext(ctx context.Context, f storage.ClaimFilter, last storage.Claim) (string, error) {
	counts, err := s.db.ClaimCountsOf(ctx, []int64{last.ID}, f.Now)
	if err != nil {
		return "", err
	}
	st := stateOf(last, counts[last.ID], f.TodayOf(last.OfficeID), f.Now)
	return attentionCursor{attention: st.Attention, id: last.ID, at: f.Now}.encode(), nil
}
