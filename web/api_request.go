package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// maxJSONBody bounds the JSON a client may post: the API's bodies are a
// few fields.
const maxJSONBody = 1 << 20

// decodeJSON reads r's body, one JSON object, into v. Unknown fields are
// refused, so that a misspelt field is an error rather than silently
// ignored.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return &httpError{status: http.StatusRequestEntityTooLarge, msg: "request body too large"}
		case errors.Is(err, io.EOF):
			return badRequest("want a JSON object in the request body")
		}
		return badRequest("invalid JSON body: %s", err)
	}
	if dec.More() {
		return badRequest("invalid JSON body: want one object")
	}
	return nil
}

// readAction reads what an API action on one thing is given: the path's
// {id} and the JSON body. When either is wrong it has answered the client,
// and ok is false.
func readAction[T any](s *Server, w http.ResponseWriter, r *http.Request) (id int64, in T, ok bool) {
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeJSON(w, r, &in)
	}
	if err != nil {
		s.fail(w, r, err)
		return 0, in, false
	}
	return id, in, true
}

// pathID returns the path's {name} as a positive id.
func pathID(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("%s: want a positive number, got %q", name, v)
	}
	return id, nil
}

// idCursor is the position of lists ordered by id alone: the id of the
// last item of the page.
type idCursor int64

func (c idCursor) encode() string { return storage.NewCursor().Int64(int64(c)).String() }

func decodeIDCursor(s string) (idCursor, error) {
	r := storage.ReadCursor(s)
	id := r.Int64()
	if !r.Valid() || id <= 0 {
		return 0, errBadCursor
	}
	return idCursor(id), nil
}

// errBadCursor refuses a cursor the list did not hand out.
var errBadCursor = badRequest("invalid cursor: pass next_cursor back unchanged")

// limitParam reads the page size every list takes: def when q has none.
// A refused limit comes back as def, with the error.
func limitParam(q url.Values, def int) (int, error) {
	v := q.Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		return def, badRequest("limit: want a number from 1 to %d, got %q", maxLimit, v)
	}
	return n, nil
}

// pageParams reads the limit and cursor every list takes.
func pageParams(q url.Values) (limit int, after idCursor, err error) {
	if limit, err = limitParam(q, defaultLimit); err != nil {
		return 0, 0, err
	}
	if v := q.Get("cursor"); v != "" {
		if after, err = decodeIDCursor(v); err != nil {
			return 0, 0, err
		}
	}
	return limit, after, nil
}

// actorFrom names who a request acts for in audit trails: the signed-in
// person's email, or the API token's name.
func actorFrom(ctx context.Context) string {
	p, _ := ctx.Value(principalKey{}).(principal)
	switch {
	case p.session != nil:
		return p.session.User.Email
	case p.token != nil:
		return p.token.Name
	}
	return ""
}

// calendar is the configured business calendar; without one configured,
// the default hours in the configured time zone.
func (s *Server) calendar() *sla.Calendar {
	if s.opts.Calendar != nil {
		return s.opts.Calendar
	}
	return sla.NewCalendar(s.opts.Location, sla.Hours{})
}

// rulesOf returns the calendar and milestone deadlines office counts by.
func (s *Server) rulesOf(office int64) sla.OfficeRules {
	if s.opts.Offices != nil {
		return s.opts.Offices.For(office)
	}
	return s.configuredRules()
}

// zoneOf is office's time zone: the clock its people type times on, and
// read them on.
func (s *Server) zoneOf(office int64) *time.Location {
	return s.rulesOf(office).Calendar.Location()
}

// configuredRules returns the calendar and milestone deadlines of the
// configuration, which an office follows in what it does not set.
func (s *Server) configuredRules() sla.OfficeRules {
	if s.opts.Offices != nil {
		return s.opts.Offices.Defaults()
	}
	return sla.OfficeRules{Calendar: s.calendar(), Milestones: s.opts.Milestones}
}

// ackMinutes is the acknowledgment target in business minutes.
func (s *Server) ackMinutes() int {
	return cmp.Or(s.opts.AckMinutes, sla.DefaultAckMinutes)
}
