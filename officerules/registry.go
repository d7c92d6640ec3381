package officerules

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// changesChannel is where the database announces a change of an office's
// settings (migration 00034).
const changesChannel = "claimdesk_offices"

// Registry holds the rules of every office. Its methods are safe for
// concurrent use.
type Registry struct {
	db  *storage.DB
	def sla.OfficeRules
	log *slog.Logger

	mu      sync.RWMutex
	offices map[int64]sla.OfficeRules
	list    []storage.Office // as read by the last reload
	// reloaded, when set, is called after each reload: tests wait on it.
	reloaded func()
}

// New returns a registry whose offices count by def, the configured rules,
// until Reload reads theirs from db.
func New(db *storage.DB, def sla.OfficeRules, log *slog.Logger) *Registry {
	return &Registry{db: db, def: def, log: log}
}

// Load returns a registry holding the rules of db's offices.
func Load(ctx context.Context, db *storage.DB, def sla.OfficeRules, log *slog.Logger) (*Registry, error) {
	r := New(db, def, log)
	return r, r.Reload(ctx)
}

// For returns the rules office counts by; an office the registry does not
// know (made since its last reload) counts by the configured ones.
func (r *Registry) For(office int64) sla.OfficeRules {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if o, ok := r.offices[office]; ok {
		return o
	}
	return r.def
}

// Offices returns every office as the last reload read it, the default
// one first: processing finds a message's office here rather than ask the
// database for every message. The slice is shared: callers must not
// change it.
func (r *Registry) Offices() []storage.Office {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.list
}

// Defaults returns the configured rules.
func (r *Registry) Defaults() sla.OfficeRules { return r.def }

// AlertRules returns the rules claims' alerts are worked out with: the
// configured ones, and those of the offices that have their own.
func (r *Registry) AlertRules() storage.AlertRules {
	r.mu.RLock()
	defer r.mu.RUnlock()
	own := map[int64]sla.OfficeRules{}
	for id, o := range r.offices {
		if o != r.def {
			own[id] = o
		}
	}
	return storage.AlertRules{Calendar: r.def.Calendar, Milestones: r.def.Milestones, Offices: own}
}

// Reload reads every office and its settings again. An office whose stored
// settings are wrong (they are checked before they are stored, so only a
// hand-edited row) counts by the configured rules, with a warning.
func (r *Registry) Reload(ctx context.Context) error {
	offices, err := r.db.ListOffices(ctx)
	if err != nil {
		return err
	}
	rules := make(map[int64]sla.OfficeRules, len(offices))
	for _, o := range offices {
		built, err := Build(o, r.def)
		if err != nil {
			r.log.Warn("office settings are wrong: the office counts by the configured calendar and milestones",
				"office", o.Slug, "err", err)
			built = r.def
		}
		rules[o.ID] = built
	}
	r.mu.Lock()
	r.offices, r.list = rules, offices
	r.mu.Unlock()
	if r.reloaded != nil {
		r.reloaded()
	}
	return nil
}

// retryListen is how long Watch waits before listening again after the
// connection failed.
const retryListen = 5 * time.Second

// Watch reloads the registry whenever an office's settings change, until
// ctx ends. It catches up on what changed while it was not listening
// each time it starts listening.
func (r *Registry) Watch(ctx context.Context) {
	for {
		err := r.db.Listen(ctx, changesChannel, func(string) {
			if err := r.Reload(ctx); err != nil && ctx.Err() == nil {
				r.log.Warn("reload office settings", "err", err)
			}
		})
		if ctx.Err() != nil {
			return
		}
		r.log.Warn("listen for office changes; listening again shortly", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(retryListen):
		}
	}
}
