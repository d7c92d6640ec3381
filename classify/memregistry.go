package classify

import (
	"slices"
	"strings"
	"sync"
)

// MemRegistry is a Registry held in memory, for the offline classifier and
// tests. It is safe for concurrent use.
type MemRegistry struct {
	mu     sync.RWMutex
	claims []Claim
	nextID int64
	// threads maps a Message-ID to the claims of the messages filed under
	// it: several different messages can share one (copiers, scanners and
	// bulk senders reuse them), as in the pipeline's registry.
	threads map[string][]int64
}

var _ Registry = (*MemRegistry)(nil)

// NewMemRegistry returns a registry holding claims. Claims without an ID get
// one.
func NewMemRegistry(claims ...Claim) *MemRegistry {
	r := &MemRegistry{threads: map[string][]int64{}}
	for _, c := range claims {
		r.Add(c)
	}
	return r
}

// Add stores a claim, or replaces the claim with the same ID, and returns it
// with its ID.
func (r *MemRegistry) Add(c Claim) Claim {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c.ID == 0 {
		r.nextID++
		c.ID = r.nextID
	} else if c.ID > r.nextID {
		r.nextID = c.ID
	}
	for i := range r.claims {
		if r.claims[i].ID == c.ID {
			r.claims[i] = c
			return c
		}
	}
	r.claims = append(r.claims, c)
	return c
}

// Claim returns the claim with the given ID.
func (r *MemRegistry) Claim(id int64) (Claim, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return claimByID(r.claims, id)
}

// Claims returns every claim, in the order added.
func (r *MemRegistry) Claims() []Claim {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]Claim(nil), r.claims...)
}

// FileMessage records that the message with this Message-ID was filed to a
// claim, so that replies to it find the claim through ByThread. Messages
// sharing a Message-ID filed to different claims make replies to it point
// at each of them.
func (r *MemRegistry) FileMessage(messageID string, claimID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if k := messageIDKey(messageID); k != "" && !slices.Contains(r.threads[k], claimID) {
		r.threads[k] = append(r.threads[k], claimID)
	}
}

// messageIDKey is the comparable form of a Message-ID: without brackets and
// surrounding space.
func messageIDKey(id string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(id), "<>"))
}

func (r *MemRegistry) by(norm string, field func(Claim) string) []Claim {
	if norm == "" {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Claim
	for _, c := range r.claims {
		if Normalize(field(c)) == norm {
			out = append(out, c)
		}
	}
	return out
}

// ByJobNumber implements Registry.
func (r *MemRegistry) ByJobNumber(norm string) []Claim {
	return r.by(norm, func(c Claim) string { return c.JobNumber })
}

// ByClaimNumber implements Registry.
func (r *MemRegistry) ByClaimNumber(norm string) []Claim {
	return r.by(norm, func(c Claim) string { return c.ClaimNumber })
}

// ByPolicyNumber implements Registry.
func (r *MemRegistry) ByPolicyNumber(norm string) []Claim {
	return r.by(norm, func(c Claim) string { return c.PolicyNumber })
}

// ByFileNumber implements Registry.
func (r *MemRegistry) ByFileNumber(norm string) []Claim {
	return r.by(norm, func(c Claim) string { return c.FileNumber })
}

// ByThread implements Registry.
func (r *MemRegistry) ByThread(messageIDs []string) []Claim {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Claim
	seen := map[int64]bool{}
	for _, id := range messageIDs {
		for _, cid := range r.threads[messageIDKey(id)] {
			if seen[cid] {
				continue
			}
			if c, ok := claimByID(r.claims, cid); ok {
				seen[cid] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// OpenClaims implements Registry.
func (r *MemRegistry) OpenClaims() []Claim {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Claim
	for _, c := range r.claims {
		if c.Open {
			out = append(out, c)
		}
	}
	return out
}
