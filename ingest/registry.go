package ingest

import (
	"context"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// DBRegistry is the claims registry of one office in the database, as the
// classifier sees it: a message is only ever matched to a claim of its own
// office, whatever numbers other offices' claims share with it. The
// classifier's interface has no errors: the first one is kept in Err, and
// a decision made while it is set must not be stored.
type DBRegistry struct {
	ctx    context.Context
	db     *storage.DB
	office int64
	open   []classify.Claim // loaded once: weak signals scan them all
	// cache, when set, gives the open claims (see WithOpenClaims).
	cache *OpenClaimsCache
	// seen keeps each lookup's answer: the classifier asks about the same
	// number once per place it appears (subject, body, forwards, PDFs).
	seen map[string][]classify.Claim
	Err  error
}

var (
	_ classify.Registry        = (*DBRegistry)(nil)
	_ classify.Prefetcher      = (*DBRegistry)(nil)
	_ classify.ReturnsRegistry = (*DBRegistry)(nil)
)

// NewDBRegistry returns a registry reading the claims of office in db; use
// one per message.
func NewDBRegistry(ctx context.Context, db *storage.DB, office int64) *DBRegistry {
	return &DBRegistry{ctx: ctx, db: db, office: office}
}

// WithOpenClaims has r read the office's open claims from cache, kept up
// to date between messages, rather than from the claims table.
func (r *DBRegistry) WithOpenClaims(cache *OpenClaimsCache) *DBRegistry {
	r.cache = cache
	return r
}

func (r *DBRegistry) claims(cs []storage.Claim, err error) []classify.Claim {
	if err != nil {
		if r.Err == nil {
			r.Err = err
		}
		return nil
	}
	out := make([]classify.Claim, len(cs))
	for i, c := range cs {
		out[i] = ClassifyClaim(c)
	}
	return out
}

// lookup returns the answer kept for key, else asks load and keeps its
// answer (not a failed one).
func (r *DBRegistry) lookup(key string, load func() ([]storage.Claim, error)) []classify.Claim {
	if cs, ok := r.seen[key]; ok {
		return cs
	}
	cs, err := load()
	out := r.claims(cs, err)
	if err == nil {
		r.keep(key, out)
	}
	return out
}

func (r *DBRegistry) keep(key string, cs []classify.Claim) {
	if r.seen == nil {
		r.seen = map[string][]classify.Claim{}
	}
	r.seen[key] = cs
}

// byNumber answers, for one normalized number, the four questions the
// classifier asks of it together: one round trip instead of four.
func (r *DBRegistry) byNumber(kind, norm string) []classify.Claim {
	key := kind + "\x00" + norm
	if cs, ok := r.seen[key]; ok {
		return cs
	}
	byJob, byClaim, byPolicy, byFile, err := r.db.ClaimsByNumber(r.ctx, r.office, norm)
	if err != nil {
		return r.claims(nil, err)
	}
	r.keep("job\x00"+norm, r.claims(byJob, nil))
	r.keep("claim\x00"+norm, r.claims(byClaim, nil))
	r.keep("policy\x00"+norm, r.claims(byPolicy, nil))
	r.keep("file\x00"+norm, r.claims(byFile, nil))
	return r.seen[key]
}

// ByJobNumber implements classify.Registry.
func (r *DBRegistry) ByJobNumber(norm string) []classify.Claim { return r.byNumber("job", norm) }

// ByClaimNumber implements classify.Registry.
func (r *DBRegistry) ByClaimNumber(norm string) []classify.Claim { return r.byNumber("claim", norm) }

// ByPolicyNumber implements classify.Registry.
func (r *DBRegistry) ByPolicyNumber(norm string) []classify.Claim { return r.byNumber("policy", norm) }

// ByFileNumber implements classify.Registry.
func (r *DBRegistry) ByFileNumber(norm string) []classify.Claim { return r.byNumber("file", norm) }

// ByThread implements classify.Registry.
func (r *DBRegistry) ByThread(ids []string) []classify.Claim {
	return r.lookup("thread\x00"+strings.Join(ids, "\x00"), func() ([]storage.Claim, error) {
		return r.db.ClaimsByThread(r.ctx, r.office, ids)
	})
}

// ReturnedTo implements classify.ReturnsRegistry.
func (r *DBRegistry) ReturnedTo(id string, sentTo []string) []classify.RecordEntry {
	out, err := r.returnedTo(id, sentTo)
	if err != nil {
		r.claims(nil, err)
		return nil
	}
	return out
}

func (r *DBRegistry) returnedTo(id string, sentTo []string) ([]classify.RecordEntry, error) {
	refused, err := r.db.RefusedRecipients(r.ctx, r.office, id, sentTo)
	if err != nil {
		return nil, err
	}
	var out []classify.RecordEntry
	for _, addr := range refused {
		near, err := r.db.RecordAddressesNear(r.ctx, r.office, addr)
		if err != nil {
			return nil, err
		}
		for _, a := range near {
			c, err := r.db.GetClaim(r.ctx, a.ClaimID)
			if err != nil {
				return nil, err
			}
			out = append(out, classify.RecordEntry{Claim: ClassifyClaim(c), Refused: addr, Email: a.Email, Name: a.Name, Role: a.Role})
		}
	}
	return out, nil
}

// ThreadClaims returns the claims the lookups so far found through the
// message's thread: those a filing into them since tells nothing new.
func (r *DBRegistry) ThreadClaims() []int64 {
	var ids []int64
	for key, cs := range r.seen {
		if strings.HasPrefix(key, "thread\x00") {
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
		}
	}
	return ids
}

// OpenClaims implements classify.Registry.
func (r *DBRegistry) OpenClaims() []classify.Claim {
	switch {
	case r.open != nil:
	case r.cache != nil:
		open, err := r.cache.Open(r.ctx, r.office)
		if err != nil && r.Err == nil {
			r.Err = err
		}
		r.open = open
	default:
		r.open = r.claims(r.db.OpenClaims(r.ctx, r.office))
	}
	return r.open
}

// Prefetch implements classify.Prefetcher: the open claims (unless the
// cache gives them) and the answers to every lookup of numbers and thread
// Message-IDs come in one round trip.
// When it fails, each lookup asks on its own, and keeps its own error.
func (r *DBRegistry) Prefetch(numbers, threadIDs []string) {
	l, err := r.db.ClaimLookupsOf(r.ctx, r.office, numbers, threadIDs, r.cache == nil)
	if err != nil {
		return
	}
	if r.cache == nil {
		r.open = l.Open
	}
	for _, n := range numbers {
		r.keep("job\x00"+n, nonNil(l.ByJob[n]))
		r.keep("claim\x00"+n, nonNil(l.ByClaim[n]))
		r.keep("policy\x00"+n, nonNil(l.ByPolicy[n]))
		r.keep("file\x00"+n, nonNil(l.ByFile[n]))
	}
	for _, id := range threadIDs {
		r.keep("thread\x00"+id, nonNil(l.ByThread[id]))
	}
}

// nonNil is cs, or an empty list for none: what a lookup one at a time
// answers.
func nonNil(cs []classify.Claim) []classify.Claim {
	if cs == nil {
		return []classify.Claim{}
	}
	return cs
}

// ClassifyClaim is a stored claim as the classifier sees it.
func ClassifyClaim(c storage.Claim) classify.Claim {
	return classify.Claim{
		ID: c.ID, JobNumber: c.JobNumber, ClaimNumber: c.ClaimNumber, PolicyNumber: c.PolicyNumber,
		Carrier: c.Carrier, InsuredName: c.InsuredName, LossAddress: c.LossAddress,
		AdjusterName: c.AdjusterName, AdjusterEmail: c.AdjusterEmail, Open: c.Status == "open",
		FileNumber: c.AdjusterFileNumber,
	}
}
