package ingest

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// OpenClaimsCache keeps the open claims of every office, which the
// classifier's weak signals compare every message with. Each read brings
// it up to date with the claims changed since the last
// (storage.ClaimsChangedSince: a look-up by index that mostly finds
// nothing) instead of reading every open claim of the office: thousands,
// in a large office, at every message. A read sees what was committed
// before it, as a read of the table would.
type OpenClaimsCache struct {
	db   *storage.DB
	mu   sync.Mutex
	read *sync.Cond // signalled when a read of the changes ends
	// Reads of the changes run one at a time, outside mu; started and done
	// count them, and reading says one is running.
	started, done uint64
	reading       bool
	// xmin is the last read's snapshot xmin; 0 before the first read.
	xmin   uint64
	office map[int64]int64                    // open claim → its office
	open   map[int64]map[int64]classify.Claim // office → its open claims by id
	sorted map[int64][]classify.Claim         // office → its open claims in id order, once asked
}

// NewOpenClaimsCache returns an empty cache of db's open claims.
func NewOpenClaimsCache(db *storage.DB) *OpenClaimsCache {
	c := &OpenClaimsCache{db: db}
	c.read = sync.NewCond(&c.mu)
	return c
}

// Open returns the open claims of office in id order, as committed when it
// was called: it waits for a read of the changes that began after the
// call, and begins it when none is running. Calls that arrive while one
// runs share the next. The slice is shared: callers must not change it.
func (c *OpenClaimsCache) Open(ctx context.Context, office int64) ([]classify.Claim, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for need := c.started + 1; c.done < need; {
		if c.reading {
			c.read.Wait()
			continue
		}
		if err := c.readChanges(ctx); err != nil {
			return nil, err
		}
	}
	if s, ok := c.sorted[office]; ok {
		return s, nil
	}
	s := slices.SortedFunc(maps.Values(c.open[office]), func(a, b classify.Claim) int { return cmp.Compare(a.ID, b.ID) })
	if s == nil {
		s = []classify.Claim{}
	}
	c.sorted[office] = s
	return s, nil
}

// readChanges reads the claims changed since the last read, with mu
// unlocked meanwhile, and applies them. c.mu is held when it is called and
// when it returns.
func (c *OpenClaimsCache) readChanges(ctx context.Context) error {
	c.reading = true
	c.started++
	since := c.xmin
	c.mu.Unlock()
	changes, err := c.db.ClaimsChangedSince(ctx, since)
	if err == nil && since > 0 && changes.Xmin < since {
		// The database's transactions went back: it was restored, or
		// failed over to a standby that missed the last ones. Its changes
		// carry ids below since from now on: read every open claim again.
		since = 0
		changes, err = c.db.ClaimsChangedSince(ctx, 0)
	}
	c.mu.Lock()
	c.reading = false
	defer c.read.Broadcast()
	if err != nil {
		return err
	}
	if since == 0 {
		c.office, c.open, c.sorted = map[int64]int64{}, map[int64]map[int64]classify.Claim{}, map[int64][]classify.Claim{}
	}
	for _, cl := range changes.Claims {
		c.apply(cl)
	}
	c.xmin = changes.Xmin
	c.done = c.started
	return nil
}

// apply records cl as it is now: open in its office, or gone from the
// open claims (closed, or moved from the office it was in).
func (c *OpenClaimsCache) apply(cl storage.OfficeClaim) {
	if was, ok := c.office[cl.ID]; ok {
		if cl.Open && was == cl.Office && c.open[was][cl.ID] == cl.Claim {
			// Read again unchanged, as while a long transaction holds the
			// snapshots' xmin back: the office's sorted list stands.
			return
		}
		delete(c.open[was], cl.ID)
		delete(c.office, cl.ID)
		delete(c.sorted, was)
	}
	if !cl.Open {
		return
	}
	if c.open[cl.Office] == nil {
		c.open[cl.Office] = map[int64]classify.Claim{}
	}
	c.open[cl.Office][cl.ID] = cl.Claim
	c.office[cl.ID] = cl.Office
	delete(c.sorted, cl.Office)
}
