package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// Timings of the change feed.
const (
	// eventsPing keeps idle streams open through proxies that close quiet
	// connections (often after 30 or 60 seconds).
	eventsPing = 25 * time.Second
	// eventsLinger keeps the database connection listening this long after
	// the last dashboard closed: moving from page to page closes and opens
	// the stream each time, and a new connection per page view would cost
	// more than an idle one.
	eventsLinger = time.Minute
	// eventsRetry is how soon a browser reconnects a lost stream.
	eventsRetry = 3 * time.Second
	// Reconnects to the database back off from the first delay to the
	// last.
	eventsBackoffFirst = 500 * time.Millisecond
	eventsBackoffMax   = 30 * time.Second
)

// eventHub fans the database's change notifications out to the open
// dashboards: the triggers of migration 00006 notify storage.ChangesChannel
// when anything the dashboard shows changes, and the SLA sweep when time
// alone moved a deadline. It listens on a connection of its own (LISTEN
// holds its connection for as long as it listens, which a pooled one must
// not do), only while someone watches.
type eventHub struct {
	db  *storage.DB
	log *slog.Logger

	mu     sync.Mutex
	subs   map[chan struct{}]storage.Offices // each stream and the offices it may see
	ready  chan struct{}                     // closed while the connection listens
	stop   context.CancelFunc                // ends the listener; nil when none runs
	gen    int                               // the running listener's number: a stopped one must not touch ready
	linger *time.Timer
	closed bool
	done   chan struct{} // closed at shutdown: every stream ends
}

func newEventHub(db *storage.DB, log *slog.Logger) *eventHub {
	return &eventHub{
		db:    db,
		log:   log,
		subs:  map[chan struct{}]storage.Offices{},
		ready: make(chan struct{}),
		done:  make(chan struct{}),
	}
}

// subscribe returns a channel that receives a value after changes of the
// offices (many changes may come as one), and one that is closed once the
// database connection listens: changes from then on are seen.
func (h *eventHub) subscribe(offices storage.Offices) (changes chan struct{}, ready <-chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	changes = make(chan struct{}, 1)
	h.subs[changes] = offices
	if h.linger != nil {
		h.linger.Stop()
		h.linger = nil
	}
	if h.stop == nil && !h.closed {
		ctx, cancel := context.WithCancel(context.Background())
		h.stop = cancel
		h.gen++
		go h.listen(ctx, h.gen)
	}
	return changes, h.ready
}

// unsubscribe forgets changes; the listener stops a while after the last
// subscriber left.
func (h *eventHub) unsubscribe(changes chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, changes)
	if len(h.subs) == 0 && h.stop != nil && h.linger == nil {
		h.linger = time.AfterFunc(eventsLinger, h.stopIfIdle)
	}
}

func (h *eventHub) stopIfIdle() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.linger = nil
	if len(h.subs) == 0 && h.stop != nil {
		h.stop()
		h.stop = nil
		// Whoever subscribes next waits for the next listener.
		select {
		case <-h.ready:
			h.ready = make(chan struct{})
		default:
		}
	}
}

// close ends every stream and the listener, for shutdown: open streams
// would otherwise keep the server from stopping.
func (h *eventHub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	if h.linger != nil {
		h.linger.Stop()
		h.linger = nil
	}
	if h.stop != nil {
		h.stop()
		h.stop = nil
	}
}

// broadcast wakes the subscribers who may see the office a notification's
// payload names ("table:office"), or every subscriber when it names none;
// one already woken stays so.
func (h *eventHub) broadcast(payload string) {
	_, after, named := strings.Cut(payload, ":")
	office, err := strconv.ParseInt(after, 10, 64)
	named = named && err == nil
	h.mu.Lock()
	defer h.mu.Unlock()
	for c, offices := range h.subs {
		if named && !offices.Contains(office) {
			continue
		}
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// setListening records whether listener gen's connection listens. Losing
// it makes a new ready channel, so that a stream opened meanwhile waits for
// the next connection.
func (h *eventHub) setListening(gen int, on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if gen != h.gen {
		return // stopped, and another listener may run already
	}
	select {
	case <-h.ready:
		if !on {
			h.ready = make(chan struct{})
		}
	default:
		if on {
			close(h.ready)
		}
	}
}

// listen keeps a listening connection until ctx ends, reconnecting with
// backoff when the database goes away.
func (h *eventHub) listen(ctx context.Context, gen int) {
	backoff := eventsBackoffFirst
	for connected := false; ; {
		listened, err := h.listenOnce(ctx, gen, connected)
		h.setListening(gen, false)
		if ctx.Err() != nil {
			return
		}
		if listened {
			connected, backoff = true, eventsBackoffFirst
		}
		h.log.Warn("dashboard change feed lost; reconnecting", "err", err, "retry_in", backoff)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		backoff = min(2*backoff, eventsBackoffMax)
	}
}

// listenOnce listens and broadcasts notifications until the connection
// fails or ctx ends. listened reports whether it got as far as listening.
// After a reconnect, everyone is told that things changed: the
// notifications sent while nobody listened are lost.
func (h *eventHub) listenOnce(ctx context.Context, gen int, reconnect bool) (listened bool, err error) {
	err = h.db.Listen(ctx, storage.ChangesChannel, func(payload string) {
		if !listened {
			listened = true
			h.setListening(gen, true)
			if !reconnect {
				return
			}
		}
		h.broadcast(payload)
	})
	return listened, err
}

// handleEvents streams Server-Sent Events to a dashboard page: "ready" once
// changes are being watched, then "change" whenever the database changed.
// The page fetches what it shows again; the events carry no data, so that
// nothing is ever shown that the page's own request would not show, and
// come only for changes of the caller's offices.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	// Only EventSource asks for this; anything else reading the stream
	// would wait forever for its end.
	if !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		s.fail(w, r, &httpError{status: http.StatusNotAcceptable, msg: "this address streams events to the dashboard (Accept: text/event-stream)"})
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives any write timeout
	changes, ready := s.events.subscribe(scopeFrom(r.Context()).offices())
	defer s.events.unsubscribe(changes)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx would hold events back otherwise
	w.WriteHeader(http.StatusOK)
	send := func(format string, args ...any) bool {
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: %d\n\n", eventsRetry.Milliseconds()) {
		return
	}
	ctx := r.Context()
	select {
	case <-ready:
	case <-ctx.Done():
		return
	case <-s.events.done:
		return
	}
	if !send("event: ready\ndata: {}\n\n") {
		return
	}
	ping := time.NewTicker(eventsPing)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.events.done:
			return
		case <-changes:
			if !send("event: change\ndata: {}\n\n") {
				return
			}
		case <-ping.C:
			if !send(": ping\n\n") {
				return
			}
		}
	}
}
