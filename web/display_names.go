package web

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// displayNames name the people pages say did something: what the rows
// keep is the sign-in email (stable, unique), what a coordinator reads is
// the person's name. Users are few and change seldom, so their names are
// read all at once and kept a little while; a change made here is seen at
// once (forget), one made by another process within displayNamesFor.
type displayNames struct {
	db     *storage.DB
	mu     sync.Mutex
	loaded time.Time
	names  map[string]string // by lower-case email
}

const displayNamesFor = 30 * time.Second

// of returns the name of the user who signs in as who, or who itself: an
// address of nobody's, or a word ("automatic", "email").
func (d *displayNames) of(who string) string {
	if !strings.Contains(who, "@") {
		return who
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.names == nil || time.Since(d.loaded) > displayNamesFor {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		names, err := d.db.AllUserNames(ctx)
		cancel()
		if err != nil {
			// The addresses say it as well; a page of rows does not ask a
			// database that is away once a row.
			names = map[string]string{}
		}
		d.names, d.loaded = names, time.Now()
	}
	if name := d.names[strings.ToLower(who)]; name != "" {
		return name
	}
	return who
}

// forget drops the names read, after a user is added, renamed or removed.
func (d *displayNames) forget() {
	d.mu.Lock()
	d.names = nil
	d.mu.Unlock()
}
