package blob

import (
	"os"
	"sync"
	"syscall"
	"time"
)

const (
	// ctimeMargin is how much older than the start of a directory's flush
	// an entry's ctime must be for the flush to count as covering it. It
	// spans the filesystem's timestamp granularity (a second on ext4 with
	// small inodes, two on FAT) and the coarse clock timestamps are read
	// from (a tick behind), with room for the rename that stamped the
	// entry to finish.
	ctimeMargin = 3 * time.Second
	// maxClockStep is how far this machine's wall clock may have moved
	// against its monotonic clock since a flush began before the flush's
	// start time is no longer trusted against ctimes.
	maxClockStep = 500 * time.Millisecond
	// idleDir is how long a directory's flush state is kept unused; the
	// store has few content directories but claims' browse folders are
	// many. Forgetting costs at most one more flush.
	idleDir = time.Minute
	// recentFor is how long an entry this store made or found is
	// remembered by name: past it, its ctime shows a flush begun since
	// ctimeMargin after it to cover it.
	recentFor = 2 * ctimeMargin
	// maxRecent bounds the entries remembered in one directory.
	maxRecent = 4096
)

// dirSyncer flushes directories for the writers of one store. A writer
// notes each entry it makes, or finds and counts on, and gets a
// generation; a flush covers every generation noted before it began. So
// writers flushing one directory at once share one fsync, and a writer
// whose entry came after a running flush began waits for at most one
// more.
type dirSyncer struct {
	mu sync.Mutex
	// gen counts the entries noted so far in all directories: one count
	// for the store, so that a directory's state can be forgotten and
	// made anew without a writer waiting for a count it never reaches.
	gen       uint64
	dirs      map[string]*dirState
	lastSweep time.Time
	now       func() time.Time // time.Now but in tests
}

// dirState is what the store knows of one directory's flushes.
type dirState struct {
	covered uint64    // the generation the last completed flush covers
	began   time.Time // when that flush began, with the monotonic reading
	flight  *dirFlight
	recent  map[string]recentEntry // entries noted by name
	used    time.Time
}

// dirFlight is one running flush of a directory.
type dirFlight struct {
	gen  uint64 // the generation noted when it began: it covers up to it
	done chan struct{}
	err  error
}

// recentEntry is an entry this store made or found: which file it was,
// and its generation.
type recentEntry struct {
	gen   uint64
	ino   uint64
	ctime syscall.Timespec
	at    time.Time
}

func newDirSyncer() *dirSyncer {
	return &dirSyncer{dirs: map[string]*dirState{}, now: time.Now}
}

// note records an entry made or found in dir and returns its generation.
// info, when known, is the entry's file, remembered under name so that
// finding it again after a flush costs none.
func (d *dirSyncer) note(dir, name string, info os.FileInfo) uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	st := d.state(dir)
	if e, ok := entryOf(info); ok && name != "" {
		if len(st.recent) >= maxRecent {
			clear(st.recent) // forgetting costs flushes, never safety
		}
		e.gen, e.at = d.gen, d.now()
		st.recent[name] = e
	}
	return d.gen
}

// sync returns once a flush of dir that began after generation gen was
// noted has completed: a running one that began later, or a new one.
func (d *dirSyncer) sync(dir string, gen uint64) error {
	for {
		d.mu.Lock()
		st := d.state(dir)
		if st.covered >= gen {
			d.mu.Unlock()
			return nil
		}
		f := st.flight
		if f == nil {
			f = &dirFlight{gen: d.gen, done: make(chan struct{})}
			st.flight = f
			d.mu.Unlock()
			d.fly(dir, st, f)
			return f.err
		}
		d.mu.Unlock()
		<-f.done
		if f.gen >= gen {
			return f.err
		}
		// It began before our entry was noted: the next one covers it.
	}
}

// fly runs the flush f of dir and records what it covers.
func (d *dirSyncer) fly(dir string, st *dirState, f *dirFlight) {
	began := d.now()
	f.err = syncDir(dir)
	d.mu.Lock()
	if f.err == nil && f.gen > st.covered {
		st.covered, st.began = f.gen, began
	}
	st.flight = nil
	d.mu.Unlock()
	close(f.done)
}

// covers reports whether the entry name in dir, found as info, is known
// to be on disk: a flush of dir that began after the entry was made has
// completed. An entry this store noted is known exactly, by generation.
// Of any other, another process' or one noted too long ago, only its
// ctime tells when it was made (a rename or a link sets it): a flush
// that began more than ctimeMargin after the entry's ctime covers it,
// as no entry made after the flush began is stamped earlier than that
// margin allows, unless the clock stepped back, which the monotonic clock
// shows. The rule assumes a local filesystem, whose clock is this
// machine's: a network filesystem stamps with its server's clock, which
// may run behind (NFS at least commits a directory's changes before it
// replies, so there a flush adds nothing anyway).
//
// An entry noted is known by its inode and ctime, which tell a file
// removed and made again at the same name apart only while timestamps
// are finer than a second: on a filesystem with whole-second timestamps
// (nanoseconds always zero) the ctime rule decides.
func (d *dirSyncer) covers(dir, name string, info os.FileInfo) bool {
	e, ok := entryOf(info)
	if !ok {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.dirs[dir]
	if st == nil || st.covered == 0 {
		return false
	}
	now := d.now()
	st.used = now
	if r, ok := st.recent[name]; ok && e.ctime.Nsec != 0 && r.ino == e.ino && r.ctime == e.ctime {
		return st.covered >= r.gen
	}
	ctime := time.Unix(e.ctime.Unix())
	return ctime.Before(st.began.Add(-ctimeMargin)) && clockSteady(st.began, now)
}

// clockSteady reports whether the wall clock kept pace with the monotonic
// clock from since to now.
func clockSteady(since, now time.Time) bool {
	step := now.Round(0).Sub(since.Round(0)) - now.Sub(since)
	return step.Abs() < maxClockStep
}

// state returns dir's state, made when missing; d.mu is held.
func (d *dirSyncer) state(dir string) *dirState {
	now := d.now()
	if now.Sub(d.lastSweep) > idleDir/4 {
		d.sweep(now)
	}
	st := d.dirs[dir]
	if st == nil {
		st = &dirState{recent: map[string]recentEntry{}}
		d.dirs[dir] = st
	}
	st.used = now
	return st
}

// sweep forgets idle directories and entries remembered for long enough.
func (d *dirSyncer) sweep(now time.Time) {
	d.lastSweep = now
	for dir, st := range d.dirs {
		if st.flight == nil && now.Sub(st.used) > idleDir {
			delete(d.dirs, dir)
			continue
		}
		for name, e := range st.recent {
			if now.Sub(e.at) > recentFor {
				delete(st.recent, name)
			}
		}
	}
}

// entryOf is the file info names, as remembered.
func entryOf(info os.FileInfo) (recentEntry, bool) {
	if info == nil {
		return recentEntry{}, false
	}
	sys, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return recentEntry{}, false
	}
	return recentEntry{ino: sys.Ino, ctime: sys.Ctim}, true
}
